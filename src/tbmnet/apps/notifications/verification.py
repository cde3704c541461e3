"""The public verification of a signed consent (``GET /verify/<code>``), cheap without being
weaker.

Every request reads the consent's row afresh, in one indexed query of raw SQL (no ORM query
compiled per request): the stored record as text, its signature, the signing key and its
authority, and the revocation. What the signature check concludes depends on nothing else, so
it is remembered per process under a SHA-256 fingerprint of exactly those bytes: a record,
signature or key changed in the database by any means (a service, ``.update()``, SQL by
hand) gives another fingerprint and is checked again from scratch, never served from memory.
Revocation is not part of the signed record and is read from the row on every request, and
validity (expired, not yet in force) is judged against the date of the request, so both
show at once.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tbmnet.apps.registry.models import Organisation

from . import signing
from .models import AuthorityKey, Consent

# Verification statuses (fixed words): what the border officer is told.
GENUINE, EXPIRED, REVOKED, UNKNOWN = "genuine", "expired", "revoked", "unknown"

NOT_FOUND = "No consent with this code: treat the shipment as not consented."
NOT_GENUINE = (
    "The record does not match the authority's signature: it is not genuine. "
    "Hold the shipment and contact the competent authority."
)

# How many checked fingerprints a process remembers (one per consent version seen); past
# this the oldest are forgotten and checked again when asked for.
REMEMBERED = 50_000


@dataclass(frozen=True)
class Checked:
    """What the signature check concluded for one version of one consent row."""

    genuine: bool
    public: dict | None = None  # what a border officer may see (genuine records only)
    valid_from: date | None = None
    valid_until: date | None = None


_checked: dict[bytes, Checked] = {}
_lock = threading.Lock()
_sql: str | None = None


def _query() -> str:
    """One row: the consent by its (unique, indexed) code, with its key and authority."""
    global _sql
    if _sql is None:
        c, k, o = Consent._meta, AuthorityKey._meta, Organisation._meta
        _sql = (
            f'SELECT c."record", c."signature", c."revoked_at", k."key_id", '
            f'k."public_key", o."name", o."country" '
            f'FROM "{c.db_table}" c '
            f'JOIN "{k.db_table}" k ON k."id" = c."{c.get_field("key").column}" '
            f'JOIN "{o.db_table}" o ON o."id" = k."{k.get_field("authority").column}" '
            f'WHERE c."code" = %s'
        )
    return _sql


def _fingerprint(code: str, *fields: str) -> bytes:
    """SHA-256 over the code and every input of the check, each length-prefixed (so no two
    different inputs can run together into the same bytes)."""
    digest = hashlib.sha256()
    for field in (code, *fields):
        raw = field.encode("utf-8")
        digest.update(len(raw).to_bytes(8, "big"))
        digest.update(raw)
    return digest.digest()


def signature_holds(record: dict, code: str, signature: str, key_id: str, public_key: str) -> bool:
    """The signature is the authority's over exactly this record, the record names this
    code and this key, and the key id is the hash of the stored public key."""
    try:
        key_matches = signing.key_id_of(base64.b64decode(public_key)) == key_id
    except ValueError:
        return False
    return (
        key_matches
        and record.get("code") == code
        and record.get("key_id") == key_id
        and signing.signature_valid(record, signature, public_key)
    )


def _public(code: str, record: dict, key_id: str, authority: str, country: str) -> dict:
    """Only what a border officer needs: never the commercial details of the notification."""
    return {
        "code": code,
        "genuine": True,
        "notification": record["notification"],
        "kind": record["kind"],
        "notifier": record["notifier"],
        "consignee": record["consignee"],
        "facility": record["facility"],
        "route": [
            {
                "state": s["state"],
                "role": s["role"],
                "exit_point": s["exit_point"],
                "entry_point": s["entry_point"],
            }
            for s in record["states"]
        ],
        "waste": {
            k: record["waste"][k]
            for k in ("basel_codes", "oecd_codes", "y_codes", "h_codes", "un_numbers", "hs_codes")
        },
        "operations": record["operations"],
        "shipments": record["shipments"],
        "quantity_tonnes": record["quantity_tonnes"],
        "quantity_m3": record["quantity_m3"],
        "valid_from": record["valid_from"],
        "valid_until": record["valid_until"],
        "conditions": record["conditions"],
        "signed_by": {"authority": authority, "country": country, "key_id": key_id},
    }


def _check(
    code: str,
    record_text,
    signature: str,
    key_id: str,
    public_key: str,
    authority: str,
    country: str,
) -> Checked:
    """The check itself: parse the stored record and verify its Ed25519 signature."""
    try:
        record = json.loads(record_text) if isinstance(record_text, str | bytes) else record_text
        if not isinstance(record, dict) or not signature_holds(
            record, code, signature, key_id, public_key
        ):
            return Checked(genuine=False)
        return Checked(
            genuine=True,
            public=_public(code, record, key_id, authority, country),
            valid_from=date.fromisoformat(record["valid_from"]),
            valid_until=date.fromisoformat(record["valid_until"]),
        )
    except (ValueError, TypeError, KeyError):  # signed, yet not a consent record we know
        return Checked(genuine=False)


def checked(
    code: str,
    record_text,
    signature: str,
    key_id: str,
    public_key: str,
    authority: str,
    country: str,
) -> Checked:
    """The check of this exact version of the row, done once per process."""
    text = (
        record_text
        if isinstance(record_text, str)
        else json.dumps(record_text, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    )
    fingerprint = _fingerprint(
        code, text, signature or "", key_id or "", public_key or "", authority or "", country or ""
    )
    found = _checked.get(fingerprint)
    if found is None:
        found = _check(code, record_text, signature, key_id, public_key, authority, country)
        with _lock:
            while len(_checked) >= REMEMBERED:
                _checked.pop(next(iter(_checked)))
            _checked[fingerprint] = found
    return found


def forget() -> None:
    """Forget every remembered check (tests; never needed for correctness)."""
    with _lock:
        _checked.clear()


def _aware(value) -> datetime | None:
    """The revocation time as an aware datetime, whatever the database driver returned."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value


def could_be_a_code(code: str) -> bool:
    """Whether some consent could have this code: not empty, no longer than the column, no
    NUL (which PostgreSQL refuses in text, so asking would fail with an error, not with
    'no such consent'). Anything else is asked for and not found."""
    return 0 < len(code) <= Consent._meta.get_field("code").max_length and "\x00" not in code


def verify(code: str, *, on: date | None = None) -> dict:
    """Is this consent genuine and valid on ``on`` (today)? One query; the signature check
    remembered per version of the row; revocation and dates judged on every request."""
    if not could_be_a_code(code):
        return {"status": UNKNOWN, "genuine": False, "code": code, "message": NOT_FOUND}
    with connection.cursor() as cursor:
        cursor.execute(_query(), [code])
        row = cursor.fetchone()
    if row is None:
        return {"status": UNKNOWN, "genuine": False, "code": code, "message": NOT_FOUND}
    record_text, signature, revoked_at, key_id, public_key, authority, country = row
    result = checked(code, record_text, signature, key_id, public_key, authority, country)
    if not result.genuine:
        return {"status": UNKNOWN, "genuine": False, "code": code, "message": NOT_GENUINE}
    public, valid_from, valid_until = result.public, result.valid_from, result.valid_until
    revoked_at = _aware(revoked_at)
    if revoked_at is not None:
        return public | {
            "status": REVOKED,
            "revoked_at": revoked_at.isoformat(),
            "message": f"Genuine, but REVOKED on {revoked_at:%Y-%m-%d}.",
        }
    on = on or timezone.localdate()
    if on > valid_until:
        return public | {
            "status": EXPIRED,
            "message": f"Genuine, but EXPIRED on {valid_until.isoformat()}.",
        }
    if on < valid_from:
        return public | {
            "status": GENUINE,
            "message": f"Genuine; valid from {valid_from.isoformat()} until "
            f"{valid_until.isoformat()} (not yet in force).",
        }
    return public | {
        "status": GENUINE,
        "message": f"Genuine and valid until {valid_until.isoformat()}.",
    }
