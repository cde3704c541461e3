"""The compiled screener follows its sources; the compiled watchlist, the slow part, is
compiled again only when the watchlist itself changes."""

import pytest
from registry.factories import member

from tbmnet.apps.customs import services, sources
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
