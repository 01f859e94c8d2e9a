"""The client's address behind the shipped nginx (TRUSTED_PROXY_COUNT=1): nginx connects from
its own address and appends the address it received the request from to X-Forwarded-For."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.http import client_address

NGINX = "10.0.0.5"  # REMOTE_ADDR of every request that came through the proxy
ATTACKER, HEAD = "198.51.100.7", "203.0.113.20"


def through_nginx(client_sent=None, address=ATTACKER):
    """The headers nginx's `$proxy_add_x_forwarded_for` produces."""
    forwarded = f"{client_sent}, {address}" if client_sent else address
    return {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": forwarded}


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def login(client, username, password, headers):
    return client.post(reverse("login"), {"username": username, "password": password},
                       **headers)


def test_it_locks_out_the_attackers_address_for_that_user(client, world, behind_nginx):
    username = world.users["head"].username
    for _ in range(5):
        login(client, username, "wrong", through_nginx(address=ATTACKER))
    response = login(client, username, "pw-for-tests-123", through_nginx(address=ATTACKER))
    assert response.status_code == 429


def test_it_lets_the_user_in_from_another_address_after_an_attack(client, world, behind_nginx):
    username = world.users["head"].username
    for _ in range(5):
        login(client, username, "wrong", through_nginx(address=ATTACKER))
    response = login(client, username, "pw-for-tests-123", through_nginx(address=HEAD))
    assert response.status_code == 302
    assert response.wsgi_request.user.is_authenticated


def test_it_records_the_address_nginx_appended_not_a_forged_one(world, campaign, client_for,
                                                                 settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client = client_for(world.users["member"])
    client.post(reverse("campaigns:pledge_edit", args=[campaign.pk, world.member_unit.pk]),
                {"targets-TOTAL_FORMS": "1", "targets-INITIAL_FORMS": "0",
                 "targets-0-name": "Tuyên truyền", "targets-0-measure": "buổi",
                 "targets-0-target_value": "1"})
    client.post(reverse("campaigns:pledge_sign", args=[campaign.pk, world.member_unit.pk]),
                {"confirm": "on"}, **through_nginx(client_sent="192.0.2.66", address=HEAD))
    assert campaign.pledges.get(unit=world.member_unit).signed_from == HEAD


def test_it_ignores_the_header_when_no_proxy_is_trusted(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", **through_nginx(client_sent="192.0.2.66"))
    assert client_address(request) == NGINX


def test_it_takes_the_entry_the_outermost_of_two_proxies_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = RequestFactory().get(
        "/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=f"192.0.2.66, {HEAD}, 10.0.0.9")
    assert client_address(request) == HEAD


def test_it_falls_back_to_the_peer_without_a_forwarded_header(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(RequestFactory().get("/", REMOTE_ADDR=NGINX)) == NGINX
