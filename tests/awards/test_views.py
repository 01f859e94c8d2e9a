import datetime
import io
import zipfile

import docx
import pytest
from django.urls import reverse

from awards import services
from awards.models import AwardGrant, Nomination
from campaigns.models import AwardType
from campaigns.services import award_catalogue_ensure
from tests.helpers import pdf_text
from tests.voting.conftest import count_all, question, vote
from voting import services as voting


@pytest.fixture
def voted(world, five, session):
    """A closed vote electing UM for the organisation flag."""
    campaign, units, voters = five
    voting.session_open(session=session)
    session.refresh_from_db()
    flag = question(session)
    for code in ("UH", "UD", "U4", "U5"):
        vote(flag, units, voters, code, "UM")
    count_all(session, five)
    voting.session_close(session=session)
    return campaign, units


def test_nominations_come_from_the_vote_with_a_drafted_report(world, voted):
    campaign, units = voted
    services.nominations_from_vote(campaign=campaign)
    nomination = Nomination.objects.get()
    assert nomination.unit == units["UM"] and units["UM"].name in nomination.achievements


def test_the_dossier_pdf_bundles_submission_reports_and_minutes(world, voted, client_for):
    campaign, units = voted
    services.nominations_from_vote(campaign=campaign)
    client = client_for(world.users["head"])
    url = reverse("awards:dossier_download", args=[campaign.pk, "pdf"])
    text = pdf_text(client.get(url).content)
    for fragment in ("TỜ TRÌNH", "BÁO CÁO THÀNH TÍCH", "BIÊN BẢN HỌP BÌNH XÉT",
                     "BIÊN BẢN KIỂM PHIẾU", units["UM"].name):
        assert fragment in text


def test_the_dossier_zip_holds_word_files_that_open(world, voted, client_for):
    campaign, _units = voted
    services.nominations_from_vote(campaign=campaign)
    content = client_for(world.users["head"]).get(
        reverse("awards:dossier_download", args=[campaign.pk, "zip"])).content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        first = docx.Document(io.BytesIO(archive.read(names[0])))
    assert len(names) >= 4 and any("TỜ TRÌNH" in p.text for p in first.paragraphs)


def test_submitting_numbers_the_submission_and_the_secretariat_sees_it(world, voted,
                                                                        client_for):
    campaign, units = voted
    services.nominations_from_vote(campaign=campaign)
    client_for(world.users["head"]).post(reverse("awards:nominations_submit", args=[campaign.pk]))
    page = client_for(world.users["secretariat"]).get(reverse("awards:council_page"),
                                                      {"year": campaign.year}).text
    assert Nomination.objects.get().status == "submitted" and units["UM"].name in page


def test_the_head_saves_an_achievement_report_through_its_own_url(world, voted, client_for):
    campaign, _units = voted
    services.nominations_from_vote(campaign=campaign)
    nomination = Nomination.objects.get()
    response = client_for(world.users["head"]).post(
        reverse("awards:nomination_save", args=[nomination.pk]), {"achievements": "Mới"})
    nomination.refresh_from_db()
    assert response.status_code == 302 and nomination.achievements == "Mới"


def test_a_too_long_achievement_report_comes_back_typed_and_saves_nothing(world, voted,
                                                                         client_for):
    campaign, _units = voted
    services.nominations_from_vote(campaign=campaign)
    nomination = Nomination.objects.get()
    typed = "x" * 20001
    response = client_for(world.users["head"]).post(
        reverse("awards:nomination_save", args=[nomination.pk]), {"achievements": typed})
    nomination.refresh_from_db()
    assert response.status_code == 200 and typed in response.text
    assert 'aria-invalid="true"' in response.text and nomination.achievements != typed


@pytest.fixture
def decision(world):
    award_catalogue_ensure(organisation=world.org)
    award = AwardType.objects.get(organisation=world.org, level="org_flag")
    return services.decision_record(
        outside_reason="Khen thưởng đột xuất",
        organisation=world.org, award=award, year=world.year, number="125/QĐ-HLG",
        signed_on=datetime.date(world.year, 12, 28), issuer="Trung ương Hội Luật gia Việt Nam",
        signer="Nguyễn Văn A", units=[world.member_unit, world.deputy_unit],
        by=world.users["secretariat"])


def test_the_decision_document_lists_the_awarded_units(world, decision, client_for):
    text = pdf_text(client_for(world.users["secretariat"]).get(
        reverse("awards:decision_download", args=[decision.pk, "pdf"])).content)
    assert "QUYẾT ĐỊNH" in text and world.member_unit.name in text and "125/QĐ-HLG" in text


def test_the_unit_page_shows_its_award_history(world, decision, client_for):
    page = client_for(world.users["member"]).get(
        reverse("clusters:unit_detail", args=[world.member_unit.pk])).text
    assert "125/QĐ-HLG" in page and AwardGrant.objects.count() == 2


def test_recording_a_decision_through_the_page(world, client_for):
    award_catalogue_ensure(organisation=world.org)
    award = AwardType.objects.get(organisation=world.org, level="org_merit")
    client_for(world.users["secretariat"]).post(reverse("awards:decision_create"), {
        "award": award.pk, "year": world.year, "number": "7/QĐ", "signed_on": "30/12/2026",
        "issuer": "Hội đồng", "signer": "Nguyễn Văn A", "other_units": [world.member_unit.pk],
        "outside_reason": "Khen thưởng đột xuất"})
    assert AwardGrant.objects.filter(unit=world.member_unit).exists()


def test_the_unit_page_title_is_plain_text(world, decision, client_for):
    page = client_for(world.users["member"]).get(
        reverse("clusters:unit_detail", args=[world.member_unit.pk])).text
    title = page.split("<title>")[1].split("</title>")[0]
    assert "<" not in title and world.member_unit.name in title


def test_returning_without_a_comment_changes_nothing(world, voted, client_for):
    campaign, _units = voted
    services.nominations_from_vote(campaign=campaign)
    services.nominations_submit(campaign=campaign, by=world.users["head"])
    page = client_for(world.users["secretariat"]).post(
        reverse("awards:nomination_return", args=[Nomination.objects.get().pk]),
        {"comment": ""}, follow=True)
    assert Nomination.objects.get().status == "submitted"
    assert 'data-code="required"' in page.text
