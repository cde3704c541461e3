"""API tokens: ``Authorization: Bearer <token>``; created with ``tbmnet token create USER``."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from tbmnet import rows
from tbmnet.apps.audit import services as audit
from tbmnet.errors import NotFound

from . import access
from .models import ApiToken, Membership, Organisation

PREFIX = "tbm_"
#: a token's last use is written at most this often
LAST_USED_EVERY = timedelta(seconds=60)


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
    """The active user an unrevoked token belongs to, or None; with the user's memberships
    (and their organisations) read by the same statement, so that the request asks no more
    (``access.memberships`` answers from them).

    Every API request asks this: one statement written once per process (the ORM would
    compile two queries on every request). Nothing is kept between requests: each has its
    own user, read when it comes, so a revoked token, a deactivated user or a membership
    taken away counts from the next request. The token's last use is written at most once a
    minute."""
    if not token or not token.startswith(PREFIX):
        return None
    with connection.cursor() as cursor:
        cursor.execute(_token_sql(connection.vendor), [_hash(token)])
        found = cursor.fetchall()
    if not found:
        return None
    User = get_user_model()
    n_user, n_org = len(User._meta.concrete_fields), len(Organisation._meta.concrete_fields)
    record = rows.instance(ApiToken, found[0][:2], fields=("id", "last_used_at"))
    user = rows.instance(User, found[0][2:2 + n_user])
    if not user.is_active:
        return None
    mine = []
    for row in found:
        membership_id, role, organisation = row[2 + n_user], row[3 + n_user], row[4 + n_user:]
        if membership_id is None:  # no membership at all: the LEFT JOIN's one empty row
            continue
        membership = Membership(id=membership_id, user=user, role=role,
                                organisation=rows.instance(Organisation, organisation[:n_org]))
        rows.stored(membership)
        mine.append(membership)
    access.remember(user, mine)
    now = timezone.now()
    if record.last_used_at is None or now - record.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return user


@cache
def _token_sql(vendor: str) -> str:
    qn = connection.ops.quote_name
    User = get_user_model()
    user_columns = ", ".join(f"u.{qn(f.column)}" for f in User._meta.concrete_fields)
    org_columns = ", ".join(f"o.{qn(f.column)}" for f in Organisation._meta.concrete_fields)
    return (f"SELECT t.id, t.last_used_at, {user_columns}, m.id, m.role, {org_columns} "
            f"FROM {qn(ApiToken._meta.db_table)} t "
            f"JOIN {qn(User._meta.db_table)} u ON u.id = t.user_id "
            f"LEFT JOIN {qn(Membership._meta.db_table)} m ON m.user_id = u.id "
            f"LEFT JOIN {qn(Organisation._meta.db_table)} o ON o.id = m.organisation_id "
            f"WHERE t.key_hash = %s AND t.revoked_at IS NULL ORDER BY m.id")
