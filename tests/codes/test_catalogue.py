"""Dated lookups and search over the packaged code lists."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tbmnet.codes import CodeNotInForce, UnknownCode, UnknownCountry, catalogue, country_name

ALL = sorted({c.code for c in catalogue()})


def test_the_lists_hold_the_expected_codes():
    c = catalogue()
    assert {"A1160", "A1181", "B3011", "Y46", "Y48", "Y49", "H8", "D10", "R4", "854911", "Y0"} <= \
        set(ALL)
    assert len(c.in_list("operation")) == 28  # D1–D15 and R1–R13, Basel Annex IV


def test_a1180_gave_way_to_a1181_on_1_january_2025():
    c = catalogue()
    assert c.get("A1180", on=date(2024, 12, 31)).code == "A1180"
    with pytest.raises(CodeNotInForce):
        c.get("A1180", on=date(2025, 1, 1))
    assert c.get("A1181", on=date(2025, 1, 1)).code == "A1181"
    with pytest.raises(CodeNotInForce):
        c.get("A1181", on=date(2024, 12, 31))


def test_b3010_gave_way_to_b3011_on_1_january_2021():
    c = catalogue()
    assert c.get("B3010", on=date(2020, 12, 31)).code == "B3010"
    with pytest.raises(CodeNotInForce):
        c.get("B3010", on=date(2021, 1, 1))
    assert c.get("Y48", on=date(2021, 1, 1)).list == "basel_y"
    with pytest.raises(CodeNotInForce):
        c.get("Y48", on=date(2020, 12, 31))


def test_draft_entry_b3025_is_never_in_force_and_flagged_unverified():
    b3025 = catalogue().versions("B3025")[0]
    assert b3025.unverified and not b3025.in_force_on(date(2026, 1, 1))


def test_unknown_code_raises():
    with pytest.raises(UnknownCode):
        catalogue().get("A9999")


def test_spelling_is_normalised():
    assert catalogue().get("a 1160").code == "A1160"
    assert catalogue().get("8549.11").code == "854911"


def test_y0_is_a_bamako_code_and_y1_answers_from_basel_first():
    assert catalogue().get("Y0").list == "bamako"
    assert [v.list for v in catalogue().versions("Y1")] == ["basel_y", "bamako"]


def test_search_ranks_lead_acid_batteries_first():
    assert catalogue().search("lead acid")[0].code.code == "A1160"


def test_search_by_code_puts_the_code_first():
    assert catalogue().search("A1180")[0].code.code == "A1180"


def test_search_filters_by_list():
    hits = catalogue().search("waste", list="hs", limit=50)
    assert hits and all(h.code.list == "hs" for h in hits)


def test_search_for_nonsense_finds_nothing():
    assert catalogue().search("zzqxj") == []


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(ALL))
def test_every_code_round_trips_through_get_and_search(code):
    versions = catalogue().versions(code)
    assert versions and all(v.code == code and v.source for v in versions)
    assert code in {h.code.code for h in catalogue().search(code, limit=5)}


def test_countries_are_iso_codes():
    assert country_name("MY") == "Malaysia"
    assert country_name("eu") == "European Union"
    with pytest.raises(UnknownCountry):
        country_name("XX")
