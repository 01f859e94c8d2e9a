from django.db import migrations

KINDS = {"gov_flag": "flag", "org_flag": "flag", "pm_merit": "merit", "org_merit": "merit",
         "internal": "title"}


def kinds_from_levels(apps, schema_editor):
    """Existing catalogue entries get the kind their level implies."""
    AwardType = apps.get_model("campaigns", "AwardType")
    for level, kind in KINDS.items():
        AwardType.objects.filter(level=level).update(kind=kind)


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0006_award_catalogue_fields")]
    operations = [migrations.RunPython(kinds_from_levels, migrations.RunPython.noop)]
