"""Download names say what the file is: the award and the unit, in Vietnamese slugs."""

import io
import re
import zipfile

from django.urls import reverse

from awards import services
from awards.models import Nomination
from documents.text import file_slug
from tests.awards.test_views import voted  # noqa: F401  (shared fixture)


def test_a_file_slug_spells_vietnamese_without_accents_and_keeps_the_d():
    assert file_slug("Cờ thi đua", "Đơn vị A", 2026) == "co-thi-dua-don-vi-a-2026"


def dossier_names(client, campaign):
    content = client.get(reverse("awards:dossier_download", args=[campaign.pk, "zip"])).content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.namelist()


def test_no_two_dossier_files_differ_only_by_a_number(world, voted, client_for):  # noqa: F811
    campaign, _units = voted
    services.nominations_from_vote(campaign=campaign)
    names = dossier_names(client_for(world.users["head"]), campaign)
    without_digits = {re.sub(r"\d+", "", name) for name in names}
    assert len(names) >= 4 and len(without_digits) == len(names)


def test_the_achievement_report_is_named_after_its_award_and_unit(world, voted,  # noqa: F811
                                                                  client_for):
    campaign, _units = voted
    services.nominations_from_vote(campaign=campaign)
    nomination = Nomination.objects.select_related("award", "unit").get()
    names = dossier_names(client_for(world.users["head"]), campaign)
    expected = file_slug(nomination.award.name, nomination.unit.name)
    assert any(expected in name and "bao-cao-thanh-tich" in name for name in names)


def test_the_dossier_download_is_named_after_the_cluster(world, voted, client_for):  # noqa: F811
    campaign, _units = voted
    services.nominations_from_vote(campaign=campaign)
    response = client_for(world.users["head"]).get(
        reverse("awards:dossier_download", args=[campaign.pk, "pdf"]))
    assert (f'filename="ho-so-de-nghi-khen-thuong-{file_slug(campaign.cluster.name)}'
            in response["Content-Disposition"])
