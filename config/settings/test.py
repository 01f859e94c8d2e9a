"""Test settings: fast hashing, mail in memory, tasks run at once, no throttling.

Tests that exercise throttling switch AXES_ENABLED back on themselves.
"""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
AXES_ENABLED = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
# Static files in tests come from the finders (pytest-django's live server serves them);
# WhiteNoise would only warn that no collected static directory exists.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# The test PKI is made once and kept between runs (documents/pki.py is idempotent): signing
# every issued document then costs milliseconds, not a key generation.
SIGNING_PKI_DIR = BASE_DIR / "var" / "test-pki"  # noqa: F405
SIGNING_PKCS12 = ""
SIGNING_TSA_URL = ""
# The verify page's limit counts every request of the session from 127.0.0.1; the test of
# the limit lowers it (tests/reports/test_verify_page.py).
VERIFY_RATE_PER_MINUTE = 100000
SIGNING_SEAL_KEY = "x0Yv1h0q1cS7KX4y2uQ3w5s6d7f8g9h0j1k2l3m4n5o="  # a test-only Fernet key
