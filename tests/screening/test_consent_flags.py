"""Consent match: every flag on both sides of its threshold."""

from datetime import date

import pytest

from .world import codes, consent, row, screener


def screen(**over):
    return screener().screen_row(row(**over))


def test_declaration_matching_its_consent_is_released_without_flags():
    result = screen()
    assert result == {"declaration_id": "MY-PKG-2026-000001", "decision": "release", "risk": 0,
                      "matched_notification": "JP-2026-0001",
                      "matched_movement": "JP-2026-0001-004", "flags": []}


def test_unknown_notification_number_is_flagged_and_inspected():
    result = screen(notification_number="JP-2026-9999")
    assert "unknown_notification" in codes(result)
    assert result["matched_notification"] is None
    assert result["decision"] in ("inspect", "hold")
    assert "JP-2026-9999" in result["flags"][0]["detail"]


def test_notification_number_is_matched_whatever_its_spacing_and_case():
    assert "unknown_notification" not in codes(screen(notification_number=" jp-2026-0001 "))


def test_unknown_movement_without_notification_is_flagged():
    result = screen(notification_number="", movement_id="XX-1")
    assert codes(result)[0] == "unknown_notification"


def test_known_movement_without_notification_finds_its_consent():
    result = screen(notification_number="")
    assert result["matched_notification"] == "JP-2026-0001"
    assert codes(result) == []


@pytest.mark.parametrize(("day", "flagged"), [
    ("2025-12-31", True), ("2026-01-01", False), ("2026-10-31", False), ("2026-11-01", True)])
def test_consent_expired_on_both_sides_of_its_validity(day, flagged):
    result = screen(date=day)
    assert ("consent_expired" in codes(result)) is flagged
    if flagged:
        assert result["decision"] in ("inspect", "hold")


@pytest.mark.parametrize(("status", "flagged"), [
    ("consented", False), ("tacit_consent", False), ("withdrawn", True), ("objected", True)])
def test_consent_not_valid_by_status(status, flagged):
    s = screener(consents=[consent(status=status)])
    assert ("consent_not_valid" in codes(s.screen_row(row()))) is flagged


@pytest.mark.parametrize(("mass", "flagged"), [("180000", False), ("180000.5", True)])
def test_quantity_exceeds_consent_at_the_remaining_quantity(mass, flagged):
    # 240 000 kg consented, 60 000 shipped: 180 000 left.
    result = screen(net_mass_kg=mass)
    assert ("quantity_exceeds_consent" in codes(result)) is flagged


@pytest.mark.parametrize(("used", "flagged"), [(11, False), (12, True)])
def test_quantity_exceeds_consent_when_all_shipments_are_used(used, flagged):
    s = screener(consents=[consent(shipments_used=used, movement_ids=())])
    result = s.screen_row(row(movement_id=""))
    assert ("quantity_exceeds_consent" in codes(result)) is flagged


def test_exporter_not_the_notifier_is_a_party_mismatch():
    result = screen(exporter_name="Osaka Metal Trading Co., Ltd.")
    flag = next(f for f in result["flags"] if f["code"] == "party_mismatch")
    assert flag["party"] == "exporter" and flag["similarity"] < 0.85
    assert "Nippon Battery Recycling K.K." in flag["detail"]


@pytest.mark.parametrize(("name", "flagged"), [
    ("NIPPON BATTERY RECYCLING KABUSHIKI KAISHA", False),
    ("Nippon Battery Recyclng KK", False),  # one typo: same party
    ("Nippon Paint Recycling KK", True)])
def test_party_mismatch_on_both_sides_of_the_similarity_threshold(name, flagged):
    assert ("party_mismatch" in codes(screen(exporter_name=name))) is flagged


def test_importer_not_the_consignee_is_a_party_mismatch():
    result = screen(importer_name="Klang Plastik Sdn Bhd")
    assert [f["party"] for f in result["flags"] if f["code"] == "party_mismatch"] == ["importer"]


@pytest.mark.parametrize(("over", "flagged"), [
    ({}, False),
    ({"state_of_export": "KR"}, True),
    ({"state_of_import": "TH", "customs_office": "THLCH"}, True),
    ({"states_of_transit": "SG|HK"}, True),
    ({"customs_office": "SGSIN"}, True),  # import declared at an office outside the state of import
    ({"direction": "transit", "customs_office": "SGSIN"}, False),
    ({"direction": "transit", "customs_office": "PHMNL"}, True),
])
def test_route_mismatch(over, flagged):
    assert ("route_mismatch" in codes(screen(**over))) is flagged


@pytest.mark.parametrize(("hs", "flagged"), [("854911", False), ("8549110000", False),
                                             ("854912", True), ("391590", True)])
def test_hs_mismatch_by_prefix_of_the_consent_codes(hs, flagged):
    assert ("hs_mismatch" in codes(screen(hs_code=hs))) is flagged


def test_movement_without_prior_notice_is_flagged():
    assert "movement_not_announced" in codes(screen(movement_id="JP-2026-0001-099"))
    assert "movement_not_announced" not in codes(screen())


def test_likely_consent_is_found_when_none_is_cited():
    result = screen(notification_number="", movement_id="")
    assert result["matched_notification"] == "JP-2026-0001"
    assert codes(result) == ["consent_not_cited"]
    assert result["decision"] == "check_documents"


def test_no_likely_consent_for_another_exporter_on_the_same_route():
    result = screen(notification_number="", movement_id="",
                    exporter_name="Osaka Metal Trading Co., Ltd.")
    assert result["matched_notification"] is None
    assert "no_consent" in codes(result)


def test_expired_consent_is_reported_for_the_date_of_the_declaration():
    s = screener(consents=[consent(valid_until=date(2026, 3, 1))])
    flag = next(f for f in s.screen_row(row())["flags"] if f["code"] == "consent_expired")
    assert flag["valid_until"] == "2026-03-01" and "2026-03-02" in flag["detail"]
