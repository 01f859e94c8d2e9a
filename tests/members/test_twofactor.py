"""Two-factor sign-in: enrolment, the verification step, recovery codes, who is forced."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from clusters.models import Membership
from members import services, twofactor
from tests.factories import make_cluster, make_membership, make_org, make_rep, make_unit

PASSWORD = "pw-for-tests-123"


def code_for(device):
    """The code the phone shows now."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits,
                drift=device.drift)
    return f"{code:06d}"


def app_for(user):
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def sign_in(client, user):
    """A real password login (not force_login), as the browser does it."""
    response = client.post(reverse("login"), {"username": user.username,
                                              "password": PASSWORD})
    assert response.status_code == 302
    return response


@pytest.fixture
def required(world):
    world.org.two_factor_required = True
    world.org.save()
    return world


def test_enrolment_confirms_only_with_a_correct_code(world, client_for):
    client = client_for(world.users["member"])
    client.post(reverse("twofactor:totp_start"))
    device = TOTPDevice.objects.get(user=world.users["member"])
    wrong = f"{(int(code_for(device)) + 1) % 1000000:06d}"

    client.post(reverse("twofactor:totp_confirm"), {"code": wrong})
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    device.throttle_reset()  # django-otp makes the next try wait after a wrong code

    response = client.post(reverse("twofactor:totp_confirm"), {"code": code_for(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed


def test_the_enrolment_page_shows_a_qr_code_and_the_secret(world, client_for):
    client = client_for(world.users["member"])
    client.post(reverse("twofactor:totp_start"))
    response = client.get(reverse("twofactor:totp_confirm"))
    assert b'src="data:image/svg+xml' in response.content
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_a_required_head_without_a_device_is_sent_from_the_cluster_page_to_enrolment(
        required, client):
    sign_in(client, required.users["head"])
    response = client.get(reverse("clusters:cluster_detail", args=[required.cluster_a.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("twofactor:security"))


def test_a_required_secretariat_without_a_device_reaches_only_the_security_page(
        required, client):
    sign_in(client, required.users["secretariat"])
    assert client.get(reverse("clusters:unit_list")).status_code == 302
    assert client.get(reverse("twofactor:security")).status_code == 200


def test_a_user_with_a_device_must_pass_it_before_any_page(required, client):
    head = required.users["head"]
    app_for(head)
    sign_in(client, head)
    url = reverse("clusters:cluster_detail", args=[required.cluster_a.pk])
    response = client.get(url)
    assert response["Location"] == f"{reverse('twofactor:verify')}?next={url.replace('/', '%2F')}"
    # The security page does not open either: removing the device would skip the check.
    assert client.get(reverse("twofactor:security")).status_code == 302


def test_a_verified_head_reaches_the_cluster_page(required, client):
    head = required.users["head"]
    device = app_for(head)
    sign_in(client, head)
    url = reverse("clusters:cluster_detail", args=[required.cluster_a.pk])
    response = client.post(reverse("twofactor:verify"), {"code": code_for(device), "next": url})
    assert response["Location"] == url
    assert client.get(url).status_code == 200


def test_a_wrong_code_does_not_verify(required, client):
    head = required.users["head"]
    device = app_for(head)
    sign_in(client, head)
    wrong = f"{(int(code_for(device)) + 1) % 1000000:06d}"
    response = client.post(reverse("twofactor:verify"), {"code": wrong})
    assert response.status_code == 200
    assert client.get(reverse("portal:home")).status_code == 302


def test_a_recovery_code_works_once(required, client):
    head = required.users["head"]
    app_for(head)
    codes = services.recovery_codes_generate(user=head)
    sign_in(client, head)
    response = client.post(reverse("twofactor:verify"), {"code": codes[0].upper()})
    assert response.status_code == 302 and client.get(reverse("portal:home")).status_code == 200

    client.logout()
    sign_in(client, head)
    response = client.post(reverse("twofactor:verify"), {"code": codes[0]})
    assert response.status_code == 200
    assert client.get(reverse("portal:home")).status_code == 302


def test_recovery_codes_are_shown_once(world, client_for):
    member = world.users["member"]
    app_for(member)
    client = client_for(member)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=member).persistent_id
    session.save()
    client.post(reverse("twofactor:recovery_codes"))
    assert len(client.get(reverse("twofactor:recovery_codes")).context["codes"]) == 10
    assert client.get(reverse("twofactor:recovery_codes")).status_code == 302


def test_recovery_codes_need_an_app_or_a_passkey_first(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.recovery_codes_generate(user=world.users["member"])


def test_an_optional_user_is_not_forced(world, client):
    # The organisation does not require it (the default): nobody is stopped.
    sign_in(client, world.users["head"])
    url = reverse("clusters:cluster_detail", args=[world.cluster_a.pk])
    assert client.get(url).status_code == 200


def test_a_member_units_staff_are_not_forced_even_where_it_is_required(required, client):
    sign_in(client, required.users["member"])
    url = reverse("clusters:cluster_detail", args=[required.cluster_a.pk])
    assert client.get(url).status_code == 200


def test_last_years_head_is_not_required_this_year(db):
    from core.years import current_year

    org = make_org()
    org.two_factor_required = True
    org.save()
    cluster, unit = make_cluster(org), make_unit(org)
    make_membership(cluster, unit, current_year() - 1, Membership.Role.HEAD)
    make_membership(cluster, unit, current_year(), Membership.Role.MEMBER)
    assert not twofactor.is_required(make_rep(unit))


def test_removing_the_last_app_removes_the_recovery_codes(world):
    member = world.users["member"]
    device = app_for(member)
    services.recovery_codes_generate(user=member)
    services.device_remove(device=device)
    assert twofactor.recovery_device(member) is None


def test_someone_elses_device_cannot_be_removed(world, client_for):
    device = app_for(world.users["deputy"])
    client = client_for(world.users["member"])
    response = client.post(reverse("twofactor:device_remove", args=["totp", device.pk]))
    assert response.status_code == 404


def test_recent_sign_ins_list_successes_and_failures(world, client, settings):
    settings.AXES_ENABLED = True
    member = world.users["member"]
    client.post(reverse("login"), {"username": member.username, "password": "wrong"})
    sign_in(client, member)
    rows = client.get(reverse("twofactor:security")).context["sign_ins"]
    assert [row["success"] for row in rows] == [True, False]
    assert rows[0]["ip_address"] == "127.0.0.1"


def test_the_passkey_script_speaks_vietnamese(client):
    # django-otp-webauthn ships no Vietnamese: locale/vi/LC_MESSAGES/djangojs.po fills in.
    import json

    response = client.get(reverse("otp_webauthn:js-i18n-catalog"))
    assert json.dumps("Đăng ký khóa truy cập").encode() in response.content
