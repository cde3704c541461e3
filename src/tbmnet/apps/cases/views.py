"""Case pages: the worklist of an authority's cases and one case with its steps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tbmnet.errors import DomainError, NotAllowed
from tbmnet.web.refusals import or_http_error

from . import selectors, services, workflow
from .models import Responsibility

FIELDS = ("note", "responsibility", "state_of_export", "informed_on", "departed_on",
          "received_on", "disposed_on", "operation", "facility", "quantity_kg", "transport")


def _case(request, number: str):
    return or_http_error(selectors.case_for, request.user, number)


@login_required
def case_list(request):
    rows = []
    for case in selectors.worklist(request.user):
        left = selectors.days_left(case)
        rows.append((case, left, -left if left is not None and left < 0 else 0))
    return render(request, "cases/list.html", {"rows": rows})


@login_required
def case_detail(request, number: str):
    case = _case(request, number)
    events = list(case.events.select_related("organisation", "actor"))
    for event in events:
        event.label = workflow.STEPS[event.kind].label
    return render(request, "cases/detail.html", {
        "case": case, "days_left": selectors.days_left(case), "events": events,
        "steps": selectors.steps_for(request.user, case),
        "sides": services.sides_of(request.user, case),
        "responsibilities": Responsibility.choices,
        "declaration": case.referral.declaration if case.referral else None})


@login_required
@require_POST
def record_step(request, number: str, kind: str):
    case = _case(request, number)
    data = {name: request.POST[name] for name in FIELDS if name in request.POST}
    try:
        services.record(case=case, actor=request.user, kind=kind, data=data)
        messages.success(request, _("Recorded."))
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from None
    except DomainError as exc:
        messages.error(request, f"{exc.field}: {exc.message}" if exc.field else exc.message)
    return redirect("cases:detail", number=case.number)
