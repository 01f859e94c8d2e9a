"""Settings shared by every environment; test.py and production.py only override.

Every value that differs between machines comes from the environment (see README,
"Configuration"), read through config.env so that a malformed value stops start-up.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from csp.constants import SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_database, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "axes",
    "csp",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    # Our apps, bottom to top (README, "Architecture"; import-linter keeps the order):
    # helpers and the document layer, the registry, the cycle's apps in the order of the
    # year, then the pages built on all of them and the demo data.
    "core",
    "documents",
    "clusters",
    "members",
    "campaigns",
    "reports",
    "scoring",
    "voting",
    "awards",
    "dashboards",
    "jobs",
    "portal",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    "core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session passed a second factor (django-otp)?
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Two-factor sign-in: no page until the second factor is passed or, where it is
    # required, enrolled (members/middleware.py).
    "members.middleware.TwoFactorMiddleware",
    # Axes must be last: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id first (members/hashers.py says why); PBKDF2 still checks older hashes.
PASSWORD_HASHERS = [
    "members.hashers.OwaspArgon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # invitations use the reset link: give three days

# The client's address (core.http.client_address): how many reverse proxies in front of the
# portal append to X-Forwarded-For. 0 = reached directly, the header is ignored (a client can
# write anything in it); deploy/ sets 1 for the shipped nginx.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)

# Login throttling (django-axes): lock a username+address pair after repeated failures, the
# address being the real client's (behind the proxy every client would otherwise share the
# proxy's address, and five wrong passwords from anywhere would lock the user out).
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.http.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Every failed login is kept (not only the running count) for the "recent sign-ins" list on
# the account security page; successful ones are in axes' AccessLog.
AXES_ENABLE_ACCESS_FAILURE_LOG = True

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# Uploads: refuse oversized requests before they reach a view; each upload form
# also checks its own limit and the file's real type.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 10, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ThiĐua <no-reply@thidua.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy: everything is served from our own origin; no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = True

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# File jobs (jobs app): a running job writes a heartbeat this often; a job silent for longer
# than the stale limit lost its worker (killed, machine gone) and is queued again, at most
# JOBS_MAX_ATTEMPTS times in all.
JOBS_HEARTBEAT_SECONDS = env_int("JOBS_HEARTBEAT_SECONDS", 10, minimum=1)
JOBS_STALE_AFTER_SECONDS = env_int("JOBS_STALE_AFTER_SECONDS", 60, minimum=2)
JOBS_MAX_ATTEMPTS = env_int("JOBS_MAX_ATTEMPTS", 3, minimum=1)
if JOBS_STALE_AFTER_SECONDS < 2 * JOBS_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured("JOBS_STALE_AFTER_SECONDS must be at least twice "
                               "JOBS_HEARTBEAT_SECONDS, or a slow heartbeat looks like a "
                               "dead worker.")

AUDITLOG_INCLUDE_ALL_MODELS = False

# The emulation year a page opens on when none is chosen; empty means the calendar year.
PORTAL_CURRENT_YEAR = env_int("PORTAL_CURRENT_YEAR", 0, minimum=0)
PORTAL_YEAR_MIN = 2000
PORTAL_YEAR_MAX = 2100
REGISTRY_IMPORT_MAX_ROWS = env_int("REGISTRY_IMPORT_MAX_ROWS", 50000, minimum=1)
SCORING_TABLE_MAX_ROWS = env_int("SCORING_TABLE_MAX_ROWS", 2000, minimum=1)
# An uploaded .xlsx whose parts would expand beyond this is refused before it is parsed
# (core.spreadsheets.check_xlsx_archive). A 50,000-row registry file written by openpyxl
# holds ~35 MB of XML; Excel's shared strings make it smaller.
SPREADSHEET_MAX_UNCOMPRESSED_MB = env_int("SPREADSHEET_MAX_UNCOMPRESSED_MB", 50, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"},
                "django_tasks": {"level": "WARNING"},
                # One INFO line per login ("Cleaned up 0 expired access attempts…").
                "axes": {"level": "WARNING"}},
}

# Absolute links in e-mails (invitations, reminders) start with this address.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Signed records (issue 15, documents/signing.py). Issued PDFs are signed (PAdES) with the
# organisation certificate in SIGNING_PKCS12 (password in SIGNING_PKCS12_PASSWORD); without one,
# with the test PKI made at set-up in SIGNING_PKI_DIR (outside git; `manage.py signing_pki`).
SIGNING_PKI_DIR = Path(env_str("SIGNING_PKI_DIR", str(BASE_DIR / "var" / "pki")))
SIGNING_PKCS12 = env_str("SIGNING_PKCS12", "")
SIGNING_PKCS12_PASSWORD = env_str("SIGNING_PKCS12_PASSWORD", "")
# Key (Fernet, `python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key()
# .decode())"`) that encrypts the organisation seals (PKCS#12) the secretariat uploads; empty:
# uploading a seal is refused. Keep it out of the database and its backups.
SIGNING_SEAL_KEY = env_str("SIGNING_SEAL_KEY", "")
# An RFC 3161 time-stamp authority; without one the stamp says the time is the server's.
SIGNING_TSA_URL = env_str("SIGNING_TSA_URL", "")
# The QR code on every issued document points to SITE_URL/verify/<token>.
SITE_URL = env_str("SITE_URL", PORTAL_BASE_URL).rstrip("/")
# Requests per minute and client address to the public verify page (core/ratelimit.py).
VERIFY_RATE_PER_MINUTE = env_int("VERIFY_RATE_PER_MINUTE", 30, minimum=1)

# Two-factor sign-in (members/twofactor.py). TOTP codes are throttled by django-otp: each
# wrong code doubles the wait before the next try.
OTP_TOTP_ISSUER = "ThiĐua"
# Passkeys (django-otp-webauthn) as a second factor only: a passkey never replaces the
# password, so django-axes sees every sign-in. The relying party is the portal's host name.
# Browsers refuse passkeys on an IP address and on plain http other than localhost: in
# development they work at http://localhost:8000.
_portal = urlsplit(PORTAL_BASE_URL)
_passkey_origin = (f"https://{_portal.netloc}" if _portal.scheme == "https"
                   else f"http://localhost:{_portal.port or 80}")
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_NAME = "ThiĐua"
OTP_WEBAUTHN_RP_ID = env_str("WEBAUTHN_RP_ID", urlsplit(_passkey_origin).hostname)
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("WEBAUTHN_ALLOWED_ORIGINS", [_passkey_origin])
