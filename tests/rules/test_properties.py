"""Properties of the engine over generated proposals (hypothesis)."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tbmnet.rules import ProposalError

from .factories import engine, proposal, rule

STATES = ["JP", "MY", "SG", "NL", "DE", "FR", "CI", "SN", "AU", "TO", "FJ", "US", "HT", "CA",
          "MA", "NE", "BR", "MH", "PG", "NZ", "AQ"]
CODES = ["A1160", "A1010", "A3020", "A4060", "B1010", "B2010", "B3011", "A3210", "A1181"]
YS = ["Y8", "Y31", "Y46", "Y47", "Y48", "Y49", "Y0"]
OPS = ["D1", "D9", "D10", "R1", "R4", "R9", "R13"]
ENGINE = engine()

proposals = st.builds(
    lambda exp, imp, transit, op, basel, y, radioactive, days: proposal(
        exp, imp, transit=transit, op=op, basel=basel, y=y, radioactive=radioactive,
        on=date.fromordinal(date(1990, 1, 1).toordinal() + days)),
    st.sampled_from(STATES), st.sampled_from(STATES),
    st.lists(st.sampled_from(STATES), max_size=3), st.sampled_from(OPS),
    st.lists(st.sampled_from(CODES), max_size=3, unique=True),
    st.lists(st.sampled_from(YS), max_size=2, unique=True), st.booleans(),
    st.integers(0, 365 * 37))


def judged(e, p):
    try:
        e.validate(p)
    except ProposalError:
        return None
    return e.check(p)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(proposals, st.sampled_from(STATES), st.sampled_from(["", "A1160", "Y46", "B1010"]),
       st.sampled_from(["", "D", "R4"]))
def test_adding_a_prohibition_never_lifts_a_prohibition(p, country, codes, ops):
    before = judged(ENGINE, p)
    if before is None:
        return
    stricter = engine(national=[rule(country, "import_prohibition", codes=codes, ops=ops),
                                rule(country, "export_prohibition", codes=codes, ops=ops)])
    after = stricter.check(p)
    if before.verdict == "prohibited":
        assert after.verdict == "prohibited"
    if after.verdict != "prohibited":
        assert after == before


@settings(max_examples=400, deadline=None)
@given(proposals, st.randoms(use_true_random=False))
def test_verdict_does_not_depend_on_the_order_of_codes_or_transit_states(p, random):
    first = judged(ENGINE, p)
    if first is None:
        return
    basel, y, transit = list(p.waste.basel_codes), list(p.waste.y_codes), \
        list(p.states_of_transit)
    for items in (basel, y, transit):
        random.shuffle(items)
    shuffled = proposal(p.state_of_export, p.state_of_import, transit=transit, op=p.operation,
                        on=p.date, basel=basel, y=y, radioactive=p.waste.radioactive)
    assert ENGINE.check(shuffled) == first


@settings(max_examples=400, deadline=None)
@given(proposals)
def test_verdict_words_and_procedures_agree(p):
    v = judged(ENGINE, p)
    if v is None:
        return
    assert v.verdict in ("prohibited", "consent_required", "not_controlled")
    assert v.classification in ("hazardous", "other", "non_hazardous", "radioactive")
    assert (v.verdict == "consent_required") == bool(v.procedures)
    assert (v.verdict == "prohibited") == any(r.effect == "prohibits" for r in v.reasons)
    assert set(v.deadlines) == set(v.procedures)
    assert v.reasons and all(r.instrument and r.article for r in v.reasons)


@settings(max_examples=200, deadline=None)
@given(proposals)
def test_non_hazardous_waste_is_never_under_pic_without_a_national_definition(p):
    v = judged(ENGINE, p)
    if v is not None and v.classification == "non_hazardous":
        assert v.procedures in ((), ("oecd",))
