"""A campaign's documents print the place where that year's head unit is based (else the
organisation's), never a name nobody chose."""

from django.urls import reverse

from campaigns import services
from campaigns.forms import default_dates
from campaigns.models import Campaign


def _new_campaign(world, **fields):
    return services.campaign_save(campaign=Campaign(
        cluster=world.cluster_a, year=world.year, title="Phong trào", **fields,
        **default_dates(world.year)))


def test_a_campaign_takes_the_place_of_its_head_unit(world):
    world.head_unit.place = "Điện Biên"
    world.head_unit.save()
    world.org.place = "Hà Nội"
    world.org.save()
    assert _new_campaign(world).place == "Điện Biên"


def test_without_a_head_unit_place_the_organisation_place_is_taken(world):
    world.org.place = "Lai Châu"
    world.org.save()
    assert _new_campaign(world).place == "Lai Châu"


def test_a_place_typed_by_the_head_is_kept(world):
    world.head_unit.place = "Điện Biên"
    world.head_unit.save()
    assert _new_campaign(world, place="Sơn La").place == "Sơn La"


def test_the_new_campaign_page_offers_the_head_unit_place(world, client_for):
    world.head_unit.place = "Điện Biên"
    world.head_unit.save()
    page = client_for(world.users["head"]).get(reverse(
        "campaigns:campaign_create", args=[world.cluster_a.pk, world.year]))
    assert 'value="Điện Biên"' in page.text
