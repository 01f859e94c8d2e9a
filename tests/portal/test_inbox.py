"""The home page as an inbox: each rule's item and state, most urgent first, and a query
count that does not grow with the data."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import Nomination
from campaigns.models import AwardType, UnitPledge
from portal import inbox, selectors
from reports import services
from scoring.models import CriterionScore, ScoreSheet
from tests.conftest import at
from tests.factories import make_membership, make_rep, make_unit
from tests.helpers import lock_results, register_and_sign, write_report
from tests.voting.conftest import board_ready, vote_as
from voting import services as voting_services

pytestmark = pytest.mark.django_db


def unit_items(user, year, today):
    panels = selectors.unit_panels(user, year)
    inbox.fill_unit_inboxes(panels, today)
    return {item.label: item for panel in panels for item in panel.inbox}


def org_panel(user, year, today):
    panels = selectors.organisation_panels(user, year)
    inbox.fill_organisation_inboxes(panels, user, year, today)
    return panels[0]


def day(world, month, d):
    return datetime.date(world.year, month, d)


def submitted(campaign, unit, user, period="semiannual", when=(6, 1)):
    with time_machine.travel(at(campaign.year, *when), tick=False):
        report = write_report(campaign, unit, period, {})
        return services.report_submit(report=report, user=user)


# --- a member unit ----------------------------------------------------------------------

def test_an_unsigned_pledge_is_to_do_before_its_due_date(world, campaign):
    item = unit_items(world.users["member"], world.year, day(world, 4, 10))[
        "Đăng ký chỉ tiêu và ký giao ước"]
    assert item.state == inbox.TODO


def test_an_unsigned_pledge_is_overdue_by_the_days_since_its_due_date(world, campaign):
    item = unit_items(world.users["member"], world.year, day(world, 4, 18))[
        "Đăng ký chỉ tiêu và ký giao ước"]
    assert (item.state, item.days_overdue) == (inbox.OVERDUE, 3)


def test_a_signed_pledge_is_ticked_not_listed_as_to_do(world, signed):
    item = unit_items(world.users["member"], world.year, day(world, 4, 18))[
        "Đăng ký chỉ tiêu và ký giao ước"]
    assert item.state == inbox.DONE


def test_a_returned_report_shows_the_heads_comment(world, signed):
    with time_machine.travel(at(world.year, 6, 1), tick=False):
        report = write_report(signed, world.member_unit, "semiannual", {"Phát triển hội viên": 9})
        services.report_submit(report=report, user=world.users["member"])
    services.report_return(report=report, comment="Bổ sung số liệu hội viên mới.")
    item = unit_items(world.users["member"], world.year, day(world, 6, 2))["Báo cáo sơ kết 6 tháng"]
    assert (item.state, item.comment) == (inbox.RETURNED, "Bổ sung số liệu hội viên mới.")


def test_a_resubmitted_report_is_ticked_as_sent(world, signed):
    with time_machine.travel(at(world.year, 6, 1), tick=False):
        report = write_report(signed, world.member_unit, "semiannual", {"Phát triển hội viên": 9})
        services.report_submit(report=report, user=world.users["member"])
        services.report_return(report=report, comment="Bổ sung.")
        services.report_submit(report=report, user=world.users["member"])
    item = unit_items(world.users["member"], world.year, day(world, 6, 2))["Báo cáo sơ kết 6 tháng"]
    assert (item.state, item.done_label) == (inbox.DONE, "đã gửi")


def test_overdue_items_come_before_the_others(world, campaign):
    panels = selectors.unit_panels(world.users["member"], world.year)
    inbox.fill_unit_inboxes(panels, day(world, 4, 18))
    states = [item.state for item in panels[0].inbox]
    assert states[0] == inbox.OVERDUE and inbox.OVERDUE not in states[1:]


@pytest.fixture
def open_vote(world, campaign):
    lock_results(campaign)
    session = voting_services.session_prepare(campaign=campaign)
    voting_services.attendance_set(session=session, units=[
        world.head_unit, world.deputy_unit, world.member_unit])
    voting_services.session_open(session=session)
    session.refresh_from_db()
    return session


def test_the_designated_voter_gets_a_link_to_the_open_ballot(world, open_vote):
    question = open_vote.questions.filter(closed_at__isnull=True).first()
    items = unit_items(world.users["member"], world.year, timezone.localdate())
    voting = [i for i in items.values() if i.state == inbox.VOTING]
    assert [i.url for i in voting][:1] == [reverse("voting:ballot", args=[question.pk])]


def test_a_cast_ballot_is_ticked(world, open_vote):
    question = open_vote.questions.filter(closed_at__isnull=True).first()
    vote_as(question, world.member_unit, world.users["member"],
            question.candidates.first().unit)
    url = reverse("voting:ballot", args=[question.pk])
    item = next(i for i in unit_items(world.users["member"], world.year,
                                      timezone.localdate()).values() if i.url == url)
    assert item.state == inbox.DONE


def test_a_board_member_is_asked_to_publish_the_share_then_to_decrypt(world, open_vote):
    from voting import python_client

    board_url = reverse("voting:board", args=[open_vote.campaign_id])
    member = open_vote.board_members.get(unit=world.deputy_unit)

    def board_item():
        found = [i for i in unit_items(world.users["deputy"], world.year,
                                       timezone.localdate()).values() if i.url == board_url]
        return found[0] if found else None

    first = board_item()
    assert first.state == inbox.VOTING and "công bố phần khóa" in first.label
    secrets = board_ready(open_vote)  # the board's browsers publish (in Python)
    assert board_item().state == inbox.DONE
    question = open_vote.questions.filter(closed_at__isnull=True,
                                          candidates__isnull=False).first()
    voters = {world.head_unit: world.users["head"], world.deputy_unit: world.users["deputy"],
              world.member_unit: world.users["member"]}
    for unit, user in voters.items():
        vote_as(question, unit, user, question.candidates.first().unit)
    voting_services.question_close(question=question)
    question.refresh_from_db()
    assert board_item().state == inbox.VOTING and board_item().detail == "1"
    voting_services.partial_decryption_send(
        question=question, member=member, user=member.user,
        partial=python_client.partial_json(question, member, secrets[member.pk]))
    assert board_item().state == inbox.DONE
    assert board_item() is not None and not [
        i for i in unit_items(world.users["secretariat"], world.year,
                              timezone.localdate()).values() if i.url == board_url]


# --- the head and the verifiers ---------------------------------------------------------

def test_the_head_sees_how_many_reports_wait_for_review(world, signed):
    submitted(signed, world.deputy_unit, world.users["deputy"])
    submitted(signed, world.head_unit, world.users["head"])
    items = unit_items(world.users["head"], world.year, day(world, 6, 2))
    item = items["Báo cáo chờ duyệt: 2"]
    assert item.url == reverse("reports:review_queue", args=[signed.pk])


def test_a_member_has_no_review_item(world, signed):
    submitted(signed, world.deputy_unit, world.users["deputy"])
    items = unit_items(world.users["member"], world.year, day(world, 6, 2))
    assert not [label for label in items if label.startswith("Báo cáo chờ duyệt")]


def test_the_head_sees_the_units_that_have_not_signed_after_the_due_date(world, signed):
    items = unit_items(world.users["head"], world.year, day(world, 4, 20))
    item = items["Đơn vị chưa ký giao ước: 2"]
    assert item.state == inbox.OVERDUE and world.deputy_unit.display_name in item.detail


def test_a_verifier_sees_the_submitted_sheets_it_verifies(world, cross_check):
    ScoreSheet.objects.filter(table=cross_check, unit=world.member_unit).update(
        status=ScoreSheet.Status.SUBMITTED)
    items = unit_items(world.users["verifier"], world.year, day(world, 12, 6))
    assert "Phiếu chấm cần thẩm định: 1" in items


def test_a_unit_that_does_not_verify_a_sheet_is_not_asked_to(world, cross_check):
    ScoreSheet.objects.filter(table=cross_check, unit=world.member_unit).update(
        status=ScoreSheet.Status.SUBMITTED)
    items = unit_items(world.users["deputy"], world.year, day(world, 12, 6))
    assert not [label for label in items if label.startswith("Phiếu chấm cần thẩm định")]


def test_the_head_sees_open_contests_to_decide(world, cross_check):
    sheet = cross_check.sheets.get(unit=world.member_unit)
    ScoreSheet.objects.filter(pk=sheet.pk).update(status=ScoreSheet.Status.VERIFIED,
                                                  verified_at=timezone.now())
    CriterionScore.objects.filter(pk=sheet.scores.first().pk).update(
        contested_at=timezone.now(), contest_reason="Có minh chứng.")
    items = unit_items(world.users["head"], world.year, day(world, 12, 6))
    assert "Điểm bị khiếu nại cần quyết định: 1" in items


def test_self_scoring_is_ticked_once_submitted(world, cross_check):
    ScoreSheet.objects.filter(table=cross_check, unit=world.member_unit).update(
        status=ScoreSheet.Status.SUBMITTED)
    item = unit_items(world.users["member"], world.year, day(world, 12, 1))["Tự chấm điểm"]
    assert item.state == inbox.DONE


# --- secretariat and leadership ---------------------------------------------------------

def test_the_secretariat_sees_the_nominations_received(world, campaign):
    award = AwardType.objects.filter(organisation=world.org).first()
    Nomination.objects.create(campaign=campaign, award=award, unit=world.member_unit,
                              status=Nomination.Status.SUBMITTED)
    panel = org_panel(world.users["secretariat"], world.year, day(world, 12, 21))
    assert "Đề nghị khen thưởng các cụm đã gửi: 1" in [i.label for i in panel.inbox]


def test_the_secretariat_sees_a_cluster_behind_a_deadline(world, campaign):
    panel = org_panel(world.users["secretariat"], world.year, day(world, 4, 20))
    assert [i.label for i in panel.inbox] == [
        f"{world.cluster_a.name}: 3 đơn vị chậm hạn"]


def test_a_leader_limited_to_another_cluster_sees_no_alert_of_cluster_a(world, campaign):
    panel = org_panel(world.users["leader_b"], world.year, day(world, 4, 20))
    assert panel.inbox == [] and panel.figures.units == 0


def test_leadership_sees_the_key_figures_of_the_organisation(world, signed):
    panel = org_panel(world.users["leadership"], world.year, day(world, 4, 20))
    assert (panel.figures.units, panel.figures.signed) == (3, 1)


# --- one page, a fixed number of queries ------------------------------------------------

@pytest.mark.parametrize("role", ["member", "head", "secretariat", "leadership"])
def test_home_query_count_does_not_grow_with_units_and_reports(world, signed, client_for,
                                                              role):
    client = client_for(world.users[role])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("portal:home")).status_code == 200
        return len(queries)

    submitted(signed, world.deputy_unit, world.users["deputy"])
    before = count()
    for _ in range(6):
        unit = make_unit(world.org)
        make_membership(world.cluster_a, unit, world.year)
        user = make_rep(unit)
        services.reports_create(campaign=signed)
        UnitPledge.objects.create(campaign=signed, unit=unit)
        with time_machine.travel(at(world.year, 4, 2), tick=False):
            register_and_sign(signed, unit, user, [("Hội thảo", "cuộc", 1)])
        with time_machine.travel(at(world.year, 6, 1), tick=False):
            report = write_report(signed, unit, "semiannual", {"Hội thảo": 1})
            services.report_submit(report=report, user=user)
    assert count() == before


def test_home_opens_on_last_year_while_its_campaign_is_still_open(world, client_for):
    from campaigns import services as campaign_services
    from campaigns.forms import default_dates
    from campaigns.models import Campaign
    from clusters.models import Membership

    last = world.year - 1  # world's units are members of cluster A last year too
    campaign_services.campaign_save(campaign=Campaign(
        cluster=world.cluster_a, year=last, title="Năm trước", **default_dates(last)))
    assert Membership.objects.filter(cluster=world.cluster_a, year=last).exists()
    for role in ("member", "secretariat"):
        page = client_for(world.users[role]).get(reverse("portal:home"))
        assert page.context["year"] == last, role


def test_home_opens_on_this_year_once_last_years_campaign_is_closed(world, client_for):
    from django.utils import timezone

    from campaigns import services as campaign_services
    from campaigns.forms import default_dates
    from campaigns.models import Campaign

    last = world.year - 1
    campaign_services.campaign_save(campaign=Campaign(
        cluster=world.cluster_a, year=last, title="Năm trước", closed_at=timezone.now(),
        **default_dates(last)))
    page = client_for(world.users["member"]).get(reverse("portal:home"))
    assert page.context["year"] == world.year
