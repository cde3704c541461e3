"""Writes: one function per business act of prior informed consent, one transaction each,
each with an audit record named after the UN/CEFACT e-Basel message it corresponds to.

Acts: ``create_draft``, ``update_draft``, ``submit`` (runs the legality engine), ``override``
(an authority overrides a ``prohibited`` verdict with a written reason), ``transmit`` (the
authority of export sends it to the states concerned and starts their clocks),
``acknowledge``, ``request_information`` (the clock stops) / ``answer_information`` (it runs
again), ``decide`` (consent with conditions, objection, withdrawal), ``cancel``,
``run_deadlines`` (tacit consent where the procedure provides it) and ``record_shipment``
(what movements use of the consent).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from tbmnet.apps.audit import services as audit
from tbmnet.apps.registry import access
from tbmnet.apps.registry.models import Organisation, OrganisationKind, Role
from tbmnet.codes import catalogue, country_name, normalise_code
from tbmnet.codes.catalogue import UnknownCountry
from tbmnet.errors import InvalidTransition, NotAllowed, ValidationFailed
from tbmnet.rules.deadlines import add_months, add_working_days

from . import legality, signing, workflow
from .models import (
    MEANS_OF_TRANSPORT,
    PACKAGING_TYPES,
    PHYSICAL_CHARACTERISTICS,
    Consent,
    Decision,
    DecisionKind,
    Notification,
    NotificationKind,
    NotificationStatus,
    Purpose,
    StateConcerned,
    StateRole,
    StateStatus,
)

# Which box of the form each input field belongs to (errors name "block_N.field").
FIELD_BLOCKS: dict[str, str] = {
    "consignee_id": "block_2",
    "kind": "block_3", "purpose": "block_3", "pre_consented": "block_3",
    "shipments": "block_4",
    "quantity_tonnes": "block_5", "quantity_m3": "block_5",
    "first_departure": "block_6", "last_departure": "block_6",
    "packaging_types": "block_7", "special_handling": "block_7",
    "carrier_ids": "block_8", "means_of_transport": "block_8",
    "generator_ids": "block_9", "generation_site": "block_9", "generation_process": "block_9",
    "facility_id": "block_10", "facility_site": "block_10",
    "operations": "block_11", "technology": "block_11", "reason_for_export": "block_11",
    "designation": "block_12", "composition": "block_12",
    "physical_characteristics": "block_13",
    **{name: "block_14" for name in (
        "basel_codes", "oecd_codes", "ec_codes", "national_export_codes",
        "national_import_codes", "other_codes", "y_codes", "h_codes", "un_classes",
        "un_numbers", "un_shipping_names", "hs_codes", "radioactive")},
    "states": "block_15",
    "customs_office_entry": "block_16", "customs_office_exit": "block_16",
    "customs_office_export": "block_16",
    **{name: "block_17" for name in (
        "declaration_name", "declaration_date", "declaration_signed",
        "generator_declaration_name", "insurance", "financial_guarantee",
        "contract_reference")},
    "annexes": "block_18",
}

_TEXT = {"generation_site", "generation_process", "facility_site", "technology",
         "reason_for_export", "designation", "composition", "customs_office_entry",
         "customs_office_exit", "customs_office_export", "declaration_name",
         "generator_declaration_name", "insurance", "financial_guarantee",
         "contract_reference"}
_BOOL = {"pre_consented", "special_handling", "radioactive", "declaration_signed"}
_FREE_LISTS = {"oecd_codes", "ec_codes", "national_export_codes", "national_import_codes",
               "other_codes", "un_classes", "un_numbers", "un_shipping_names", "annexes"}
# Code lists checked against the catalogue: field -> the lists a code may stand in.
_CODE_LISTS = {"basel_codes": ("basel_viii", "basel_ix"), "y_codes": ("basel_y",),
               "h_codes": ("basel_h",), "operations": ("operation",), "hs_codes": ("hs",)}
_CHOICE_LISTS = {"packaging_types": PACKAGING_TYPES, "means_of_transport": MEANS_OF_TRANSPORT,
                 "physical_characteristics": PHYSICAL_CHARACTERISTICS}
_ORGS = {"consignee_id": ("consignee", (OrganisationKind.CONSIGNEE, OrganisationKind.FACILITY)),
         "facility_id": ("facility", (OrganisationKind.FACILITY,))}
_ORG_LISTS = {"carrier_ids": ("carriers", (OrganisationKind.CARRIER,)),
              "generator_ids": ("generators", (OrganisationKind.GENERATOR,
                                               OrganisationKind.NOTIFIER))}

# Block 6 limits. Basel Art. 6(8) [V]: a general notification covers at most 12 months.
# Harmonised form instructions (rules.md §7, R1013 Annex IC): at most 1 year for one shipment,
# 3 years for a pre-consented facility (OECD Annex IC para 17 [V]).
GENERAL_MONTHS = 12
PRE_CONSENTED_MONTHS = 36
# Basel Art. 6(4) [V]: a transit Party "may respond within 60 days"; used as its due date
# when the engine gives no day count (its written consent is still required after it).
BASEL_TRANSIT_RESPONSE_DAYS = 60


def _field(name: str) -> str:
    return f"{FIELD_BLOCKS.get(name, 'notification')}.{name}"


def _today() -> date:
    return timezone.localdate()


# ---------------------------------------------------------------------------- input parsing
def _as_list(name: str, value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [part for part in value.replace(";", ",").split(",")]
    if not isinstance(value, (list, tuple)):
        raise ValidationFailed(_field(name), "expected a list")
    return [str(v).strip() for v in value if str(v).strip()]


def _as_date(name: str, value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed(_field(name), f"not a date (YYYY-MM-DD): {value!r}") from None


def _as_decimal(name: str, value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValidationFailed(_field(name), f"not a number: {value!r}") from None
    if number < 0 or not number.is_finite():
        raise ValidationFailed(_field(name), f"must be zero or more: {value!r}")
    return number


def _codes(name: str, value) -> list[str]:
    codes = []
    for raw in _as_list(name, value):
        code = normalise_code(raw)
        lists = {v.list for v in catalogue().versions(code)}
        if not lists & set(_CODE_LISTS[name]):
            raise ValidationFailed(_field(name), f"unknown code {raw!r} for this box")
        codes.append(code)
    return codes


def _organisation(name: str, value, kinds) -> Organisation | None:
    if value in (None, ""):
        return None
    try:
        organisation = Organisation.objects.get(pk=int(value))
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise ValidationFailed(_field(name), f"no organisation with id {value!r}") from None
    if organisation.kind not in kinds:
        raise ValidationFailed(_field(name), f"{organisation.name} is a {organisation.kind}, "
                               f"not a {' or '.join(kinds)}")
    return organisation


def _authority(index: int, country: str, code: str) -> Organisation | None:
    authorities = Organisation.objects.filter(kind=OrganisationKind.COMPETENT_AUTHORITY,
                                              country=country)
    if code:
        found = authorities.filter(code=code).first()
        if found is None:
            raise ValidationFailed(f"block_15.states[{index}].authority_code",
                                   f"no competent authority {code!r} in {country}")
        return found
    # The authority with officers in TBMnet first, then the first by code.
    return (authorities.filter(memberships__role=Role.COMPETENT_AUTHORITY).first()
            or authorities.order_by("code").first())


def _states(value) -> list[dict]:
    if not isinstance(value, (list, tuple)):
        raise ValidationFailed("block_15.states", "expected a list of states concerned")
    rows, seen = [], set()
    for index, item in enumerate(value):
        where = f"block_15.states[{index}]"
        if not isinstance(item, dict):
            raise ValidationFailed(where, "expected an object with state and role")
        country = str(item.get("state", "")).strip().upper()
        try:
            country_name(country)
        except UnknownCountry:
            raise ValidationFailed(f"{where}.state", f"unknown country {country!r}") from None
        role = str(item.get("role", "")).strip()
        if role not in StateRole.values:
            raise ValidationFailed(f"{where}.role", f"one of {', '.join(StateRole.values)}")
        if country in seen:
            raise ValidationFailed(f"{where}.state", f"{country} is listed twice")
        seen.add(country)
        rows.append({"state": country, "role": role,
                     "authority": _authority(index, country,
                                             str(item.get("authority_code") or "").strip()),
                     "exit_point": str(item.get("exit_point") or "").strip(),
                     "entry_point": str(item.get("entry_point") or "").strip()})
    order = {StateRole.EXPORT: 0, StateRole.TRANSIT: 1, StateRole.IMPORT: 2}
    return sorted(rows, key=lambda r: order[r["role"]])  # transit order kept (stable sort)


def _apply(notification: Notification, data: dict) -> tuple[dict, list[dict] | None]:
    """Set the fields in ``data`` (validated one by one); returns the many-to-many and
    states to write after the row is saved."""
    unknown = set(data) - set(FIELD_BLOCKS)
    if unknown:
        name = sorted(unknown)[0]
        raise ValidationFailed(name, f"no such box on the notification form: {name!r}")
    relations: dict = {}
    states = None
    for name, value in data.items():
        if name in _TEXT:
            setattr(notification, name, "" if value is None else str(value).strip())
        elif name in _BOOL:
            setattr(notification, name, bool(value))
        elif name in _FREE_LISTS:
            setattr(notification, name, _as_list(name, value))
        elif name in _CODE_LISTS:
            setattr(notification, name, _codes(name, value))
        elif name in _CHOICE_LISTS:
            values = _as_list(name, value)
            bad = [v for v in values if v not in _CHOICE_LISTS[name]]
            if bad:
                raise ValidationFailed(_field(name), f"unknown code {bad[0]!r}; one of "
                                       f"{', '.join(_CHOICE_LISTS[name])}")
            setattr(notification, name, values)
        elif name in ("first_departure", "last_departure", "declaration_date"):
            setattr(notification, name, _as_date(name, value))
        elif name in ("quantity_tonnes", "quantity_m3"):
            setattr(notification, name, _as_decimal(name, value))
        elif name == "shipments":
            try:
                shipments = None if value in (None, "") else int(value)
            except (TypeError, ValueError):
                raise ValidationFailed(_field(name), f"not a whole number: {value!r}") from None
            if shipments is not None and shipments < 1:
                raise ValidationFailed(_field(name), "at least 1")
            notification.shipments = shipments
        elif name == "kind":
            if value not in NotificationKind.values:
                raise ValidationFailed(_field(name), "single or general")
            notification.kind = value
        elif name == "purpose":
            if value not in ("", None, *Purpose.values):
                raise ValidationFailed(_field(name), "disposal or recovery")
            notification.purpose = value or ""
        elif name in _ORGS:
            attribute, kinds = _ORGS[name]
            setattr(notification, attribute, _organisation(name, value, kinds))
        elif name in _ORG_LISTS:
            attribute, kinds = _ORG_LISTS[name]
            relations[attribute] = [_organisation(name, v, kinds) for v in
                                    _as_list(name, value)]
        elif name == "states":
            states = _states(value)
    return relations, states


def _write_relations(notification: Notification, relations: dict,
                     states: list[dict] | None) -> None:
    for attribute, organisations in relations.items():
        getattr(notification, attribute).set(organisations)
    if states is not None:
        notification.states.all().delete()
        for position, row in enumerate(states):
            StateConcerned.objects.create(notification=notification, position=position, **row)


def _next_number(country: str, year: int) -> str:
    """'CC NNNN NNNNNN': dispatch country, the year of filing as the optional 4-digit code,
    then a 6-digit serial (rules.md §7)."""
    prefix = f"{country} {year:04d} "
    last = (Notification.objects.filter(number__startswith=prefix).order_by("-number")
            .values_list("number", flat=True).first())
    serial = int(last[-6:]) + 1 if last else 1
    return f"{prefix}{serial:06d}"


# ------------------------------------------------------------------------------ the acts
def create_draft(*, actor, data: dict) -> Notification:
    """A notifier starts a notification (form blocks 1–18); nothing is checked for
    completeness until it is submitted."""
    notifiers = access.organisations(actor, Role.NOTIFIER)
    if not notifiers:
        raise NotAllowed("only a notifier may file a notification")
    notifier = notifiers[0]
    for attempt in range(5):
        try:
            with transaction.atomic():
                notification = Notification(notifier=notifier, created_by=actor,
                                            number=_next_number(notifier.country,
                                                                _today().year))
                relations, states = _apply(notification, data)
                notification.save()
                _write_relations(notification, relations, states)
                audit.record(actor, "NotificationDraftCreated", notification,
                             number=notification.number, fields=sorted(data))
            return notification
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def _require_notifier(notification: Notification, actor) -> None:
    if not any(m.role == Role.NOTIFIER and m.organisation_id == notification.notifier_id
               for m in access.memberships(actor)):
        raise NotAllowed("only the notifier may change its notification")


def update_draft(*, notification: Notification, actor, data: dict) -> Notification:
    _require_notifier(notification, actor)
    workflow.require(notification, "update")
    with transaction.atomic():
        relations, states = _apply(notification, data)
        notification.save()
        _write_relations(notification, relations, states)
        audit.record(actor, "NotificationDraftUpdated", notification, fields=sorted(data))
    return notification


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


def check(notification: Notification) -> tuple[list[Problem], list[Problem]]:
    """(errors that refuse submission, warnings shown but accepted), each naming its box."""
    errors: list[Problem] = []
    warnings: list[Problem] = []

    def need(name: str, ok, message: str = "required") -> None:
        if not ok:
            errors.append(Problem(_field(name), message))

    n = notification
    need("consignee_id", n.consignee_id)
    need("purpose", n.purpose)
    need("shipments", n.shipments)
    if n.kind == NotificationKind.SINGLE and n.shipments and n.shipments != 1:
        errors.append(Problem(_field("shipments"), "an individual notification covers one "
                              "shipment: file a general notification for several"))
    need("quantity_tonnes", (n.quantity_tonnes or 0) > 0 or (n.quantity_m3 or 0) > 0,
         "give the intended quantity in tonnes or m³")
    need("first_departure", n.first_departure)
    need("last_departure", n.last_departure)
    if n.first_departure and n.last_departure:
        if n.last_departure < n.first_departure:
            errors.append(Problem(_field("last_departure"), "before the first departure"))
        months = PRE_CONSENTED_MONTHS if n.pre_consented else GENERAL_MONTHS
        if n.last_departure > add_months(n.first_departure, months):
            basis = ("3 years for a pre-consented facility (OECD Annex IC para 17)"
                     if n.pre_consented else "12 months (Basel Art. 6(8); form block 6)")
            errors.append(Problem(_field("last_departure"), f"the period may not exceed "
                                  f"{basis}"))
    need("packaging_types", n.packaging_types)
    need("means_of_transport", n.means_of_transport)
    carriers = list(n.carriers.all()) if n.pk else []
    need("carrier_ids", carriers, "name at least one intended carrier")
    need("generation_process", n.generation_process)
    generators = list(n.generators.all()) if n.pk else []
    if not generators and not n.generation_site:
        errors.append(Problem(_field("generator_ids"), "name the generator or the site of "
                              "generation"))
    need("facility_id", n.facility_id)
    need("operations", n.operations)
    letter = {"disposal": "D", "recovery": "R"}.get(n.purpose)
    wrong = [op for op in n.operations if letter and not op.startswith(letter)]
    if wrong:
        errors.append(Problem(_field("operations"), f"{wrong[0]} is not a {n.purpose} "
                              "operation (block 3 B)"))
    need("designation", n.designation)
    need("physical_characteristics", n.physical_characteristics)
    need("basel_codes", n.basel_codes or n.y_codes or n.oecd_codes,
         "give the Basel (A/B), OECD or Y code")
    need("hs_codes", n.hs_codes)
    hazardous = any(c.startswith("A") for c in n.basel_codes) or any(
        c not in ("Y46", "Y47", "Y48", "Y49") for c in n.y_codes)
    if hazardous and not n.h_codes:
        errors.append(Problem(_field("h_codes"), "hazardous waste: give the H code(s) "
                              "(Basel Annex V A item 17)"))
    if hazardous and not n.un_numbers:
        warnings.append(Problem(_field("un_numbers"), "no UN number (Basel Annex V A item 13)"))
    states = list(n.states.all()) if n.pk else []
    roles = [s.role for s in states]
    if roles.count(StateRole.EXPORT) != 1 or roles.count(StateRole.IMPORT) != 1:
        errors.append(Problem("block_15.states", "name exactly one state of export and one "
                              "state of import"))
    export = next((s for s in states if s.role == StateRole.EXPORT), None)
    if export and export.state != n.notifier.country:
        warnings.append(Problem("block_15.states", f"the notifier is in {n.notifier.country}, "
                                f"the state of export is {export.state}"))
    for index, state in enumerate(states):
        if state.authority_id is None:
            errors.append(Problem(f"block_15.states[{index}].authority_code",
                                  f"no competent authority known for {state.state}"))
    facility = n.facility
    imports = next((s for s in states if s.role == StateRole.IMPORT), None)
    if facility and imports and facility.country != imports.state:
        errors.append(Problem(_field("facility_id"), f"the facility is in {facility.country}, "
                              f"not in the state of import {imports.state}"))
    if facility and n.operations and n.first_departure:
        if not any(p.covers(operation=op, waste_codes=[*n.basel_codes, *n.y_codes],
                            on=n.first_departure)
                   for p in facility.permits.all() for op in n.operations):
            warnings.append(Problem(_field("facility_id"), "no permit on record covers these "
                                    "operations and codes on the first departure"))
    need("declaration_signed", n.declaration_signed, "the notifier must sign the declaration")
    need("declaration_name", n.declaration_name)
    if not n.insurance:
        warnings.append(Problem(_field("insurance"), "no insurance or bond given "
                                "(may be required, Basel Art. 6(11))"))
    if not n.contract_reference:
        warnings.append(Problem(_field("contract_reference"), "no contract with the disposer "
                                "(the state of import must confirm one, Art. 6(3)(b))"))
    return errors, warnings


def submit(*, notification: Notification, actor) -> Notification:
    """The notifier submits; the legality engine judges it and its verdict, with reasons,
    is kept for every authority to see (Basel Art. 6(1): through the authority of export)."""
    _require_notifier(notification, actor)
    workflow.require(notification, "submit")
    errors, warnings = check(notification)
    if errors:
        raise ValidationFailed(errors[0].field, errors[0].message)
    verdict = legality.verdict_for(notification)
    with transaction.atomic():
        notification.verdict = verdict
        notification.procedure = _primary_procedure(verdict)
        notification.status = NotificationStatus.SUBMITTED
        notification.submitted_at = timezone.now()
        notification.save()
        audit.record(actor, "NotificationSubmission", notification,
                     number=notification.number, verdict=verdict["verdict"],
                     procedures=verdict["procedures"],
                     warnings=[f"{w.field}: {w.message}" for w in warnings])
    return notification


def _primary_procedure(verdict: dict) -> str:
    procedures = verdict.get("procedures") or []
    for name in ("oecd", "basel", "bamako", "waigani"):
        if name in procedures:
            return name
    return procedures[0] if procedures else ""


def _authority_membership(notification: Notification, actor, state: str | None,
                          roles: tuple[str, ...] | None = None) -> StateConcerned:
    """The state concerned the actor acts for as competent authority (NotAllowed else)."""
    mine = access.countries(actor, Role.COMPETENT_AUTHORITY)
    rows = [s for s in notification.states.all() if s.state in mine
            and (roles is None or s.role in roles)]
    if state:
        rows = [s for s in rows if s.state == state.upper()]
    if not rows:
        raise NotAllowed("you are not the competent authority of " +
                         (state.upper() if state else "a state concerned") +
                         " for this notification")
    return rows[0]


def override(*, notification: Notification, actor, reason: str) -> Notification:
    """A competent authority concerned overrides a ``prohibited`` verdict, in writing."""
    row = _authority_membership(notification, actor, None)
    if not reason or not reason.strip():
        raise ValidationFailed("reason", "a written reason is required to override")
    workflow.require(notification, "override")
    with transaction.atomic():
        before = notification.verdict.get("verdict")
        notification.override_reason = reason.strip()
        notification.override_by = actor
        notification.override_at = timezone.now()
        notification.save()
        audit.record(actor, "LegalityOverride", notification, state=row.state,
                     before=before, reason=notification.override_reason)
    return notification


def _set_clock(row: StateConcerned, verdict: dict, procedure: str, today: date) -> None:
    """Start one state's clock for the procedure (deadlines from the legality engine)."""
    row.received_on = today
    row.procedure = procedure
    if row.role == StateRole.EXPORT:
        row.status = workflow.state_target(row, "transmit")
        return
    per_state = {d["step"]: d for d in legality.state_deadlines(verdict, procedure, row.state)}
    if row.role == StateRole.TRANSIT and "transit_notification" in per_state:
        d = per_state["transit_notification"]  # Basel Art. 7: a non-Party is notified only
        row.consent_required = False
        row.status = workflow.state_target(row, "notify")
        row.deadline_basis = f"{d['instrument']} {d['article']} [{d['confidence']}]"
        return
    row.status = workflow.state_target(row, "receive")
    if procedure == "oecd":
        # Amber: destination acknowledges within 3 working days [S]; 30 days from that
        # acknowledgement to object, silence is consent (Annex IC para 31 [V]).
        tacit = legality.deadline(verdict, "oecd", "tacit_consent")
        if tacit and tacit.get("days") and tacit["confidence"] != "U":
            row.tacit_after_days = tacit["days"]
            row.deadline_basis = (f"{tacit['instrument']} {tacit['article']} "
                                  f"[{tacit['confidence']}]")
        if row.role == StateRole.IMPORT:
            ack = legality.deadline(verdict, "oecd", "acknowledgement")
            if ack and ack.get("days"):
                row.due_on = add_working_days(today, ack["days"], country=row.state)
        return
    if row.role == StateRole.TRANSIT:
        tacit = per_state.get("transit_tacit_consent") or legality.deadline(
            verdict, procedure, "transit_tacit_consent")
        written = per_state.get("transit_written_consent")
        if tacit and tacit.get("days"):
            if tacit["confidence"] != "U":
                row.tacit_after_days = tacit["days"]
            else:  # unverified: shown as a due date, never turned into consent
                row.decision_days = tacit["days"]
            row.deadline_basis = f"{tacit['instrument']} {tacit['article']} " \
                                 f"[{tacit['confidence']}]"
        elif written is not None or procedure == "basel":
            row.decision_days = BASEL_TRANSIT_RESPONSE_DAYS
            row.deadline_basis = "Basel Convention Art. 6(4) [V]: may respond within 60 days; " \
                                 "written consent required"
        row.clock_starts_on = today
    else:  # the state of import: Basel Art. 6(2) [V] sets no deadline
        response = legality.deadline(verdict, procedure, "import_response")
        if response:
            row.deadline_basis = (f"{response['instrument']} {response['article']} "
                                  f"[{response['confidence']}]: no deadline")
    _recompute_due(row)


def _recompute_due(row: StateConcerned) -> None:
    days = row.tacit_after_days or row.decision_days
    if row.clock_stopped_on or row.clock_starts_on is None or not days:
        if row.clock_stopped_on:
            row.due_on = None
        return
    row.due_on = row.clock_starts_on + timedelta(days=days + row.days_stopped)


def transmit(*, notification: Notification, actor, today: date | None = None) -> Notification:
    """The authority of export transmits the notification to every state concerned
    (Basel Art. 6(1)); each state's clock starts on receipt."""
    export = _authority_membership(notification, actor, None, roles=(StateRole.EXPORT,))
    if export.status == StateStatus.INFORMATION_REQUESTED:
        raise InvalidTransition("waiting for the notifier's answer to your request",
                                field="status")
    workflow.require(notification, "transmit")
    today = today or _today()
    with transaction.atomic():
        for row in notification.states.all():
            _set_clock(row, notification.verdict, notification.procedure, today)
            row.save()
        notification.status = NotificationStatus.TRANSMITTED
        notification.transmitted_at = timezone.now()
        notification.save()
        audit.record(actor, "NotificationSubmission", notification, transmitted=True,
                     states=[s.state for s in notification.states.all()],
                     procedure=notification.procedure,
                     override=bool(notification.override_reason))
    return notification


def _decision(notification, row, actor, kind, **fields) -> Decision:
    return Decision.objects.create(notification=notification, state_concerned=row, kind=kind,
                                   actor=actor, at=timezone.now(), **fields)


def acknowledge(*, notification: Notification, actor, state: str | None = None,
                today: date | None = None) -> Decision:
    """A state of transit or import acknowledges receipt (Basel Art. 6(4); OECD: the
    destination's acknowledgement starts every state's 30 days)."""
    row = _authority_membership(notification, actor, state,
                                roles=(StateRole.TRANSIT, StateRole.IMPORT))
    workflow.require(notification, "acknowledge")
    target = workflow.state_target(row, "acknowledge")
    today = today or _today()
    with transaction.atomic():
        row.status = target
        if notification.procedure == "oecd" and row.role == StateRole.IMPORT:
            for other in notification.states.exclude(role=StateRole.EXPORT):
                other = row if other.pk == row.pk else other
                other.clock_starts_on = today
                _recompute_due(other)
                other.save()
        row.save()
        decision = _decision(notification, row, actor, DecisionKind.ACKNOWLEDGEMENT)
        audit.record(actor, "NotificationAcknowledgement", notification, state=row.state)
    return decision


def request_information(*, notification: Notification, actor, state: str | None = None,
                        question: str, today: date | None = None) -> Decision:
    """An authority asks the notifier for more (Basel Art. 6(2)); its clock stops. Before
    transmission only the authority of export may ask."""
    row = _authority_membership(notification, actor, state, roles=_before_transmission(
        notification))
    if not question or not question.strip():
        raise ValidationFailed("conditions", "say what information is needed")
    workflow.require(notification, "request_information")
    target = workflow.state_target(row, "request_information")
    today = today or _today()
    with transaction.atomic():
        row.status = target
        row.clock_stopped_on = today
        _recompute_due(row)
        row.save()
        decision = _decision(notification, row, actor, DecisionKind.INFORMATION_REQUEST,
                             reason=question.strip())
        audit.record(actor, "FurtherNotificationRequest", notification, state=row.state,
                     question=question.strip(), clock_stopped_on=today)
    return decision


def answer_information(*, notification: Notification, actor, answer: str,
                       today: date | None = None) -> Notification:
    """The notifier answers every open request; the stopped clocks run again, extended by
    the days they stood still."""
    _require_notifier(notification, actor)
    if not answer or not answer.strip():
        raise ValidationFailed("answer", "the answer is empty")
    workflow.require(notification, "answer_information")
    waiting = [s for s in notification.states.all()
               if s.status == StateStatus.INFORMATION_REQUESTED]
    if not waiting:
        raise InvalidTransition("no authority is waiting for information", field="status")
    today = today or _today()
    with transaction.atomic():
        for row in waiting:
            row.status = workflow.state_target(row, "answer_information")
            if row.clock_stopped_on:
                row.days_stopped += (today - row.clock_stopped_on).days
                row.clock_stopped_on = None
            _recompute_due(row)
            row.save()
            Decision.objects.filter(state_concerned=row, answered_at__isnull=True,
                                    kind=DecisionKind.INFORMATION_REQUEST).update(
                answer=answer.strip(), answered_at=timezone.now())
        audit.record(actor, "FurtherNotificationAnswer", notification,
                     states=[s.state for s in waiting], answer=answer.strip())
    return notification


def decide(*, notification: Notification, actor, state: str | None = None, kind: str,
           conditions: str = "", reason: str = "", valid_from: date | None = None,
           valid_until: date | None = None, today: date | None = None) -> Decision:
    """Record one state's decision (Basel Art. 6(2)–(4)): consent (with conditions and
    validity), objection (with reason), withdrawal of consent; acknowledgement and
    request for information are routed to their own acts."""
    if kind == DecisionKind.ACKNOWLEDGEMENT:
        return acknowledge(notification=notification, actor=actor, state=state, today=today)
    if kind == DecisionKind.INFORMATION_REQUEST:
        return request_information(notification=notification, actor=actor, state=state,
                                   question=reason or conditions, today=today)
    if kind == DecisionKind.CONSENT:
        return _consent(notification, actor, state, conditions, valid_from, valid_until, today)
    if kind == DecisionKind.OBJECTION:
        return _object(notification, actor, state, reason or conditions)
    if kind == DecisionKind.WITHDRAWAL:
        return _withdraw(notification, actor, state, reason or conditions)
    raise ValidationFailed("kind", f"one of {', '.join(DecisionKind.values)}")


def _validity(notification: Notification, valid_from: date | None, valid_until: date | None,
              today: date) -> tuple[date, date]:
    valid_from = valid_from or notification.first_departure or today
    valid_until = valid_until or notification.last_departure or add_months(valid_from, 12)
    if valid_until < valid_from:
        raise ValidationFailed("valid_until", "before the start of validity")
    if notification.kind == NotificationKind.GENERAL and notification.procedure != "oecd" \
            and valid_until > add_months(valid_from, GENERAL_MONTHS):
        raise ValidationFailed("valid_until", "a general notification's consent covers at "
                               "most 12 months (Basel Art. 6(8))")
    return valid_from, valid_until


def _consent(notification, actor, state, conditions, valid_from, valid_until, today):
    row = _authority_membership(notification, actor, state,
                                roles=(StateRole.TRANSIT, StateRole.IMPORT))
    workflow.require(notification, "consent")
    target = workflow.state_target(row, "consent")
    today = today or _today()
    valid_from, valid_until = _validity(notification, valid_from, valid_until, today)
    with transaction.atomic():
        row.status = target
        row.clock_stopped_on = None
        row.save()
        decision = _decision(notification, row, actor, DecisionKind.CONSENT,
                             conditions=(conditions or "").strip(), valid_from=valid_from,
                             valid_until=valid_until)
        audit.record(actor, "NotificationDecision", notification, state=row.state,
                     decision="consent", tacit=False, conditions=decision.conditions,
                     valid_from=valid_from, valid_until=valid_until)
        _complete_if_consented(notification, actor, today)
    return decision


def _before_transmission(notification) -> tuple[str, ...] | None:
    """Before transmission only the authority of export acts on a notification."""
    if notification.status == NotificationStatus.SUBMITTED:
        return (StateRole.EXPORT,)
    return None


def _object(notification, actor, state, reason):
    row = _authority_membership(notification, actor, state,
                                roles=_before_transmission(notification))
    if not reason or not reason.strip():
        raise ValidationFailed("reason", "an objection must give its reason")
    workflow.require(notification, "object")
    target = workflow.state_target(row, "object")
    with transaction.atomic():
        before = notification.status
        row.status = target
        row.due_on = None
        row.save()
        decision = _decision(notification, row, actor, DecisionKind.OBJECTION,
                             reason=reason.strip())
        notification.status = workflow.require(notification, "object").to
        notification.decided_at = timezone.now()
        notification.save()
        audit.record(actor, "NotificationDecision", notification, state=row.state,
                     decision="objection", reason=reason.strip(), before=before,
                     after=notification.status)
    return decision


def _withdraw(notification, actor, state, reason):
    """A state withdraws its consent (or the authority of export its transmission): the
    notification ends and any signed consent is revoked."""
    row = _authority_membership(notification, actor, state)
    if not reason or not reason.strip():
        raise ValidationFailed("reason", "a withdrawal must give its reason")
    workflow.require(notification, "withdraw")
    target = workflow.state_target(row, "withdraw")
    with transaction.atomic():
        before = notification.status
        row.status = target
        row.save()
        decision = _decision(notification, row, actor, DecisionKind.WITHDRAWAL,
                             reason=reason.strip())
        notification.status = NotificationStatus.WITHDRAWN
        notification.save()
        _revoke(notification, f"withdrawn by {row.state}: {reason.strip()}")
        audit.record(actor, "NotificationDecision", notification, state=row.state,
                     decision="withdrawal", reason=reason.strip(), before=before,
                     after=notification.status)
    return decision


def _revoke(notification: Notification, reason: str) -> None:
    Consent.objects.filter(notification=notification, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason)


def cancel(*, notification: Notification, actor, reason: str = "") -> Notification:
    """The notifier cancels its notification; a consent it had is revoked."""
    _require_notifier(notification, actor)
    workflow.require(notification, "cancel")
    with transaction.atomic():
        before = notification.status
        notification.status = NotificationStatus.CANCELLED
        notification.save()
        _revoke(notification, f"cancelled by the notifier: {reason}".strip(": "))
        audit.record(actor, "Cancellation", notification, before=before, reason=reason)
    return notification


def _complete_if_consented(notification: Notification, actor, today: date) -> None:
    """Every state concerned has consented: issue the signed consent (inside the caller's
    transaction)."""
    if not workflow.can(notification, "complete"):
        return
    consents = list(Decision.objects.filter(notification=notification,
                                            kind=DecisionKind.CONSENT))
    valid_from = max([d.valid_from for d in consents if d.valid_from] or [today])
    valid_until = min([d.valid_until for d in consents if d.valid_until]
                      or [notification.last_departure or add_months(valid_from, 12)])
    notification.status = workflow.require(notification, "complete").to
    notification.decided_at = timezone.now()
    notification.save()
    consent = issue_consent(notification, valid_from=valid_from, valid_until=valid_until)
    audit.record(actor, "ConsentIssued", notification, code=consent.code,
                 key_id=consent.key.key_id, valid_from=valid_from, valid_until=valid_until)


def consent_record(notification: Notification, *, code: str, valid_from: date,
                   valid_until: date, issued_at, key_id: str) -> dict:
    """The canonical consent record: what a border officer needs, no commercial details."""
    states = list(notification.states.all())
    conditions = {d.state_concerned.state: d.conditions for d in
                  notification.decisions.filter(kind=DecisionKind.CONSENT).select_related(
                      "state_concerned") if d.conditions}
    return {
        "type": "tbmnet.consent/1",
        "code": code,
        "notification": notification.number,
        "kind": notification.kind,
        "notifier": {"name": notification.notifier.name,
                     "country": notification.notifier.country},
        "consignee": {"name": notification.consignee.name,
                      "country": notification.consignee.country},
        "facility": {"name": notification.facility.name,
                     "country": notification.facility.country},
        "states": [{"state": s.state, "role": s.role,
                    "authority": s.authority.code if s.authority else "",
                    "exit_point": s.exit_point, "entry_point": s.entry_point,
                    "decision": "tacit_consent" if s.decisions.filter(tacit=True).exists()
                    else ("notified" if not s.consent_required else s.status)}
                   for s in states],
        "waste": {"basel_codes": notification.basel_codes,
                  "oecd_codes": notification.oecd_codes, "y_codes": notification.y_codes,
                  "h_codes": notification.h_codes, "un_numbers": notification.un_numbers,
                  "hs_codes": notification.hs_codes, "designation": notification.designation},
        "operations": notification.operations,
        "shipments": notification.shipments,
        "quantity_tonnes": str(notification.quantity_tonnes or ""),
        "quantity_m3": str(notification.quantity_m3 or ""),
        "valid_from": valid_from.isoformat(),
        "valid_until": valid_until.isoformat(),
        "conditions": conditions,
        "issued_at": issued_at.isoformat(timespec="seconds"),
        "key_id": key_id,
    }


def issue_consent(notification: Notification, *, valid_from: date,
                  valid_until: date) -> Consent:
    """Sign the consent record with the export authority's key (made on first use)."""
    export = notification.state(StateRole.EXPORT)
    if export is None or export.authority is None:
        raise InvalidTransition("no competent authority of export to sign the consent",
                                field="block_15.states")
    key = signing.key_for(export.authority)
    code = secrets.token_urlsafe(12)
    issued_at = timezone.now().replace(microsecond=0)
    record = consent_record(notification, code=code, valid_from=valid_from,
                            valid_until=valid_until, issued_at=issued_at, key_id=key.key_id)
    return Consent.objects.create(
        notification=notification, code=code, record=record,
        signature=signing.sign(record, key.private_key), key=key, valid_from=valid_from,
        valid_until=valid_until, issued_at=issued_at)


def run_deadlines(*, today: date | None = None) -> list[Decision]:
    """Grant tacit consent where the procedure provides it and the state stayed silent past
    its period (Basel Art. 6(4): a transit Party that declared it needs no written consent,
    60 days; OECD amber, 30 days from the acknowledgement). Idempotent: a state that has
    decided is never touched again; safe to run every minute."""
    today = today or _today()
    granted: list[Decision] = []
    due = (StateConcerned.objects
           .filter(notification__status=NotificationStatus.TRANSMITTED,
                   tacit_after_days__isnull=False, clock_stopped_on__isnull=True,
                   clock_starts_on__isnull=False,
                   due_on__lt=today,
                   status__in=(StateStatus.RECEIVED, StateStatus.ACKNOWLEDGED))
           .values_list("pk", flat=True))
    for pk in list(due):
        with transaction.atomic():
            row = (StateConcerned.objects.select_for_update().select_related("notification")
                   .filter(pk=pk, status__in=(StateStatus.RECEIVED, StateStatus.ACKNOWLEDGED),
                           notification__status=NotificationStatus.TRANSMITTED).first())
            if row is None:
                continue
            notification = row.notification
            row.status = workflow.state_target(row, "tacit_consent")
            row.save()
            valid_from = max(row.due_on + timedelta(days=1),
                             notification.first_departure or today)
            valid_until = notification.last_departure or add_months(valid_from, 12)
            decision = _decision(notification, row, None, DecisionKind.CONSENT, tacit=True,
                                 valid_from=valid_from, valid_until=valid_until,
                                 conditions="")
            audit.record(None, "NotificationDecision", notification, state=row.state,
                         decision="consent", tacit=True, due_on=row.due_on,
                         basis=row.deadline_basis)
            _complete_if_consented(notification, None, today)
            granted.append(decision)
    return granted


def record_shipment(*, notification: Notification, tonnes: Decimal,
                    on: date | None = None) -> Notification:
    """Count one movement against the consent (for the movements module); refuses when the
    consent is not valid on the date or shipments or quantity would be exceeded."""
    from .selectors import remaining

    on = on or _today()
    with transaction.atomic():
        locked = Notification.objects.select_for_update().get(pk=notification.pk)
        notification.shipments_used, notification.tonnes_used = (locked.shipments_used,
                                                                  locked.tonnes_used)
        left = remaining(notification, on=on)
        if not left.usable:
            raise InvalidTransition(left.why, field="notification")
        if left.shipments < 1:
            raise ValidationFailed("shipments", "every consented shipment has been used")
        if left.tonnes is not None and Decimal(tonnes) > left.tonnes:
            raise ValidationFailed("quantity_tonnes", f"only {left.tonnes} t remain")
        notification.shipments_used += 1
        notification.tonnes_used += Decimal(tonnes)
        notification.save(update_fields=["shipments_used", "tonnes_used", "updated_at"])
        audit.record(None, "ConsentUsed", notification, tonnes=tonnes, on=on,
                     shipments_used=notification.shipments_used)
    return notification


def release_shipment(*, notification: Notification, tonnes: Decimal, actor=None,
                     reason: str = "") -> Notification:
    """Give back the shipment and tonnes one movement took from the consent (for the
    movements module, when a movement is cancelled before departure): its place is free for
    another shipment. Never below zero."""
    with transaction.atomic():
        locked = Notification.objects.select_for_update().get(pk=notification.pk)
        locked.shipments_used = max(locked.shipments_used - 1, 0)
        locked.tonnes_used = max(locked.tonnes_used - Decimal(tonnes), Decimal(0))
        locked.save(update_fields=["shipments_used", "tonnes_used", "updated_at"])
        notification.shipments_used, notification.tonnes_used = (locked.shipments_used,
                                                                  locked.tonnes_used)
        audit.record(actor, "ConsentReleased", notification, tonnes=tonnes, reason=reason,
                     shipments_used=locked.shipments_used)
    return notification
