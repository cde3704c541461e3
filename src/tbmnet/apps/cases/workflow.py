"""The steps of an illegal-traffic case as data: who may record each, from which status, where
it leads (Basel Convention Art. 9(2)–(4) [V], rules.md "Failure cases").

Two sides work a case: ``REPORTING``, the competent authorities of the state that found the
traffic and opened the case (for a seizure at import, the state of import), and ``EXPORT``,
the competent authorities of the state of export, who see the case once they are informed.
``services.record`` resolves a user to its sides and calls ``require`` before writing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from tbmnet.errors import InvalidTransition, NotAllowed

from .models import CaseStatus as S
from .models import Responsibility

REPORTING = "reporting"
EXPORT = "export"

SIDE_LABELS = {REPORTING: "the authority that opened the case",
               EXPORT: "the competent authority of the state of export"}


@dataclass(frozen=True)
class Step:
    kind: str
    audit_event: str
    sides: tuple[str, ...]
    after: tuple[str, ...]  # the statuses it may follow
    label: object
    required: tuple[str, ...] = ()


STEPS: dict[str, Step] = {s.kind: s for s in (
    Step("inform", "IllegalTrafficNotice", (REPORTING,), (S.OPEN,),
         _("Inform the state of export (starts the Art. 9 clock)"),
         ("responsibility", "informed_on")),
    Step("message", "CaseMessage", (REPORTING, EXPORT), (S.OPEN, S.TAKE_BACK, S.DISPOSAL),
         _("Message to the other state"), ("note",)),
    Step("return_departure", "TakeBackDeparture", (REPORTING,), (S.TAKE_BACK,),
         _("Return shipment left (customs exit)"), ("departed_on", "quantity_kg")),
    Step("return_receipt", "TakeBackReceipt", (EXPORT,), (S.TAKE_BACK,),
         _("Return shipment received back in the state of export"),
         ("received_on", "quantity_kg")),
    Step("disposal", "DisposalCertified", (REPORTING, EXPORT), (S.TAKE_BACK, S.DISPOSAL),
         _("Environmentally sound disposal certified"),
         ("disposed_on", "operation", "facility", "quantity_kg")),
    Step("close", "CaseClosed", (REPORTING,), (S.OPEN, S.TAKE_BACK, S.DISPOSAL),
         _("Close the case"), ("note",)),
)}

# Where "inform" leads, by who is at fault (Art. 9(2)–(4)).
AFTER_INFORM = {Responsibility.EXPORTER: S.TAKE_BACK, Responsibility.IMPORTER: S.DISPOSAL,
                Responsibility.UNASSIGNED: S.DISPOSAL}


def require(kind: str, status: str, sides: set[str]) -> Step:
    """The step, if these sides may record it now; raises otherwise, saying why."""
    step = STEPS.get(kind)
    if step is None:
        raise InvalidTransition(f"unknown step {kind!r}; one of {', '.join(STEPS)}")
    if not sides & set(step.sides):
        raise NotAllowed(f"only {' or '.join(SIDE_LABELS[s] for s in step.sides)} may "
                         f"record {kind!r}")
    if status not in step.after:
        raise InvalidTransition(f"{kind!r} cannot follow a case that is {S(status).label}")
    return step


def steps_open_to(status: str, sides: set[str]) -> list[Step]:
    """The steps these sides may record now (what the case page offers)."""
    return [s for s in STEPS.values() if status in s.after and sides & set(s.sides)]
