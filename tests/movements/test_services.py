"""Movements: prior notice and its refusals, events by the entitled party in order, receipt,
certificate, interim and final operations, take-back, idempotent retries."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tbmnet.apps.audit.models import AuditRecord
from tbmnet.apps.movements import services
from tbmnet.apps.movements.models import Movement, MovementEvent, MovementStatus, TakeBack
from tbmnet.apps.notifications.models import NotificationStatus
from tbmnet.errors import InvalidTransition, NotAllowed, ValidationFailed

from .factories import DAY, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def test_prior_notice_numbers_the_shipment_and_starts_the_receipt_clock(world):
    movement = world.announce()
    assert movement.serial_label == "1 of 12"
    assert movement.status == MovementStatus.ANNOUNCED
    assert movement.due_kind == "receipt"
    assert movement.due_on == movement.expected_arrival_on + timedelta(days=3)
    assert movement.export_state == "JP" and movement.transit_states == ["SG"]
    assert AuditRecord.objects.filter(event="MovementAnnouncement").count() == 1
    second = world.announce(movement.notification)
    assert second.serial_label == "2 of 12"


def test_no_consent_is_refused(world):
    notification = world.notification(status=NotificationStatus.TRANSMITTED)
    with pytest.raises(InvalidTransition, match="not consented"):
        world.announce(notification)


def test_expired_consent_is_refused(world):
    notification = world.notification(valid_until=date(2026, 3, 5))
    with pytest.raises(InvalidTransition, match="expired on 2026-03-05"):
        world.announce(notification, departure=date(2026, 3, 6))


def test_departure_on_the_last_day_of_the_consent_is_allowed(world):
    notification = world.notification(valid_until=date(2026, 3, 6))
    assert world.announce(notification, departure=date(2026, 3, 6)).serial == 1


def test_consent_not_yet_valid_is_refused(world):
    notification = world.notification(valid_from=date(2026, 4, 1))
    with pytest.raises(InvalidTransition, match="valid from 2026-04-01"):
        world.announce(notification, departure=date(2026, 3, 20))


def test_revoked_consent_is_refused(world):
    notification = world.notification(revoked=True)
    with pytest.raises(InvalidTransition, match="revoked"):
        world.announce(notification)


def test_shipment_count_over_the_consent_is_refused_and_cancellation_frees_it(world):
    notification = world.notification(shipments=2)
    first = world.announce(notification)
    world.announce(notification)
    with pytest.raises(InvalidTransition, match="2 of 2 shipments used"):
        world.announce(notification)
    world.event(first, world.notifier, "cancellation", reason="vessel changed")
    assert world.announce(notification).serial == 1


def test_quantity_over_the_consent_is_refused(world):
    notification = world.notification(tonnes="30")
    world.announce(notification, tonnes="20")
    with pytest.raises(InvalidTransition, match="would exceed the consented quantity: 10.000 t"):
        world.announce(notification, tonnes="10.5")
    assert world.announce(notification, tonnes="10").quantity_tonnes == Decimal("10")


def test_prior_notice_counts_against_the_consent_and_cancellation_gives_it_back(world):
    """One record of consent usage: the notification's counters, read by its pages and by
    customs screening, move with the movements."""
    notification = world.notification(shipments=3, tonnes="60")
    first = world.announce(notification, tonnes="20")
    world.announce(notification, tonnes="15.5")
    notification.refresh_from_db()
    assert (notification.shipments_used, notification.tonnes_used) == (2, Decimal("35.5"))
    assert AuditRecord.objects.filter(event="ConsentUsed").count() == 2
    world.event(first, world.notifier, "cancellation", reason="vessel changed")
    notification.refresh_from_db()
    assert (notification.shipments_used, notification.tonnes_used) == (1, Decimal("15.5"))
    assert AuditRecord.objects.filter(event="ConsentReleased").count() == 1


def test_customs_screening_sees_the_shipments_movements_used(world):
    from tbmnet.apps.customs import sources

    notification = world.notification(shipments=12, tonnes="240")
    world.announce(notification, tonnes="20")
    record = next(r for r in sources.consent_records()
                  if r.notification_number == notification.number)
    assert (record.shipments_used, record.quantity_kg_used) == (1, 20_000.0)


def test_a_refused_prior_notice_uses_nothing(world):
    notification = world.notification(tonnes="30")
    with pytest.raises(InvalidTransition):
        world.announce(notification, tonnes="31")
    with pytest.raises(ValidationFailed):
        world.announce(notification, departure=DAY - timedelta(days=1))
    notification.refresh_from_db()
    assert (notification.shipments_used, notification.tonnes_used) == (0, Decimal(0))


def test_usage_recorded_on_the_consent_is_what_prior_notice_checks(world):
    notification = world.notification(shipments=2, tonnes="100")
    notification.shipments_used, notification.tonnes_used = 1, Decimal("90")
    notification.save()
    with pytest.raises(InvalidTransition, match="10.000 t of 100.000 t remain"):
        world.announce(notification, tonnes="11")
    world.announce(notification, tonnes="10")
    with pytest.raises(InvalidTransition, match="2 of 2 shipments used"):
        world.announce(notification, tonnes="1")


def test_a_rejected_shipment_keeps_its_place_in_the_consent(world):
    notification = world.notification(shipments=2)
    movement = world.to_import(world.announce(notification))
    world.receive(movement, received_on=movement.departure_on + timedelta(days=3),
                  accepted=False, reason="leaking casings")
    notification.refresh_from_db()
    assert notification.shipments_used == 1


def test_facility_without_a_permit_for_the_operation_is_refused(world):
    notification = world.notification(operations=("R5",))
    with pytest.raises(InvalidTransition, match="no permit covering R5"):
        world.announce(notification)


def test_only_the_notifier_gives_prior_notice(world):
    with pytest.raises(NotAllowed):
        services.announce(notification=world.notification(), actor=world.carrier, data={})


def test_departure_in_the_past_is_refused(world):
    with pytest.raises(ValidationFailed) as refused:
        world.announce(departure=DAY - timedelta(days=1))
    assert refused.value.field == "block_6.departure_on"


def test_eu_prior_notice_needs_three_working_days(world):
    notification = world.notification(procedure="eu_1013")
    # Monday 2 March: three working days later is Thursday 5 March (R1013 Art. 16(b)).
    with pytest.raises(ValidationFailed, match="R1013 Art. 16"):
        world.announce(notification, departure=date(2026, 3, 4))
    assert world.announce(notification, departure=date(2026, 3, 5)).serial == 1


def test_basel_prior_notice_has_no_day_count_but_warns(world):
    movement = world.announce(departure=DAY)
    assert "no day count" in movement.warnings[0]


def test_a_movement_end_to_end(world):
    movement = world.to_import(world.announce())
    assert movement.status == MovementStatus.IMPORTED
    received = movement.departure_on + timedelta(days=10)
    world.receive(movement, received_on=received, approximate_completion_on=(
        received + timedelta(days=5)).isoformat())
    assert movement.status == MovementStatus.RECEIVED
    assert movement.due_kind == "certificate"
    assert movement.due_on == received + timedelta(days=35)
    world.event(movement, world.facility, "certificate", today=received + timedelta(days=6),
                operation="R4", completed_on=(received + timedelta(days=5)).isoformat(),
                quantity_tonnes="19.5")
    assert movement.status == MovementStatus.COMPLETED
    assert movement.due_on is None and not movement.closed_late
    messages = list(MovementEvent.objects.filter(movement=movement).values_list("message",
                                                                                  flat=True))
    assert messages.count("TransportStatement") == 5
    assert {"CertificateOfWasteReceipt", "CertificateOfWasteRecoveryDisposal"} <= set(messages)


@pytest.mark.parametrize(("who", "kind"), [
    ("other_carrier", "handover"), ("facility", "handover"),
])
def test_handover_by_the_wrong_party_is_refused(world, who, kind):
    movement = world.announce()
    with pytest.raises(NotAllowed, match="carrier listed"):
        world.event(movement, getattr(world, who), kind)


@pytest.mark.parametrize(("customs", "kind"), [
    ("MY", "customs_exit"), ("JP", "import_entry"), ("PH", "transit_entry"),
])
def test_customs_of_another_state_may_not_record_the_passage(world, customs, kind):
    movement = world.announce()
    with pytest.raises(NotAllowed):
        world.event(movement, world.customs[customs], kind)


def test_receipt_by_another_facility_is_refused(world):
    movement = world.to_import(world.announce())
    with pytest.raises(NotAllowed, match="facility of the notification"):
        world.event(movement, world.other_facility, "receipt", received_on="2026-03-12",
                    quantity_tonnes="20", accepted=True)


@pytest.mark.parametrize("kind", ["customs_exit", "import_entry", "transit_exit"])
def test_events_out_of_order_are_refused(world, kind):
    movement = world.announce()
    who = {"customs_exit": "JP", "import_entry": "MY", "transit_exit": "SG"}[kind]
    with pytest.raises(InvalidTransition, match="out of order"):
        world.event(movement, world.customs[who], kind)


def test_receipt_before_entry_into_the_state_of_import_is_out_of_order(world):
    movement = world.announce()
    world.event(movement, world.carrier, "handover", at=f"{movement.departure_on}T08:00")
    with pytest.raises(InvalidTransition, match="out of order"):
        world.event(movement, world.facility, "receipt", received_on="2026-03-12",
                    quantity_tonnes="20", accepted=True)


def test_entering_the_same_transit_state_twice_is_refused(world):
    movement = world.announce()
    at = f"{movement.departure_on}T08:00"
    world.event(movement, world.carrier, "handover", at=at)
    world.event(movement, world.customs["JP"], "customs_exit", at=at)
    world.event(movement, world.customs["SG"], "transit_entry", at=at)
    world.event(movement, world.customs["SG"], "transit_exit", at=at)
    with pytest.raises(InvalidTransition, match="already recorded"):
        world.event(movement, world.customs["SG"], "transit_entry", at=at)


def test_a_retry_with_the_same_key_returns_the_first_event_and_records_nothing(world):
    movement = world.announce()
    first, created = services.record_event(movement=movement, actor=world.carrier,
                                           kind="handover", data={"means": "S"},
                                           idempotency_key="k-1")
    again, created_again = services.record_event(movement=movement, actor=world.carrier,
                                                 kind="handover", data={"means": "S"},
                                                 idempotency_key="k-1")
    assert created and not created_again and again.pk == first.pk
    assert MovementEvent.objects.filter(movement=movement).count() == 1
    assert AuditRecord.objects.filter(event="TransportStatement").count() == 1


def test_the_same_key_with_another_request_is_refused_naming_the_header(world):
    movement = world.announce()
    services.record_event(movement=movement, actor=world.carrier, kind="handover",
                          data={"means": "S"}, idempotency_key="k-1")
    with pytest.raises(ValidationFailed) as refused:
        services.record_event(movement=movement, actor=world.carrier, kind="handover",
                              data={"means": "R"}, idempotency_key="k-1")
    assert refused.value.field == "Idempotency-Key"


def test_certificate_for_an_operation_the_permit_does_not_cover_is_refused(world):
    notification = world.notification(operations=("R4", "R5"))
    notification.operations = ["R4"]
    notification.save()
    movement = world.to_import(world.announce(notification))
    notification.operations = ["R4", "R5"]
    notification.save()
    world.receive(movement, received_on=movement.departure_on + timedelta(days=5))
    with pytest.raises(NotAllowed, match="only what its permit covers"):
        world.event(movement, world.facility, "certificate",
                    operation="R5", completed_on=str(movement.received_on),
                    quantity_tonnes="20", today=movement.received_on)


def test_certificate_of_an_operation_not_consented_is_refused(world):
    movement = world.to_import(world.announce())
    world.receive(movement, received_on=movement.departure_on + timedelta(days=5))
    with pytest.raises(ValidationFailed, match="not a consented operation"):
        world.event(movement, world.facility, "certificate", operation="R13",
                    completed_on=str(movement.received_on), quantity_tonnes="20",
                    today=movement.received_on)


def test_interim_operation_stays_open_until_the_final_certificate(world):
    notification = world.notification(operations=("R13", "R4"))
    movement = world.to_import(world.announce(notification))
    received = movement.departure_on + timedelta(days=5)
    world.receive(movement, received_on=received)
    interim = world.event(movement, world.facility, "certificate", today=received,
                          operation="R13", completed_on=str(received), quantity_tonnes="20")
    assert movement.status == MovementStatus.INTERIM
    assert movement.due_kind == "final_certificate"
    assert movement.due_on == date(received.year + 1, received.month, received.day)
    final = world.event(movement, world.facility, "certificate",
                        today=received + timedelta(days=40), operation="R4",
                        completed_on=str(received + timedelta(days=40)), quantity_tonnes="20")
    assert movement.status == MovementStatus.COMPLETED
    assert final.data["interim_certificate"] == interim.pk and final.data["final"]
    assert not movement.closed_late


def test_rejected_shipment_opens_a_take_back_of_90_days(world):
    movement = world.to_import(world.announce())
    received = movement.departure_on + timedelta(days=5)
    world.receive(movement, received_on=received, accepted=False,
                  reason="batteries cracked, leaking acid")
    take_back = TakeBack.objects.get(movement=movement)
    assert movement.status == MovementStatus.REJECTED
    assert take_back.basis == "art8" and take_back.due_on == received + timedelta(days=90)
    assert "Basel Art. 8 [V]" in take_back.deadline_basis
    world.event(movement, world.carrier, "take_back_departure")
    world.event(movement, world.notifier, "take_back_receipt",
                today=received + timedelta(days=90),
                returned_on=str(received + timedelta(days=90)), quantity_tonnes="20")
    take_back.refresh_from_db()
    assert movement.status == MovementStatus.RETURNED and take_back.status == "returned"
    assert not movement.closed_late


def test_take_back_returned_after_90_days_is_late(world):
    movement = world.to_import(world.announce())
    received = movement.departure_on + timedelta(days=5)
    world.receive(movement, received_on=received, accepted=False, reason="wrong waste")
    world.event(movement, world.ca["JP"], "take_back_receipt",
                today=received + timedelta(days=91),
                returned_on=str(received + timedelta(days=91)))
    assert movement.status == MovementStatus.RETURNED and movement.closed_late


def test_illegal_traffic_take_back_is_30_days(world):
    movement = world.to_import(world.announce())
    received = movement.departure_on + timedelta(days=5)
    world.receive(movement, received_on=received, accepted=False, illegal_traffic=True,
                  reason="not the waste declared (Basel Art. 9(1)(d))")
    take_back = TakeBack.objects.get(movement=movement)
    assert take_back.basis == "art9_2" and take_back.due_on == received + timedelta(days=30)


def test_rejection_needs_a_reason(world):
    movement = world.to_import(world.announce())
    with pytest.raises(ValidationFailed) as refused:
        world.receive(movement, received_on=movement.departure_on, accepted=False)
    assert refused.value.field == "block_18.reason"


def test_nothing_is_half_written_when_an_event_is_refused(world):
    movement = world.to_import(world.announce())
    before = AuditRecord.objects.count()
    with pytest.raises(ValidationFailed):
        world.receive(movement, received_on=movement.departure_on, tonnes="-1")
    assert Movement.objects.get(pk=movement.pk).status == MovementStatus.IMPORTED
    assert AuditRecord.objects.count() == before
