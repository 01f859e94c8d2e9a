from django.db import migrations
from django.db.models import OuterRef, Subquery


def names_as_they_are(apps, schema_editor):
    """Nominations and decisions recorded before names were kept take today's name."""
    AwardType = apps.get_model("campaigns", "AwardType")
    name = Subquery(AwardType.objects.filter(pk=OuterRef("award_id")).values("name")[:1])
    for model in ("Nomination", "AwardDecision"):
        apps.get_model("awards", model).objects.filter(award_name="").update(award_name=name)


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_award_names_kept_place_register"),
                    ("campaigns", "0006_award_catalogue_fields")]
    operations = [migrations.RunPython(names_as_they_are, migrations.RunPython.noop)]
