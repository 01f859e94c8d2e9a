"""Two-factor sign-in pages: the second step after the password, and "Account security"
(authenticator app, passkeys, recovery codes, recent sign-ins).

Who may reach these pages before passing the second factor is decided once, in
members/middleware.py.
"""

import base64
from binascii import unhexlify

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from members import selectors, services, twofactor
from members.forms import SecondFactorForm

NEW_CODES_SESSION_KEY = "twofactor_new_recovery_codes"


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step of signing in: a code from the app, a recovery code, or a passkey."""
    if twofactor.state(request.user) != "verify":
        return redirect(_next_url(request))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, throttled = services.second_factor_verify(user=request.user,
                                                          token=form.cleaned_data["code"])
        if device is not None:
            # A new session key for the now fully signed-in session.
            request.session.cycle_key()
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", _("Too many wrong codes: wait a minute, then try again.")
                       if throttled else _("This code is not right (or was already used)."))
    return render(request, "members/twofactor_verify.html", {
        "form": form, "next": _next_url(request),
        "has_passkey": any(not isinstance(d, TOTPDevice)
                           for d in twofactor.primary_devices(request.user)),
    })


@never_cache
@login_required
def security(request):
    """"Account security": the person's second factors and recent sign-ins."""
    user = request.user
    devices = twofactor.primary_devices(user)
    recovery = twofactor.recovery_device(user)
    return render(request, "members/twofactor_security.html", {
        "apps": [d for d in devices if isinstance(d, TOTPDevice)],
        "passkeys": [d for d in devices if not isinstance(d, TOTPDevice)],
        "recovery": recovery,
        "recovery_left": recovery.token_set.count() if recovery else 0,
        "required": twofactor.is_required(user),
        "must_enrol": twofactor.state(user) == "enrol",
        "sign_ins": selectors.recent_sign_ins(user),
    })


@login_required
@require_POST
def totp_start(request):
    services.totp_start(user=request.user)
    return redirect("twofactor:totp_confirm")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def totp_confirm(request):
    """Scan the QR code (or type the secret), then confirm with the first code."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by(
        "-pk").first()
    if device is None:
        return redirect("twofactor:security")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_confirm(device=device, token=form.cleaned_data["code"]):
            if not request.user.is_verified():
                request.session.cycle_key()
                otp_login(request, device)
            messages.success(request, _("The authenticator app is set up. Now make recovery "
                                        "codes, in case the phone is lost."))
            return redirect("twofactor:security")
        form.add_error("code", _("This code is not right: check the phone's clock and type "
                                 "the code the app shows now."))
    secret = base64.b32encode(unhexlify(device.key)).decode()
    return render(request, "members/twofactor_totp.html", {
        "form": form,
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
    })


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """POST makes new codes; the page after it shows them, once."""
    if request.method == "POST":
        try:
            request.session[NEW_CODES_SESSION_KEY] = services.recovery_codes_generate(
                user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("twofactor:security")
        return redirect("twofactor:recovery_codes")
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("twofactor:security")
    return render(request, "members/twofactor_recovery_codes.html", {"codes": codes})


@login_required
@require_POST
def device_remove(request, kind, pk):
    model = twofactor.DEVICE_KINDS.get(kind)
    if model is None:
        raise Http404
    services.device_remove(device=get_object_or_404(model, user=request.user, pk=pk))
    messages.success(request, _("Removed."))
    return redirect("twofactor:security")
