"""Pages: thin shells over the selectors (access is decided there) and the services (every
act is one service call). A form posts, the service acts, the page redirects; a refusal
re-renders the page with the error next to the form, naming the field, and nothing changed.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tbmnet.apps.notifications import selectors as consents
from tbmnet.apps.notifications.models import MEANS_OF_TRANSPORT, PACKAGING_TYPES
from tbmnet.errors import DomainError, NotAllowed
from tbmnet.web.charts import Bar, bar_chart
from tbmnet.web.refusals import or_http_error

from . import documents, selectors, services, workflow


def _input_name(field: str | None) -> str:
    """The form input a service's field names: ``block_18.received_on`` -> ``received_on``."""
    return (field or "").rsplit(".", 1)[-1].split("[", 1)[0]


def _key() -> str:
    """A fresh idempotency key per rendered form: a double submit records one event."""
    return secrets.token_urlsafe(16)


@login_required
def movement_list(request):
    movements = selectors.movements_visible_to(request.user)[:200]
    return render(request, "movements/list.html", {
        "movements": movements, "open_consents": selectors.open_consents(request.user)})


@login_required
def dashboard(request):
    today = None
    if request.GET.get("today"):
        try:
            today = date.fromisoformat(request.GET["today"])
        except ValueError:
            today = None
    board = or_http_error(selectors.dashboard, request.user, today=today)
    stages = [Bar(_("Awaiting receipt"), board.awaiting_receipt, "#2b6cb0"),
              Bar(_("Awaiting certificate"), board.awaiting_certificate, "#b7791f"),
              Bar(_("Take-back open"), board.take_back_open, "#805ad5"),
              Bar(_("Overdue"), board.overdue, "#c53030"),
              Bar(_("Closed on time"), board.closed_on_time, "#2f855a"),
              Bar(_("Closed late"), board.closed - board.closed_on_time, "#975a16")]
    tonnes = [Bar(_("Notified (consented)"), board.notified_tonnes, "#4a5568"),
              Bar(_("Shipped"), board.shipped_tonnes, "#2b6cb0"),
              Bar(_("Received"), board.received_tonnes, "#2f855a")]
    return render(request, "movements/dashboard.html", {
        "board": board,
        "chart": bar_chart(_("Movements by stage"), stages, chart_id="esm-chart"),
        "quantities": bar_chart(_("Tonnes notified, shipped and received"), tonnes,
                                chart_id="esm-qty", value_text=lambda v: f"{v:.3f} t"),
        "rate": None if board.on_time_rate is None else round(board.on_time_rate * 100)})


# ------------------------------------------------------------------------------- prior notice
def _announcement(post) -> dict:
    """The prior-notice form as the service's input."""
    def lines(name: str) -> list[str]:
        return [v.strip() for v in post.get(name, "").replace(",", "\n").splitlines()
                if v.strip()]

    packaging = []
    if post.get("packaging_type"):
        packaging = [{"type": post["packaging_type"], "count": post.get("packaging_count") or 0}]
    return {
        "departure_on": post.get("departure_on"),
        "expected_arrival_on": post.get("expected_arrival_on"),
        "quantity_tonnes": post.get("quantity_tonnes"), "quantity_m3": post.get("quantity_m3"),
        "packaging": packaging, "containers": lines("containers"), "vehicles": lines("vehicles"),
        "carrier_ids": [int(i) for i in post.getlist("carrier_ids") if i.isdigit()],
        "information": post.get("information", ""),
    }


@login_required
def announce(request, number: str):
    """Prior notice of one shipment under a consented notification (the notifier)."""
    notification = or_http_error(consents.notification_for, request.user, number)
    values, error, status = {}, None, 200
    if request.method == "POST":
        values = request.POST
        try:
            movement = services.announce(notification=notification, actor=request.user,
                                         data=_announcement(request.POST))
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except DomainError as exc:
            error, status = exc, exc.status
        else:
            messages.success(request, _("Prior notice given: shipment %(serial)s.")
                             % {"serial": movement.serial_label})
            for warning in movement.warnings:
                messages.info(request, warning)
            return redirect("movements:detail", movement.pk)
    carriers = list(notification.carriers.all())
    chosen = ({int(i) for i in values.getlist("carrier_ids") if i.isdigit()} if values
              else {c.pk for c in carriers})
    return render(request, "movements/announce.html", {
        "notification": notification, "remaining": consents.remaining(notification),
        "carriers": carriers, "chosen": chosen, "values": values, "error": error,
        "error_input": _input_name(error.field) if error else "",
        "packaging_types": PACKAGING_TYPES.items(),
    }, status=status)


# ------------------------------------------------------------------------------------- events
def _event_data(kind: str, post) -> dict:
    """An event form as the service's input: empty fields left out, yes/no as booleans."""
    data = {k: v.strip() for k, v in post.items()
            if k not in ("csrfmiddlewaretoken", "idempotency_key") and v.strip()}
    if kind == "receipt":
        data["accepted"] = {"yes": True, "no": False}.get(data.get("accepted", ""),
                                                          data.get("accepted"))
        data["illegal_traffic"] = data.get("illegal_traffic") == "on"
    return data


def _detail(request, movement, *, error: DomainError | None = None, failed: str = "",
            values=None, status: int = 200):
    acts = selectors.acts_for(request.user, movement)
    return render(request, "movements/detail.html", {
        "movement": movement, "events": selectors.events(movement),
        "next_events": workflow.allowed_next(movement.status),
        "acts": [workflow.EVENTS[k] for k in acts], "key": _key(),
        "error": error, "failed": failed, "values": values or {},
        "error_elsewhere": error is not None and failed not in acts,
        "error_input": _input_name(error.field) if error else "",
        "operations": movement.notification.operations,
        "means": MEANS_OF_TRANSPORT.items(),
        "take_back": getattr(movement, "take_back", None) if hasattr(movement, "take_back")
        else None}, status=status)


@login_required
def movement_detail(request, movement_id: int):
    movement = or_http_error(selectors.movement_for, request.user, movement_id)
    return _detail(request, movement)


@login_required
@require_POST
def record(request, movement_id: int, kind: str):
    """Record one event from the movement's page (the form of ``kind``)."""
    movement = or_http_error(selectors.movement_for, request.user, movement_id)
    if kind not in workflow.EVENTS:
        raise Http404("no such event")
    try:
        services.record_event(movement=movement, actor=request.user, kind=kind,
                              data=_event_data(kind, request.POST),
                              idempotency_key=request.POST.get("idempotency_key"))
    except DomainError as exc:
        movement = selectors.movement_for(request.user, movement_id)
        return _detail(request, movement, error=exc, failed=kind, values=request.POST,
                       status=exc.status)
    messages.success(request, _("Recorded: %(event)s.") % {"event": workflow.EVENTS[kind].label})
    return redirect("movements:detail", movement.pk)


@login_required
def document(request, movement_id: int):
    movement = or_http_error(selectors.movement_for, request.user, movement_id)
    pdf = documents.movement_pdf(movement, base_url=request.build_absolute_uri("/").rstrip("/"))
    return HttpResponse(pdf, content_type="application/pdf")


@login_required
def facility_register(request, facility_id: int):
    register = or_http_error(selectors.facility_register, request.user, facility_id)
    return render(request, "movements/facility.html", register)
