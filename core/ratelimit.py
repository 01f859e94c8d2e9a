"""A fixed-window request limit per client address for public pages (no login to throttle
on, unlike sign-in, which django-axes guards). Counts live in Django's cache: with several
app servers, configure a shared cache so that they count together."""

from django.core.cache import cache

from core.http import client_address


def rate_limited(request, scope, *, limit, window=60):
    """True once this client made more than `limit` requests to `scope` in the window."""
    key = f"ratelimit:{scope}:{client_address(request)}"
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return False
    return count > limit
