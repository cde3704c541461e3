"""Append-only, hash-chained audit trail: every state change calls ``record``.

Partitioned chains. The trail is ``CHAINS`` hash chains side by side. A record goes to the
chain of its subject, a stable hash of its type and id (``chain_of``; records with no subject
go to chain 0; a subject may name another's chain, see below), so every record of one subject
is in one chain, in the order written. Each
chain has its head row (``AuditHead``: the hash of its last record); an append locks the head
of its chain alone, until the caller's transaction commits. Two writes on subjects of
different chains therefore no longer wait for each other; two on one subject (or on subjects
that share a chain) still take turns, and that turn is what keeps a chain from forking.

Tamper evidence is that of one chain, per chain: each record's hash covers its fields and
the hash of the record before it in its chain, and the head holds the hash of the last one.
``verify`` recomputes every chain and names the chain and the record where one breaks: a
record changed (its hash no longer matches), removed or inserted in the middle (the next
record's link no longer matches), removed at the end (the head no longer matches), or a head
removed. What the chains no longer prove is the order of two records of different chains;
their times (``at``) still say it, as before, without a hash over both.

The records written before the chains were partitioned are chain 0 under the one head there
was, which became chain 0's head: they verify unchanged.

One rule comes with the partition: a transaction records on subjects of one chain only. One
that held two heads could deadlock with another taking them in the opposite order (PostgreSQL
would fail one of them whole after ``deadlock_timeout``). Where an act records on a subject
and its parent (a prior notice or a cancellation: the notification, then the movement), the
child names its parent's chain with an ``audit_chain_key`` property (``Movement``), and the
chain of a record is that key's.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from tbmnet import rows

from .models import AuditHead, AuditRecord

GENESIS = "0" * 64
CHAINS = 16  # a constant: changing it would move subjects to other chains


def chain_of(subject_type: str, subject_id: str) -> int:
    """The chain of a subject: the same in every process and release (CRC-32, not ``hash``)."""
    if not subject_type and not subject_id:
        return 0
    return zlib.crc32(f"{subject_type}:{subject_id}".encode()) % CHAINS


def _digest(previous_hash: str, fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((previous_hash + canonical).encode()).hexdigest()


def _fields(record: AuditRecord) -> dict[str, Any]:
    return {
        "at": record.at.isoformat(), "actor": record.actor_label, "event": record.event,
        "subject_type": record.subject_type, "subject_id": record.subject_id,
        "data": record.data,
    }


@cache
def _head_sql(vendor: str) -> tuple[str, str]:
    """The two statements on a head row (read under lock; append a record and move the head
    on), written once per process: the ORM would compile them again on every audited write.
    On PostgreSQL the append and the move are one statement (the insert in a WITH ahead of
    the update: one round trip while the head is locked); elsewhere ``record`` runs the two
    parts one after the other."""
    table = connection.ops.quote_name(AuditHead._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    select = f"SELECT id, last_hash FROM {table} WHERE chain = %s{lock}"
    insert, _ = rows.insert_sql(vendor, AuditRecord)
    move = f"UPDATE {table} SET last_hash = %s WHERE id = %s"
    if vendor == "postgresql":
        return select, f"WITH appended AS ({insert}) {move} RETURNING (SELECT id FROM appended)"
    return select, move


def _locked_head(chain: int) -> tuple[int, str]:
    """The id and last hash of the chain's head, its row locked until the transaction ends.
    A head is made on the chain's first record (``ON CONFLICT DO NOTHING``: a concurrent
    first record waits for the other's head, then locks it)."""
    select, _ = _head_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(select, [chain])
        row = cursor.fetchone()
        if row is None:
            AuditHead.objects.bulk_create([AuditHead(chain=chain, last_hash=GENESIS)],
                                          ignore_conflicts=True)
            cursor.execute(select, [chain])
            row = cursor.fetchone()
    return row


def record(actor, event: str, subject: models.Model | None = None, /, **data: Any) -> AuditRecord:
    """Append one record: who (a user, or None for the system), what event, on what, details.

    Runs inside the caller's transaction, so the record stands or falls with the change (no
    savepoint of its own: a failure here rolls the caller's whole transaction back). The head
    of the subject's chain is locked until that transaction commits, so writers on subjects
    of that chain wait their turn: callers record last, after their own writes, to keep the
    lock short. Two statements on PostgreSQL (lock the head; insert the record and move the
    head in one), three elsewhere. No model save: the insert is written once per process.
    """
    entry = AuditRecord(  # made before the lock; only its time and hashes are set under it
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=getattr(actor, "username", None) or "system",
        event=event,
        subject_type=subject._meta.label if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        data=json.loads(json.dumps(data, default=str)),
    )
    key = getattr(subject, "audit_chain_key", None) or (entry.subject_type, entry.subject_id)
    entry.chain = chain_of(*key)
    with transaction.atomic(savepoint=False):
        head_id, entry.previous_hash = _locked_head(entry.chain)
        entry.at = timezone.now()
        entry.hash = _digest(entry.previous_hash, _fields(entry))
        insert, fields = rows.insert_sql(connection.vendor, AuditRecord)
        values = rows.insert_params(entry, fields)
        move = _head_sql(connection.vendor)[1]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # append and move the head: one statement
                cursor.execute(move, values + [entry.hash, head_id])
                entry.pk = cursor.fetchone()[0]
            else:
                cursor.execute(insert, values)
                entry.pk = rows.inserted_id(cursor)
                cursor.execute(move, [entry.hash, head_id])
        rows.stored(entry)
    return entry


@dataclass(frozen=True)
class ChainCheck:
    records: int
    broken_at: int | None  # id of the record where a chain breaks (0: none of it is left)
    reason: str = ""
    chain: int | None = None  # the chain that breaks
    chains: int = 0  # chains with records

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify() -> ChainCheck:
    """Recompute every chain from its first record; the first break (by record id) is
    reported with its chain, then a head that does not match its chain's last record."""
    last: dict[int, tuple[str, int]] = {}  # chain -> (hash, id) of its last record so far
    count = 0

    def broken(entry_id: int, chain: int, why: str) -> ChainCheck:
        return ChainCheck(count, entry_id, f"chain {chain}: {why}", chain, len(last))

    for entry in AuditRecord.objects.order_by("id").iterator(chunk_size=2000):
        count += 1
        previous = last.get(entry.chain, (GENESIS, 0))[0]
        if entry.previous_hash != previous:
            return broken(entry.id, entry.chain, "a record before it was removed or changed")
        if _digest(previous, _fields(entry)) != entry.hash:
            return broken(entry.id, entry.chain, "the record was altered after it was written")
        last[entry.chain] = (entry.hash, entry.id)
    heads = dict(AuditHead.objects.values_list("chain", "last_hash"))
    for chain in sorted(set(last) | set(heads)):
        last_hash, last_id = last.get(chain, (GENESIS, 0))
        head = heads.get(chain)
        if head is None:
            return broken(last_id, chain, "its head was removed")
        if head != last_hash:
            return broken(last_id, chain, "records after this one were removed"
                          if last_id else "all its records were removed")
    return ChainCheck(count, None, chains=len(last))
