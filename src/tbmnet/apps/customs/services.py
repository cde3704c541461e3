"""Customs acts: screen declarations, import a watchlist, record checks, seize, refer.

Each act is one transaction with an audit record; bad input raises ValidationFailed naming
the field (and the line, for files) and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tbmnet.apps.audit import services as audit
from tbmnet.apps.registry import access
from tbmnet.apps.registry.models import Organisation, OrganisationKind, Role
from tbmnet.codes import catalogue
from tbmnet.errors import NotAllowed, ValidationFailed
from tbmnet.inputs import parse_amount
from tbmnet.screening import profile_from_dict
from tbmnet.screening.declaration import office_state
from tbmnet.screening.profiles import ProfileError
from tbmnet.screening.watchlist import parse_rows

from . import sources
from .models import (
    Declaration,
    DeclarationStatus,
    Inspection,
    InspectionKind,
    InspectionPhoto,
    Referral,
    RiskProfile,
    Seizure,
    SharingLevel,
    WatchlistEntity,
)


def _officer(actor):
    """The customs membership of ``actor``; raises NotAllowed for anyone else."""
    return access.require_role(actor, Role.CUSTOMS)


def screen(*, actor, rows: Iterable[Mapping[str, object]]) -> list[dict]:
    """Screen declarations and keep each result for the office's queue.

    One result per row, in order: the screening result, or ``{"declaration_id", "error"}``
    for a malformed row (the others are still screened). A customs officer screens for the
    offices of their own state; a declaration of another state's office is refused by row.
    """
    membership = _officer(actor)
    state = membership.organisation.country
    screener = sources.screener()
    viewer = sources.viewer(membership.organisation)
    results, keep = [], []
    for row in rows:
        result = screener.screen_row(row, viewer=viewer)
        if "error" not in result:
            office = str(row.get("customs_office") or "")
            if (office_state(office) or state) != state:
                result = {"declaration_id": result["declaration_id"],
                          "error": {"field": "customs_office",
                                    "message": f"{office!r} is not an office of {state}; "
                                               "you screen for your own state's offices"}}
            else:
                keep.append((row, result))
        results.append(result)
    now = timezone.now()
    offices = {o.code: o for o in Organisation.objects.filter(
        kind=OrganisationKind.CUSTOMS_OFFICE, country=state)}
    with transaction.atomic():
        for row, result in keep:
            _store(row, result, state=state, office=offices.get(str(row["customs_office"])),
                   actor=actor, now=now)
        audit.record(actor, "DeclarationsScreened", membership.organisation,
                     count=len(results), kept=len(keep),
                     flagged=[r["declaration_id"] for _, r in keep if r["flags"]][:500])
    return results


def _store(row, result, *, state, office, actor, now) -> Declaration:
    def text(key):
        return str(row.get(key) or "").strip()

    values = {
        "office": office, "date": date.fromisoformat(text("date")),
        "direction": text("direction").lower(), "state_of_export": text("state_of_export").upper(),
        "state_of_import": text("state_of_import").upper(), "hs_code": text("hs_code"),
        "description": text("description"), "exporter_name": text("exporter_name"),
        "importer_name": text("importer_name"),
        "net_mass_kg": Decimal(text("net_mass_kg").replace(",", "")),
        "notification_number": text("notification_number"), "containers": text("containers"),
        "fields": {k: ("" if v is None else str(v)) for k, v in row.items()},
        "decision": result["decision"], "risk": result["risk"],
        "matched_notification": result["matched_notification"] or "",
        "matched_movement": result["matched_movement"] or "",
        "flags": result["flags"], "screened_by": actor, "screened_at": now,
    }
    declaration, _ = Declaration.objects.update_or_create(
        state=state, customs_office=text("customs_office"),
        declaration_id=result["declaration_id"], defaults=values)
    return declaration


def import_watchlist(*, actor, rows: Iterable[Mapping], sharing_level: str = "green") -> dict:
    """Add or update watchlist entities (all or nothing); audited. Counts come back.

    Rows are validated by ``tbmnet.screening.watchlist.parse_rows``, line numbers counting
    from 2 as in a CSV file with its header."""
    membership = access.require_role(actor, Role.CUSTOMS, Role.COMPETENT_AUTHORITY,
                                     Role.SECRETARIAT, Role.INTELLIGENCE)
    if sharing_level not in SharingLevel.values:
        raise ValidationFailed("sharing_level", f"one of {', '.join(SharingLevel.values)}")
    listed = parse_rows(rows)
    if listed.errors:
        first = listed.errors[0]
        raise ValidationFailed(first.field, f"line {first.line}: {first.message} "
                                            f"({len(listed.errors)} row(s) refused)")
    entities = [{"entity_id": e.entity_id, "kind": e.kind, "name": e.name,
                 "aliases": list(e.aliases), "address": e.address or "",
                 "country": e.country or "", "identifiers": list(e.identifiers),
                 "source": e.source} for e in listed.entities]
    others = dict(WatchlistEntity.objects
                  .filter(entity_id__in=[e["entity_id"] for e in entities])
                  .exclude(shared_by=membership.organisation)
                  .values_list("entity_id", "shared_by__name"))
    for line, entity in enumerate(entities, start=2):
        if entity["entity_id"] in others:
            raise ValidationFailed("entity_id", f"line {line}: {entity['entity_id']} is shared "
                                   f"by {others[entity['entity_id']] or 'an administrator'}; "
                                   "only they change it (give yours another id)")
    created = updated = 0
    with transaction.atomic():
        for entity in entities:
            _, new = WatchlistEntity.objects.update_or_create(
                entity_id=entity["entity_id"],
                defaults={**entity, "shared_by": membership.organisation,
                          "sharing_level": sharing_level})
            created += new
            updated += not new
        audit.record(actor, "WatchlistImported", membership.organisation, created=created,
                     updated=updated, entity_ids=[e["entity_id"] for e in entities][:1000])
    return {"created": created, "updated": updated}


def save_risk_profile(*, actor, definition: Mapping, new: bool = False) -> RiskProfile:
    """Create or change a risk profile of the actor's authority; no release needed; audited.
    With ``new``, an existing profile id is refused instead of changed."""
    membership = access.require_role(actor, Role.CUSTOMS, Role.COMPETENT_AUTHORITY)
    try:
        parsed = profile_from_dict(definition)
    except ProfileError as exc:
        raise ValidationFailed("definition", str(exc)) from None
    body = {k: v for k, v in definition.items()
            if k not in ("profile_id", "title", "owner", "states")}
    body.update(weight=parsed.weight, when=parsed.when, active=parsed.active)  # as parsed
    with transaction.atomic():
        existing = RiskProfile.objects.select_for_update().filter(
            profile_id=parsed.profile_id).first()
        if existing and new:
            raise ValidationFailed("profile_id", f"{parsed.profile_id} exists already; open it "
                                   "to change it")
        if existing and existing.owner_id != membership.organisation_id:
            raise NotAllowed(f"profile {parsed.profile_id} belongs to {existing.owner.name}")
        before = existing.definition if existing else None
        profile, _ = RiskProfile.objects.update_or_create(
            profile_id=parsed.profile_id,
            defaults={"title": parsed.title, "owner": membership.organisation,
                      "definition": body, "active": parsed.active, "updated_by": actor})
        audit.record(actor, "RiskProfileChanged" if existing else "RiskProfileCreated", profile,
                     before=before, after=body)
    return profile


def _own(actor, declaration: Declaration):
    membership = _officer(actor)
    if membership.organisation.country != declaration.state:
        raise NotAllowed("this declaration was screened by another state's customs")
    return membership


def record_inspection(*, actor, declaration: Declaration, kind: str, findings: str,
                      compliant: bool, waste_codes_found: Iterable[str] = (),
                      photos: Iterable = ()) -> Inspection:
    """A documentary check or a physical inspection, with findings and photos."""
    _own(actor, declaration)
    if kind not in InspectionKind.values:
        raise ValidationFailed("kind", f"one of {', '.join(InspectionKind.values)}")
    if not findings.strip():
        raise ValidationFailed("findings", "say what was found")
    codes = [c.strip().upper() for c in waste_codes_found if c.strip()]
    for code in codes:
        if code not in catalogue():
            raise ValidationFailed("waste_codes_found", f"unknown code {code!r}")
    with transaction.atomic():
        inspection = Inspection.objects.create(
            declaration=declaration, kind=kind, findings=findings.strip(), compliant=compliant,
            waste_codes_found=codes, officer=actor, at=timezone.now())
        for photo in photos:
            InspectionPhoto.objects.create(inspection=inspection, image=photo)
        status = (DeclarationStatus.DOCUMENTS_CHECKED if kind == InspectionKind.DOCUMENTARY
                  else DeclarationStatus.INSPECTED)
        if declaration.status not in (DeclarationStatus.SEIZED, DeclarationStatus.REFERRED):
            Declaration.objects.filter(pk=declaration.pk).update(status=status)
            declaration.status = status
        audit.record(actor, "InspectionRecorded", declaration, kind=kind, compliant=compliant,
                     waste_codes_found=codes, photos=inspection.photos.count())
    return inspection


def seize(*, actor, declaration: Declaration, containers: str, quantity_kg, reason: str
          ) -> Seizure:
    """Seize the goods of a declaration."""
    _own(actor, declaration)
    if hasattr(declaration, "seizure"):
        raise ValidationFailed("declaration", "these goods are already seized")
    if not reason.strip():
        raise ValidationFailed("reason", "give the reason for the seizure")
    quantity = parse_amount("quantity_kg", quantity_kg, unit="kg", places=2)
    with transaction.atomic():
        seizure = Seizure.objects.create(
            declaration=declaration, containers=containers.strip() or declaration.containers,
            quantity_kg=quantity, reason=reason.strip(), officer=actor, at=timezone.now())
        if declaration.status != DeclarationStatus.REFERRED:
            Declaration.objects.filter(pk=declaration.pk).update(status=DeclarationStatus.SEIZED)
            declaration.status = DeclarationStatus.SEIZED
        audit.record(actor, "SeizureRecorded", declaration, quantity_kg=str(quantity),
                     containers=seizure.containers, reason=seizure.reason)
    return seizure


def release(*, actor, declaration: Declaration, reason: str) -> Declaration:
    _own(actor, declaration)
    if declaration.status in (DeclarationStatus.SEIZED, DeclarationStatus.REFERRED):
        raise ValidationFailed("declaration", "seized or referred goods are not released here")
    if not reason.strip():
        raise ValidationFailed("reason", "say why the goods are released")
    with transaction.atomic():
        Declaration.objects.filter(pk=declaration.pk).update(status=DeclarationStatus.RELEASED)
        declaration.status = DeclarationStatus.RELEASED
        audit.record(actor, "DeclarationReleased", declaration, reason=reason.strip())
    return declaration


def refer(*, actor, declaration: Declaration, note: str,
          authority: Organisation | None = None) -> Referral:
    """Hand the declaration to the competent authority of the office's state."""
    _own(actor, declaration)
    if hasattr(declaration, "referral"):
        raise ValidationFailed("declaration", "already referred")
    if not note.strip():
        raise ValidationFailed("note", "tell the authority what you found and why you refer")
    authority = authority or (Organisation.objects
                              .filter(kind=OrganisationKind.COMPETENT_AUTHORITY,
                                      country=declaration.state, memberships__isnull=False)
                              .distinct().order_by("pk").first())
    if authority is None or authority.country != declaration.state or \
            authority.kind != OrganisationKind.COMPETENT_AUTHORITY:
        raise ValidationFailed("authority",
                               f"no competent authority of {declaration.state} to refer to")
    with transaction.atomic():
        referral = Referral.objects.create(declaration=declaration, authority=authority,
                                           note=note.strip(), referred_by=actor,
                                           at=timezone.now())
        Declaration.objects.filter(pk=declaration.pk).update(status=DeclarationStatus.REFERRED)
        declaration.status = DeclarationStatus.REFERRED
        audit.record(actor, "ReferralToCompetentAuthority", declaration,
                     authority=authority.name, note=referral.note)
    return referral
