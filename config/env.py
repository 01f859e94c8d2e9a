"""Read settings from the environment, failing loudly on malformed values.

A typo in production configuration ("DEBUG=flase") must stop the process at start-up,
not silently fall back to a default.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_UNSET = object()


def _raw(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        if default is _UNSET:
            raise ImproperlyConfigured(f"Environment variable {name} is required.")
        return None
    return value.strip()


def env_str(name, default=_UNSET):
    value = _raw(name, default)
    return default if value is None else value


def env_bool(name, default=_UNSET):
    value = _raw(name, default)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true/false, 1/0).")


def env_int(name, default=_UNSET, *, minimum=None):
    value = _raw(name, default)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def env_list(name, default=_UNSET):
    """Comma-separated list; empty items are an error (a stray comma is a typo)."""
    value = _raw(name, default)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(item == "" for item in items):
        raise ImproperlyConfigured(f"{name}={value!r} has an empty item.")
    return items


def env_database(name, default):
    """Parse a DATABASE_URL; only SQLite and PostgreSQL are supported."""
    url = env_str(name, default)
    try:
        config = dj_database_url.parse(url, conn_max_age=0)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is malformed: {error}") from None
    engine = config.get("ENGINE", "")
    if engine not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
        raise ImproperlyConfigured(f"{name}: only sqlite:// and postgres:// are supported.")
    return config
