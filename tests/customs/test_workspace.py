"""The customs workspace: screening kept for the queue, checks, seizure, referral, case."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from notifications.factories import World
from registry.factories import member, organisation

from customs.factories import PLASTIC
from tbmnet.apps.audit.models import AuditRecord
from tbmnet.apps.audit.services import verify
from tbmnet.apps.cases.services import open_case
from tbmnet.apps.customs import selectors, services
from tbmnet.apps.customs.models import Declaration, DeclarationStatus, RiskProfile
from tbmnet.apps.registry.models import OrganisationKind, Role
from tbmnet.errors import NotAllowed, ValidationFailed

pytestmark = pytest.mark.django_db

WATCHLIST = [{"entity_id": "ANW-0042", "kind": "company",
              "name": "Greenfield Polymer Trading Company Limited",
              "aliases": "Greenfield Polymers", "address": "", "country": "GB",
              "identifiers": "", "source": "Asian Network alert 2026-03"}]


@pytest.fixture
def officer():
    office = organisation(OrganisationKind.CUSTOMS_OFFICE, "MY", "Port Klang", code="MYPKG")
    return member("customs.my", Role.CUSTOMS, organisation_=office)


@pytest.fixture
def authority():
    return member("ca.my", Role.COMPETENT_AUTHORITY, "MY")


def screened(officer, row=PLASTIC) -> Declaration:
    services.import_watchlist(actor=officer, rows=WATCHLIST)
    [result] = services.screen(actor=officer, rows=[row])
    assert "error" not in result, result
    return Declaration.objects.get(declaration_id=row["declaration_id"])


def test_port_klang_plastic_scrap_is_flagged_and_kept_for_the_queue(officer):
    declaration = screened(officer)
    assert {"watchlist_hit", "no_consent"} <= set(declaration.flag_codes)
    assert declaration.decision in ("inspect", "hold") and declaration.risk >= 50
    assert declaration.office.code == "MYPKG" and declaration.state == "MY"
    assert list(selectors.queue(officer)) == [declaration]


def test_a_malformed_row_is_answered_with_its_error_and_the_rest_are_screened(officer):
    bad = dict(PLASTIC, declaration_id="BAD-1", hs_code="39A")
    results = services.screen(actor=officer, rows=[bad, PLASTIC])
    assert results[0] == {"declaration_id": "BAD-1", "error": {
        "field": "hs_code", "message": results[0]["error"]["message"]}}
    assert "flags" in results[1]
    assert list(Declaration.objects.values_list("declaration_id", flat=True)) == [
        "MYPKG-2026-000417"]


def test_another_states_office_is_refused_by_row(officer):
    [result] = services.screen(actor=officer, rows=[dict(PLASTIC, customs_office="SGJUR")])
    assert result["error"]["field"] == "customs_office"
    assert not Declaration.objects.exists()


def test_only_customs_officers_screen(authority):
    with pytest.raises(NotAllowed):
        services.screen(actor=authority, rows=[PLASTIC])


def test_queue_is_sorted_by_risk_and_leaves_out_released_and_clean(officer):
    services.import_watchlist(actor=officer, rows=WATCHLIST)
    clean = dict(PLASTIC, declaration_id="CLEAN", hs_code="940370",
                 description="new plastic garden furniture", exporter_name="Acme Furniture")
    low = dict(PLASTIC, declaration_id="LOW", exporter_name="Pacific Resin Traders")
    services.screen(actor=officer, rows=[low, PLASTIC, clean])
    ids = [d.declaration_id for d in selectors.queue(officer)]
    assert "CLEAN" not in ids and ids[0] == "MYPKG-2026-000417"
    risks = [d.risk for d in selectors.queue(officer)]
    assert risks == sorted(risks, reverse=True)


def test_rescreening_the_same_declaration_updates_it(officer):
    screened(officer)
    services.screen(actor=officer, rows=[dict(PLASTIC, net_mass_kg="100")])
    assert Declaration.objects.get().net_mass_kg == 100


def test_inspection_seizure_referral_and_case_story_2(officer, authority):
    declaration = screened(officer)
    photo = SimpleUploadedFile("container.jpg", b"\xff\xd8\xff\xe0fakejpeg",
                               content_type="image/jpeg")
    inspection = services.record_inspection(
        actor=officer, declaration=declaration, kind="physical",
        findings="mixed household waste under a top layer of baled film", compliant=False,
        waste_codes_found=["Y46"], photos=[photo])
    assert inspection.photos.count() == 1 and declaration.status == DeclarationStatus.INSPECTED
    services.seize(actor=officer, declaration=declaration, containers="MSKU1234565",
                   quantity_kg="21500", reason="Y46 without notification (Basel Art. 9(1)(a))")
    referral = services.refer(actor=officer, declaration=declaration,
                              note="Household waste declared as plastic scrap; seized.")
    assert referral.authority.country == "MY"
    assert Declaration.objects.get().status == DeclarationStatus.REFERRED
    case = open_case(actor=authority, referral=referral, ground="9(1)(a)")
    assert case.number.startswith("MY-IT-") and case.state_of_export == "GB"
    events = list(AuditRecord.objects.values_list("event", flat=True))
    assert events[-4:] == ["InspectionRecorded", "SeizureRecorded",
                           "ReferralToCompetentAuthority", "CaseOpened"]
    assert verify().intact


def test_another_states_customs_cannot_touch_the_declaration(officer):
    declaration = screened(officer)
    stranger = member("customs.sg", Role.CUSTOMS, "SG")
    with pytest.raises(NotAllowed):
        services.seize(actor=stranger, declaration=declaration, containers="x",
                       quantity_kg=1, reason="x")
    with pytest.raises(NotAllowed):
        selectors.declaration_for(stranger, declaration.pk)


def test_bad_inspection_input_names_the_field_and_changes_nothing(officer):
    declaration = screened(officer)
    for kwargs, field in (({"kind": "sniff", "findings": "x"}, "kind"),
                          ({"kind": "physical", "findings": " "}, "findings"),
                          ({"kind": "physical", "findings": "x",
                            "waste_codes_found": ["Y99"]}, "waste_codes_found")):
        with pytest.raises(ValidationFailed) as error:
            services.record_inspection(actor=officer, declaration=declaration,
                                       compliant=False, **kwargs)
        assert error.value.field == field
    assert not declaration.inspections.exists()


@pytest.mark.parametrize("quantity", ["-1", "0", "NaN", "Infinity", "1e20", "lots", ""])
def test_seizure_quantity_must_be_a_positive_number(officer, quantity):
    declaration = screened(officer)
    with pytest.raises(ValidationFailed) as error:
        services.seize(actor=officer, declaration=declaration, containers="",
                       quantity_kg=quantity, reason="x")
    assert error.value.field == "quantity_kg"
    assert not hasattr(Declaration.objects.get(pk=declaration.pk), "seizure")


def test_another_authority_cannot_open_the_case(officer, authority):
    declaration = screened(officer)
    referral = services.refer(actor=officer, declaration=declaration, note="see flags")
    outsider = member("ca.sg", Role.COMPETENT_AUTHORITY, "SG")
    with pytest.raises(NotAllowed):
        open_case(actor=outsider, referral=referral)


def test_watchlist_import_is_all_or_nothing_and_names_line_and_field(officer):
    rows = [*WATCHLIST, dict(WATCHLIST[0], entity_id="ANW-0043", kind="spaceship")]
    with pytest.raises(ValidationFailed) as error:
        services.import_watchlist(actor=officer, rows=rows)
    assert error.value.field == "kind" and "line 3" in error.value.message
    assert services.import_watchlist(actor=officer, rows=WATCHLIST) == {"created": 1,
                                                                        "updated": 0}
    assert services.import_watchlist(actor=officer, rows=WATCHLIST) == {"created": 0,
                                                                        "updated": 1}


def test_risk_profile_change_needs_no_release_and_is_audited(officer):
    profile = {"profile_id": "MY-PLASTIC-1", "title": "Plastic scrap from Europe",
               "weight": 40, "conditions": [{"kind": "hs_prefix", "values": ["3915"]}]}
    services.save_risk_profile(actor=officer, definition=profile)
    declaration = screened(officer)
    assert "risk_profile" in declaration.flag_codes
    services.save_risk_profile(actor=officer, definition=dict(profile, active=False))
    assert RiskProfile.objects.get().active is False
    services.screen(actor=officer, rows=[PLASTIC])
    assert "risk_profile" not in Declaration.objects.get().flag_codes
    assert list(AuditRecord.objects.filter(event__startswith="RiskProfile")
                .values_list("event", flat=True)) == ["RiskProfileCreated",
                                                      "RiskProfileChanged"]


def test_a_bad_profile_is_refused_naming_the_definition(officer):
    with pytest.raises(ValidationFailed) as error:
        services.save_risk_profile(actor=officer, definition={"profile_id": "X", "weight": 400,
                                                              "conditions": []})
    assert error.value.field == "definition"


def test_a_declaration_citing_a_consent_matches_it():
    world = World()
    notification = world.consented()
    officer = world.customs
    row = dict(PLASTIC, declaration_id="D-OK", state_of_export="JP", hs_code="854911",
               description="spent lead-acid batteries", exporter_name="Nippon Recycling KK",
               importer_name="Klang Smelting Sdn Bhd", net_mass_kg="20000",
               notification_number=notification.number, customs_office="MYPKG")
    [result] = services.screen(actor=officer, rows=[row])
    assert result["matched_notification"] == notification.number
    assert "no_consent" not in {f["code"] for f in result["flags"]}


def test_screening_uses_the_party_lists_as_corrected_in_the_database(officer):
    from datetime import date

    from tbmnet.apps.registry import setup
    from tbmnet.apps.registry.models import PartyStatus

    setup.load_reference()
    batteries = dict(PLASTIC, declaration_id="ULAB-1", state_of_export="JP", hs_code="854911",
                     description="spent lead-acid batteries, waste",
                     exporter_name="Sagami Lead Recovery")
    [before] = services.screen(actor=officer, rows=[batteries])
    assert "prohibited" not in {f["code"] for f in before["flags"]}
    # Suppose Japan accepted the Ban Amendment (it has not): an administrator records it.
    PartyStatus.objects.create(instrument="basel_ban", country="JP", role="party",
                               date_of_effect=date(2026, 1, 1), verification="V",
                               source="test", corrected_source="depositary notification (test)")
    [after] = services.screen(actor=officer, rows=[batteries])
    assert "prohibited" in {f["code"] for f in after["flags"]}
