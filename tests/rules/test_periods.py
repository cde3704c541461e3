"""Periods in which the law stands still: a cache may key on them instead of the date."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tbmnet.rules import Engine, NationalRule, PartyTable, ProposalError

from .factories import Row, engine, proposal, rule, world

STATES = ["JP", "MY", "SG", "NL", "DE", "FR", "CI", "SN", "AU", "TO", "FJ", "US", "HT", "CA",
          "MA", "NE", "BR", "MH", "PG", "NZ", "AQ"]
CODES = ["A1160", "A1010", "A1180", "A1181", "B1010", "B1110", "B3010", "B3011", "A3210"]
YS = ["Y8", "Y31", "Y46", "Y48", "Y49", "Y0"]
OPS = ["D1", "D10", "R1", "R4", "R13"]
DATED = [
    NationalRule("MY-1", "MY", "import_prohibition", frozenset({"A1160"}),
                 effective_from=date(2018, 7, 1), effective_to=date(2024, 12, 31)),
    NationalRule("SG-1", "SG", "transit_no_written_consent", effective_from=date(2010, 3, 3)),
    NationalRule("NL-1", "NL", "hazardous_definition", frozenset({"B1010"}),
                 effective_from=date(2005, 1, 1)),
    NationalRule("US-CA", "US", "art11_agreement", from_countries=frozenset({"CA"}),
                 effective_from=date(1992, 1, 1), effective_to=date(2030, 6, 30)),
]
ENGINE = engine(national=DATED)
START = date(1988, 1, 1)


def answer(e: Engine, p):
    try:
        e.validate(p)
    except ProposalError as exc:
        return exc.field
    return e.check(p).as_dict()


proposals = st.builds(
    lambda exp, imp, transit, op, basel, y, radioactive: (exp, imp, tuple(transit), op,
                                                          tuple(basel), tuple(y), radioactive),
    st.sampled_from(STATES), st.sampled_from(STATES),
    st.lists(st.sampled_from(STATES), max_size=2), st.sampled_from(OPS),
    st.lists(st.sampled_from(CODES), max_size=2, unique=True),
    st.lists(st.sampled_from(YS), max_size=1, unique=True), st.booleans())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(proposals, st.integers(0, 365 * 45), st.integers(0, 365 * 45))
def test_two_dates_of_one_period_get_the_same_answer(parts, a, b):
    exp, imp, transit, op, basel, y, radioactive = parts
    first, second = START + timedelta(days=a), START + timedelta(days=b)
    if ENGINE.period(first) != ENGINE.period(second):
        return
    at = [answer(ENGINE, proposal(exp, imp, transit=transit, op=op, basel=basel, y=y,
                                  radioactive=radioactive, on=day)) for day in (first, second)]
    assert at[0] == at[1]


def test_a_period_never_crosses_a_date_where_a_party_a_code_or_a_rule_changes():
    changes = set(ENGINE.change_dates())
    assert date(1993, 1, 1) in changes          # Basel parties of the toy world
    assert date(2019, 12, 5) in changes         # Ban Amendment binds NL, DE, FR
    assert date(2018, 7, 1) in changes and date(2025, 1, 1) in changes   # MY-1, its end + 1
    assert date(2021, 1, 1) in changes          # B3010 -> B3011 / A3210 / Y48
    for day in changes:
        assert ENGINE.period(day - timedelta(days=1)) != ENGINE.period(day)
    assert ENGINE.period(date(2026, 3, 1)) == ENGINE.period(date(2026, 3, 2))


def test_period_follows_a_replaced_party_table():
    e = engine()
    before = e.period(date(2026, 3, 1))
    e.parties = PartyTable(world() + [Row("basel", "BR", date_of_effect=date(2026, 2, 1))])
    assert e.period(date(2026, 3, 1)) != e.period(date(2026, 1, 31))
    assert e.period(date(2026, 3, 1)) == before + 1


def test_a_national_rule_splits_periods_on_its_first_day_and_after_its_last():
    e = engine(national=[rule("MY", "import_prohibition", codes="A1160",
                              start=date(2026, 2, 10), end=date(2026, 2, 20))])
    p = e.period
    assert p(date(2026, 2, 9)) < p(date(2026, 2, 10)) == p(date(2026, 2, 20)) < \
        p(date(2026, 2, 21))
    assert engine().period(date(2026, 2, 9)) == engine().period(date(2026, 2, 21))
