"""Story 2: a container of "plastic scrap" at Port Klang, exporter on a network watchlist.

HS 3915.90, exporter's name written differently from the listed entity, no notification cited.
The screen must flag watchlist_hit and no_consent, explain both, and ask for inspection or hold.
"""

from tbmnet.matching import Entity
from tbmnet.screening import Screener, Watchlist, load_profiles
from tbmnet.screening.profiles import EXAMPLE_PROFILES

from .world import codes, consent, row

LISTED = Entity(
    "asian-net-2026-017", "company", "Green Earth Recycling Co., Ltd.",
    ("Green Earth Plastic Recycling",), "Unit 5, 12 Harbour Road, Kowloon, Hong Kong", "HK", (),
    "Asian Network alert shared by the Philippines (made-up demo entity)")


def screen_story(**over):
    screener = Screener(consents=[consent()], watchlist=Watchlist.build([LISTED]),
                        profiles=load_profiles(EXAMPLE_PROFILES))
    declaration = row(
        declaration_id="MY-PKG-2026-004711", date="2026-08-14", direction="import",
        customs_office="MYPKG", state_of_export="HK", state_of_import="MY",
        states_of_transit="", hs_code="3915.90", description="PLASTIC SCRAP (MIXED)",
        exporter_name="GREEN-EARTH RECYCLING COMPANY LIMITED",
        exporter_address="12 Harbour Rd, Kowloon", importer_name="Klang Plastik Sdn Bhd",
        importer_address="Lot 7, Jalan Pelabuhan, Port Klang", net_mass_kg="24500",
        notification_number="", movement_id="", containers="TCLU1234562")
    declaration.update(over)
    return screener.screen_row(declaration)


def test_port_klang_container_is_flagged_watchlist_hit_and_no_consent():
    result = screen_story()
    assert {"watchlist_hit", "no_consent"} <= set(codes(result))
    assert result["decision"] in ("inspect", "hold")
    assert result["risk"] >= 80
    assert result["matched_notification"] is None


def test_port_klang_flags_explain_themselves():
    result = screen_story()
    hit = next(f for f in result["flags"] if f["code"] == "watchlist_hit")
    assert hit["entity"]["entity_id"] == "asian-net-2026-017"
    assert hit["matched"]["text"] == "Green Earth Recycling Co., Ltd."
    assert 0.86 <= hit["score"] <= 1.0
    assert "Asian Network" in hit["detail"]
    no_consent = next(f for f in result["flags"] if f["code"] == "no_consent")
    assert "Y48" in no_consent["basel_codes"]
    assert "3915" in no_consent["detail"] and "scrap" in no_consent["detail"]
    assert "B3011" in no_consent["detail"]  # what would make it uncontrolled


def test_same_container_from_an_unlisted_exporter_is_still_inspected_for_consent():
    result = screen_story(exporter_name="Harbour Polymers Ltd", exporter_address="")
    assert "watchlist_hit" not in codes(result)
    assert "no_consent" in codes(result) and result["decision"] in ("inspect", "hold")
