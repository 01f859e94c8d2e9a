"""The secretariat records the 2023 year after the fact, in today's database, with its real
dates: pledge signed in April, reports in July and November, the conference on 05/12/2023,
the decision in December. No extension, no clock moved: lateness follows the recorded dates,
both minutes carry the conference's date, and the 2024 rotation gives the elected units
their rights."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from awards import services as award_services
from campaigns import services as campaign_services
from campaigns.models import AwardType, Campaign, UnitPledge
from clusters.models import Membership
from members.models import StaffRole
from members.permissions import Action, allows, cluster_roles
from reports import services as report_services
from reports.models import Report
from tests.browser.conftest import login, screenshot
from tests.factories import make_cluster, make_membership, make_org, make_rep, make_staff, make_unit
from tests.helpers import lock_results, pdf_text, write_report
from tests.voting.conftest import close_and_count, vote_as
from voting import services as voting_services
from voting.models import VotingSession

PASSWORD = "pw-for-tests-123"
YEAR = 2023
D = datetime.date


@pytest.fixture
def registry(transactional_db):
    """The cluster as it was in 2023: head H, deputy D, member M, each with its voter."""
    org = make_org(code="gn")
    org.allow_late_reports = True  # the real year had one late report: it is recorded as late
    org.save()
    cluster = make_cluster(org, code="G7", name="Cụm thi đua số 7")
    units, users = {}, {}
    for code, name, role in (("H", "Hội Luật gia tỉnh Điện Biên", "head"),
                             ("D", "Hội Chữ thập đỏ tỉnh", "deputy"),
                             ("M", "Hội Người cao tuổi tỉnh", "member")):
        units[code] = make_unit(org, code=f"G{code}", name=name)
        make_membership(cluster, units[code], YEAR, role)
        users[code] = make_rep(units[code])
        users[code].username = f"gn-{code.lower()}"
        users[code].set_password(PASSWORD)
        users[code].save()
    secretariat = make_staff(org, StaffRole.Role.SECRETARIAT)
    secretariat.username = "gn-thuky"
    secretariat.set_password(PASSWORD)
    secretariat.save()
    campaign = campaign_services.campaign_save(campaign=Campaign(
        cluster=cluster, year=YEAR, title="Phong trào thi đua năm 2023", place="Điện Biên",
        pledge_due=D(YEAR, 4, 15), semiannual_due=D(YEAR, 7, 10), yearend_due=D(YEAR, 11, 20),
        selfscore_due=D(YEAR, 11, 25), verification_due=D(YEAR, 11, 30),
        conference_on=D(YEAR, 12, 5), dossier_due=D(YEAR, 12, 20)))
    return campaign, units, users


def as_user(page, username):
    page.context.clear_cookies()
    login(page, username, PASSWORD)


def post_with_date(page, url, form_selector, day, dialog=True, check=None):
    page.goto(page.base_url + url)
    if check:
        page.check(check)
    form = page.locator(form_selector)
    form.locator("input[name=occurred_on]").fill(day.isoformat())
    if dialog:
        page.once("dialog", lambda d: d.accept())
    form.locator("button[type=submit]").last.click()
    page.wait_for_load_state()


def test_a_past_year_is_recorded_with_its_real_dates(page, registry):
    campaign, units, users = registry
    detail = reverse("campaigns:campaign_detail", args=[campaign.pk])

    # The secretariat switches the 2023 campaign into recording mode (with confirmation).
    as_user(page, "gn-thuky")
    page.goto(page.base_url + detail)
    page.click("#recording-switch summary")
    page.check("#confirm-recording")
    page.once("dialog", lambda d: d.accept())
    page.click("#recording-toggle")
    page.wait_for_load_state()
    assert "Chế độ ghi nhận sau" in page.inner_text("#recording-banner")

    # The head launches; each unit signs on its real day (M five days after the deadline).
    as_user(page, "gn-h")
    page.goto(page.base_url + detail)
    page.once("dialog", lambda d: d.accept())
    page.click(f"form[action='{reverse('scoring:campaign_launch', args=[campaign.pk])}'] button")
    page.wait_for_load_state()
    campaign.refresh_from_db()
    for code, day in (("H", D(YEAR, 4, 12)), ("D", D(YEAR, 4, 12)), ("M", D(YEAR, 4, 20))):
        pledge = UnitPledge.objects.get(campaign=campaign, unit=units[code])
        campaign_services.pledge_save(pledge=pledge, titles=[], targets=[
            {"name": "Phát triển hội viên", "measure": "người", "target_value": Decimal(100),
             "note": ""}])
        as_user(page, f"gn-{code.lower()}")
        sign_url = reverse("campaigns:pledge_edit", args=[campaign.pk, units[code].pk])
        post_with_date(page, sign_url, "form[action$='/pledge/sign/']", day,
                       check="#confirm-sign")
    as_user(page, "gn-h")
    finalise = reverse("campaigns:pledge_finalise", args=[campaign.pk])
    post_with_date(page, detail, f"form[action='{finalise}']", D(YEAR, 4, 20))

    campaign.refresh_from_db()
    assert campaign.pledge_finalised_at.date() == D(YEAR, 4, 20)

    # Reports: H submits its semi-annual report through the page in July; the rest is
    # entered with their dates; M's year-end report came five days late.
    write_report(campaign, units["H"], "semiannual", {"Phát triển hội viên": 60})
    as_user(page, "gn-h")
    report_url = reverse("reports:report_edit", args=[campaign.pk, units["H"].pk, "semiannual"])
    page.goto(page.base_url + report_url)
    page.fill("#occurred-on-submit", D(YEAR, 7, 8).isoformat())
    page.click("button[name=submit]")
    page.wait_for_load_state()
    for code, period, day in (("D", "semiannual", D(YEAR, 7, 10)),
                              ("M", "semiannual", D(YEAR, 7, 5)),
                              ("H", "yearend", D(YEAR, 11, 15)),
                              ("D", "yearend", D(YEAR, 11, 18)),
                              ("M", "yearend", D(YEAR, 11, 25))):
        report = write_report(campaign, units[code], period, {"Phát triển hội viên": 120})
        report_services.report_submit(report=report, user=users[code], occurred_on=day)
    # The head accepts H's semi-annual report on the page, on its real day.
    head_report = Report.objects.get(campaign=campaign, unit=units["H"], period="semiannual")
    post_with_date(page, report_url,
                   f"form[action='{reverse('reports:report_accept', args=[head_report.pk])}']",
                   D(YEAR, 7, 12), dialog=False)
    page.goto(page.base_url + detail)
    boards = page.inner_text("main")
    screenshot(page, "recording-past-year-campaign")
    assert "trễ hạn (5 ngày)" in boards  # M's year-end report, 25/11 against 20/11
    assert boards.count("trễ hạn") == 2  # M's pledge (20/04) and that report: nothing else

    # Scoring is not what this test records: the head locks the results as they stand,
    # since the vote is prepared from locked results only.
    lock_results(campaign)
    # The conference of 05/12/2023: its date, times and place on the vote page; the vote.
    vote_url = reverse("voting:voting_session", args=[campaign.pk])
    page.goto(page.base_url + vote_url)
    page.click(f"form[action='{reverse('voting:voting_prepare', args=[campaign.pk])}'] button")
    page.wait_for_load_state()
    page.fill("#id_held_on", D(YEAR, 12, 5).isoformat())
    page.fill("#id_starts_at", "08:00")
    page.fill("#id_ends_at", "11:30")
    page.fill("#id_place", "Hội trường Hội Luật gia tỉnh Điện Biên")
    page.click("#conference button[type=submit]")
    page.wait_for_load_state()
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "recording-conference-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    session = VotingSession.objects.get(campaign=campaign)
    voting_services.attendance_set(session=session, units=list(units.values()))
    page.goto(page.base_url + vote_url)
    page.once("dialog", lambda d: d.accept())
    page.click(f"form[action='{reverse('voting:voting_open', args=[campaign.pk])}'] button")
    page.wait_for_load_state()
    session.refresh_from_db()
    # Encrypted as the browsers do, counted by the board (voting/python_client.py).
    for kind, elected in (("head", "D"), ("deputy", "M")):
        question = session.questions.get(kind=kind)
        for code in units:
            vote_as(question, units[code], users[code], units[elected])
    close_and_count(session, {units[code]: users[code] for code in units})
    page.goto(page.base_url + vote_url)
    page.once("dialog", lambda d: d.accept())
    page.click("button:has-text('Kết thúc bỏ phiếu')")
    page.wait_for_load_state()
    for kind in ("kiem-phieu", "bien-ban"):
        response = page.request.get(page.base_url + reverse(
            "voting:vote_document", args=[campaign.pk, kind, "pdf"]))
        text = " ".join(pdf_text(response.body()).split())
        assert "vào lúc 08 giờ 00, ngày 05 tháng 12 năm 2023, tại Hội trường" in text

    # The council's decision in December.
    award = AwardType.objects.filter(organisation=campaign.cluster.organisation).first()
    award_services.decision_record(
        outside_reason="Khen thưởng đột xuất",
        organisation=campaign.cluster.organisation, award=award, year=YEAR, number="215/QĐ-HLG",
        signed_on=D(YEAR, 12, 18), issuer="Hội Luật gia Việt Nam", signer="Phạm Văn Hùng",
        units=[units["D"]], by=users["H"])

    # The rotation: the units elected on 05/12/2023 hold the head's and deputy's rights in 2024.
    roles_2024 = {m.unit_id: m.role for m in Membership.objects.filter(
        cluster=campaign.cluster, year=YEAR + 1)}
    assert (roles_2024[units["D"].pk], roles_2024[units["M"].pk]) == ("head", "deputy")
    assert allows(Action.RUN_CLUSTER, cluster_roles(users["D"], campaign.cluster, YEAR + 1))
