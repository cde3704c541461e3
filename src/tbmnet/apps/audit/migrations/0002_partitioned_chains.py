"""Partitioned hash chains: a record's chain, a head per chain. The records written before
are chain 0 and the one head row is chain 0's, so the existing trail stays valid as it is."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditrecord",
            name="chain",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="the hash chain of its subject (services.chain_of); 0: no subject"),
        ),
        migrations.AddField(
            model_name="audithead",
            name="chain",
            field=models.PositiveSmallIntegerField(default=0, unique=True),
        ),
    ]
