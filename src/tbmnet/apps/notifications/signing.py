"""Ed25519 signatures over canonical JSON consent records.

Canonical form: UTF-8 JSON with sorted keys, no insignificant whitespace, no ASCII escaping
(``canonical``). Each competent authority gets a key on first use (``key_for``); the private
key is stored in the database for now (see ``AuthorityKey``).
"""

from __future__ import annotations

import base64
import hashlib
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from .models import AuthorityKey


def canonical(record: dict) -> bytes:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def key_id_of(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:32]


def new_key_pair() -> tuple[bytes, bytes]:
    """(private raw 32 bytes, public raw 32 bytes)."""
    private = Ed25519PrivateKey.generate()
    return (private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()),
            private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def key_for(authority) -> AuthorityKey:
    """The authority's current signing key, made on first use (caller holds a transaction)."""
    key = (AuthorityKey.objects.filter(authority=authority, retired_at__isnull=True)
           .order_by("-created_at").first())
    if key is None:
        private_raw, public_raw = new_key_pair()
        key = AuthorityKey.objects.create(authority=authority, key_id=key_id_of(public_raw),
                                          public_key=_b64(public_raw),
                                          private_key=_b64(private_raw))
    return key


def sign(record: dict, private_key_b64: str) -> str:
    private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(private_key_b64))
    return _b64(private.sign(canonical(record)))


def signature_valid(record: dict, signature_b64: str, public_key_b64: str) -> bool:
    """True only when ``signature`` is the key's signature over exactly this record."""
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64))
        public.verify(base64.b64decode(signature_b64, validate=True), canonical(record))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
