"""Screening with the real legality engine (tbmnet.rules): stories 4 and 5 at the border."""

import pytest

from tbmnet.screening import Screener

from .world import codes, row

SCREENER = Screener()


def slops(exp: str, imp: str) -> dict:
    return SCREENER.screen_row(row(
        hs_code="271099", description="used oil and water slops", state_of_export=exp,
        state_of_import=imp, customs_office=f"{imp}XXX", notification_number="",
        movement_id="", states_of_transit="", exporter_name="Slops Trading BV"))


def test_screening_uses_the_legality_engine():
    assert SCREENER.legality.uses_rules_engine


@pytest.mark.parametrize(("exp", "imp"), [("NL", "CI"), ("AU", "FJ")])
def test_prohibited_movement_of_waste_oils_is_held(exp, imp):
    result = slops(exp, imp)
    assert codes(result)[0] == "prohibited" and result["decision"] == "hold"
    assert "Art. 4" in result["flags"][0]["detail"]


def test_same_waste_between_bamako_parties_needs_consent_only():
    result = slops("SN", "CI")
    assert codes(result) == ["no_consent"] and result["decision"] == "inspect"
