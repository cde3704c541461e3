"""The hot path of posting an event (POST /movements/{id}/events): its queries are bounded, and
what it guarantees holds — one transaction per event with its audit record, idempotency, and
access checked before anything is written."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tbmnet.apps.audit import services as audit
from tbmnet.apps.audit.models import AuditRecord
from tbmnet.apps.movements import services
from tbmnet.apps.movements.models import Movement, MovementEvent
from tbmnet.apps.registry.tokens import create_token

from .factories import World

pytestmark = pytest.mark.django_db

# token, memberships, the movement locked (with its notification's number and notifier, and
# whether the carrier carries it), insert event, update movement, lock the head of the audit
# chain, insert record, move the head, and the savepoint of the test transaction. A retry:
# the lock, the refused insert, the first event with the movement as it is now.
EVENT_QUERIES = 10


@pytest.fixture
def world():
    return World()


@pytest.fixture
def movement(world):
    today = timezone.localdate()
    notification = world.notification(valid_from=today - timedelta(days=30),
                                      valid_until=today + timedelta(days=300), shipments=4)
    return world.announce(notification, today=today, departure=today + timedelta(days=3))


def _post(client, token, movement_id, kind="handover", key=None, **data):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if key:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(f"/api/v1/movements/{movement_id}/events", {"kind": kind, "data": data},
                       content_type="application/json", **headers)


def test_one_event_post_has_a_bounded_number_of_queries(client, world, movement,
                                                        django_assert_max_num_queries):
    token = create_token(username="carrier.sg")
    client.get("/api/v1/movements?limit=1", HTTP_AUTHORIZATION=f"Bearer {token}")  # last_used
    with django_assert_max_num_queries(EVENT_QUERIES):
        response = _post(client, token, movement.pk, key="k-1", means="S")
    assert response.status_code == 201
    body = response.json()
    assert body["movement"]["status"] == "departed" and body["replayed"] is False
    assert body["movement"]["next_events"]
    with django_assert_max_num_queries(EVENT_QUERIES):
        retry = _post(client, token, movement.pk, key="k-1", means="S")
    assert retry.json()["replayed"] is True
    assert retry.json()["movement"]["status"] == "departed"
    assert MovementEvent.objects.filter(movement=movement).count() == 1


def test_each_event_is_audited_in_an_intact_chain(client, world, movement):
    token = create_token(username="carrier.sg")
    before = AuditRecord.objects.count()
    assert _post(client, token, movement.pk, key="a", means="S").status_code == 201
    assert _post(client, token, movement.pk, key="a", means="S").json()["replayed"] is True
    assert AuditRecord.objects.count() == before + 1  # the retry records nothing
    last = AuditRecord.objects.order_by("-id").first()
    assert (last.event, last.subject_id) == ("TransportStatement", str(movement.pk))
    assert audit.verify().intact


def test_a_failing_audit_record_leaves_no_event(world, movement, monkeypatch):
    """The audit append has no savepoint of its own: its failure undoes the whole event."""
    def broken(*args, **kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(audit, "_digest", broken)
    records = AuditRecord.objects.count()
    with pytest.raises(RuntimeError):
        services.record_event(movement=movement, actor=world.carrier, kind="handover",
                              data={"means": "S"}, idempotency_key="k")
    assert not MovementEvent.objects.filter(movement=movement).exists()
    assert Movement.objects.get(pk=movement.pk).status == "announced"
    assert AuditRecord.objects.count() == records


def test_events_on_a_movement_not_mine_or_missing_are_refused_before_any_write(
        client, world, movement):
    other = create_token(username="carrier.other")
    records = AuditRecord.objects.count()
    assert _post(client, other, movement.pk, key="x", means="S").status_code == 403
    assert _post(client, other, 10**9, key="y", means="S").status_code == 404
    customs = create_token(username="customs.my")  # sees the movement, may not hand over
    assert _post(client, customs, movement.pk, key="z", means="S").status_code == 403
    assert not MovementEvent.objects.filter(movement=movement).exists()
    assert AuditRecord.objects.count() == records + 1  # the second token, nothing else


def test_a_retry_after_the_movement_moved_on_still_returns_the_first_event(client, world,
                                                                          movement):
    """The retry is no longer in order (the first moved the movement on): still a replay."""
    carrier, customs = create_token(username="carrier.sg"), create_token(username="customs.jp")
    assert _post(client, carrier, movement.pk, key="h", means="S").status_code == 201
    first = _post(client, customs, movement.pk, kind="customs_exit", key="exit-1")
    assert first.status_code == 201 and first.json()["movement"]["status"] == "exported"
    retry = _post(client, customs, movement.pk, kind="customs_exit", key="exit-1")
    assert retry.status_code == 201 and retry.json()["replayed"] is True
    assert retry.json()["event"]["id"] == first.json()["event"]["id"]
    other = _post(client, customs, movement.pk, kind="customs_exit", key="exit-1", note="x")
    assert other.status_code == 422
    assert other.json()["error"]["field"] == "Idempotency-Key"
    assert MovementEvent.objects.filter(movement=movement, kind="customs_exit").count() == 1
