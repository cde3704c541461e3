"""Risk profiles: each condition on both sides, and the example profiles."""

from datetime import date

import pytest

from tbmnet.screening import parse
from tbmnet.screening.profiles import (
    EXAMPLE_PROFILES,
    ProfileContext,
    ProfileError,
    evaluate,
    load_profiles,
    profile_from_dict,
)

from .world import codes, row, screener


def profile(*conditions, when="all", weight=30, **extra):
    return profile_from_dict({"profile_id": "P1", "title": "test", "weight": weight,
                              "when": when, "conditions": list(conditions), **extra})


def matches(p, ctx=ProfileContext(), **over):
    return bool(evaluate([p], parse(row(**over)), ctx))


@pytest.mark.parametrize(("cond", "over", "hit"), [
    ({"kind": "hs_prefix", "values": ["8549"]}, {}, True),
    ({"kind": "hs_prefix", "values": ["3915"]}, {}, False),
    ({"kind": "route", "state_of_export": ["JP"], "state_of_import": ["MY"]}, {}, True),
    ({"kind": "route", "state_of_export": ["JP"], "state_of_import": ["TH"]}, {}, False),
    ({"kind": "route", "states_of_transit": ["SG"]}, {}, True),
    ({"kind": "route", "states_of_transit": ["HK"]}, {}, False),
    ({"kind": "direction", "values": ["import"]}, {}, True),
    ({"kind": "direction", "values": ["export"]}, {}, False),
    ({"kind": "customs_office", "values": ["MYPKG"]}, {}, True),
    ({"kind": "customs_office", "values": ["MYPEN"]}, {}, False),
    ({"kind": "mass_kg", "min": 20000}, {}, True),
    ({"kind": "mass_kg", "min": 20000.1}, {}, False),
    ({"kind": "kg_per_value", "min": 2.0}, {"declared_value": "10000"}, True),
    ({"kind": "kg_per_value", "min": 2.0}, {"declared_value": "10001"}, False),
    ({"kind": "kg_per_value", "min": 2.0}, {}, False),  # no declared value: cannot hold
    ({"kind": "description_words", "values": ["lead acid"]}, {}, False),
    ({"kind": "description_words", "values": ["lead-acid"]}, {}, True),
    ({"kind": "description_words", "values": ["PALETTES", "pallets"]}, {}, True),
])
def test_each_condition_on_both_sides(cond, over, hit):
    assert matches(profile(cond), **over) is hit


def test_first_time_exporter_comes_from_the_context():
    p = profile({"kind": "first_time_exporter"})
    assert matches(p, ProfileContext(first_time_exporter=True))
    assert not matches(p, ProfileContext(first_time_exporter=False))


def test_all_needs_every_condition_and_any_one():
    conds = ({"kind": "hs_prefix", "values": ["8549"]}, {"kind": "direction",
                                                        "values": ["export"]})
    assert not matches(profile(*conds, when="all"))
    assert matches(profile(*conds, when="any"))


def test_profile_out_of_its_dates_or_inactive_does_not_apply():
    cond = {"kind": "hs_prefix", "values": ["8549"]}
    assert not matches(profile(cond, valid_from="2026-03-03"))
    assert matches(profile(cond, valid_until="2026-03-02"))
    assert not matches(profile(cond, active=False))


@pytest.mark.parametrize("data", [
    {"profile_id": "", "conditions": [{"kind": "first_time_exporter"}]},
    {"profile_id": "P", "weight": 101, "conditions": [{"kind": "first_time_exporter"}]},
    {"profile_id": "P", "conditions": []},
    {"profile_id": "P", "conditions": [{"kind": "colour"}]},
    {"profile_id": "P", "conditions": [{"kind": "hs_prefix"}]},
    {"profile_id": "P", "conditions": [{"kind": "mass_kg"}]},
    {"profile_id": "P", "conditions": [{"kind": "route"}]},
    {"profile_id": "P", "valid_from": "soon", "conditions": [{"kind": "first_time_exporter"}]},
])
def test_malformed_profiles_are_refused(data):
    with pytest.raises(ProfileError):
        profile_from_dict(data)


def test_example_profiles_load_and_each_cites_a_source():
    profiles = load_profiles(EXAMPLE_PROFILES)
    assert len(profiles) >= 6
    assert all(p.source and p.reason for p in profiles)


def test_risk_profile_flag_names_the_profile_and_adds_its_weight():
    p = profile({"kind": "hs_prefix", "values": ["8549"]}, weight=30)
    result = screener(profiles=[p]).screen_row(row())
    assert codes(result) == ["risk_profile"]
    assert result["flags"][0]["profile"]["profile_id"] == "P1"
    assert result["risk"] == 30 and result["decision"] == "check_documents"


def test_exporter_is_first_time_only_once():
    p = profile({"kind": "first_time_exporter"})
    s = screener(consents=[], profiles=[p], entities=())
    first = s.screen_row(row(exporter_name="Brand New Exports Ltd", hs_code="940360",
                             description="chairs", notification_number="", movement_id=""))
    again = s.screen_row(row(exporter_name="BRAND NEW EXPORTS LIMITED", hs_code="940360",
                             description="chairs", notification_number="", movement_id=""))
    assert codes(first) == ["risk_profile"] and codes(again) == []


def test_notifier_of_a_consent_is_not_a_first_time_exporter():
    p = profile({"kind": "first_time_exporter"})
    assert codes(screener(profiles=[p]).screen_row(row())) == []


def test_example_used_electronics_profile_on_both_sides():
    profiles = load_profiles(EXAMPLE_PROFILES)
    used = parse(row(hs_code="847130", description="used laptops", declared_value="500"))
    new = parse(row(hs_code="847130", description="new laptops, boxed", declared_value="90000"))
    assert "EX-UEEE-USED" in {m.profile.profile_id for m in evaluate(profiles, used)}
    assert "EX-UEEE-LOW-VALUE" in {m.profile.profile_id for m in evaluate(profiles, used)}
    assert not evaluate(profiles, new)
    assert date(2026, 3, 2) == used.date


def test_a_profile_screens_only_its_authors_states_declarations():
    mine = profile({"kind": "hs_prefix", "values": ["8549"]}, states=["my"])
    assert mine.states == ("MY",)
    at_klang = screener(profiles=[mine]).screen_row(row())  # MYPKG: a Malaysian office
    assert codes(at_klang) == ["risk_profile"]
    at_antwerp = screener(profiles=[mine]).screen_row(row(customs_office="BEANR",
                                                          state_of_import="BE"))
    assert "risk_profile" not in codes(at_antwerp)
    # an office code without a country prefix: the screening officer's state decides
    unknown_office = row(customs_office="T00042")
    assert codes(screener(profiles=[mine]).screen_row(
        unknown_office, viewer=frozenset({"org:1", "state:MY"}))) == ["risk_profile"]
    assert "risk_profile" not in codes(screener(profiles=[mine]).screen_row(
        unknown_office, viewer=frozenset({"org:2", "state:BE"})))
    # an unscoped profile (a file's) screens everywhere
    anywhere = profile({"kind": "hs_prefix", "values": ["8549"]})
    assert "risk_profile" in codes(screener(profiles=[anywhere]).screen_row(
        row(customs_office="BEANR", state_of_import="BE")))
