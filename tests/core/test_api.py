"""The web shell answers, the API has its schema, and tokens are checked."""


import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tbmnet.apps.audit.services import verify
from tbmnet.apps.registry.tokens import create_token, user_for_token
from tbmnet.codes import catalogue
from tbmnet.errors import NotFound

pytestmark = pytest.mark.django_db
ALL = sorted({c.code for c in catalogue()})


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def test_openapi_schema_and_docs_page_are_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "TBMnet API"
    assert "/api/v1/codes/{code}" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_code_lookup_through_the_api(client):
    body = client.get("/api/v1/codes/A1180", {"on": "2024-06-01"}).json()
    assert body["in_force"]["code"] == "A1180" and body["versions"][0]["source"]


def test_code_not_in_force_on_the_date_is_a_clear_error(client):
    response = client.get("/api/v1/codes/A1180", {"on": "2025-06-01"})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "on"
    assert "not in force on 2025-06-01" in response.json()["error"]["message"]


def test_unknown_code_is_404_naming_the_field(client):
    response = client.get("/api/v1/codes/A9999")
    assert response.status_code == 404
    assert response.json() == {"error": {"field": "code", "message": "unknown code 'A9999'"}}


def test_bad_date_is_422_naming_the_field(client):
    response = client.get("/api/v1/codes/A1160", {"on": "yesterday"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "on"


def test_search_through_the_api(client):
    results = client.get("/api/v1/codes", {"q": "lead acid", "limit": 3}).json()["results"]
    assert results[0]["code"] == "A1160"


def test_search_with_unknown_list_names_the_field(client):
    response = client.get("/api/v1/codes", {"q": "lead", "list": "annex_z"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "list"


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(ALL))
def test_every_code_round_trips_through_the_api(client, code):
    body = client.get(f"/api/v1/codes/{code}").json()
    assert body["code"] == code
    assert [v["list"] for v in body["versions"]] == [v.list for v in catalogue().versions(code)]


def test_token_resolves_to_its_user_and_is_audited(make_user):
    user = make_user("notifier.jp")
    token = create_token(username="notifier.jp")
    assert user_for_token(token) == user
    assert user_for_token(token + "x") is None and user_for_token("") is None
    assert verify().intact and verify().records == 1


def test_token_for_unknown_user_names_the_field(db):
    with pytest.raises(NotFound) as error:
        create_token(username="nobody")
    assert error.value.field == "username"


def test_audit_chain_detects_an_altered_record(make_user):
    make_user("a")
    create_token(username="a")
    create_token(username="a")
    from tbmnet.apps.audit.models import AuditRecord

    first = AuditRecord.objects.order_by("id").first()
    AuditRecord.objects.filter(pk=first.pk).update(data={"username": "mallory"})
    check = verify()
    assert not check.intact and check.broken_at == first.pk


def test_audit_chain_detects_a_removed_record(make_user):
    make_user("a")
    for _ in range(3):
        create_token(username="a")
    from tbmnet.apps.audit.models import AuditRecord

    AuditRecord.objects.order_by("id")[1].delete()
    assert not verify().intact


