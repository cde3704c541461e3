"""STORIES.md §1, §4, §5 against the packaged party data (codes/data/parties.csv)."""

import pytest

from tbmnet.rules import check_one


def movement(exp, imp, op, *, transit=(), basel=(), y=(), h=(), hs=(), on="2026-03-01"):
    return {"waste": {"basel_codes": list(basel), "y_codes": list(y), "h_codes": list(h),
                      "oecd_codes": [], "hs_codes": list(hs), "radioactive": False,
                      "description": "story"},
            "state_of_export": exp, "states_of_transit": list(transit),
            "state_of_import": imp, "operation": op, "date": on}


def rules(verdict):
    return {r["rule"] for r in verdict["reasons"]}


def test_story_1_lead_acid_batteries_japan_to_malaysia_via_singapore():
    v = check_one(movement("JP", "MY", "R4", transit=["SG"], basel=["A1160"], y=["Y31"],
                           h=["H8"], hs=["854911"]))
    assert (v["verdict"], v["procedures"], v["classification"]) == (
        "consent_required", ["basel"], "hazardous")
    assert "basel.ban_amendment_not_bound" in rules(v)  # Japan is not bound by Art. 4A
    assert any(d.get("state") == "SG" for d in v["deadlines"]["basel"])


USED_OIL = {"basel": ["A3020"], "y": ["Y8"]}


@pytest.mark.parametrize("op", ["D9", "R9"])
def test_story_4_used_oil_netherlands_to_cote_divoire_is_prohibited(op):
    v = check_one(movement("NL", "CI", op, **USED_OIL))
    assert v["verdict"] == "prohibited" and v["procedures"] == []
    assert {"bamako.import_ban", "basel.ban_amendment"} <= rules(v)
    bamako = next(r for r in v["reasons"] if r["rule"] == "bamako.import_ban")
    assert (bamako["instrument"], bamako["article"]) == ("Bamako Convention", "Art. 4(1)")


def test_story_4_senegal_to_cote_divoire_under_bamako_and_basel_consent():
    v = check_one(movement("SN", "CI", "R9", **USED_OIL))
    assert (v["verdict"], v["procedures"]) == ("consent_required", ["bamako", "basel"])


def test_story_5_fiji_to_australia_batteries_for_recovery_under_waigani():
    # Fiji is not a Basel Party in the packaged data [S]; Waigani counts as an Art. 11
    # agreement, so Basel's own procedure gives way to Waigani's (Art. 11(2)).
    v = check_one(movement("FJ", "AU", "R4", basel=["A1160"], y=["Y31"]))
    assert v["verdict"] == "consent_required" and "waigani" in v["procedures"]
    assert "basel.art11_waigani" in rules(v)


def test_story_5_australia_may_not_send_hazardous_waste_to_fiji():
    v = check_one(movement("AU", "FJ", "R4", basel=["A1160"], y=["Y31"]))
    assert v["verdict"] == "prohibited"
    ban = next(r for r in v["reasons"] if r["rule"] == "waigani.export_ban")
    assert ban["article"] == "Art. 4(1)(b)"


def test_story_5_japan_may_not_send_any_to_tonga():
    v = check_one(movement("JP", "TO", "D10", basel=["A1160"], y=["Y31"]))
    assert v["verdict"] == "prohibited"
    ban = next(r for r in v["reasons"] if r["rule"] == "waigani.import_ban")
    assert ban["article"] == "Art. 4(1)(a)"
