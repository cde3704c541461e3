"""`tbmnet check FILE|-` and POST /api/v1/legality/check answer the same JSON."""

import json

import pytest
from django.test import Client
from typer.testing import CliRunner

from tbmnet.apps.registry.tokens import create_token
from tbmnet.cli import app

GOOD = {"waste": {"basel_codes": ["A1160"], "y_codes": ["Y31"], "h_codes": ["H8"],
                  "oecd_codes": [], "hs_codes": ["854911"], "radioactive": False,
                  "description": "spent lead-acid batteries, whole"},
        "state_of_export": "JP", "states_of_transit": ["SG"], "state_of_import": "MY",
        "operation": "R4", "date": "2026-03-01"}
BAD = dict(GOOD, state_of_import="XX")
OLD_CODE = dict(GOOD, waste=dict(GOOD["waste"], basel_codes=["A1180"]))

# `tbmnet check` reads the party lists of the database, like the API.
pytestmark = pytest.mark.django_db


def test_cli_checks_one_proposal_from_a_file(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(GOOD))
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["verdict"] == "consent_required" and out["procedures"] == ["basel"]


def test_cli_array_from_stdin_answers_every_proposal_in_order_and_exits_2_on_error():
    result = CliRunner().invoke(app, ["check", "-"], input=json.dumps([GOOD, BAD, OLD_CODE]))
    assert result.exit_code == 2
    out = json.loads(result.stdout)
    assert out[0]["verdict"] == "consent_required"
    assert out[1] == {"error": {"field": "state_of_import", "message":
                                "unknown country 'XX' (expected an ISO 3166-1 alpha-2 code)"}}
    assert out[2]["error"]["field"] == "waste.basel_codes[0]"
    assert "A1180" in out[2]["error"]["message"]


@pytest.mark.parametrize("missing", ["waste", "state_of_export", "operation", "date"])
def test_cli_missing_field_is_named(missing):
    body = {k: v for k, v in GOOD.items() if k != missing}
    result = CliRunner().invoke(app, ["check", "-"], input=json.dumps(body))
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["field"] == missing


def test_cli_impossible_date_and_unreadable_file(tmp_path):
    result = CliRunner().invoke(app, ["check", "-"], input=json.dumps(dict(GOOD,
                                                                          date="2026-02-30")))
    assert json.loads(result.stdout)["error"]["field"] == "date"
    result = CliRunner().invoke(app, ["check", str(tmp_path / "none.json")])
    assert result.exit_code == 2


@pytest.fixture
def client(make_user):
    make_user(username="ca.my")
    return Client(headers={"Authorization": f"Bearer {create_token(username='ca.my')}"})


def post(client, body):
    return client.post("/api/v1/legality/check", data=json.dumps(body),
                       content_type="application/json")


def test_api_answers_as_the_cli(client):
    cli = json.loads(CliRunner().invoke(app, ["check", "-"], input=json.dumps(GOOD)).stdout)
    response = post(client, GOOD)
    assert response.status_code == 200 and response.json() == cli


def test_api_array_keeps_order_and_errors_in_place(client):
    response = post(client, [BAD, GOOD])
    assert response.status_code == 200
    body = response.json()
    assert body[0]["error"]["field"] == "state_of_import"
    assert body[1]["verdict"] == "consent_required"


def test_api_single_error_is_422_naming_the_field(client):
    response = post(client, OLD_CODE)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "waste.basel_codes[0]"


@pytest.mark.django_db
def test_api_needs_a_token():
    assert post(Client(), GOOD).status_code == 401


@pytest.mark.django_db
def test_openapi_schema_lists_the_check_operation():
    schema = Client().get("/api/v1/openapi.json").json()
    assert "post" in schema["paths"]["/api/v1/legality/check"]
