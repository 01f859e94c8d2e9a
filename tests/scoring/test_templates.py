"""Criteria templates (the secretariat's) and a table's contents saved on the page: the
services, each refusal by its code, and what the pages accept."""

from decimal import Decimal as D

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns.forms import default_dates
from campaigns.models import Campaign
from campaigns.services import campaign_save
from portal.audit import audit_rows
from scoring import services
from scoring.forms import TableEditor
from scoring.models import ClusterTemplate, CriteriaTable, Criterion
from tests.helpers import error_codes


def refused(call):
    with pytest.raises(ValidationError) as raised:
        call()
    return error_codes(raised.value)


@pytest.fixture
def general(world):
    return services.template_ensure(organisation=world.org)


# --- templates ---------------------------------------------------------------------------

def test_the_default_template_is_neutral_not_a_lawyers_association(general):
    names = " ".join(Criterion.objects.filter(group__table=general).values_list("name",
                                                                               flat=True))
    assert "pháp luật" not in names and "pháp lý" not in names
    assert (general.is_default, general.max_total, general.total_points) == (True, 100, 100)


def test_a_new_template_is_named_by_the_secretariat_and_can_copy_another(world, general):
    Criterion.objects.filter(group__table=general, code="3").update(name="Trợ giúp pháp lý")
    own = services.template_create(organisation=world.org, name="Khối các hội đặc thù",
                                   source=general)
    blank = services.template_create(organisation=world.org, name="Khối doanh nghiệp")
    assert own.criteria_tables_names if False else (own.name, own.is_default) == (
        "Khối các hội đặc thù", False)
    assert Criterion.objects.filter(group__table=own, name="Trợ giúp pháp lý").exists()
    assert not Criterion.objects.filter(group__table=blank, name="Trợ giúp pháp lý").exists()


@pytest.mark.parametrize(("name", "code"), [("  ", "template_name_required"),
                                            ("general criteria table", "template_name_taken")])
def test_a_template_needs_a_name_of_its_own(world, general, name, code):
    general.name = "General criteria table"
    general.save()
    assert refused(lambda: services.template_create(organisation=world.org, name=name)) == {code}


def test_a_template_of_another_organisation_cannot_be_the_source(world, general):
    theirs = services.template_ensure(organisation=world.other_org)
    assert refused(lambda: services.template_create(organisation=world.org, name="x",
                                                    source=theirs)) == {"not_a_template"}


def test_copy_and_rename_are_audited_with_the_names(world, general):
    copy = services.template_copy(template=general, name="Bản sao")
    services.template_rename(template=copy, name="Khối hội")
    sentences = [row.sentence for row in audit_rows(LogEntry.objects.filter(
        object_pk=str(copy.pk), content_type__model="criteriatable"))]
    assert any("Khối hội" in s and "Bản sao" in s for s in sentences)


def test_the_default_and_a_chosen_template_cannot_be_deleted(world, general):
    other = services.template_copy(template=general, name="Khối hội")
    services.cluster_template_set(cluster=world.cluster_a, template=other)
    assert refused(lambda: services.template_delete(template=general)) == {"template_default"}
    assert refused(lambda: services.template_delete(template=other)) == {"template_in_use"}
    services.cluster_template_set(cluster=world.cluster_a, template=None)
    services.template_delete(template=other)
    assert not CriteriaTable.objects.filter(pk=other.pk).exists()


def test_one_default_at_a_time(world, general):
    other = services.template_copy(template=general, name="Khối hội")
    services.template_set_default(template=other)
    general.refresh_from_db()
    assert (general.is_default, CriteriaTable.objects.get(pk=other.pk).is_default) == (False,
                                                                                        True)


def test_a_campaign_table_is_not_a_template(world, campaign, general):
    table = services.table_for_campaign(campaign=campaign)
    assert refused(lambda: services.template_rename(template=table, name="x")) == {
        "not_a_template"}
    assert refused(lambda: services.cluster_template_set(cluster=world.cluster_a,
                                                         template=table)) == {"not_a_template"}


def test_a_cluster_starts_from_the_template_chosen_for_it(world, campaign, general):
    other = services.template_copy(template=general, name="Khối hội")
    Criterion.objects.filter(group__table=other, code="12").update(name="Tiêu chí của khối")
    services.cluster_template_set(cluster=world.cluster_a, template=other)
    table = services.table_for_campaign(campaign=campaign)
    assert Criterion.objects.filter(group__table=table, name="Tiêu chí của khối").exists()
    assert ClusterTemplate.objects.get(cluster=world.cluster_a).template == other


def test_the_chosen_template_wins_over_last_years_table(world, campaign, general):
    last = services.table_for_campaign(campaign=campaign)
    Criterion.objects.filter(group__table=last, code="12").update(name="Năm trước")
    other = services.template_copy(template=general, name="Khối hội")
    services.cluster_template_set(cluster=world.cluster_a, template=other)
    following = campaign_save(campaign=Campaign(cluster=world.cluster_a, year=world.year + 1,
                                                title="x", **default_dates(world.year + 1)))
    table = services.table_for_campaign(campaign=following)
    assert not Criterion.objects.filter(group__table=table, name="Năm trước").exists()


# --- the contents, saved through the service ---------------------------------------------

def contents(table):
    groups, criteria = services.contents_of(table)
    adjustments = [{"pk": a.pk, "kind": a.kind, "name": a.name, "points": a.points,
                    "disqualifying": a.disqualifying} for a in table.adjustments.all()]
    return {"groups": groups, "criteria": criteria, "adjustments": adjustments,
            "bands": [dict(band) for band in table.bands]}


def test_saving_rows_updates_adds_and_deletes(world, campaign):
    table = services.table_for_campaign(campaign=campaign)
    data = contents(table)
    first = data["criteria"][0]
    first["name"] = "Hoàn thành chỉ tiêu"
    dropped = data["criteria"].pop()  # criterion 12, 5 points …
    data["criteria"].append({"pk": None, "group": dropped["group"], "code": "13",
                             "name": "Tiêu chí mới", "max_points": D(5), "guide": "Đủ 4 quý",
                             "evidence_required": True, "from_targets": False})
    data["bands"].insert(2, {"name": "Khá", "min": D(80), "no_zero": False})
    data["adjustments"] = data["adjustments"][1:]
    services.table_save(table=table, **data)
    table.refresh_from_db()
    names = set(Criterion.objects.filter(group__table=table).values_list("name", flat=True))
    assert {"Hoàn thành chỉ tiêu", "Tiêu chí mới"} <= names and dropped["name"] not in names
    assert [b["name"] for b in table.bands][2] == "Khá" and table.adjustments.count() == 5
    assert Criterion.objects.get(pk=first["pk"]).name == "Hoàn thành chỉ tiêu"


def test_two_groups_may_swap_their_codes(world, campaign):
    table = services.table_for_campaign(campaign=campaign)
    data = contents(table)
    data["groups"][0]["code"], data["groups"][1]["code"] = "II", "I"
    services.table_save(table=table, **data)
    assert list(table.groups.values_list("code", flat=True))[:2] == ["II", "I"]


@pytest.mark.parametrize("code", ["duplicate_criterion_code", "max_total_mismatch",
                                  "bands_overlap", "group_in_use"])
def test_a_broken_rule_saves_nothing(world, campaign, code):
    table = services.table_for_campaign(campaign=campaign)
    data = contents(table)
    if code == "duplicate_criterion_code":
        data["criteria"][1]["code"] = data["criteria"][0]["code"]
    elif code == "max_total_mismatch":
        data["criteria"][0]["max_points"] = D(14)
    elif code == "bands_overlap":
        data["bands"][1]["min"] = data["bands"][0]["min"]
    else:
        data["groups"].pop()
    data["criteria"][2]["name"] = "Không được lưu"
    assert code in refused(lambda: services.table_save(table=table, **data))
    assert not Criterion.objects.filter(group__table=table, name="Không được lưu").exists()


def test_a_row_of_another_table_is_refused(world, campaign, general):
    table = services.table_for_campaign(campaign=campaign)
    data = contents(table)
    data["criteria"][0]["pk"] = Criterion.objects.filter(group__table=general).first().pk
    assert refused(lambda: services.table_save(table=table, **data)) == {"stale_row"}


def test_the_table_cannot_change_once_self_scoring_opened(world, campaign):
    table = services.table_for_campaign(campaign=campaign)
    data = contents(table)
    services.scoring_open(table=table)
    table.refresh_from_db()
    assert refused(lambda: services.table_save(table=table, **data)) == {"table_locked"}


def test_a_saved_table_is_in_the_audit_trail(world, campaign):
    table = services.table_for_campaign(campaign=campaign)
    data = contents(table)
    data["criteria"][0]["name"] = "Đổi tên"
    services.table_save(table=table, **data)
    entry = LogEntry.objects.get_for_object(Criterion.objects.get(pk=data["criteria"][0]["pk"]))
    assert entry.filter(additional_data__action="table.save").exists()


# --- the editor's forms ------------------------------------------------------------------

def editor_data(table, **changes):
    """What the page posts for this table unchanged, with `changes` ({input name: value};
    None removes a checkbox)."""
    editor = TableEditor(table)
    data = {}
    for part in (editor.groups, editor.criteria, editor.adjustments, editor.bands):
        for field in part.management_form:
            data[field.html_name] = field.value()
        for form in part.forms:
            for field in form:
                value = field.value()
                if isinstance(field.field.widget, __import__("django").forms.CheckboxInput):
                    if value:
                        data[field.html_name] = "on"
                elif value is not None:
                    data[field.html_name] = str(value).replace(".", ",")
    for field in editor.settings:
        value = field.value()
        if value is not None:
            data[field.html_name] = str(value).replace(".", ",")
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def test_the_page_as_sent_unchanged_is_valid(world, campaign):
    table = services.table_for_campaign(campaign=campaign)
    editor = TableEditor(table, editor_data(table))
    assert editor.is_valid(), (editor.rule_errors, [p.errors for p in editor.parts])


@pytest.mark.parametrize(("changes", "code"), [
    ({"criteria-1-code": "1"}, "duplicate_criterion_code"),
    ({"groups-1-code": "I"}, "duplicate_group_code"),
    ({"criteria-0-max_points": "14"}, "max_total_mismatch"),
    ({"bands-1-min": "95"}, "bands_overlap"),
    ({"bands-3-min": "5"}, "lowest_band_not_zero"),
    ({"bands-0-name": "Tốt"}, "duplicate_band_name"),
    ({"bands-0-min": "120"}, "band_unreachable"),
    ({"groups-3-DELETE": "on"}, "group_in_use"),
])
def test_the_form_names_each_broken_rule(world, campaign, changes, code):
    table = services.table_for_campaign(campaign=campaign)
    editor = TableEditor(table, editor_data(table, **changes))
    assert not editor.is_valid() and code in [e.code for e in editor.rule_errors]


def test_the_form_refuses_a_maximum_of_zero_on_its_field(world, campaign):
    table = services.table_for_campaign(campaign=campaign)
    editor = TableEditor(table, editor_data(table, **{"criteria-0-max_points": "0"}))
    assert not editor.is_valid()
    assert editor.criteria.forms[0].errors.as_data()["max_points"][0].code == "not_positive"


# --- the pages ---------------------------------------------------------------------------

def test_the_head_adds_a_criterion_and_a_band_on_the_page(world, campaign, client_for):
    table = services.table_for_campaign(campaign=campaign)
    group = table.groups.get(code="IV")
    extra = Criterion.objects.filter(group__table=table).count()
    data = editor_data(table, **{
        "settings-total_points": "105",
        f"criteria-{extra}-group": str(group.pk), f"criteria-{extra}-code": "13",
        f"criteria-{extra}-name": "Ứng dụng chuyển đổi số", f"criteria-{extra}-max_points": "5",
        "bands-4-name": "Khá", "bands-4-min": "80"})
    response = client_for(world.users["head"]).post(
        reverse("scoring:table_edit", args=[campaign.pk]), data)
    assert response.status_code == 302
    table.refresh_from_db()
    assert group.criteria.filter(code="13", max_points=5).exists()
    assert [b["name"] for b in table.bands] == ["Xuất sắc", "Tốt", "Khá", "Hoàn thành",
                                                "Không hoàn thành"]


def test_a_refused_page_keeps_what_was_typed_and_says_why(world, campaign, client_for):
    table = services.table_for_campaign(campaign=campaign)
    page = client_for(world.users["head"]).post(
        reverse("scoring:table_edit", args=[campaign.pk]),
        editor_data(table, **{"criteria-0-max_points": "14", "criteria-1-name": "Gõ dở"}))
    assert page.status_code == 200 and 'data-code="max_total_mismatch"' in page.text
    assert "Gõ dở" in page.text
    assert not Criterion.objects.filter(group__table=table, name="Gõ dở").exists()


def test_a_locked_table_page_says_why_and_offers_no_form(world, campaign, client_for):
    table = services.table_for_campaign(campaign=campaign)
    services.scoring_open(table=table)
    page = client_for(world.users["head"]).get(reverse("scoring:table_edit", args=[campaign.pk]))
    assert 'data-code="table_locked"' in page.text and 'id="table-form"' not in page.text


def test_a_post_to_a_locked_table_changes_nothing(world, campaign, client_for):
    table = services.table_for_campaign(campaign=campaign)
    data = editor_data(table, **{"criteria-1-name": "Sau khi khóa"})
    services.scoring_open(table=table)
    page = client_for(world.users["head"]).post(
        reverse("scoring:table_edit", args=[campaign.pk]), data, follow=True)
    assert 'data-code="table_locked"' in page.text
    assert not Criterion.objects.filter(group__table=table, name="Sau khi khóa").exists()


def test_the_deputy_cannot_edit_the_table(world, campaign, client_for):
    services.table_for_campaign(campaign=campaign)
    response = client_for(world.users["deputy"]).get(
        reverse("scoring:table_edit", args=[campaign.pk]))
    assert response.status_code == 403


def test_the_secretariat_edits_a_template_on_its_page(world, general, client_for):
    data = editor_data(general, **{"criteria-2-name": "Công tác chuyên môn của ngành"})
    response = client_for(world.users["secretariat"]).post(
        reverse("scoring:template_edit", args=[general.pk]), data)
    assert response.status_code == 302
    assert Criterion.objects.filter(group__table=general,
                                    name="Công tác chuyên môn của ngành").exists()


def test_a_campaign_table_is_not_reachable_as_a_template(world, campaign, client_for):
    table = services.table_for_campaign(campaign=campaign)
    response = client_for(world.users["secretariat"]).get(
        reverse("scoring:template_edit", args=[table.pk]))
    assert response.status_code == 404


def test_the_secretariat_creates_copies_and_chooses_templates_on_the_list(world, general,
                                                                          client_for):
    client = client_for(world.users["secretariat"])
    client.post(reverse("scoring:template_create"), {"name": "Khối hội", "source": general.pk})
    own = CriteriaTable.objects.get(organisation=world.org, name="Khối hội")
    client.post(reverse("scoring:cluster_template", args=[world.cluster_a.pk]),
                {"template": own.pk})
    page = client.get(reverse("scoring:template_list")).text
    assert ClusterTemplate.objects.get(cluster=world.cluster_a).template == own
    assert "Khối hội" in page and world.cluster_a.name in page


def test_deleting_the_default_template_on_the_page_says_why(world, general, client_for):
    page = client_for(world.users["secretariat"]).post(
        reverse("scoring:template_delete", args=[general.pk]), follow=True)
    assert 'data-code="template_default"' in page.text
    assert CriteriaTable.objects.filter(pk=general.pk).exists()


def test_another_organisations_template_cannot_be_chosen_for_a_cluster(world, client_for):
    theirs = services.template_ensure(organisation=world.other_org)
    services.template_ensure(organisation=world.org)
    page = client_for(world.users["secretariat"]).post(
        reverse("scoring:cluster_template", args=[world.cluster_a.pk]),
        {"template": theirs.pk}, follow=True)
    assert 'data-code="invalid_choice"' in page.text
    assert not ClusterTemplate.objects.exists()


def test_the_empty_rows_sent_as_drawn_add_nothing(world, campaign, client_for):
    table = services.table_for_campaign(campaign=campaign)
    items = table.adjustments.count()
    data = editor_data(table, **{f"items-{items}-kind": "bonus"})  # the select's first option
    response = client_for(world.users["head"]).post(
        reverse("scoring:table_edit", args=[campaign.pk]), data)
    assert response.status_code == 302 and table.adjustments.count() == items


def test_an_imported_file_keeps_the_same_rules_as_the_page(world, campaign, client_for):
    import io

    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    from scoring import table_io

    table = services.table_for_campaign(campaign=campaign)
    book = openpyxl.Workbook()
    book.active.append(table_io.HEADERS)
    for points in ("60", "40"):
        book.active.append(["Tiêu chí", "I", "Nhóm", "1", f"Nội dung {points}", points, "", "",
                            "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    page = client_for(world.users["head"]).post(
        reverse("scoring:scoring_import", args=[campaign.pk]),
        {"file": SimpleUploadedFile("t.xlsx", buffer.getvalue())}, follow=True)
    assert 'data-code="duplicate_criterion_code"' in page.text
    assert Criterion.objects.filter(group__table=table).count() == 12


def test_the_template_list_runs_the_same_queries_for_2_and_6_templates(world, general,
                                                                       client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_cluster

    client = client_for(world.users["secretariat"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("scoring:template_list")).status_code == 200
        return len(captured)

    def grow_to(n):
        while CriteriaTable.objects.filter(organisation=world.org, campaign=None).count() < n:
            copy = services.template_copy(template=general, name=f"Mẫu {n}-{copy_count()}")
            services.cluster_template_set(cluster=make_cluster(world.org), template=copy)

    def copy_count():
        return CriteriaTable.objects.filter(organisation=world.org, campaign=None).count()

    grow_to(2)
    few = queries()
    grow_to(6)
    assert queries() == few


def test_choosing_a_clusters_template_reads_as_a_sentence(world, general):
    other = services.template_copy(template=general, name="Khối hội")
    services.cluster_template_set(cluster=world.cluster_a, template=other)
    rows = audit_rows(LogEntry.objects.filter(additional_data__action="cluster.template"))
    assert rows and world.cluster_a.name in rows[0].sentence and "Khối hội" in rows[0].sentence


def test_the_head_replaces_an_unlocked_table_with_a_template(world, campaign, client_for):
    table = services.table_for_campaign(campaign=campaign)
    general = CriteriaTable.objects.get(organisation=world.org, campaign=None)
    other = services.template_copy(template=general, name="Khối hội")
    Criterion.objects.filter(group__table=other, code="12").update(name="Tiêu chí của khối")
    client_for(world.users["head"]).post(
        reverse("scoring:table_load_template", args=[campaign.pk]), {"template": other.pk})
    names = set(Criterion.objects.filter(group__table=table).values_list("name", flat=True))
    assert "Tiêu chí của khối" in names and len(names) == 12
    assert Criterion.objects.filter(group__table=other).count() == 12  # the template stays


def test_a_locked_table_is_not_replaced(world, campaign):
    table = services.table_for_campaign(campaign=campaign)
    general = CriteriaTable.objects.get(organisation=world.org, campaign=None)
    services.scoring_open(table=table)
    table.refresh_from_db()
    assert refused(lambda: services.table_load_template(table=table, template=general)) == {
        "table_locked"}


def test_replacing_needs_a_template_of_the_organisation(world, campaign, client_for):
    services.table_for_campaign(campaign=campaign)
    theirs = services.template_ensure(organisation=world.other_org)
    page = client_for(world.users["head"]).post(
        reverse("scoring:table_load_template", args=[campaign.pk]), {"template": theirs.pk},
        follow=True)
    assert 'data-code="invalid_choice"' in page.text


def test_the_error_summary_says_which_row_is_wrong(world, campaign, client_for):
    table = services.table_for_campaign(campaign=campaign)
    page = client_for(world.users["head"]).post(
        reverse("scoring:table_edit", args=[campaign.pk]),
        editor_data(table, **{"criteria-4-max_points": "0"}))
    summary = page.text.split('id="error-summary"')[1].split("</ul>")[0]
    assert "Tiêu chí 5 · Điểm chuẩn" in summary
