import datetime

import pytest
from django.core.exceptions import ValidationError

from campaigns import services as campaign_services
from campaigns.models import AwardType, UnitPledge
from tests.helpers import error_codes


def test_an_extension_needs_a_reason_and_a_later_date(world, signed):
    with pytest.raises(ValidationError) as excinfo:
        campaign_services.deadline_extend(campaign=signed, deadline="semiannual", unit=None,
                                          new_due=datetime.date(world.year, 7, 31), reason=" ",
                                          by=world.users["head"])
    assert error_codes(excinfo.value) == {"extension_reason_required"}
    with pytest.raises(ValidationError) as excinfo:
        campaign_services.deadline_extend(campaign=signed, deadline="semiannual", unit=None,
                                          new_due=datetime.date(world.year, 7, 1), reason="x",
                                          by=world.users["head"])
    assert error_codes(excinfo.value) == {"extension_not_later"}


def test_signing_records_who_when_and_where(world, signed):
    pledge = UnitPledge.objects.get(unit=world.member_unit)
    assert (pledge.signed_by, pledge.signed_from) == (world.users["member"], "10.0.0.1")


def test_a_signed_part_of_the_pledge_is_locked(world, signed):
    pledge = UnitPledge.objects.get(unit=world.member_unit)
    with pytest.raises(ValidationError) as excinfo:
        campaign_services.pledge_save(pledge=pledge, targets=[], titles=[])
    assert error_codes(excinfo.value) == {"pledge_signed"}


def test_signing_needs_at_least_one_target(world, campaign):
    pledge = UnitPledge.objects.get(unit=world.deputy_unit)
    with pytest.raises(ValidationError) as excinfo:
        campaign_services.pledge_sign(pledge=pledge, user=world.users["deputy"], address=None)
    assert error_codes(excinfo.value) == {"no_targets"}


def test_finalising_locks_every_unit(world, signed):
    campaign_services.pledge_finalise(campaign=signed)
    pledge = UnitPledge.objects.get(unit=world.deputy_unit)
    with pytest.raises(ValidationError) as excinfo:
        campaign_services.pledge_save(pledge=pledge, targets=[], titles=[])
    assert error_codes(excinfo.value) == {"pledge_finalised"}


def test_titles_come_from_the_organisations_catalogue(world, campaign):
    from tests.factories import make_org

    foreign = AwardType.objects.create(organisation=make_org(), code="x", name="X",
                                       level="org_flag")
    pledge = UnitPledge.objects.get(unit=world.deputy_unit)
    with pytest.raises(ValidationError) as excinfo:
        campaign_services.pledge_save(pledge=pledge, targets=[], titles=[foreign])
    assert error_codes(excinfo.value) == {"title_not_in_catalogue"}


def test_the_phase_follows_actions_then_dates(world, signed):
    assert signed.phase(datetime.date(world.year, 5, 1)) == "pledge"
    campaign_services.pledge_finalise(campaign=signed)
    signed.refresh_from_db()
    assert (signed.phase(datetime.date(world.year, 5, 1)),
            signed.phase(datetime.date(world.year, 9, 1))) == ("semiannual", "yearend")
