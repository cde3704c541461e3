from django.conf import settings
from django.db import models


class AuditRecord(models.Model):
    """One state change or access, chained to the previous record of its chain by its hash."""

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+")
    actor_label = models.CharField(max_length=150, help_text="username, or 'system' for jobs")
    event = models.CharField(max_length=80, db_index=True)
    subject_type = models.CharField(max_length=80, blank=True)
    subject_id = models.CharField(max_length=80, blank=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)
    chain = models.PositiveSmallIntegerField(
        default=0, help_text="the hash chain of its subject (services.chain_of); 0: no subject")
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.event} {self.subject_id}"


class AuditHead(models.Model):
    """The last hash of one chain, its row locked while a record is appended to that chain,
    so a chain never forks while the other chains take appends at the same time."""

    chain = models.PositiveSmallIntegerField(unique=True, default=0)
    last_hash = models.CharField(max_length=64)
