"""Watchlist sharing levels in customs screening (FIRST TLP 2.0): who gets a hit from an
entity depends on who shared it and how; only the sharer changes its entity."""

import pytest
from registry.factories import member, organisation

from customs.factories import PLASTIC
from tbmnet.apps.customs import services
from tbmnet.apps.customs.models import WatchlistEntity
from tbmnet.apps.registry.models import NetworkMember, OrganisationKind, Role
from tbmnet.errors import ValidationFailed

pytestmark = pytest.mark.django_db

ENTITY = {"entity_id": "ANW-0042", "kind": "company",
          "name": "Greenfield Polymer Trading Company Limited", "aliases": "",
          "address": "", "country": "GB", "identifiers": "", "source": "alert 2026-03"}


@pytest.fixture
def officers():
    klang = organisation(OrganisationKind.CUSTOMS_OFFICE, "MY", "Port Klang", code="MYPKG")
    antwerp = organisation(OrganisationKind.CUSTOMS_OFFICE, "BE", "Antwerp", code="BEANR")
    return {"my": member("customs.my", Role.CUSTOMS, organisation_=klang),
            "be": member("customs.be", Role.CUSTOMS, organisation_=antwerp)}


def hits(officer, office: str) -> list[str]:
    row = dict(PLASTIC, customs_office=office,
               state_of_import="MY" if office == "MYPKG" else "BE")
    [result] = services.screen(actor=officer, rows=[row])
    return [f["entity"]["entity_id"] for f in result["flags"] if f["code"] == "watchlist_hit"]


def test_green_is_seen_by_every_member(officers):
    services.import_watchlist(actor=member("ca.nl", Role.COMPETENT_AUTHORITY, "NL"),
                              rows=[ENTITY], sharing_level="green")
    assert hits(officers["my"], "MYPKG") == ["ANW-0042"]
    assert hits(officers["be"], "BEANR") == ["ANW-0042"]


def test_amber_from_a_network_reaches_its_member_states_only(officers):
    secretariat = member("secretariat", Role.SECRETARIAT, "JP")
    network = secretariat.memberships.get().organisation
    for country in ("JP", "MY", "SG"):
        NetworkMember.objects.create(network=network, country=country, source="test")
    services.import_watchlist(actor=secretariat, rows=[ENTITY], sharing_level="amber")
    assert hits(officers["my"], "MYPKG") == ["ANW-0042"]
    assert hits(officers["be"], "BEANR") == []
    NetworkMember.objects.create(network=network, country="BE", source="test")
    assert hits(officers["be"], "BEANR") == ["ANW-0042"]  # a new member sees it at once


def test_amber_from_an_authority_stays_in_its_state_and_red_with_the_sharer(officers):
    services.import_watchlist(actor=member("ca.my", Role.COMPETENT_AUTHORITY, "MY"),
                              rows=[ENTITY], sharing_level="amber")
    assert hits(officers["my"], "MYPKG") == ["ANW-0042"]
    assert hits(officers["be"], "BEANR") == []
    services.import_watchlist(actor=officers["be"], rows=[dict(ENTITY, entity_id="BE-7")],
                              sharing_level="red")
    assert hits(officers["be"], "BEANR") == ["BE-7"]
    assert hits(officers["my"], "MYPKG") == ["ANW-0042"]  # BE-7 is Antwerp's alone


def test_only_the_sharer_changes_its_entity(officers):
    services.import_watchlist(actor=officers["my"], rows=[ENTITY], sharing_level="red")
    with pytest.raises(ValidationFailed) as error:
        services.import_watchlist(actor=officers["be"], rows=[dict(ENTITY, name="Other")],
                                  sharing_level="green")
    assert error.value.field == "entity_id" and "line 2" in error.value.message
    entity = WatchlistEntity.objects.get()
    assert entity.sharing_level == "red" and entity.name == ENTITY["name"]
    services.import_watchlist(actor=officers["my"], rows=[dict(ENTITY, name="Renamed Ltd")],
                              sharing_level="red")
    assert WatchlistEntity.objects.get().name == "Renamed Ltd"


def test_an_authoritys_risk_profile_screens_its_own_states_declarations_only(officers):
    services.save_risk_profile(actor=officers["my"], definition={
        "profile_id": "MY-PLASTIC", "title": "Plastic scrap", "weight": 30,
        "conditions": [{"kind": "hs_prefix", "values": ["3915"]}]})

    def profiles(officer, office):
        row = dict(PLASTIC, customs_office=office,
                   state_of_import="MY" if office == "MYPKG" else "BE")
        [result] = services.screen(actor=officer, rows=[row])
        return [f["profile"]["profile_id"] for f in result["flags"]
                if f["code"] == "risk_profile"]

    assert profiles(officers["my"], "MYPKG") == ["MY-PLASTIC"]
    assert profiles(officers["be"], "BEANR") == []
