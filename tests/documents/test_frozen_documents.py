"""Documents without a number of their own freeze at the step that makes them final: the pledge
when the head concludes it, the results table when the scores are locked, a decision when it
is recorded. Downloads then serve the stored bytes, whatever changes later; before that step
the pledge and the results table are drafts."""

import datetime

import pytest
from django.urls import reverse

from awards import services as award_services
from campaigns import services as campaign_services
from campaigns.models import AwardType
from clusters.models import Unit
from scoring import services as scoring_services
from tests.helpers import pdf_text, pdf_words, register_and_sign
from tests.scoring.conftest import self_score_and_submit, table  # noqa: F401  (fixture)


def _get(client, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return b"".join(response) if response.streaming else response.content


def _rename_member_unit(world):
    Unit.objects.filter(pk=world.member_unit.pk).update(name="Tên mới sau khi ban hành")


def test_the_pledge_is_a_draft_until_concluded(world, campaign, client_for):
    register_and_sign(campaign, world.member_unit, world.users["member"],
                      [("Tuyên truyền", "buổi", 12)])
    text = pdf_text(_get(client_for(world.users["member"]), "campaigns:pledge_download",
                         [campaign.pk, "pdf"]))
    assert "DỰ THẢO" in text


def test_the_concluded_pledge_downloads_as_stored_after_a_unit_is_renamed(
        world, campaign, client_for):
    register_and_sign(campaign, world.member_unit, world.users["member"],
                      [("Tuyên truyền", "buổi", 12)])
    campaign = campaign_services.pledge_finalise(campaign=campaign, by=world.users["head"])
    _rename_member_unit(world)
    client = client_for(world.users["member"])
    for fmt in ("pdf", "docx"):
        assert _get(client, "campaigns:pledge_download", [campaign.pk, fmt]) == \
            campaign.pledge_stored.content(fmt)
    assert "DỰ THẢO" not in pdf_text(campaign.pledge_stored.content("pdf"))


def test_the_locked_results_table_downloads_as_stored_after_a_unit_is_renamed(
        world, table, client_for):  # noqa: F811
    sheet = self_score_and_submit(world, table, world.member_unit, world.users["member"])
    scoring_services.verify_save(sheet=sheet, version=sheet.version, scores={
        s.criterion_id: (s.self_score, "") for s in sheet.scores.all()}, claims={},
        finish=True, user=world.users["head"])
    client = client_for(world.users["head"])
    args = [table.campaign.pk, "pdf"]
    assert "DỰ THẢO" in pdf_text(_get(client, "scoring:results_download", args))
    table = scoring_services.results_lock(table=table)
    _rename_member_unit(world)
    assert _get(client, "scoring:results_download", args) == table.results_stored.content("pdf")
    # The old name (test names carry the database's sequence numbers: five digits on
    # PostgreSQL late in the suite, and the name then wraps in its cell).
    assert world.member_unit.name in pdf_words(table.results_stored.content("pdf"))


def test_a_recorded_decision_downloads_as_recorded_after_a_unit_is_renamed(world, client_for):
    campaign_services.award_catalogue_ensure(organisation=world.org)
    decision = award_services.decision_record(
        organisation=world.org, award=AwardType.objects.get(organisation=world.org,
                                                            level="org_flag"),
        year=world.year, number="125/QĐ-HLG", signed_on=datetime.date(world.year, 12, 28),
        issuer="Trung ương Hội", signer="Nguyễn Văn A", units=[world.member_unit],
        outside_reason="Khen thưởng đột xuất",
        by=world.users["secretariat"])
    _rename_member_unit(world)
    client = client_for(world.users["leadership"])
    for fmt in ("pdf", "docx"):
        assert _get(client, "awards:decision_download", [decision.pk, fmt]) == \
            decision.stored.content(fmt)


@pytest.mark.parametrize("document", ["pledge_stored", "results_stored"])
def test_nothing_is_stored_before_the_final_step(world, table, document):  # noqa: F811
    holder = table.campaign if document == "pledge_stored" else table
    assert getattr(holder, document) is None
