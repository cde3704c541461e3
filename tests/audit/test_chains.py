"""The audit trail as partitioned hash chains: each subject's records in one chain, in order;
any change, removal or lost head is found in whichever chain it happens, named with that
chain and record; and, on PostgreSQL, appends on subjects of different chains do not wait for
each other while appends on one chain still take turns."""

import itertools
import threading

import pytest
from django.db import OperationalError, connection, connections, transaction
from typer.testing import CliRunner

from tbmnet.apps.audit import services as audit
from tbmnet.apps.audit.models import AuditHead, AuditRecord
from tbmnet.apps.registry.models import Organisation

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql",
                                 reason="row locks of concurrent transactions: PostgreSQL only")


def _subjects(n: int, *, distinct_chains: bool = True) -> list[Organisation]:
    """``n`` organisations, each in a chain of its own (when ``distinct_chains``)."""
    found, chains = [], set()
    while len(found) < n:
        i = next(_numbers)
        org = Organisation.objects.create(kind="carrier", country="SG", name=f"Line {i}",
                                          source="test", code=f"L{i}")
        chain = audit.chain_of(org._meta.label, str(org.pk))
        if distinct_chains and (chain in chains or chain == 0):
            continue
        chains.add(chain)
        found.append(org)
    return found


def _trail(subjects, per_subject: int = 3) -> None:
    audit.record(None, "Started")  # no subject: chain 0
    for n in range(per_subject):
        for subject in subjects:
            with transaction.atomic():
                audit.record(None, "Changed", subject, n=n)


def test_records_of_one_subject_stay_in_one_chain_in_the_order_written(db):
    a, b = _subjects(2)
    _trail([a, b])
    for subject in (a, b):
        rows = list(AuditRecord.objects.filter(subject_id=str(subject.pk)).order_by("id"))
        assert {r.chain for r in rows} == {audit.chain_of("registry.Organisation",
                                                          str(subject.pk))}
        assert [r.data["n"] for r in rows] == [0, 1, 2]
        assert rows[0].previous_hash == audit.GENESIS
        assert [r.previous_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]
    assert AuditRecord.objects.get(event="Started").chain == 0
    check = audit.verify()
    assert check.intact and check.records == 7 and check.chains == 3


def test_the_chain_of_a_subject_is_stable_and_within_range():
    assert audit.chain_of("", "") == 0
    assert audit.chain_of("movements.Movement", "42") == audit.chain_of("movements.Movement",
                                                                        "42")
    assert {audit.chain_of("movements.Movement", str(i)) for i in range(500)} == \
        set(range(audit.CHAINS))


def test_an_altered_record_in_any_chain_is_named_with_its_chain(db):
    subjects = _subjects(3)
    _trail(subjects)
    for subject in subjects:
        victim = AuditRecord.objects.filter(subject_id=str(subject.pk)).order_by("id")[1]
        original = victim.data
        AuditRecord.objects.filter(pk=victim.pk).update(data={"n": 99})
        check = audit.verify()
        assert not check.intact
        assert (check.broken_at, check.chain) == (victim.pk, victim.chain)
        assert check.reason == f"chain {victim.chain}: the record was altered after it was " \
                               "written"
        AuditRecord.objects.filter(pk=victim.pk).update(data=original)
        assert audit.verify().intact


def test_a_record_removed_from_the_middle_of_a_chain_breaks_the_next_one(db):
    a, b = _subjects(2)
    _trail([a, b])
    first, second, third = AuditRecord.objects.filter(subject_id=str(b.pk)).order_by("id")
    second.delete()
    check = audit.verify()
    assert (check.broken_at, check.chain) == (third.pk, third.chain)
    assert "a record before it was removed or changed" in check.reason


def test_a_record_removed_from_the_end_of_a_chain_is_found_by_its_head(db):
    a, b = _subjects(2)
    _trail([a, b])
    rows = list(AuditRecord.objects.filter(subject_id=str(a.pk)).order_by("id"))
    rows[-1].delete()
    check = audit.verify()
    assert (check.broken_at, check.chain) == (rows[-2].pk, rows[-2].chain)
    assert check.reason.endswith("records after this one were removed")
    for row in rows[:-1]:
        row.delete()
    assert audit.verify().reason.endswith("all its records were removed")


def test_a_removed_head_is_found(db):
    (a,) = _subjects(1)
    _trail([a])
    chain = audit.chain_of("registry.Organisation", str(a.pk))
    AuditHead.objects.filter(chain=chain).delete()
    check = audit.verify()
    assert not check.intact and check.chain == chain and "head was removed" in check.reason


def test_records_written_before_the_partition_verify_as_chain_zero(db, monkeypatch):
    """The trail of one chain and one head (what 0002 migrates) is chain 0 and intact."""
    subjects, later = _subjects(2), _subjects(3)[2]
    monkeypatch.setattr(audit, "chain_of", lambda subject_type, subject_id: 0)
    _trail(subjects)
    monkeypatch.undo()
    assert set(AuditRecord.objects.values_list("chain", flat=True)) == {0}
    assert AuditHead.objects.count() == 1
    audit.record(None, "AfterThePartition", later)
    check = audit.verify()
    assert check.intact and check.records == 8


def test_tbmnet_audit_verify_names_the_chain_and_record(db):
    from tbmnet.cli import app

    subjects = _subjects(2)
    _trail(subjects)
    runner = CliRunner()
    ok = runner.invoke(app, ["audit", "verify"])
    assert ok.exit_code == 0 and "intact: 7 records" in ok.output
    victim = AuditRecord.objects.filter(subject_id=str(subjects[1].pk)).order_by("id").last()
    AuditRecord.objects.filter(pk=victim.pk).update(event="Forged")
    broken = runner.invoke(app, ["audit", "verify"])
    assert broken.exit_code == 1
    assert f"record {victim.pk}: chain {victim.chain}" in " ".join(broken.output.split())


def _append_and_hold(subject, appended: threading.Event, release: threading.Event,
                     errors: list) -> None:
    """In its own connection: append, then keep the transaction (and the head lock) open."""
    try:
        with transaction.atomic():
            audit.record(None, "Held", subject)
            appended.set()
            release.wait(10)
    except Exception as exc:  # noqa: BLE001 - reported by the test
        errors.append(exc)
        appended.set()
    finally:
        connections.close_all()


def _append_within(subject, seconds: float) -> None:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{int(seconds * 1000)}ms'")
        audit.record(None, "Meanwhile", subject)


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_subjects_of_different_chains_append_at_the_same_time():
    first, second = _subjects(2)
    appended, release, errors = threading.Event(), threading.Event(), []
    holder = threading.Thread(target=_append_and_hold, args=(first, appended, release, errors))
    holder.start()
    try:
        assert appended.wait(10) and not errors
        _append_within(second, 2)  # does not wait for the first's commit
    finally:
        release.set()
        holder.join()
    assert not errors and audit.verify().intact


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_appends_on_one_chain_still_take_turns():
    (subject,) = _subjects(1)
    appended, release, errors = threading.Event(), threading.Event(), []
    holder = threading.Thread(target=_append_and_hold, args=(subject, appended, release, errors))
    holder.start()
    try:
        assert appended.wait(10) and not errors
        with pytest.raises(OperationalError, match="lock timeout"):
            _append_within(subject, 0.3)  # the head of its chain is held by the first
    finally:
        release.set()
        holder.join()
    _append_within(subject, 2)
    assert audit.verify().intact and AuditRecord.objects.filter(event="Meanwhile").count() == 1


def test_a_prior_notice_holds_one_chain_its_notifications(db):
    """A prior notice records on the notification (consent used) and on the new movement in
    one transaction: both go to the notification's chain, so it locks one head only."""
    from movements.factories import World

    world = World()
    movement = world.announce()
    world.event(movement, world.carrier, "handover", means="S",
                at=f"{movement.departure_on}T08:00:00")
    notification_chain = audit.chain_of("notifications.Notification",
                                        str(movement.notification_id))
    movement_records = AuditRecord.objects.filter(subject_type="movements.Movement",
                                                  subject_id=str(movement.pk))
    assert movement_records.count() == 2  # the prior notice and the handover
    assert {r.chain for r in movement_records} == {notification_chain}
    used = AuditRecord.objects.get(event="ConsentUsed")
    assert used.chain == notification_chain
    assert audit.verify().intact


def test_an_append_returns_the_record_stored_and_moves_its_chain_head(db):
    """The append writes its record and moves the head without a model save (on PostgreSQL
    in one statement): what it returns is what was stored, and the head holds its hash."""
    (subject,) = _subjects(1)
    with transaction.atomic():
        first = audit.record(None, "Changed", subject, n=1, on="2026-03-02")
        second = audit.record(None, "Changed", subject, n=2)
    stored = AuditRecord.objects.get(pk=second.pk)
    assert (stored.event, stored.subject_id, stored.chain) == ("Changed", str(subject.pk),
                                                               second.chain)
    assert (stored.at, stored.data, stored.hash) == (second.at, {"n": 2}, second.hash)
    assert stored.previous_hash == first.hash == AuditRecord.objects.get(pk=first.pk).hash
    assert AuditHead.objects.get(chain=second.chain).last_hash == second.hash
    assert AuditRecord.objects.get(pk=first.pk).data == {"n": 1, "on": "2026-03-02"}
    assert audit.verify().intact
