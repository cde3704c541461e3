"""Reading cases: a competent authority sees the cases its state opened and, once informed,
those in which its state is the state of export. Nobody else does."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from tbmnet.apps.registry import access
from tbmnet.apps.registry.models import Role
from tbmnet.errors import NotAllowed, NotFound

from . import workflow
from .models import Case, CaseStatus
from .services import sides_of


def cases_visible_to(user) -> QuerySet[Case]:
    states = access.countries(user, Role.COMPETENT_AUTHORITY)
    if not states:
        return Case.objects.none()
    return (Case.objects.filter(Q(authority__country__in=states)
                                | Q(state_of_export__in=states, informed_on__isnull=False))
            .select_related("authority"))


def worklist(user) -> list[Case]:
    """Open cases first, the nearest deadline first; closed ones after, newest first."""
    cases = list(cases_visible_to(user)[:500])
    far = date.max
    return sorted(cases, key=lambda c: (c.status == CaseStatus.CLOSED,
                                        c.due_on or far, -c.opened_at.timestamp()))


def case_for(user, number: str) -> Case:
    case = (Case.objects.select_related("authority", "referral__declaration__seizure")
            .filter(number=number).first())
    if case is None:
        raise NotFound(f"no case {number}")
    if not sides_of(user, case):
        raise NotAllowed("this case belongs to other states")
    return case


def days_left(case: Case, today: date | None = None) -> int | None:
    """Days until the deadline (negative: overdue); None without a deadline or once closed."""
    if case.due_on is None or case.status == CaseStatus.CLOSED:
        return None
    return (case.due_on - (today or timezone.localdate())).days


def steps_for(user, case: Case) -> list[workflow.Step]:
    return workflow.steps_open_to(case.status, set(sides_of(user, case)))
