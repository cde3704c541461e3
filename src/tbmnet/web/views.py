"""Pages: thin shells over the registry's selectors; access is decided there."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from tbmnet.apps.cases import selectors as cases
from tbmnet.apps.cases.models import CaseStatus
from tbmnet.apps.customs import selectors as customs
from tbmnet.apps.movements import selectors as movements
from tbmnet.apps.notifications import selectors as notifications
from tbmnet.apps.registry import selectors
from tbmnet.apps.registry.models import OrganisationKind, Role
from tbmnet.apps.reporting import selectors as reporting
from tbmnet.errors import ValidationFailed

from .charts import Bar, bar_chart
from .navigation import home_template
from .refusals import or_http_error


def home(request):
    """The landing page for visitors; for a signed-in user, the home page of their role."""
    if not request.user.is_authenticated:
        return render(request, "web/landing.html")
    membership = selectors.primary_membership(request.user)
    context = {"membership": membership}
    if membership is None:
        return render(request, "web/home/none.html", context)
    organisation, country = membership.organisation, membership.organisation.country
    if membership.role == Role.NOTIFIER:
        context["notifications"], context["count"] = notifications.recent_for(request.user)
    elif membership.role == Role.COMPETENT_AUTHORITY:
        context["inbox"] = notifications.inbox(request.user)
        context["facilities"] = selectors.facilities_in(country)
        context["customs_offices"] = selectors.customs_offices_in(country)
        context["referrals"] = customs.referrals_for(request.user).filter(case__isnull=True)[:10]
        context["board"] = movements.dashboard(request.user, overdue_limit=6)
        context["cases"] = [(case, cases.days_left(case))
                            for case in cases.worklist(request.user)
                            if case.status != CaseStatus.CLOSED][:6]
        context["overdue_cases"] = [case for case, left in context["cases"]
                                    if left is not None and left < 0]
    elif membership.role == Role.CUSTOMS:
        context["customs_offices"] = selectors.customs_offices_in(country)
        context["border_points"] = selectors.border_points_in(country)
        queue = customs.queue(request.user)
        context["declarations"], context["count"] = queue[:15], queue.count()
    elif membership.role == Role.CARRIER:
        context["worklist"] = movements.worklist(request.user)
        context["stages"] = movements.by_stage(request.user)
    elif membership.role == Role.FACILITY:
        context["permits"] = selectors.permits_of(organisation)
        context["worklist"] = movements.worklist(request.user)
        context["stages"] = movements.by_stage(request.user)
    elif membership.role == Role.SECRETARIAT:
        context["member_states"] = selectors.network_overview(organisation)
        figures = reporting.network_figures(request.user)
        context["figures"] = figures
        context["charts"] = network_charts(figures)
    elif membership.role == Role.INTELLIGENCE:
        context["networks"] = selectors.networks()
    return render(request, home_template(membership.role), context)


@login_required
def organisation_detail(request, organisation_id: int):
    organisation = or_http_error(selectors.organisation_for, request.user, organisation_id)
    return render(request, "registry/organisation_detail.html", {
        "organisation": organisation, "permits": selectors.permits_of(organisation),
        "offices": organisation.children.order_by("name"),
    })


@login_required
def organisation_list(request):
    country = request.GET.get("country", "").strip()
    kind = request.GET.get("kind", "").strip()
    q = request.GET.get("q", "").strip()
    error = None
    try:
        found = selectors.search_organisations(request.user, country=country or None,
                                               kind=kind or None, q=q or None)
    except ValidationFailed as exc:
        error, found = exc, selectors.organisations_visible_to(request.user).none()
    return render(request, "registry/organisation_list.html", {
        "organisations": found[:200], "count": found.count(), "country": country.upper(),
        "kind": kind, "q": q, "kinds": OrganisationKind.choices, "error": error,
    }, status=422 if error else 200)


def network_charts(figures) -> dict:
    """The secretariat's charts: waste streams seized, seizures per month, and movements
    still without their ESM confirmation, by member state."""
    return {
        "streams": bar_chart(_("Seizures by waste stream (codes found on inspection)"),
                             [Bar(code, n) for code, n in figures.waste_streams],
                             chart_id="chart-streams") if figures.waste_streams else None,
        "months": bar_chart(_("Seizures per month"),
                            [Bar(month, n, "#c53030") for month, n in figures.seizures_by_month],
                            chart_id="chart-months", label_width=90),
        "unconfirmed": bar_chart(
            _("Movements awaiting their certificate of disposal or recovery"),
            [Bar(s.country, s.awaiting_certificate, "#b7791f") for s in figures.states],
            chart_id="chart-unconfirmed", label_width=60),
    }
