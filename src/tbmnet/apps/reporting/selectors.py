"""Figures across a network's member states (story 6): movements still without their ESM
confirmation, seizures by waste stream, illegal-traffic cases, and the monthly trend.
Aggregates only: no company, no declaration, no case detail leaves its state here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from tbmnet.apps.cases.models import Case, CaseStatus
from tbmnet.apps.customs.models import Declaration, DeclarationStatus, Inspection
from tbmnet.apps.movements import workflow
from tbmnet.apps.movements.models import Movement
from tbmnet.apps.registry import access
from tbmnet.apps.registry.models import Organisation, Role
from tbmnet.errors import NotAllowed

SEIZED = (DeclarationStatus.SEIZED, DeclarationStatus.REFERRED)


@dataclass
class StateFigures:
    country: str
    awaiting_receipt: int = 0
    awaiting_certificate: int = 0
    overdue: int = 0
    seizures: int = 0
    seized_kg: Decimal = Decimal(0)
    open_cases: int = 0


@dataclass
class NetworkFigures:
    network: Organisation
    today: date
    states: list[StateFigures]
    waste_streams: list[tuple[str, int]] = field(default_factory=list)
    seizures_by_month: list[tuple[str, int]] = field(default_factory=list)


def _network(user) -> Organisation:
    for organisation in access.organisations(user, Role.SECRETARIAT):
        return organisation
    raise NotAllowed("network figures are for a network's secretariat")


def _months_back(today: date, months: int) -> date:
    month = today.year * 12 + today.month - 1 - (months - 1)
    return date(month // 12, month % 12 + 1, 1)


def network_figures(user, *, today: date | None = None, months: int = 12) -> NetworkFigures:
    """The secretariat's member states, each with its figures (a movement counts for each
    member state it leaves or enters), and the network's waste streams seized and seizures
    per month over the last ``months`` months."""
    network = _network(user)
    today = today or timezone.localdate()
    members = sorted(network.members.values_list("country", flat=True))
    rows = {c: StateFigures(c) for c in members}
    # a movement counts for its state of export and its state of import
    for side in ("export_state", "import_state"):
        for r in (Movement.objects.filter(**{f"{side}__in": members})
                  .values(side).annotate(
                      before=Count("id", filter=Q(status__in=workflow.OPEN_BEFORE_RECEIPT)),
                      certificate=Count("id", filter=Q(status__in=workflow.AWAITING_CERTIFICATE)),
                      overdue=Count("id", filter=Q(due_on__lt=today)))):
            figures = rows[r[side]]
            figures.awaiting_receipt += r["before"]
            figures.awaiting_certificate += r["certificate"]
            figures.overdue += r["overdue"]
    seized = Declaration.objects.filter(state__in=members, status__in=SEIZED)
    for r in seized.values("state").annotate(n=Count("id"), kg=Sum("seizure__quantity_kg")):
        rows[r["state"]].seizures, rows[r["state"]].seized_kg = r["n"], r["kg"] or Decimal(0)
    for r in (Case.objects.filter(authority__country__in=members)
              .exclude(status=CaseStatus.CLOSED)
              .values("authority__country").annotate(n=Count("id"))):
        rows[r["authority__country"]].open_cases = r["n"]
    streams: Counter[str] = Counter()
    for codes in (Inspection.objects.filter(declaration__in=seized)
                  .values_list("waste_codes_found", flat=True)):
        streams.update(set(codes or ()))
    since = _months_back(today, months)
    by_month = dict(
        seized.filter(seizure__at__date__gte=since)
        .annotate(month=TruncMonth("seizure__at")).values("month")
        .annotate(n=Count("id")).values_list("month", "n"))
    counts = {(m.year, m.month): n for m, n in by_month.items() if m is not None}
    series = []
    for i in range(months):
        first = _months_back(today, months - i)
        series.append((f"{first:%Y-%m}", counts.get((first.year, first.month), 0)))
    return NetworkFigures(network, today, [rows[c] for c in members],
                          streams.most_common(10), series)
