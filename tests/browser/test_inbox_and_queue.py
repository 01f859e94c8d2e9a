"""The home page follows what happened: a member sees the returned report with the head's
comment, then "đã gửi" once resubmitted, then the open ballot; the head clears a queue of
seven reports in a handful of clicks."""

import datetime

import pytest

from campaigns import services as campaign_services
from campaigns.models import Campaign
from reports import services
from reports.models import Report
from tests.browser.conftest import login, screenshot
from tests.factories import make_cluster, make_membership, make_org, make_rep, make_unit
from tests.helpers import lock_results, write_report
from voting import services as voting_services

PASSWORD = "pw-for-tests-123"
MEMBERS = 7


@pytest.fixture
def cluster_year(transactional_db):
    """A head unit and seven member units; every deadline a month ahead; each member unit
    has submitted its semi-annual report; the first one was returned with a comment."""
    org = make_org(code="ib")
    cluster = make_cluster(org, code="CI", name="Cụm thi đua số 7")
    today = datetime.date.today()
    head = make_unit(org, code="H", name="Hội Luật gia tỉnh")
    make_membership(cluster, head, today.year, "head")
    users = {"head": make_rep(head)}
    units = [head]
    for n in range(1, MEMBERS + 1):
        unit = make_unit(org, code=f"M{n}", name=f"Chi hội Luật gia số {n}")
        make_membership(cluster, unit, today.year, "member")
        users[f"m{n}"] = make_rep(unit)
        units.append(unit)
    for name, user in users.items():
        user.username = f"ib-{name}"
        user.save()
    due = today + datetime.timedelta(days=30)
    campaign = campaign_services.campaign_save(campaign=Campaign(
        cluster=cluster, year=today.year, title="Thi đua",
        **{f: due for f in ("pledge_due", "semiannual_due", "yearend_due", "selfscore_due",
                            "verification_due", "conference_on", "dossier_due")}))
    campaign_services.campaign_launch(campaign=campaign)
    campaign.refresh_from_db()
    for n, unit in enumerate(units[1:], start=1):
        report = write_report(campaign, unit, "semiannual", {})
        services.report_submit(report=report, user=users[f"m{n}"])
    first = Report.objects.get(campaign=campaign, unit=units[1], period="semiannual")
    services.report_return(report=first, comment="Đề nghị bổ sung số hội viên mới.")
    return campaign, units, users


def shots(page, name):
    """The page at desktop and phone width (test-artifacts/screenshots/)."""
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def inbox_item(page, label):
    return page.locator(".inbox-item", has_text=label).first


def test_a_members_home_follows_the_returned_report_then_the_ballot(page, cluster_year):
    campaign, units, users = cluster_year
    login(page, "ib-m1", PASSWORD)
    item = inbox_item(page, "Báo cáo sơ kết 6 tháng")
    assert "bị trả lại" in item.inner_text()
    assert "Đề nghị bổ sung số hội viên mới." in item.inner_text()
    shots(page, "inbox-member-returned")

    item.locator("a").click()
    page.fill("textarea[name=results]", "Kết nạp 12 hội viên mới.")
    page.click("button[name=submit]")
    page.wait_for_load_state()
    page.goto(page.base_url + "/")
    assert "đã gửi" in inbox_item(page, "Báo cáo sơ kết 6 tháng").inner_text()

    lock_results(campaign)
    session = voting_services.session_prepare(campaign=campaign)
    voting_services.attendance_set(session=session, units=units)
    voting_services.session_open(session=session)
    page.reload()
    ballot = page.locator(".inbox-item[data-state=voting]").first
    assert "đang bỏ phiếu" in ballot.inner_text()
    shots(page, "inbox-member-voting")
    ballot.locator("a").click()
    page.wait_for_load_state()
    assert "/ballot/" in page.url


def test_the_head_accepts_seven_reports_from_the_queue_in_few_clicks(page, cluster_year):
    campaign, units, users = cluster_year
    resubmitted = Report.objects.get(campaign=campaign, unit=units[1], period="semiannual")
    services.report_submit(report=resubmitted, user=users["m1"])
    login(page, "ib-head", PASSWORD)
    shots(page, "inbox-head")
    clicks = 0

    def click(selector):
        nonlocal clicks
        clicks += 1
        page.click(selector)
        page.wait_for_load_state()

    click(".inbox-item >> text=Báo cáo chờ duyệt: 7")
    shots(page, "review-queue")
    for _ in range(3):
        click("#accept-current")
    assert "4 báo cáo đang chờ duyệt" in page.inner_text("#queue-count")
    click("#accept-all")
    shots(page, "review-confirm")
    click("#confirm-accept")
    assert page.locator("#queue-empty").is_visible()
    accepted = Report.objects.filter(campaign=campaign, status=Report.Status.ACCEPTED).count()
    assert (accepted, clicks <= 15) == (MEMBERS, True), clicks
