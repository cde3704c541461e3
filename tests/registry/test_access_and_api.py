"""Who sees what in the registry, through the selectors, the API and the token command."""

import pytest
from typer.testing import CliRunner

from tbmnet.apps.registry import selectors
from tbmnet.apps.registry.models import OrganisationKind, Role
from tbmnet.apps.registry.tokens import create_token
from tbmnet.cli import app
from tbmnet.errors import NotAllowed, NotFound, ValidationFailed

from .factories import member, organisation

pytestmark = pytest.mark.django_db


def bearer(username: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(username=username)}"}


@pytest.fixture
def world(db):
    """A Malaysian smelter, a Japanese exporter, and people acting for each state."""
    smelter = organisation(OrganisationKind.FACILITY, "MY", "Perak Lead Recovery Sdn. Bhd.")
    exporter = organisation(OrganisationKind.NOTIFIER, "JP", "Chiba Battery Recycle K.K.")
    ca_my = organisation(OrganisationKind.COMPETENT_AUTHORITY, "MY", "Department of Environment")
    return {
        "smelter": smelter, "exporter": exporter, "ca_my": ca_my,
        "facility.my": member("facility.my", Role.FACILITY, organisation_=smelter),
        "notifier.jp": member("notifier.jp", Role.NOTIFIER, organisation_=exporter),
        "ca.my": member("ca.my", Role.COMPETENT_AUTHORITY, organisation_=ca_my),
        "customs.my": member("customs.my", Role.CUSTOMS, "MY"),
        "ca.jp": member("ca.jp", Role.COMPETENT_AUTHORITY, "JP"),
    }


def test_a_company_is_seen_by_its_members_and_its_own_states_authorities(world):
    smelter = world["smelter"]
    for username in ("facility.my", "ca.my", "customs.my"):
        assert selectors.organisation_for(world[username], smelter.pk) == smelter


def test_another_states_company_is_refused_naming_both_states(world):
    for username in ("notifier.jp", "ca.jp"):
        with pytest.raises(NotAllowed) as refused:
            selectors.organisation_for(world[username], world["smelter"].pk)
        assert "record of MY" in refused.value.message and "JP" in refused.value.message


def test_the_directory_of_authorities_is_open_to_every_signed_in_user(world):
    assert selectors.organisation_for(world["notifier.jp"], world["ca_my"].pk) == world["ca_my"]


def test_secretariat_sees_the_companies_of_its_member_states_only(world):
    from tbmnet.apps.registry.models import NetworkMember

    network = organisation(OrganisationKind.SECRETARIAT, "JP", "Test enforcement network")
    NetworkMember.objects.create(network=network, country="MY")
    secretariat = member("secretariat", Role.SECRETARIAT, organisation_=network)
    assert selectors.organisation_for(secretariat, world["smelter"].pk)
    with pytest.raises(NotAllowed):
        selectors.organisation_for(secretariat, world["exporter"].pk)


def test_search_names_the_bad_field(world):
    with pytest.raises(ValidationFailed) as bad:
        selectors.search_organisations(world["ca.my"], kind="smelter")
    assert bad.value.field == "kind"
    with pytest.raises(ValidationFailed) as bad:
        selectors.search_organisations(world["ca.my"], country="Malaysia")
    assert bad.value.field == "country"


def test_unknown_organisation_is_not_found(world):
    with pytest.raises(NotFound):
        selectors.organisation_for(world["ca.my"], 999999)


def test_api_me_tells_who_the_token_acts_for(client, world):
    body = client.get("/api/v1/registry/me", **bearer("notifier.jp")).json()
    assert body["username"] == "notifier.jp" and body["roles"] == ["notifier"]
    assert body["countries"] == ["JP"]
    assert body["memberships"][0]["organisation"]["name"] == "Chiba Battery Recycle K.K."


def test_api_organisation_of_another_state_is_403_naming_it(client, world):
    response = client.get(f"/api/v1/registry/organisations/{world['smelter'].pk}",
                          **bearer("notifier.jp"))
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["field"] == "id" and "record of MY" in error["message"]


def test_api_organisation_of_own_state_with_permits(client, world):
    from .factories import permit

    permit(world["smelter"], "JAS/TEST/1", operations=("R4",), waste_codes=("A1160",))
    response = client.get(f"/api/v1/registry/organisations/{world['smelter'].pk}",
                          **bearer("ca.my"))
    assert response.status_code == 200
    assert response.json()["permits"][0]["operations"] == ["R4"]


def test_api_unknown_organisation_is_404(client, world):
    response = client.get("/api/v1/registry/organisations/999999", **bearer("ca.my"))
    assert response.status_code == 404 and response.json()["error"]["field"] == "id"


def test_api_list_is_filtered_by_access_and_bad_kind_is_422(client, world):
    body = client.get("/api/v1/registry/organisations", {"kind": "facility"},
                      **bearer("notifier.jp")).json()
    assert body["count"] == 0
    body = client.get("/api/v1/registry/organisations", {"kind": "facility", "country": "my"},
                      **bearer("ca.my")).json()
    assert [o["name"] for o in body["results"]] == ["Perak Lead Recovery Sdn. Bhd."]
    response = client.get("/api/v1/registry/organisations", {"kind": "smelter"},
                          **bearer("ca.my"))
    assert response.status_code == 422 and response.json()["error"]["field"] == "kind"


@pytest.mark.parametrize("header", [None, "Bearer tbm_not-a-real-token", "Basic abc"])
def test_bad_or_missing_token_is_401_naming_authorization(client, world, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/v1/registry/me", **extra)
    assert response.status_code == 401
    assert response.json()["error"]["field"] == "Authorization"


def test_revoked_token_is_refused(client, world):
    from django.utils import timezone

    from tbmnet.apps.registry.models import ApiToken

    headers = bearer("ca.my")
    ApiToken.objects.update(revoked_at=timezone.now())
    assert client.get("/api/v1/registry/me", **headers).status_code == 401


def test_signed_in_browser_session_reaches_the_api(client, world):
    client.force_login(world["ca.my"])
    assert client.get("/api/v1/registry/me").json()["username"] == "ca.my"


def test_token_create_command_prints_a_token_the_api_accepts(client, world):
    result = CliRunner().invoke(app, ["token", "create", "notifier.jp"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    response = client.get("/api/v1/registry/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response.json()["username"] == "notifier.jp"


def test_token_create_for_unknown_user_fails_clearly(world):
    result = CliRunner().invoke(app, ["token", "create", "nobody.xx"])
    assert result.exit_code == 2 and "no active user named 'nobody.xx'" in result.output


def test_registry_endpoints_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/registry/me", "/api/v1/registry/organisations",
            "/api/v1/registry/organisations/{organisation_id}"} <= set(paths)
