"""Two verifiers save the same score sheet at the same moment: one wins, the other is
refused with a message, nothing is silently overwritten. Needs PostgreSQL's row locks."""

import threading
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from scoring import services
from scoring.models import ScoreSheet
from tests.scoring.conftest import self_score_and_submit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_concurrent_verification_saves_once_and_refuses_the_other(world, table):
    sheet = self_score_and_submit(world, table, world.member_unit, world.users["member"])
    criterion_id = sheet.scores.get(criterion__code="2").criterion_id
    version = sheet.version
    barrier = threading.Barrier(2)
    outcomes = []

    def verify(value):
        try:
            barrier.wait(timeout=10)
            services.verify_save(sheet=ScoreSheet.objects.get(pk=sheet.pk), version=version,
                                 scores={criterion_id: (D(value), f"Chấm lại {value}")},
                                 claims={})
            outcomes.append(("saved", value))
        except ValidationError:
            outcomes.append(("refused", value))
        finally:
            connection.close()

    threads = [threading.Thread(target=verify, args=(v,)) for v in (6, 7)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    saved = [value for outcome, value in outcomes if outcome == "saved"]
    final = ScoreSheet.objects.get(pk=sheet.pk).scores.get(criterion_id=criterion_id)
    assert len(saved) == 1 and sorted(o for o, _v in outcomes) == ["refused", "saved"]
    assert final.verified_score == saved[0]
