"""The 413 page: says the limit in Vietnamese and links back to the form the person used."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse


def _big_upload(client, settings, **headers):
    settings.UPLOAD_MAX_BYTES = 2**20
    big = SimpleUploadedFile("lon.xlsx", b"x" * 1_300_000)
    return client.post(reverse("clusters:registry_import"), {"file": big}, **headers)


def test_a_too_large_upload_links_back_to_the_page_it_came_from(world, client_for, settings):
    form_page = "http://testserver" + reverse("clusters:registry_import")
    response = _big_upload(client_for(world.users["secretariat"]), settings,
                           HTTP_REFERER=form_page)
    assert response.status_code == 413
    assert f'href="{form_page}" id="back-to-form"' in response.text
    assert "Chỉ nhận tệp tối đa 1 MB. Chưa lưu dữ liệu nào." in response.text


def test_a_foreign_referer_is_not_linked_from_the_413_page(world, client_for, settings):
    response = _big_upload(client_for(world.users["secretariat"]), settings,
                           HTTP_REFERER="https://evil.example/phish")
    assert "evil.example" not in response.text and response.status_code == 413


def test_form_fields_over_djangos_limit_get_the_413_page_too(world, client_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = client_for(world.users["secretariat"]).post(
        reverse("clusters:cluster_create"), {"name": "x" * 1000})
    assert response.status_code == 413 and 'id="back-to-form"' in response.text


def test_nginx_shows_the_portals_413_page_for_bodies_over_its_own_limit(settings):
    conf = (settings.BASE_DIR / "deploy" / "nginx.conf").read_text()
    assert f"error_page 413 {reverse('request_too_large')};" in conf
