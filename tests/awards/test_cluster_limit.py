"""A leader limited to cluster B reads the council's year, its decisions and certificates
for cluster B only: cluster A's nominations, warnings and grants stay out of reach."""

import datetime

import pytest
from django.urls import reverse

from awards import services
from awards.models import EligibilityNote, Nomination
from campaigns import services as campaign_services
from campaigns.forms import default_dates
from campaigns.models import AwardType, Campaign
from campaigns.services import award_catalogue_ensure
from clusters.models import Unit
from tests.helpers import pdf_text

# Distinct names: the factories' "Đơn vị số N" can be a prefix of another unit's name.
A_UNIT, B_UNIT = "Sở Tư pháp cụm A", "Sở Xây dựng cụm B"


@pytest.fixture
def council_year(world, campaign):
    """Submitted nominations in both clusters (cluster A's unit under discipline), a decision
    about cluster A only and one about both clusters."""
    Unit.objects.filter(pk=world.member_unit.pk).update(name=A_UNIT)
    Unit.objects.filter(pk=world.other_unit.pk).update(name=B_UNIT)
    award_catalogue_ensure(organisation=world.org)
    award = AwardType.objects.get(organisation=world.org, level="org_flag")
    campaign_b = campaign_services.campaign_save(campaign=Campaign(
        cluster=world.cluster_b, year=world.year, title="Phong trào cụm B",
        pledge_text="Thi đua.", **default_dates(world.year)))
    for nominated_in, unit in ((campaign, world.member_unit), (campaign_b, world.other_unit)):
        Nomination.objects.create(campaign=nominated_in, award=award, unit=unit,
                                  status=Nomination.Status.SUBMITTED, achievements="Thành tích")
    EligibilityNote.objects.create(unit=world.member_unit, kind="discipline",
                                   since=datetime.date(world.year, 3, 1))

    def decide(number, units):
        return services.decision_record(
        outside_reason="Khen thưởng đột xuất",
            organisation=world.org, award=award, year=world.year, number=number,
            signed_on=datetime.date(world.year, 12, 28), issuer="Hội đồng",
            signer="Nguyễn Văn A", units=units, by=world.users["secretariat"])

    return {"a_only": decide("11/QĐ-A", [world.member_unit]),
            "both": decide("12/QĐ-AB", [world.member_unit, world.other_unit])}


def council(world, client_for, role="leader_b"):
    return client_for(world.users[role]).get(reverse("awards:council_page"),
                                             {"year": world.year}).text


def test_limited_leader_council_lists_only_their_clusters_nominations(world, council_year,
                                                                      client_for):
    page = council(world, client_for)
    assert B_UNIT in page and A_UNIT not in page


def test_limited_leader_council_shows_no_other_clusters_warning(world, council_year,
                                                                client_for):
    assert "kỷ luật" in council(world, client_for, "secretariat").lower()
    assert "kỷ luật" not in council(world, client_for).lower()


def test_limited_leader_council_hides_the_organisation_wide_cap(world, council_year,
                                                                client_for):
    assert 'id="cap"' not in council(world, client_for)


def test_limited_leader_council_lists_only_decisions_about_their_units(world, council_year,
                                                                       client_for):
    page = council(world, client_for)
    assert "12/QĐ-AB" in page and "11/QĐ-A" not in page


@pytest.mark.parametrize("url_name", ["awards:decision_download", "awards:certificates"])
def test_another_clusters_decision_is_404(world, council_year, client_for, url_name):
    args = [council_year["a_only"].pk] + (["pdf"] if url_name == "awards:decision_download" else [])
    response = client_for(world.users["leader_b"]).get(reverse(url_name, args=args))
    assert response.status_code == 404


def test_a_decision_about_both_clusters_is_an_excerpt_of_theirs(world, council_year,
                                                                client_for):
    text = pdf_text(client_for(world.users["leader_b"]).get(reverse(
        "awards:decision_download", args=[council_year["both"].pk, "pdf"])).content)
    assert B_UNIT in text and A_UNIT not in text and "TRÍCH DANH SÁCH" in text


def test_certificates_of_a_decision_about_both_clusters_are_theirs_only(world, council_year,
                                                                        client_for):
    text = pdf_text(client_for(world.users["leader_b"]).get(reverse(
        "awards:certificates", args=[council_year["both"].pk])).content)
    assert B_UNIT in text and A_UNIT not in text


def test_the_secretariat_still_gets_the_whole_decision(world, council_year, client_for):
    text = pdf_text(client_for(world.users["secretariat"]).get(reverse(
        "awards:decision_download", args=[council_year["both"].pk, "pdf"])).content)
    assert A_UNIT in text and B_UNIT in text and "TRÍCH" not in text
