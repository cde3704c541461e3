"""Reads, with access decided here: a notifier sees its own notifications; a competent
authority those that concern its state (once submitted); nobody else sees them. The public
verification of a consent (``verify``) shows only what a border officer needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from tbmnet.apps.audit.models import AuditRecord
from tbmnet.apps.registry import access
from tbmnet.apps.registry.models import Role
from tbmnet.errors import NotAllowed, NotFound

from . import verification
from .models import (
    Consent,
    Decision,
    Notification,
    NotificationStatus,
    StateConcerned,
    StateStatus,
)

_RELATED = ("notifier", "consignee", "facility", "created_by")


def _with_related(queryset: QuerySet[Notification]) -> QuerySet[Notification]:
    return queryset.select_related(*_RELATED).prefetch_related(
        Prefetch("states", StateConcerned.objects.select_related("authority")),
        "carriers", "generators")


def notifications_visible_to(user) -> QuerySet[Notification]:
    """A notifier sees its own; an authority those concerning its state (not drafts);
    others none."""
    notifier_orgs = [o.pk for o in access.organisations(user, Role.NOTIFIER)]
    states = access.countries(user, Role.COMPETENT_AUTHORITY)
    condition = Q(notifier_id__in=notifier_orgs)
    if states:
        condition |= Q(states__state__in=states) & ~Q(status=NotificationStatus.DRAFT)
    if not notifier_orgs and not states:
        return Notification.objects.none()
    return _with_related(Notification.objects.filter(condition).distinct())


def recent_for(user, *, limit: int = 10) -> tuple[list[Notification], int]:
    """The user's most recent notifications first (as ``notifications_visible_to``), with
    their consent, and how many there are in all (for a home page)."""
    visible = notifications_visible_to(user)
    return list(visible.select_related("consent").order_by("-created_at")[:limit]), \
        visible.count()


def normalise_number(number: str) -> str:
    """'JP-2026-000001', 'jp2026000001' and 'JP 2026 000001' are the same number."""
    compact = "".join(ch for ch in number.upper() if ch.isalnum())
    if len(compact) == 12 and compact[:2].isalpha() and compact[2:].isdigit():
        return f"{compact[:2]} {compact[2:6]} {compact[6:]}"
    return number.strip()


def slug(number: str) -> str:
    """The number as it appears in page addresses: 'JP-2026-000001'."""
    return number.replace(" ", "-")


def notification_for(user, number: str) -> Notification:
    """One notification by number; NotFound when it does not exist, NotAllowed when the
    user may not see it."""
    number = normalise_number(number)
    found = _with_related(Notification.objects.filter(number=number)).first()
    if found is None:
        raise NotFound(f"no notification {number!r}", field="number")
    if not notifications_visible_to(user).filter(pk=found.pk).exists():
        raise NotAllowed("this notification does not concern you")
    return found


def inbox(user, *, today: date | None = None) -> list[StateConcerned]:
    """What awaits the authority's decision, soonest due first (no due date last)."""
    states = access.countries(user, Role.COMPETENT_AUTHORITY)
    if not states:
        return []
    rows = list(StateConcerned.objects.select_related("notification", "notification__notifier")
                .filter(state__in=states)
                .filter(Q(notification__status=NotificationStatus.TRANSMITTED,
                          status__in=(StateStatus.RECEIVED, StateStatus.ACKNOWLEDGED,
                                      StateStatus.INFORMATION_REQUESTED))
                        | Q(notification__status=NotificationStatus.SUBMITTED, role="export",
                            status__in=(StateStatus.PENDING, StateStatus.ACKNOWLEDGED,
                                        StateStatus.INFORMATION_REQUESTED))))
    rows.sort(key=lambda r: (r.due_on is None, r.due_on or date.max, r.notification.number))
    today = today or timezone.localdate()
    for row in rows:
        row.overdue = bool(row.due_on and row.due_on < today and not row.tacit_after_days)
    return rows


def timeline(notification: Notification) -> list[AuditRecord]:
    """Every step, from the audit trail (who, when, what)."""
    return list(AuditRecord.objects.filter(subject_type=Notification._meta.label,
                                           subject_id=str(notification.pk)).order_by("id"))


def decisions(notification: Notification) -> list[Decision]:
    return list(notification.decisions.select_related("state_concerned", "actor"))


@dataclass(frozen=True)
class Remaining:
    """What is left of a consent for further movements."""

    usable: bool
    why: str
    shipments: int
    tonnes: Decimal | None
    valid_from: date | None
    valid_until: date | None


def remaining(notification: Notification, *, on: date | None = None) -> Remaining:
    """Shipments, tonnes and validity left under the consent, on a date (for movements)."""
    on = on or timezone.localdate()
    consent = Consent.objects.filter(notification=notification).first()
    shipments = max((notification.shipments or 0) - notification.shipments_used, 0)
    tonnes = (None if notification.quantity_tonnes is None
              else max(notification.quantity_tonnes - notification.tonnes_used, Decimal(0)))
    why = ""
    if notification.status != NotificationStatus.CONSENTED or consent is None:
        why = f"the notification is {notification.status}, not consented"
    elif consent.revoked_at:
        why = "the consent was revoked"
    elif on < consent.valid_from:
        why = f"the consent is valid from {consent.valid_from}"
    elif on > consent.valid_until:
        why = f"the consent expired on {consent.valid_until}"
    elif shipments < 1:
        why = "every consented shipment has been used"
    return Remaining(usable=not why, why=why, shipments=shipments, tonnes=tonnes,
                     valid_from=consent.valid_from if consent else None,
                     valid_until=consent.valid_until if consent else None)


# Verification statuses (fixed words): what the border officer is told.
GENUINE, EXPIRED, REVOKED, UNKNOWN = (verification.GENUINE, verification.EXPIRED,
                                      verification.REVOKED, verification.UNKNOWN)


def verify(code: str, *, on: date | None = None) -> dict:
    """Is this consent genuine and valid? Public: only what a border officer needs.

    The stored record is read on every request and checked against the export authority's
    signature once per version of the row (see ``verification``), so a record altered in
    the database (or a forged one) is reported as not genuine, and a revocation shows at
    once. The answer is shared with later requests in part: read it, do not change it."""
    return verification.verify(code, on=on)
