"""The catalogue's quota per cluster in the vote and the nominations: a quota of 2 lets
two units be proposed in one vote; a nomination keeps the award's name it was given."""

import pytest
from django.core.exceptions import ValidationError

from awards import services as award_services
from awards.models import Nomination
from campaigns.models import AwardType
from tests.helpers import error_codes, lock_results
from tests.voting.conftest import count_all, vote
from voting import services as voting


@pytest.fixture
def two_elected(world, five):
    """A vote where the organisation's flag, quota 2, elects UM and U4."""
    campaign, units, voters = five
    AwardType.objects.filter(level="org_flag").update(quota=2)
    lock_results(campaign)
    session = voting.session_prepare(campaign=campaign)
    flag = session.questions.get(award__level="org_flag")
    for code in ("UM", "U4", "U5"):
        voting.candidate_add(question=flag, unit=units[code], reason="Xuất sắc")
    voting.attendance_set(session=session, units=list(units.values()))
    voting.session_open(session=session)
    session.refresh_from_db()  # the question reads the open session through it
    for code in units:
        vote(flag, units, voters, code, "UM", "U4")
    count_all(session, five)
    voting.session_close(session=session)
    return campaign, units


def test_a_quota_of_two_nominates_two_units_from_one_vote(world, two_elected):
    campaign, units = two_elected
    award_services.nominations_from_vote(campaign=campaign)
    nominated = set(Nomination.objects.filter(award__level="org_flag").values_list(
        "unit__code", flat=True))
    assert nominated == {"UM", "U4"}


def test_nominations_above_a_lowered_quota_are_not_submitted(world, two_elected):
    campaign, _units = two_elected
    award_services.nominations_from_vote(campaign=campaign)
    AwardType.objects.filter(level="org_flag").update(quota=1)
    with pytest.raises(ValidationError) as refused:
        award_services.nominations_submit(campaign=campaign, by=world.users["head"])
    assert error_codes(refused.value) == {"nomination_over_quota"}


def test_a_nomination_keeps_the_name_it_was_proposed_under(world, two_elected):
    campaign, _units = two_elected
    award_services.nominations_from_vote(campaign=campaign)
    AwardType.objects.filter(level="org_flag").update(name="Cờ thi đua mới")
    nomination = Nomination.objects.filter(award__level="org_flag").first()
    assert nomination.award_title == "Cờ thi đua của bộ, ngành, tỉnh, tổ chức"
