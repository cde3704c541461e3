"""The hot path of posting an event (POST /movements/{id}/events): its queries are bounded, and
what it guarantees holds — one transaction per event with its audit record, idempotency, and
access checked before anything is written."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tbmnet.apps.audit import services as audit
from tbmnet.apps.audit.models import AuditRecord
from tbmnet.apps.movements import services
from tbmnet.apps.movements.models import Movement, MovementEvent
from tbmnet.apps.registry import access, tokens
from tbmnet.apps.registry.models import ApiToken, Membership, Role
from tbmnet.apps.registry.tokens import create_token

from .factories import World

pytestmark = pytest.mark.django_db

# The token with its user and memberships (one statement), the movement locked (with its
# notification's number and notifier, and whether the carrier carries it), the event inserted
# with the movement's update, the head of the audit chain locked, the record inserted with
# the head moved on, and the test transaction's savepoint and its release. On SQLite the
# update of the movement and the move of the head are statements of their own. A retry: the
# token, the lock, the refused insert (and its savepoint's rollback), the first event with the
# movement as it is now.
EVENT_QUERIES = 7 if connection.vendor == "postgresql" else 9


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


def test_the_locked_movement_is_read_as_the_orm_reads_it(world, movement):
    """``_locked`` builds the movement from its own statement: every field (JSON, decimals,
    dates, times) as the ORM gives it, with the notification's number and notifier."""
    with transaction.atomic():
        locked = services._locked(movement.pk, world.carrier)
    stored = Movement.objects.get(pk=movement.pk)
    for field in Movement._meta.concrete_fields:
        assert getattr(locked, field.attname) == getattr(stored, field.attname), field.name
    assert locked.packaging == [{"type": "4", "count": 20}]
    assert locked.notification_number == stored.notification.number
    assert locked.notifier_of_notification == world.notifier_org.pk
    assert locked.carried_by_candidate is True
    with transaction.atomic():
        assert services._locked(movement.pk, world.other_carrier).carried_by_candidate is False
        assert not hasattr(services._locked(movement.pk, world.facility),
                           "carried_by_candidate")  # no carrier: no question asked
        assert services._locked(10**9, world.carrier) is None


def test_the_event_and_movement_rows_are_what_the_answer_says(client, world, movement):
    """The event is written in one statement with the movement's update and not read back:
    the rows hold what the answer shows; a handover on the way leaves the movement as it
    was."""
    token = create_token(username="carrier.sg")
    body = _post(client, token, movement.pk, key="r-1", means="S", vehicle="IMO 1").json()
    row = MovementEvent.objects.get(pk=body["event"]["id"])
    assert (row.movement_id, row.kind, row.message, row.status_after, row.state) == (
        movement.pk, "handover", "TransportStatement", "departed", "SG")
    assert row.data == body["event"]["data"] == {"carrier": "Straits Shipping", "means": "S",
                                                 "vehicle": "IMO 1"}
    assert row.occurred_at.isoformat() == body["event"]["occurred_at"]
    assert (row.actor_id, row.organisation_id) == (world.carrier.pk, world.carrier_org.pk)
    assert (row.idempotency_key, len(row.request_hash)) == ("r-1", 64)
    stored = Movement.objects.get(pk=movement.pk)
    assert stored.status == body["movement"]["status"] == "departed"
    assert stored.departure_on == timezone.localdate()  # block 6: the actual date
    again = _post(client, token, movement.pk, key="r-2", means="R").json()
    assert again["movement"]["status"] == "departed" and again["replayed"] is False
    assert Movement.objects.get(pk=movement.pk).departure_on == stored.departure_on
    assert MovementEvent.objects.filter(movement=movement).count() == 2


# ---------------------------------------------------------------- the token and its rights
def test_one_statement_reads_the_token_its_user_and_their_memberships(world):
    both = world.customs["MY"]
    Membership.objects.create(user=both, organisation=world.carrier_org, role=Role.CARRIER)
    token = create_token(username=both.username)
    with CaptureQueriesContext(connection) as queries:
        user = tokens.user_for_token(token)
        mine = access.memberships(user)  # answered from what the token's statement read
        names = [(m.role, m.organisation.name, m.organisation.country) for m in mine]
    assert len(queries) == 2  # the statement, and the token's first use written
    assert user.pk == both.pk and user.username == "customs.my"
    expected = Membership.objects.filter(user=both).select_related("organisation").order_by("id")
    assert names == [(m.role, m.organisation.name, m.organisation.country) for m in expected]
    assert {m.role for m in mine} == {Role.CUSTOMS, Role.CARRIER}
    assert all(m.user is user for m in mine)


def test_the_token_lookup_refuses_what_it_must(world):
    """Unknown, malformed, revoked, a deactivated user: no user; a user with no membership:
    the user, with no rights."""
    valid = create_token(username="carrier.sg")
    revoked = create_token(username="carrier.sg")
    ApiToken.objects.filter(key_hash=tokens._hash(revoked)).update(revoked_at=timezone.now())
    inactive = create_token(username="facility.other")
    type(world.other_facility).objects.filter(pk=world.other_facility.pk).update(
        is_active=False)
    lonely = create_token(username="ca.ne")
    Membership.objects.filter(user=world.ca_other).delete()
    assert tokens.user_for_token(valid).username == "carrier.sg"
    for token in (revoked, inactive, "tbm_unknown", "nope", "", valid + "x"):
        assert tokens.user_for_token(token) is None, token
    nobody = tokens.user_for_token(lonely)
    assert nobody.username == "ca.ne" and access.memberships(nobody) == []


def test_rights_are_read_for_each_request_and_never_lent_to_another(client, world, movement):
    """Two carriers' requests in turn each act with their own rights; a membership taken
    away or a token revoked counts from the very next request."""
    mine, other = create_token(username="carrier.sg"), create_token(username="carrier.other")
    assert _post(client, other, movement.pk, key="o-1", means="S").status_code == 403
    assert _post(client, mine, movement.pk, key="m-1", means="S").status_code == 201
    assert _post(client, other, movement.pk, key="o-2", means="S").status_code == 403
    Membership.objects.filter(user=world.carrier).delete()
    refused = _post(client, mine, movement.pk, key="m-2", means="S")
    assert refused.status_code == 403
    Membership.objects.create(user=world.carrier, organisation=world.carrier_org,
                              role=Role.CARRIER)
    assert _post(client, mine, movement.pk, key="m-3", means="S").status_code == 201
    ApiToken.objects.filter(key_hash=tokens._hash(mine)).update(revoked_at=timezone.now())
    gone = _post(client, mine, movement.pk, key="m-4", means="S")
    assert gone.status_code == 401 and gone.json()["error"]["field"] == "Authorization"
    assert MovementEvent.objects.filter(movement=movement).count() == 2


def test_a_token_last_use_is_written_at_most_once_a_minute(world):
    token = create_token(username="carrier.sg")
    row = ApiToken.objects.filter(key_hash=tokens._hash(token))
    tokens.user_for_token(token)
    first = row.get().last_used_at
    assert first is not None
    tokens.user_for_token(token)
    assert row.get().last_used_at == first
    row.update(last_used_at=first - timedelta(seconds=61))
    tokens.user_for_token(token)
    assert row.get().last_used_at > first
