"""The movement pages in each role's navigation, and the carrier's and facility's home pages
listing what they have to record (on the demo world)."""

import pytest
from django.urls import reverse

from tbmnet.apps.movements import demo as movements_demo
from tbmnet.apps.registry import setup
from tbmnet.apps.registry.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world():
    from tbmnet.apps.notifications import demo as notifications

    setup.load_demo()
    notifications.load_demo()
    movements_demo.load_demo()


def home(client, username) -> str:
    client.post("/accounts/login/", {"username": username, "password": setup.DEMO_PASSWORD})
    return client.get("/").content.decode()


@pytest.mark.parametrize(("username", "links"), [
    ("notifier.jp", ["movements:list"]),
    ("ca.my", ["movements:list", "movements:dashboard"]),
    ("customs.my", ["movements:list"]),
    ("carrier.sg", ["movements:list"]),
    ("facility.my", ["movements:list"]),
])
def test_the_roles_that_use_movements_have_them_in_the_navigation(client, demo_world,
                                                                   username, links):
    page = home(client, username)
    for name in links:
        assert f'href="{reverse(name)}"' in page


def test_the_secretariat_has_no_movement_link(client, demo_world):
    assert f'href="{reverse("movements:list")}"' not in home(client, "secretariat")


def test_the_carrier_home_lists_the_handover_to_record(client, demo_world):
    page = home(client, "carrier.sg")
    assert 'id="worklist"' in page and "Handover to a carrier" in page
    assert 'id="on-the-way"' in page and "In a state of transit" in page


def test_the_facility_home_lists_receipts_and_certificates_to_record(client, demo_world):
    page = home(client, "facility.my")
    assert "Receipt at the facility" in page and "Certificate of disposal or recovery" in page
    assert 'id="awaiting-certificate"' in page and 'id="incoming"' in page
    assert "JAS/ML/2024/0173" in page
    smelter = Organisation.objects.get(name=movements_demo.FACILITY)
    assert reverse("movements:facility", args=[smelter.pk]) in page


def test_the_demo_dashboard_shows_story_1_at_every_stage(client, demo_world):
    home(client, "ca.my")
    board = client.get(reverse("movements:dashboard")).content.decode()
    for key, value in (("awaiting_receipt", 2), ("awaiting_certificate", 1), ("closed", 2),
                       ("overdue", 1)):
        assert f'data-count="{key}">{value}<' in board
