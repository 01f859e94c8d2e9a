"""WCAG 2.1 AA in a real browser: axe-core (from npm) runs on the demo's pages as every role, on a
desktop and a phone screen, and finds nothing critical or serious."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign
from clusters.models import Cluster
from core.years import current_year
from members.models import Representative
from scoring.models import CriteriaTable, ScoreSheet
from tests.browser.conftest import login
from voting import python_client
from voting import services as voting

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def axe_page(browser, live_server):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (axe-core is a devDependency)")
    # bypass_csp ONLY here: the portal's Content-Security-Policy rightly refuses the inline
    # <script> that add_script_tag(content=…) injects, and axe-core is not one of our files.
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="vi-VN", bypass_csp=True)
    context.set_default_timeout(15000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def serious_violations(page):
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("tags => axe.run({runOnly: {type: 'tag', values: tags}})", TAGS)
    return [
        {"rule": v["id"], "impact": v["impact"],
         "nodes": [n["target"] for n in v["nodes"][:3]] + (["…"] if len(v["nodes"]) > 3 else [])}
        for v in result["violations"] if v["impact"] in ("critical", "serious")]


def open_a_vote(campaign):
    """This year's conference of cluster 6 open, so that a designated voter has a ballot."""
    # Prepared from locked results only: the demo's year counts as locked for this module.
    CriteriaTable.objects.filter(campaign=campaign).update(results_locked_at=timezone.now())
    session = voting.session_prepare(campaign=campaign)
    members = campaign.cluster.memberships.filter(year=campaign.year).select_related("unit")
    voting.attendance_set(session=session, units=[m.unit for m in members])
    session = voting.session_open(session=session)
    python_client.board_keys_publish(session)  # the board's browsers: the ballot form shows
    return session.questions.filter(closed_at__isnull=True).order_by("order", "pk").first()


def pages_by_role():
    year = current_year()
    cluster = Cluster.objects.get(name="Cụm thi đua số 6")
    now = Campaign.objects.get(cluster=cluster, year=year)
    last = Campaign.objects.get(cluster=cluster, year=year - 1)
    unit = Representative.objects.select_related("unit").get(user__username="dv.ch-tmu").unit
    sheet = ScoreSheet.objects.filter(unit=unit, table__campaign=last).first()
    question = open_a_vote(now)
    report = {"campaign_pk": now.pk, "unit_pk": unit.pk, "period": "semiannual"}
    return {
        "thuky.hlg": [  # secretariat
            reverse("portal:home"), reverse("clusters:cluster_list"),
            reverse("clusters:cluster_detail", args=[cluster.pk]), reverse("clusters:unit_list"),
            reverse("clusters:unit_detail", args=[unit.pk]),
            reverse("campaigns:organisation_calendar"), reverse("reports:organisation_board"),
            reverse("awards:council_page"), reverse("portal:audit_log"),
        ],
        "lanhdao.hlg": [  # leadership
            reverse("portal:home"),
            reverse("dashboards:organisation_dashboard") + f"?year={year - 1}",
            reverse("dashboards:cluster_dashboard", args=[last.pk]),
        ],
        "dv.ch-neu": [  # head of cluster 6
            reverse("portal:home"), reverse("campaigns:campaign_detail", args=[now.pk]),
            reverse("reports:summary_edit", kwargs={"campaign_pk": now.pk, "period": "semiannual"}),
            reverse("scoring:results_page", args=[last.pk]),
            reverse("voting:voting_session", args=[now.pk]),
            reverse("campaigns:cluster_calendar", args=[cluster.pk]),
        ],
        "dv.ch-tmu": [  # member, its unit's designated voter
            reverse("portal:home"), reverse("reports:report_edit", kwargs=report),
            reverse("reports:activity_list", args=[unit.pk]),
            reverse("scoring:sheet_detail", args=[sheet.pk]),
            reverse("voting:ballot", args=[question.pk]),
            reverse("voting:bulletin", args=[question.pk]),
            reverse("twofactor:security"), reverse("password_change"),
        ],
    }


def test_no_page_has_a_critical_or_serious_accessibility_violation(axe_page, demo):
    page = axe_page
    found = {}
    checked = 0
    for username, paths in pages_by_role().items():
        page.context.clear_cookies()
        login(page, username)
        for path in paths:
            for name, size in VIEWPORTS.items():
                page.set_viewport_size(size)
                response = page.goto(page.base_url + path)
                assert response.status == 200, (username, path, response.status)
                checked += 1
                if violations := serious_violations(page):
                    found[f"{username} {path} {name}"] = violations
    assert checked >= 30
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
