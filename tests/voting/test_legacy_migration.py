"""Votes counted before the encrypted ballot keep their counts, marked legacy."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_questions_counted_under_the_earlier_scheme_are_marked_legacy(world, campaign):
    executor = MigrationExecutor(connection)
    executor.migrate([("voting", "0006_encrypted_ballot")])
    apps = executor.loader.project_state([("voting", "0006_encrypted_ballot")]).apps
    Session = apps.get_model("voting", "VotingSession")
    Question = apps.get_model("voting", "Question")
    BallotCast = apps.get_model("voting", "BallotCast")
    session = Session.objects.create(campaign_id=campaign.pk)
    closed = Question.objects.create(session=session, kind="head", title="h", threshold="0.5",
                                     closed_at="2026-12-01T09:00:00Z")
    cast_on = Question.objects.create(session=session, kind="deputy", title="d",
                                      threshold="0.5")
    BallotCast.objects.create(question=cast_on, unit_id=world.head_unit.pk)
    fresh = Question.objects.create(session=session, kind="head", title="n", threshold="0.5")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from voting.models import Question as Current

    rows = {q.title: (q.legacy, q.counted_at is not None) for q in Current.objects.filter(
        pk__in=[closed.pk, cast_on.pk, fresh.pk])}
    assert rows == {"h": (True, True), "d": (True, False), "n": (False, False)}
