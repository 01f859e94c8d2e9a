import pytest
import time_machine

from scoring import services
from tests.conftest import at


@pytest.fixture
def table(world, campaign):
    """Cluster A's table (copied from the organisation's template), self-scoring open."""
    table = services.table_for_campaign(campaign=campaign)
    with time_machine.travel(at(world.year, 11, 30), tick=False):
        services.scoring_open(table=table)
    table.refresh_from_db()
    return table


def sheet_of(table, unit):
    return table.sheets.get(unit=unit)


def full_marks(sheet, **overrides):
    """Self-score every criterion at its maximum (overrides: {criterion code: score}), with
    an evidence note where evidence is required."""
    from decimal import Decimal

    scores = {}
    for score in sheet.scores.select_related("criterion"):
        code = score.criterion.code
        scores[score.criterion_id] = {"score": Decimal(overrides.get(code,
                                                                     score.criterion.max_points)),
                                      "comment": "", "note": "Biên bản hội nghị"}
    return scores


def self_score_and_submit(world, table, unit, user, claims=None, **overrides):
    sheet = sheet_of(table, unit)
    services.self_score_save(sheet=sheet, scores=full_marks(sheet, **overrides),
                             claims=claims or {})
    with time_machine.travel(at(world.year, 12, 1), tick=False):
        return services.self_score_submit(sheet=sheet, user=user)


@pytest.fixture
def verified(world, table):
    """The member unit's sheet, self-scored at full marks and verified on 8 December with
    criterion 2 lowered from 10 to 6 (so it can be contested until the 11th)."""
    from decimal import Decimal

    sheet = self_score_and_submit(world, table, world.member_unit, world.users["member"])
    criterion = sheet.scores.get(criterion__code="2").criterion
    with time_machine.travel(at(world.year, 12, 8), tick=False):
        return services.verify_save(sheet=sheet, version=sheet.version,
                                    scores={s.criterion_id: (s.self_score, "") if
                                            s.criterion_id != criterion.pk
                                            else (Decimal(6), "Thiếu")
                                            for s in sheet.scores.all()},
                                    claims={}, finish=True, user=world.users["head"])
