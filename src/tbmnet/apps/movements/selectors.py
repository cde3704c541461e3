"""Reads, with access decided here: who sees which movement, the ESM dashboard of an
authority, and the facility register. Counts and sums are single aggregate queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from tbmnet.apps.notifications.models import Notification, NotificationStatus, StateConcerned
from tbmnet.apps.registry import access
from tbmnet.apps.registry.models import Organisation, OrganisationKind, Permit, Role
from tbmnet.errors import NotAllowed, NotFound

from . import workflow
from .models import (
    EsmAssessment,
    FacilityInspection,
    Movement,
    MovementEvent,
    MovementStatus,
    OverdueAlert,
)


def movements_visible_to(user, *, related: bool = True) -> QuerySet[Movement]:
    """The notifier its own; authorities and customs those concerning their state; carriers
    those they carry; the facility those sent to it; others none."""
    condition = Q(pk__in=[])
    by_role = {
        Role.NOTIFIER: lambda orgs: Q(notification__notifier__in=orgs),
        Role.CARRIER: lambda orgs: Q(carriers__in=orgs),
        Role.FACILITY: lambda orgs: Q(facility__in=orgs),
    }
    for role, make in by_role.items():
        orgs = [o.pk for o in access.organisations(user, role)]
        if orgs:
            condition |= make(orgs)
    states = (access.countries(user, Role.COMPETENT_AUTHORITY)
              | access.countries(user, Role.CUSTOMS))
    if states:
        condition |= Q(notification__states__state__in=states)
    ids = Movement.objects.filter(condition).values("pk")
    found = Movement.objects.filter(pk__in=ids)
    if not related:
        return found
    return found.select_related("notification", "notification__notifier", "facility",
                                "export_authority", "import_authority")


def movement_for(user, movement_id: int, *, related: bool = True) -> Movement:
    """The movement if ``user`` may see it: one query when so; only a refusal looks further,
    to tell a movement that does not exist (404) from one that is not the user's (403).
    ``related=False`` reads the movement's own row only (for a write that reads it again)."""
    movement = (movements_visible_to(user, related=related).filter(pk=movement_id)
                .order_by().first())
    if movement is not None:
        return movement
    if not Movement.objects.filter(pk=movement_id).exists():
        raise NotFound(f"no movement {movement_id}", field="id")
    raise NotAllowed("this movement does not concern you")


def overdue_alerts_for(user) -> QuerySet[OverdueAlert]:
    """The overdue alerts addressed to the user's competent authorities: those of export and
    import of each alert's movement (copied there from the notification's states)."""
    authorities = [o.pk for o in access.organisations(user, Role.COMPETENT_AUTHORITY)]
    return (OverdueAlert.objects.filter(Q(movement__export_authority__in=authorities)
                                        | Q(movement__import_authority__in=authorities))
            .select_related("movement", "movement__notification"))


def events(movement: Movement) -> list[MovementEvent]:
    return list(movement.events.select_related("actor", "organisation").order_by("id"))


def events_of(movement: Movement, kind: str) -> list[MovementEvent]:
    return [e for e in events(movement) if e.kind == kind]


def acts_for(user, movement: Movement) -> list[str]:
    """The events ``user`` may record on the movement now: what the workflow allows next
    from its status, limited to the parties the user acts as (``workflow.EVENTS``), and for
    customs of a transit state to the passage that comes next there."""
    from .services import parties_of  # a read: who the user is on this movement

    parties = set(parties_of(user, movement))
    kinds = [k for k in workflow.allowed_next(movement.status)
             if parties & set(workflow.EVENTS[k].parties)]
    if {"transit_entry", "transit_exit"} & set(kinds):
        transit = movement.events.filter(kind__in=("transit_entry", "transit_exit"))
        entered = [e.state for e in transit if e.kind == "transit_entry"]
        inside = entered[-1] if movement.status == MovementStatus.IN_TRANSIT and entered \
            else None
        mine = access.countries(user, Role.CUSTOMS)
        kinds = [k for k in kinds
                 if (k != "transit_entry" or bool(mine & (set(movement.transit_states)
                                                          - set(entered))))
                 and (k != "transit_exit" or inside in mine)]
    return kinds


def open_consents(user) -> list[tuple[Notification, object]]:
    """The consented notifications of the user's notifier organisations, with what is left
    of each (``remaining``): where a prior notice may be given."""
    from tbmnet.apps.notifications.selectors import remaining

    orgs = [o.pk for o in access.organisations(user, Role.NOTIFIER)]
    if not orgs:
        return []
    found = (Notification.objects.filter(notifier__in=orgs, status=NotificationStatus.CONSENTED)
             .select_related("consent").order_by("-created_at")[:50])
    return [(n, remaining(n)) for n in found]


def by_stage(user, *, limit: int = 20) -> dict[str, list[Movement]]:
    """The user's movements grouped by what they await, for a home page."""
    visible = movements_visible_to(user)
    return {
        "before_receipt": list(visible.filter(status__in=workflow.OPEN_BEFORE_RECEIPT)
                               .order_by("expected_arrival_on", "id")[:limit]),
        "awaiting_certificate": list(visible.filter(status__in=workflow.AWAITING_CERTIFICATE)
                                     .order_by("due_on", "id")[:limit]),
        "take_back_open": list(visible.filter(status__in=workflow.TAKE_BACK_OPEN)
                               .order_by("due_on", "id")[:limit]),
    }


def worklist(user, *, limit: int = 25) -> list[tuple[Movement, list[workflow.Event]]]:
    """The user's open movements on which they may record an event now, soonest first,
    each with those events (for a home page)."""
    open_ = (movements_visible_to(user).exclude(status__in=(*workflow.CLOSED,
                                                            MovementStatus.CANCELLED))
             .prefetch_related("carriers").order_by("departure_on", "id")[:200])
    rows = []
    for movement in open_:
        kinds = acts_for(user, movement)
        if kinds:
            rows.append((movement, [workflow.EVENTS[k] for k in kinds]))
        if len(rows) == limit:
            break
    return rows


# ------------------------------------------------------------------------------- dashboard
@dataclass
class Dashboard:
    country: str
    today: date
    awaiting_receipt: int = 0
    awaiting_certificate: int = 0
    take_back_open: int = 0
    closed: int = 0
    closed_on_time: int = 0
    cancelled: int = 0
    overdue: int = 0
    shipped_tonnes: Decimal = Decimal(0)
    received_tonnes: Decimal = Decimal(0)
    notified_tonnes: Decimal = Decimal(0)
    overdue_rows: list[dict] = field(default_factory=list)

    @property
    def on_time_rate(self) -> float | None:
        return round(self.closed_on_time / self.closed, 3) if self.closed else None

    def as_dict(self) -> dict:
        return {
            "country": self.country, "today": self.today.isoformat(),
            "awaiting_receipt": self.awaiting_receipt,
            "awaiting_certificate": self.awaiting_certificate,
            "take_back_open": self.take_back_open, "overdue": self.overdue,
            "closed": self.closed, "closed_on_time": self.closed_on_time,
            "closed_on_time_rate": self.on_time_rate, "cancelled": self.cancelled,
            "notified_tonnes": str(self.notified_tonnes),
            "shipped_tonnes": str(self.shipped_tonnes),
            "received_tonnes": str(self.received_tonnes),
            "overdue_movements": self.overdue_rows,
        }


def _t(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.001"))


def authority_country(user) -> str:
    states = sorted(access.countries(user, Role.COMPETENT_AUTHORITY))
    if not states:
        raise NotAllowed("the ESM dashboard is for competent authorities")
    return states[0]


def dashboard(user, *, today: date | None = None, overdue_limit: int = 50) -> Dashboard:
    """The ESM dashboard of the authority's state, as state of export or import."""
    today = today or timezone.localdate()
    country = authority_country(user)
    rows = Movement.objects.filter(Q(export_state=country) | Q(import_state=country))
    s = MovementStatus
    totals = rows.aggregate(
        awaiting_receipt=Count("id", filter=Q(status__in=workflow.OPEN_BEFORE_RECEIPT)),
        awaiting_certificate=Count("id", filter=Q(status__in=workflow.AWAITING_CERTIFICATE)),
        take_back_open=Count("id", filter=Q(status__in=workflow.TAKE_BACK_OPEN)),
        closed=Count("id", filter=Q(status__in=workflow.CLOSED)),
        closed_on_time=Count("id", filter=Q(status__in=workflow.CLOSED, closed_late=False)),
        cancelled=Count("id", filter=Q(status=s.CANCELLED)),
        overdue=Count("id", filter=Q(due_on__lt=today)),
        shipped=Sum("quantity_tonnes", filter=~Q(status=s.CANCELLED)),
        received=Sum("received_tonnes", filter=~Q(status=s.CANCELLED)),
    )
    notified = (Notification.objects
                .filter(status__in=(NotificationStatus.CONSENTED, NotificationStatus.WITHDRAWN),
                        states__state=country, states__role__in=("export", "import"))
                .distinct().aggregate(t=Sum("quantity_tonnes"))["t"])
    board = Dashboard(
        country=country, today=today, awaiting_receipt=totals["awaiting_receipt"],
        awaiting_certificate=totals["awaiting_certificate"],
        take_back_open=totals["take_back_open"], closed=totals["closed"],
        closed_on_time=totals["closed_on_time"], cancelled=totals["cancelled"],
        overdue=totals["overdue"], shipped_tonnes=_t(totals["shipped"]),
        received_tonnes=_t(totals["received"]), notified_tonnes=_t(notified))
    late = (rows.filter(due_on__lt=today).order_by("due_on", "id")
            .values("id", "serial", "total", "due_kind", "due_on", "status",
                    number=F("notification__number"), facility_name=F("facility__name"))
            [:overdue_limit])
    board.overdue_rows = [{
        "id": r["id"], "notification": r["number"], "serial": f"{r['serial']} of {r['total']}",
        "awaiting": r["due_kind"], "due_on": r["due_on"].isoformat(),
        "days_overdue": (today - r["due_on"]).days, "status": r["status"],
        "facility": r["facility_name"]} for r in late]
    return board


# ------------------------------------------------------------------------ facility register
def _facility(facility_id: int) -> Organisation:
    facility = Organisation.objects.filter(pk=facility_id,
                                           kind=OrganisationKind.FACILITY).first()
    if facility is None:
        raise NotFound(f"no facility {facility_id}", field="facility")
    return facility


def may_see_register(user, facility: Organisation) -> bool:
    """The facility itself, the authority of its state, and the authorities whose state
    consented to (or was notified of) a movement to it."""
    if any(o.pk == facility.pk for o in access.organisations(user, Role.FACILITY)):
        return True
    states = access.countries(user, Role.COMPETENT_AUTHORITY)
    if not states:
        return False
    if facility.country in states:
        return True
    return StateConcerned.objects.filter(
        notification__facility=facility, state__in=states,
        notification__status__in=(NotificationStatus.TRANSMITTED, NotificationStatus.CONSENTED,
                                  NotificationStatus.WITHDRAWN)).exists()


def facility_register(user, facility_id: int, *, today: date | None = None) -> dict:
    """Permits, ESM assessments, inspections and the history of late or refused
    certificates of one facility."""
    today = today or timezone.localdate()
    facility = _facility(facility_id)
    if not may_see_register(user, facility):
        raise NotAllowed("the register of this facility is for the authorities that consent "
                         "to movements to it")
    certificates = MovementEvent.objects.filter(movement__facility=facility,
                                                kind="certificate")
    receipts = MovementEvent.objects.filter(movement__facility=facility, kind="receipt")
    history = {
        "late_certificates": list(certificates.filter(data__late=True).values(
            "movement_id", "recorded_at", "data__operation", "data__due_on")),
        "late_receipts": list(receipts.filter(data__late=True).values(
            "movement_id", "recorded_at", "data__received_on")),
        "rejected_shipments": list(receipts.filter(data__accepted=False).values(
            "movement_id", "recorded_at", "data__reason")),
        "overdue_alerts": list(OverdueAlert.objects.filter(movement__facility=facility)
                               .values("movement_id", "kind", "due_on", "raised_on",
                                       "resolved_on")),
        "open_overdue": Movement.objects.filter(facility=facility, due_on__lt=today).count(),
        "movements": Movement.objects.filter(facility=facility).exclude(
            status=MovementStatus.CANCELLED).count(),
    }
    return {
        "facility": facility,
        "permits": list(Permit.objects.filter(facility=facility).select_related("issued_by")),
        "assessments": list(EsmAssessment.objects.filter(facility=facility)
                            .select_related("authority")),
        "inspections": list(FacilityInspection.objects.filter(facility=facility)
                            .select_related("authority")),
        "history": history,
    }
