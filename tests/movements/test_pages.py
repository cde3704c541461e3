"""Movement pages: each entitled person sees the forms of the acts the workflow allows them
now, posts one, and is redirected; a refusal is shown next to the form, naming the field,
and nothing changes."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tbmnet.apps.movements.models import Movement, MovementEvent, MovementStatus

from .factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def as_(client, user):
    client.force_login(user)
    return client


def acts(client, movement) -> set[str]:
    page = client.get(reverse("movements:detail", args=[movement.pk])).content.decode()
    return {kind for kind in ("handover", "customs_exit", "transit_entry", "transit_exit",
                              "import_entry", "receipt", "certificate", "take_back_departure",
                              "take_back_receipt", "cancellation")
            if f'id="record-{kind}"' in page}


def post(client, movement, kind, **data):
    return client.post(reverse("movements:record", args=[movement.pk, kind]), data)


def announce_form(**overrides):
    today = timezone.localdate()
    return {"departure_on": (today + timedelta(days=3)).isoformat(),
            "expected_arrival_on": (today + timedelta(days=12)).isoformat(),
            "quantity_tonnes": "20", "packaging_type": "4", "packaging_count": "20",
            "containers": "MSCU1234565\nMSCU7654321", "vehicles": "IMO 9321483"} | overrides


def current_notification(world, **kw):
    today = timezone.localdate()
    return world.notification(valid_from=today - timedelta(days=30),
                              valid_until=today + timedelta(days=200), **kw)


def test_the_notifier_gives_prior_notice_from_the_page(client, world):
    notification = current_notification(world)
    as_(client, world.notifier)
    listing = client.get(reverse("movements:list")).content.decode()
    url = reverse("movements:announce", args=[notification.number.replace(" ", "")])
    assert url in listing and "12 shipments, 240.000 t" in listing
    assert client.get(url).status_code == 200
    response = client.post(url, announce_form() | {"carrier_ids": [world.carrier_org.pk]})
    movement = Movement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("movements:detail", args=[movement.pk])
    assert movement.containers == ["MSCU1234565", "MSCU7654321"]
    assert movement.packaging == [{"type": "4", "count": 20}]
    notification.refresh_from_db()
    assert (notification.shipments_used, notification.tonnes_used) == (1, Decimal("20"))
    page = client.get(response["Location"]).content.decode()
    assert "Prior notice given: shipment 1 of 12." in page


def test_a_refused_prior_notice_names_the_field_and_changes_nothing(client, world):
    notification = current_notification(world, tonnes="30")
    as_(client, world.notifier)
    url = reverse("movements:announce", args=[notification.number.replace(" ", "")])
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(url, announce_form(departure_on=past))
    assert response.status_code == 422
    assert "block_6.departure_on" in response.content.decode()
    assert 'id="departure_on" name="departure_on" required value="' + past in \
        response.content.decode()
    response = client.post(url, announce_form(quantity_tonnes="31"))
    assert response.status_code == 409
    assert "would exceed the consented quantity" in response.content.decode()
    assert not Movement.objects.exists()
    notification.refresh_from_db()
    assert notification.shipments_used == 0


def test_only_the_notifier_may_give_prior_notice(client, world):
    notification = current_notification(world)
    as_(client, world.carrier)
    url = reverse("movements:announce", args=[notification.number.replace(" ", "")])
    assert client.post(url, announce_form()).status_code == 403
    assert not Movement.objects.exists()


def test_each_party_sees_only_the_acts_it_may_record_now(world):
    movement = world.announce()
    notifier, carrier = as_(Client(), world.notifier), as_(Client(), world.carrier)
    customs = {cc: as_(Client(), u) for cc, u in world.customs.items()}
    facility = as_(Client(), world.facility)
    assert acts(notifier, movement) == {"cancellation"}
    assert acts(carrier, movement) == {"handover"}
    assert acts(customs["JP"], movement) == set() == acts(facility, movement)
    assert post(carrier, movement, "handover", means="S", vehicle="IMO 9321483").status_code \
        == 302
    assert acts(customs["JP"], movement) == {"customs_exit"}
    assert acts(notifier, movement) == set()
    post(customs["JP"], movement, "customs_exit", note="seals intact")
    assert acts(customs["SG"], movement) == {"transit_entry"}
    assert acts(customs["MY"], movement) == {"import_entry"}
    post(customs["SG"], movement, "transit_entry")
    assert acts(customs["SG"], movement) == {"transit_exit"}
    post(customs["SG"], movement, "transit_exit")
    assert acts(customs["SG"], movement) == set()
    post(customs["MY"], movement, "import_entry")
    assert acts(facility, movement) == {"receipt"}
    assert acts(customs["PH"], movement) == set()
    movement.refresh_from_db()
    assert movement.status == MovementStatus.IMPORTED
    assert list(movement.events.values_list("kind", flat=True)) == [
        "handover", "customs_exit", "transit_entry", "transit_exit", "import_entry"]


def test_an_event_by_the_wrong_party_is_shown_and_nothing_recorded(world):
    movement = world.announce()
    response = post(as_(Client(), world.facility), movement, "handover")
    assert response.status_code == 403
    assert "is recorded by a carrier listed on the movement" in response.content.decode()
    assert not MovementEvent.objects.exists()


def test_a_rejection_without_reason_names_the_field_then_opens_the_take_back(world):
    today = timezone.localdate()
    movement = world.to_import(world.announce(current_notification(world), today=today,
                                              departure=today))
    facility = as_(Client(), world.facility)
    received = today.isoformat()
    response = post(facility, movement, "receipt", received_on=received,
                    quantity_tonnes="20", accepted="no", reason="")
    page = response.content.decode()
    assert response.status_code == 422
    assert "block_18.reason" in page and 'id="act-receipt"' in page
    movement.refresh_from_db()
    assert movement.status == MovementStatus.IMPORTED
    response = post(facility, movement, "receipt", received_on=received,
                    quantity_tonnes="20", accepted="no", reason="casings leaking")
    assert response.status_code == 302
    movement.refresh_from_db()
    assert movement.status == MovementStatus.REJECTED
    assert movement.take_back.basis == "art8"
    assert acts(as_(Client(), world.notifier), movement) == {"take_back_departure",
                                                             "take_back_receipt"}
    assert acts(as_(Client(), world.carrier), movement) == {"take_back_departure"}
    assert acts(as_(Client(), world.ca["JP"]), movement) == {"take_back_receipt"}


def test_the_facility_certifies_interim_then_final_from_the_page(world):
    notification = current_notification(world, operations=("R13", "R4"))
    today = timezone.localdate()
    movement = world.to_import(world.announce(notification, today=today, departure=today))
    facility = as_(Client(), world.facility)
    today = today.isoformat()
    post(facility, movement, "receipt", received_on=today, quantity_tonnes="20",
         accepted="yes")
    assert acts(facility, movement) == {"certificate"}
    post(facility, movement, "certificate", operation="R13", completed_on=today,
         quantity_tonnes="20")
    movement.refresh_from_db()
    assert movement.status == MovementStatus.INTERIM
    response = post(facility, movement, "certificate", operation="R4", completed_on=today,
                    quantity_tonnes="25")
    assert response.status_code == 422 and "block_19.quantity_tonnes" in \
        response.content.decode()
    post(facility, movement, "certificate", operation="R4", completed_on=today,
         quantity_tonnes="19.5")
    movement.refresh_from_db()
    assert movement.status == MovementStatus.COMPLETED
    assert acts(facility, movement) == set()


def test_a_double_submit_records_one_event(world):
    movement = world.announce()
    carrier = as_(Client(), world.carrier)
    for _ in range(2):
        post(carrier, movement, "handover", means="S", idempotency_key="form-1")
    assert MovementEvent.objects.count() == 1


def test_forms_need_the_csrf_token(world):
    movement = world.announce()
    client = as_(Client(enforce_csrf_checks=True), world.carrier)
    assert post(client, movement, "handover").status_code == 403
    page = client.get(reverse("movements:detail", args=[movement.pk])).content.decode()
    assert "csrfmiddlewaretoken" in page
    assert not MovementEvent.objects.exists()


def test_the_notifier_cancels_before_departure_and_the_place_is_freed(world):
    notification = world.notification(shipments=1)
    movement = world.announce(notification)
    response = post(as_(Client(), world.notifier), movement, "cancellation",
                    reason="vessel changed")
    assert response.status_code == 302
    movement.refresh_from_db()
    notification.refresh_from_db()
    assert movement.status == MovementStatus.CANCELLED
    assert notification.shipments_used == 0
