"""The score sheet's grids are Django forms: junk comes back with field errors and every typed
value; the contest button is offered exactly when services.contest would accept it."""

from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from scoring import selectors, services
from scoring.models import CriterionScore
from tests.conftest import at
from tests.scoring.conftest import self_score_and_submit, sheet_of


def criterion_pk(sheet, code):
    return sheet.scores.get(criterion__code=code).criterion_id


def error_code(page, name, form="form"):
    return page.context[form].errors.as_data()[name][0].code


def self_score(client, sheet, data):
    return client.post(reverse("scoring:sheet_self_score", args=[sheet.pk]), data)


# --- self-scoring ---------------------------------------------------------------------------

def test_letters_in_a_self_score_come_back_with_a_field_error(world, table, client_for):
    sheet = sheet_of(table, world.member_unit)
    two = criterion_pk(sheet, "2")
    page = self_score(client_for(world.users["member"]), sheet, {f"score-{two}": "bảy"})
    assert page.status_code == 200
    assert error_code(page, f"score-{two}") == "invalid"
    assert 'value="bảy"' in page.text


def test_one_wrong_score_keeps_every_other_value_typed_and_saves_nothing(world, table,
                                                                         client_for):
    sheet = sheet_of(table, world.member_unit)
    two, three = criterion_pk(sheet, "2"), criterion_pk(sheet, "3")
    page = self_score(client_for(world.users["member"]), sheet, {
        f"score-{two}": "99", f"score-{three}": "7,5", f"comment-{three}": "Đã tuyên truyền"})
    assert 'value="99"' in page.text and 'value="7,5"' in page.text
    assert 'value="Đã tuyên truyền"' in page.text
    assert not CriterionScore.objects.filter(sheet=sheet, self_score__isnull=False).exists()


def test_an_invalid_score_is_marked_for_screen_readers(world, table, client_for):
    sheet = sheet_of(table, world.member_unit)
    two = criterion_pk(sheet, "2")
    page = self_score(client_for(world.users["member"]), sheet, {f"score-{two}": "x"})
    assert f'aria-describedby="id_score-{two}_error"' in page.text
    assert f'id="id_score-{two}_error"' in page.text and 'aria-invalid="true"' in page.text


def test_a_decimal_comma_is_saved_as_the_score(world, table, client_for):
    sheet = sheet_of(table, world.member_unit)
    three = criterion_pk(sheet, "3")
    page = self_score(client_for(world.users["member"]), sheet, {f"score-{three}": "7,5"})
    assert page.status_code == 302
    assert CriterionScore.objects.get(sheet=sheet, criterion_id=three).self_score == \
        Decimal("7.5")


def test_an_unknown_evidence_file_is_a_field_error(world, table, client_for):
    sheet = sheet_of(table, world.member_unit)
    two = criterion_pk(sheet, "2")
    page = self_score(client_for(world.users["member"]), sheet, {f"evidence-{two}": "abc"})
    assert error_code(page, f"evidence-{two}") == "invalid_choice"


# --- verification ---------------------------------------------------------------------------

@pytest.fixture
def submitted(world, table):
    return self_score_and_submit(world, table, world.member_unit, world.users["member"])


def verify(client, sheet, data):
    return client.post(reverse("scoring:sheet_verify", args=[sheet.pk]), data)


def test_junk_in_a_verified_score_comes_back_and_saves_nothing(world, submitted, client_for):
    two, three = criterion_pk(submitted, "2"), criterion_pk(submitted, "3")
    page = verify(client_for(world.users["head"]), submitted, {
        "version": submitted.version, f"verified-{two}": "6 điểm", f"verified-{three}": "4",
        f"reason-{three}": "Thiếu biên bản"})
    assert error_code(page, f"verified-{two}") == "invalid"
    assert 'value="6 điểm"' in page.text and 'value="Thiếu biên bản"' in page.text
    assert not CriterionScore.objects.filter(sheet=submitted,
                                             verified_score__isnull=False).exists()


@pytest.mark.parametrize("version", [None, "", "abc", "-1"])
def test_a_missing_or_garbled_version_is_refused_with_a_message(world, submitted, client_for,
                                                                version):
    three = criterion_pk(submitted, "3")
    data = {f"verified-{three}": "4", f"reason-{three}": "Thiếu"}
    if version is not None:
        data["version"] = version
    page = verify(client_for(world.users["head"]), submitted, data)
    assert page.status_code == 200 and "version" in page.context["form"].errors
    assert 'id="sheet-errors"' in page.text and 'value="4"' in page.text


def test_a_service_refusal_lands_on_the_form_with_the_values(world, submitted, client_for):
    three = criterion_pk(submitted, "3")  # changed without a reason: the service refuses
    page = verify(client_for(world.users["head"]), submitted, {
        "version": submitted.version, f"verified-{three}": "4"})
    assert page.context["form"].non_field_errors()
    assert 'value="4"' in page.text


# --- contests -------------------------------------------------------------------------------

def offered(client, score):
    page = client.get(reverse("scoring:sheet_detail", args=[score.sheet_id]))
    return reverse("scoring:score_contest", args=[score.pk]) in page.text


def service_accepts(score):
    try:
        services.contest(score=score, reason="Đã có biên bản")
    except ValidationError:
        return False
    return True


def _not_verified(world, table):
    sheet = self_score_and_submit(world, table, world.member_unit, world.users["member"])
    two = criterion_pk(sheet, "2")
    services.verify_save(sheet=sheet, version=sheet.version, scores={two: (Decimal(6), "Thiếu")},
                         claims={}, user=world.users["head"])
    return sheet


def _contested(world, table, verified):
    with time_machine.travel(at(world.year, 12, 9), tick=False):
        services.contest(score=verified.scores.get(criterion__code="2"), reason="Lần đầu")


CASES = {
    # name: (set-up, day of December the page is opened, contest expected to be possible)
    "inside the window": (lambda w, t, v: None, 10, True),
    "after the window": (lambda w, t, v: None, 11, False),
    "already contested": (_contested, 9, False),
    "results locked": (lambda w, t, v: services.results_lock(table=t), 9, False),
}


@pytest.mark.parametrize("case", CASES)
def test_the_contest_button_is_offered_exactly_when_the_service_accepts(world, table, verified,
                                                                        client_for, case):
    set_up, day, possible = CASES[case]
    set_up(world, table, verified)
    score = verified.scores.get(criterion__code="2")
    with time_machine.travel(at(world.year, 12, day), tick=False):
        shown = offered(client_for(world.users["member"]), score)
        assert shown == service_accepts(score)
    assert shown is possible


def test_a_score_not_yet_verified_offers_no_contest_and_the_service_refuses(world, table,
                                                                            client_for):
    sheet = _not_verified(world, table)
    score = sheet.scores.get(criterion__code="2")
    assert offered(client_for(world.users["member"]), score) is False
    assert service_accepts(score) is False


def test_the_selector_gives_the_code_of_the_refusal(world, verified):
    score = verified.scores.select_related("sheet__table").get(criterion__code="2")
    refusal = selectors.contest_refusal(score, now=at(world.year, 12, 11))
    assert refusal.code == "contest_window_passed"


def test_a_contest_without_a_reason_comes_back_with_a_field_error(world, verified, client_for):
    score = verified.scores.get(criterion__code="2")
    with time_machine.travel(at(world.year, 12, 9), tick=False):
        page = client_for(world.users["member"]).post(
            reverse("scoring:score_contest", args=[score.pk]), {"reason": " "})
    row = next(r for r in page.context["rows"] if r.score.pk == score.pk)
    assert row.contest.errors.as_data()["reason"][0].code == "required"
    assert CriterionScore.objects.get(pk=score.pk).contested_at is None


def test_a_resolution_with_letters_keeps_the_typed_score(world, verified, client_for):
    score = verified.scores.get(criterion__code="2")
    with time_machine.travel(at(world.year, 12, 9), tick=False):
        services.contest(score=score, reason="Đã có biên bản")
    page = client_for(world.users["head"]).post(
        reverse("scoring:score_resolve", args=[score.pk]),
        {"decision": "change", "score": "chín", "reason": "Chấp nhận"})
    assert page.status_code == 200 and 'value="chín"' in page.text
    assert CriterionScore.objects.get(pk=score.pk).resolved_at is None


def test_the_error_summary_links_every_wrong_score_to_its_input(world, table, client_for):
    sheet = sheet_of(table, world.member_unit)
    two, three = criterion_pk(sheet, "2"), criterion_pk(sheet, "3")
    page = self_score(client_for(world.users["member"]), sheet,
                      {f"score-{two}": "bảy", f"score-{three}": "99"})
    summary = page.text.split('id="error-summary"')[1].split("</div>")[0]
    assert f'href="#id_score-{two}"' in summary and f'href="#id_score-{three}"' in summary
    assert summary.count("<li>") == 2
