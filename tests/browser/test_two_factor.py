"""Two-factor sign-in in a real browser: the head of a cluster whose organisation requires it."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from clusters.models import Membership
from core.years import current_year
from tests.browser.conftest import login, screenshot
from tests.factories import make_cluster, make_membership, make_org, make_rep, make_unit

PASSWORD = "pw-for-tests-123"


@pytest.fixture
def head(transactional_db):
    org = make_org(code="org2fa")
    org.two_factor_required = True
    org.save()
    cluster = make_cluster(org, code="C2FA", name="Cụm thi đua hai lớp")
    head_unit, member_unit = make_unit(org), make_unit(org)
    make_membership(cluster, head_unit, current_year(), Membership.Role.HEAD)
    make_membership(cluster, member_unit, current_year())
    user = make_rep(head_unit)
    user.cluster = cluster
    user.member_unit = member_unit
    return user


def now_code(key_hex=None, b32=None):
    key = bytes.fromhex(key_hex) if key_hex else base64.b32decode(b32)
    return f"{TOTP(key).token():06d}"


def test_a_required_head_signs_in_with_a_code_and_not_without(page, head):
    device = TOTPDevice.objects.create(user=head, name="app", confirmed=True)
    cluster_pages = [reverse("clusters:cluster_detail", args=[head.cluster.pk]),
                     reverse("campaigns:cluster_calendar", args=[head.cluster.pk]),
                     reverse("clusters:unit_detail", args=[head.member_unit.pk]),
                     reverse("portal:home"), reverse("clusters:cluster_list")]
    login(page, head.username, PASSWORD)
    assert "/account/security/verify/" in page.url

    for path in cluster_pages:  # without the code: every page sends back to the code
        page.goto(page.base_url + path)
        assert "/account/security/verify/" in page.url, path
        assert head.cluster.name not in page.inner_text("main")

    page.goto(page.base_url + cluster_pages[0])
    page.fill("input[name=code]", now_code(device.key))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    screenshot(page, "two-factor-head-cluster")
    assert page.url == page.base_url + cluster_pages[0]
    assert head.cluster.name in page.inner_text("main")


def test_a_required_head_without_a_device_enrols_first(page, head):
    login(page, head.username, PASSWORD)
    page.goto(page.base_url + reverse("clusters:cluster_detail", args=[head.cluster.pk]))
    assert page.url.startswith(page.base_url + reverse("twofactor:security"))
    with page.expect_navigation():
        page.click("button:has-text('Thiết lập ứng dụng xác thực')")
    assert page.locator("img[src^='data:image/svg+xml']").is_visible()
    secret = re.sub(r"\s", "", page.inner_text("[data-testid=totp-secret]"))
    page.fill("input[name=code]", now_code(b32=secret))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "Đã thiết lập ứng dụng xác thực" in page.inner_text("main")
    page.goto(page.base_url + reverse("clusters:cluster_detail", args=[head.cluster.pk]))
    assert head.cluster.name in page.inner_text("main")


def test_a_passkey_registers_and_verifies_under_the_csp(page, head, settings):
    """Chromium's virtual authenticator stands in for a fingerprint reader; the page's
    Content-Security-Policy (no inline script) must not stop django-otp-webauthn's script."""
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [page.base_url]
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text
            and violations.append(message.text))
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True}})

    login(page, head.username, PASSWORD)  # no factor yet: enrolment
    page.click("#passkey-register-button")
    # portal.js reloads the page once the passkey is registered: it is then listed.
    page.wait_for_selector("form[action*='/devices/passkey/']")
    screenshot(page, "two-factor-passkey-registered")
    assert WebAuthnCredential.objects.filter(user=head, confirmed=True).count() == 1

    page.context.clear_cookies()
    login(page, head.username, PASSWORD)
    assert "/account/security/verify/" in page.url
    with page.expect_navigation():
        page.click("#passkey-verification-button")
    page.goto(page.base_url + reverse("clusters:cluster_detail", args=[head.cluster.pk]))
    assert head.cluster.name in page.inner_text("main")
    assert violations == []
