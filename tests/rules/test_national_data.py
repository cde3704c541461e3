"""National rules are data: an authority adds a row to national_rules.csv, no release."""

from datetime import date

import pytest

from tbmnet.codes import ReferenceDataError
from tbmnet.rules import load_national_rules

from .factories import engine, proposal

HEADER = ("rule_id,country,kind,codes,operations,from_countries,effective_from,effective_to,"
          "article,text,verification,source\n")


def test_packaged_file_loads():
    assert isinstance(load_national_rules(), list)


def test_a_row_added_by_an_authority_is_honoured(tmp_path):
    (tmp_path / "national_rules.csv").write_text(
        HEADER + "MY-1,MY,import_prohibition,A1160,R4,,2025-01-01,,Act 1 s. 2,"
        "no battery imports,S,Gazette 2024\n")
    rules = load_national_rules(tmp_path)
    assert [r.rule_id for r in rules] == ["MY-1"]
    assert engine(national=rules).check(proposal()).verdict == "prohibited"


def test_an_unknown_kind_is_refused_with_the_line(tmp_path):
    (tmp_path / "national_rules.csv").write_text(
        HEADER + "MY-1,MY,import_ban,,,,,,Act 1,text,S,Gazette\n")
    with pytest.raises(ReferenceDataError, match="line 2"):
        load_national_rules(tmp_path)


def test_packaged_china_solid_waste_ban_covers_annex_ix_waste_from_2021():
    e = engine(national=load_national_rules())
    scrap = dict(basel=("B3011",), y=())
    v = e.check(proposal("JP", "CN", **scrap, on=date(2021, 1, 1)))
    assert v.verdict == "prohibited"
    assert e.check(proposal("JP", "CN", basel=("B1010",), y=(),
                            on=date(2020, 12, 31))).verdict \
        == "not_controlled"
