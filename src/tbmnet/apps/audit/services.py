"""Append-only, hash-chained audit trail: every state change calls ``record``."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .models import AuditHead, AuditRecord

GENESIS = "0" * 64


def _digest(previous_hash: str, fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((previous_hash + canonical).encode()).hexdigest()


def _fields(record: AuditRecord) -> dict[str, Any]:
    return {
        "at": record.at.isoformat(), "actor": record.actor_label, "event": record.event,
        "subject_type": record.subject_type, "subject_id": record.subject_id,
        "data": record.data,
    }


def record(actor, event: str, subject: models.Model | None = None, /, **data: Any) -> AuditRecord:
    """Append one record: who (a user, or None for the system), what event, on what, details.

    Runs inside the caller's transaction, so the record stands or falls with the change (no
    savepoint of its own: a failure here rolls the caller's whole transaction back). The head
    row is locked until that transaction commits, so every writer waits its turn: callers
    record last, after their own writes, to keep the lock short.
    """
    entry = AuditRecord(  # made before the lock; only its time and hashes are set under it
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=getattr(actor, "username", None) or "system",
        event=event,
        subject_type=subject._meta.label if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        data=json.loads(json.dumps(data, default=str)),
    )
    with transaction.atomic(savepoint=False):
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": GENESIS})
        entry.at = timezone.now()
        entry.previous_hash = head.last_hash
        entry.hash = _digest(entry.previous_hash, _fields(entry))
        entry.save()
        head.last_hash = entry.hash
        head.save(update_fields=["last_hash"])
    return entry


@dataclass(frozen=True)
class ChainCheck:
    records: int
    broken_at: int | None  # id of the record where the chain breaks
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify() -> ChainCheck:
    """Recompute the chain from the first record; the first break is reported."""
    previous = GENESIS
    count = last_id = 0
    for entry in AuditRecord.objects.order_by("id").iterator(chunk_size=2000):
        count += 1
        if entry.previous_hash != previous:
            return ChainCheck(count, entry.id, "a record before it was removed or changed")
        if _digest(previous, _fields(entry)) != entry.hash:
            return ChainCheck(count, entry.id, "the record was altered after it was written")
        previous, last_id = entry.hash, entry.id
    head = AuditHead.objects.filter(pk=1).first()
    if head and head.last_hash != previous:
        return ChainCheck(count, last_id, "records after this one were removed")
    return ChainCheck(count, None)
