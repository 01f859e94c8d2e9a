"""In Chromium, at desktop width and at 390 px: the secretariat approves one nomination and
returns another with a comment; the decision form offers the approved one, which is awarded
(the other approved nominations stay "not awarded"); the head closes the year; next year's
campaign is created from it on its confirmation page; its vote page says the results are not
locked yet instead of offering to prepare the vote."""

import datetime

import pytest
from django.urls import reverse

from awards.models import Nomination
from campaigns import services as campaign_services
from campaigns.models import AwardType, Campaign
from members.models import StaffRole
from scoring import services as scoring_services
from tests.browser.conftest import login, screenshot
from tests.factories import make_cluster, make_membership, make_org, make_rep, make_staff, make_unit
from tests.helpers import register_and_sign

PASSWORD = "pw-for-tests-123"
YEAR = 2023
D = datetime.date
PHONE = {"width": 390, "height": 844}


def _user(user, username):
    user.username = username
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def year_at_dossier(transactional_db):
    """A 2023 campaign at the dossier stage with three nominations received by the council;
    the member unit continues in 2024."""
    org = make_org(code="tq")
    cluster = make_cluster(org, code="T3", name="Cụm thi đua số 3")
    units = {}
    for code, name, role in (("H", "Hội Luật gia tỉnh Tuyên Quang", "head"),
                             ("D", "Hội Chữ thập đỏ tỉnh", "deputy"),
                             ("M", "Hội Người cao tuổi tỉnh", "member")):
        units[code] = make_unit(org, code=f"T{code}", name=name)
        make_membership(cluster, units[code], YEAR, role)
    make_membership(cluster, units["M"], YEAR + 1)
    head = _user(make_rep(units["H"]), "tq-h")
    member = make_rep(units["M"])
    _user(make_staff(org, StaffRole.Role.SECRETARIAT), "tq-thuky")
    campaign = campaign_services.campaign_save(campaign=Campaign(
        cluster=cluster, year=YEAR, title="Phong trào thi đua năm 2023", place="Tuyên Quang",
        pledge_due=D(YEAR, 2, 28), semiannual_due=D(YEAR, 7, 10), yearend_due=D(YEAR, 11, 20),
        selfscore_due=D(YEAR, 11, 25), verification_due=D(YEAR, 11, 30),
        conference_on=D(YEAR, 12, 5), dossier_due=D(YEAR, 12, 20)))
    campaign_services.campaign_launch(campaign=campaign)
    register_and_sign(campaign, units["M"], member, [("Phát triển hội viên", "người", 40)])
    campaign_services.pledge_finalise(campaign=campaign)
    scoring_services.table_for_campaign(campaign=campaign)
    flag = AwardType.objects.get(organisation=org, level="org_flag")
    merit = AwardType.objects.get(organisation=org, level="org_merit")
    for unit, award in ((units["M"], flag), (units["D"], flag), (units["H"], merit)):
        Nomination.objects.create(campaign=campaign, award=award, unit=unit,
                                  award_name=award.name, status="submitted",
                                  achievements=f"{unit.name}: thành tích năm {YEAR}.")
    return campaign, units, head, flag


def both_widths(page, name):
    screenshot(page, name)
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-390")
    wide = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    return wide


def test_the_council_decides_and_the_year_closes_into_the_next(page, year_at_dossier):
    campaign, units, head, flag = year_at_dossier
    nominations = {n.unit_id: n for n in Nomination.objects.all()}
    council = f"{reverse('awards:council_page')}?year={YEAR}"

    login(page, "tq-thuky", PASSWORD)
    page.goto(page.base_url + council)
    assert both_widths(page, "council-received") <= PHONE["width"] + 1
    for code in ("M", "D"):
        approve = reverse("awards:nomination_approve", args=[nominations[units[code].pk].pk])
        page.click(f"form[action='{approve}'] button")
        page.wait_for_load_state()
    returned = reverse("awards:nomination_return", args=[nominations[units["H"].pk].pk])
    page.fill(f"form[action='{returned}'] input[name=comment]", "Bổ sung báo cáo thành tích")
    page.click(f"form[action='{returned}'] button")
    page.wait_for_load_state()
    assert both_widths(page, "council-reviewed") <= PHONE["width"] + 1
    statuses = dict(Nomination.objects.values_list("unit__code", "status"))
    assert statuses == {"TM": "approved", "TD": "approved", "TH": "returned"}

    # The decision form offers the approved nominations of the flag for 2023.
    page.goto(page.base_url + reverse("awards:decision_create")
              + f"?award={flag.pk}&year={YEAR}")
    offered = page.inner_text("#div_id_nominations")
    assert units["M"].name in offered and units["D"].name in offered
    assert units["H"].name not in offered
    assert both_widths(page, "decision-offers-approved") <= PHONE["width"] + 1
    page.check(f"input[name=nominations][value='{nominations[units['M'].pk].pk}']")
    page.fill("#id_number", "215/QĐ-HLG")
    page.fill("#id_signed_on", "2023-12-18")
    page.fill("#id_issuer", "Hội Luật gia tỉnh Tuyên Quang")
    page.fill("#id_signer", "Phạm Văn Hùng")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_load_state()
    statuses = dict(Nomination.objects.values_list("unit__code", "status"))
    assert (statuses["TM"], statuses["TD"]) == ("awarded", "not_awarded")
    assert "215/QĐ-HLG" in page.inner_text(f"#nomination-{nominations[units['D'].pk].pk}")

    # The head closes the year.
    login(page, "tq-h", PASSWORD)
    page.goto(page.base_url + reverse("campaigns:campaign_detail", args=[campaign.pk]))
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#close-year")
    page.wait_for_load_state()
    assert page.is_visible("#year-closed")
    assert both_widths(page, "campaign-closed") <= PHONE["width"] + 1
    campaign.refresh_from_db()
    assert campaign.closed_at is not None

    # The secretariat creates 2024 from it, on the confirmation page.
    login(page, "tq-thuky", PASSWORD)
    page.goto(page.base_url + reverse("campaigns:campaign_detail", args=[campaign.pk]))
    page.click("#next-year")
    page.wait_for_load_state()
    milestones = page.inner_text("#next-milestones")
    assert "28/02/2024" in milestones and "05/12/2024" in milestones
    assert "Phát triển hội viên" in page.inner_text("#next-targets")
    assert both_widths(page, "next-year-confirmation") <= PHONE["width"] + 1
    page.click("#confirm-next-year")
    page.wait_for_load_state()
    created = Campaign.objects.get(cluster=campaign.cluster, year=YEAR + 1)
    assert page.url.endswith(reverse("campaigns:campaign_detail", args=[created.pk]))

    # 2024's vote cannot be prepared before its results are locked: the page says why.
    page.goto(page.base_url + reverse("voting:voting_session", args=[created.pk]))
    assert page.get_attribute("#prepare-refusal", "data-code") == "results_not_locked"
    assert both_widths(page, "vote-prepare-refused") <= PHONE["width"] + 1
