"""POST /api/v1/screening/declarations and the customs endpoints, with a bearer token."""

import pytest
from registry.factories import member, organisation

from tbmnet.apps.customs.models import Declaration, WatchlistEntity
from tbmnet.apps.registry.models import OrganisationKind, Role
from tbmnet.apps.registry.tokens import create_token

from .test_workspace import PLASTIC, WATCHLIST

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_token():
    office = organisation(OrganisationKind.CUSTOMS_OFFICE, "MY", "Port Klang", code="MYPKG")
    member("customs.my", Role.CUSTOMS, organisation_=office)
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(username='customs.my')}"}


def post(client, url, body, headers):
    return client.post(url, body, content_type="application/json", **headers)


def test_one_declaration_in_one_result_out(client, officer_token):
    post(client, "/api/v1/watchlist", WATCHLIST, officer_token)
    response = post(client, "/api/v1/screening/declarations", PLASTIC, officer_token)
    assert response.status_code == 200
    body = response.json()
    assert body["declaration_id"] == "MYPKG-2026-000417" and body["decision"] in ("inspect",
                                                                                   "hold")
    assert {"watchlist_hit", "no_consent"} <= {f["code"] for f in body["flags"]}
    assert all(f["detail"] for f in body["flags"])
    assert Declaration.objects.count() == 1


def test_a_list_in_a_list_out_in_order_with_errors_in_place(client, officer_token):
    rows = [dict(PLASTIC, declaration_id="A"), dict(PLASTIC, declaration_id="B", date="2026-13-01"),
            dict(PLASTIC, declaration_id="C")]
    body = post(client, "/api/v1/screening/declarations", rows, officer_token).json()
    assert [r["declaration_id"] for r in body] == ["A", "B", "C"]
    assert body[1]["error"]["field"] == "date" and "flags" in body[2]


def test_without_a_token_the_answer_is_401_naming_authorization(client):
    response = post(client, "/api/v1/screening/declarations", PLASTIC, {})
    assert response.status_code == 401
    assert response.json()["error"]["field"] == "Authorization"


def test_a_notifier_may_not_screen(client):
    member("notifier.jp", Role.NOTIFIER, "JP")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(username='notifier.jp')}"}
    assert post(client, "/api/v1/screening/declarations", PLASTIC, headers).status_code == 403


def test_queue_lists_the_flagged_declarations(client, officer_token):
    post(client, "/api/v1/screening/declarations", PLASTIC, officer_token)
    queue = client.get("/api/v1/screening/queue", **officer_token).json()
    assert [d["declaration_id"] for d in queue] == ["MYPKG-2026-000417"]


def test_watchlist_with_a_bad_row_is_422_and_adds_nothing(client, officer_token):
    rows = [*WATCHLIST, dict(WATCHLIST[0], entity_id="X-2", kind="spaceship")]
    response = post(client, "/api/v1/watchlist", rows, officer_token)
    assert response.status_code == 422 and response.json()["error"]["field"] == "kind"
    assert not WatchlistEntity.objects.exists()


def test_a_risk_profile_is_saved_and_a_bad_one_named(client, officer_token):
    good = {"profile_id": "P1", "title": "plastic", "weight": 30,
            "conditions": [{"kind": "hs_prefix", "values": ["3915"]}]}
    assert post(client, "/api/v1/risk-profiles", good, officer_token).json()["active"] is True
    response = post(client, "/api/v1/risk-profiles", dict(good, weight=500), officer_token)
    assert response.status_code == 422 and response.json()["error"]["field"] == "definition"


def test_the_operations_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/screening/declarations", "/api/v1/screening/queue", "/api/v1/watchlist",
            "/api/v1/risk-profiles"} <= set(paths)
