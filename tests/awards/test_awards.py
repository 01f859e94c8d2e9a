import datetime

import pytest
from django.core.exceptions import ValidationError

from awards import selectors, services
from awards.models import AwardGrant, EligibilityNote, Nomination
from campaigns.models import AwardType
from campaigns.services import award_catalogue_ensure
from tests.factories import make_user
from tests.helpers import error_codes


@pytest.fixture
def awards(world):
    award_catalogue_ensure(organisation=world.org)
    return {a.level: a for a in AwardType.objects.filter(organisation=world.org)}


def nominate(campaign, award, unit, status=Nomination.Status.SUBMITTED):
    return Nomination.objects.create(campaign=campaign, award=award, unit=unit, status=status,
                                     achievements="Thành tích xuất sắc")


def test_an_open_discipline_is_a_warning(world, campaign, awards):
    nominate(campaign, awards["org_flag"], world.member_unit)
    EligibilityNote.objects.create(unit=world.member_unit, kind="discipline",
                                   since=datetime.date(world.year, 3, 1))
    rows, _cap = selectors.council_view(world.org, world.year, user=world.users["secretariat"])
    assert str(EligibilityNote.Kind.DISCIPLINE.label) in rows[0].warnings[0]


def test_an_ended_discipline_is_no_longer_a_warning(world, campaign, awards):
    nominate(campaign, awards["org_flag"], world.member_unit)
    EligibilityNote.objects.create(unit=world.member_unit, kind="discipline",
                                   since=datetime.date(world.year - 2, 3, 1),
                                   until=datetime.date(world.year - 1, 3, 1))
    rows, _cap = selectors.council_view(world.org, world.year, user=world.users["secretariat"])
    assert rows[0].warnings == []


def test_missing_prior_results_are_a_warning(world, campaign, awards):
    gov = awards["gov_flag"]
    gov.prior_excellent_years = 1
    gov.save()
    nominate(campaign, gov, world.member_unit)
    rows, _cap = selectors.council_view(world.org, world.year, user=world.users["secretariat"])
    assert str(world.year - 1) in rows[0].warnings[0]


def test_the_government_flag_cap_is_a_fifth_of_cluster_leaders(world, campaign, awards):
    from scoring import services as scoring

    table = scoring.table_for_campaign(campaign=campaign)
    scoring.scoring_open(table=table)
    scoring.results_lock(table=table)
    nominate(campaign, awards["gov_flag"], world.member_unit)
    _rows, cap = selectors.council_view(world.org, world.year, user=world.users["secretariat"])
    assert cap == {"leaders": 1, "cap": 0, "proposed": 1, "over": True}


def test_a_decision_enters_the_award_history(world, awards):
    services.decision_record(
        outside_reason="Khen thưởng đột xuất",
        organisation=world.org, award=awards["org_flag"], year=world.year,
                             number="125/QĐ-HLG", signed_on=datetime.date(world.year, 12, 28),
                             issuer="Trung ương Hội", signer="Chủ tịch",
                             units=[world.member_unit], by=make_user())
    assert AwardGrant.objects.get().unit == world.member_unit


def test_a_decision_number_is_recorded_once(world, awards):
    kwargs = dict(outside_reason="Khen thưởng đột xuất",
                  organisation=world.org, award=awards["org_flag"], year=world.year,
                  number="1/QĐ", signed_on=datetime.date(world.year, 12, 28), issuer="X",
                  signer="Nguyễn Văn A", units=[world.member_unit], by=make_user())
    services.decision_record(**kwargs)
    with pytest.raises(ValidationError) as excinfo:
        services.decision_record(**kwargs)
    assert error_codes(excinfo.value) == {"decision_number_taken"}


def test_returning_needs_a_comment_and_a_submitted_nomination(world, campaign, awards):
    nomination = nominate(campaign, awards["org_flag"], world.member_unit)
    with pytest.raises(ValidationError) as excinfo:
        services.nomination_return(nomination=nomination, comment=" ")
    assert error_codes(excinfo.value) == {"return_comment_required"}
    services.nomination_return(nomination=nomination, comment="Bổ sung số liệu")
    assert Nomination.objects.get().status == "returned"


def test_a_required_earlier_award_is_read_from_the_award_history(world, campaign, awards):
    gov = awards["gov_flag"]
    gov.requires_award = awards["org_flag"]
    gov.save()
    nominate(campaign, gov, world.member_unit)
    rows, _cap = selectors.council_view(world.org, world.year, user=world.users["secretariat"])
    assert awards["org_flag"].name in rows[0].warnings[0]
    services.decision_record(
        outside_reason="Khen thưởng đột xuất",
        organisation=world.org, award=awards["org_flag"],
                             year=world.year - 1, number="9/QĐ",
                             signed_on=datetime.date(world.year - 1, 12, 28), issuer="X",
                             signer="Nguyễn Văn A", units=[world.member_unit], by=make_user())
    rows, _cap = selectors.council_view(world.org, world.year, user=world.users["secretariat"])
    assert rows[0].warnings == []
