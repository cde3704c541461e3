"""Illegal-traffic cases (Basel Art. 9): opened from a customs referral, then worked by the
authority that found the traffic and the state of export, step by step (``workflow.STEPS``),
until the waste is taken back (Art. 9(2)) or soundly disposed of (Art. 9(3)–(4)).

Every step is one transaction with a ``CaseEvent`` and an audit record; bad input names the
field and changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from tbmnet.apps.audit import services as audit
from tbmnet.apps.customs.models import Referral
from tbmnet.apps.registry import access
from tbmnet.apps.registry.models import Organisation, Role
from tbmnet.codes import CodeNotInForce, UnknownCode, UnknownCountry, catalogue, country_name
from tbmnet.errors import NotAllowed, ValidationFailed
from tbmnet.inputs import parse_amount, parse_date, require_text
from tbmnet.rules import deadlines as rules

from . import workflow
from .models import Case, CaseEvent, CaseStatus, IllegalTrafficGround, Responsibility


def _next_number(country: str, year: int) -> str:
    prefix = f"{country}-IT-{year}-"
    last = (Case.objects.filter(number__startswith=prefix).order_by("-number")
            .values_list("number", flat=True).first())
    return f"{prefix}{int(last.rsplit('-', 1)[1]) + 1 if last else 1:04d}"


def open_case(*, actor, referral: Referral, ground: str = "", summary: str = "") -> Case:
    """The competent authority the referral went to opens a case on it."""
    membership = access.require_role(actor, Role.COMPETENT_AUTHORITY)
    if membership.organisation_id != referral.authority_id:
        raise NotAllowed("the referral went to another authority")
    if Case.objects.filter(referral=referral).exists():
        raise ValidationFailed("referral", "a case is already open on this referral")
    if ground not in IllegalTrafficGround.values:
        grounds = ", ".join(g for g in IllegalTrafficGround.values if g)
        raise ValidationFailed("ground", f"one of {grounds} (Basel Art. 9(1)) or empty")
    declaration = referral.declaration
    now = timezone.now()
    with transaction.atomic():
        case = Case.objects.create(
            number=_next_number(membership.organisation.country, now.year),
            authority=membership.organisation, ground=ground,
            state_of_export=declaration.state_of_export,
            state_of_import=declaration.state_of_import,
            summary=summary.strip() or referral.note, referral=referral, opened_by=actor,
            opened_at=now)
        audit.record(actor, "CaseOpened", case, referral=referral.pk, ground=ground,
                     declaration=declaration.declaration_id)
    return case


# --------------------------------------------------------------------------- who is who
def sides_of(user, case: Case) -> dict[str, Organisation]:
    """The sides of ``case`` the user acts for, each with the organisation it acts through:
    ``reporting`` (a competent authority of the state that opened the case) and ``export``
    (one of the state of export, once that state has been informed)."""
    sides: dict[str, Organisation] = {}
    for organisation in access.organisations(user, Role.COMPETENT_AUTHORITY):
        if organisation.country == case.authority.country:
            sides.setdefault(workflow.REPORTING, organisation)
        if case.informed_on and case.state_of_export and \
                organisation.country == case.state_of_export:
            sides.setdefault(workflow.EXPORT, organisation)
    return sides


# --------------------------------------------------------------------------- deadlines
def _deadline(step: str):
    return next(d for d in rules.BASEL if d.step == step)


def due_after_inform(case: Case, responsibility: str, informed_on: date
                     ) -> tuple[date | None, str]:
    """Basel Art. 9(2): 30 days from the state of export being informed; Art. 9(3): 30 days
    from the state of import becoming aware (taken as the day the case was opened); Art. 9(4):
    "as soon as possible", no day count."""
    if responsibility == Responsibility.EXPORTER:
        rule = _deadline("illegal_traffic_take_back")
        start = informed_on
    elif responsibility == Responsibility.IMPORTER:
        rule = _deadline("illegal_traffic_import_disposal")
        start = timezone.localdate(case.opened_at)
    else:
        return None, ("Basel Convention Art. 9(4) [V]: disposal through cooperation of the "
                      "states concerned as soon as possible; no day count")
    return (start + timedelta(days=rule.days),
            f"{rule.instrument} {rule.article} [{rule.confidence}]: {rule.days} days from "
            f"{rule.starts} ({start.isoformat()})")


# --------------------------------------------------------------------------- steps
def _inform(case: Case, data: dict, today: date) -> dict:
    responsibility = data.get("responsibility") or ""
    if responsibility not in Responsibility.values:
        raise ValidationFailed("responsibility", "one of " + ", ".join(Responsibility.values)
                               + " (Basel Art. 9(2)–(4))")
    state = str(data.get("state_of_export") or case.state_of_export or "").strip().upper()
    try:
        country_name(state)
    except UnknownCountry:
        raise ValidationFailed("state_of_export", f"{state!r} is not an ISO 3166 country "
                               "code") from None
    if state == case.authority.country:
        raise ValidationFailed("state_of_export", "is the state that opened the case")
    informed_on = parse_date("informed_on", data.get("informed_on") or today)
    if informed_on > today:
        raise ValidationFailed("informed_on", "is in the future")
    if informed_on < timezone.localdate(case.opened_at):
        raise ValidationFailed("informed_on", "is before the case was opened")
    due_on, basis = due_after_inform(case, responsibility, informed_on)
    case.state_of_export, case.responsibility, case.informed_on = state, responsibility, informed_on
    case.due_on, case.deadline_basis = due_on, basis
    case.status = workflow.AFTER_INFORM[responsibility]
    return {"state_of_export": state, "responsibility": responsibility,
            "informed_on": informed_on, "due_on": due_on, "deadline": basis}


def _return_departure(case: Case, data: dict, today: date) -> dict:
    if case.return_departed_on:
        raise ValidationFailed("departed_on", f"the return left on {case.return_departed_on}")
    departed_on = parse_date("departed_on", data.get("departed_on"))
    if departed_on > today or departed_on < case.informed_on:
        raise ValidationFailed("departed_on", "must lie between the day the state of export "
                               "was informed and today")
    case.return_departed_on = departed_on
    return {"departed_on": departed_on,
            "quantity_kg": parse_amount("quantity_kg", data.get("quantity_kg"), unit="kg",
                                        places=2),
            "transport": str(data.get("transport") or "").strip()[:300]}


def _late(day: date, due_on: date | None) -> dict:
    return {"due_on": due_on, "days_late": max(0, (day - due_on).days) if due_on else None}


def _return_receipt(case: Case, data: dict, today: date) -> dict:
    if not case.return_departed_on:
        raise ValidationFailed("received_on", "the return shipment has not left yet")
    received_on = parse_date("received_on", data.get("received_on"))
    if received_on > today or received_on < case.return_departed_on:
        raise ValidationFailed("received_on", "must lie between the departure and today")
    quantity = parse_amount("quantity_kg", data.get("quantity_kg"), unit="kg", places=2)
    case.returned_on = received_on
    _close(case, received_on, f"Taken back into {case.state_of_export} on {received_on} "
                              f"({quantity} kg), Basel Art. 9(2).")
    return {"received_on": received_on, "quantity_kg": quantity} | _late(received_on,
                                                                         case.due_on)


def _disposal(case: Case, data: dict, today: date) -> dict:
    disposed_on = parse_date("disposed_on", data.get("disposed_on"))
    if disposed_on > today or disposed_on < timezone.localdate(case.opened_at):
        raise ValidationFailed("disposed_on", "must lie between the opening of the case and "
                               "today")
    operation = str(data.get("operation") or "").strip().upper()
    try:
        code = catalogue().get(operation, on=disposed_on, list="operation")
    except (UnknownCode, CodeNotInForce):
        raise ValidationFailed("operation", f"{operation!r} is not a Basel Annex IV operation "
                               "(D1–D15, R1–R13)") from None
    facility = require_text("facility", data.get("facility"), max_length=300)
    quantity = parse_amount("quantity_kg", data.get("quantity_kg"), unit="kg", places=2)
    case.disposed_on = disposed_on
    _close(case, disposed_on, f"Disposed of by {code.code} at {facility} on {disposed_on} "
                              f"({quantity} kg).")
    return {"disposed_on": disposed_on, "operation": code.code, "facility": facility,
            "quantity_kg": quantity} | _late(disposed_on, case.due_on)


def _close(case: Case, day: date, outcome: str) -> None:
    case.status, case.closed_on, case.outcome = CaseStatus.CLOSED, day, outcome


def _message(case: Case, data: dict, today: date) -> dict:
    return {}  # the note is the message


def _close_step(case: Case, data: dict, today: date) -> dict:
    _close(case, today, data["note"])
    return {}


APPLY = {
    "inform": _inform,
    "message": _message,
    "return_departure": _return_departure,
    "return_receipt": _return_receipt,
    "disposal": _disposal,
    "close": _close_step,
}
# The detail that says on which day a step happened (the others happen on the day recorded).
DAY_OF = {"inform": "informed_on", "return_departure": "departed_on",
          "return_receipt": "received_on", "disposal": "disposed_on"}


def record(*, case: Case, actor, kind: str, data: dict | None = None) -> CaseEvent:
    """Record one step of the case by one of its sides (``workflow.STEPS``)."""
    data = dict(data or {})
    sides = sides_of(actor, case)
    if not sides:
        raise NotAllowed("only the competent authorities of the state that opened the case "
                         "and, once informed, of the state of export work this case")
    step = workflow.require(kind, case.status, set(sides))
    note = str(data.get("note") or "").strip()
    if "note" in step.required:
        data["note"] = note = require_text("note", note)
    organisation = next(sides[s] for s in step.sides if s in sides)
    today = timezone.localdate()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status not in step.after:  # changed while we read it
            workflow.require(kind, case.status, set(sides))
        before = case.status
        details = APPLY[kind](case, data, today)
        case.save()
        happened_on = details.get(DAY_OF.get(kind), today)
        event = CaseEvent.objects.create(
            case=case, kind=kind, organisation=organisation, actor=actor,
            at=timezone.now(), happened_on=happened_on, note=note,
            data={k: (v.isoformat() if isinstance(v, date) else str(v) if v is not None
                      else None) for k, v in details.items()})
        audit.record(actor, step.audit_event, case, step=kind, before=before,
                     after=case.status, organisation=organisation.pk, note=note, **event.data)
    return event
