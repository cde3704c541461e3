"""Loading reference data and the demo world into the database (``tbmnet init [--demo]``)."""

from __future__ import annotations

from django.db import transaction

from tbmnet.apps.audit import services as audit
from tbmnet.codes import reference

from .models import BorderPoint, Organisation, OrganisationKind, PartyStatus

DEMO_PASSWORD = "tbmnet-demo"


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
                PartyStatus.objects.filter(pk=existing.pk).update(**fields)
    if authorities or points or parties:
        audit.record(None, "ReferenceDataLoaded", None, competent_authorities=authorities,
                     border_points=points, party_statuses=parties)
    return (f"{authorities} new competent authorities, {points} new border points, "
            f"{parties} new party statuses")


@transaction.atomic
def load_demo() -> str:
    """Create the demo world (states, authorities, companies, facilities, accounts). Idempotent."""
    return "no demo world yet"


def print_demo_accounts(console) -> None:
    console.print(f"Demo accounts: none yet (password {DEMO_PASSWORD})")
