"""Writes: one function per business act on a movement, one transaction each, each audited
under the UN/CEFACT e-Basel message it corresponds to.

Acts: ``announce`` (prior notice of one shipment under a consent: MovementAnnouncement),
``record_event`` (handover, customs passages, receipt, certificate, take-back, cancellation;
idempotent under a client's key), ``run_overdue`` (one alert per breach, set-based),
``record_assessment`` and ``record_inspection`` (the facility register).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import NoReturn

from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone

from tbmnet import rows
from tbmnet.apps.audit import services as audit
from tbmnet.apps.notifications import selectors as consents
from tbmnet.apps.notifications import services as consent_usage
from tbmnet.apps.notifications.models import Notification, NotificationKind, StateRole
from tbmnet.apps.registry import access
from tbmnet.apps.registry.models import Organisation, OrganisationKind, Permit, Role
from tbmnet.errors import InvalidTransition, NotAllowed, NotFound, ValidationFailed
from tbmnet.inputs import parse_amount, parse_date

from . import deadlines, workflow
from .models import (
    AssessmentOutcome,
    DueKind,
    EsmAssessment,
    FacilityInspection,
    InspectionOutcome,
    Movement,
    MovementEvent,
    MovementStatus,
    OverdueAlert,
    TakeBack,
    TakeBackBasis,
    TakeBackStatus,
)
from .selectors import movement_for

IDEMPOTENCY_HEADER = "Idempotency-Key"
# What an event may change on the movement (those it changed are saved, not the whole row).
_CHANGING = ["status", "departure_on", "received_on", "received_tonnes", "completed_on",
             "due_kind", "due_on", "closed_on", "closed_late"]


def _today() -> date:
    return timezone.localdate()


# ---------------------------------------------------------------------------- input parsing
def _tonnes(field: str, value, *, required: bool = True) -> Decimal | None:
    return parse_amount(field, value, unit="tonnes", required=required)


def _strings(field: str, value) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValidationFailed(field, "must be a list of texts")
    return [v.strip() for v in value if v.strip()]


def _packaging(value) -> list[dict]:
    out = []
    for i, item in enumerate(value or []):
        if not isinstance(item, dict) or not str(item.get("type", "")).strip():
            raise ValidationFailed(f"block_7.packaging[{i}]",
                                   "each item needs a packaging type (block 7 code) and count")
        try:
            count = int(item.get("count", 0))
        except (TypeError, ValueError):
            raise ValidationFailed(f"block_7.packaging[{i}].count", "not a number") from None
        if count < 0:
            raise ValidationFailed(f"block_7.packaging[{i}].count", "must not be negative")
        out.append({"type": str(item["type"]).strip(), "count": count})
    return out


# ------------------------------------------------------------------------- consent checks
def allowed_shipments(notification: Notification) -> int:
    """The number of shipments the consent covers (block 4): the "of 12" of the serial."""
    if notification.shipments:
        return notification.shipments
    return 1 if notification.kind == NotificationKind.SINGLE else 0


def consent_refusal(notification: Notification, *, on: date, tonnes: Decimal) -> str | None:
    """Why one more shipment of ``tonnes`` on ``on`` may not go under this consent, or None.

    Validity (status, revocation, dates) and what is left are the notifications module's
    ``remaining``, over its counters (``record_shipment`` and ``release_shipment`` keep
    them): one source of truth for these pages, the notification's and customs screening."""
    left = consents.remaining(notification, on=on)
    if not left.usable:
        if left.shipments < 1:
            return (f"{left.why} ({notification.shipments_used} of "
                    f"{notification.shipments or 0} shipments used)")
        return left.why
    if left.tonnes is not None and tonnes > left.tonnes:
        return (f"{tonnes} t would exceed the consented quantity: {left.tonnes} t of "
                f"{notification.quantity_tonnes} t remain")
    return None


def _codes(notification: Notification) -> list[str]:
    """The waste codes a permit must cover: Annex VIII/IX codes, else the Y codes."""
    return list(notification.basel_codes or notification.y_codes)


def permit_refusal(facility: Organisation, *, operation: str, codes: list[str],
                   on: date) -> str | None:
    permits = list(Permit.objects.filter(facility=facility))
    if any(p.covers(operation=operation, waste_codes=codes, on=on) for p in permits):
        return None
    held = "; ".join(f"{p.number}: {', '.join(p.operations)} for {', '.join(p.waste_codes)} "
                     f"({p.valid_from}–{p.valid_until})" for p in permits) or "none"
    return (f"{facility.name} holds no permit covering {operation} for "
            f"{', '.join(codes) or 'these wastes'} on {on} (permits: {held})")


# ---------------------------------------------------------------------------- announcement
def announce(*, notification: Notification, actor, data: dict,
             today: date | None = None) -> Movement:
    """Prior notice of one shipment under a consented notification (MovementAnnouncement;
    movement document blocks 2, 5–8, 16). Refused, with the reason, when the consent is not
    given, not yet or no longer valid, revoked, or the shipment count or total quantity would
    exceed it, or when the facility's permit does not cover the operations."""
    today = today or _today()
    notifier = notification.notifier
    if not any(o.pk == notifier.pk for o in access.organisations(actor, Role.NOTIFIER)):
        raise NotAllowed("only the notifier of this notification gives prior notice")
    departure = parse_date("block_6.departure_on", data.get("departure_on"))
    arrival = parse_date("expected_arrival_on", data.get("expected_arrival_on"))
    if arrival < departure:
        raise ValidationFailed("expected_arrival_on", "is before the departure")
    tonnes = _tonnes("block_5.quantity_tonnes", data.get("quantity_tonnes"))
    m3 = _tonnes("block_5.quantity_m3", data.get("quantity_m3"), required=False)
    packaging = _packaging(data.get("packaging"))
    containers = _strings("containers", data.get("containers"))
    vehicles = _strings("vehicles", data.get("vehicles"))
    carrier_ids = data.get("carrier_ids") or []
    if not isinstance(carrier_ids, list) or not all(isinstance(i, int) for i in carrier_ids):
        raise ValidationFailed("block_8.carrier_ids", "must be a list of organisation ids")
    carriers = list(Organisation.objects.filter(pk__in=carrier_ids,
                                                kind=OrganisationKind.CARRIER))
    if len(carriers) != len(set(carrier_ids)):
        raise ValidationFailed("block_8.carrier_ids", "not every id is a registered carrier")
    if not carriers:
        carriers = list(notification.carriers.all())
    if not carriers:
        raise ValidationFailed("block_8.carrier_ids", "name at least one carrier")
    if departure < today:
        raise ValidationFailed("block_6.departure_on", "prior notice must precede departure")
    notice = deadlines.prior_notice(notification.procedure, today, notifier.country)
    if notice.earliest_departure and departure < notice.earliest_departure:
        raise ValidationFailed("block_6.departure_on",
                               f"prior notice is due {notice.basis}: depart on or after "
                               f"{notice.earliest_departure}")
    warnings = [] if notice.earliest_departure else [f"prior notice: {notice.basis}"]

    with transaction.atomic():
        # Serialise the movements of one notification (its row is read, never written).
        notification = (Notification.objects.select_for_update(of=("self",))
                        .select_related("facility", "notifier").get(pk=notification.pk))
        why = consent_refusal(notification, on=departure, tonnes=tonnes)
        if why:
            raise InvalidTransition(f"refused: {why}", field="notification")
        if notification.first_departure and departure < notification.first_departure or \
                notification.last_departure and departure > notification.last_departure:
            raise ValidationFailed("block_6.departure_on",
                                   f"outside the notified departures (block 6: "
                                   f"{notification.first_departure} – "
                                   f"{notification.last_departure})")
        if notification.facility is None:
            raise InvalidTransition("the notification names no facility (block 10)",
                                    field="notification")
        for operation in notification.operations:
            why = permit_refusal(notification.facility, operation=operation,
                                 codes=_codes(notification), on=departure)
            if why:
                raise InvalidTransition(f"refused: {why}", field="block_10.facility")
        states = list(notification.states.select_related("authority"))
        export = next((s for s in states if s.role == StateRole.EXPORT), None)
        import_ = next((s for s in states if s.role == StateRole.IMPORT), None)
        if export is None or import_ is None:
            raise InvalidTransition("the notification has no state of export or import",
                                    field="block_15.states")
        total = allowed_shipments(notification)
        taken = set(Movement.objects.filter(notification=notification)
                    .exclude(status=MovementStatus.CANCELLED).values_list("serial", flat=True))
        serial = min(set(range(1, total + 1)) - taken)
        movement = Movement.objects.create(
            notification=notification, serial=serial, total=total,
            code=secrets.token_urlsafe(12), created_by=actor, announced_at=timezone.now(),
            departure_on=departure, expected_arrival_on=arrival, quantity_tonnes=tonnes,
            quantity_m3=m3, packaging=packaging, containers=containers, vehicles=vehicles,
            information=str(data.get("information") or "")[:4000],
            export_state=export.state, import_state=import_.state,
            transit_states=[s.state for s in states if s.role == StateRole.TRANSIT],
            export_authority=export.authority, import_authority=import_.authority,
            facility=notification.facility,
            due_kind=DueKind.RECEIPT, due_on=deadlines.receipt_due(arrival))
        movement.carriers.set(carriers)
        consent_usage.record_shipment(notification=notification, tonnes=tonnes, on=departure)
        audit.record(actor, "MovementAnnouncement", movement,
                     notification=notification.number, serial=movement.serial_label,
                     departure_on=departure, quantity_tonnes=tonnes,
                     carriers=[c.name for c in carriers], containers=containers)
    movement.warnings = warnings
    return movement


# ----------------------------------------------------------------------------------- events
def parties_of(user, movement: Movement) -> dict[str, Organisation]:
    """The parties ``user`` may act as on this movement, with the organisation of each."""
    out: dict[str, Organisation] = {}
    mine = access.memberships(user)
    carrier_ids = _carrier_ids(movement, [m.organisation_id for m in mine
                                          if m.role == Role.CARRIER])
    for m in mine:
        org = m.organisation
        if m.role == Role.CARRIER and org.pk in carrier_ids:
            out.setdefault(workflow.CARRIER, org)
        elif m.role == Role.CUSTOMS:
            if org.country == movement.export_state:
                out.setdefault(workflow.CUSTOMS_EXPORT, org)
            if org.country in movement.transit_states:
                out.setdefault(workflow.CUSTOMS_TRANSIT, org)
            if org.country == movement.import_state:
                out.setdefault(workflow.CUSTOMS_IMPORT, org)
        elif m.role == Role.FACILITY and org.pk == movement.facility_id:
            out.setdefault(workflow.FACILITY, org)
        elif m.role == Role.NOTIFIER and org.pk == _notifier_id(movement):
            out.setdefault(workflow.NOTIFIER, org)
        elif m.role == Role.COMPETENT_AUTHORITY and org.country == movement.export_state:
            out.setdefault(workflow.CA_EXPORT, org)
    return out


def _notifier_id(movement: Movement) -> int:
    """The notifier of the movement's notification: read with the locked row (``_locked``),
    else from the notification."""
    known = getattr(movement, "notifier_of_notification", None)
    return known if known is not None else movement.notification.notifier_id


def _carrier_ids(movement: Movement, candidates: list[int]) -> set[int]:
    """Which of ``candidates`` (organisation ids) carry this movement: the link table alone,
    and no query at all for a user who is no carrier, nor for one carrier organisation
    already looked up with the locked row (``_locked``)."""
    if not candidates:
        return set()
    cache = getattr(movement, "_prefetched_objects_cache", {})
    if "carriers" in cache:
        return {c.pk for c in cache["carriers"]} & set(candidates)
    carries = getattr(movement, "carried_by_candidate", None)
    if carries is not None and len(candidates) == 1:
        return set(candidates) if carries else set()
    link = Movement.carriers.through.objects
    return set(link.filter(movement_id=movement.pk, organisation_id__in=candidates)
               .values_list("organisation_id", flat=True))


def _locked(movement_id: int, actor) -> Movement | None:
    """The movement's row, locked until the transaction ends, with what an event needs of
    its notification (number, notifier) and, for a user of one carrier organisation, whether
    it carries the movement: one query. None if there is no such movement."""
    carriers = [m.organisation_id for m in access.memberships(actor) if m.role == Role.CARRIER]
    one_carrier = len(carriers) == 1
    sql = _locked_sql(connection.vendor, one_carrier)
    with connection.cursor() as cursor:
        cursor.execute(sql, [carriers[0], movement_id] if one_carrier else [movement_id])
        row = cursor.fetchone()
    if row is None:
        return None
    movement = rows.instance(Movement, row)
    extra = row[len(Movement._meta.concrete_fields):]
    movement.notification_number, movement.notifier_of_notification = extra[:2]
    if one_carrier:
        movement.carried_by_candidate = bool(extra[2])
    return movement


@cache
def _locked_sql(vendor: str, one_carrier: bool) -> str:
    """The statement of ``_locked``, written once per process: the ORM would compile its
    join, annotations and subquery again on every event (1 ms of CPU of the 6 an event
    costs)."""
    qn = connection.ops.quote_name
    movement, notification = Movement._meta.db_table, Notification._meta.db_table
    link = Movement.carriers.through._meta.db_table
    columns = ", ".join(f"m.{qn(f.column)}" for f in Movement._meta.concrete_fields)
    carried = (f", EXISTS (SELECT 1 FROM {qn(link)} c WHERE c.movement_id = m.id "
               f"AND c.organisation_id = %s) AS carried_by_candidate" if one_carrier else "")
    lock = " FOR UPDATE OF m" if connection.features.has_select_for_update_of else ""
    return (f"SELECT {columns}, n.number AS notification_number, "
            f"n.notifier_id AS notifier_of_notification{carried} "
            f"FROM {qn(movement)} m JOIN {qn(notification)} n ON n.id = m.notification_id "
            f"WHERE m.id = %s{lock}")


@cache
def _event_sql(vendor: str, changed: tuple[str, ...]) -> tuple[str, tuple]:
    """The statement that writes an event: the insert of the event, with the update of the
    movement's ``changed`` fields (if any) in a WITH ahead of it on PostgreSQL (one round
    trip); elsewhere the update is a statement of its own (``_write_event``)."""
    insert, fields = rows.insert_sql(vendor, MovementEvent)
    if changed and vendor == "postgresql":
        insert = f"WITH moved AS ({_update_sql(vendor, changed)}) {insert}"
    return insert, fields


@cache
def _update_sql(vendor: str, changed: tuple[str, ...]) -> str:
    qn = connection.ops.quote_name
    columns = ", ".join(f"{qn(Movement._meta.get_field(name).column)} = %s" for name in changed)
    return f"UPDATE {qn(Movement._meta.db_table)} SET {columns} WHERE id = %s"


def _write_event(event: MovementEvent, movement: Movement, changed: tuple[str, ...]) -> None:
    """Insert ``event`` (its id set) and save the movement's ``changed`` fields: one statement
    on PostgreSQL. A second event under the same (actor, key) raises IntegrityError."""
    sql, fields = _event_sql(connection.vendor, changed)
    params = rows.insert_params(event, fields)
    with connection.cursor() as cursor:
        if changed:
            update = [Movement._meta.get_field(name).get_db_prep_save(getattr(movement, name),
                                                                       connection)
                      for name in changed] + [movement.pk]
            if connection.vendor == "postgresql":
                params = update + params  # the WITH comes first
            else:
                cursor.execute(_update_sql(connection.vendor, changed), update)
        cursor.execute(sql, params)
        event.pk = rows.inserted_id(cursor)
    rows.stored(event)


def request_hash(movement_id: int, kind: str, data: dict) -> str:
    canonical = json.dumps({"movement": movement_id, "kind": kind, "data": data},
                           sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(actor, key: str, digest: str) -> MovementEvent | None:
    # Unordered (the model's ordering would join the movement): the key is unique per actor.
    # With what a reply shows: the movement as it is now, who recorded it and for whom.
    first = (MovementEvent.objects.filter(actor=actor, idempotency_key=key)
             .select_related("movement", "actor", "organisation").order_by().first())
    if first is not None and first.request_hash != digest:
        raise ValidationFailed(IDEMPOTENCY_HEADER,
                               "this key was already used for a different request; use a new "
                               "key for a new event")
    return first


def _occurred_at(data: dict):
    value = data.get("at")
    if value in (None, ""):
        return timezone.now()
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed("at", f"{value!r} is not a date-time (ISO 8601)") from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now() + timedelta(minutes=5):
        raise ValidationFailed("at", "is in the future")
    return moment


def _refuse_party(actor, movement_id: int, refusal: NotAllowed, *, seen: bool) -> NoReturn:
    """Not a party to this event: say so, or, to one who may not even see the movement
    (unless the caller read it through a selector), that it does not concern them."""
    if not seen:
        movement_for(actor, movement_id, related=False)  # NotAllowed when not visible
    raise refusal


def record_event(*, movement: Movement | int, actor, kind: str, data: dict | None = None,
                 idempotency_key: str | None = None,
                 today: date | None = None) -> tuple[MovementEvent, bool]:
    """Record one event on the movement (or the movement of that id) by the party entitled
    to it (``workflow.EVENTS``). Access is the party's: one entitled to the event sees the
    movement; anyone else is refused before anything is written (given an id, as the API
    does, with the selector's answer when they may not see it: 403, or 404 for none).

    Returns ``(event, created)``: a retry under the same ``idempotency_key`` with the same
    request returns the first event and records nothing; the same key with another request
    is refused, naming the header. The first attempt does not look for a first event: the
    unique (actor, key) refuses a second insert, and only a refused attempt looks (so does
    one refused as out of order or invalid, which a retry after the first succeeded is)."""
    seen = not isinstance(movement, int)  # read through a selector by the caller
    movement_id = movement.pk if seen else movement
    data = dict(data or {})
    today = today or _today()
    key = (idempotency_key or "").strip() or None
    if key and len(key) > 200:
        raise ValidationFailed(IDEMPOTENCY_HEADER, "at most 200 characters")
    digest = request_hash(movement_id, kind, data) if key else ""
    spec = workflow.event(kind)
    try:
        with transaction.atomic():
            movement = _locked(movement_id, actor)
            if movement is None:
                raise NotFound(f"no movement {movement_id}", field="id")
            parties = parties_of(actor, movement)
            try:
                party = workflow.require_party(kind, set(parties))
            except NotAllowed as refusal:
                _refuse_party(actor, movement_id, refusal, seen=seen)
            organisation = parties[party]
            occurred_at = _occurred_at(data)
            to = workflow.require(movement, kind, data)
            before = {name: getattr(movement, name) for name in _CHANGING}
            details, state = _apply(movement, kind, data, organisation, today, occurred_at)
            details = json.loads(json.dumps(details, default=str))
            event = MovementEvent(
                movement=movement, kind=kind, message=spec.message, status_after=to,
                state=state, occurred_at=occurred_at, recorded_at=timezone.now(),
                actor=actor, organisation=organisation, data=details,
                idempotency_key=key, request_hash=digest)
            movement.status = to
            # A handover on the way changes nothing on the movement: no update at all.
            _write_event(event, movement, tuple(name for name in _CHANGING
                                                if getattr(movement, name) != before[name]))
            audit.record(actor, spec.message, movement, event=kind, serial=movement.serial_label,
                         notification=movement.notification_number, status=to, party=party,
                         organisation=organisation.name, **details)
    except (IntegrityError, InvalidTransition, ValidationFailed):
        # A retry: its first attempt committed (the unique key), or moved the movement on.
        if key and (first := _replay(actor, key, digest)) is not None:
            return first, False
        raise
    return event, True


def _resolve_alert(movement: Movement, kind: str, today: date) -> None:
    OverdueAlert.objects.filter(movement=movement, kind=kind, resolved_on__isnull=True).update(
        resolved_on=today)


def _apply(movement: Movement, kind: str, data: dict, organisation: Organisation, today: date,
           occurred_at) -> tuple[dict, str]:
    """Check the event's content and update the movement's boxes and clock (not saved)."""
    details: dict = {}
    state = organisation.country
    happened_on = timezone.localtime(occurred_at).date()
    for field in workflow.EVENTS[kind].required:
        if data.get(field) in (None, ""):
            raise ValidationFailed(field, f"'{kind}' needs {field}")
    if kind == "handover":
        details = {"carrier": organisation.name, "means": str(data.get("means", ""))[:40],
                   "vehicle": str(data.get("vehicle", ""))[:100]}
        if movement.status == MovementStatus.ANNOUNCED:
            movement.departure_on = happened_on  # block 6: the actual date
    elif kind in ("customs_exit", "import_entry", "transit_entry", "transit_exit"):
        details = {"office": organisation.name, "note": str(data.get("note", ""))[:500]}
        if kind == "transit_entry":
            passed = set(movement.events.filter(kind="transit_entry")
                         .values_list("state", flat=True))
            if state in passed:
                raise InvalidTransition(f"'transit_entry' into {state} is already recorded",
                                        field="kind")
        if kind == "transit_exit":
            inside = movement.events.filter(kind="transit_entry").order_by("-id").first()
            if inside is None or inside.state != state:
                raise InvalidTransition(
                    f"'transit_exit' from {state} is out of order: the movement is in "
                    f"{inside.state if inside else 'no transit state'}", field="kind")
    elif kind == "receipt":
        details = _receipt(movement, data, today)
    elif kind == "certificate":
        details = _certificate(movement, data, today)
    elif kind == "take_back_departure":
        take_back = movement.take_back
        take_back.status, take_back.departed_on = TakeBackStatus.RETURNING, happened_on
        take_back.save()
        details = {"by": organisation.name}
    elif kind == "take_back_receipt":
        details = _take_back_receipt(movement, data, today)
    elif kind == "cancellation":
        details = {"reason": str(data.get("reason", ""))[:1000]}
        movement.due_kind, movement.due_on = "", None
        consent_usage.release_shipment(notification=movement.notification,
                                       tonnes=movement.quantity_tonnes,
                                       reason=f"movement {movement.serial_label} cancelled")
    return details, state


def _receipt(movement: Movement, data: dict, today: date) -> dict:
    received_on = parse_date("block_18.received_on", data.get("received_on"))
    if received_on > today:
        raise ValidationFailed("block_18.received_on", "is in the future")
    if received_on < movement.departure_on:
        raise ValidationFailed("block_18.received_on", "is before the departure")
    tonnes = _tonnes("block_18.quantity_tonnes", data.get("quantity_tonnes"))
    accepted = data.get("accepted")
    if not isinstance(accepted, bool):
        raise ValidationFailed("block_18.accepted", "true (accepted) or false (rejected)")
    reason = str(data.get("reason", "")).strip()
    if not accepted and not reason:
        raise ValidationFailed("block_18.reason", "a rejected shipment needs the reason")
    completion = parse_date("block_18.approximate_completion_on",
                       data.get("approximate_completion_on"), required=False)
    late = deadlines.receipt_confirmed_late(received_on, today)
    movement.received_on, movement.received_tonnes = received_on, tonnes
    movement.closed_late = movement.closed_late or late
    _resolve_alert(movement, DueKind.RECEIPT, today)
    details = {"received_on": received_on, "quantity_tonnes": tonnes, "accepted": accepted,
               "reason": reason, "approximate_completion_on": completion,
               "late": late, "deadline": deadlines.RECEIPT_BASIS}
    if accepted:
        movement.due_kind = DueKind.CERTIFICATE
        movement.due_on = deadlines.certificate_due(received_on, completion)
        return details
    basis = (TakeBackBasis.ILLEGAL_TRAFFIC if data.get("illegal_traffic") is True
             else TakeBackBasis.RE_IMPORT)
    due = deadlines.take_back_due(basis, today)
    TakeBack.objects.create(movement=movement, basis=basis, reason=reason, informed_on=today,
                            due_on=due, deadline_basis=deadlines.TAKE_BACK_BASIS[basis])
    movement.due_kind, movement.due_on = DueKind.TAKE_BACK, due
    return details | {"take_back": basis, "take_back_due_on": due}


def _certificate(movement: Movement, data: dict, today: date) -> dict:
    notification = movement.notification
    operation = str(data.get("operation", "")).strip().upper()
    if operation not in notification.operations:
        raise ValidationFailed("block_19.operation",
                               f"{operation} is not a consented operation "
                               f"({', '.join(notification.operations)})")
    completed_on = parse_date("block_19.completed_on", data.get("completed_on"))
    if completed_on > today:
        raise ValidationFailed("block_19.completed_on", "is in the future")
    if completed_on < movement.received_on:
        raise ValidationFailed("block_19.completed_on", "is before the receipt")
    tonnes = _tonnes("block_19.quantity_tonnes", data.get("quantity_tonnes"))
    if tonnes > movement.received_tonnes:
        raise ValidationFailed("block_19.quantity_tonnes",
                               f"more than the {movement.received_tonnes} t received")
    why = permit_refusal(movement.facility, operation=operation, codes=_codes(notification),
                         on=completed_on)
    if why:
        raise NotAllowed(f"the facility may certify only what its permit covers: {why}")
    interim = operation in deadlines.INTERIM_OPERATIONS
    if movement.status == MovementStatus.INTERIM:
        due, basis = (deadlines.final_certificate_due(movement.received_on),
                      deadlines.FINAL_BASIS)
        linked = movement.events.filter(kind="certificate").order_by("-id").first()
        details = {"final": not interim, "interim_certificate": linked.pk if linked else None}
    else:
        due = deadlines.certificate_due(movement.received_on, completed_on)
        basis = deadlines.CERTIFICATE_BASIS
        details = {"final": not interim}
    late = today > due
    movement.closed_late = movement.closed_late or late
    _resolve_alert(movement, movement.due_kind, today)
    if interim:
        movement.due_kind = DueKind.FINAL_CERTIFICATE
        movement.due_on = deadlines.final_certificate_due(movement.received_on)
    else:
        movement.completed_on, movement.closed_on = completed_on, today
        movement.due_kind, movement.due_on = "", None
    return details | {"operation": operation, "completed_on": completed_on,
                      "quantity_tonnes": tonnes, "interim": interim, "late": late,
                      "due_on": due, "deadline": basis}


def _take_back_receipt(movement: Movement, data: dict, today: date) -> dict:
    returned_on = parse_date("returned_on", data.get("returned_on"))
    if returned_on > today:
        raise ValidationFailed("returned_on", "is in the future")
    tonnes = _tonnes("quantity_tonnes", data.get("quantity_tonnes"), required=False)
    take_back = movement.take_back
    late = returned_on > take_back.due_on
    take_back.status, take_back.returned_on = TakeBackStatus.RETURNED, returned_on
    take_back.returned_tonnes = tonnes
    take_back.save()
    movement.closed_late = movement.closed_late or late
    _resolve_alert(movement, DueKind.TAKE_BACK, today)
    movement.due_kind, movement.due_on, movement.closed_on = "", None, today
    return {"returned_on": returned_on, "quantity_tonnes": tonnes, "late": late,
            "due_on": take_back.due_on, "deadline": take_back.deadline_basis}


# ---------------------------------------------------------------------------- overdue scan
def run_overdue(*, today: date | None = None) -> dict[str, int]:
    """Raise one OverdueAlert per breach (movement + kind) to the authorities of export and
    import (those of the movement: the alert has no columns of its own for them, so the
    commit checks one foreign key per alert, not three): one INSERT … SELECT over the
    movements whose running deadline has passed (the partial index on ``due_on`` of the open
    movements). Idempotent: a breach already alerted
    is skipped by ON CONFLICT on the unique (movement, kind), one probe of that index per
    overdue movement, whatever the planner believes of the alerts table.

    No NOT EXISTS over the alerts table: when that table is empty and analysed (a new
    database, the first run after a bulk load) PostgreSQL estimates one row, plans a nested
    loop anti-join with a sequential scan of the alerts, and then rescans per movement the
    pages this very INSERT is filling: quadratic (68 s for 100 000 alerts over 1 million
    movements, against 1.2 s without it)."""
    today = today or _today()
    alert, movement = OverdueAlert._meta.db_table, Movement._meta.db_table
    sql = (f"INSERT INTO {alert} (movement_id, kind, due_on, raised_on) "
           f"SELECT m.id, m.due_kind, m.due_on, %s FROM {movement} m "
           f"WHERE m.due_on IS NOT NULL AND m.due_on < %s "
           f"ON CONFLICT (movement_id, kind) DO NOTHING")
    with transaction.atomic():
        before = OverdueAlert.objects.filter(raised_on=today).count()
        with connection.cursor() as cursor:
            cursor.execute(sql, [today, today])
            raised = cursor.rowcount if cursor.rowcount is not None and cursor.rowcount >= 0 \
                else OverdueAlert.objects.filter(raised_on=today).count() - before
        by_kind = {}
        if raised:
            by_kind = dict(OverdueAlert.objects.filter(raised_on=today)
                           .values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
            audit.record(None, "OverdueAlertsRaised", None, on=today, raised=raised,
                         by_kind=by_kind)
    return {"raised": raised, **by_kind}


def overdue_report(*, today: date | None = None) -> str:
    """For ``tbmnet deadlines run``: raise the overdue alerts and say what was raised."""
    result = run_overdue(today=today)
    kinds = ", ".join(f"{k} {n}" for k, n in result.items() if k != "raised")
    return f"{result['raised']} overdue alert(s) raised" + (f" ({kinds})" if kinds else "")


# ------------------------------------------------------------------------ facility register
def _register_authority(actor, facility: Organisation) -> Organisation:
    """The competent authority of the facility's state (the state of import)."""
    if facility.kind != OrganisationKind.FACILITY:
        raise ValidationFailed("facility", "not a facility")
    membership = access.require_country(actor, facility.country, Role.COMPETENT_AUTHORITY)
    return membership.organisation


def record_assessment(*, facility: Organisation, actor, data: dict) -> EsmAssessment:
    """An ESM assessment of a facility by the competent authority of its state."""
    authority = _register_authority(actor, facility)
    outcome = data.get("outcome")
    if outcome not in AssessmentOutcome.values:
        raise ValidationFailed("outcome", f"one of {', '.join(AssessmentOutcome.values)}")
    summary = str(data.get("summary", "")).strip()
    if not summary:
        raise ValidationFailed("summary", "say what was assessed and found")
    with transaction.atomic():
        row = EsmAssessment.objects.create(
            facility=facility, authority=authority, outcome=outcome, summary=summary,
            assessed_on=parse_date("assessed_on", data.get("assessed_on")),
            valid_until=parse_date("valid_until", data.get("valid_until"), required=False),
            recorded_by=actor)
        audit.record(actor, "EsmAssessment", facility, outcome=outcome,
                     assessed_on=row.assessed_on)
    return row


def record_inspection(*, facility: Organisation, actor, data: dict) -> FacilityInspection:
    authority = _register_authority(actor, facility)
    outcome = data.get("outcome")
    if outcome not in InspectionOutcome.values:
        raise ValidationFailed("outcome", f"one of {', '.join(InspectionOutcome.values)}")
    findings = str(data.get("findings", "")).strip()
    if not findings:
        raise ValidationFailed("findings", "record the findings")
    with transaction.atomic():
        row = FacilityInspection.objects.create(
            facility=facility, authority=authority, outcome=outcome, findings=findings,
            inspected_on=parse_date("inspected_on", data.get("inspected_on")), recorded_by=actor)
        audit.record(actor, "FacilityInspection", facility, outcome=outcome,
                     inspected_on=row.inspected_on)
    return row
