"""The screening caches give the answers the uncached engine gives."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tbmnet.rules import default_engine
from tbmnet.screening import Watchlist
from tbmnet.screening.legality import CodeVerdict, Legality
from tbmnet.screening.waste import KeywordMatcher

from .world import CONTAINER, WATCHLISTED, codes, row, screener

STATES = ["JP", "MY", "SG", "NL", "DE", "CI", "SN", "NE", "AU", "FJ", "TO", "US", "CN", "PH"]
LEGALITY = Legality()  # one cache over the whole test, as in a long-running screener


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["A1160", "A1180", "A1181", "A3210", "B3011", "Y46", "Y48", "Y49",
                        "B1010", "A4060"]),
       st.sampled_from(STATES), st.sampled_from(STATES),
       st.lists(st.sampled_from(STATES), max_size=2).map(tuple),
       st.integers(0, 365 * 40), st.sampled_from(["854911", "391590", "2710990000"]))
def test_cached_and_uncached_verdicts_agree(code, exp, imp, transit, days, hs):
    day = date(1990, 1, 1) + timedelta(days=days)
    assert LEGALITY.verdict(code, exp, imp, transit, day, hs) == \
        LEGALITY.judge(code, exp, imp, transit, day, hs[:6])


def test_the_rules_judge_is_asked_once_per_period_and_again_across_a_change():
    calls = []
    inner = Legality().judge

    def judge(*args):
        calls.append(args[4])
        return inner(*args)

    judge.period = inner.period
    legality = Legality(judge)
    for day in (date(2026, 1, 5), date(2026, 6, 1), date(2026, 12, 31)):
        legality.verdict("A1160", "JP", "MY", ("SG",), day, "854911")
    assert calls == [date(2026, 1, 5)]
    # B1110 became Y49 on 2025-01-01: a change date, so a new period and a new question
    change = date(2025, 1, 1)
    assert change in default_engine().change_dates()
    before = legality.verdict("B1110", "JP", "MY", (), change - timedelta(days=1), "854911")
    after = legality.verdict("B1110", "JP", "MY", (), change, "854911")
    assert calls[1:] == [change - timedelta(days=1), change]
    assert before == inner("B1110", "JP", "MY", (), change - timedelta(days=1), "854911")
    assert after == inner("B1110", "JP", "MY", (), change, "854911")


def test_a_judge_without_periods_is_cached_by_the_exact_date():
    calls = []

    def judge(code, exp, imp, transit, day, hs):
        calls.append(day)
        return CodeVerdict(code, "consent_required", (), "test")

    legality = Legality(judge)
    for day in (date(2026, 1, 5), date(2026, 1, 5), date(2026, 1, 6)):
        legality.verdict("A1160", "JP", "MY", (), day, "854911")
    assert calls == [date(2026, 1, 5), date(2026, 1, 6)]


def test_the_cache_stays_bounded():
    legality = Legality(lambda code, *rest: CodeVerdict(code, "not_controlled", (), "test"))
    legality.CACHE_SIZE = 10
    for n in range(25):
        legality.verdict(f"A{n}", "JP", "MY", (), date(2026, 1, 1), "854911")
    assert len(legality._answers) == 10


class CountingMatcher:
    def __init__(self, inner) -> None:
        self.inner, self.calls = inner, 0

    def match(self, name, **kw):
        self.calls += 1
        return self.inner.match(name, **kw)


def test_watchlist_hits_are_remembered_per_party_and_equal_the_matcher_s():
    plain = screener()
    cached = screener()
    counting = CountingMatcher(cached.watchlist.matcher)
    cached.watchlist.matcher = counting
    uncached = screener(name_cache_size=0)
    listed = row(exporter_name=WATCHLISTED.name, declaration_id="D1")
    for s in (plain, cached, uncached):
        first, again = s.screen_row(listed), s.screen_row(dict(listed, declaration_id="D2"))
        assert "watchlist_hit" in codes(first) and again["flags"] == first["flags"]
    # two parties, then the container (not remembered), twice: four party queries saved
    assert counting.calls == 2 + 1 + 1
    a = [plain.screen_row(row(exporter_name=n)) for n in ("Green Earth Recycling", "Acme")]
    b = [uncached.screen_row(row(exporter_name=n)) for n in ("Green Earth Recycling", "Acme")]
    assert a == b


def test_a_consent_s_parties_are_remembered_past_a_stream_of_one_off_traders():
    s = screener(name_cache_size=2)
    counting = CountingMatcher(s.watchlist.matcher)
    s.watchlist.matcher = counting
    consent_row = row(declaration_id="D0")  # the consent's notifier and consignee
    s.screen_row(consent_row)
    for n in range(6):  # one-off traders, more than the memory of such parties holds
        s.screen_row(row(declaration_id=f"X{n}", exporter_name=f"One Off Trader {n} Ltd",
                         importer_name=f"Another Trader {n} GmbH"))
    before = counting.calls
    again = s.screen_row(dict(consent_row, declaration_id="D1"))
    assert counting.calls == before + 1  # the container only: both parties remembered
    assert again["flags"] == screener(name_cache_size=0).screen_row(
        dict(consent_row, declaration_id="D1"))["flags"]
    s.screen_row(row(declaration_id="X0", exporter_name="One Off Trader 0 Ltd",
                     importer_name="Another Trader 0 GmbH"))
    assert counting.calls == before + 1 + 3  # pushed out: asked again (and the container)


def test_a_new_watchlist_starts_an_empty_memory():
    s = screener()
    listed = row(exporter_name=WATCHLISTED.name)
    assert "watchlist_hit" in codes(s.screen_row(listed))
    s.watchlist = Watchlist.build([CONTAINER])  # the entity was taken off the watchlist
    flags = s.screen_row(listed)["flags"]
    assert not any(f["code"] == "watchlist_hit" and f["party"] == "exporter" for f in flags)


@given(st.sampled_from(["copper scrap", "used tyres", "Déchets plastiques", "废塑料",
                        "wooden furniture", "USED oil", "second-hand clothing", ""]))
def test_remembered_waste_words_are_those_found_afresh(text):
    matcher = KeywordMatcher.load()
    assert matcher.find(text) == matcher._find(text) == matcher.find(text)


@given(st.sampled_from(["ACME Trading Co., Ltd.", "acme trading company limited",
                        "Nippon Battery Recycling K.K.", "Malaysia Smelting Sdn Bhd", ""]),
       st.sampled_from(["Acme Trading Co Ltd", "Nippon Battery Recycling KK", "Other GmbH"]))
def test_remembered_name_similarity_is_the_one_computed_afresh(a, b):
    from tbmnet.screening.engine import name_similarity

    assert name_similarity(a, b) == name_similarity.__wrapped__(a, b) == name_similarity(a, b)


def test_a_remembered_hs_code_is_parsed_as_before_and_a_bad_one_still_refused():
    from tbmnet.screening import DeclarationError, parse

    for _ in range(2):
        assert parse(row(hs_code="8549.11")).hs_code == "854911"
        try:
            parse(row(hs_code="8549.1"))
        except DeclarationError as exc:
            assert exc.field == "hs_code"
        else:  # pragma: no cover
            raise AssertionError("a 5-digit HS code was accepted")


NOTIFIERS = ["Nippon Battery Recycling K.K.", "Nippon Batery Recycling KK", "Acme Trading Co Ltd",
             "Recycling Nippon Battery", "", "Co., Ltd."]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(NOTIFIERS), st.integers(-400, 400)), min_size=1,
                max_size=6),
       st.sampled_from([n for n in NOTIFIERS if n] + ["nippon battery recycling", "Other GmbH"]))
def test_the_likely_consent_is_the_one_name_similarity_picks(consents, exporter):
    from tbmnet.screening import parse
    from tbmnet.screening.engine import PARTY_THRESHOLD, name_similarity

    from .world import consent

    records = [consent(notification_number=f"JP-2026-{i:04d}", notifier_name=name,
                       valid_from=date(2026, 3, 2) + timedelta(days=shift),
                       valid_until=date(2026, 3, 2) + timedelta(days=shift + 200))
               for i, (name, shift) in enumerate(consents)]
    d = parse(row(exporter_name=exporter, notification_number="", movement_id=""))
    best, best_score = None, 0.0  # the plain loop, one name_similarity per consent
    for c in records:
        score = name_similarity(d.exporter_name, c.notifier_name)
        if score >= PARTY_THRESHOLD:
            score += 1.0 if c.valid_from <= d.date <= c.valid_until else 0.0
            if score > best_score:
                best, best_score = c, score
    assert screener(consents=records)._likely_consent(d) == best
