"""The movement's events as data: which event may follow which status, who may record it,
where it leads, and the UN/CEFACT e-Basel message it corresponds to.

``PARTIES`` names who is entitled to record an event; ``services`` resolves a user to a party
(``parties_of``) and calls ``require`` before writing. The diagram in docs/movements.md is
generated from ``TRANSITIONS`` (``mermaid``), so it cannot drift.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from tbmnet.errors import InvalidTransition, NotAllowed

from .deadlines import INTERIM_OPERATIONS
from .models import MovementStatus as M

# Parties (who may record)
CARRIER = "carrier"                # a carrier listed on the movement (block 8)
CUSTOMS_EXPORT = "customs_export"  # a customs officer of the state of export
CUSTOMS_TRANSIT = "customs_transit"  # a customs officer of the transit state named
CUSTOMS_IMPORT = "customs_import"  # a customs officer of the state of import
FACILITY = "facility"              # the facility of the notification (block 10)
NOTIFIER = "notifier"              # the notifier of the notification (block 1)
CA_EXPORT = "ca_export"            # the competent authority of export

PARTY_LABELS = {
    CARRIER: "a carrier listed on the movement", CUSTOMS_EXPORT: "customs of the state of "
    "export", CUSTOMS_TRANSIT: "customs of that state of transit", CUSTOMS_IMPORT: "customs of "
    "the state of import", FACILITY: "the facility of the notification", NOTIFIER: "the "
    "notifier", CA_EXPORT: "the competent authority of export",
}


def _receipt_outcome(data: dict) -> str:
    return M.RECEIVED if data.get("accepted") else M.REJECTED


def _certificate_outcome(data: dict) -> str:
    return M.INTERIM if data.get("operation") in INTERIM_OPERATIONS else M.COMPLETED


@dataclass(frozen=True)
class Event:
    """One kind of event: its message, who may record it, what it needs."""

    kind: str
    message: str
    parties: tuple[str, ...]
    label: str  # translated when shown (gettext_lazy)
    required: tuple[str, ...] = ()


EVENTS: dict[str, Event] = {e.kind: e for e in (
    Event("handover", "TransportStatement", (CARRIER,), _("Handover to a carrier (block 8)")),
    Event("customs_exit", "TransportStatement", (CUSTOMS_EXPORT,),
          _("Customs exit from the state of export (block 20)")),
    Event("transit_entry", "TransportStatement", (CUSTOMS_TRANSIT,),
          _("Entry into a state of transit (block 22)")),
    Event("transit_exit", "TransportStatement", (CUSTOMS_TRANSIT,),
          _("Exit from a state of transit (block 22)")),
    Event("import_entry", "TransportStatement", (CUSTOMS_IMPORT,),
          _("Customs entry into the state of import (block 21)")),
    Event("receipt", "CertificateOfWasteReceipt", (FACILITY,),
          _("Receipt at the facility (block 18)"),
          ("received_on", "quantity_tonnes", "accepted")),
    Event("certificate", "CertificateOfWasteRecoveryDisposal", (FACILITY,),
          _("Certificate of disposal or recovery (block 19)"),
          ("operation", "completed_on", "quantity_tonnes")),
    Event("take_back_departure", "TransportStatement", (CARRIER, NOTIFIER),
          _("Return shipment leaves for the state of export")),
    Event("take_back_receipt", "CertificateOfWasteReceipt", (NOTIFIER, CA_EXPORT),
          _("Returned waste received back in the state of export"), ("returned_on",)),
    Event("cancellation", "Cancellation", (NOTIFIER,), _("Cancellation before departure")),
)}


@dataclass(frozen=True)
class Transition:
    to: str | Callable[[dict], str]

    def target(self, data: dict) -> str:
        return self.to(data) if callable(self.to) else self.to


# (status, event) -> where it leads. Anything not listed is out of order.
TRANSITIONS: dict[tuple[str, str], Transition] = {
    (M.ANNOUNCED, "handover"): Transition(M.DEPARTED),
    (M.ANNOUNCED, "cancellation"): Transition(M.CANCELLED),
    (M.DEPARTED, "handover"): Transition(M.DEPARTED),
    (M.DEPARTED, "customs_exit"): Transition(M.EXPORTED),
    (M.EXPORTED, "handover"): Transition(M.EXPORTED),
    (M.EXPORTED, "transit_entry"): Transition(M.IN_TRANSIT),
    (M.IN_TRANSIT, "handover"): Transition(M.IN_TRANSIT),
    (M.IN_TRANSIT, "transit_exit"): Transition(M.EXPORTED),
    (M.EXPORTED, "import_entry"): Transition(M.IMPORTED),
    (M.IMPORTED, "handover"): Transition(M.IMPORTED),
    (M.IMPORTED, "receipt"): Transition(_receipt_outcome),
    (M.RECEIVED, "certificate"): Transition(_certificate_outcome),
    (M.INTERIM, "certificate"): Transition(_certificate_outcome),
    (M.REJECTED, "take_back_departure"): Transition(M.RETURNING),
    (M.REJECTED, "take_back_receipt"): Transition(M.RETURNED),
    (M.RETURNING, "take_back_receipt"): Transition(M.RETURNED),
}

OPEN_BEFORE_RECEIPT = (M.ANNOUNCED, M.DEPARTED, M.EXPORTED, M.IN_TRANSIT, M.IMPORTED)
AWAITING_CERTIFICATE = (M.RECEIVED, M.INTERIM)
CLOSED = (M.COMPLETED, M.RETURNED)
TAKE_BACK_OPEN = (M.REJECTED, M.RETURNING)


def event(kind: str) -> Event:
    try:
        return EVENTS[kind]
    except KeyError:
        raise InvalidTransition(f"unknown event {kind!r}; one of: {', '.join(EVENTS)}",
                                field="kind") from None


def require(movement, kind: str, data: dict) -> str:
    """The status ``kind`` leads to from the movement's status; InvalidTransition if the
    event is out of order."""
    event(kind)
    transition = TRANSITIONS.get((movement.status, kind))
    if transition is None:
        allowed = [k for (s, k) in TRANSITIONS if s == movement.status]
        raise InvalidTransition(
            f"'{kind}' is out of order: the movement is {movement.status}; next may come "
            f"{', '.join(allowed) or 'nothing (it is closed)'}", field="kind")
    return transition.target(data)


def require_party(kind: str, parties: set[str]) -> str:
    """The party the actor records ``kind`` as; NotAllowed if they are not entitled."""
    spec = event(kind)
    for party in spec.parties:
        if party in parties:
            return party
    who = " or ".join(PARTY_LABELS[p] for p in spec.parties)
    raise NotAllowed(f"'{kind}' is recorded by {who}")


def allowed_next(status: str) -> list[str]:
    return [k for (s, k) in TRANSITIONS if s == status]


def mermaid() -> str:
    lines = ["stateDiagram-v2", "    [*] --> announced: MovementAnnouncement"]
    for (source, kind), transition in TRANSITIONS.items():
        targets = ([M.RECEIVED, M.REJECTED] if kind == "receipt" else
                   [M.INTERIM, M.COMPLETED] if kind == "certificate" else
                   [transition.to])
        for target in targets:
            lines.append(f"    {source} --> {target}: {kind}")
    lines += ["    completed --> [*]", "    returned --> [*]", "    cancelled --> [*]"]
    return "\n".join(lines)
