"""Customs screening: POST /api/v1/screening/declarations, the queue, the watchlist, profiles."""

from __future__ import annotations

from typing import Any

from ninja import Body, Router, Schema

from tbmnet.api import AUTH, current_user
from tbmnet.apps.customs import selectors, services

router = Router(tags=["customs"], auth=AUTH)


class DeclarationIn(Schema):
    """One declaration; every field is text as on the declaration (the engine validates)."""

    declaration_id: str | None = None
    date: str | None = None
    direction: str | None = None
    customs_office: str | None = None
    state_of_export: str | None = None
    state_of_import: str | None = None
    hs_code: str | None = None
    description: str | None = None
    exporter_name: str | None = None
    exporter_address: str | None = None
    importer_name: str | None = None
    importer_address: str | None = None
    net_mass_kg: str | float | None = None
    notification_number: str | None = None
    movement_id: str | None = None
    containers: str | None = None
    states_of_transit: str | None = None
    declared_value: str | float | None = None
    currency: str | None = None


class Flag(Schema):
    code: str
    detail: str


class Result(Schema):
    declaration_id: str | None
    decision: str | None = None
    risk: int | None = None
    matched_notification: str | None = None
    matched_movement: str | None = None
    flags: list[dict[str, Any]] | None = None
    error: dict[str, Any] | None = None


@router.post("/screening/declarations", response=list[Result] | Result,
             summary="Screen one declaration or a list; one result per declaration, in order")
def screen_declarations(request, payload: list[DeclarationIn] | DeclarationIn):
    rows = payload if isinstance(payload, list) else [payload]
    results = services.screen(actor=current_user(request),
                              rows=[row.dict(exclude_none=True) for row in rows])
    return results if isinstance(payload, list) else results[0]


@router.get("/screening/queue", response=list[Result],
            summary="Flagged declarations of my state's offices, riskiest first")
def screening_queue(request, limit: int = 100):
    return [{"declaration_id": d.declaration_id, "decision": d.decision, "risk": d.risk,
             "matched_notification": d.matched_notification or None,
             "matched_movement": d.matched_movement or None, "flags": d.flags}
            for d in selectors.queue(current_user(request))[:max(1, min(limit, 1000))]]


class EntityIn(Schema):
    entity_id: str
    kind: str
    name: str
    aliases: list[str] | str = []
    address: str = ""
    country: str = ""
    identifiers: list[str] | str = []
    source: str


@router.post("/watchlist", summary="Add or update watchlist entities (all or nothing)")
def import_watchlist(request, payload: list[EntityIn], sharing_level: str = "green"):
    return services.import_watchlist(actor=current_user(request),
                                     rows=[e.dict() for e in payload],
                                     sharing_level=sharing_level)


@router.post("/risk-profiles", summary="Create or change a risk profile (audited)")
def save_risk_profile(request, payload: dict[str, Any] = Body(...)):
    profile = services.save_risk_profile(actor=current_user(request), definition=payload)
    return {"profile_id": profile.profile_id, "title": profile.title, "active": profile.active}
