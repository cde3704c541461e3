"""Reads of the registry, with access decided here (pages and API both start from these).

Who sees which organisation:
- the directory of authorities (competent authorities, customs administrations and offices,
  secretariats, international organisations) is open to every signed-in user: they are the
  contacts every actor needs;
- a company (notifier, generator, consignee, carrier, facility, NGO) is seen by its own
  members, by the competent authority and customs of its state, and by the secretariat of a
  network its state belongs to. Another state's company is refused with a clear 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from tbmnet.errors import NotAllowed, NotFound, ValidationFailed

from . import access
from .models import (
    BorderPoint,
    Membership,
    NetworkMember,
    Organisation,
    OrganisationKind,
    Permit,
    Role,
)

DIRECTORY_KINDS = (
    OrganisationKind.COMPETENT_AUTHORITY,
    OrganisationKind.CUSTOMS_ADMINISTRATION,
    OrganisationKind.CUSTOMS_OFFICE,
    OrganisationKind.SECRETARIAT,
    OrganisationKind.INTERNATIONAL_ORGANISATION,
)
STATE_ROLES = (Role.COMPETENT_AUTHORITY, Role.CUSTOMS)


def network_countries(user) -> set[str]:
    """The member states of the networks whose secretariat the user works for."""
    networks = [o.pk for o in access.organisations(user, Role.SECRETARIAT)]
    if not networks:
        return set()
    return set(NetworkMember.objects.filter(network__in=networks)
               .values_list("country", flat=True))


def _visibility(user) -> Q:
    own = [o.pk for o in access.organisations(user)]
    states = {c for role in STATE_ROLES for c in access.countries(user, role)}
    states |= network_countries(user)
    return (Q(kind__in=DIRECTORY_KINDS) | Q(pk__in=own) | Q(parent__in=own)
            | Q(country__in=states))


def organisations_visible_to(user) -> QuerySet[Organisation]:
    """Every organisation ``user`` may see (none for an anonymous user)."""
    if user is None or not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(_visibility(user))


def organisation_for(user, organisation_id: int) -> Organisation:
    """One organisation; NotFound if there is none, NotAllowed if it is not the user's to see."""
    organisation = Organisation.objects.select_related("parent").filter(
        pk=organisation_id).first()
    if organisation is None:
        raise NotFound(f"no organisation {organisation_id}", field="id")
    if not organisations_visible_to(user).filter(pk=organisation.pk).exists():
        acting = ", ".join(sorted(access.countries(user))) or "no state"
        raise NotAllowed(f"{organisation.name} is a record of {organisation.country}; "
                         f"you act for {acting}", field="id")
    return organisation


def search_organisations(user, *, country: str | None = None, kind: str | None = None,
                         q: str | None = None) -> QuerySet[Organisation]:
    """Visible organisations filtered by country (ISO2), kind and a name fragment."""
    found = organisations_visible_to(user)
    if country:
        if len(country) != 2 or not country.isalpha():
            raise ValidationFailed("country", f"not an ISO 3166 alpha-2 code: {country!r}")
        found = found.filter(country=country.upper())
    if kind:
        if kind not in OrganisationKind.values:
            raise ValidationFailed("kind", f"unknown kind {kind!r}; one of "
                                           f"{', '.join(OrganisationKind.values)}")
        found = found.filter(kind=kind)
    if q:
        found = found.filter(Q(name__icontains=q) | Q(code__icontains=q)
                             | Q(abbreviation__icontains=q))
    return found.order_by("country", "kind", "name")


def permits_of(organisation: Organisation) -> QuerySet[Permit]:
    return organisation.permits.select_related("issued_by").order_by("-valid_until")


def facilities_in(country: str) -> QuerySet[Organisation]:
    return (Organisation.objects.filter(kind=OrganisationKind.FACILITY, country=country)
            .prefetch_related("permits").order_by("name"))


def customs_offices_in(country: str) -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.CUSTOMS_OFFICE,
                                       country=country).order_by("name")


def border_points_in(country: str) -> QuerySet[BorderPoint]:
    return BorderPoint.objects.filter(country=country).order_by("name")


@dataclass(frozen=True)
class MemberState:
    country: str
    authorities: list[Organisation]
    customs_offices: int
    facilities: int


def network_overview(network: Organisation) -> list[MemberState]:
    """Each member state of a network with its competent authorities and registered actors."""
    countries = list(network.members.order_by("country").values_list("country", flat=True))
    counts = {(row["country"], row["kind"]): row["n"] for row in
              Organisation.objects.filter(country__in=countries)
              .values("country", "kind").annotate(n=Count("id"))}
    authorities: dict[str, list[Organisation]] = {c: [] for c in countries}
    for authority in Organisation.objects.filter(
            country__in=countries, kind=OrganisationKind.COMPETENT_AUTHORITY).order_by("name"):
        authorities[authority.country].append(authority)
    return [MemberState(c, authorities[c], counts.get((c, OrganisationKind.CUSTOMS_OFFICE), 0),
                        counts.get((c, OrganisationKind.FACILITY), 0)) for c in countries]


def networks() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.SECRETARIAT).annotate(
        member_count=Count("members")).order_by("name")


def primary_membership(user) -> Membership | None:
    """The membership a user's home page is built for (the first one)."""
    found = access.memberships(user)
    return found[0] if found else None
