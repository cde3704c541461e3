"""The API (POST /movements, GET /movements/{id}, POST /movements/{id}/events with an
Idempotency-Key), the dashboard, the facility register, and the movement document."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tbmnet.apps.movements import selectors, services
from tbmnet.apps.movements.models import MovementEvent
from tbmnet.apps.registry.tokens import create_token

from .factories import World

pytestmark = pytest.mark.django_db


def auth(username):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(username=username)}"}


@pytest.fixture
def world():
    return World()


@pytest.fixture
def notification(world):
    today = timezone.localdate()
    return world.notification(valid_from=today - timedelta(days=30),
                              valid_until=today + timedelta(days=300), shipments=2)


def _announce(client, world, notification, **overrides):
    today = timezone.localdate()
    body = {"notification": notification.number,
            "departure_on": str(today + timedelta(days=3)),
            "expected_arrival_on": str(today + timedelta(days=12)),
            "quantity_tonnes": "20", "packaging": [{"type": "4", "count": 20}],
            "carrier_ids": [world.carrier_org.pk], "containers": ["MSCU1234565"]} | overrides
    return client.post("/api/v1/movements", body, content_type="application/json",
                       **auth("notifier.jp"))


def _event(client, movement_id, username, kind, key=None, **data):
    headers = auth(username) | ({"HTTP_IDEMPOTENCY_KEY": key} if key else {})
    return client.post(f"/api/v1/movements/{movement_id}/events", {"kind": kind, "data": data},
                       content_type="application/json", **headers)


def test_announce_and_show_a_movement(client, world, notification):
    response = _announce(client, world, notification)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["serial_label"] == "1 of 2" and body["awaiting"] == "receipt"
    shown = client.get(f"/api/v1/movements/{body['id']}", **auth("ca.my")).json()
    assert shown["notification"] == notification.number and shown["events"] == []
    assert client.get(f"/api/v1/movements/{body['id']}", **auth("ca.ne")).status_code == 403
    assert client.get("/api/v1/movements/999999", **auth("ca.my")).status_code == 404


def test_over_count_is_a_409_with_the_reason(client, world, notification):
    assert _announce(client, world, notification).status_code == 201
    assert _announce(client, world, notification).status_code == 201
    refused = _announce(client, world, notification)
    assert refused.status_code == 409
    assert "2 of 2 shipments used" in refused.json()["error"]["message"]


def test_bad_quantity_is_a_422_naming_the_block(client, world, notification):
    refused = _announce(client, world, notification, quantity_tonnes="lots")
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "block_5.quantity_tonnes"


def test_events_with_idempotency_key(client, world, notification):
    movement_id = _announce(client, world, notification).json()["id"]
    first = _event(client, movement_id, "carrier.sg", "handover", key="port-1", means="S")
    assert first.status_code == 201 and first.json()["replayed"] is False
    retry = _event(client, movement_id, "carrier.sg", "handover", key="port-1", means="S")
    assert retry.status_code == 201 and retry.json()["replayed"] is True
    assert retry.json()["event"]["id"] == first.json()["event"]["id"]
    assert MovementEvent.objects.filter(movement_id=movement_id).count() == 1
    clash = _event(client, movement_id, "carrier.sg", "handover", key="port-1", means="R")
    assert clash.status_code == 422
    assert clash.json()["error"]["field"] == "Idempotency-Key"


def test_event_by_the_wrong_party_is_403_and_out_of_order_is_409(client, world, notification):
    movement_id = _announce(client, world, notification).json()["id"]
    assert _event(client, movement_id, "customs.my", "customs_exit").status_code == 403
    refused = _event(client, movement_id, "customs.jp", "customs_exit")
    assert refused.status_code == 409 and "out of order" in refused.json()["error"]["message"]
    assert _event(client, movement_id, "carrier.sg", "teleport").status_code == 409


def test_movement_document_pdf(client, world, notification):
    movement_id = _announce(client, world, notification).json()["id"]
    _event(client, movement_id, "carrier.sg", "handover", means="S")
    response = client.get(f"/api/v1/movements/{movement_id}/document.pdf",
                          **auth("notifier.jp"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    movement = selectors.Movement.objects.get(pk=movement_id)
    from tbmnet.apps.movements.documents import blocks
    numbers = [b[0] for b in blocks(movement)]
    assert numbers[:2] == ["1", "2"] and numbers[-1] == "22" and len(numbers) == 24
    assert dict(blocks(movement)[7][2])["Carrier"] == "Straits Shipping"


def test_dashboard_counts_each_stage(client, world):
    day = world.announce().departure_on
    notification = world.notification()
    moving = world.announce(notification)
    done = world.to_import(world.announce(notification))
    world.receive(done, received_on=day, today=day)
    world.event(done, world.facility, "certificate", today=day, operation="R4",
                completed_on=str(day), quantity_tonnes="20")
    rejected = world.to_import(world.announce(notification))
    world.receive(rejected, received_on=day, today=day, accepted=False, reason="leaking")
    board = selectors.dashboard(world.ca["MY"], today=moving.due_on + timedelta(days=1))
    assert (board.awaiting_receipt, board.awaiting_certificate, board.closed,
            board.take_back_open) == (2, 0, 1, 1)
    assert board.overdue == 2 and board.overdue_rows[0]["days_overdue"] == 1
    assert board.on_time_rate == 1.0
    assert str(board.received_tonnes) == "40.000"
    data = client.get("/api/v1/movements/dashboard", {"today": str(day)},
                      **auth("ca.jp")).json()
    assert data["closed"] == 1 and data["awaiting_receipt"] == 2
    assert client.get("/api/v1/movements/dashboard", **auth("carrier.sg")).status_code == 403
    client.force_login(world.ca["MY"])
    page = client.get("/movements/dashboard/")
    assert page.status_code == 200 and b"<svg" in page.content


def test_facility_register_visible_to_consenting_authorities_only(client, world):
    movement = world.to_import(world.announce())
    day = movement.departure_on
    world.receive(movement, received_on=day, today=day + timedelta(days=5))
    facility = world.facility_org.pk
    services.record_assessment(facility=world.facility_org, actor=world.ca["MY"], data={
        "outcome": "sound", "summary": "smelter with acid recovery", "assessed_on": str(day)})
    services.record_inspection(facility=world.facility_org, actor=world.ca["MY"], data={
        "outcome": "minor", "findings": "labels missing", "inspected_on": str(day)})
    shown = client.get(f"/api/v1/movements/facilities/{facility}", **auth("ca.jp")).json()
    assert shown["permits"][0]["operations"] == ["R4", "R13"]
    assert shown["assessments"][0]["outcome"] == "sound"
    assert shown["inspections"][0]["outcome"] == "minor"
    assert len(shown["history"]["late_receipts"]) == 1
    assert client.get(f"/api/v1/movements/facilities/{facility}",
                      **auth("ca.ne")).status_code == 403
    refused = client.post(f"/api/v1/movements/facilities/{facility}/inspections",
                          {"outcome": "compliant", "findings": "ok", "inspected_on": str(day)},
                          content_type="application/json", **auth("ca.jp"))
    assert refused.status_code == 403  # only the authority of the facility's state
    client.force_login(world.ca["SG"])
    assert client.get(f"/movements/facilities/{facility}/").status_code == 200
