import re

import pytest
from django.core import mail
from django.urls import reverse

from members.models import Representative, User
from members.services import representative_add


def test_login_with_the_right_password_opens_the_home_page(client, world):
    response = client.post(reverse("login"), {"username": world.users["member"].username,
                                              "password": "pw-for-tests-123"}, follow=True)
    assert response.request["PATH_INFO"] == reverse("portal:home")


def test_logout_is_a_post_and_ends_the_session(client_for, world):
    client = client_for(world.users["member"])
    client.post(reverse("logout"))
    assert client.get(reverse("portal:home")).status_code == 302


def test_password_reset_mails_a_working_link_in_vietnamese(client, world):
    client.post(reverse("password_reset"), {"email": world.users["member"].email})
    message = mail.outbox[0]
    link = re.search(r"https?://[^/]+(/\S+)", message.body).group(1)
    page = client.get(link, follow=True)
    assert '<html lang="vi">' in page.text and "new_password1" in page.text


def test_invitation_mail_lets_a_new_representative_choose_a_password(
        client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        representative_add(unit=world.member_unit, email="moi@donvi.vn", full_name="Người Mới")
    message = mail.outbox[0]
    link = re.search(r"https?://[^/]+(/\S+)", message.body).group(1)
    page = client.get(link, follow=True)
    client.post(page.request["PATH_INFO"], {"new_password1": "Mật-khẩu-mới-2026",
                                            "new_password2": "Mật-khẩu-mới-2026"})
    assert User.objects.get(email="moi@donvi.vn").check_password("Mật-khẩu-mới-2026")


def test_adding_an_existing_person_does_not_create_a_second_account(world):
    representative_add(unit=world.other_unit, email=world.users["member"].email)
    assert User.objects.filter(email__iexact=world.users["member"].email).count() == 1


@pytest.fixture
def secretariat(world, client_for):
    return client_for(world.users["secretariat"])


def test_secretariat_adds_a_representative_through_the_page(secretariat, world):
    secretariat.post(reverse("members:representative_add", args=[world.member_unit.pk]), {
        "full_name": "Trần Văn Bình", "email": "binh@donvi.vn", "position": "Chánh văn phòng"})
    assert world.member_unit.representatives.filter(user__email="binh@donvi.vn").exists()


def test_making_another_voter_keeps_one_voter_per_unit(secretariat, world):
    other = representative_add(unit=world.member_unit, email="hai@donvi.vn")
    secretariat.post(reverse("members:representative_make_voter", args=[other.pk]))
    voters = Representative.objects.filter(unit=world.member_unit, is_designated_voter=True)
    assert list(voters) == [other]


def test_removing_the_voter_hands_the_vote_to_the_remaining_representative(secretariat, world):
    second = representative_add(unit=world.member_unit, email="hai@donvi.vn")
    voter = Representative.objects.get(unit=world.member_unit, is_designated_voter=True)
    secretariat.post(reverse("members:representative_remove", args=[voter.pk]))
    second.refresh_from_db()
    assert second.is_designated_voter


def test_a_malformed_email_is_refused_on_the_page(secretariat, world):
    response = secretariat.post(reverse("members:representative_add", args=[world.member_unit.pk]),
                                {"full_name": "X", "email": "khong-hop-le"})
    assert response.status_code == 200 and world.member_unit.representatives.count() == 1
