"""The audit trail of a whole demo year reads in Vietnamese: no model, field or action name in
English on any page of it.

Seeding takes ~15 s, so the demo is seeded once for the module, inside a transaction rolled
back at the end (the tests' own transactions nest in it as savepoints).
"""

import html
import re
from io import StringIO

import pytest
from auditlog.registry import auditlog
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from members.models import StaffRole
from portal.audit_actions import ACTIONS, GENERIC

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def audit_pages(demo, django_db_blocker):
    """{organisation code: the visible text of every page of its audit trail}."""
    from django.test import Client

    pages = {}
    with django_db_blocker.unblock():
        for role in StaffRole.objects.filter(role=StaffRole.Role.SECRETARIAT).select_related(
                "user", "organisation"):
            client = Client()
            client.force_login(role.user)
            texts, number = [], 1
            while True:
                response = client.get(reverse("portal:audit_log"),
                                      {"org": role.organisation.code, "page": number})
                assert response.status_code == 200
                texts.append(_visible(response.text))
                if f"page={number + 1}" not in response.text:
                    break
                number += 1
            pages[role.organisation.code] = texts
    return pages


def _visible(page):
    main = page[page.index("<main"):page.index("</main>")]
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def _table(text):
    """The entries only (the filter's option list names every action by design)."""
    return text[text.index("Thay đổi (trước → sau)"):]


def _english_names():
    """Every audited model's and field's English name that Vietnamese translates differently."""
    names = set()
    for model in auditlog.get_models():
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        with translation.override("en"):
            english = [str(model._meta.verbose_name), str(model._meta.verbose_name_plural),
                       *(str(f.verbose_name) for f in fields)]
        with translation.override("vi"):
            vietnamese = {str(model._meta.verbose_name), str(model._meta.verbose_name_plural),
                          *(str(f.verbose_name) for f in fields)}
        names.update(name for name in english if name not in vietnamese and len(name) > 3)
    return names


def test_every_demo_organisation_has_a_long_trail(audit_pages):
    assert len(audit_pages) >= 3 and all(len(texts) >= 2 for texts in audit_pages.values())


def test_no_model_label_or_snake_case_name_on_the_pages(audit_pages):
    text = " ".join(_table(t) for texts in audit_pages.values() for t in texts)
    assert not re.findall(r"\b[a-z_]+\.[A-Z][A-Za-z]+\b", text)  # reports.ReportAttachment
    assert not re.findall(r"\b[a-z]+_[a-z_]+\b", text)  # first_submitted_at


def test_no_english_model_or_field_name_on_the_pages(audit_pages):
    text = " ".join(_table(t) for texts in audit_pages.values() for t in texts)
    found = {name for name in _english_names()
             if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.IGNORECASE)}
    assert not found


def test_no_english_action_name_or_utc_time_on_the_pages(audit_pages):
    text = " ".join(_table(t) for texts in audit_pages.values() for t in texts)
    with translation.override("en"):
        english = {str(a.label) for a in [*ACTIONS.values(), *GENERIC.values()]}
    assert not {label for label in english if label in text}
    assert not re.findall(r"\d\d:\d\d:\d\d|\+00:00|UTC", text)


def test_the_year_reads_as_named_actions(audit_pages):
    text = " ".join(t for texts in audit_pages.values() for t in texts)
    for sentence in ("gửi báo cáo sơ kết, lần 1", "chấp nhận báo cáo tổng kết",
                     "trả lại báo cáo sơ kết", "ký bản đăng ký thi đua",
                     "Phát động phong trào thi đua của"):
        assert sentence in text, sentence
