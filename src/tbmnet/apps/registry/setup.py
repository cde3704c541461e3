"""Loading reference data and the demo world into the database (``tbmnet init [--demo]``)."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from tbmnet.apps.audit import services as audit
from tbmnet.codes import reference

from . import demo_world
from .models import (
    BorderPoint,
    Membership,
    NetworkMember,
    Organisation,
    OrganisationKind,
    PartyStatus,
    Permit,
)

DEMO_PASSWORD = "tbmnet-demo"
ADMIN_USERNAME = "admin"


@transaction.atomic
def load_reference() -> str:
    """Competent authorities, border points and party lists from the reference files.

    Idempotent; a party row an administrator corrected (``corrected_source`` set) is kept."""
    authorities = 0
    for row in reference.load_competent_authorities():
        _, created = Organisation.objects.get_or_create(
            kind=OrganisationKind.COMPETENT_AUTHORITY, country=row.country, code=row.code,
            name=row.name,
            defaults={"abbreviation": row.abbreviation, "region": row.region,
                      "source": row.source})
        authorities += created
    points = 0
    for row in reference.load_border_points():
        _, created = BorderPoint.objects.get_or_create(
            country=row.country, name=row.name, defaults={"source": row.source})
        points += created
    parties = 0
    if (reference.DATA_DIR / "parties.csv").exists():
        for row in reference.load_parties():
            existing = PartyStatus.objects.filter(
                instrument=row.instrument, country=row.country, role=row.role).first()
            if existing is not None and existing.corrected_source:
                continue
            fields = {"date_of_effect": row.date_of_effect, "as_of": row.as_of,
                      "verification": row.verification, "source": row.source, "note": row.note}
            if existing is None:
                PartyStatus.objects.create(instrument=row.instrument, country=row.country,
                                           role=row.role, **fields)
                parties += 1
            else:
                PartyStatus.objects.filter(pk=existing.pk).exclude(**fields).update(
                    **fields, updated_at=timezone.now())
    if authorities or points or parties:
        audit.record(None, "ReferenceDataLoaded", None, competent_authorities=authorities,
                     border_points=points, party_statuses=parties)
    return (f"{authorities} new competent authorities, {points} new border points, "
            f"{parties} new party statuses")


class DemoWorldError(Exception):
    """The demo world refers to something the reference data does not have."""


def _authority_rows() -> dict[tuple[str, str], object]:
    return {(row.country, row.code): row for row in reference.load_competent_authorities()}


def _get_or_create(counter: Counter, model, key: str, defaults: dict | None = None, **lookup):
    obj, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
    counter[key] += created
    return obj


@transaction.atomic
def load_demo() -> str:
    """Create the demo world (states, authorities, customs offices, companies, facilities with
    permits, networks and the demo accounts). Idempotent: a second load changes nothing."""
    made: Counter = Counter()
    rows = _authority_rows()
    authorities: dict[str, Organisation] = {}
    orgs: dict[str, Organisation] = {}
    for state in demo_world.STATES:
        row = rows.get((state.country, state.authority_code))
        if row is None:
            raise DemoWorldError(f"no competent authority {state.authority_code!r} for "
                                 f"{state.country} in competent_authorities.csv")
        authority = _get_or_create(
            made, Organisation, "organisations", kind=OrganisationKind.COMPETENT_AUTHORITY,
            country=row.country, code=row.code, name=row.name,
            defaults={"abbreviation": row.abbreviation, "region": row.region,
                      "source": row.source})
        authorities[state.country] = orgs[f"ca:{state.country}"] = authority
        administration = _get_or_create(
            made, Organisation, "organisations", kind=OrganisationKind.CUSTOMS_ADMINISTRATION,
            country=state.country, code="", name=state.customs_administration,
            defaults={"address": state.customs_address, "source": demo_world.SOURCE})
        orgs[f"customs:{state.country}"] = administration
        for office in state.offices:
            orgs[f"office:{office.locode}"] = _get_or_create(
                made, Organisation, "organisations", kind=OrganisationKind.CUSTOMS_OFFICE,
                country=state.country, code=office.locode, name=office.name,
                defaults={"parent": administration, "address": office.address,
                          "source": demo_world.SOURCE + "; code is the port's UN/LOCODE"})
    for company in demo_world.COMPANIES:
        orgs[company.key] = _get_or_create(
            made, Organisation, "organisations", kind=company.kind, country=company.country,
            code=company.registration, name=company.name,
            defaults={"address": company.address, "contact_person": company.contact_person,
                      "email": company.email, "phone": company.phone,
                      "source": demo_world.SOURCE})
    for network in demo_world.NETWORKS:
        organisation = orgs[network.key] = _get_or_create(
            made, Organisation, "organisations", kind=network.kind, country=network.country,
            code="", name=network.name,
            defaults={"abbreviation": network.abbreviation, "address": network.address,
                      "source": demo_world.SOURCE})
        for country in network.members:
            _get_or_create(made, NetworkMember, "network members", network=organisation,
                           country=country, defaults={"source": network.members_source})
    for permit in demo_world.PERMITS:
        facility = orgs[permit.facility]
        _get_or_create(
            made, Permit, "permits", facility=facility, number=permit.number,
            defaults={"issued_by": authorities.get(facility.country),
                      "operations": list(permit.operations),
                      "waste_codes": list(permit.waste_codes),
                      "capacity_tonnes_per_year": permit.capacity_tonnes_per_year,
                      "valid_from": permit.valid_from, "valid_until": permit.valid_until})
    password = make_password(DEMO_PASSWORD)  # hashed once: demo accounts share the password
    users = get_user_model().objects
    for account in demo_world.ACCOUNTS:
        user = _get_or_create(
            made, users.model, "users", username=account.username,
            defaults={"first_name": account.first_name, "last_name": account.last_name,
                      "email": f"{account.username}@demo.tbmnet.example", "password": password})
        _get_or_create(made, Membership, "memberships", user=user,
                       organisation=orgs[account.organisation], role=account.role)
    _get_or_create(made, users.model, "users", username=ADMIN_USERNAME,
                   defaults={"is_staff": True, "is_superuser": True, "password": password,
                             "email": "admin@demo.tbmnet.example"})
    if sum(made.values()):
        audit.record(None, "DemoWorldLoaded", None, **dict(made))
    parts = [f"{made[key]} new {key}" for key in ("organisations", "network members",
                                                   "permits", "users", "memberships")]
    return ", ".join(parts)


def demo_accounts() -> list[Membership]:
    """The demo accounts' memberships, in the order of the demo world."""
    order = {account.username: i for i, account in enumerate(demo_world.ACCOUNTS)}
    found = Membership.objects.select_related("user", "organisation").filter(
        user__username__in=order)
    return sorted(found, key=lambda m: order[m.user.username])


def print_demo_accounts(console) -> None:
    """A Rich table of the demo accounts (account, role, country, organisation) and password."""
    from rich.table import Table

    table = Table(title="Demo accounts", title_justify="left")
    table.add_column("account", no_wrap=True, min_width=11)
    table.add_column("role", min_width=10)
    table.add_column("country", no_wrap=True, min_width=7)
    table.add_column("organisation", overflow="ellipsis", max_width=48)
    for membership in demo_accounts():
        table.add_row(membership.user.username, str(membership.get_role_display()),
                      membership.organisation.country, membership.organisation.name)
    table.add_row(ADMIN_USERNAME, "administrator (Django admin)", "", "")
    console.print(table)
    console.print(f"Password for every demo account: [bold]{DEMO_PASSWORD}[/]")
