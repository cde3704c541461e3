"""The compiled screener follows its sources; the compiled watchlist, the slow part, is
compiled again only when the watchlist itself changes."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from notifications.factories import World
from registry.factories import member

from tbmnet.apps.customs import services, sources
from tbmnet.apps.customs.models import WatchlistEntity
from tbmnet.apps.notifications import services as notifications
from tbmnet.apps.notifications.models import Notification
from tbmnet.apps.registry.models import Role

pytestmark = pytest.mark.django_db

ENTITY = {"entity_id": "ANW-0042", "kind": "company",
          "name": "Greenfield Polymer Trading Company Limited", "aliases": "",
          "address": "", "country": "GB", "identifiers": "", "source": "alert 2026-03"}


def test_a_profile_change_recompiles_the_screener_but_not_the_watchlist():
    authority = member("ca.nl", Role.COMPETENT_AUTHORITY, "NL")
    services.import_watchlist(actor=authority, rows=[ENTITY], sharing_level="green")
    before = sources.screener()
    compiled = sources.watchlist()
    assert before.watchlist is compiled
    assert before.profiles == ()

    services.save_risk_profile(actor=authority, definition={
        "profile_id": "NL-PLASTIC", "title": "Plastic scrap", "weight": 30,
        "conditions": [{"kind": "hs_prefix", "values": ["3915"]}]})
    after = sources.screener()
    assert after is not before
    assert [p.profile_id for p in after.profiles] == ["NL-PLASTIC"]
    assert after.watchlist is compiled
    assert sources.watchlist() is compiled


def test_a_watchlist_change_recompiles_the_watchlist():
    authority = member("ca.nl", Role.COMPETENT_AUTHORITY, "NL")
    assert sources.watchlist() is None
    services.import_watchlist(actor=authority, rows=[ENTITY], sharing_level="green")
    first = sources.watchlist()
    assert set(first.entities) == {"ANW-0042"}
    services.import_watchlist(actor=authority, rows=[dict(ENTITY, entity_id="ANW-0043")],
                              sharing_level="green")
    second = sources.watchlist()
    assert second is not first
    assert set(second.entities) == {"ANW-0042", "ANW-0043"}
    assert sources.screener().watchlist is second


@pytest.mark.django_db(transaction=True)
def test_a_page_does_not_wait_for_a_big_watchlist_to_compile(monkeypatch):
    monkeypatch.setattr(sources, "WAIT_AT_MOST", 1)  # every list counts as big
    authority = member("ca.nl", Role.COMPETENT_AUTHORITY, "NL")
    services.import_watchlist(actor=authority, rows=[ENTITY], sharing_level="green")
    first = sources.watchlist_now()
    assert not first.current  # compiling in the background
    join_compiles()
    ready = sources.watchlist_now()
    assert ready.current and set(ready.watchlist.entities) == {"ANW-0042"}

    services.import_watchlist(actor=authority, rows=[dict(ENTITY, entity_id="ANW-0043")],
                              sharing_level="green")
    stale = sources.watchlist_now()
    assert not stale.current and stale.watchlist is ready.watchlist  # the last compiled one
    assert set(sources.watchlist().entities) == {"ANW-0042", "ANW-0043"}  # customs waits
    assert sources.watchlist_now().current
    join_compiles()


def join_compiles():
    for thread in threading.enumerate():
        if thread.name == "watchlist-compile":
            thread.join(timeout=30)


def test_consents_used_issued_or_revoked_are_put_in_place_in_the_compiled_screener():
    world = World()
    first = world.consented()
    screener = sources.screener()
    assert screener.consents.get(first.number).shipments_used == 0

    notifications.record_shipment(notification=first, tonnes=Decimal("5"),
                                  on=first.consent.valid_from)
    assert sources.screener() is screener  # not compiled again
    used = screener.consents.get(first.number)
    assert (used.shipments_used, used.quantity_kg_used) == (1, 5000.0)

    second = world.consented()
    assert sources.screener() is screener
    assert screener.consents.get(second.number).status == "consented"
    notifications.cancel(notification=second, actor=world.notifier, reason="contract ended")
    assert sources.screener().consents.get(second.number).status == "revoked"
    assert sources.screener() is screener


def test_a_change_written_around_updated_at_is_found_by_the_periodic_full_read(monkeypatch):
    world = World()
    first = world.consented()
    sources.screener()
    # as if its transaction had committed long after later ones: updated_at a day back
    Notification.objects.filter(pk=first.pk).update(
        shipments_used=2, updated_at=timezone.now() - timedelta(days=1))
    assert sources.screener().consents.get(first.number).shipments_used == 0  # not yet
    monkeypatch.setattr(sources, "READ_ALL_EVERY", 0.0)
    assert sources.screener().consents.get(first.number).shipments_used == 2


def test_a_watchlist_entry_removed_is_found_by_the_periodic_count(monkeypatch):
    authority = member("ca.nl", Role.COMPETENT_AUTHORITY, "NL")
    services.import_watchlist(actor=authority, rows=[ENTITY, dict(ENTITY, entity_id="ANW-7")],
                              sharing_level="green")
    assert set(sources.screener().watchlist.entities) == {"ANW-0042", "ANW-7"}
    # the first entry, say in the admin: the last id and the last change stay as they were
    WatchlistEntity.objects.filter(entity_id="ANW-0042").delete()
    assert set(sources.screener().watchlist.entities) == {"ANW-0042", "ANW-7"}  # not yet
    monkeypatch.setattr(sources, "READ_ALL_EVERY", 0.0)
    assert set(sources.screener().watchlist.entities) == {"ANW-7"}
