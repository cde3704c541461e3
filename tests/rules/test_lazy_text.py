"""Reason texts are rendered only when read; rendered, they are the texts of before."""

from __future__ import annotations

from datetime import date

from tbmnet.rules import NationalRule, Reason

from .factories import engine, proposal


def test_a_deferred_text_renders_its_template_once_read():
    lazy = Reason("r", "I", "Art. 1", "{0} to {1}: {0}.", "informs", "S", ("JP", "MY"))
    eager = Reason("r", "I", "Art. 1", "JP to MY: JP.", "informs", "S")
    assert lazy.text == "JP to MY: JP." and lazy == eager
    assert repr(lazy) == repr(eager) and lazy.as_dict() == eager.as_dict()
    lazy.text = "changed"
    assert lazy.text == "changed" and lazy != eager


def test_reason_keeps_the_dataclass_construction_and_defaults():
    r = Reason("rule", "Basel Convention", "Art. 4(5)", "text")
    assert (r.effect, r.confidence, r.verified) == ("informs", "S", True)
    assert Reason("rule", "B", "A", "t", confidence="U").verified is False
    assert r == Reason(rule="rule", instrument="Basel Convention", article="Art. 4(5)",
                       text="text")


def test_rendered_texts_are_word_for_word_those_of_the_eager_engine():
    # Pinned from the engine before texts were deferred (same world, same proposal).
    v = engine().check(proposal("JP", "MY", transit=("SG",), op="D10"))
    texts = {r.rule: r.text for r in v.reasons}
    assert texts["basel.pic"] == (
        "Hazardous wastes between Parties (JP to MY): written notification through the "
        "competent authority of export and the written consent of the State of import before "
        "the movement starts.")
    assert texts["basel.transit_consent"] == (
        "SG (transit) is a Party (from 1993-01-01, [V]) and has made no recorded declaration "
        "waiving prior written consent: its written consent is required.")
    tacit = NationalRule("SG-TNW", "SG", "transit_no_written_consent", verification="S")
    v = engine(national=[tacit]).check(proposal("JP", "MY", transit=("SG",)))
    assert {r.rule: r.text for r in v.reasons}["basel.transit_tacit_consent"] == (
        "SG (transit) declared that it needs no prior written consent (SG-TNW): silence for 60 "
        "days after receipt of the notification is consent.")
    v = engine().check(proposal("NL", "MY", on=date(2026, 3, 1)))
    ban = next(r for r in v.reasons if r.rule == "basel.ban_amendment")
    assert ban.text == (
        "NL is listed in Annex VII (from 1995-09-22, [V]), MY is not [S: Annex VII membership "
        "derived from OECD/EU membership]; NL is bound by the Ban Amendment (from 2019-12-05, "
        "[V]): it prohibits movements of Art. 1(1)(a) hazardous wastes for Annex IV B "
        "(recovery) operations to States not listed in Annex VII.")
    v = engine().check(proposal("US", "CI", op="D10"))
    bamako = next(r for r in v.reasons if r.rule == "bamako.import_ban")
    assert bamako.text == (
        "CI is a Bamako Party (date of effect not recorded, [S]) and US is not (outside "
        "Africa: only OAU/AU member States may join [S]): the import of all hazardous wastes, "
        "for any reason, into Africa from non-Contracting Parties is prohibited (an illegal "
        "and criminal act).")
