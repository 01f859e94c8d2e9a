"""Passwords: Argon2id with OWASP's parameters; older PBKDF2 hashes upgraded at login."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password

from config.settings import base
from members.models import User


def test_new_passwords_are_argon2id_with_owasp_parameters(settings):
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    assert make_password("ThiDua@2026").startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_a_pbkdf2_password_still_logs_in_and_is_rehashed(settings, client, db):
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    hasher = PBKDF2PasswordHasher()
    user = User.objects.create(username="cu.dv", full_name="Người dùng cũ",
                               password=hasher.encode("ThiDua@2026", hasher.salt()))
    response = client.post("/accounts/login/", {"username": "cu.dv", "password": "ThiDua@2026"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
