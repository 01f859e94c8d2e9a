"""The user guide's screenshots (docs/huong-dan/anh/*.png), taken on the seeded demo as each role.

`make test` runs this module, so the guide always shows the pages as they are. One browser
context per role, only the pages the guide shows. Names are fixed: the guide refers to them.
Desktop shots are 1366 px wide, phone shots ("-dien-thoai") 390 px.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign
from clusters.models import Cluster, Unit
from core.years import current_year
from portal import guide
from scoring.models import CriteriaTable, ScoreSheet
from tests.browser.conftest import login
from voting import python_client
from voting import services as voting
from voting.models import VotingSession

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# Tall pages are cut: the guide shows their top, not a poster.
MAX_HEIGHT = {"desktop": 1100, "phone": 1500}


def shoot(page, name, path=None, *, phone=False, max_height=None):
    """Save a screenshot of `path` (or of the page as it is) as anh/<name>.png: its top,
    at most max_height pixels (MAX_HEIGHT by default).

    A phone shot opens `path` in a second tab of the same browser context (same login) sized as
    a phone: resizing one tab back and forth after a full-page screenshot once left Chromium
    never answering, and the whole suite hung there."""
    if phone:
        assert path is not None, "a phone shot opens its own tab: give it a path"
        tab = page.context.new_page()
        tab.base_url = page.base_url
        try:
            tab.set_viewport_size(PHONE)
            return _shoot_tab(tab, name, path, PHONE, max_height or MAX_HEIGHT["phone"])
        finally:
            tab.close()
    return _shoot_tab(page, name, path, DESKTOP, max_height or MAX_HEIGHT["desktop"])


def _shoot_tab(page, name, path, viewport, max_height):
    if path is not None:
        response = page.goto(page.base_url + path)
        assert response.status == 200, (name, path, response.status)
    total = page.evaluate("document.documentElement.scrollHeight")
    guide.IMAGE_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(guide.IMAGE_DIR / f"{name}.png"), full_page=True,
                    clip={"x": 0, "y": 0, "width": viewport["width"],
                          "height": min(max_height, total)})
    return f"{name}.png"


class Demo:
    """The demo objects the guide shows: cluster 6, this year and last year."""

    def __init__(self):
        year = current_year()
        self.year = year
        self.cluster = Cluster.objects.get(code="CTD6")
        self.now = Campaign.objects.get(cluster=self.cluster, year=year)
        self.last = Campaign.objects.get(cluster=self.cluster, year=year - 1)
        self.units = {u.code: u for u in Unit.objects.filter(organisation__code="hlg")}

    def report(self, code, period="semiannual"):
        return reverse("reports:report_edit", kwargs={
            "campaign_pk": self.now.pk, "unit_pk": self.units[code].pk, "period": period})

    def last_sheet(self, code):
        sheet = ScoreSheet.objects.get(unit=self.units[code], table__campaign=self.last)
        return reverse("scoring:sheet_detail", args=[sheet.pk])


def open_the_vote(campaign):
    """This year's conference of cluster 6 voting (the demo stops before it). Returns the
    session and whether this module opened it (then it also removes it afterwards)."""
    session = VotingSession.objects.filter(campaign=campaign).first()
    if session is not None:
        return session, False
    # The vote is prepared from locked results only; the demo's year is still being
    # scored, so its results count as locked for as long as the vote is open here.
    CriteriaTable.objects.filter(campaign=campaign).update(results_locked_at=timezone.now())
    session = voting.session_prepare(campaign=campaign)
    members = campaign.cluster.memberships.filter(year=campaign.year).select_related("unit")
    voting.attendance_set(session=session, units=[m.unit for m in members])
    session = voting.session_open(session=session)
    python_client.board_keys_publish(session)  # the counting board's browsers, in Python
    return session, True


def anonymous(page, demo):
    page.goto(page.base_url + reverse("login"))
    return [shoot(page, "dang-nhap", max_height=560)]


def secretariat(page, demo):
    login(page, "thuky.hlg")
    last_year = f"?year={demo.year - 1}"
    return [
        shoot(page, "thu-ky-trang-chu", reverse("portal:home")),
        shoot(page, "thu-ky-sao-chep-nam", reverse("clusters:membership_copy")),
        shoot(page, "thu-ky-cum", reverse("clusters:cluster_detail", args=[demo.cluster.pk])),
        shoot(page, "thu-ky-nhap-bang-tinh", reverse("clusters:registry_import")),
        shoot(page, "thu-ky-cai-dat", reverse("clusters:organisation_settings")),
        shoot(page, "thu-ky-tien-do", reverse("reports:organisation_board")),
        shoot(page, "thu-ky-khen-thuong", reverse("awards:council_page") + last_year),
        shoot(page, "thu-ky-ghi-quyet-dinh", reverse("awards:decision_create") + last_year),
        shoot(page, "thu-ky-nhat-ky", reverse("portal:audit_log")),
    ]


def head(page, demo):
    login(page, "dv.ch-neu")
    return [
        shoot(page, "cum-truong-trang-chu", reverse("portal:home")),
        shoot(page, "cum-truong-phong-trao",
              reverse("campaigns:campaign_detail", args=[demo.now.pk])),
        shoot(page, "cum-truong-bang-tieu-chi",
              reverse("scoring:scoring_table", args=[demo.now.pk])),
        # the whole report, down to the head's review box at its foot
        shoot(page, "cum-truong-xem-bao-cao", demo.report("CH-FTU"), max_height=2000),
        shoot(page, "cum-truong-tong-hop-cum", reverse(
            "reports:summary_edit", kwargs={"campaign_pk": demo.now.pk, "period": "semiannual"})),
        shoot(page, "cum-truong-ket-qua", reverse("scoring:results_page", args=[demo.last.pk])),
        shoot(page, "cum-truong-bo-phieu", reverse("voting:voting_session", args=[demo.now.pk])),
        shoot(page, "cum-truong-ket-qua-bo-phieu",
              reverse("voting:voting_session", args=[demo.last.pk])),
        shoot(page, "cum-truong-de-nghi", reverse("awards:nominations_page", args=[demo.last.pk])),
    ]


def deputy(page, demo):
    login(page, "dv.ch-hvnh")
    return [
        shoot(page, "cum-pho-trang-chu", reverse("portal:home")),
        shoot(page, "cum-pho-bao-cao-bi-tra-lai", demo.report("CH-HVNH")),
    ]


def member(page, demo):
    login(page, "dv.ch-tmu")
    unit = demo.units["CH-TMU"]
    return [
        shoot(page, "dai-dien-trang-chu", reverse("portal:home")),
        shoot(page, "dai-dien-trang-chu-dien-thoai", reverse("portal:home"), phone=True),
        shoot(page, "dai-dien-giao-uoc", reverse(
            "campaigns:pledge_edit", kwargs={"campaign_pk": demo.now.pk, "unit_pk": unit.pk})),
        shoot(page, "dai-dien-nhat-ky-hoat-dong",
              reverse("reports:activity_list", args=[unit.pk])),
        shoot(page, "dai-dien-bao-cao", demo.report("CH-TMU")),
        shoot(page, "dai-dien-bao-cao-dien-thoai", demo.report("CH-TMU"), phone=True),
        shoot(page, "dai-dien-phieu-cham-diem", demo.last_sheet("CH-TMU")),
    ]


def voter(page, demo, question):
    """The member's representative again, as its unit's designated voter: one ballot cast."""
    login(page, "dv.ch-tmu")
    ballot = reverse("voting:ballot", args=[question.pk])
    shots = [
        shoot(page, "bo-phieu-trang-chu", reverse("portal:home")),
        shoot(page, "bo-phieu-phieu-bau-dien-thoai", ballot, phone=True),
        shoot(page, "bo-phieu-phieu-bau", ballot),
    ]
    page.locator("main input[type=radio]").nth(1).check()
    page.click("#ballot-continue")  # choose, confirm, then encrypt in the browser
    page.click("#cast")
    page.wait_for_selector("#receipt-code")
    return [*shots, shoot(page, "bo-phieu-ma-xac-nhan")]


def leadership(page, demo):
    login(page, "lanhdao.hlg")
    dashboard = reverse("dashboards:organisation_dashboard") + f"?year={demo.year - 1}"
    return [
        shoot(page, "lanh-dao-trang-chu", reverse("portal:home")),
        shoot(page, "lanh-dao-tong-hop", dashboard),
        # one phone screen: the key figures and the charts, not the wide table below them
        shoot(page, "lanh-dao-tong-hop-dien-thoai", dashboard, phone=True,
              max_height=PHONE["height"]),
        shoot(page, "lanh-dao-tong-hop-cum",
              reverse("dashboards:cluster_dashboard", args=[demo.last.pk])),
    ]


def referenced_images():
    return {name for slug in guide.page_slugs() for name in guide.referenced_images(slug)}


@pytest.fixture
def role_page(browser, live_server):
    """role_page() → a page in a new browser context (one per role), closed at the end."""
    contexts = []

    def new_page():
        context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
        context.set_default_timeout(15000)
        contexts.append(context)
        page = context.new_page()
        page.base_url = live_server.url
        return page

    yield new_page
    for context in contexts:
        context.close()


def test_the_guide_screenshots_are_taken_on_the_demo_as_each_role(role_page, demo):
    data = Demo()
    session, opened_here = open_the_vote(data.now)
    # the first question a unit can still vote on (one without candidates is closed at opening)
    question = session.questions.filter(closed_at__isnull=True).order_by("order").first()
    try:
        written = [
            *anonymous(role_page(), data), *secretariat(role_page(), data),
            *head(role_page(), data), *deputy(role_page(), data), *member(role_page(), data),
            *voter(role_page(), data, question),
            *leadership(role_page(), data),
        ]
    finally:
        if opened_here:  # leave the demo as the other browser tests expect it
            VotingSession.objects.filter(pk=session.pk).delete()
            CriteriaTable.objects.filter(campaign=data.now).update(results_locked_at=None)
    assert set(written) == referenced_images()
