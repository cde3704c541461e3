"""The notifications API: filing, submission, decisions, access, and public verification."""

import pytest

from tbmnet.apps.registry.tokens import create_token

from .factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(username=user.username)}"}


def post(client, url, user, body=None):
    return client.post(url, body or {}, content_type="application/json", **bearer(user))


def test_walk_from_draft_to_consent_through_the_api(client, world):
    created = post(client, "/api/v1/notifications", world.notifier, world.data())
    assert created.status_code == 201, created.content
    number = created.json()["number"]
    url = f"/api/v1/notifications/{number}"
    assert post(client, f"{url}/submit", world.notifier).json()["verdict"]["verdict"] == \
        "consent_required"
    assert post(client, f"{url}/transmit", world.ca["JP"]).json()["status"] == "transmitted"
    response = post(client, f"{url}/decisions", world.ca["MY"],
                    {"state": "MY", "kind": "consent", "conditions": "each shipment sealed",
                     "valid_until": "2026-12-31"})
    assert response.status_code == 201
    body = post(client, f"{url}/decisions", world.ca["SG"], {"kind": "consent"}).json()
    assert body["status"] == "consented" and body["consent"]["valid_until"] == "2026-12-31"
    check = client.get(f"/api/v1/verify/{body['consent']['code']}").json()
    assert check["status"] in ("genuine", "expired") and check["genuine"]
    assert check["notification"] == number
    assert "composition" not in str(check) and "insurance" not in str(check)


def test_number_with_dashes_or_without_spaces_finds_the_notification(client, world):
    number = world.draft().number
    for form in (number.replace(" ", "-"), number.replace(" ", "")):
        response = client.get(f"/api/v1/notifications/{form}", **bearer(world.notifier))
        assert response.json()["number"] == number


def test_bad_box_is_422_naming_the_box(client, world):
    response = post(client, "/api/v1/notifications", world.notifier,
                    world.data(hs_codes=["0000.01"]))
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "block_14.hs_codes"


def test_submit_of_incomplete_notification_is_422_naming_the_box(client, world):
    number = world.draft(designation="").number
    response = post(client, f"/api/v1/notifications/{number}/submit", world.notifier)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "block_12.designation"


def test_who_sees_what(client, world):
    draft = world.draft()
    submitted = world.submitted()
    url = "/api/v1/notifications/{}"
    # the notifier sees its own, drafts included
    assert client.get(url.format(draft.number), **bearer(world.notifier)).status_code == 200
    # another notifier, customs, an authority not concerned: no
    for user in (world.other_notifier, world.customs, world.outsider_ca):
        assert client.get(url.format(submitted.number), **bearer(user)).status_code == 403
    # an authority concerned sees it once submitted, not as a draft
    assert client.get(url.format(submitted.number), **bearer(world.ca["MY"])).status_code \
        == 200
    assert client.get(url.format(draft.number), **bearer(world.ca["MY"])).status_code == 403
    listed = client.get("/api/v1/notifications", **bearer(world.ca["SG"])).json()["results"]
    assert [n["number"] for n in listed] == [submitted.number]
    assert client.get(url.format("JP 2000 999999"), **bearer(world.notifier)).status_code \
        == 404
    assert client.get(url.format(draft.number)).status_code == 401


def test_roles_cannot_change_what_they_must_not(client, world):
    notification = world.transmitted()
    url = f"/api/v1/notifications/{notification.number}"
    assert post(client, f"{url}/decisions", world.notifier, {"kind": "consent"}).status_code \
        == 403
    assert post(client, f"{url}/decisions", world.ca["SG"],
                {"state": "MY", "kind": "consent"}).status_code == 403
    assert post(client, f"{url}/transmit", world.ca["MY"]).status_code == 403
    assert post(client, f"{url}/submit", world.notifier).status_code == 409
    response = client.patch(url, {"designation": "x"}, content_type="application/json",
                            **bearer(world.notifier))
    assert response.status_code == 409


def test_openapi_lists_the_notification_operations(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/notifications", "/api/v1/notifications/{number}",
                 "/api/v1/notifications/{number}/submit",
                 "/api/v1/notifications/{number}/decisions", "/api/v1/verify/{code}"):
        assert path in paths


def test_verify_unknown_code(client, db):
    body = client.get("/api/v1/verify/nothing-like-this").json()
    assert body["status"] == "unknown" and not body["genuine"]
