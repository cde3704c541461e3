"""Waste likely, consent missing: the correlation table, the keywords, no_consent/prohibited."""

from datetime import date

import pytest

from tbmnet.codes import DATA_DIR, catalogue, read_table
from tbmnet.screening.waste import KEYWORDS_FILE, KeywordMatcher, WasteJudge

from .world import codes, judge_with, row, screener

JUDGE = WasteJudge()
DAY = date(2026, 3, 2)


def test_every_correlation_row_joins_a_real_hs_code_to_a_real_basel_code_with_a_source():
    rows = read_table(DATA_DIR / "hs_basel_correlation.csv")
    hs = {c.code for c in catalogue().in_list("hs")}
    assert len(rows) > 100
    for r in rows:
        assert r["hs_code"] in hs, r
        assert catalogue().versions(r["basel_code"]), r
        assert r["strength"] in ("strong", "possible"), r
        assert "TBMnet own correlation" in r["source"], r


@pytest.mark.parametrize(("hs", "code"), [
    ("854911", "A1160"), ("391590", "Y48"), ("391590", "A3210"), ("391590", "B3011"),
    ("271099", "A3020"), ("271099", "Y8"), ("262060", "A1030"), ("720449", "B1010"),
    ("854921", "A1181")])
def test_correlations_named_in_the_brief(hs, code):
    assert code in JUDGE.assess(hs, "", DAY).basel_codes


@pytest.mark.parametrize(("day", "present", "absent"), [
    (date(2020, 6, 1), "B3010", "Y48"), (date(2021, 1, 1), "Y48", "B3010"),
    (date(2024, 12, 31), "A1180", "A1181"), (date(2025, 1, 1), "A1181", "A1180")])
def test_correlated_codes_follow_the_amendment_dates(day, present, absent):
    hs = "391590" if present in ("B3010", "Y48") else "854921"
    found = JUDGE.assess(hs, "", day).basel_codes
    assert present in found and absent not in found


def test_strong_hs_code_alone_makes_waste_likely():
    assert JUDGE.assess("854911", "batteries", DAY).likely


def test_possible_hs_code_needs_a_waste_word():
    assert not JUDGE.assess("847130", "laptop computers, boxed", DAY).likely
    assert JUDGE.assess("847130", "used laptops, untested", DAY).likely


def test_used_for_is_not_a_waste_word():
    assert not JUDGE.assess("847130", "computers used for testing", DAY).keywords


@pytest.mark.parametrize("text", [
    "plastic scrap", "déchets plastiques", "chatarra de cobre", "sucata de plástico",
    "sisa plastik", "limbah plastik", "塑料废料", "ขยะพลาสติก", "phế liệu nhựa",
    "пластиковые отходы", "DECHETS", "Plastic-Waste"])
def test_waste_words_in_many_languages(text):
    assert any(k.strength == "strong" for k in JUDGE.keywords.find(text)), text


@pytest.mark.parametrize("text", ["wastewater treatment pumps", "new plastic granules",
                                  "scrapbook paper", "usage manual"])
def test_words_that_only_look_like_waste(text):
    assert not [k for k in JUDGE.keywords.find(text) if k.strength == "strong"], text


def test_every_keyword_has_a_language_meaning_and_source():
    matcher = KeywordMatcher.load(KEYWORDS_FILE)
    assert len(matcher.keywords) > 80
    assert {"en", "fr", "es", "pt", "ms", "id", "zh", "th", "vi"} <= {
        k.language for k in matcher.keywords}


def test_waste_description_under_a_goods_heading_is_a_possible_misdeclaration():
    s = screener(consents=[])
    result = s.screen_row(row(hs_code="940360", description="déchets de meubles",
                              notification_number="", movement_id=""))
    assert codes(result) == ["possible_misdeclaration"]
    assert result["decision"] == "check_documents"


def test_goods_without_waste_signs_raise_no_waste_flag():
    s = screener(consents=[])
    result = s.screen_row(row(hs_code="940360", description="new wooden furniture",
                              notification_number="", movement_id=""))
    assert codes(result) == [] and result["decision"] == "release"


def test_likely_waste_without_consent_is_no_consent_with_the_codes_and_reasons():
    s = screener(consents=[], legality=judge_with({}))
    result = s.screen_row(row(notification_number="", movement_id=""))
    flag = next(f for f in result["flags"] if f["code"] == "no_consent")
    assert flag["basel_codes"] == ["A1160"]
    assert "test rule for A1160" in flag["detail"]
    assert result["decision"] in ("inspect", "hold")


def test_likely_waste_that_is_not_controlled_needs_no_consent():
    s = screener(consents=[], legality=judge_with({"B1010": "not_controlled"}))
    result = s.screen_row(row(hs_code="720449", description="HMS 1&2 steel scrap",
                              notification_number="", movement_id=""))
    assert "no_consent" not in codes(result)


def test_prohibited_route_is_held_even_with_a_consent():
    s = screener(legality=judge_with({"A1160": "prohibited"}))
    result = s.screen_row(row())
    assert codes(result)[0] == "prohibited"
    assert result["decision"] == "hold" and result["risk"] >= 80


def test_prohibition_of_a_possible_code_only_is_told_in_the_no_consent_detail():
    s = screener(consents=[], legality=judge_with({"A3210": "prohibited",
                                                   "B3011": "not_controlled"}))
    result = s.screen_row(row(hs_code="391590", description="plastic scrap",
                              notification_number="", movement_id=""))
    flag = next(f for f in result["flags"] if f["code"] == "no_consent")
    assert "prohibited" not in codes(result)
    assert "A3210" in flag["detail"] and "B3011" in flag["detail"]


def test_with_a_valid_consent_likely_waste_is_not_no_consent():
    assert "no_consent" not in codes(screener(legality=judge_with({})).screen_row(row()))
