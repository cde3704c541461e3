"""Risk profile pages: an officer reads, writes and switches off the state's profiles; each
change applies to the next screening and is audited; bad input names the field."""

import json

import pytest
from registry.factories import member, organisation

from tbmnet.apps.audit.models import AuditRecord
from tbmnet.apps.customs import services
from tbmnet.apps.customs.models import RiskProfile
from tbmnet.apps.registry.models import OrganisationKind, Role

pytestmark = pytest.mark.django_db

PLASTIC = {"profile_id": "MY-PLASTIC", "title": "Plastic scrap", "weight": 30, "when": "all",
           "conditions": [{"kind": "hs_prefix", "values": ["3915"]}]}


@pytest.fixture
def officer():
    klang = organisation(OrganisationKind.CUSTOMS_OFFICE, "MY", "Port Klang", code="MYPKG")
    user = member("customs.my", Role.CUSTOMS, organisation_=klang)
    services.save_risk_profile(actor=user, definition=PLASTIC)
    return user


def form(**over):
    data = {"title": "Plastic scrap", "weight": "30", "when": "all", "reason": "",
            "source": "", "valid_from": "", "valid_until": "", "active": "on",
            "conditions": json.dumps(PLASTIC["conditions"])}
    data.update(over)
    return data


def test_officer_lists_and_changes_a_profile(client, officer):
    client.force_login(officer)
    page = client.get("/customs/profiles/").content.decode()
    assert "MY-PLASTIC" in page and "hs_prefix" in page
    response = client.post("/customs/profiles/MY-PLASTIC/", form(weight="45"))
    assert response.status_code == 302
    profile = RiskProfile.objects.get()
    assert profile.definition["weight"] == 45
    record = AuditRecord.objects.filter(event="RiskProfileChanged").get()
    assert record.data["before"]["weight"] == 30
    client.post("/customs/profiles/MY-PLASTIC/", form(active=""))
    assert RiskProfile.objects.get().active is False


def test_a_new_profile_from_the_form(client, officer):
    client.force_login(officer)
    response = client.post("/customs/profiles/new/", form(
        profile_id="MY-EWASTE", title="Used electronics",
        conditions='[{"kind": "description_words", "values": ["used", "untested"]}]'))
    assert response.status_code == 302
    assert RiskProfile.objects.get(profile_id="MY-EWASTE").owner.country == "MY"


@pytest.mark.parametrize("over, field", [
    ({"conditions": "[{kind: hs_prefix}]"}, "conditions"),
    ({"conditions": '[{"kind": "colour", "values": ["red"]}]'}, "definition"),
    ({"weight": "140"}, "definition"),
    ({"conditions": "[]"}, "definition"),
])
def test_bad_input_names_the_field_keeps_the_text_and_changes_nothing(client, officer, over,
                                                                       field):
    client.force_login(officer)
    before = RiskProfile.objects.get().definition
    response = client.post("/customs/profiles/MY-PLASTIC/", form(**over))
    page = response.content.decode()
    assert response.status_code == 422 and f"{field}: " in page
    assert RiskProfile.objects.get().definition == before


def test_other_states_and_other_roles_are_refused(client, officer):
    antwerp = organisation(OrganisationKind.CUSTOMS_OFFICE, "BE", "Antwerp", code="BEANR")
    client.force_login(member("customs.be", Role.CUSTOMS, organisation_=antwerp))
    assert "MY-PLASTIC" not in client.get("/customs/profiles/").content.decode()
    assert client.get("/customs/profiles/MY-PLASTIC/").status_code == 403
    assert client.post("/customs/profiles/MY-PLASTIC/", form(weight="1")).status_code == 403
    client.force_login(member("ca.my", Role.COMPETENT_AUTHORITY, "MY"))
    assert client.get("/customs/profiles/MY-PLASTIC/").status_code == 200
    response = client.post("/customs/profiles/MY-PLASTIC/", form(weight="1"))
    assert response.status_code == 403  # the state's authority reads it; its owner writes it
    client.force_login(member("carrier.my", Role.CARRIER, "MY"))
    assert client.get("/customs/profiles/").status_code == 403
    assert RiskProfile.objects.get().definition["weight"] == 30


def test_the_new_profile_form_does_not_overwrite_an_existing_one(client, officer):
    client.force_login(officer)
    response = client.post("/customs/profiles/new/", form(profile_id="MY-PLASTIC", weight="5"))
    assert response.status_code == 422 and "profile_id: " in response.content.decode()
    assert RiskProfile.objects.get().definition["weight"] == 30
