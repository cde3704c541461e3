"""Customs pages: screen a file, the queue, a declaration with its checks, seizure and referral;
and the competent authority's referrals, from which it opens a case."""

from __future__ import annotations

import csv
import io
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tbmnet.apps.cases import services as cases
from tbmnet.apps.cases.models import IllegalTrafficGround
from tbmnet.errors import DomainError
from tbmnet.screening.profiles import KINDS as PROFILE_KINDS
from tbmnet.web.refusals import or_http_error

from . import selectors, services
from .models import InspectionKind, Referral

MAX_UPLOAD = 20 * 1024 * 1024


@login_required
def queue(request):
    declarations = or_http_error(selectors.queue, request.user)
    return render(request, "customs/queue.html", {"declarations": declarations[:300],
                                                  "count": declarations.count()})


@login_required
def screen_file(request):
    """Upload a CSV of declarations; every row is screened and the results listed."""
    results, error = None, None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Choose a CSV file of declarations.")
        elif upload.size > MAX_UPLOAD:
            error = _("The file is larger than 20 MB; split it.")
        else:
            try:
                text = upload.read().decode("utf-8-sig")
                rows = list(csv.DictReader(io.StringIO(text)))
                results = or_http_error(services.screen, actor=request.user, rows=rows)
            except UnicodeDecodeError:
                error = _("The file is not UTF-8 text.")
            except DomainError as exc:
                error = exc.message
    return render(request, "customs/screen.html", {"results": results, "error": error},
                  status=422 if error else 200)


@login_required
def declaration(request, pk: int):
    item = or_http_error(selectors.declaration_for, request.user, pk)
    return render(request, "customs/declaration.html", {
        "declaration": item, "inspections": item.inspections.prefetch_related("photos"),
        "seizure": getattr(item, "seizure", None), "referral": getattr(item, "referral", None),
        "kinds": InspectionKind.choices})


def _act(request, pk: int, act) -> object:
    item = or_http_error(selectors.declaration_for, request.user, pk)
    try:
        or_http_error(act, item)
    except DomainError as exc:
        messages.error(request, f"{exc.field}: {exc.message}" if exc.field else exc.message)
    return redirect("customs:declaration", pk=pk)


@login_required
@require_POST
def inspect(request, pk: int):
    data = request.POST

    def act(item):
        services.record_inspection(
            actor=request.user, declaration=item, kind=data.get("kind", ""),
            findings=data.get("findings", ""), compliant=data.get("compliant") == "yes",
            waste_codes_found=data.get("waste_codes_found", "").replace(",", " ").split(),
            photos=request.FILES.getlist("photos"))
        messages.success(request, _("Inspection recorded."))
    return _act(request, pk, act)


@login_required
@require_POST
def seize(request, pk: int):
    data = request.POST

    def act(item):
        services.seize(actor=request.user, declaration=item,
                       containers=data.get("containers", ""),
                       quantity_kg=data.get("quantity_kg", ""), reason=data.get("reason", ""))
        messages.success(request, _("Seizure recorded."))
    return _act(request, pk, act)


@login_required
@require_POST
def refer(request, pk: int):
    def act(item):
        referral = services.refer(actor=request.user, declaration=item,
                                  note=request.POST.get("note", ""))
        messages.success(request, _("Referred to %(authority)s.")
                         % {"authority": referral.authority.name})
    return _act(request, pk, act)


@login_required
@require_POST
def release(request, pk: int):
    def act(item):
        services.release(actor=request.user, declaration=item,
                         reason=request.POST.get("reason", ""))
        messages.success(request, _("Released."))
    return _act(request, pk, act)


@login_required
def referrals(request):
    return render(request, "customs/referrals.html", {
        "referrals": selectors.referrals_for(request.user),
        "grounds": [g for g in IllegalTrafficGround.choices if g[0]]})


@login_required
@require_POST
def open_case(request, pk: int):
    referral = selectors.referrals_for(request.user).filter(pk=pk).first()
    if referral is None:
        if Referral.objects.filter(pk=pk).exists():
            raise PermissionDenied(_("The referral went to another authority."))
        raise Http404
    try:
        case = or_http_error(cases.open_case, actor=request.user, referral=referral,
                             ground=request.POST.get("ground", ""),
                             summary=request.POST.get("summary", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("customs:referrals")
    messages.success(request, _("Case %(number)s opened.") % {"number": case.number})
    return redirect("cases:detail", number=case.number)


# ------------------------------------------------------------------------- risk profiles
PROFILE_FIELDS = ("profile_id", "title", "weight", "when", "reason", "source", "valid_from",
                  "valid_until")
CONDITION_EXAMPLE = [{"kind": "hs_prefix", "values": ["3915"]},
                     {"kind": "route", "state_of_export": ["GB"], "state_of_import": ["MY"]},
                     {"kind": "description_words", "values": ["scrap", "mixed"]}]


def _profile_values(profile) -> dict:
    definition = profile.definition
    return {"profile_id": profile.profile_id, "title": profile.title,
            "active": profile.active, "conditions": json.dumps(
                definition.get("conditions", []), indent=2, ensure_ascii=False),
            **{k: definition.get(k, "") for k in PROFILE_FIELDS[2:]}}


@login_required
def profiles(request):
    found = or_http_error(selectors.profiles_for, request.user)
    return render(request, "customs/profiles.html", {"profiles": found, "kinds": PROFILE_KINDS})


@login_required
def profile_edit(request, profile_id: str | None = None):
    """Write a risk profile as data: no release, audited (``services.save_risk_profile``)."""
    profile = or_http_error(selectors.profile_for, request.user, profile_id) \
        if profile_id else None
    error = None
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in PROFILE_FIELDS}
        values["active"] = request.POST.get("active") == "on"
        values["conditions"] = request.POST.get("conditions", "")
        if profile is not None:
            values["profile_id"] = profile.profile_id
        try:
            conditions = json.loads(values["conditions"] or "[]")
        except json.JSONDecodeError as exc:
            error = DomainError(f"not JSON: {exc.msg} (line {exc.lineno})", field="conditions")
        else:
            definition = {k: v for k, v in values.items() if k != "conditions" and v != ""}
            definition["conditions"] = conditions
            try:
                saved = or_http_error(services.save_risk_profile, actor=request.user,
                                      definition=definition, new=profile is None)
            except DomainError as exc:
                error = exc
            else:
                messages.success(request, _("Risk profile %(id)s saved; it applies to the next "
                                            "declaration screened.") % {"id": saved.profile_id})
                return redirect("customs:profiles")
    else:
        values = _profile_values(profile) if profile else {
            "when": "all", "weight": 20, "active": True,
            "conditions": json.dumps(CONDITION_EXAMPLE, indent=2)}
    return render(request, "customs/profile_form.html", {
        "profile": profile, "values": values, "error": error, "kinds": PROFILE_KINDS},
        status=422 if error else 200)
