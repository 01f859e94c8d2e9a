from decimal import Decimal as D

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from scoring import selectors, services
from scoring.models import CriteriaTable, Criterion, CriterionScore, CrossCheck
from tests.conftest import at
from tests.factories import make_unit
from tests.helpers import error_codes
from tests.scoring.conftest import full_marks, self_score_and_submit, sheet_of


def test_a_campaign_table_is_a_copy_of_the_template(table):
    assert (table.groups.count(), Criterion.objects.filter(group__table=table).count(),
            table.max_total) == (4, 12, 100)


def test_next_years_table_is_copied_from_last_years(world, table):
    from campaigns.forms import default_dates
    from campaigns.models import Campaign
    from campaigns.services import campaign_save

    Criterion.objects.filter(group__table=table, code="12").update(name="Tiêu chí riêng")
    next_campaign = campaign_save(campaign=Campaign(cluster=world.cluster_a, year=world.year + 1,
                                                    title="x", **default_dates(world.year + 1)))
    copy = services.table_for_campaign(campaign=next_campaign)
    assert Criterion.objects.filter(group__table=copy, name="Tiêu chí riêng").exists()


def test_the_table_is_locked_once_self_scoring_opens(table):
    table.bonus_cap = D(5)
    with pytest.raises(ValidationError) as excinfo:
        services.table_save(table=table)
    assert error_codes(excinfo.value) == {"table_locked"}


def test_reopening_needs_a_reason_and_is_audited(table):
    with pytest.raises(ValidationError) as excinfo:
        services.table_reopen(table=table, reason=" ")
    assert error_codes(excinfo.value) == {"reopen_reason_required"}
    services.table_reopen(table=table, reason="Điều chỉnh thang điểm nhóm IV")
    entry = LogEntry.objects.get_for_object(table).filter(
        action=LogEntry.Action.UPDATE, changes__has_key="reopened_reason")
    assert "Điều chỉnh thang điểm" in str(entry.get().changes)


@pytest.mark.parametrize("score", ["-1", "10.5"])
def test_a_score_outside_zero_to_max_is_refused(world, table, score):
    sheet = sheet_of(table, world.member_unit)
    with pytest.raises(ValidationError, match="0"):
        services.self_score_save(sheet=sheet, scores=full_marks(sheet, **{"2": score}),
                                 claims={})


def test_self_scoring_after_the_deadline_is_refused(world, table):
    sheet = sheet_of(table, world.member_unit)
    services.self_score_save(sheet=sheet, scores=full_marks(sheet), claims={})
    with time_machine.travel(at(world.year, 12, 6), tick=False), \
            pytest.raises(ValidationError, match="05/12"):
        services.self_score_submit(sheet=sheet, user=world.users["member"])


def test_required_evidence_must_be_given(world, table):
    sheet = sheet_of(table, world.member_unit)
    scores = full_marks(sheet)
    for data in scores.values():
        data["note"] = ""
    services.self_score_save(sheet=sheet, scores=scores, claims={})
    with time_machine.travel(at(world.year, 12, 1), tick=False), \
            pytest.raises(ValidationError, match="1"):
        services.self_score_submit(sheet=sheet, user=world.users["member"])


def test_a_criterion_from_targets_is_scored_from_completion(world, table):
    from tests.helpers import register_and_sign, write_report

    with time_machine.travel(at(world.year, 4, 1), tick=False):
        register_and_sign(table.campaign, world.member_unit, world.users["member"],
                          [("A", "người", 10), ("B", "buổi", 4)])
    from reports import services as report_services

    with time_machine.travel(at(world.year, 11, 25), tick=False):
        report = write_report(table.campaign, world.member_unit, "yearend", {"A": 5, "B": 8})
        report_services.report_submit(report=report, user=world.users["member"])
    sheet = sheet_of(table, world.member_unit)
    services.self_score_save(sheet=sheet, scores=full_marks(sheet), claims={})
    auto = sheet.scores.get(criterion__code="1")  # max 15: (0.5 + 1) / 2 × 15
    assert auto.self_score == D("11.25")


# --- verification ------------------------------------------------------------------------

def test_the_head_verifies_members_and_the_deputy_verifies_the_head(world, table):
    assert services.verifier_unit(sheet_of(table, world.member_unit)) == world.head_unit
    assert services.verifier_unit(sheet_of(table, world.head_unit)) == world.deputy_unit


def test_a_changed_score_needs_a_reason(world, table):
    sheet = self_score_and_submit(world, table, world.member_unit, world.users["member"])
    criterion = sheet.scores.get(criterion__code="2").criterion
    with pytest.raises(ValidationError, match="2"):
        services.verify_save(sheet=sheet, version=sheet.version,
                             scores={criterion.pk: (D(7), "")}, claims={})


def test_a_second_save_from_a_stale_version_is_refused(world, table):
    sheet = self_score_and_submit(world, table, world.member_unit, world.users["member"])
    criterion = sheet.scores.get(criterion__code="2").criterion
    loaded = sheet.version
    services.verify_save(sheet=sheet, version=loaded, scores={criterion.pk: (D(9), "Thiếu")},
                         claims={})
    with pytest.raises(ValidationError) as excinfo:
        services.verify_save(sheet=sheet, version=loaded, scores={criterion.pk: (D(5), "x")},
                             claims={})
    assert error_codes(excinfo.value) == {"stale_version"}
    assert sheet.scores.get(criterion__code="2").verified_score == 9


def test_the_verifier_may_add_a_penalty_and_refuse_a_bonus_with_a_reason(world, table):
    bonus = table.adjustments.get(kind="bonus", points=2)
    penalty = table.adjustments.get(kind="penalty", points=1)
    sheet = self_score_and_submit(world, table, world.member_unit, world.users["member"],
                                  claims={bonus.pk: "Mô hình hay"})
    with pytest.raises(ValidationError) as excinfo:
        services.verify_save(sheet=sheet, version=sheet.version, scores={},
                             claims={bonus.pk: (False, "")})
    assert error_codes(excinfo.value) == {"refusal_reason_required"}
    services.verify_save(sheet=sheet, version=sheet.version, scores={},
                         claims={bonus.pk: (False, "Chưa được ghi nhận"),
                                 penalty.pk: (True, "Báo cáo chậm 3 ngày")})
    result = selectors.result_of(sheet_of(table, world.member_unit), table)
    assert (result.bonus, result.penalty) == (0, 1)


# --- cross-checking ------------------------------------------------------------------------

@pytest.mark.parametrize("n", [3, 4, 5, 6, 8])
@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_cross_checks_never_self_and_never_reciprocal(n, year):
    units = list(range(n))
    pairs = services.cross_check_pairs(units, year)
    assert all(checker != checked for checker, checked in pairs)
    assert not any((checked, checker) in pairs for checker, checked in pairs)
    assert sorted(checked for _checker, checked in pairs) == units


def test_cross_checks_rotate_with_the_year():
    units = list(range(5))
    assert services.cross_check_pairs(units, 2025) != services.cross_check_pairs(units, 2026)


def test_cross_checking_two_units_is_impossible():
    with pytest.raises(ValidationError) as excinfo:
        services.cross_check_pairs([1, 2], 2026)
    assert error_codes(excinfo.value) == {"too_few_units"}


def test_cross_check_mode_assigns_checkers_when_scoring_opens(world, campaign):
    make_unit(world.org)  # not a member: ignored
    table = services.table_for_campaign(campaign=campaign)
    CriteriaTable.objects.filter(pk=table.pk).update(mode="cross")
    table.refresh_from_db()
    services.scoring_open(table=table)
    checks = CrossCheck.objects.filter(table=table)
    assert checks.count() == 3 and not checks.filter(checker=models_f("checked")).exists()


def models_f(name):
    from django.db.models import F

    return F(name)


# --- contests and the lock ---------------------------------------------------------------

def test_a_criterion_can_be_contested_once(world, verified):
    score = verified.scores.get(criterion__code="2")
    with time_machine.travel(at(world.year, 12, 9), tick=False):
        services.contest(score=score, reason="Đã có biên bản")
        with pytest.raises(ValidationError) as excinfo:
            services.contest(score=score, reason="Lần nữa")
        assert error_codes(excinfo.value) == {"already_contested"}


def test_an_unchanged_criterion_cannot_be_contested(world, verified):
    score = verified.scores.get(criterion__code="3")
    with (time_machine.travel(at(world.year, 12, 9), tick=False),
          pytest.raises(ValidationError) as excinfo):
        services.contest(score=score, reason="x")
    assert error_codes(excinfo.value) == {"nothing_to_contest"}


def test_the_contest_window_closes(world, verified):
    score = verified.scores.get(criterion__code="2")
    with (time_machine.travel(at(world.year, 12, 12), tick=False),
          pytest.raises(ValidationError) as excinfo):
        services.contest(score=score, reason="Muộn")
    assert error_codes(excinfo.value) == {"contest_window_passed"}


def test_the_head_resolves_and_the_resolved_score_counts(world, verified):
    score = verified.scores.get(criterion__code="2")
    with time_machine.travel(at(world.year, 12, 9), tick=False):
        services.contest(score=score, reason="Đã có biên bản")
    services.contest_resolve(score=score, keep=False, new_score=D(9), reason="Chấp nhận")
    assert CriterionScore.objects.get(pk=score.pk).final == 9


def test_results_cannot_lock_with_an_open_contest(world, verified):
    score = verified.scores.get(criterion__code="2")
    with time_machine.travel(at(world.year, 12, 9), tick=False):
        services.contest(score=score, reason="Đã có biên bản")
    with pytest.raises(ValidationError) as excinfo:
        services.results_lock(table=verified.table)
    assert error_codes(excinfo.value) == {"contests_open"}


def test_locked_results_stop_contests(world, verified):
    services.results_lock(table=verified.table)
    with (time_machine.travel(at(world.year, 12, 9), tick=False),
          pytest.raises(ValidationError) as excinfo):
        services.contest(score=verified.scores.get(criterion__code="2"), reason="x")
    assert error_codes(excinfo.value) == {"not_contestable"}


def test_results_rate_rank_and_mark_the_missing_unit(world, verified):
    rows = {r.unit.code: r for r in selectors.results(verified.table)}
    # 100 − 15 (criterion 1 from targets: no year-end figures, so 0) − 4 (verified 6 of 10);
    # the criterion at 0 keeps the unit out of Xuất sắc and Tốt.
    assert (rows["UM"].total, rows["UM"].rating, rows["UM"].rank) == (D(81), "Hoàn thành", 1)
    assert (rows["UH"].rating, rows["UH"].rank) == ("Không hoàn thành", None)
