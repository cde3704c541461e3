"""Watchlist queries: what must hit, what must not, and at which threshold."""

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA
from rapidfuzz.fuzz import ratio

from tbmnet.matching.index import DEFAULT_THRESHOLD, Entity, WatchlistIndex, _similarity
from tbmnet.matching.normalise import normalise_name

WATCHLIST = [
    Entity(
        "acme",
        "company",
        "ACME Trading Co., Ltd.",
        aliases=("ACME Global Resources",),
        address="12 Harbour Road, Port Klang, 42000 Selangor, Malaysia",
        country="MY",
    ),
    Entity("romashka", "company", "ООО Ромашка", country="RU"),
    Entity("lvyuan", "company", "深圳市绿源回收有限公司", country="CN"),
    Entity("thairecycle", "company", "บริษัท ไทยรีไซเคิล จำกัด", country="TH"),
    Entity("oceanstar", "vessel", "OCEAN STAR", identifiers=("IMO 9187629",)),
    Entity("putin", "person", "Vladimir Putin", country="RU"),
    Entity("banco", "company", "BANCO NACIONAL DE CUBA", country="CU"),
    Entity("greenline", "company", "Greenline Electronics Recycling Sdn. Bhd.", country="MY"),
    Entity("sinar", "company", "PT Sinar Logam Makmur", country="ID"),
]
# Unrelated fillers so that token statistics are not degenerate.
FILLERS = [
    Entity(f"f{i}", "company", f"{a} {b} {c} Ltd")
    for i, (a, b, c) in enumerate(
        (a, b, c)
        for a in ("Nova", "Delta", "Orion", "Pacific", "Golden", "Eastern")
        for b in ("Metal", "Plastic", "Paper", "Textile", "Battery")
        for c in ("Traders", "Holdings", "Logistics", "Industries")
    )
]


@pytest.fixture(scope="module")
def index():
    return WatchlistIndex.build(WATCHLIST + FILLERS)


def top(index, name, **kwargs):
    hits = index.match(name, **kwargs)
    return hits[0].entity_id if hits else None


@pytest.mark.parametrize(
    "query",
    [
        "acme trading company limited",
        "ACME Trading Co., Ltd.",
        "Trading ACME Ltd",
        "ACME TRADNG CO LTD",
        "ACME Trading Pte. Ltd.",
    ],
)
def test_legal_form_word_order_and_typo_variants_hit_the_company(index, query):
    assert top(index, query) == "acme"


def test_alias_hit_says_it_matched_an_alias(index):
    hit = index.match("Acme Global Resources Limited")[0]
    assert (hit.entity_id, hit.field, hit.matched) == ("acme", "alias", "ACME Global Resources")


@pytest.mark.parametrize("query", ["Romashka LLC", "OOO Romashka", "ООО «Ромашка»"])
def test_cyrillic_company_hits_from_latin_and_cyrillic(index, query):
    assert top(index, query) == "romashka"


@pytest.mark.parametrize(
    "query",
    [
        "Shenzhen Shi Lvyuan Huishou Youxian Gongsi",
        "Shenzhen Lvyuan Huishou Co., Ltd.",
        "深圳市绿源回收有限公司",
        "深圳市绿源回收股份有限公司",
    ],
)
def test_chinese_company_hits_from_pinyin_and_han(index, query):
    assert top(index, query) == "lvyuan"


def test_chinese_company_english_translation_is_not_found(index):
    # Transliteration cannot translate: "Green Source Recycling" is not "Lvyuan Huishou".
    assert top(index, "Shenzhen Green Source Recycling Co., Ltd.") is None


@pytest.mark.parametrize(
    "query", ["ไทยรีไซเคิล จำกัด (มหาชน)", "บริษัท ไทยรีไซเคิล จำกัด", "Thiy Risikheil Co., Ltd."]
)
def test_thai_company_hits_across_legal_forms_and_icu_romanisation(index, query):
    assert top(index, query) == "thairecycle"


@pytest.mark.parametrize("query", ["Vladimir Putin", "PUTIN, Vladimir", "Владимир Путин"])
def test_person_hits_in_either_order_and_script(index, query):
    assert top(index, query, kind="person") == "putin"


@pytest.mark.parametrize(
    "query",
    [
        "Zenith Chemicals Ltd",
        "BANCO NACIONAL DE VENEZUELA",
        "Greenline Furniture Sdn Bhd",
        "ACME",
        "Global Resources Limited",
        "Romanov LLC",
    ],
)
def test_unrelated_or_only_partly_shared_names_do_not_hit(index, query):
    assert index.match(query) == []


def test_threshold_decides_both_ways(index):
    # "... VENEZUELA" shares two of three words with "... CUBA": a weak hit, about 0.67.
    low = index.match("BANCO NACIONAL DE VENEZUELA", threshold=0.6)
    assert [h.entity_id for h in low] == ["banco"]
    assert 0.6 <= low[0].score < 0.7
    assert index.match("BANCO NACIONAL DE VENEZUELA", threshold=0.7) == []
    assert DEFAULT_THRESHOLD > 0.7
    # A one-letter slip scores about 0.95: a hit at the default, not at 0.96.
    assert top(index, "BANCO NACIONAL DE CUBANA") == "banco"
    assert index.match("BANCO NACIONAL DE CUBANA", threshold=0.96) == []


def test_exact_name_scores_one_and_typo_scores_less(index):
    exact = index.match("Greenline Electronics Recycling")[0]
    typo = index.match("Greenlime Electronics Recycling")[0]
    assert exact.score == 1.0
    assert DEFAULT_THRESHOLD <= typo.score < 1.0


def test_identifier_hits_exactly_even_with_another_name(index):
    hit = index.match("MV Sea Breeze", identifiers=["IMO9187629"])[0]
    assert (hit.entity_id, hit.field, hit.score) == ("oceanstar", "identifier", 1.0)


def test_identifier_typed_as_name_hits(index):
    assert top(index, "IMO 9187629") == "oceanstar"


def test_wrong_identifier_does_not_hit(index):
    assert index.match("MV Sea Breeze", identifiers=["IMO 9187620"]) == []


def test_address_alone_finds_the_entity(index):
    hit = index.match("Unknown Sdn Bhd", address="12 Harbour Rd, Port Klang 42000, Selangor, MY")
    assert [(h.entity_id, h.field) for h in hit] == [("acme", "address")]


def test_address_with_another_house_number_does_not_hit(index):
    assert index.match("Unknown Sdn Bhd", address="98 Harbour Road, Port Klang, Malaysia") == []


def test_matching_address_raises_a_name_hit(index):
    plain = index.match("ACME Tradng")[0]
    with_address = index.match("ACME Tradng", address="12 Harbour Road, Port Klang, Malaysia")[0]
    assert with_address.score > plain.score
    assert with_address.address_score is not None


def test_another_country_lowers_no_score(index):
    # A listed company declared from a third country is a front, not a lesser match.
    same = index.match("ACME Tradng", country="MY")[0]
    other = index.match("ACME Tradng", country="Japan")[0]
    assert (other.entity_id, other.score) == (same.entity_id, same.score) == ("acme", same.score)


@pytest.mark.parametrize(("country", "first"), [("PA", "pa"), ("Cyprus", "cy"), (None, "cy")])
def test_among_namesakes_the_declared_country_comes_first(country, first):
    namesakes = WatchlistIndex.build([
        Entity("cy", "company", "Orion Shipping Ltd", country="CY"),
        Entity("pa", "company", "Orion Shipping Ltd", country="PA"),
        *FILLERS,
    ])
    hits = namesakes.match("ORION SHIPPING LIMITED", country=country)
    assert [h.entity_id for h in hits[:2]] == [first, ({"cy", "pa"} - {first}).pop()]
    assert hits[0].score == hits[1].score == 1.0


def test_kind_filter_excludes_other_kinds(index):
    assert index.match("Vladimir Putin", kind="company") == []


def test_limit_and_one_hit_per_entity(index):
    hits = index.match("Nova Metal Traders", threshold=0.5, limit=3)
    assert len(hits) == 3
    assert len({h.entity_id for h in hits}) == 3
    assert hits[0].entity_id == "f0"
    assert hits == sorted(hits, key=lambda h: -h.score)


_letters = "abcdefghijklmnopqrstuvwxyz"


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.sampled_from(WATCHLIST[:1] + WATCHLIST[6:]),
    st.integers(min_value=0, max_value=200),
    st.sampled_from(_letters),
)
def test_one_substituted_letter_in_the_distinctive_words_still_hits(index, entity, pos, letter):
    # Letters of the words that survive normalisation; a slip inside a legal-form word
    # ("Co., atd.") is not promised.
    core = set(normalise_name(entity.name).tokens)
    name = entity.name
    letters = [
        m.start() + k
        for m in re.finditer(r"[A-Za-z]+", name)
        if m.group(0).casefold() in core
        for k in range(len(m.group(0)))
    ]
    i = letters[pos % len(letters)]
    typo = name[:i] + letter + name[i + 1 :]
    assert top(index, typo) == entity.entity_id


def test_typo_that_makes_a_long_tail_legal_form_still_hits(index):
    # "CvBA" is a Belgian legal form in rigour's table; here it is a slip for "CUBA".
    assert top(index, "BANCO NACIONAL DE CvBA") == "banco"


def test_common_words_do_not_crowd_out_the_rare_one():
    # Many records share the common words; the one holding the rare word must be found.
    fillers = [
        Entity(f"c{i}", "company", f"International Trading Group {w} Ltd")
        for i, w in enumerate(f"W{i:04d}X" for i in range(3000))
    ]
    target = Entity("t", "company", "Zyxwvut International Trading Group Ltd")
    plain = Entity("p", "company", "International Trading Group Ltd")
    index = WatchlistIndex.build([*fillers, target, plain])
    assert top(index, "Zyxwvut International Trading Group") == "t"
    assert top(index, "Zyxwvvt International Trading Group") == "t"
    # Only common words: the record made of just them is found among thousands.
    assert top(index, "International Trading Group Co., Ltd.") == "p"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["alpha", "beta", "gamma", "delta", "omega"]), min_size=1))
@example(["alpha"] * 11)  # a word repeated is no spelling difference (SPELLING_SHARE)
def test_candidate_budget_never_loses_an_exact_name(words):
    entities = [Entity(f"e{i}", "company", " ".join(words[: i + 1])) for i in range(len(words))]
    index = WatchlistIndex.build(entities + FILLERS)
    name = " ".join(words)
    assert index.match(name)[0].score == 1.0


@pytest.mark.parametrize(
    "query",
    [
        "Акме Трейдинг Ко., Лтд.",  # the Latin name written in Cyrillic
        "ACME Tradnig Co., Ltd.",  # two slips in one word
        "ACME Trading Co., Ltx.",  # a slip in the legal form
        "ACME Trading Compnay Limted",
    ],
)
def test_cyrillic_spelling_and_slips_in_words_or_legal_form_still_hit(index, query):
    assert top(index, query) == "acme"


def test_latin_x_written_as_cyrillic_ks_hits():
    index = WatchlistIndex.build([Entity("apex", "company", "Apex Rexford Ltd"), *FILLERS])
    assert top(index, "Апекс Рексфорд Лтд") == "apex"


def test_slipped_stopword_does_not_count_as_a_word():
    index = WatchlistIndex.build([Entity("b", "company", "Bank of East Land"), *FILLERS])
    assert top(index, "Bank Xof East Land") == "b"


def test_query_whose_words_are_unknown_finds_nothing_quickly(index):
    assert index.match("Qzxwvk Jjqpzz Trading") == []


def test_misspelt_legal_form_hits_and_an_unrelated_name_with_one_does_not(index):
    assert top(index, "ACME TRADING COMPAYN LDT") == "acme"
    assert index.match("Zenith Marine Compayn Ldt") == []
    assert index.match("Orion Textile Compayn Ldt") == []


def test_letters_swapped_count_as_one_slip():
    entities = [Entity("bodega", "company", "Bodega Michigan"), *FILLERS]
    index = WatchlistIndex.build(entities)
    swapped = index.match("Bodeag Michgian")  # two swaps
    changed = index.match("Bodexa Michigxn", threshold=0.0)  # two letters changed
    assert [h.entity_id for h in swapped] == ["bodega"]
    assert changed[0].entity_id == "bodega"
    assert swapped[0].score > changed[0].score


def test_one_slip_in_a_long_word_keeps_the_word_found():
    index = WatchlistIndex.build([Entity("mriya", "company", "Mriya Resort & Spa"), *FILLERS])
    assert top(index, "Mriyf Resort & Spa") == "mriya"
    assert index.match("Mriyf Resort & Spa")[0].score >= 0.9


def test_equal_scores_go_to_the_legal_form_written_like_the_query():
    # Both normalise to "turira"; listed first, the other would win a tie by order.
    entities = [
        Entity("other", "company", "Company Sociedad Turira LLC"),
        Entity("turira", "company", "Turira Company"),
        *FILLERS,
    ]
    index = WatchlistIndex.build(entities)
    hits = index.match("Turira Cmopany")
    assert hits[0].score == hits[1].score
    assert [h.entity_id for h in hits[:2]] == ["turira", "other"]
    assert top(index, "Company Sociedad Turira LLC") == "other"


@given(st.text(alphabet="abcde ", max_size=12), st.text(alphabet="abcde ", max_size=12))
def test_similarity_lies_between_ratio_and_one_minus_osa_share(a, b):
    sim = _similarity(a, b)
    assert sim == _similarity(b, a)
    if a and b:
        assert ratio(a, b) / 100 - 1e-9 <= sim <= 1 - OSA.distance(a, b) / (len(a) + len(b)) + 1e-9
    assert (sim == 1.0) == (a == b)


def test_a_slip_of_the_candidates_legal_form_does_not_count_as_a_word():
    entities = [
        Entity("gudzon", "company", "Gudzon Shipping Co LLC"),
        Entity("vato", "company", "Vato 2002 EOOD"),
        Entity("acme", "company", "ACME S.A.S."),
        *FILLERS,
    ]
    index = WatchlistIndex.build(entities)
    assert top(index, "Gudzon Shipping Cpo LLC") == "gudzon"
    assert top(index, "Vato 2002 Eoxod") == "vato"
    # A word as far from the legal form as from any: still a word the candidate lacks.
    assert index.match("ACME Gas") == []


@pytest.mark.parametrize(("query", "entity"), [
    ("Lenpromtrnsproykt", "lenprom"),  # "a" and "e" left out
    ("Martyrs Foudtion", "martyrs"),   # "n" and "a" left out
])
def test_a_word_with_two_letters_left_out_is_found(query, entity):
    index = WatchlistIndex.build([
        Entity("lenprom", "company", "LENPROMTRANSPROYEKT"),
        Entity("martyrs", "company", "MARTYRS FOUNDATION"),
        *FILLERS,
    ])
    hits = index.match(query)
    assert hits and hits[0].entity_id == entity and hits[0].score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(("query", "entity"), [
    ("Cocina de Tijuana, S. de R.L. de I.V.", "cocina"),   # C.V. with a letter changed
    ("Fox Fashion, S.Q.", "fox"),                           # S.A.
    ("Constructora FR de Venezuela, X.A.", "constructora"),  # C.A.
])
def test_a_slip_in_an_abbreviated_legal_form_is_no_word_of_the_name(query, entity):
    index = WatchlistIndex.build([
        Entity("cocina", "company", "COCINA DE TIJUANA, S. DE R.L. DE C.V."),
        Entity("fox", "company", "FOX FASHION, S.A."),
        Entity("constructora", "company", "CONSTRUCTORA FR DE VENEZUELA, C.A."),
        *FILLERS,
    ])
    hits = index.match(query)
    assert hits and hits[0].entity_id == entity and hits[0].score >= DEFAULT_THRESHOLD


def test_spellings_the_skeleton_forgives_cost_a_little_in_latin_and_nothing_across_scripts(
    monkeypatch,
):
    entities = [
        Entity("koko", "company", "KOKO COMPANY S.A."),
        Entity("qaida", "company", "Al-Qaida Trading"),
        Entity("lucky", "company", "Lucky Star Shipping LLC"),
        Entity("caishai-neighbour", "company", "METALS Inc."),
        *FILLERS,
    ]
    index = WatchlistIndex.build(entities)
    # "Coocoo" and "Koko" share a skeleton ("koko"), but not much of their spelling.
    assert index.match("Coocoo Sdn. Bhd.") == []
    assert index.match("Coocoo Sdn. Bhd.", threshold=0.0)[0].score < 0.88
    # A transliteration variant in Latin still hits, a little below an exact one.
    kaida = index.match("Al-Kaida Trading")
    assert [h.entity_id for h in kaida] == ["qaida"]
    assert 0.9 < kaida[0].score < index.match("Al-Qaida Trading")[0].score == 1.0
    # Written in Cyrillic, the name pays nothing for its round trip through the skeleton.
    cyrillic = index.match("Лакки Стар Шиппинг")
    assert [h.entity_id for h in cyrillic] == ["lucky"]
    monkeypatch.setattr("tbmnet.matching.index.SPELLING_SHARE", 0.0)
    assert index.match("Лакки Стар Шиппинг") == cyrillic
    assert index.match("Al-Kaida Trading")[0].score > kaida[0].score
    monkeypatch.undo()
    # A word like "kaisha" before the name is the name's own word, not a legal form.
    assert index.match("Caishai Metals Inc.") == []
