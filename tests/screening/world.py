"""Factories for screening tests: a consent, a declaration row, a screener. Names are made up."""

from __future__ import annotations

from datetime import date

from tbmnet.matching import Entity
from tbmnet.screening import ConsentRecord, Screener, Watchlist
from tbmnet.screening.legality import CodeVerdict, Legality

DAY = date(2026, 3, 2)


def consent(**over) -> ConsentRecord:
    """Story 1: lead-acid batteries JP -> MY via SG, 12 shipments, 240 t."""
    values = dict(
        notification_number="JP-2026-0001", state_of_export="JP", state_of_import="MY",
        notifier_name="Nippon Battery Recycling K.K.",
        consignee_name="Malaysia Smelting Sdn Bhd",
        valid_from=date(2026, 1, 1), valid_until=date(2026, 10, 31), status="consented",
        states_of_transit=("SG",), hs_codes=("854911",), basel_codes=("A1160",),
        shipments_allowed=12, shipments_used=3, quantity_kg_allowed=240_000.0,
        quantity_kg_used=60_000.0, movement_ids=("JP-2026-0001-004",))
    values.update(over)
    return ConsentRecord(**values)


def row(**over) -> dict[str, str]:
    """A declaration at Port Klang for the shipment `consent()` covers: nothing to flag."""
    values = dict(
        declaration_id="MY-PKG-2026-000001", date=DAY.isoformat(), direction="import",
        customs_office="MYPKG", state_of_export="JP", state_of_import="MY",
        hs_code="854911", description="spent lead-acid batteries, whole, on pallets",
        exporter_name="Nippon Battery Recycling KK", exporter_address="",
        importer_name="Malaysia Smelting Sdn. Bhd.", importer_address="",
        net_mass_kg="20000", notification_number="JP-2026-0001",
        movement_id="JP-2026-0001-004", containers="MSKU1234565", states_of_transit="SG")
    values.update({k: str(v) for k, v in over.items()})
    return values


WATCHLISTED = Entity(
    "rn-0042", "company", "Green Earth Recycling Co., Ltd.", ("GER Plastics Trading",),
    "12 Harbour Road, Kowloon, Hong Kong", "HK", ("HK-CR-1234567",),
    "regional network alert (made-up test entity)")
CONTAINER = Entity("rn-c-7", "container", "TGHU8883339", (), None, None, ("TGHU8883339",),
                   "regional network alert (made-up test entity)")


def judge_with(verdicts: dict[str, str]):
    """A legality judge answering `verdicts[code]` (default consent_required)."""

    def judge(code, state_of_export, state_of_import, transit, day, hs_code):
        verdict = verdicts.get(code, "consent_required")
        return CodeVerdict(code, verdict, (f"test rule for {code}: {verdict}",), "test")

    return Legality(judge)


def screener(*, consents=None, entities=(WATCHLISTED, CONTAINER), **kw) -> Screener:
    return Screener(consents=[consent()] if consents is None else consents,
                    watchlist=Watchlist.build(entities) if entities else None, **kw)


def codes(result: dict) -> list[str]:
    return [f["code"] for f in result["flags"]]
