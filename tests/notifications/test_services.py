"""The acts of prior informed consent: filing, legality, transmission, decisions, deadlines."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tbmnet.apps.audit.models import AuditRecord
from tbmnet.apps.audit.services import verify as verify_audit
from tbmnet.apps.notifications import legality, selectors, services
from tbmnet.apps.notifications.models import (
    Consent,
    DecisionKind,
    NotificationStatus,
    StateStatus,
)
from tbmnet.errors import InvalidTransition, NotAllowed, ValidationFailed
from tbmnet.rules import Engine, NationalRule

from .factories import World

pytestmark = pytest.mark.django_db
JAN15 = date(2026, 1, 15)


@pytest.fixture
def world():
    return World()


@pytest.fixture
def sg_declared_no_written_consent(monkeypatch):
    """Singapore declared under Basel Art. 13 that it needs no prior written consent."""
    rule = NationalRule(rule_id="test-sg-transit", country="SG",
                        kind="transit_no_written_consent", article="Art. 13",
                        text="test declaration", verification="V", source="test")
    monkeypatch.setattr(legality, "engine", Engine(national_rules=[rule]))


def events(notification):
    return list(AuditRecord.objects.filter(subject_id=str(notification.pk))
                .values_list("event", flat=True))


# ------------------------------------------------------------------------ filing
def test_draft_gets_a_number_in_the_form_format(world):
    notification = world.draft()
    assert notification.number == f"JP {date.today().year} 000001"
    assert world.draft().number.endswith("000002")
    assert notification.status == NotificationStatus.DRAFT
    assert [s.role for s in notification.states.all()] == ["export", "transit", "import"]


def test_only_a_notifier_can_file(world):
    with pytest.raises(NotAllowed):
        services.create_draft(actor=world.ca["JP"], data=world.data())


@pytest.mark.parametrize("field,value,named", [
    ("hs_codes", ["0000.01"], "block_14.hs_codes"),
    ("basel_codes", ["A9999"], "block_14.basel_codes"),
    ("operations", ["R99"], "block_11.operations"),
    ("first_departure", "next week", "block_6.first_departure"),
    ("shipments", 0, "block_4.shipments"),
    ("packaging_types", ["42"], "block_7.packaging_types"),
    ("consignee_id", 999999, "block_2.consignee_id"),
])
def test_a_bad_value_is_refused_naming_the_box_and_field(world, field, value, named):
    with pytest.raises(ValidationFailed) as error:
        world.draft(**{field: value})
    assert error.value.field == named


def test_a_bad_state_names_its_row(world):
    states = world.data()["states"] + [{"state": "XX", "role": "transit"}]
    with pytest.raises(ValidationFailed) as error:
        world.draft(states=states)
    assert error.value.field == "block_15.states[3].state"


def test_submission_refuses_a_missing_hs_code_naming_block_14(world):
    notification = world.draft(hs_codes=[])
    with pytest.raises(ValidationFailed) as error:
        services.submit(notification=notification, actor=world.notifier)
    assert error.value.field == "block_14.hs_codes"
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.DRAFT


def test_general_notification_may_cover_12_months_but_not_more(world):
    ok = world.draft(first_departure="2026-03-01", last_departure="2027-03-01")
    assert not [e for e in services.check(ok)[0] if "period" in e.message]
    too_long = world.draft(first_departure="2026-03-01", last_departure="2027-03-02")
    errors, _ = services.check(too_long)
    assert errors[0].field == "block_6.last_departure" and "Art. 6(8)" in errors[0].message


def test_individual_notification_covers_one_shipment(world):
    errors, _ = services.check(world.draft(kind="single", shipments=3))
    assert errors[0].field == "block_4.shipments"


def test_disposal_operation_on_a_recovery_notification_is_refused(world):
    errors, _ = services.check(world.draft(operations=["D10"]))
    assert errors[0].field == "block_11.operations"


def test_missing_contract_and_insurance_are_warnings_not_errors(world):
    errors, warnings = services.check(world.draft(insurance="", contract_reference=""))
    assert not errors
    assert {w.field for w in warnings} == {"block_17.insurance", "block_17.contract_reference"}


def test_submission_runs_the_legality_engine_and_keeps_its_reasons(world):
    notification = world.submitted()
    assert notification.status == NotificationStatus.SUBMITTED
    assert notification.verdict["verdict"] == "consent_required"
    assert notification.procedure == "basel"
    assert any(r["article"] == "Art. 6(4)" for r in notification.verdict["reasons"])
    assert events(notification) == ["NotificationDraftCreated", "NotificationSubmission"]


def test_another_notifier_cannot_submit_or_change_it(world):
    notification = world.draft()
    with pytest.raises(NotAllowed):
        services.submit(notification=notification, actor=world.other_notifier)
    with pytest.raises(NotAllowed):
        services.update_draft(notification=notification, actor=world.other_notifier,
                              data={"designation": "x"})


def test_a_submitted_notification_can_no_longer_be_edited(world):
    notification = world.submitted()
    with pytest.raises(InvalidTransition):
        services.update_draft(notification=notification, actor=world.notifier,
                              data={"designation": "x"})


# ------------------------------------------------------------------ prohibited
@pytest.fixture
def prohibited(monkeypatch):
    real = legality.verdict_for

    def verdict(notification, **kwargs):
        answer = real(notification, **kwargs)
        return answer | {"verdict": "prohibited", "reasons": answer["reasons"] + [
            {"rule": "test", "article": "Art. 4(1)", "text": "import ban"}]}
    monkeypatch.setattr(legality, "verdict_for", verdict)


def test_prohibited_verdict_blocks_transmission(world, prohibited):
    notification = world.submitted()
    with pytest.raises(InvalidTransition) as error:
        services.transmit(notification=notification, actor=world.ca["JP"])
    assert "prohibited" in error.value.message


def test_authority_override_of_prohibited_needs_a_reason_and_is_audited(world, prohibited):
    notification = world.submitted()
    with pytest.raises(ValidationFailed):
        services.override(notification=notification, actor=world.ca["JP"], reason=" ")
    with pytest.raises(NotAllowed):
        services.override(notification=notification, actor=world.outsider_ca, reason="x")
    services.override(notification=notification, actor=world.ca["JP"],
                      reason="ban lifted by notice 2026/3")
    services.transmit(notification=notification, actor=world.ca["JP"], today=JAN15)
    assert notification.status == NotificationStatus.TRANSMITTED
    record = AuditRecord.objects.get(event="LegalityOverride")
    assert record.data["reason"] == "ban lifted by notice 2026/3" and record.actor_label == "ca.jp"


def test_a_consent_required_verdict_cannot_be_overridden(world):
    with pytest.raises(InvalidTransition):
        services.override(notification=world.submitted(), actor=world.ca["JP"], reason="x")


# ------------------------------------------------------------------ transmission
def test_only_the_authority_of_export_transmits(world):
    notification = world.submitted()
    for actor in (world.ca["MY"], world.notifier, world.outsider_ca):
        with pytest.raises(NotAllowed):
            services.transmit(notification=notification, actor=actor)


def test_transmission_starts_each_states_clock(world):
    notification = world.transmitted(today=JAN15)
    export, transit, import_ = notification.states.all()
    assert export.status == StateStatus.TRANSMITTED
    assert transit.status == import_.status == StateStatus.RECEIVED
    # Basel Art. 6(4): a transit Party may respond within 60 days; its consent is written.
    assert transit.due_on == JAN15 + timedelta(days=60) and transit.tacit_after_days is None
    # Basel Art. 6(2): no deadline for the state of import.
    assert import_.due_on is None and "no deadline" in import_.deadline_basis


# ---------------------------------------------------------------------- decisions
def test_consented_when_every_state_concerned_consented(world):
    notification = world.transmitted()
    services.decide(notification=notification, actor=world.ca["MY"], kind="consent",
                    conditions="each shipment sealed")
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.TRANSMITTED
    assert not Consent.objects.exists()
    services.decide(notification=notification, actor=world.ca["SG"], kind="consent")
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.CONSENTED
    consent = notification.consent
    assert consent.record["conditions"] == {"MY": "each shipment sealed"}
    assert consent.valid_until == date(2026, 12, 31)
    assert verify_audit().intact


def test_consent_validity_is_the_shortest_of_the_states(world):
    notification = world.transmitted()
    services.decide(notification=notification, actor=world.ca["MY"], kind="consent",
                    valid_from=date(2026, 3, 1), valid_until=date(2026, 10, 31))
    services.decide(notification=notification, actor=world.ca["SG"], kind="consent",
                    valid_from=date(2026, 4, 1), valid_until=date(2026, 12, 31))
    notification.refresh_from_db()
    assert (notification.consent.valid_from, notification.consent.valid_until) == (
        date(2026, 4, 1), date(2026, 10, 31))


def test_general_consent_for_more_than_12_months_is_refused(world):
    notification = world.transmitted()
    with pytest.raises(ValidationFailed) as error:
        services.decide(notification=notification, actor=world.ca["MY"], kind="consent",
                        valid_from=date(2026, 3, 1), valid_until=date(2027, 3, 2))
    assert error.value.field == "valid_until"


def test_an_objection_ends_the_notification(world):
    notification = world.transmitted()
    services.decide(notification=notification, actor=world.ca["SG"], kind="consent")
    with pytest.raises(ValidationFailed):
        services.decide(notification=notification, actor=world.ca["MY"], kind="objection")
    services.decide(notification=notification, actor=world.ca["MY"], kind="objection",
                    reason="the smelter's permit is suspended")
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.OBJECTED
    assert not Consent.objects.exists()
    with pytest.raises(InvalidTransition):
        services.decide(notification=notification, actor=world.ca["SG"], kind="consent")


def test_withdrawal_of_consent_revokes_the_signed_consent(world):
    notification = world.consented()
    assert selectors.verify(notification.consent.code, on=date(2026, 5, 1))["status"] == \
        "genuine"
    services.decide(notification=notification, actor=world.ca["MY"], kind="withdrawal",
                    reason="facility closed")
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.WITHDRAWN
    assert selectors.verify(notification.consent.code)["status"] == "revoked"
    assert not selectors.remaining(notification, on=date(2026, 5, 1)).usable


def test_an_authority_cannot_decide_for_another_state(world):
    notification = world.transmitted()
    with pytest.raises(NotAllowed):
        services.decide(notification=notification, actor=world.ca["SG"], state="MY",
                        kind="consent")
    with pytest.raises(NotAllowed):
        services.decide(notification=notification, actor=world.outsider_ca, kind="consent")
    with pytest.raises(NotAllowed):
        services.decide(notification=notification, actor=world.notifier, kind="consent")
    with pytest.raises(NotAllowed):
        services.decide(notification=notification, actor=world.customs, kind="consent")


def test_a_state_cannot_consent_twice(world):
    notification = world.transmitted()
    services.decide(notification=notification, actor=world.ca["MY"], kind="consent")
    with pytest.raises(InvalidTransition):
        services.decide(notification=notification, actor=world.ca["MY"], kind="consent")


def test_unknown_decision_kind_names_the_field(world):
    with pytest.raises(ValidationFailed) as error:
        services.decide(notification=world.transmitted(), actor=world.ca["MY"], kind="maybe")
    assert error.value.field == "kind"


# ------------------------------------------------------- request for information
def test_request_for_information_stops_the_clock_until_answered(world):
    notification = world.transmitted(today=JAN15)
    services.decide(notification=notification, actor=world.ca["SG"],
                    kind="information_request", reason="route inside the port?",
                    today=JAN15 + timedelta(days=10))
    sg = notification.states.get(state="SG")
    assert sg.status == StateStatus.INFORMATION_REQUESTED and sg.due_on is None
    services.answer_information(notification=notification, actor=world.notifier,
                                answer="berth 7, same day", today=JAN15 + timedelta(days=25))
    sg.refresh_from_db()
    assert sg.status == StateStatus.ACKNOWLEDGED and sg.days_stopped == 15
    assert sg.due_on == JAN15 + timedelta(days=60 + 15)
    request = sg.decisions.get(kind=DecisionKind.INFORMATION_REQUEST)
    assert request.answer == "berth 7, same day"
    assert "FurtherNotificationRequest" in events(notification)


def test_only_the_notifier_answers_and_only_when_asked(world):
    notification = world.transmitted()
    with pytest.raises(InvalidTransition):
        services.answer_information(notification=notification, actor=world.notifier,
                                    answer="x")
    services.request_information(notification=notification, actor=world.ca["MY"],
                                 question="the contract please")
    with pytest.raises(NotAllowed):
        services.answer_information(notification=notification, actor=world.other_notifier,
                                    answer="x")


# ------------------------------------------------------------- tacit consent
def _silent_transit(world):
    """Import consents; Singapore (declared no written consent needed) stays silent."""
    notification = world.transmitted(today=JAN15)
    services.decide(notification=notification, actor=world.ca["MY"], kind="consent",
                    today=JAN15)
    return notification


def test_transit_state_silent_for_60_days_gives_no_tacit_consent_yet(
        world, sg_declared_no_written_consent):
    notification = _silent_transit(world)
    sg = notification.states.get(state="SG")
    assert sg.tacit_after_days == 60 and sg.due_on == JAN15 + timedelta(days=60)
    assert services.run_deadlines(today=JAN15 + timedelta(days=60)) == []
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.TRANSMITTED


def test_transit_state_silent_for_more_than_60_days_gives_tacit_consent(
        world, sg_declared_no_written_consent):
    notification = _silent_transit(world)
    granted = services.run_deadlines(today=JAN15 + timedelta(days=61))
    assert len(granted) == 1 and granted[0].tacit and granted[0].actor is None
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.CONSENTED
    assert notification.consent.record["states"][1]["decision"] == "tacit_consent"
    tacit = AuditRecord.objects.get(event="NotificationDecision", data__tacit=True)
    assert tacit.actor_label == "system" and tacit.data["state"] == "SG"
    # Idempotent: running again grants nothing more.
    assert services.run_deadlines(today=JAN15 + timedelta(days=90)) == []
    assert AuditRecord.objects.filter(event="NotificationDecision", data__tacit=True).count() \
        == 1


def test_transit_party_without_declaration_never_consents_tacitly(world):
    notification = _silent_transit(world)
    assert services.run_deadlines(today=JAN15 + timedelta(days=400)) == []
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.TRANSMITTED


def test_state_of_import_under_basel_never_consents_tacitly(
        world, sg_declared_no_written_consent):
    notification = world.transmitted(today=JAN15)
    services.run_deadlines(today=JAN15 + timedelta(days=400))
    assert notification.states.get(state="MY").status == StateStatus.RECEIVED
    assert notification.states.get(state="SG").status == StateStatus.CONSENTED


def test_stopped_clock_gives_no_tacit_consent(world, sg_declared_no_written_consent):
    notification = _silent_transit(world)
    services.request_information(notification=notification, actor=world.ca["SG"],
                                 question="which vessel?", today=JAN15 + timedelta(days=5))
    assert services.run_deadlines(today=JAN15 + timedelta(days=100)) == []
    services.answer_information(notification=notification, actor=world.notifier,
                                answer="MV Blue", today=JAN15 + timedelta(days=20))
    assert services.run_deadlines(today=JAN15 + timedelta(days=75)) == []
    assert len(services.run_deadlines(today=JAN15 + timedelta(days=76))) == 1


@pytest.fixture
def oecd_world():
    """Germany → France → Belgium, A1160 for R4: OECD amber procedure."""
    return World(export="DE", transit=("FR",), import_="BE")


def _oecd_acknowledged(oecd_world):
    notification = oecd_world.transmitted(today=JAN15)
    assert notification.procedure == "oecd"
    be = notification.states.get(state="BE")
    assert be.due_on == date(2026, 1, 20)  # 3 working days from Thu 15 Jan [S]
    services.acknowledge(notification=notification, actor=oecd_world.ca["BE"], today=JAN15)
    return notification


def test_oecd_amber_silence_for_30_days_after_acknowledgement_is_not_yet_consent(oecd_world):
    notification = _oecd_acknowledged(oecd_world)
    assert {s.state: s.due_on for s in notification.states.exclude(role="export")} == {
        "FR": JAN15 + timedelta(days=30), "BE": JAN15 + timedelta(days=30)}
    assert services.run_deadlines(today=JAN15 + timedelta(days=30)) == []


def test_oecd_amber_silence_for_more_than_30_days_is_tacit_consent(oecd_world):
    notification = _oecd_acknowledged(oecd_world)
    assert len(services.run_deadlines(today=JAN15 + timedelta(days=31))) == 2
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.CONSENTED


def test_oecd_amber_clock_does_not_run_before_acknowledgement(oecd_world):
    oecd_world.transmitted(today=JAN15)
    assert services.run_deadlines(today=JAN15 + timedelta(days=300)) == []


def test_oecd_objection_within_30_days_stops_tacit_consent(oecd_world):
    notification = _oecd_acknowledged(oecd_world)
    services.decide(notification=notification, actor=oecd_world.ca["FR"], kind="objection",
                    reason="route through Paris refused")
    assert services.run_deadlines(today=JAN15 + timedelta(days=31)) == []
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.OBJECTED


# --------------------------------------------------------------- remaining
def test_remaining_tracks_shipments_quantity_and_validity(world):
    notification = world.consented()
    left = selectors.remaining(notification, on=date(2026, 5, 1))
    assert left.usable and left.shipments == 12 and left.tonnes == Decimal("240")
    services.record_shipment(notification=notification, tonnes=Decimal("20"),
                             on=date(2026, 5, 1))
    left = selectors.remaining(notification, on=date(2026, 5, 1))
    assert left.shipments == 11 and left.tonnes == Decimal("220")
    with pytest.raises(ValidationFailed):
        services.record_shipment(notification=notification, tonnes=Decimal("221"),
                                 on=date(2026, 5, 2))
    assert not selectors.remaining(notification, on=date(2027, 1, 1)).usable
    assert selectors.remaining(notification, on=date(2026, 12, 31)).usable


def test_release_shipment_gives_back_a_place_and_its_tonnes(world):
    notification = world.consented()
    on = date(2026, 5, 1)
    for _ in range(12):
        services.record_shipment(notification=notification, tonnes=Decimal("20"), on=on)
    with pytest.raises(InvalidTransition, match="every consented shipment"):
        services.record_shipment(notification=notification, tonnes=Decimal("1"), on=on)
    services.release_shipment(notification=notification, tonnes=Decimal("20"),
                              actor=world.notifier, reason="movement 3 of 12 cancelled")
    notification.refresh_from_db()
    assert (notification.shipments_used, notification.tonnes_used) == (11, Decimal("220"))
    assert AuditRecord.objects.filter(event="ConsentReleased").count() == 1
    services.record_shipment(notification=notification, tonnes=Decimal("20"), on=on)
    assert selectors.remaining(notification, on=on).shipments == 0


def test_release_shipment_never_goes_below_zero(world):
    notification = world.consented()
    services.release_shipment(notification=notification, tonnes=Decimal("5"))
    notification.refresh_from_db()
    assert (notification.shipments_used, notification.tonnes_used) == (0, Decimal(0))


def test_cancelling_revokes_the_consent(world):
    notification = world.consented()
    services.cancel(notification=notification, actor=world.notifier, reason="contract ended")
    assert selectors.verify(notification.consent.code)["status"] == "revoked"


def test_deadlines_run_command_grants_tacit_consent_once(world, sg_declared_no_written_consent):
    from typer.testing import CliRunner

    from tbmnet.cli import app

    _silent_transit(world)
    day = (JAN15 + timedelta(days=61)).isoformat()
    first = CliRunner().invoke(app, ["deadlines", "run", "--today", day])
    assert first.exit_code == 0 and "1 tacit consent(s) granted" in first.output
    again = CliRunner().invoke(app, ["deadlines", "run", "--today", day])
    assert again.exit_code == 0 and "0 tacit consent(s) granted" in again.output
    bad = CliRunner().invoke(app, ["deadlines", "run", "--today", "soon"])
    assert bad.exit_code == 2


def test_before_transmission_only_the_authority_of_export_asks_or_objects(world):
    notification = world.submitted()
    for kind, text in (("information_request", "why?"), ("objection", "no")):
        with pytest.raises(NotAllowed):
            services.decide(notification=notification, actor=world.ca["MY"], kind=kind,
                            reason=text)
    services.decide(notification=notification, actor=world.ca["JP"],
                    kind="information_request", reason="the contract, please")
    with pytest.raises(InvalidTransition):
        services.transmit(notification=notification, actor=world.ca["JP"])
    services.answer_information(notification=notification, actor=world.notifier,
                                answer="attached")
    services.transmit(notification=notification, actor=world.ca["JP"], today=JAN15)
    assert notification.status == NotificationStatus.TRANSMITTED


def test_the_authority_of_export_may_refuse_to_transmit(world):
    notification = world.submitted()
    services.decide(notification=notification, actor=world.ca["JP"], kind="objection",
                    reason="exporter not licensed")
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.OBJECTED
