"""Small party tables and proposals built by the tests (not the packaged data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tbmnet.rules import Engine, NationalRule, Proposal, Regions, Waste


@dataclass(frozen=True)
class Row:
    instrument: str
    country: str
    role: str = "party"
    date_of_effect: date | None = None
    as_of: date | None = None
    verification: str = "V"
    source: str = "test"
    note: str = ""


D = date


def world() -> list[Row]:
    """A toy world mirroring the stories: who is party to what, with dates."""
    rows = [Row("basel", c, date_of_effect=D(1993, 1, 1)) for c in
            ("JP", "MY", "SG", "NL", "DE", "FR", "CI", "SN", "AU", "TO", "MA", "CA", "NZ", "PG")]
    rows += [Row("basel", "US", "non_party"), Row("basel", "FJ", "non_party", verification="S"),
             Row("basel", "HT", "non_party")]
    rows += [Row("basel_ban", c, date_of_effect=D(2019, 12, 5)) for c in ("NL", "DE", "FR")]
    rows += [Row("basel_ban", c, "non_party") for c in ("JP", "AU", "CA", "US")]
    rows += [Row("basel_annex_vii", c, "member", D(1995, 9, 22))
             for c in ("JP", "NL", "DE", "FR", "AU", "CA", "US", "NZ")]
    rows += [Row("oecd", c, "adherent") for c in ("JP", "NL", "DE", "FR", "AU", "CA", "US",
                                                  "NZ")]
    rows += [Row("bamako", c, verification="S") for c in ("CI", "SN")]
    rows += [Row("waigani", c, "other_party", verification="S") for c in ("AU", "NZ")]
    rows += [Row("waigani", c, "pacific_island_developing_party", verification="S")
             for c in ("FJ", "TO", "PG")]
    return rows


REGIONS = Regions(africa=frozenset({"CI", "SN", "MA", "NE"}),
                  convention_area=frozenset({"AU", "NZ", "FJ", "TO", "PG", "MH"}),
                  source="test")


def engine(rows=None, national=(), **kw) -> Engine:
    return Engine(parties=world() if rows is None else rows, national_rules=list(national),
                  regions=REGIONS, **kw)


def proposal(exp="JP", imp="MY", *, transit=(), op="R4", on=D(2026, 3, 1),
             basel=("A1160",), y=("Y31",), radioactive=False, oecd=()) -> Proposal:
    return Proposal(waste=Waste(basel_codes=tuple(basel), y_codes=tuple(y),
                                radioactive=radioactive, oecd_codes=tuple(oecd)),
                    state_of_export=exp, state_of_import=imp, operation=op, date=on,
                    states_of_transit=tuple(transit))


def rule(country, kind, *, codes="", ops="", frm="", start=None, end=None, ver="V",
         rule_id=None) -> NationalRule:
    split = lambda s: frozenset(s.split())  # noqa: E731
    return NationalRule(rule_id or f"{country}-{kind}", country, kind, split(codes), split(ops),
                        split(frm), start, end, "national act, s. 1", "test rule", ver, "test")
