"""Pages: thin shells over the selectors (access is decided there)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from tbmnet.errors import NotAllowed, NotFound

from . import documents, selectors, workflow


def _guard(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except NotFound as exc:
        raise Http404(exc.message) from None
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from None


@login_required
def movement_list(request):
    movements = selectors.movements_visible_to(request.user)[:200]
    return render(request, "movements/list.html", {"movements": movements})


@login_required
def dashboard(request):
    today = None
    if request.GET.get("today"):
        try:
            today = date.fromisoformat(request.GET["today"])
        except ValueError:
            today = None
    board = _guard(selectors.dashboard, request.user, today=today)
    return render(request, "movements/dashboard.html", {
        "board": board, "chart": mark_safe(selectors.chart_svg(board)),  # noqa: S308
        "quantities": mark_safe(selectors.quantity_svg(board)),  # noqa: S308
        "rate": None if board.on_time_rate is None else round(board.on_time_rate * 100)})


@login_required
def movement_detail(request, movement_id: int):
    movement = _guard(selectors.movement_for, request.user, movement_id)
    return render(request, "movements/detail.html", {
        "movement": movement, "events": selectors.events(movement),
        "next_events": workflow.allowed_next(movement.status),
        "take_back": getattr(movement, "take_back", None) if hasattr(movement, "take_back")
        else None})


@login_required
def document(request, movement_id: int):
    movement = _guard(selectors.movement_for, request.user, movement_id)
    pdf = documents.movement_pdf(movement, base_url=request.build_absolute_uri("/").rstrip("/"))
    return HttpResponse(pdf, content_type="application/pdf")


@login_required
def facility_register(request, facility_id: int):
    register = _guard(selectors.facility_register, request.user, facility_id)
    return render(request, "movements/facility.html", register)
