"""Each rule on both sides of its boundary, against a small party table built here."""

from datetime import date

import pytest

from tbmnet.rules import ProposalError

from .factories import D, Row, engine, proposal, rule, world


def rules_of(verdict):
    return {r.rule for r in verdict.reasons}


# --- classification by date --------------------------------------------------------------

def test_annex_viii_waste_is_hazardous():
    assert engine().check(proposal()).classification == "hazardous"


def test_annex_ii_household_waste_is_other_and_under_basel_pic():
    v = engine().check(proposal("JP", "MY", basel=(), y=("Y46",)))
    assert (v.classification, v.verdict, v.procedures) == ("other", "consent_required",
                                                            ("basel",))


def test_annex_ix_waste_is_not_controlled_between_parties():
    v = engine().check(proposal("JP", "MY", basel=("B1010",), y=()))
    assert (v.classification, v.verdict) == ("non_hazardous", "not_controlled")
    assert "basel.annex_ix" in rules_of(v)


def test_y48_is_refused_before_1_january_2021_and_other_waste_after():
    e = engine()
    with pytest.raises(ProposalError) as exc:
        e.validate(proposal(basel=(), y=("Y48",), on=D(2020, 12, 31)))
    assert exc.value.field == "waste.y_codes[0]" and "Y48" in exc.value.message
    assert e.check(proposal(basel=(), y=("Y48",), on=D(2021, 1, 1))).classification == "other"


def test_b3010_in_force_until_2020_and_refused_from_2021():
    e = engine()
    e.validate(proposal(basel=("B3010",), y=(), on=D(2020, 12, 31)))
    with pytest.raises(ProposalError, match="not in force"):
        e.validate(proposal(basel=("B3010",), y=(), on=D(2021, 1, 1)))


def test_a1180_gives_way_to_a1181_on_1_january_2025():
    e = engine()
    e.validate(proposal(basel=("A1180",), y=(), on=D(2024, 12, 31)))
    with pytest.raises(ProposalError):
        e.validate(proposal(basel=("A1180",), y=(), on=D(2025, 1, 1)))
    e.validate(proposal(basel=("A1181",), y=(), on=D(2025, 1, 1)))
    with pytest.raises(ProposalError):
        e.validate(proposal(basel=("A1181",), y=(), on=D(2024, 12, 31)))


def test_national_definition_makes_annex_ix_waste_hazardous_for_that_state_only():
    definition = rule("MY", "hazardous_definition", codes="B1010")
    e = engine(national=[definition])
    mine = proposal("JP", "MY", basel=("B1010",), y=())
    assert e.check(mine).verdict == "consent_required"
    assert e.check(mine).classification == "hazardous"
    other = proposal("JP", "SG", basel=("B1010",), y=())
    assert e.check(other).verdict == "not_controlled"


def test_radioactive_waste_is_outside_basel():
    v = engine().check(proposal("JP", "MY", basel=(), y=(), radioactive=True))
    assert v.classification == "radioactive" and v.verdict == "not_controlled"
    assert "basel.radioactive_excluded" in rules_of(v)


# --- Basel Art 4(5): parties and non-parties -----------------------------------------------

def test_party_to_party_needs_basel_consent_and_party_to_non_party_is_prohibited():
    e = engine()
    assert e.check(proposal("JP", "MY", op="D10")).verdict == "consent_required"
    v = e.check(proposal("MY", "HT", op="D10"))
    assert v.verdict == "prohibited" and "basel.non_party" in rules_of(v)
    reason = next(r for r in v.reasons if r.rule == "basel.non_party")
    assert (reason.instrument, reason.article) == ("Basel Convention", "Art. 4(5)")


def test_party_from_its_date_of_effect_not_the_day_before():
    rows = [r for r in world() if not (r.instrument == "basel" and r.country == "MY")]
    rows.append(Row("basel", "MY", date_of_effect=D(2000, 6, 1)))
    e = engine(rows)
    before = e.check(proposal("JP", "MY", op="D10", on=D(2000, 5, 31)))
    after = e.check(proposal("JP", "MY", op="D10", on=D(2000, 6, 1)))
    assert before.verdict == "prohibited" and after.verdict == "consent_required"


def test_unlisted_state_is_reported_unknown_not_guessed():
    v = engine().check(proposal("JP", "BR", op="D10"))
    reason = next(r for r in v.reasons if r.rule == "basel.party_status_unknown")
    assert reason.verified is False and "unknown" in reason.text
    assert v.verdict == "consent_required"


def test_oecd_decision_covers_recovery_with_a_basel_non_party_but_not_disposal():
    e = engine()
    recovery = e.check(proposal("US", "CA", op="R4"))
    assert (recovery.verdict, recovery.procedures) == ("consent_required", ("oecd",))
    assert "basel.art11_oecd" in rules_of(recovery)
    disposal = e.check(proposal("US", "CA", op="D10"))
    assert disposal.verdict == "prohibited" and "basel.non_party" in rules_of(disposal)


def test_bilateral_art11_agreement_is_data():
    agreement = rule("CA", "art11_agreement", frm="US", rule_id="CA-US-1986")
    assert engine(national=[agreement]).check(proposal("US", "CA", op="D10")).verdict == \
        "not_controlled"


def test_both_non_parties_fall_outside_basel():
    v = engine().check(proposal("US", "HT", op="D10"))
    assert v.verdict == "not_controlled" and "basel.no_party" in rules_of(v)


def test_antarctica_is_prohibited():
    v = engine().check(proposal("AU", "AQ", op="D1"))
    assert v.verdict == "prohibited" and "basel.antarctica" in rules_of(v)


# --- Basel Art 4A: the Ban Amendment -------------------------------------------------------

def test_ban_applies_from_5_december_2019_not_before():
    e = engine()
    assert e.check(proposal("NL", "MY", op="D10", on=D(2019, 12, 4))).verdict == \
        "consent_required"
    v = e.check(proposal("NL", "MY", op="D10", on=D(2019, 12, 5)))
    assert v.verdict == "prohibited" and "basel.ban_amendment" in rules_of(v)


def test_ban_only_to_non_annex_vii_states():
    e = engine()
    assert "basel.ban_amendment" in rules_of(e.check(proposal("NL", "MY", op="D10")))
    assert e.check(proposal("NL", "DE", op="D10")).verdict == "consent_required"


def test_ban_binds_only_annex_vii_states_that_accepted_it():
    e = engine()
    v = e.check(proposal("JP", "MY", op="D10"))
    assert v.verdict == "consent_required" and "basel.ban_amendment_not_bound" in rules_of(v)


def test_ban_unknown_acceptance_is_said_not_guessed():
    rows = [r for r in world() if not (r.instrument == "basel_ban" and r.country == "FR")]
    v = engine(rows).check(proposal("FR", "MY", op="D10"))
    assert v.verdict == "consent_required"
    assert "basel.ban_amendment_status_unknown" in rules_of(v)


def test_ban_for_recovery_covers_art_1_1_a_wastes_only():
    definition = rule("NL", "hazardous_definition", codes="B1010")
    e = engine(national=[definition])
    recovery = e.check(proposal("NL", "MY", op="R4", basel=("B1010",), y=()))
    assert recovery.verdict == "consent_required"
    assert "basel.ban_amendment_scope" in rules_of(recovery)
    disposal = e.check(proposal("NL", "MY", op="D10", basel=("B1010",), y=()))
    assert disposal.verdict == "prohibited"
    annex_viii = e.check(proposal("NL", "MY", op="R4"))
    assert annex_viii.verdict == "prohibited"


# --- Basel Art 4(1): national import prohibitions as data -----------------------------------

def test_national_import_prohibition_within_its_dates_and_codes():
    ban = rule("MY", "import_prohibition", codes="A1160", start=D(2025, 1, 1))
    e = engine(national=[ban])
    assert e.check(proposal(on=D(2024, 12, 31))).verdict == "consent_required"
    v = e.check(proposal(on=D(2025, 1, 1)))
    assert v.verdict == "prohibited" and "national.import_prohibition" in rules_of(v)
    assert e.check(proposal(basel=("A1010",), y=())).verdict == "consent_required"


def test_national_prohibition_by_operation_section_and_origin():
    ban = rule("MY", "import_prohibition", ops="D", frm="JP")
    e = engine(national=[ban])
    assert e.check(proposal("JP", "MY", op="D10")).verdict == "prohibited"
    assert e.check(proposal("JP", "MY", op="R4")).verdict == "consent_required"
    assert e.check(proposal("SG", "MY", op="D10")).verdict == "consent_required"


def test_unverified_national_rule_says_so():
    ban = rule("MY", "import_prohibition", ver="U")
    reason = next(r for r in engine(national=[ban]).check(proposal()).reasons
                  if r.rule == "national.import_prohibition")
    assert reason.verified is False and "unverified" in reason.text


# --- transit -------------------------------------------------------------------------------

def test_transit_party_needs_written_consent_unless_it_declared_otherwise():
    e = engine()
    v = e.check(proposal("JP", "MY", transit=("SG",)))
    transit = [d for d in v.deadlines["basel"] if d.state == "SG"]
    assert transit[0].step == "transit_written_consent" and transit[0].days is None
    declared = engine(national=[rule("SG", "transit_no_written_consent")])
    v = declared.check(proposal("JP", "MY", transit=("SG",)))
    transit = [d for d in v.deadlines["basel"] if d.state == "SG"]
    assert (transit[0].step, transit[0].days, transit[0].article) == (
        "transit_tacit_consent", 60, "Art. 6(4)")


def test_transit_through_non_party_needs_notification_only():
    v = engine().check(proposal("JP", "MY", transit=("US",)))
    step = next(d for d in v.deadlines["basel"] if d.state == "US")
    assert step.step == "transit_notification" and step.article == "Art. 7"


# --- Bamako --------------------------------------------------------------------------------

def test_bamako_import_from_non_party_prohibited_between_parties_consent():
    e = engine()
    v = e.check(proposal("JP", "CI", op="R9"))
    assert v.verdict == "prohibited" and "bamako.import_ban" in rules_of(v)
    v = e.check(proposal("SN", "CI", op="R9"))
    assert (v.verdict, v.procedures) == ("consent_required", ("bamako", "basel"))


def test_bamako_not_before_its_entry_into_force():
    v = engine().check(proposal("JP", "CI", op="R9", on=D(1998, 4, 21)))
    assert "bamako.import_ban" not in rules_of(v)
    v = engine().check(proposal("JP", "CI", op="R9", on=D(1998, 4, 22)))
    assert "bamako.import_ban" in rules_of(v)


def test_bamako_covers_radioactive_waste_y0():
    v = engine().check(proposal("JP", "CI", basel=(), y=("Y0",)))
    assert v.classification == "radioactive" and v.verdict == "prohibited"


def test_bamako_unlisted_african_exporter_is_unknown():
    v = engine().check(proposal("MA", "CI", op="R9"))
    assert "bamako.party_status_unknown" in rules_of(v)
    assert "bamako.import_ban" not in rules_of(v)


# --- Waigani -------------------------------------------------------------------------------

def test_waigani_island_party_takes_nothing_from_outside_the_area_but_may_from_inside():
    e = engine()
    assert "waigani.import_ban" in rules_of(e.check(proposal("JP", "TO")))
    inside = e.check(proposal("PG", "TO"))
    assert "waigani.import_ban" not in rules_of(inside)
    assert inside.verdict == "consent_required" and "waigani" in inside.procedures


def test_waigani_other_party_exports_nothing_to_island_countries_but_may_to_other_party():
    e = engine()
    v = e.check(proposal("AU", "FJ"))
    assert v.verdict == "prohibited" and "waigani.export_ban" in rules_of(v)
    assert "waigani.export_ban" in rules_of(e.check(proposal("AU", "MH")))  # not a party
    assert "waigani.export_ban" not in rules_of(e.check(proposal("AU", "NZ")))


def test_waigani_bans_radioactive_waste_too():
    v = engine().check(proposal("JP", "TO", basel=(), y=(), radioactive=True))
    assert v.verdict == "prohibited"


# --- OECD ----------------------------------------------------------------------------------

def test_oecd_green_waste_between_adherents_not_controlled_amber_under_consent():
    e = engine()
    green = e.check(proposal("DE", "NL", basel=("B1010",), y=()))
    assert green.verdict == "not_controlled" and "oecd.green" in rules_of(green)
    amber = e.check(proposal("DE", "NL"))
    assert amber.procedures == ("oecd",)
    tacit = next(d for d in amber.deadlines["oecd"] if d.step == "tacit_consent")
    assert tacit.days == 30 and tacit.article == "Annex IC para 31"


def test_oecd_does_not_apply_to_disposal_or_through_a_non_adherent():
    e = engine()
    assert e.check(proposal("DE", "NL", op="D10")).procedures == ("basel",)
    assert e.check(proposal("DE", "NL", transit=("MA",))).procedures == ("basel",)


def test_oecd_amber_by_oecd_code():
    v = engine().check(proposal("DE", "NL", basel=("B1010",), y=(), oecd=("AA010",)))
    assert v.procedures == ("oecd",)


# --- input errors --------------------------------------------------------------------------

@pytest.mark.parametrize("kw,field", [
    ({"exp": "XX"}, "state_of_export"), ({"imp": "ZZ"}, "state_of_import"),
    ({"transit": ("SG", "QQ")}, "states_of_transit[1]"), ({"op": "R99"}, "operation"),
    ({"basel": ("A9999",)}, "waste.basel_codes[0]"), ({"y": ("Y31", "A1010")}, "waste.y_codes[1]"),
    ({"imp": "JP"}, "state_of_import"), ({"basel": (), "y": ()}, "waste.basel_codes"),
])
def test_bad_proposals_name_the_field(kw, field):
    with pytest.raises(ProposalError) as exc:
        engine().validate(proposal(**kw))
    assert exc.value.field == field


def test_reasons_on_unverified_party_rows_say_so():
    rows = [r for r in world() if not (r.instrument == "basel" and r.country == "HT")]
    rows.append(Row("basel", "HT", "non_party", verification="U"))
    reason = next(r for r in engine(rows).check(proposal("MY", "HT", op="D1")).reasons
                  if r.rule == "basel.non_party")
    assert reason.verified is False and "unverified" in reason.text


def test_every_reason_cites_instrument_and_article():
    e = engine()
    for exp, imp in (("JP", "MY"), ("NL", "CI"), ("AU", "FJ"), ("US", "CA"), ("US", "HT")):
        for reason in e.check(proposal(exp, imp, on=date(2026, 1, 1))).reasons:
            assert reason.instrument and reason.article
