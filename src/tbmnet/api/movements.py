"""Movements and ESM confirmation under /api/v1/movements: prior notice (POST), one movement
(GET), its events (POST, idempotent under the ``Idempotency-Key`` header), the movement
document (PDF), the ESM dashboard of an authority, and the facility register.

Thin: parse, call a service or selector, serialise. Access is decided in the selectors."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpResponse
from ninja import Header, Router, Schema, Status

from tbmnet.api import AUTH, api, current_user
from tbmnet.apps.movements import documents, selectors, services, workflow
from tbmnet.apps.movements.models import Movement, MovementEvent
from tbmnet.apps.notifications import selectors as notifications

router = Router(auth=AUTH, tags=["movements"])


class Announcement(Schema):
    notification: str
    departure_on: str | None = None
    expected_arrival_on: str | None = None
    quantity_tonnes: str | float | None = None
    quantity_m3: str | float | None = None
    packaging: list[dict[str, Any]] = []
    carrier_ids: list[int] = []
    containers: list[str] = []
    vehicles: list[str] = []
    information: str = ""


class EventIn(Schema):
    kind: str
    data: dict[str, Any] = {}


class RegisterEntry(Schema):
    outcome: str
    assessed_on: str | None = None
    inspected_on: str | None = None
    valid_until: str | None = None
    summary: str = ""
    findings: str = ""


def _event(e: MovementEvent) -> dict:
    return {"id": e.pk, "kind": e.kind, "message": e.message, "status_after": e.status_after,
            "state": e.state, "occurred_at": e.occurred_at.isoformat(),
            "recorded_at": e.recorded_at.isoformat(), "by": e.actor.username,
            "organisation": e.organisation.name if e.organisation else None, "data": e.data}


def movement_dict(m: Movement, *, with_events: bool = True) -> dict:
    out = {
        "id": m.pk, "notification": m.notification.number, "serial": m.serial,
        "total": m.total, "serial_label": m.serial_label, "status": m.status, "code": m.code,
        "announced_at": m.announced_at.isoformat(), "departure_on": m.departure_on,
        "expected_arrival_on": m.expected_arrival_on,
        "quantity_tonnes": str(m.quantity_tonnes),
        "quantity_m3": str(m.quantity_m3) if m.quantity_m3 is not None else None,
        "packaging": m.packaging, "carriers": [{"id": c.pk, "name": c.name}
                                               for c in m.carriers.all()],
        "containers": m.containers, "vehicles": m.vehicles,
        "route": {"export": m.export_state, "transit": m.transit_states,
                  "import": m.import_state},
        "facility": {"id": m.facility_id, "name": m.facility.name},
        "received_on": m.received_on,
        "received_tonnes": str(m.received_tonnes) if m.received_tonnes is not None else None,
        "completed_on": m.completed_on, "closed_on": m.closed_on, "closed_late": m.closed_late,
        "awaiting": m.due_kind or None, "due_on": m.due_on,
        "next_events": workflow.allowed_next(m.status),
        "document": f"/api/v1/movements/{m.pk}/document.pdf",
    }
    take_back = getattr(m, "take_back", None) if hasattr(m, "take_back") else None
    if take_back is not None:
        out["take_back"] = {"basis": take_back.basis, "reason": take_back.reason,
                            "informed_on": take_back.informed_on, "due_on": take_back.due_on,
                            "deadline": take_back.deadline_basis, "status": take_back.status,
                            "returned_on": take_back.returned_on}
    if with_events:
        out["events"] = [_event(e) for e in selectors.events(m)]
    return out


@router.post("", response={201: dict}, summary="Prior notice of one shipment under a consent "
             "(MovementAnnouncement); refused with the reason when the consent does not allow it")
def announce(request, payload: Announcement):
    user = current_user(request)
    notification = notifications.notification_for(user, payload.notification)
    movement = services.announce(notification=notification, actor=user,
                                 data=payload.dict(exclude={"notification"}))
    return Status(201, movement_dict(movement) | {"warnings": movement.warnings})


@router.get("", summary="Movements I may see (newest first)")
def list_movements(request, status: str | None = None, limit: int = 100):
    found = selectors.movements_visible_to(current_user(request))
    if status:
        found = found.filter(status=status)
    limit = max(1, min(limit, 1000))
    return {"count": found.count(),
            "results": [movement_dict(m, with_events=False) for m in found[:limit]]}


@router.get("/dashboard", summary="ESM dashboard of my authority: awaiting receipt or "
            "certificate, overdue (with age), closed, on-time rate, tonnes")
def dashboard(request, today: date | None = None):
    return selectors.dashboard(current_user(request), today=today).as_dict()


@router.get("/facilities/{facility_id}", summary="Facility register: permits, ESM assessments, "
            "inspections, late or refused certificates")
def facility_register(request, facility_id: int):
    register = selectors.facility_register(current_user(request), facility_id)
    facility = register["facility"]
    return {
        "facility": {"id": facility.pk, "name": facility.name, "country": facility.country},
        "permits": [{"number": p.number, "operations": p.operations,
                     "waste_codes": p.waste_codes,
                     "capacity_tonnes_per_year": (str(p.capacity_tonnes_per_year)
                                                  if p.capacity_tonnes_per_year else None),
                     "valid_from": p.valid_from, "valid_until": p.valid_until}
                    for p in register["permits"]],
        "assessments": [{"assessed_on": a.assessed_on, "outcome": a.outcome,
                         "summary": a.summary, "valid_until": a.valid_until,
                         "authority": a.authority.name} for a in register["assessments"]],
        "inspections": [{"inspected_on": i.inspected_on, "outcome": i.outcome,
                         "findings": i.findings, "authority": i.authority.name}
                        for i in register["inspections"]],
        "history": register["history"],
    }


@router.post("/facilities/{facility_id}/assessments", response={201: dict},
             summary="Record an ESM assessment (competent authority of the facility's state)")
def add_assessment(request, facility_id: int, payload: RegisterEntry):
    facility = selectors._facility(facility_id)
    row = services.record_assessment(facility=facility, actor=current_user(request),
                                     data=payload.dict())
    return Status(201, {"id": row.pk, "outcome": row.outcome,
                        "assessed_on": row.assessed_on})


@router.post("/facilities/{facility_id}/inspections", response={201: dict},
             summary="Record an inspection (competent authority of the facility's state)")
def add_inspection(request, facility_id: int, payload: RegisterEntry):
    facility = selectors._facility(facility_id)
    row = services.record_inspection(facility=facility, actor=current_user(request),
                                     data=payload.dict())
    return Status(201, {"id": row.pk, "outcome": row.outcome,
                        "inspected_on": row.inspected_on})


@router.get("/{movement_id}", summary="One movement with its events")
def show(request, movement_id: int):
    return movement_dict(selectors.movement_for(current_user(request), movement_id))


@router.post("/{movement_id}/events", response={201: dict},
             summary="Record an event (handover, customs_exit, transit_entry, transit_exit, "
                     "import_entry, receipt, certificate, take_back_departure, "
                     "take_back_receipt, cancellation). A retry with the same Idempotency-Key "
                     "returns the first result (replayed: true) and records nothing new; "
                     "the same key with another request is a 422 naming the header.")
def post_event(request, movement_id: int, payload: EventIn,
               idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    # Access is the party's, decided under the movement's lock (403/404 as a read would).
    event, created = services.record_event(movement=movement_id, actor=current_user(request),
                                           kind=payload.kind, data=payload.data,
                                           idempotency_key=idempotency_key)
    movement = event.movement  # the row the service locked and saved, or, replayed, now
    body = {"event": _event(event), "replayed": not created,
            "movement": {"id": movement.pk, "status": movement.status,
                         "awaiting": movement.due_kind or None, "due_on": movement.due_on,
                         "next_events": workflow.allowed_next(movement.status)}}
    # Rendered as is (the API's JSON renderer): a plain dict needs no response model to
    # validate and dump it again on every event.
    return api.create_response(request, body, status=201)


@router.get("/{movement_id}/document.pdf", summary="The movement document (Basel blocks 1–22) "
            "with QR codes of the consent and of this movement")
def document(request, movement_id: int):
    movement = selectors.movement_for(current_user(request), movement_id)
    pdf = documents.movement_pdf(movement, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (f'inline; filename="movement-{movement.notification.number}'
                                       f'-{movement.serial}.pdf"'.replace(" ", "_"))
    return response
