import django.db.models
from django.db import migrations

import documents.models


class Migration(migrations.Migration):
    """The token first without a default (a callable default would give every existing row
    the same value and break uniqueness: those rows keep none), then the default for new rows
    (Python-side only, nothing changes in the database)."""

    dependencies = [("documents", "0002_signature")]

    operations = [
        migrations.AddField(
            model_name="storeddocument", name="verify_token",
            field=django.db.models.CharField(editable=False, max_length=32, null=True,
                                             unique=True)),
        migrations.AlterField(
            model_name="storeddocument", name="verify_token",
            field=django.db.models.CharField(default=documents.models.new_verify_token,
                                             editable=False, max_length=32, null=True,
                                             unique=True)),
    ]
