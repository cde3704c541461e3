"""The overdue alert's movement needs no index of its own: the unique (movement, kind) leads
with it. One index write fewer per alert raised."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("movements", "0003_overdue_alert_authorities_from_movement"),
    ]

    operations = [
        migrations.AlterField(
            model_name="overduealert",
            name="movement",
            field=models.ForeignKey(db_index=False,
                                    on_delete=django.db.models.deletion.CASCADE,
                                    related_name="alerts", to="movements.movement"),
        ),
    ]
