"""Overdue alerts name no authority of their own: those of the movement are the alert's
(``OverdueAlert.export_authority``/``import_authority``). Two foreign keys fewer to check per
alert when the scan raises them by the hundred thousand."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("movements", "0002_consent_usage_counters"),
    ]

    operations = [
        migrations.RemoveField(model_name="overduealert", name="export_authority"),
        migrations.RemoveField(model_name="overduealert", name="import_authority"),
    ]
