"""Navigation by role: which links a user sees, and which home page their role has."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tbmnet.apps.registry.models import Role

HOME_TEMPLATES = {
    Role.NOTIFIER: "web/home/notifier.html",
    Role.COMPETENT_AUTHORITY: "web/home/competent_authority.html",
    Role.CUSTOMS: "web/home/customs.html",
    Role.CARRIER: "web/home/carrier.html",
    Role.FACILITY: "web/home/facility.html",
    Role.SECRETARIAT: "web/home/secretariat.html",
    Role.INTELLIGENCE: "web/home/intelligence.html",
    Role.PUBLIC: "web/home/public.html",
}

HOME_LABELS = {
    Role.NOTIFIER: _("My notifications"),
    Role.COMPETENT_AUTHORITY: _("Inbox"),
    Role.CUSTOMS: _("Screening queue"),
    Role.CARRIER: _("Handovers"),
    Role.FACILITY: _("Incoming movements"),
    Role.SECRETARIAT: _("Network overview"),
    Role.INTELLIGENCE: _("Shared alerts"),
    Role.PUBLIC: _("Statistics"),
}


def home_template(role: str) -> str:
    return HOME_TEMPLATES.get(role, "web/home/none.html")


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool = False


def links_for(request, membership) -> list[Link]:
    """The navigation of a signed-in user, by the role of their (first) membership."""
    path = request.path
    role = membership.role if membership else None
    country = membership.organisation.country if membership else ""
    items: list[tuple[str, str]] = [(HOME_LABELS.get(role, _("Home")), reverse("web:home"))]
    directory = reverse("web:organisation_list")
    if role in (Role.NOTIFIER, Role.COMPETENT_AUTHORITY, Role.CUSTOMS, Role.CARRIER,
                Role.FACILITY):
        items.append((_("Movements"), reverse("movements:list")))
    if role == Role.COMPETENT_AUTHORITY:
        items.append((_("ESM dashboard"), reverse("movements:dashboard")))
        items.append((_("Referrals from customs"), reverse("customs:referrals")))
        items.append((_("Cases"), reverse("cases:list")))
        items.append((_("Facilities"), f"{directory}?country={country}&kind=facility"))
        items.append((_("Customs offices"),
                      f"{directory}?country={country}&kind=customs_office"))
    elif role == Role.CUSTOMS:
        items.append((_("Screen declarations"), reverse("customs:screen")))
        items.append((_("Risk profiles"), reverse("customs:profiles")))
        items.append((_("Customs offices"),
                      f"{directory}?country={country}&kind=customs_office"))
        items.append((_("Competent authorities"), f"{directory}?kind=competent_authority"))
    elif role == Role.FACILITY:
        items.append((_("Facility register"),
                      reverse("movements:facility", args=[membership.organisation_id])))
    elif role in (Role.SECRETARIAT, Role.INTELLIGENCE):
        items.append((_("Competent authorities"), f"{directory}?kind=competent_authority"))
    if membership is not None:
        items.append((_("My organisation"),
                      reverse("web:organisation_detail", args=[membership.organisation_id])))
    items.append((_("Directory"), directory))
    if request.user.is_staff:
        items.append((_("Administration"), reverse("admin:index")))
    return [Link(str(label), url, current=(url.split("?")[0] == path
                                           and (url == path or "?" not in url)))
            for label, url in items]
