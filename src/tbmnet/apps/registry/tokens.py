"""API tokens: ``Authorization: Bearer <token>``; created with ``tbmnet token create USER``."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from tbmnet.apps.audit import services as audit
from tbmnet.errors import NotFound

from .models import ApiToken

PREFIX = "tbm_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(*, username: str, label: str = "", actor=None) -> str:
    """Make a new token for ``username`` and return it; only its hash is kept."""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise NotFound(f"no active user named {username!r}", field="username")
    token = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        record = ApiToken.objects.create(
            user=user, prefix=token[:12], key_hash=_hash(token), label=label)
        audit.record(actor, "ApiTokenCreated", record, username=username, label=label)
    return token


def user_for_token(token: str):
    """The active user a token belongs to, or None for an unknown or revoked token."""
    if not token or not token.startswith(PREFIX):
        return None
    record = (ApiToken.objects.select_related("user")
              .filter(key_hash=_hash(token), revoked_at__isnull=True).first())
    if record is None or not record.user.is_active:
        return None
    now = timezone.now()
    if record.last_used_at is None or (now - record.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user
