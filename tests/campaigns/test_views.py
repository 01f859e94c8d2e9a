from django.urls import reverse


def test_pledge_page_saves_targets_and_signs(world, campaign, client_for):
    client = client_for(world.users["member"])
    url = reverse("campaigns:pledge_edit", args=[campaign.pk, world.member_unit.pk])
    client.post(url, {"targets-TOTAL_FORMS": "1", "targets-INITIAL_FORMS": "0",
                      "targets-0-name": "Tuyên truyền", "targets-0-measure": "buổi",
                      "targets-0-target_value": "1.500"})
    client.post(reverse("campaigns:pledge_sign", args=[campaign.pk, world.member_unit.pk]),
                {"confirm": "on"}, REMOTE_ADDR="203.0.113.9")
    pledge = campaign.pledges.get(unit=world.member_unit)
    assert (str(pledge.targets.get().target_value), pledge.signed_from) == ("1500.00",
                                                                           "203.0.113.9")


def test_signing_without_the_confirmation_is_refused(world, campaign, client_for):
    client = client_for(world.users["member"])
    client.post(reverse("campaigns:pledge_sign", args=[campaign.pk, world.member_unit.pk]), {})
    assert campaign.pledges.get(unit=world.member_unit).signed_at is None


def test_unknown_document_format_is_404(world, campaign, client_for):
    response = client_for(world.users["head"]).get(f"/campaigns/{campaign.pk}/pledge.exe")
    assert response.status_code == 404
