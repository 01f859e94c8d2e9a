from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect

from members import twofactor

# Pages a signed-in person reaches before the second factor: signing in and out, the
# language switch, the health check, and the two-factor pages themselves.
ALWAYS_ALLOWED = {"login", "logout", "set_language", "health"}
# Passing the second factor: the code form and the passkey ceremony.
VERIFY_ALLOWED = {"twofactor:verify", "otp_webauthn:credential-authentication-begin",
                  "otp_webauthn:credential-authentication-complete",
                  "otp_webauthn:js-i18n-catalog"}
# Enrolling a first factor when it is required (recovery codes come after one).
ENROL_ALLOWED = {"twofactor:security", "twofactor:totp_start", "twofactor:totp_confirm",
                 "otp_webauthn:credential-registration-begin",
                 "otp_webauthn:credential-registration-complete",
                 "otp_webauthn:js-i18n-catalog"}


class TwoFactorMiddleware:
    """The one place that holds a signed-in person at the second factor.

    Someone with an authenticator app or a passkey must pass it before any other page;
    someone for whom an organisation requires two-factor sign-in but who has no factor yet
    is sent to enrol one. Everybody else passes. Runs after django-otp's OTPMiddleware,
    which tells whether this session has passed a second factor.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or request.path.startswith(
                "/" + settings.STATIC_URL.lstrip("/")):
            return None
        name = request.resolver_match.view_name
        if name in ALWAYS_ALLOWED:
            return None
        needed = twofactor.state(request.user)
        if needed is None:
            return None
        if needed == "verify":
            if name in VERIFY_ALLOWED:
                return None
            target = "twofactor:verify"
        else:
            if name in ENROL_ALLOWED:
                return None
            target = "twofactor:security"
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        response = redirect(target)
        if query:
            response["Location"] += "?" + query
        return response
