import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.models import Cluster, Membership, RegistryImport, Unit
from members.models import StaffRole
from tests.clusters.registry_files import registry_row, xlsx_bytes
from tests.factories import make_cluster, make_membership, make_rep, make_staff, make_unit


@pytest.fixture
def secretariat(world, client_for):
    return client_for(world.users["secretariat"])


def test_secretariat_creates_a_cluster(secretariat, world):
    response = secretariat.post(reverse("clusters:cluster_create"), {
        "kind": "khoi", "code": "K9", "number": "9", "name": "Khối thi đua số 9",
        "is_active": "on"})
    cluster = Cluster.objects.get(code="K9")
    assert response.status_code == 302 and cluster.organisation == world.org


def test_a_duplicate_cluster_code_is_refused_with_a_message(secretariat, world):
    response = secretariat.post(reverse("clusters:cluster_create"), {
        "kind": "cum", "code": "A", "name": "Trùng mã"})
    assert response.status_code == 200 and Cluster.objects.filter(code="A").count() == 1


def test_secretariat_sets_members_head_and_deputy(secretariat, world):
    units = [world.member_unit, world.deputy_unit, world.head_unit]
    url = reverse("clusters:cluster_members", args=[world.cluster_a.pk, 2030])
    response = secretariat.post(url, {
        "units": [u.pk for u in units], "head": world.member_unit.pk,
        "deputy": world.head_unit.pk})
    head = Membership.objects.get(cluster=world.cluster_a, year=2030, role="head")
    assert response.status_code == 302 and head.unit == world.member_unit


def test_head_outside_the_members_is_refused_and_nothing_saved(secretariat, world):
    url = reverse("clusters:cluster_members", args=[world.cluster_a.pk, 2030])
    response = secretariat.post(url, {
        "units": [world.member_unit.pk], "head": world.head_unit.pk})
    assert response.status_code == 200
    assert not Membership.objects.filter(year=2030).exists()


def test_copy_year_creates_next_years_membership(secretariat, world):
    secretariat.post(reverse("clusters:membership_copy"), {"from_year": world.year,
                                                  "to_year": world.year + 1})
    assert Membership.objects.filter(year=world.year + 1).count() == 4


def test_merge_shows_predecessor_history_on_the_successor(secretariat, world):
    successor = make_unit(world.org, name="Đơn vị kế thừa")
    old = make_unit(world.org, name="Đơn vị cũ")
    make_membership(world.cluster_b, old, world.year - 1)
    secretariat.post(reverse("clusters:unit_merge", args=[old.pk]), {
        "successor": successor.pk, "merged_on": f"01/07/{world.year - 1}"})
    page = secretariat.get(reverse("clusters:unit_detail", args=[successor.pk])).text
    assert "Đơn vị cũ" in page and world.cluster_b.name in page


def test_merge_date_in_dd_mm_yyyy_is_stored(secretariat, world):
    successor, old = make_unit(world.org), make_unit(world.org)
    secretariat.post(reverse("clusters:unit_merge", args=[old.pk]), {
        "successor": successor.pk, "merged_on": "05/01/2025"})
    assert Unit.objects.get(pk=old.pk).merged_on == datetime.date(2025, 1, 5)


def test_unit_list_searches_and_filters_unassigned(secretariat, world):
    make_unit(world.org, name="Hội Doanh nghiệp tỉnh")
    page = secretariat.get(reverse("clusters:unit_list"), {"status": "unassigned",
                                                 "year": world.year}).text
    assert "Hội Doanh nghiệp tỉnh" in page and world.member_unit.name not in page


def test_import_preview_then_confirm_writes_the_registry(secretariat, world):
    upload = _file("ds.xlsx", xlsx_bytes([registry_row("N1", "Đơn vị mới", cluster="A",
                                                       cluster_name=world.cluster_a.name,
                                                       year=2031)]))
    preview = secretariat.post(reverse("clusters:registry_import"), {"file": upload}, follow=True)
    assert "Đơn vị mới" in preview.text and not Unit.objects.filter(code="N1").exists()
    record = RegistryImport.objects.get()
    secretariat.post(reverse("clusters:registry_import_preview", args=[record.pk]))
    assert Membership.objects.filter(unit__code="N1", year=2031).exists()


def test_import_of_a_bad_file_lists_rows_and_cannot_be_confirmed(secretariat, world):
    upload = _file("ds.xlsx", xlsx_bytes([registry_row(role="Chủ nhiệm")]))
    page = secretariat.post(reverse("clusters:registry_import"), {"file": upload}, follow=True).text
    record = RegistryImport.objects.get()
    secretariat.post(reverse("clusters:registry_import_preview", args=[record.pk]))
    assert 'data-line="2"' in page and not Unit.objects.filter(code="U1").exists()


def test_export_downloads_an_xlsx(secretariat):
    response = secretariat.get(reverse("clusters:registry_export"), {"year": 2026})
    assert response.content[:2] == b"PK" and "attachment" in response["Content-Disposition"]


def test_audit_trail_records_who_and_before_after(secretariat, world):
    secretariat.post(reverse("clusters:unit_edit", args=[world.member_unit.pk]), {
        "code": world.member_unit.code, "name": "Tên mới của đơn vị"})
    page = secretariat.get(reverse("portal:audit_log")).text
    assert "Tên mới của đơn vị" in page and world.users["secretariat"].full_name in page


def test_audit_trail_hides_other_organisations(secretariat, world):
    from tests.factories import make_org

    make_unit(make_org(), name="Đơn vị tổ chức khác")
    assert "Đơn vị tổ chức khác" not in secretariat.get(reverse("portal:audit_log")).text


# --- query counts stay constant as data grows -------------------------------------------

def _grow(world, clusters, units_per_cluster):
    for _ in range(clusters):
        cluster = make_cluster(world.org)
        for index in range(units_per_cluster):
            unit = make_unit(world.org)
            make_membership(cluster, unit, world.year, "head" if index == 0 else "member")
            make_rep(unit)


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


@pytest.mark.parametrize(("name", "role"), [
    ("portal:home", "secretariat"), ("portal:home", "leadership"), ("portal:home", "head"),
    ("clusters:cluster_list", "head"), ("clusters:cluster_list", "secretariat"),
    ("clusters:unit_list", "secretariat"), ("portal:audit_log", "secretariat"),
])
def test_page_query_count_does_not_grow_with_data(world, client_for, name, role):
    client = client_for(world.users[role])
    _grow(world, 2, 3)
    before = _queries(client, reverse(name))
    _grow(world, 8, 6)
    assert _queries(client, reverse(name)) == before


@pytest.mark.parametrize("role", ["secretariat", "head"])
def test_cluster_detail_query_count_does_not_grow_with_members(world, client_for, role):
    client = client_for(world.users[role])
    url = reverse("clusters:cluster_detail", args=[world.cluster_a.pk])
    before = _queries(client, url)
    for _ in range(20):
        unit = make_unit(world.org)
        make_membership(world.cluster_a, unit, world.year)
        make_rep(unit)
    assert _queries(client, url) == before


def test_cluster_limited_leadership_lists_only_its_cluster(world, client_for):
    leader = make_staff(world.org, StaffRole.Role.LEADERSHIP, cluster=world.cluster_b)
    page = client_for(leader).get(reverse("clusters:unit_list")).text
    assert world.other_unit.name in page and world.member_unit.name not in page


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_secretariat_sets_reminder_days_and_late_policy(secretariat, world):
    secretariat.post(reverse("clusters:organisation_settings"), {
        "name": world.org.name, "reminder_offsets": "10,5,0,-3", "allow_late_reports": "on"})
    world.org.refresh_from_db()
    assert (world.org.reminder_days, world.org.allow_late_reports) == ([10, 5, 0, -3], True)


def test_malformed_reminder_days_are_refused(secretariat, world):
    response = secretariat.post(reverse("clusters:organisation_settings"), {
        "name": world.org.name, "reminder_offsets": "7, ba ngày"})
    world.org.refresh_from_db()
    assert response.status_code == 200 and world.org.reminder_offsets == "7,3,1,0,-1"


def test_secretariat_sets_what_the_organisations_documents_print(secretariat, world):
    secretariat.post(reverse("clusters:organisation_settings"), {
        "name": world.org.name, "reminder_offsets": "7,3,1,0,-1", "place": "Lai Châu",
        "decider_title": "PHÓ CHỦ TỊCH", "decider_authority": "KT. CHỦ TỊCH",
        "academic_titles_allowed": "on"})
    world.org.refresh_from_db()
    assert (world.org.place, world.org.decider_authority, world.org.academic_titles_allowed) \
        == ("Lai Châu", "KT. CHỦ TỊCH", True)


def test_academic_titles_are_off_by_default(world):
    assert world.org.academic_titles_allowed is False
