"""Both sides of every deadline, and the overdue monitor: one alert per breach, to the
authorities of export and import, idempotent."""

from datetime import date, timedelta

import pytest

from tbmnet.apps.movements import selectors, services
from tbmnet.apps.movements.models import OverdueAlert

from .factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def _received(world, **receipt):
    movement = world.to_import(world.announce())
    received = movement.departure_on + timedelta(days=10)
    world.receive(movement, received_on=received, **receipt)
    return movement, received


# Receipt: OECD Annex IC para 46 [V], 3 days (here from the expected arrival until recorded).
def test_receipt_not_overdue_on_the_third_day_after_expected_arrival(world):
    movement = world.announce()
    assert services.run_overdue(today=movement.expected_arrival_on + timedelta(days=3)) == {
        "raised": 0}
    assert not OverdueAlert.objects.exists()


def test_receipt_overdue_on_the_fourth_day_raises_one_alert_to_both_authorities(world):
    movement = world.announce()
    day = movement.expected_arrival_on + timedelta(days=4)
    assert services.run_overdue(today=day) == {"raised": 1, "receipt": 1}
    assert services.run_overdue(today=day) == {"raised": 0}
    assert services.run_overdue(today=day + timedelta(days=5)) == {"raised": 0}
    alert = OverdueAlert.objects.get()
    assert alert.kind == "receipt" and alert.movement == movement
    assert alert.export_authority == world.authorities["JP"]
    assert alert.import_authority == world.authorities["MY"]


def test_an_alert_is_seen_by_the_authorities_of_export_and_import_only(world):
    movement = world.announce()
    services.run_overdue(today=movement.expected_arrival_on + timedelta(days=4))
    for who in (world.ca["JP"], world.ca["MY"]):
        assert [a.movement_id for a in selectors.overdue_alerts_for(who)] == [movement.pk]
    for who in (world.ca["SG"], world.ca_other, world.carrier, world.notifier):
        assert not selectors.overdue_alerts_for(who).exists()


def test_receipt_recorded_resolves_the_alert(world):
    movement = world.to_import(world.announce())
    services.run_overdue(today=movement.expected_arrival_on + timedelta(days=4))
    world.receive(movement, received_on=movement.expected_arrival_on,
                  today=movement.expected_arrival_on + timedelta(days=5))
    assert OverdueAlert.objects.get().resolved_on is not None


def test_receipt_confirmed_three_days_after_receipt_is_on_time(world):
    movement, received = _received(world, today=None)
    event = movement.events.get(kind="receipt")
    assert event.data["late"] is False
    movement2 = world.to_import(world.announce(movement.notification))
    day = movement2.departure_on + timedelta(days=5)
    world.receive(movement2, received_on=day, today=day + timedelta(days=3))
    assert movement2.events.get(kind="receipt").data["late"] is False


def test_receipt_confirmed_four_days_after_receipt_is_late(world):
    movement = world.to_import(world.announce())
    day = movement.departure_on + timedelta(days=5)
    world.receive(movement, received_on=day, today=day + timedelta(days=4))
    assert movement.events.get(kind="receipt").data["late"] is True
    assert movement.closed_late


# Certificate: OECD Annex IC para 48 [V]: ≤ 30 days after completion, ≤ 1 year after receipt.
def test_certificate_30_days_after_completion_is_on_time(world):
    movement, received = _received(world)
    done = received + timedelta(days=10)
    world.event(movement, world.facility, "certificate", today=done + timedelta(days=30),
                operation="R4", completed_on=str(done), quantity_tonnes="20")
    assert not movement.closed_late


def test_certificate_31_days_after_completion_is_late(world):
    movement, received = _received(world)
    done = received + timedelta(days=10)
    event = world.event(movement, world.facility, "certificate",
                        today=done + timedelta(days=31), operation="R4",
                        completed_on=str(done), quantity_tonnes="20")
    assert movement.closed_late and event.data["late"] is True


def test_certificate_clock_uses_the_approximate_completion_date(world):
    movement, received = _received(world, approximate_completion_on="2026-04-01")
    assert movement.due_on == date(2026, 5, 1)
    assert services.run_overdue(today=date(2026, 5, 1)) == {"raised": 0}
    assert services.run_overdue(today=date(2026, 5, 2)) == {"raised": 1, "certificate": 1}


def test_certificate_not_overdue_one_year_after_receipt_but_overdue_the_day_after(world):
    movement, received = _received(world)
    year = date(received.year + 1, received.month, received.day)
    assert movement.due_on == year
    assert services.run_overdue(today=year) == {"raised": 0}
    assert services.run_overdue(today=year + timedelta(days=1)) == {"raised": 1,
                                                                    "certificate": 1}


def test_certificate_within_30_days_of_completion_but_after_a_year_from_receipt_is_late(world):
    movement, received = _received(world)
    year = date(received.year + 1, received.month, received.day)
    done = year - timedelta(days=5)
    world.event(movement, world.facility, "certificate", today=year + timedelta(days=1),
                operation="R4", completed_on=str(done), quantity_tonnes="20")
    assert movement.closed_late


def test_final_certificate_after_an_interim_one_is_due_a_year_after_receipt(world):
    notification = world.notification(operations=("R13", "R4"))
    movement = world.to_import(world.announce(notification))
    received = movement.departure_on + timedelta(days=5)
    world.receive(movement, received_on=received)
    world.event(movement, world.facility, "certificate", today=received, operation="R13",
                completed_on=str(received), quantity_tonnes="20")
    year = date(received.year + 1, received.month, received.day)
    assert services.run_overdue(today=year) == {"raised": 0}
    assert services.run_overdue(today=year + timedelta(days=1)) == {
        "raised": 1, "final_certificate": 1}


# Take-back: Basel Art. 8 [V] 90 days; Art. 9(2) [V] 30 days.
@pytest.mark.parametrize(("illegal", "days"), [(False, 90), (True, 30)])
def test_take_back_overdue_only_after_its_period(world, illegal, days):
    movement = world.to_import(world.announce())
    received = movement.departure_on + timedelta(days=5)
    world.receive(movement, received_on=received, accepted=False, reason="leaking",
                  illegal_traffic=illegal)
    assert services.run_overdue(today=received + timedelta(days=days)) == {"raised": 0}
    assert services.run_overdue(today=received + timedelta(days=days + 1)) == {
        "raised": 1, "take_back": 1}


def test_closed_movements_raise_nothing(world):
    movement, received = _received(world)
    world.event(movement, world.facility, "certificate", today=received, operation="R4",
                completed_on=str(received), quantity_tonnes="20")
    assert services.run_overdue(today=received + timedelta(days=800)) == {"raised": 0}


def test_overdue_report_says_what_was_raised(world):
    movement = world.announce()
    text = services.overdue_report(today=movement.expected_arrival_on + timedelta(days=4))
    assert text == "1 overdue alert(s) raised (receipt 1)"


def test_prior_notice_counts_the_working_days_of_the_state_of_export():
    from tbmnet.apps.movements import deadlines as movement_deadlines

    # EU prior notice, 3 working days (R1013 Art. 16(b)); King's Day, Monday 27 April 2026,
    # is a public holiday in the Netherlands
    given = date(2026, 4, 23)
    assert movement_deadlines.prior_notice("eu", given).earliest_departure == date(2026, 4, 28)
    assert movement_deadlines.prior_notice("eu", given, "NL").earliest_departure == \
        date(2026, 4, 29)
