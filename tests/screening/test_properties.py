"""Property tests: risk stays in 0..100, more flags never lower the decision, parsing only
ever refuses with a DeclarationError."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tbmnet.screening import DECISIONS, FLAG_RULES, DeclarationError, Flag, decide, parse

from .world import row

flags = st.lists(st.builds(
    lambda code, w: Flag(code, "detail", w),
    st.sampled_from(sorted(FLAG_RULES)), st.floats(min_value=0.0, max_value=1.0)), max_size=8)


@given(flags)
def test_risk_is_between_0_and_100(fs):
    risk, decision = decide(fs)
    assert 0 <= risk <= 100 and decision in DECISIONS


@given(flags, flags)
def test_adding_flags_never_lowers_risk_or_decision(a, b):
    risk_a, dec_a = decide(a)
    risk_ab, dec_ab = decide(a + b)
    assert risk_ab >= risk_a
    assert DECISIONS.index(dec_ab) >= DECISIONS.index(dec_a)


@given(st.lists(st.sampled_from(sorted(FLAG_RULES)), max_size=6), st.randoms())
def test_decision_does_not_depend_on_flag_order(codes, rnd):
    fs = [Flag(c, "d", FLAG_RULES[c][0]) for c in codes]
    shuffled = fs[:]
    rnd.shuffle(shuffled)
    assert decide(fs) == decide(shuffled)


@settings(max_examples=200)
@given(st.sampled_from(["date", "direction", "state_of_export", "hs_code", "net_mass_kg",
                        "exporter_name", "containers", "declared_value"]), st.text(max_size=20))
def test_any_text_in_any_field_parses_or_is_refused_naming_a_field(field, value):
    try:
        parse(row(**{field: value}))
    except DeclarationError as exc:
        assert exc.field and exc.message
