"""Pages: the notifier's notifications (file, follow), the authority's inbox and decisions,
the timeline, the PDFs, and the public verification page. Thin over services/selectors."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.views.decorators.http import require_POST

from tbmnet.apps.registry import access
from tbmnet.apps.registry.models import Organisation, OrganisationKind, Role
from tbmnet.apps.reporting import selectors as reporting
from tbmnet.errors import DomainError, NotAllowed, ValidationFailed
from tbmnet.web.refusals import or_http_error

from . import documents, selectors, services, workflow
from .models import NotificationStatus, StateRole

K = OrganisationKind
# The filing form, box by box: (block, title, [(name, label, type, choices-or-kinds)]).
FORM: list[tuple[str, str, list[tuple]]] = [
    ("2", "Importer – consignee", [("consignee_id", "Consignee", "org",
                                    (K.CONSIGNEE, K.FACILITY))]),
    ("3", "Notification", [("kind", "A. Individual or general", "choice",
                            (("single", "Individual shipment"),
                             ("general", "Multiple shipments (general)"))),
                           ("purpose", "B. Disposal or recovery", "choice",
                            (("recovery", "Recovery"), ("disposal", "Disposal"))),
                           ("pre_consented", "C. Pre-consented recovery facility", "bool", None)]),
    ("4", "Intended number of shipments", [("shipments", "Shipments", "number", None)]),
    ("5", "Intended quantity", [("quantity_tonnes", "Tonnes", "decimal", None),
                                ("quantity_m3", "m³", "decimal", None)]),
    ("6", "Intended period", [("first_departure", "First departure", "date", None),
                              ("last_departure", "Last departure", "date", None)]),
    ("7", "Packaging", [("packaging_types", "Packaging types (1–9, comma-separated)", "list",
                         None), ("special_handling", "Special handling", "bool", None)]),
    ("8", "Intended carriers", [("carrier_ids", "Carriers", "orgs", (K.CARRIER,)),
                                ("means_of_transport", "Means of transport (R, T, S, A, W)",
                                 "list", None)]),
    ("9", "Generator", [("generator_ids", "Generators", "orgs", (K.GENERATOR, K.NOTIFIER)),
                        ("generation_site", "Site of generation", "text", None),
                        ("generation_process", "Process of generation", "textarea", None)]),
    ("10", "Facility", [("facility_id", "Disposal or recovery facility", "org",
                         (K.FACILITY,)), ("facility_site", "Actual site", "text", None)]),
    ("11", "Operations", [("operations", "D/R codes", "list", None),
                          ("technology", "Technology employed", "textarea", None),
                          ("reason_for_export", "Reason for export", "textarea", None)]),
    ("12", "Designation and composition", [("designation", "Designation", "text", None),
                                           ("composition", "Composition", "textarea", None)]),
    ("13", "Physical characteristics", [("physical_characteristics",
                                         "Physical characteristics (1–7)", "list", None)]),
    ("14", "Waste identification", [
        ("basel_codes", "(i) Basel Annex VIII/IX", "list", None),
        ("oecd_codes", "(ii) OECD code", "list", None),
        ("ec_codes", "(iii) EC list of wastes", "list", None),
        ("national_export_codes", "(iv) National code, export", "list", None),
        ("national_import_codes", "(v) National code, import", "list", None),
        ("other_codes", "(vi) Other", "list", None),
        ("y_codes", "(vii) Y-code", "list", None), ("h_codes", "(viii) H-code", "list", None),
        ("un_classes", "(ix) UN class", "list", None),
        ("un_numbers", "(x) UN number", "list", None),
        ("un_shipping_names", "(xi) UN shipping name", "list", None),
        ("hs_codes", "(xii) HS code", "list", None),
        ("radioactive", "Radioactive", "bool", None)]),
    ("15", "States concerned", [
        ("state_of_export", "State of export (ISO code)", "text", None),
        ("exit_point", "Point of exit", "text", None),
        ("states_of_transit", "States of transit, in route order (comma-separated)", "list",
         None),
        ("state_of_import", "State of import (ISO code)", "text", None),
        ("entry_point", "Point of entry", "text", None)]),
    ("16", "Customs offices", [("customs_office_exit", "Exit", "text", None),
                               ("customs_office_entry", "Entry", "text", None),
                               ("customs_office_export", "Export", "text", None)]),
    ("17", "Declaration", [("declaration_name", "Notifier's name", "text", None),
                           ("declaration_date", "Date", "date", None),
                           ("declaration_signed", "I declare the information is complete "
                            "and correct", "bool", None),
                           ("generator_declaration_name", "Generator's name", "text", None),
                           ("insurance", "Insurance", "textarea", None),
                           ("financial_guarantee", "Financial guarantee", "textarea", None),
                           ("contract_reference", "Contract with the facility", "text",
                            None)]),
    ("18", "Annexes", [("annexes", "Annexes (one title per line)", "lines", None)]),
]
_STATE_FIELDS = {"state_of_export", "exit_point", "states_of_transit", "state_of_import",
                 "entry_point"}


def base_template() -> str:
    """The shell's base template when it exists, else a plain one of this app."""
    try:
        get_template("web/base.html")
        return "web/base.html"
    except TemplateDoesNotExist:
        return "notifications/standalone.html"


def _render(request, template: str, context: dict, status: int = 200):
    return render(request, template, {"base_template": base_template(), **context},
                  status=status)


def _data_from_post(post) -> dict:
    data: dict = {}
    for _, _, fields in FORM:
        for name, _, kind, _ in fields:
            if name in _STATE_FIELDS:
                continue
            if kind == "bool":
                data[name] = post.get(name) == "on"
            elif kind == "orgs":
                data[name] = post.getlist(name)
            elif kind == "lines":
                data[name] = [line.strip() for line in post.get(name, "").splitlines()
                              if line.strip()]
            elif kind in ("list",):
                data[name] = post.get(name, "")
            else:
                data[name] = post.get(name, "").strip() or None
    export = post.get("state_of_export", "").strip().upper()
    states = [{"state": export, "role": "export",
               "exit_point": post.get("exit_point", "")}] if export else []
    for cc in post.get("states_of_transit", "").replace(";", ",").split(","):
        if cc.strip():
            states.append({"state": cc.strip().upper(), "role": "transit"})
    imp = post.get("state_of_import", "").strip().upper()
    if imp:
        states.append({"state": imp, "role": "import",
                       "entry_point": post.get("entry_point", "")})
    data["states"] = states
    for key in ("kind", "purpose"):
        data[key] = data.get(key) or ("single" if key == "kind" else "")
    return data


def _values(notification) -> dict:
    """Form values from a notification (for editing)."""
    if notification is None:
        return {"kind": "general", "purpose": "recovery", "shipments": ""}
    n = notification
    values = {name: getattr(n, name) for _, _, fields in FORM for name, _, kind, _ in fields
              if name not in _STATE_FIELDS and hasattr(n, name)}
    values.update(consignee_id=n.consignee_id, facility_id=n.facility_id,
                  carrier_ids=[c.pk for c in n.carriers.all()],
                  generator_ids=[g.pk for g in n.generators.all()])
    for key, value in list(values.items()):
        if isinstance(value, list) and key not in ("carrier_ids", "generator_ids"):
            values[key] = "\n".join(value) if key == "annexes" else ", ".join(value)
        elif value is None:
            values[key] = ""
    states = list(n.states.all())
    export = next((s for s in states if s.role == StateRole.EXPORT), None)
    imp = next((s for s in states if s.role == StateRole.IMPORT), None)
    values.update(state_of_export=export.state if export else "",
                  exit_point=export.exit_point if export else "",
                  states_of_transit=", ".join(s.state for s in states
                                              if s.role == StateRole.TRANSIT),
                  state_of_import=imp.state if imp else "",
                  entry_point=imp.entry_point if imp else "")
    return values


def _form_context(request, notification, values: dict, error: ValidationFailed | None):
    blocks = []
    for number, title, fields in FORM:
        rows = []
        for name, label, kind, extra in fields:
            row = {"name": name, "label": label, "kind": kind, "value": values.get(name, "")}
            if kind in ("org", "orgs"):
                row["options"] = Organisation.objects.filter(kind__in=extra).order_by(
                    "country", "name")
                selected = values.get(name) or []
                row["selected"] = {str(v) for v in (selected if isinstance(selected, list)
                                                    else [selected])}
            if kind == "choice":
                row["options"] = extra
            if error is not None and error.field and (
                    error.field.endswith(f".{name}") or
                    (name in _STATE_FIELDS and error.field.startswith("block_15"))):
                row["error"] = error.message
            rows.append(row)
        blocks.append({"number": number, "title": title, "fields": rows})
    return {"notification": notification, "blocks": blocks, "error": error}


@login_required
def notification_list(request):
    """My notifications (notifier) and, for an authority, those concerning its state."""
    found = selectors.notifications_visible_to(request.user).order_by("-created_at")[:200]
    return _render(request, "notifications/list.html", {
        "notifications": found,
        "can_file": bool(access.organisations(request.user, Role.NOTIFIER)),
        "is_authority": bool(access.countries(request.user, Role.COMPETENT_AUTHORITY)),
    })


@login_required
def inbox(request):
    """What awaits my decision, soonest due first."""
    if not access.countries(request.user, Role.COMPETENT_AUTHORITY):
        raise PermissionDenied("the inbox is for competent authorities")
    return _render(request, "notifications/inbox.html",
                   {"rows": selectors.inbox(request.user), "today": date.today()})


@login_required
def notification_new(request):
    if not access.organisations(request.user, Role.NOTIFIER):
        raise PermissionDenied("only a notifier files notifications")
    notifier = access.organisations(request.user, Role.NOTIFIER)[0]
    values = {**_values(None), "state_of_export": notifier.country}
    error = None
    if request.method == "POST":
        try:
            notification = services.create_draft(actor=request.user,
                                                  data=_data_from_post(request.POST))
        except ValidationFailed as exc:
            error, values = exc, request.POST.dict() | {
                "carrier_ids": request.POST.getlist("carrier_ids"),
                "generator_ids": request.POST.getlist("generator_ids")}
        else:
            messages.success(request, f"Draft {notification.number} saved.")
            return redirect(_url(notification))
    return _render(request, "notifications/form.html",
                   _form_context(request, None, values, error), status=422 if error else 200)


def _get(request, number: str):
    return or_http_error(selectors.notification_for, request.user, number)


def _url(notification) -> str:
    return reverse("notifications:detail", args=[selectors.slug(notification.number)])


@login_required
def notification_edit(request, number: str):
    notification = _get(request, number)
    values, error = _values(notification), None
    if request.method == "POST":
        try:
            services.update_draft(notification=notification, actor=request.user,
                                  data=_data_from_post(request.POST))
        except ValidationFailed as exc:
            error, values = exc, request.POST.dict() | {
                "carrier_ids": request.POST.getlist("carrier_ids"),
                "generator_ids": request.POST.getlist("generator_ids")}
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(_url(notification))
        else:
            messages.success(request, "Draft saved.")
            return redirect(_url(notification))
    return _render(request, "notifications/form.html",
                   _form_context(request, notification, values, error),
                   status=422 if error else 200)


@login_required
def notification_detail(request, number: str):
    notification = _get(request, number)
    user = request.user
    is_notifier = any(o.pk == notification.notifier_id
                      for o in access.organisations(user, Role.NOTIFIER))
    my_states = [s for s in notification.states.all()
                 if s.state in access.countries(user, Role.COMPETENT_AUTHORITY)]
    errors, warnings = services.check(notification) if notification.status == "draft" \
        else ([], [])
    consent = getattr(notification, "consent", None) \
        if notification.status != NotificationStatus.DRAFT else None
    return _render(request, "notifications/detail.html", {
        "notification": notification, "boxes": documents.boxes(notification),
        "states": notification.states.all(), "decisions": selectors.decisions(notification),
        "timeline": selectors.timeline(notification), "consent": consent,
        "remaining": selectors.remaining(notification),
        "is_notifier": is_notifier, "my_states": my_states,
        "errors": errors, "warnings": warnings,
        "can": {act: workflow.can(notification, act) for act in (
            "update", "submit", "transmit", "override", "consent", "object", "withdraw",
            "answer_information", "cancel", "acknowledge", "request_information")},
        "is_export_authority": any(s.role == StateRole.EXPORT for s in my_states),
        "waiting_for_answer": any(s.status == "information_requested"
                                  for s in notification.states.all()),
        "notifier_record": reporting.notifier_record(user, notification.notifier)
        if my_states else None,
    })


@login_required
@require_POST
def act(request, number: str, act: str):
    """One act from the detail page (submit, transmit, override, decide, answer, cancel)."""
    notification = _get(request, number)
    post, user = request.POST, request.user
    try:
        if act == "submit":
            services.submit(notification=notification, actor=user)
        elif act == "transmit":
            services.transmit(notification=notification, actor=user)
        elif act == "override":
            services.override(notification=notification, actor=user,
                              reason=post.get("reason", ""))
        elif act == "decide":
            services.decide(notification=notification, actor=user,
                            state=post.get("state") or None, kind=post.get("kind", ""),
                            conditions=post.get("conditions", ""),
                            reason=post.get("reason", ""),
                            valid_from=_date(post.get("valid_from"), "valid_from"),
                            valid_until=_date(post.get("valid_until"), "valid_until"))
        elif act == "answer":
            services.answer_information(notification=notification, actor=user,
                                        answer=post.get("answer", ""))
        elif act == "cancel":
            services.cancel(notification=notification, actor=user,
                            reason=post.get("reason", ""))
        else:
            raise Http404("no such act")
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from None
    except DomainError as exc:
        field = f" ({exc.field})" if exc.field else ""
        messages.error(request, f"{exc.message}{field}")
    else:
        messages.success(request, f"Done: {act}.")
    return redirect(_url(notification))


def _date(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(field, f"not a date (YYYY-MM-DD): {value!r}") from None


def verify_url(request, code: str) -> str:
    return request.build_absolute_uri(reverse("notifications:verify", args=[code]))


@login_required
def notification_pdf(request, number: str):
    notification = _get(request, number)
    consent = getattr(notification, "consent", None) \
        if notification.status != NotificationStatus.DRAFT else None
    pdf = documents.notification_pdf(notification,
                                     verify_url(request, consent.code) if consent else None)
    return _pdf(pdf, f"notification-{selectors.slug(notification.number)}.pdf")


@login_required
def consent_pdf(request, number: str):
    notification = _get(request, number)
    consent = getattr(notification, "consent", None)
    if consent is None:
        raise Http404("no consent for this notification")
    return _pdf(documents.consent_pdf(consent, verify_url(request, consent.code)),
                f"consent-{selectors.slug(notification.number)}.pdf")


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def verify(request, code: str):
    """Public: genuine and valid until…, expired, revoked or unknown."""
    answer = selectors.verify(code)
    return _render(request, "notifications/verify.html", {"answer": answer},
                   status=200 if answer["status"] != "unknown" else 404)
