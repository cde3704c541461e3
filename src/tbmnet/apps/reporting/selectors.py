"""Figures that cut across the apps, in counts: across a network's member states (story 6:
movements still without their ESM confirmation, seizures by waste stream, illegal-traffic
cases, the monthly trend) and a notifier's record for the authorities deciding on it (story 4).
No company's commercial details, no declaration and no case detail leave their state here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from tbmnet.apps.cases.models import Case, CaseStatus
from tbmnet.apps.customs import sources
from tbmnet.apps.customs.models import Declaration, Inspection
from tbmnet.apps.movements import workflow
from tbmnet.apps.movements.models import Movement
from tbmnet.apps.notifications.models import Notification, NotificationStatus
from tbmnet.apps.registry import access
from tbmnet.apps.registry.models import Organisation, Role
from tbmnet.errors import NotAllowed


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
    seized = Declaration.objects.filter(state__in=members, seizure__isnull=False)
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


# ------------------------------------------------------------------- a notifier's record
@dataclass
class NotifierRecord:
    """What an authority deciding on a notification should know of its notifier (story 4),
    across every state, in counts: no other notification's commercial details."""

    notifier: Organisation
    notifications: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    prohibited_verdicts: int = 0
    overrides: int = 0
    movements: int = 0
    rejected_at_receipt: int = 0
    closed_late: int = 0
    overdue: int = 0
    watchlist: list[dict] = field(default_factory=list)
    #: False while a changed big watchlist compiles: ``watchlist`` is from the last compiled
    watchlist_current: bool = True

    @property
    def statuses(self) -> list[tuple[str, int]]:
        """``by_status`` with each status's label, most frequent first."""
        return [(str(NotificationStatus(s).label), n)
                for s, n in sorted(self.by_status.items(), key=lambda item: -item[1])]


def notifier_record(user, notifier: Organisation, *, today: date | None = None
                    ) -> NotifierRecord:
    """The record of ``notifier`` for a competent authority: its notifications by outcome, the
    legality verdicts that prohibited them, its movements rejected, late or overdue, and the
    watchlist entities its name matches that the authority may see (sharing levels)."""
    authorities = access.organisations(user, Role.COMPETENT_AUTHORITY)
    if not authorities:
        raise NotAllowed("a notifier's record is for competent authorities")
    today = today or timezone.localdate()
    record = NotifierRecord(notifier)
    filed = Notification.objects.filter(notifier=notifier).exclude(
        status=NotificationStatus.DRAFT)
    record.by_status = dict(filed.values_list("status").annotate(n=Count("id")))
    record.notifications = sum(record.by_status.values())
    record.prohibited_verdicts = filed.filter(verdict__verdict="prohibited").count()
    record.overrides = filed.exclude(override_reason="").count()
    moved = Movement.objects.filter(notification__notifier=notifier).aggregate(
        n=Count("id"), rejected=Count("id", filter=Q(take_back__isnull=False)),
        late=Count("id", filter=Q(closed_late=True)),
        overdue=Count("id", filter=Q(due_on__lt=today)))
    record.movements, record.rejected_at_receipt = moved["n"], moved["rejected"]
    record.closed_late, record.overdue = moved["late"], moved["overdue"]
    now = sources.watchlist_now()
    record.watchlist_current = now.current
    watchlist = now.watchlist
    if watchlist is not None:
        viewer = sources.viewer(authorities[0])
        for hit in watchlist.matcher.match(notifier.name, country=notifier.country or None,
                                           limit=5):
            if watchlist.visible(hit.entity_id, viewer):
                entity = watchlist.entities[hit.entity_id]
                record.watchlist.append({"entity_id": entity.entity_id, "name": entity.name,
                                         "source": entity.source,
                                         "score": round(hit.score, 2)})
    return record
