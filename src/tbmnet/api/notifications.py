"""Notifications, decisions and the public verification of consents (thin over services and
selectors of tbmnet.apps.notifications)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Router, Schema, Status

from tbmnet.api import AUTH, current_user
from tbmnet.apps.notifications import selectors, services
from tbmnet.apps.notifications.models import Notification

router = Router(tags=["notifications"])


class StateIn(Schema):
    state: str
    role: str
    authority_code: str | None = None
    exit_point: str | None = None
    entry_point: str | None = None


class NotificationIn(Schema):
    """Blocks 1–18 of the notification form (block 1 is the caller's organisation)."""

    consignee_id: int | None = None
    kind: str | None = None
    purpose: str | None = None
    pre_consented: bool | None = None
    shipments: int | None = None
    quantity_tonnes: Decimal | None = None
    quantity_m3: Decimal | None = None
    first_departure: date | None = None
    last_departure: date | None = None
    packaging_types: list[str] | None = None
    special_handling: bool | None = None
    carrier_ids: list[int] | None = None
    means_of_transport: list[str] | None = None
    generator_ids: list[int] | None = None
    generation_site: str | None = None
    generation_process: str | None = None
    facility_id: int | None = None
    facility_site: str | None = None
    operations: list[str] | None = None
    technology: str | None = None
    reason_for_export: str | None = None
    designation: str | None = None
    composition: str | None = None
    physical_characteristics: list[str] | None = None
    basel_codes: list[str] | None = None
    oecd_codes: list[str] | None = None
    ec_codes: list[str] | None = None
    national_export_codes: list[str] | None = None
    national_import_codes: list[str] | None = None
    other_codes: list[str] | None = None
    y_codes: list[str] | None = None
    h_codes: list[str] | None = None
    un_classes: list[str] | None = None
    un_numbers: list[str] | None = None
    un_shipping_names: list[str] | None = None
    hs_codes: list[str] | None = None
    radioactive: bool | None = None
    states: list[StateIn] | None = None
    customs_office_entry: str | None = None
    customs_office_exit: str | None = None
    customs_office_export: str | None = None
    declaration_name: str | None = None
    declaration_date: date | None = None
    declaration_signed: bool | None = None
    generator_declaration_name: str | None = None
    insurance: str | None = None
    financial_guarantee: str | None = None
    contract_reference: str | None = None
    annexes: list[str] | None = None


class DecisionIn(Schema):
    state: str | None = None
    kind: str
    conditions: str = ""
    reason: str = ""
    valid_from: date | None = None
    valid_until: date | None = None


class ReasonIn(Schema):
    reason: str


class AnswerIn(Schema):
    answer: str


def _data(payload: NotificationIn) -> dict:
    data = payload.dict(exclude_unset=True)
    if data.get("states") is not None:
        data["states"] = [{k: v for k, v in s.items() if v is not None} for s in data["states"]]
    return data


def _org(org) -> dict | None:
    return None if org is None else {"id": org.pk, "name": org.name, "country": org.country,
                                     "code": org.code}


def serialise(n: Notification) -> dict[str, Any]:
    """The notification as JSON: every box, the verdict, each state's status and clock."""
    consent = getattr(n, "consent", None) if n.status != "draft" else None
    left = selectors.remaining(n)
    return {
        "number": n.number, "status": n.status, "procedure": n.procedure,
        "notifier": _org(n.notifier), "consignee": _org(n.consignee),
        "kind": n.kind, "purpose": n.purpose, "pre_consented": n.pre_consented,
        "shipments": n.shipments,
        "quantity_tonnes": str(n.quantity_tonnes) if n.quantity_tonnes is not None else None,
        "quantity_m3": str(n.quantity_m3) if n.quantity_m3 is not None else None,
        "first_departure": n.first_departure, "last_departure": n.last_departure,
        "packaging_types": n.packaging_types, "special_handling": n.special_handling,
        "carriers": [_org(c) for c in n.carriers.all()],
        "means_of_transport": n.means_of_transport,
        "generators": [_org(g) for g in n.generators.all()],
        "generation_site": n.generation_site, "generation_process": n.generation_process,
        "facility": _org(n.facility), "facility_site": n.facility_site,
        "operations": n.operations, "technology": n.technology,
        "reason_for_export": n.reason_for_export, "designation": n.designation,
        "composition": n.composition, "physical_characteristics": n.physical_characteristics,
        **{name: getattr(n, name) for name in (
            "basel_codes", "oecd_codes", "ec_codes", "national_export_codes",
            "national_import_codes", "other_codes", "y_codes", "h_codes", "un_classes",
            "un_numbers", "un_shipping_names", "hs_codes", "radioactive",
            "customs_office_entry", "customs_office_exit", "customs_office_export",
            "declaration_name", "declaration_date", "declaration_signed",
            "generator_declaration_name", "insurance", "financial_guarantee",
            "contract_reference", "annexes")},
        "states": [{"state": s.state, "role": s.role, "authority": _org(s.authority),
                    "exit_point": s.exit_point, "entry_point": s.entry_point,
                    "status": s.status, "consent_required": s.consent_required,
                    "received_on": s.received_on, "due_on": s.due_on,
                    "tacit_after_days": s.tacit_after_days,
                    "clock_stopped_on": s.clock_stopped_on, "days_stopped": s.days_stopped,
                    "deadline_basis": s.deadline_basis} for s in n.states.all()],
        "verdict": n.verdict,
        "override": ({"reason": n.override_reason, "at": n.override_at}
                     if n.override_reason else None),
        "decisions": [{"state": d.state_concerned.state, "kind": d.kind, "tacit": d.tacit,
                       "conditions": d.conditions, "reason": d.reason,
                       "valid_from": d.valid_from, "valid_until": d.valid_until,
                       "answer": d.answer, "at": d.at,
                       "by": d.actor.username if d.actor else "system"}
                      for d in selectors.decisions(n)],
        "consent": ({"code": consent.code, "valid_from": consent.valid_from,
                     "valid_until": consent.valid_until,
                     "revoked": consent.revoked_at is not None} if consent else None),
        "remaining": {"usable": left.usable, "why": left.why, "shipments": left.shipments,
                      "tonnes": str(left.tonnes) if left.tonnes is not None else None},
    }


def _get(request, number: str) -> Notification:
    return selectors.notification_for(current_user(request), number)


@router.post("/notifications", auth=AUTH, response={201: dict})
def create_notification(request, payload: NotificationIn):
    """File a draft notification (blocks 1–18); block 1 is the caller's organisation."""
    notification = services.create_draft(actor=current_user(request), data=_data(payload))
    return Status(201, serialise(_get(request, notification.number)))


@router.get("/notifications", auth=AUTH)
def list_notifications(request, status: str | None = None):
    """The notifications the caller may see (own, or concerning its state)."""
    found = selectors.notifications_visible_to(current_user(request))
    if status:
        found = found.filter(status=status)
    return {"results": [{"number": n.number, "status": n.status,
                         "notifier": n.notifier.name, "designation": n.designation,
                         "states": [s.state for s in n.states.all()]}
                        for n in found[:500]]}


@router.get("/notifications/{number}", auth=AUTH)
def get_notification(request, number: str):
    return serialise(_get(request, number))


@router.patch("/notifications/{number}", auth=AUTH)
def update_notification(request, number: str, payload: NotificationIn):
    notification = services.update_draft(notification=_get(request, number),
                                         actor=current_user(request), data=_data(payload))
    return serialise(_get(request, notification.number))


@router.post("/notifications/{number}/submit", auth=AUTH)
def submit_notification(request, number: str):
    """Submit: the legality engine runs and its verdict is kept with the notification."""
    notification = services.submit(notification=_get(request, number),
                                   actor=current_user(request))
    return serialise(_get(request, notification.number))


@router.post("/notifications/{number}/transmit", auth=AUTH)
def transmit_notification(request, number: str):
    """The authority of export transmits it to the states concerned."""
    notification = services.transmit(notification=_get(request, number),
                                     actor=current_user(request))
    return serialise(_get(request, notification.number))


@router.post("/notifications/{number}/override", auth=AUTH)
def override_verdict(request, number: str, payload: ReasonIn):
    """An authority concerned overrides a 'prohibited' verdict with a written reason."""
    notification = services.override(notification=_get(request, number),
                                     actor=current_user(request), reason=payload.reason)
    return serialise(_get(request, notification.number))


@router.post("/notifications/{number}/decisions", auth=AUTH, response={201: dict})
def decide(request, number: str, payload: DecisionIn):
    """A state's decision: acknowledgement, information_request, consent, objection,
    withdrawal."""
    notification = _get(request, number)
    services.decide(notification=notification, actor=current_user(request),
                    state=payload.state, kind=payload.kind, conditions=payload.conditions,
                    reason=payload.reason, valid_from=payload.valid_from,
                    valid_until=payload.valid_until)
    return Status(201, serialise(_get(request, number)))


@router.post("/notifications/{number}/answers", auth=AUTH)
def answer(request, number: str, payload: AnswerIn):
    """The notifier answers a request for further information; the clocks run again."""
    notification = services.answer_information(notification=_get(request, number),
                                               actor=current_user(request),
                                               answer=payload.answer)
    return serialise(_get(request, notification.number))


@router.post("/notifications/{number}/cancel", auth=AUTH)
def cancel(request, number: str, payload: ReasonIn):
    notification = services.cancel(notification=_get(request, number),
                                   actor=current_user(request), reason=payload.reason)
    return serialise(_get(request, notification.number))


@router.get("/verify/{code}", auth=None, tags=["verification"])
def verify(request, code: str):
    """Public: is this consent genuine and valid? Status: genuine, expired, revoked or
    unknown; only what a border officer needs."""
    return selectors.verify(code)
