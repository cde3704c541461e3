"""The public verification stays exact while it is cheap: one query per request, the
signature checked once per version of the row, and nothing changed in the database ever
served from memory (tampered, forged, revoked), with the dates judged on the day asked."""

import base64
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tbmnet.apps.notifications import selectors, services, signing, verification
from tbmnet.apps.notifications.models import AuthorityKey, Consent

from .factories import World

pytestmark = pytest.mark.django_db

IN_FORCE = date(2026, 6, 1)


@pytest.fixture
def world():
    return World()


@pytest.fixture
def consent(world):
    return world.consented().consent


@pytest.fixture
def signature_checks(monkeypatch):
    """Counts the Ed25519 verifications actually run."""
    calls = []
    real = signing.signature_valid

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(signing, "signature_valid", counting)
    return calls


def genuine_first(code: str) -> dict:
    answer = selectors.verify(code, on=IN_FORCE)
    assert answer["status"] == "genuine" and answer["genuine"], answer
    return answer


def test_one_query_per_verification_whether_remembered_or_not(consent):
    verification.forget()
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            genuine_first(consent.code)
        assert len(queries.captured_queries) == 1


def test_the_api_answers_with_one_query(client, consent):
    genuine_first(consent.code)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(f"/api/v1/verify/{consent.code}").json()
    assert body["code"] == consent.code and body["genuine"]
    assert len(queries.captured_queries) == 1


def test_the_signature_is_checked_once_per_version_of_the_record(consent, signature_checks):
    verification.forget()
    for _ in range(5):
        genuine_first(consent.code)
    assert len(signature_checks) == 1
    Consent.objects.filter(pk=consent.pk).update(
        record=dict(consent.record, conditions={"MY": "changed"})
    )
    assert selectors.verify(consent.code, on=IN_FORCE)["status"] == "unknown"
    assert len(signature_checks) == 2


def test_record_tampered_after_a_genuine_answer_is_not_served_from_memory(client, consent):
    genuine_first(consent.code)
    assert client.get(f"/api/v1/verify/{consent.code}").json()["genuine"]
    Consent.objects.filter(pk=consent.pk).update(
        record=dict(consent.record, valid_until="2030-12-31")
    )
    answer = selectors.verify(consent.code, on=IN_FORCE)
    assert answer["status"] == "unknown" and not answer["genuine"]
    assert "valid_until" not in answer
    api = client.get(f"/api/v1/verify/{consent.code}").json()
    assert api["status"] == "unknown" and not api["genuine"]
    assert client.get(f"/verify/{consent.code}/").status_code == 404


def test_quantity_changed_after_a_genuine_answer_fails(consent):
    genuine_first(consent.code)
    Consent.objects.filter(pk=consent.pk).update(
        record=dict(consent.record, quantity_tonnes="2400.000")
    )
    assert not selectors.verify(consent.code, on=IN_FORCE)["genuine"]


def test_the_restored_record_is_genuine_again(consent):
    genuine_first(consent.code)
    Consent.objects.filter(pk=consent.pk).update(
        record=dict(consent.record, valid_until="2030-12-31")
    )
    assert selectors.verify(consent.code, on=IN_FORCE)["status"] == "unknown"
    Consent.objects.filter(pk=consent.pk).update(record=consent.record)
    genuine_first(consent.code)


def test_signature_replaced_after_a_genuine_answer_fails(world, consent):
    genuine_first(consent.code)
    other = world.consented().consent
    Consent.objects.filter(pk=consent.pk).update(signature=other.signature)
    assert selectors.verify(consent.code, on=IN_FORCE)["status"] == "unknown"


def test_record_forged_with_another_key_after_a_genuine_answer_fails(consent):
    genuine_first(consent.code)
    forger_private, _ = signing.new_key_pair()
    forged = dict(consent.record, valid_until="2030-12-31")
    Consent.objects.filter(pk=consent.pk).update(
        record=forged, signature=signing.sign(forged, base64.b64encode(forger_private).decode())
    )
    assert selectors.verify(consent.code, on=IN_FORCE)["status"] == "unknown"


def test_public_key_swapped_after_a_genuine_answer_fails(consent):
    genuine_first(consent.code)
    private, public = signing.new_key_pair()
    forged = dict(consent.record, valid_until="2030-12-31")
    AuthorityKey.objects.filter(pk=consent.key_id).update(
        public_key=base64.b64encode(public).decode()
    )
    Consent.objects.filter(pk=consent.pk).update(
        record=forged, signature=signing.sign(forged, base64.b64encode(private).decode())
    )
    assert selectors.verify(consent.code, on=IN_FORCE)["status"] == "unknown"


def test_another_consents_record_under_this_code_fails(world, consent):
    """A genuine record and signature copied from another consent name another code."""
    genuine_first(consent.code)
    other = world.consented().consent
    genuine_first(other.code)
    Consent.objects.filter(pk=consent.pk).update(record=other.record, signature=other.signature)
    assert selectors.verify(consent.code, on=IN_FORCE)["status"] == "unknown"


def test_withdrawal_shows_at_once_after_a_genuine_answer(client, world, consent):
    genuine_first(consent.code)
    assert client.get(f"/api/v1/verify/{consent.code}").json()["status"] == "genuine"
    services.decide(
        notification=consent.notification,
        actor=world.ca["MY"],
        kind="withdrawal",
        reason="facility closed",
    )
    answer = selectors.verify(consent.code, on=IN_FORCE)
    assert answer["status"] == "revoked" and answer["genuine"]
    assert "REVOKED" in answer["message"]
    assert client.get(f"/api/v1/verify/{consent.code}").json()["status"] == "revoked"
    assert "REVOKED" in client.get(f"/verify/{consent.code}/").content.decode()


def test_revocation_written_by_hand_shows_at_once(consent):
    genuine_first(consent.code)
    Consent.objects.filter(pk=consent.pk).update(revoked_at="2026-05-02T10:00:00Z")
    answer = selectors.verify(consent.code, on=IN_FORCE)
    assert answer["status"] == "revoked"
    assert answer["revoked_at"].startswith("2026-05-02T10:00:00")
    assert "REVOKED on 2026-05-02" in answer["message"]


def test_expiry_flips_at_the_date_for_a_remembered_answer(consent):
    last_day = consent.valid_until
    assert selectors.verify(consent.code, on=last_day)["status"] == "genuine"
    assert selectors.verify(consent.code, on=last_day)["status"] == "genuine"
    expired = selectors.verify(consent.code, on=last_day + timedelta(days=1))
    assert expired["status"] == "expired" and expired["genuine"]
    assert f"EXPIRED on {last_day.isoformat()}" in expired["message"]


def test_not_yet_in_force_before_its_first_day(consent):
    answer = selectors.verify(consent.code, on=consent.valid_from - timedelta(days=1))
    assert answer["status"] == "genuine" and "not yet in force" in answer["message"]
    assert (
        "not yet in force" not in selectors.verify(consent.code, on=consent.valid_from)["message"]
    )


def test_unknown_and_empty_codes(client, db):
    assert selectors.verify("no-such-code")["status"] == "unknown"
    assert selectors.verify("")["status"] == "unknown"
    assert client.get("/api/v1/verify/no-such-code").json()["genuine"] is False


def test_what_is_remembered_is_bounded(consent, monkeypatch):
    monkeypatch.setattr(verification, "REMEMBERED", 2)
    verification.forget()
    for n in range(4):
        Consent.objects.filter(pk=consent.pk).update(
            record=dict(consent.record, conditions={"MY": f"version {n}"})
        )
        selectors.verify(consent.code)
    assert len(verification._checked) <= 2
    Consent.objects.filter(pk=consent.pk).update(record=consent.record)
    genuine_first(consent.code)
