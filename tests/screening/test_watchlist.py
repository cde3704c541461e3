"""Watchlist files and rows, and watchlist_hit."""

from pathlib import Path

import pytest

from tbmnet.screening.engine import DEFAULT_THRESHOLD
from tbmnet.screening.watchlist import parse_rows, read_watchlist

from .world import WATCHLISTED, codes, row, screener

HEADER = "entity_id,kind,name,aliases,address,country,identifiers,source\n"


def write(tmp_path: Path, body: str, name: str = "w.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_watchlist_file_is_read_with_aliases_and_identifiers(tmp_path):
    path = write(tmp_path, 'e1,company,"ACME Trading Co., Ltd.",ACME|Acme Intl,"1 Road, Klang",'
                 'MY,REG-1|VAT-2,network alert\n')
    listed = read_watchlist(path)
    assert not listed.errors
    (entity,) = listed.entities
    assert entity.aliases == ("ACME", "Acme Intl") and entity.identifiers == ("REG-1", "VAT-2")


@pytest.mark.parametrize(("line", "field"), [
    (",company,ACME,,,,,src\n", "entity_id"),
    ("e1,ship,ACME,,,,,src\n", "kind"),
    ("e1,company,,,,,,src\n", "name"),
    ("e1,company,ACME,,,Malaysia,,src\n", "country"),
    ("e1,company,ACME,,,MY,,\n", "source"),
])
def test_bad_rows_are_refused_naming_the_field(tmp_path, line, field):
    listed = read_watchlist(write(tmp_path, "e0,person,Jane Roe,,,,,src\n" + line))
    assert [e.field for e in listed.errors] == [field]
    assert listed.errors[0].line == 3
    assert [e.entity_id for e in listed.entities] == ["e0"]


def test_duplicate_entity_id_is_refused(tmp_path):
    listed = read_watchlist(write(tmp_path, "e1,person,A B,,,,,s\ne1,person,C D,,,,,s\n"))
    assert [(e.line, e.field) for e in listed.errors] == [(3, "entity_id")]


def test_rows_from_the_api_may_give_aliases_as_lists():
    listed = parse_rows([{"entity_id": "x-1", "kind": "Vessel", "name": "SEA STAR",
                          "aliases": ["Sea Star I", " "], "identifiers": "IMO 9391207",
                          "source": "test"}])
    assert not listed.errors
    [entity] = listed.entities
    assert entity.kind == "vessel" and entity.aliases == ("Sea Star I",)
    assert entity.identifiers == ("IMO 9391207",)


def test_watchlist_hit_says_entity_what_matched_and_score():
    result = screener().screen_row(row(exporter_name="GREEN EARTH RECYCLING COMPANY LIMITED"))
    flag = next(f for f in result["flags"] if f["code"] == "watchlist_hit")
    assert flag["entity"]["entity_id"] == WATCHLISTED.entity_id
    assert flag["party"] == "exporter"
    assert flag["matched"] == {"field": "name", "text": WATCHLISTED.name}
    assert flag["score"] >= DEFAULT_THRESHOLD
    assert "Green Earth Recycling Co., Ltd." in flag["detail"]


def test_a_listed_party_declared_from_another_country_hits_as_strongly_and_says_where():
    def hit(state: str) -> dict:
        result = screener().screen_row(row(exporter_name="Green Earth Recycling Co., Ltd.",
                                           state_of_export=state))
        return next(f for f in result["flags"] if f["code"] == "watchlist_hit")

    at_home, abroad = hit("HK"), hit("JP")
    assert abroad["score"] == at_home["score"] == 1.0
    assert abroad["entity"]["country"] == "HK"
    assert "listed in HK, and declared here for JP" in abroad["detail"]
    assert "listed in" not in at_home["detail"]


def test_alias_hit_names_the_alias():
    result = screener().screen_row(row(importer_name="GER Plastics Trading Sdn Bhd"))
    flag = next(f for f in result["flags"] if f["code"] == "watchlist_hit")
    assert flag["matched"]["field"] == "alias" and flag["party"] == "importer"


@pytest.mark.parametrize(("name", "hit"), [
    ("Green Earth Recyling Co Ltd", True),      # one letter dropped: above the threshold
    ("Green Earth Logistics Co Ltd", False),    # different company: below it
    ("Blue Ocean Recycling Co Ltd", False)])
def test_watchlist_hit_on_both_sides_of_the_threshold(name, hit):
    result = screener().screen_row(row(exporter_name=name))
    assert ("watchlist_hit" in codes(result)) is hit


def test_a_stricter_threshold_drops_a_weaker_hit():
    strict = screener(watchlist_threshold=0.999)
    assert "watchlist_hit" not in codes(strict.screen_row(
        row(exporter_name="Green Earth Recyling Co Ltd")))


def test_watchlisted_container_number_is_a_hit():
    result = screener().screen_row(row(containers="MSKU1234565|TGHU8883339"))
    flag = next(f for f in result["flags"] if f["code"] == "watchlist_hit")
    assert flag["party"] == "container" and flag["matched"]["field"] == "identifier"
    assert flag["score"] == 1.0 and result["decision"] in ("inspect", "hold")


def test_exact_watchlist_hit_alone_is_inspected():
    result = screener().screen_row(row(exporter_name="Green Earth Recycling Co., Ltd.",
                                       notification_number="", movement_id="",
                                       hs_code="940360", description="furniture"))
    assert codes(result) == ["watchlist_hit"] and result["decision"] == "inspect"
