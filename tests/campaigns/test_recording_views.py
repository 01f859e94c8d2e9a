"""The recording-mode switch and the date fields of the pages in recording mode."""

import datetime

from django.urls import reverse

from campaigns.models import Campaign, RecordedDate, UnitPledge


def switch(client, campaign, **data):
    return client.post(reverse("campaigns:campaign_recording", args=[campaign.pk]), data)


def test_the_secretariat_switches_recording_mode_off_with_confirmation(world, past, client_for):
    switch(client_for(world.users["secretariat"]), past, on="false", confirm="on")
    assert Campaign.objects.get(pk=past.pk).recording_mode is False


def test_without_the_confirmation_recording_mode_stays_as_it_was(world, past, client_for):
    response = switch(client_for(world.users["secretariat"]), past, on="false")
    assert Campaign.objects.get(pk=past.pk).recording_mode is True
    assert response.status_code == 302


def test_the_head_cannot_switch_recording_mode(world, past, client_for):
    response = switch(client_for(world.users["head"]), past, on="false", confirm="on")
    assert response.status_code == 403


def test_the_campaign_page_shows_the_recording_banner(world, past, client_for):
    response = client_for(world.users["head"]).get(
        reverse("campaigns:campaign_detail", args=[past.pk]))
    assert b'id="recording-banner"' in response.content


def test_a_signature_dated_outside_the_year_on_the_page_saves_nothing(world, past, client_for):
    from decimal import Decimal

    from campaigns import services

    pledge = UnitPledge.objects.get(campaign=past, unit=world.member_unit)
    services.pledge_save(pledge=pledge, titles=[], targets=[
        {"name": "Chỉ tiêu", "measure": "người", "target_value": Decimal(1), "note": ""}])
    client = client_for(world.users["member"])
    response = client.post(reverse("campaigns:pledge_sign", args=[past.pk, world.member_unit.pk]),
                           {"confirm": "on", "occurred_on": "2022-12-01"}, follow=True)
    pledge.refresh_from_db()
    assert b'data-code="occurred_out_of_bounds"' in response.content
    assert (pledge.signed_at, RecordedDate.objects.count()) == (None, 0)


def test_a_signature_dated_on_the_page_takes_that_day(world, past, client_for):
    from decimal import Decimal

    from campaigns import services

    pledge = UnitPledge.objects.get(campaign=past, unit=world.member_unit)
    services.pledge_save(pledge=pledge, titles=[], targets=[
        {"name": "Chỉ tiêu", "measure": "người", "target_value": Decimal(1), "note": ""}])
    client_for(world.users["member"]).post(
        reverse("campaigns:pledge_sign", args=[past.pk, world.member_unit.pk]),
        {"confirm": "on", "occurred_on": "2023-04-12"})
    pledge.refresh_from_db()
    assert pledge.signed_at.date() == datetime.date(2023, 4, 12)
