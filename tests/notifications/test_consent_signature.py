"""Signed consents: genuine, expired, revoked, unknown; tampered and forged records fail."""

from datetime import date

import pytest

from tbmnet.apps.notifications import selectors, signing
from tbmnet.apps.notifications.models import AuthorityKey, Consent

from .factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def consent():
    return World().consented().consent


def test_genuine_consent_is_valid_until_its_date(consent):
    answer = selectors.verify(consent.code, on=date(2026, 12, 31))
    assert answer["status"] == "genuine" and answer["genuine"]
    assert answer["valid_until"] == "2026-12-31"
    assert answer["signed_by"]["country"] == "JP"
    assert "Genuine and valid until 2026-12-31" in answer["message"]


def test_consent_is_expired_the_day_after_its_validity(consent):
    assert selectors.verify(consent.code, on=date(2027, 1, 1))["status"] == "expired"


def test_verification_shows_no_commercial_details(consent):
    answer = str(selectors.verify(consent.code))
    for secret in ("lead 60 %", "Tokio Marine", "C-2026-1", "smelting", "Osaka Battery"):
        assert secret not in answer


def test_record_tampered_in_the_database_fails(consent):
    record = dict(consent.record, valid_until="2030-12-31")
    Consent.objects.filter(pk=consent.pk).update(record=record)
    answer = selectors.verify(consent.code, on=date(2026, 6, 1))
    assert answer["status"] == "unknown" and not answer["genuine"]
    assert "valid_until" not in answer


def test_changed_quantity_fails(consent):
    record = dict(consent.record, quantity_tonnes="2400.000")
    Consent.objects.filter(pk=consent.pk).update(record=record)
    assert not selectors.verify(consent.code)["genuine"]


def test_record_signed_with_a_forger_key_fails(consent):
    forger_private, _ = signing.new_key_pair()
    import base64

    forged = dict(consent.record, valid_until="2030-12-31")
    signature = signing.sign(forged, base64.b64encode(forger_private).decode())
    Consent.objects.filter(pk=consent.pk).update(record=forged, signature=signature)
    assert selectors.verify(consent.code)["status"] == "unknown"


def test_replaced_public_key_is_detected_by_key_id(consent):
    """A forger who swaps the stored public key for their own still fails: the record names
    the authority's key id, which is the hash of the genuine public key."""
    import base64

    private, public = signing.new_key_pair()
    forged = dict(consent.record, valid_until="2030-12-31")
    AuthorityKey.objects.filter(pk=consent.key_id).update(
        public_key=base64.b64encode(public).decode())
    Consent.objects.filter(pk=consent.pk).update(
        record=forged, signature=signing.sign(forged, base64.b64encode(private).decode()))
    # the stored key_id no longer matches the public key: verify by recomputing it
    key = AuthorityKey.objects.get(pk=consent.key_id)
    assert signing.key_id_of(base64.b64decode(key.public_key)) != key.key_id
    assert selectors.verify(consent.code)["status"] == "unknown"


def test_garbage_signature_fails(consent):
    Consent.objects.filter(pk=consent.pk).update(signature="not base64!")
    assert selectors.verify(consent.code)["status"] == "unknown"


def test_canonical_form_ignores_key_order_and_keeps_unicode():
    assert signing.canonical({"b": 1, "a": "Côte d’Ivoire"}) == \
        '{"a":"Côte d’Ivoire","b":1}'.encode()


def test_the_export_authority_key_is_made_once_and_reused():
    world = World()
    first = world.consented().consent
    second = world.consented().consent
    assert first.key_id == second.key_id
    assert AuthorityKey.objects.count() == 1
