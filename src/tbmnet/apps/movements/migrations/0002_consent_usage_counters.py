"""The consent's counters (``Notification.shipments_used`` / ``tonnes_used``) become the one
record of what movements used: set them once from the movements already announced (cancelled
ones excluded), so that databases made before this change agree with their movements."""

from decimal import Decimal

from django.db import migrations
from django.db.models import Count, Sum


def count_movements(apps, schema_editor):
    Movement = apps.get_model("movements", "Movement")
    Notification = apps.get_model("notifications", "Notification")
    totals = (Movement.objects.exclude(status="cancelled").values("notification_id")
              .annotate(n=Count("id"), t=Sum("quantity_tonnes")))
    for row in totals:
        Notification.objects.filter(pk=row["notification_id"]).update(
            shipments_used=row["n"], tonnes_used=row["t"] or Decimal(0))


class Migration(migrations.Migration):
    dependencies = [
        ("movements", "0001_initial"),
        ("notifications", "0001_initial"),
    ]

    operations = [migrations.RunPython(count_movements, migrations.RunPython.noop)]
