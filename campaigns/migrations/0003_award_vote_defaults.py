"""Give awards created before the vote settings existed the domain's defaults:
flags need at least 80 % of all member units and go to one unit; other awards need more
than half and may go to two."""

from decimal import Decimal

from django.db import migrations

FLAGS = ("gov_flag", "org_flag")


def set_defaults(apps, schema_editor):
    AwardType = apps.get_model("campaigns", "AwardType")
    AwardType.objects.filter(level__in=FLAGS).update(
        quota=1, vote_threshold=Decimal("0.8"), strictly_above=False)
    AwardType.objects.exclude(level__in=FLAGS).update(
        quota=2, vote_threshold=Decimal("0.5"), strictly_above=True)


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0002_award_vote_settings")]
    operations = [migrations.RunPython(set_defaults, migrations.RunPython.noop)]
