"""Story 3: an illegal-traffic case worked by Malaysia and the state of export until the
waste is taken back (Basel Art. 9(2)) or soundly disposed of (Art. 9(3))."""

from datetime import timedelta

import pytest
from customs.factories import PLASTIC
from django.urls import reverse
from django.utils import timezone
from registry.factories import member, organisation

from tbmnet.apps.audit.models import AuditRecord
from tbmnet.apps.audit.services import verify
from tbmnet.apps.cases import selectors
from tbmnet.apps.cases.models import Case, CaseEvent, CaseStatus
from tbmnet.apps.cases.services import open_case, record
from tbmnet.apps.customs import services as customs
from tbmnet.apps.customs.models import Declaration
from tbmnet.apps.registry.models import OrganisationKind, Role
from tbmnet.errors import InvalidTransition, NotAllowed, NotFound, ValidationFailed

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def people():
    office = organisation(OrganisationKind.CUSTOMS_OFFICE, "MY", "Port Klang", code="MYPKG")
    return {"customs": member("customs.my", Role.CUSTOMS, organisation_=office),
            "ca_my": member("ca.my", Role.COMPETENT_AUTHORITY, "MY"),
            "ca_gb": member("ca.gb", Role.COMPETENT_AUTHORITY, "GB"),
            "ca_sg": member("ca.sg", Role.COMPETENT_AUTHORITY, "SG")}


@pytest.fixture
def case(people) -> Case:
    [result] = customs.screen(actor=people["customs"], rows=[PLASTIC])
    assert "error" not in result, result
    declaration = Declaration.objects.get(declaration_id=PLASTIC["declaration_id"])
    customs.seize(actor=people["customs"], declaration=declaration, containers="MSKU1234565",
                  quantity_kg="21500", reason="Y46 without notification")
    referral = customs.refer(actor=people["customs"], declaration=declaration,
                             note="Household waste declared as plastic scrap; seized.")
    case = open_case(actor=people["ca_my"], referral=referral, ground="9(1)(a)")
    # opened ten days ago, so that steps can be dated in the past
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - timedelta(days=10))
    case.refresh_from_db()
    return case


def test_take_back_story_3_end_to_end(people, case):
    ca_my, ca_gb = people["ca_my"], people["ca_gb"]
    assert list(selectors.cases_visible_to(ca_gb)) == []  # not yet informed
    informed = TODAY() - timedelta(days=5)
    record(case=case, actor=ca_my, kind="inform",
           data={"responsibility": "9(2)", "informed_on": informed.isoformat()})
    case.refresh_from_db()
    assert case.status == CaseStatus.TAKE_BACK
    assert case.due_on == informed + timedelta(days=30)  # Basel Art. 9(2)
    assert "Art. 9(2) [V]" in case.deadline_basis
    assert list(selectors.cases_visible_to(ca_gb)) == [case]
    assert selectors.days_left(case) == 25

    record(case=case, actor=ca_gb, kind="message",
           data={"note": "Exporter identified; return booked on MV Example."})
    with pytest.raises(NotAllowed):  # only the state that holds the waste records departure
        record(case=case, actor=ca_gb, kind="return_departure",
               data={"departed_on": TODAY().isoformat(), "quantity_kg": "21500"})
    with pytest.raises(ValidationFailed) as error:  # not left yet
        record(case=case, actor=ca_gb, kind="return_receipt",
               data={"received_on": TODAY().isoformat(), "quantity_kg": "21500"})
    assert error.value.field == "received_on"
    record(case=case, actor=ca_my, kind="return_departure",
           data={"departed_on": (TODAY() - timedelta(days=2)).isoformat(),
                 "quantity_kg": "21500", "transport": "MSKU1234565"})
    event = record(case=case, actor=ca_gb, kind="return_receipt",
                   data={"received_on": TODAY().isoformat(), "quantity_kg": "21480"})
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.returned_on == TODAY()
    assert event.data["days_late"] == "0" and "Art. 9(2)" in case.outcome
    assert [e.kind for e in case.events.all()] == [
        "inform", "message", "return_departure", "return_receipt"]
    assert [e.happened_on for e in case.events.all()] == [
        informed, TODAY(), TODAY() - timedelta(days=2), TODAY()]
    events = list(AuditRecord.objects.filter(subject_type="cases.Case")
                  .values_list("event", flat=True))
    assert events == ["CaseOpened", "IllegalTrafficNotice", "CaseMessage",
                      "TakeBackDeparture", "TakeBackReceipt"]
    notice = AuditRecord.objects.get(event="IllegalTrafficNotice")
    assert notice.data["before"] == "open" and notice.data["after"] == "take_back"
    assert AuditRecord.objects.get(event="CaseMessage").data["note"].startswith("Exporter")
    assert verify().intact
    with pytest.raises(InvalidTransition):
        record(case=case, actor=ca_my, kind="message", data={"note": "after closing"})


def test_a_late_return_says_by_how_many_days(people, case):
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - timedelta(days=41))
    case.refresh_from_db()
    informed = TODAY() - timedelta(days=40)
    record(case=case, actor=people["ca_my"], kind="inform",
           data={"responsibility": "9(2)", "informed_on": informed.isoformat()})
    case.refresh_from_db()
    assert selectors.days_left(case) == -10
    record(case=case, actor=people["ca_my"], kind="return_departure",
           data={"departed_on": (TODAY() - timedelta(days=1)).isoformat(),
                 "quantity_kg": "21500"})
    event = record(case=case, actor=people["ca_gb"], kind="return_receipt",
                   data={"received_on": TODAY().isoformat(), "quantity_kg": "21500"})
    assert event.data["days_late"] == "10"


def test_importer_at_fault_disposal_in_the_state_of_import_art_9_3(people, case):
    record(case=case, actor=people["ca_my"], kind="inform", data={"responsibility": "9(3)"})
    case.refresh_from_db()
    assert case.status == CaseStatus.DISPOSAL
    assert case.due_on == timezone.localdate(case.opened_at) + timedelta(days=30)
    with pytest.raises(ValidationFailed) as error:
        record(case=case, actor=people["ca_my"], kind="disposal",
               data={"disposed_on": TODAY().isoformat(), "operation": "R99",
                     "facility": "Klang ESM Recovery", "quantity_kg": "21500"})
    assert error.value.field == "operation"
    record(case=case, actor=people["ca_my"], kind="disposal",
           data={"disposed_on": TODAY().isoformat(), "operation": "d10",
                 "facility": "Klang ESM Incineration", "quantity_kg": "21500"})
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and "D10" in case.outcome


def test_unassigned_responsibility_has_no_day_count_art_9_4(people, case):
    record(case=case, actor=people["ca_my"], kind="inform", data={"responsibility": "9(4)"})
    case.refresh_from_db()
    assert case.due_on is None and "Art. 9(4)" in case.deadline_basis
    assert selectors.days_left(case) is None


@pytest.mark.parametrize("data, field", [
    ({}, "responsibility"),
    ({"responsibility": "9(9)"}, "responsibility"),
    ({"responsibility": "9(2)", "state_of_export": "MY"}, "state_of_export"),
    ({"responsibility": "9(2)", "state_of_export": "ZZ"}, "state_of_export"),
    ({"responsibility": "9(2)", "informed_on": "2026-02-30"}, "informed_on"),
    ({"responsibility": "9(2)", "informed_on": "2999-01-01"}, "informed_on"),
])
def test_bad_inform_names_the_field_and_changes_nothing(people, case, data, field):
    with pytest.raises(ValidationFailed) as error:
        record(case=case, actor=people["ca_my"], kind="inform", data=data)
    assert error.value.field == field
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and case.informed_on is None
    assert not CaseEvent.objects.exists()
    assert not AuditRecord.objects.filter(event="IllegalTrafficNotice").exists()


def test_who_may_see_and_act(people, case):
    ca_my, ca_gb, ca_sg, officer = (people["ca_my"], people["ca_gb"], people["ca_sg"],
                                    people["customs"])
    for outsider in (ca_gb, ca_sg, officer):  # GB is not informed yet
        with pytest.raises(NotAllowed):
            selectors.case_for(outsider, case.number)
        with pytest.raises(NotAllowed):
            record(case=case, actor=outsider, kind="message", data={"note": "hello"})
    with pytest.raises(NotFound):
        selectors.case_for(ca_my, "MY-IT-1999-0001")
    record(case=case, actor=ca_my, kind="inform", data={"responsibility": "9(2)"})
    case.refresh_from_db()
    assert selectors.case_for(ca_gb, case.number) == case
    with pytest.raises(NotAllowed):  # a third state still sees nothing
        selectors.case_for(ca_sg, case.number)
    with pytest.raises(NotAllowed):  # only the state that opened the case closes it
        record(case=case, actor=ca_gb, kind="close", data={"note": "nothing to return"})
    with pytest.raises(InvalidTransition):  # informed once
        record(case=case, actor=ca_my, kind="inform", data={"responsibility": "9(2)"})
    record(case=case, actor=ca_my, kind="close", data={"note": "waste destroyed by fire"})
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.outcome == "waste destroyed by fire"


def test_message_needs_a_note(people, case):
    with pytest.raises(ValidationFailed) as error:
        record(case=case, actor=people["ca_my"], kind="message", data={"note": "  "})
    assert error.value.field == "note"


def test_pages_and_api(client, people, case):
    client.force_login(people["ca_my"])
    page = client.get(reverse("cases:list"))
    assert page.status_code == 200 and case.number in page.content.decode()
    response = client.post(reverse("cases:record", args=[case.number, "inform"]),
                           {"responsibility": "9(2)", "state_of_export": "GB", "note": ""})
    assert response.status_code == 302
    detail = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert "Take-back under way" in detail and "Art. 9(2) [V]" in detail
    assert 'id="step-return_departure"' in detail
    client.force_login(people["ca_sg"])
    assert client.get(reverse("cases:detail", args=[case.number])).status_code == 403
    api = client.get(f"/api/v1/cases/{case.number}")
    assert api.status_code == 403
    client.force_login(people["ca_gb"])
    body = client.get(f"/api/v1/cases/{case.number}").json()
    assert body["status"] == "take_back" and body["days_left"] == 30
    assert body["next_steps"] == ["message", "return_receipt", "disposal"]
    bad = client.post(f"/api/v1/cases/{case.number}/steps", {"kind": "return_receipt",
                      "data": {"received_on": "yesterday"}}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "received_on"


def test_authority_home_lists_open_cases_and_overdue_ones(client, people, case):
    client.force_login(people["ca_my"])
    home = client.get("/").content.decode()
    assert 'id="home-cases"' in home and case.number in home
    assert "Nothing is overdue." in home
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - timedelta(days=41))
    case.refresh_from_db()
    record(case=case, actor=people["ca_my"], kind="inform",
           data={"responsibility": "9(2)", "informed_on": TODAY() - timedelta(days=31)})
    home = client.get("/").content.decode()
    overdue = home[home.index('id="home-overdue"'):home.index('id="home-cases"')]
    assert case.number in overdue and "Nothing is overdue." not in overdue
