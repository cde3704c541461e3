"""Watchlist entities limited by their sharing level neither flag nor show for viewers outside
their audience (FIRST TLP 2.0; the audiences are computed by tbmnet.apps.customs.sources)."""

from tbmnet.matching import Entity
from tbmnet.screening import Screener, Watchlist

from .world import codes, row

RED = Entity("red-1", "company", "Green Earth Recycling Co., Ltd.", (), None, "HK", (),
             "Malaysian authority, TLP:RED")
GREEN = Entity("green-1", "company", "Green Earth Recycling Co., Ltd.", (), None, "HK", (),
               "Asian Network, TLP:GREEN")
MALAYSIA = frozenset({"org:1", "state:MY"})
BELGIUM = frozenset({"org:2", "state:BE"})


def screen(watchlist: Watchlist, viewer):
    declaration = row(exporter_name="Green Earth Recycling Company Limited",
                      state_of_export="HK", state_of_import="MY", customs_office="MYPKG")
    return Screener(watchlist=watchlist).screen_row(declaration, viewer=viewer)


def hit_ids(result) -> set[str]:
    return {f["entity"]["entity_id"] for f in result["flags"] if f["code"] == "watchlist_hit"}


def test_an_entity_flags_only_for_its_audience():
    watchlist = Watchlist.build([RED], {"red-1": frozenset({"org:1"})})
    assert hit_ids(screen(watchlist, MALAYSIA)) == {"red-1"}
    outside = screen(watchlist, BELGIUM)
    assert "watchlist_hit" not in codes(outside)
    assert "red-1" not in str(outside) and "Co., Ltd." not in str(outside)  # not even named
    assert hit_ids(screen(watchlist, None)) == {"red-1"}  # offline: no viewer, no limit


def test_an_entity_without_audience_is_seen_by_everyone():
    watchlist = Watchlist.build([GREEN])
    assert hit_ids(screen(watchlist, BELGIUM)) == {"green-1"}


def test_hidden_entities_do_not_crowd_out_visible_ones():
    hidden = [Entity(f"blocked-{i}", "company", "Green Earth Recycling Co., Ltd.", (), None, "HK",
                     (), "TLP:RED") for i in range(5)]
    watchlist = Watchlist.build([*hidden, GREEN],
                                {e.entity_id: frozenset({"org:1"}) for e in hidden})
    assert hit_ids(screen(watchlist, BELGIUM)) == {"green-1"}
