"""Production: secrets are required, HTTPS everywhere, HSTS, secure cookies."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_int, env_list, env_str

SECRET_KEY = env_str("SECRET_KEY")
if SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters.")
DEBUG = env_bool("DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be false in production.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

# Persistent connections: each gunicorn worker (one request at a time) keeps its connection
# for DB_CONN_MAX_AGE seconds instead of opening one per request; the health check makes a
# worker notice a connection that died with a PostgreSQL restart and open a new one.
# Several app servers: put PgBouncer (transaction mode) in front of PostgreSQL, see
# docs/deployment.md.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60, minimum=0)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
# Behind PgBouncer in transaction mode a server-side cursor may land on another connection.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(  # noqa: F405
    "DB_DISABLE_SERVER_SIDE_CURSORS", False)

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Only `make serve-prod` on the loopback turns these off (plain HTTP, no proxy in front).
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
