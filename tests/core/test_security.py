import pytest
from django.urls import reverse

from tests.clusters.registry_files import registry_row, xlsx_bytes


def test_pages_send_a_content_security_policy(client, db):
    response = client.get(reverse("login"))
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy


def test_pages_refuse_framing(client, db):
    assert client.get(reverse("login")).headers["X-Frame-Options"] == "DENY"


def test_login_is_throttled_after_repeated_failures(client, world, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    username = world.users["member"].username
    for _ in range(3):
        client.post(reverse("login"), {"username": username, "password": "wrong"})
    response = client.post(reverse("login"),
                           {"username": username, "password": "pw-for-tests-123"})
    assert response.status_code == 429


def test_vietnamese_is_the_default_whatever_the_browser_prefers(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Đăng nhập" in response.text


def test_english_is_available_on_request(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Log in to ThiĐua" in client.get(reverse("login")).text


@pytest.fixture
def secretariat(world, client_for):
    return client_for(world.users["secretariat"])


def test_an_oversized_upload_is_refused_and_nothing_is_stored(secretariat, settings):
    from clusters.models import RegistryImport

    settings.UPLOAD_MAX_BYTES = 1000
    upload = _file("big.xlsx", xlsx_bytes([registry_row()] * 200))
    response = secretariat.post(reverse("clusters:registry_import"), {"file": upload})
    assert "MB" in response.text and RegistryImport.objects.count() == 0


def test_an_upload_with_the_wrong_extension_is_refused(secretariat):
    response = secretariat.post(reverse("clusters:registry_import"),
                                {"file": _file("a.pdf", b"%PDF")})
    assert ".xlsx" in response.text and response.status_code == 200


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_a_request_body_over_the_limit_is_refused_before_reading(secretariat, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    big = _file("big.xlsx", b"x" * 200_000)
    response = secretariat.post(reverse("clusters:registry_import"), {"file": big})
    assert response.status_code == 413 and "MB" in response.text



class Unreachable:
    def cursor(self):
        from django.db import OperationalError

        raise OperationalError("connection refused")


def test_a_database_outage_answers_503_and_says_nothing_was_saved(client, monkeypatch):
    """PostgreSQL restarting: the person (and the load balancer) gets 503 + Retry-After,
    not a bare 500."""
    import core.views

    monkeypatch.setattr(core.views, "connection", Unreachable())
    client.raise_request_exception = False
    response = client.get("/healthz")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "chưa được lưu" in response.content.decode()


def test_an_outage_met_in_a_middleware_is_503_too(client, world, monkeypatch):
    """auditlog's middleware reads the session (a query) before any view runs: seen in the
    PostgreSQL-restart fault test as 500s before this was handled."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError

    client.force_login(world.users["secretariat"])

    def unreachable(self):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(SessionStore, "load", unreachable)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 503 and "chưa được lưu" in response.content.decode()


def test_other_errors_are_not_taken_for_an_outage(client, monkeypatch):
    import core.views

    class Broken:
        def cursor(self):
            raise ValueError("a bug")

    monkeypatch.setattr(core.views, "connection", Broken())
    client.raise_request_exception = False
    response = client.get("/healthz")
    assert response.status_code == 500 and "Đã xảy ra lỗi" in response.content.decode()
