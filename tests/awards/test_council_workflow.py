"""The council's workflow: received → approved, or returned with a comment (the cluster
resubmits) → decided. One refusal per transition, read by the page and raised by the
service; the decision offers the approved nominations of its award and year, another unit
only with a reason; the unit's history shows where the council left it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import selectors, services
from awards.models import AwardGrant, Nomination
from campaigns.models import AwardType
from campaigns.services import award_catalogue_ensure
from tests.helpers import error_codes

S = Nomination.Status


@pytest.fixture
def awards(world):
    award_catalogue_ensure(organisation=world.org)
    return {a.level: a for a in AwardType.objects.filter(organisation=world.org)}


def nominate(campaign, award, unit, status=S.SUBMITTED):
    return Nomination.objects.create(campaign=campaign, award=award, unit=unit, status=status,
                                     achievements="Thành tích xuất sắc")


def decide(world, award, units, number="12/QĐ-HĐ", **extra):
    return services.decision_record(
        organisation=world.org, award=award, year=world.year, number=number,
        signed_on=datetime.date(world.year, 12, 20), issuer="Hội đồng Thi đua – Khen thưởng",
        signer="Nguyễn Văn A", units=units, by=world.users["secretariat"], **extra)


def council_page(world, client_for):
    return client_for(world.users["secretariat"]).get(
        reverse("awards:council_page"), {"year": world.year}).text


# --- received → approved ----------------------------------------------------------------

def test_the_secretariat_approves_a_received_nomination(world, campaign, awards):
    nomination = nominate(campaign, awards["org_flag"], world.member_unit)
    services.nomination_approve(nomination=nomination)
    nomination.refresh_from_db()
    assert nomination.status == S.APPROVED and nomination.reviewed_at is not None


@pytest.mark.parametrize("status", [S.DRAFT, S.RETURNED, S.APPROVED, S.AWARDED, S.NOT_AWARDED])
def test_only_a_received_nomination_can_be_approved(world, campaign, awards, status):
    nomination = nominate(campaign, awards["org_flag"], world.member_unit, status=status)
    with pytest.raises(ValidationError) as refused:
        services.nomination_approve(nomination=nomination)
    assert error_codes(refused.value) == {"not_received"}
    assert Nomination.objects.get().status == status


@pytest.mark.parametrize("status", [S.DRAFT, S.RETURNED, S.APPROVED, S.AWARDED, S.NOT_AWARDED])
def test_only_a_received_nomination_can_be_returned(world, campaign, awards, status):
    nomination = nominate(campaign, awards["org_flag"], world.member_unit, status=status)
    with pytest.raises(ValidationError) as refused:
        services.nomination_return(nomination=nomination, comment="Bổ sung số liệu")
    assert error_codes(refused.value) == {"not_received"}


def test_returning_needs_a_comment(world, campaign, awards):
    nomination = nominate(campaign, awards["org_flag"], world.member_unit)
    with pytest.raises(ValidationError) as refused:
        services.nomination_return(nomination=nomination, comment="  ")
    assert error_codes(refused.value) == {"return_comment_required"}


@pytest.mark.parametrize("status, offered", [(S.SUBMITTED, True), (S.APPROVED, False),
                                             (S.RETURNED, False), (S.AWARDED, False)])
def test_the_council_page_offers_approve_and_return_exactly_when_allowed(
        world, campaign, awards, client_for, status, offered):
    nomination = nominate(campaign, awards["org_flag"], world.member_unit, status=status)
    page = council_page(world, client_for)
    shown = (reverse("awards:nomination_approve", args=[nomination.pk]) in page,
             reverse("awards:nomination_return", args=[nomination.pk]) in page)
    assert shown == (offered, offered)
    assert (selectors.nomination_approve_refusal(nomination) is None) == offered


def test_approving_through_the_page(world, campaign, awards, client_for):
    nomination = nominate(campaign, awards["org_flag"], world.member_unit)
    client_for(world.users["secretariat"]).post(
        reverse("awards:nomination_approve", args=[nomination.pk]))
    assert Nomination.objects.get().status == S.APPROVED


def test_approving_twice_through_the_page_says_why(world, campaign, awards, client_for):
    nomination = nominate(campaign, awards["org_flag"], world.member_unit, status=S.APPROVED)
    page = client_for(world.users["secretariat"]).post(
        reverse("awards:nomination_approve", args=[nomination.pk]), follow=True).text
    assert 'data-code="not_received"' in page


# --- returned → resubmitted -----------------------------------------------------------------

def test_the_cluster_sees_the_comment_and_resubmits(world, campaign, awards, client_for):
    nomination = nominate(campaign, awards["org_flag"], world.member_unit)
    client_for(world.users["secretariat"]).post(
        reverse("awards:nomination_return", args=[nomination.pk]),
        {"comment": "Bổ sung số liệu hội viên"})
    head = client_for(world.users["head"])
    page = head.get(reverse("awards:nominations_page", args=[campaign.pk])).text
    assert "Bổ sung số liệu hội viên" in page
    services.nomination_save(nomination=Nomination.objects.get(), achievements="Đã bổ sung")
    services.nominations_submit(campaign=campaign, by=world.users["head"])
    nomination.refresh_from_db()
    assert nomination.status == S.SUBMITTED and nomination.return_comment == ""


@pytest.mark.parametrize("status", [S.SUBMITTED, S.APPROVED, S.AWARDED, S.NOT_AWARDED])
def test_a_nomination_with_the_council_cannot_be_changed(world, campaign, awards, status):
    nomination = nominate(campaign, awards["org_flag"], world.member_unit, status=status)
    with pytest.raises(ValidationError) as refused:
        services.nomination_save(nomination=nomination, achievements="Sửa")
    assert error_codes(refused.value) == {"with_council"}


def test_resubmitting_leaves_approved_nominations_alone(world, campaign, awards):
    approved = nominate(campaign, awards["org_flag"], world.member_unit, status=S.APPROVED)
    nominate(campaign, awards["org_merit"], world.deputy_unit, status=S.RETURNED)
    services.nominations_submit(campaign=campaign, by=world.users["head"])
    approved.refresh_from_db()
    assert approved.status == S.APPROVED


# --- approved → decided ---------------------------------------------------------------------

def test_the_decision_awards_the_approved_and_marks_the_rest_not_awarded(world, campaign,
                                                                          awards):
    won = nominate(campaign, awards["org_flag"], world.member_unit, status=S.APPROVED)
    lost = nominate(campaign, awards["org_flag"], world.deputy_unit, status=S.APPROVED)
    decision = decide(world, awards["org_flag"], [world.member_unit])
    won.refresh_from_db()
    lost.refresh_from_db()
    assert (won.status, lost.status) == (S.AWARDED, S.NOT_AWARDED)
    assert won.decision == lost.decision == decision


def test_a_decision_leaves_other_awards_and_unapproved_nominations_alone(world, campaign,
                                                                          awards):
    other_award = nominate(campaign, awards["org_merit"], world.member_unit, status=S.APPROVED)
    received = nominate(campaign, awards["org_flag"], world.deputy_unit)
    decide(world, awards["org_flag"], [world.deputy_unit], outside_reason="Đặc cách")
    statuses = set(Nomination.objects.values_list("pk", "status"))
    assert statuses == {(other_award.pk, S.APPROVED), (received.pk, S.SUBMITTED)}


def test_another_unit_needs_a_reason(world, campaign, awards):
    nominate(campaign, awards["org_flag"], world.member_unit, status=S.APPROVED)
    with pytest.raises(ValidationError) as refused:
        decide(world, awards["org_flag"], [world.member_unit, world.head_unit])
    assert error_codes(refused.value) == {"outside_reason_required"}
    assert not AwardGrant.objects.exists()
    assert Nomination.objects.get().status == S.APPROVED


def test_another_units_reason_is_kept_on_its_grant(world, campaign, awards):
    nominate(campaign, awards["org_flag"], world.member_unit, status=S.APPROVED)
    decide(world, awards["org_flag"], [world.member_unit, world.head_unit],
           outside_reason="Thành tích đột xuất trong phòng chống thiên tai")
    reasons = dict(AwardGrant.objects.values_list("unit__code", "outside_reason"))
    assert reasons == {world.member_unit.code: "",
                       world.head_unit.code: "Thành tích đột xuất trong phòng chống thiên tai"}


def test_the_decision_form_offers_the_approved_nominations_of_that_award_and_year(
        world, campaign, awards, client_for):
    nominate(campaign, awards["org_flag"], world.member_unit, status=S.APPROVED)
    nominate(campaign, awards["org_merit"], world.deputy_unit, status=S.APPROVED)
    nominate(campaign, awards["org_flag"], world.head_unit)  # received, not approved
    form = client_for(world.users["secretariat"]).get(reverse("awards:decision_create"), {
        "award": awards["org_flag"].pk, "year": world.year}).context["form"]
    offered = {n.unit for n in form.fields["nominations"].queryset}
    assert offered == {world.member_unit}


def test_recording_the_decision_through_the_page(world, campaign, awards, client_for):
    won = nominate(campaign, awards["org_flag"], world.member_unit, status=S.APPROVED)
    lost = nominate(campaign, awards["org_flag"], world.deputy_unit, status=S.APPROVED)
    client_for(world.users["secretariat"]).post(reverse("awards:decision_create"), {
        "award": awards["org_flag"].pk, "year": world.year, "number": "30/QĐ-HĐ",
        "signed_on": f"20/12/{world.year}", "issuer": "Hội đồng", "signer": "Nguyễn Văn A",
        "nominations": [won.pk]})
    assert dict(Nomination.objects.values_list("pk", "status")) == {
        won.pk: S.AWARDED, lost.pk: S.NOT_AWARDED}


def test_a_nomination_of_another_award_posted_to_the_form_is_refused(world, campaign,
                                                                      awards, client_for):
    merit = nominate(campaign, awards["org_merit"], world.member_unit, status=S.APPROVED)
    page = client_for(world.users["secretariat"]).post(reverse("awards:decision_create"), {
        "award": awards["org_flag"].pk, "year": world.year, "number": "31/QĐ-HĐ",
        "signed_on": f"20/12/{world.year}", "issuer": "Hội đồng", "signer": "Nguyễn Văn A",
        "nominations": [merit.pk]})
    assert page.status_code == 200 and "nominations" in page.context["form"].errors
    assert not AwardGrant.objects.exists()


def test_the_units_history_shows_not_awarded_with_the_decisions_number(world, campaign,
                                                                       awards, client_for):
    nominate(campaign, awards["org_flag"], world.member_unit, status=S.APPROVED)
    nominate(campaign, awards["org_flag"], world.deputy_unit, status=S.APPROVED)
    decide(world, awards["org_flag"], [world.deputy_unit], number="44/QĐ-HĐ")
    page = client_for(world.users["member"]).get(
        reverse("clusters:unit_detail", args=[world.member_unit.pk])).text
    history = page.split('id="history"')[1]
    assert "Không được khen thưởng" in history and "44/QĐ-HĐ" in history


def test_a_closed_years_nomination_is_not_returned_but_can_be_approved(world, campaign, awards,
                                                                     client_for):
    nomination = nominate(campaign, awards["org_flag"], world.member_unit)
    type(campaign).objects.filter(pk=campaign.pk).update(closed_at=campaign.launched_at)
    nomination = Nomination.objects.select_related("campaign").get(pk=nomination.pk)
    page = council_page(world, client_for)
    assert reverse("awards:nomination_return", args=[nomination.pk]) not in page
    with pytest.raises(ValidationError) as refused:
        services.nomination_return(nomination=nomination, comment="Bổ sung")
    assert error_codes(refused.value) == {"campaign_closed"}
    services.nomination_approve(nomination=nomination)
    assert Nomination.objects.get().status == S.APPROVED
