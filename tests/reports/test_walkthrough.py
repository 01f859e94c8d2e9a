"""One cluster's first half-year, end to end (issue acceptance): launch → targets → signing →
finalise → semi-annual reports (on time, late with an extension, returned and resubmitted,
missing) → summary, and the documents that come out of it."""

import datetime

import pytest
import time_machine

from campaigns import services as campaign_services
from campaigns.documents import pledge_document
from clusters.models import Membership
from documents.docx import render_docx
from documents.pdf import render_pdf
from reports import services
from reports.documents import summary_document
from reports.models import ClusterSummary, Report
from reports.selectors import compile_summary
from tests.conftest import at
from tests.factories import make_membership, make_rep, make_unit
from tests.helpers import docx_text, pdf_text, register_and_sign, write_report


@pytest.fixture
def year_walked(world, campaign):
    y = world.year
    missing_unit = make_unit(world.org, code="UX", name="Hội Doanh nghiệp tỉnh")
    make_membership(world.cluster_a, missing_unit, y)
    make_rep(missing_unit)
    from campaigns.models import UnitPledge

    UnitPledge.objects.create(campaign=campaign, unit=missing_unit)
    users, head = world.users, world.users["head"]
    plan = {world.head_unit: [("Tổ chức hội thảo", "cuộc", 4)],
            world.deputy_unit: [("Tư vấn pháp luật miễn phí", "lượt", 1200)],
            world.member_unit: [("Phát triển hội viên mới", "người", 35)],
            missing_unit: [("Tuyên truyền pháp luật", "buổi", 10)]}
    rep_of = {world.head_unit: users["head"], world.deputy_unit: users["deputy"],
              world.member_unit: users["member"], missing_unit: missing_unit.representatives
              .get().user}
    with time_machine.travel(at(y, 4, 1), tick=False):
        for unit, targets in plan.items():
            register_and_sign(campaign, unit, rep_of[unit], targets)
        campaign_services.pledge_finalise(campaign=campaign)
    with time_machine.travel(at(y, 7, 5), tick=False):  # on time
        report = write_report(campaign, world.head_unit, "semiannual", {"Tổ chức hội thảo": 3})
        services.report_submit(report=report, user=users["head"])
    with time_machine.travel(at(y, 7, 6), tick=False):  # returned, then resubmitted
        report = write_report(campaign, world.deputy_unit, "semiannual",
                              {"Tư vấn pháp luật miễn phí": 700})
        services.report_submit(report=report, user=users["deputy"])
        services.report_return(report=report, comment="Bổ sung số liệu tư vấn.")
    with time_machine.travel(at(y, 7, 8), tick=False):
        report = write_report(campaign, world.deputy_unit, "semiannual",
                              {"Tư vấn pháp luật miễn phí": 1234.5})
        services.report_submit(report=report, user=users["deputy"])
    with time_machine.travel(at(y, 7, 9), tick=False):  # the head extends one unit
        campaign_services.deadline_extend(
            campaign=campaign, deadline="semiannual", unit=world.member_unit,
            new_due=datetime.date(y, 7, 20), reason="Đơn vị tổ chức đại hội", by=head)
    with time_machine.travel(at(y, 7, 15), tick=False):  # after the base date, in extension
        report = write_report(campaign, world.member_unit, "semiannual",
                              {"Phát triển hội viên mới": 40})
        services.report_submit(report=report, user=users["member"])
    with time_machine.travel(at(y, 7, 22), tick=False):
        services.summary_save(campaign=campaign, period="semiannual",
                              narrative="Các đơn vị tích cực triển khai phong trào.")
        services.summary_issue(campaign=campaign, period="semiannual", by=head)
    return campaign, missing_unit


def test_the_summary_classifies_every_unit(world, year_walked):
    campaign, missing_unit = year_walked
    with time_machine.travel(at(world.year, 7, 22), tick=False):
        status = {row.unit.code: row.status for row in
                  compile_summary(campaign, "semiannual").rows}
    assert status == {"UH": "on_time", "UD": "on_time", "UM": "on_time", "UX": "overdue"}


def test_the_returned_report_keeps_both_versions(world, year_walked):
    report = Report.objects.get(unit=world.deputy_unit)
    assert (report.status, report.versions.count()) == ("resubmitted", 2)


def test_the_summary_adds_up_figures_per_target(world, year_walked):
    campaign, _ = year_walked
    totals = {t.name: (t.actual, t.completion) for t in
              compile_summary(campaign, "semiannual").totals}
    assert totals["Tư vấn pháp luật miễn phí"][0] == 1234.5
    assert str(totals["Phát triển hội viên mới"][1]) == "114.3"


def test_the_summary_is_numbered_for_the_cluster_and_year(world, year_walked):
    summary = ClusterSummary.objects.get()
    assert summary.document.number_label == "01/BC-A"


def test_pledge_pdf_and_docx_name_every_unit_and_target(world, year_walked):
    campaign, missing_unit = year_walked
    document = pledge_document(campaign, world.users["secretariat"])
    for text in (pdf_text(render_pdf(document)), docx_text(render_docx(document))):
        for unit in Membership.objects.filter(cluster=campaign.cluster, year=campaign.year):
            assert unit.unit.name in text
        assert "Tư vấn pháp luật miễn phí" in text and "1.200" in text
        assert "BẢN GIAO ƯỚC THI ĐUA" in text


def test_summary_pdf_and_docx_carry_names_statuses_and_figures(world, year_walked):
    campaign, missing_unit = year_walked
    summary = ClusterSummary.objects.get()
    document = summary_document(summary, world.users["head"])
    for text in (pdf_text(render_pdf(document)), docx_text(render_docx(document))):
        assert all(u.name in text for u in (world.head_unit, world.deputy_unit,
                                            world.member_unit, missing_unit))
        assert "1.234,5" in text and "Chưa gửi" in text and "Số: 01/BC-A" in text
