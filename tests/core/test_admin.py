"""The admin speaks Vietnamese and lists only what superusers use."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from clusters.models import RegistryImport
from tests.factories import make_user


@pytest.fixture
def superuser(client, db):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def _visible(page):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_admin_index_names_apps_and_models_in_vietnamese(superuser):
    page = _visible(superuser.get(reverse("admin:index")).text)
    assert "Danh mục cụm thi đua" in page and "Quyết định khen thưởng" in page
    assert "Bỏ qua, đến nội dung chính" in page and "Skip to main content" not in page
    assert "Chọn lại" not in page  # the ballot's "Change" (its own context), not the admin's


def test_admin_index_hides_task_results_and_the_raw_audit_log(superuser):
    page = superuser.get(reverse("admin:index")).text
    assert "Task Results" not in page and "Kết quả tác vụ" not in page
    assert "auditlog" not in page and "Groups" not in page


def test_admin_changelist_labels_columns_in_vietnamese(superuser, world):
    RegistryImport.objects.create(organisation=world.org, uploaded_by=world.users["secretariat"],
                                  file_name="danh-muc.xlsx", content=b"", status="applied")
    page = _visible(superuser.get(reverse("admin:clusters_registryimport_changelist")).text)
    assert "Tên tệp" in page and "Người tải lên" in page and "file name" not in page.lower()


def test_every_model_in_the_admin_has_a_vietnamese_name():
    models = list(admin.site._registry)
    with translation.override("en"):
        english = [str(m._meta.verbose_name_plural) for m in models]
    with translation.override("vi"):
        same = [m._meta.label for m, name in zip(models, english, strict=True)
                if str(m._meta.verbose_name_plural) == name]
    assert same == []


def test_admin_pages_are_titled_thidua(superuser):
    assert "<title>Quản trị hệ thống | ThiĐua</title>" in superuser.get(reverse("admin:index")).text
