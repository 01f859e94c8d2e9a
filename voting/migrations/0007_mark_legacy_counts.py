"""Questions that already hold plaintext ballots or counts (BallotCast, Receipt or closed
before issue 13) keep them, read-only, marked as counted under the earlier scheme; a closed
question's counts stay visible (counted_at = closed_at)."""

from django.db import migrations
from django.db.models import F, Q


def mark(apps, schema_editor):
    Question = apps.get_model("voting", "Question")
    earlier = Question.objects.filter(Q(closed_at__isnull=False) | Q(casts__isnull=False)
                                      | Q(receipts__isnull=False)).distinct()
    Question.objects.filter(pk__in=earlier.values("pk")).update(legacy=True)
    Question.objects.filter(closed_at__isnull=False).update(counted_at=F("closed_at"))


def unmark(apps, schema_editor):
    Question = apps.get_model("voting", "Question")
    Question.objects.update(legacy=False, counted_at=None)


class Migration(migrations.Migration):

    dependencies = [
        ("voting", "0006_encrypted_ballot"),
    ]

    operations = [migrations.RunPython(mark, unmark)]
