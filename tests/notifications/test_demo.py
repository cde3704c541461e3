"""The demo world's notifications (story 1), and the home pages that show them."""

import re
from datetime import date

import pytest

from tbmnet.apps.audit.models import AuditRecord
from tbmnet.apps.notifications import demo, selectors
from tbmnet.apps.notifications.models import Notification

from .factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(db):
    from tbmnet.demo import load_demo

    load_demo()


def _by_contract(reference: str) -> Notification:
    return Notification.objects.get(contract_reference=reference)


def test_demo_files_story_1_through_to_a_genuine_consent(demo_world):
    story = _by_contract(demo.STORY_1)
    assert story.status == "consented" and story.kind == "general" and story.shipments == 12
    assert (story.basel_codes, story.y_codes, story.h_codes, story.hs_codes, story.operations) \
        == (["A1160"], ["Y31"], ["H8"], ["854911"], ["R4"])
    assert [(s.state, s.role, s.status) for s in story.states.all()] == [
        ("JP", "export", "transmitted"), ("SG", "transit", "consented"),
        ("MY", "import", "consented")]
    assert story.facility.name == "Klang Valley Lead Smelting Sdn. Bhd."
    answer = selectors.verify(story.consent.code)
    assert answer["status"] == "genuine" and "sealed" in answer["conditions"]["MY"]


def test_demo_goes_through_the_services_so_every_step_is_audited(demo_world):
    events = [r.event for r in selectors.timeline(_by_contract(demo.STORY_1))]
    for event in ("NotificationDraftCreated", "NotificationSubmission",
                  "NotificationAcknowledgement", "FurtherNotificationRequest",
                  "FurtherNotificationAnswer", "NotificationDecision", "ConsentIssued"):
        assert event in events


def test_demo_has_one_notification_awaiting_malaysia_and_one_draft(demo_world):
    from django.contrib.auth import get_user_model

    ca_my = get_user_model().objects.get(username="ca.my")
    awaiting = _by_contract(demo.AWAITING)
    assert awaiting.status == "transmitted"
    assert [row.notification for row in selectors.inbox(ca_my)] == [awaiting]
    assert _by_contract(demo.DRAFT).status == "draft"


def test_a_second_load_changes_nothing(demo_world):
    before = (Notification.objects.count(), AuditRecord.objects.count())
    assert demo.load_demo() == "notifications demo data already loaded"
    assert (Notification.objects.count(), AuditRecord.objects.count()) == before


def _sign_in(client, username):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    return client.get("/").content.decode()


def test_notifier_home_lists_my_notifications_with_their_status(client, demo_world):
    page = _sign_in(client, "notifier.jp")
    assert 'id="my-notifications"' in page and "You have no notifications yet" not in page
    for reference, status in ((demo.STORY_1, "Consented"), (demo.AWAITING, "Transmitted"),
                              (demo.DRAFT, "Draft")):
        number = _by_contract(reference).number
        assert re.search(rf">{number}</a></td>\s*<td[^>]*>{status}", page)
    assert "consent.pdf" in page


def test_authority_home_shows_what_awaits_its_decision(client, demo_world):
    page = _sign_in(client, "ca.my")
    awaiting = page[page.index('id="awaiting-decision"'):page.index('id="home-movements"')]
    assert _by_contract(demo.AWAITING).number in awaiting
    assert _by_contract(demo.STORY_1).number not in awaiting  # decided
    assert "No notification awaits your decision" not in page
    assert "No notification awaits your decision" in _sign_in(client, "ca.fj")


def test_authority_home_sorts_by_due_date_and_marks_the_overdue(client):
    world = World()
    late = world.transmitted(today=date(2020, 1, 15))
    later = world.transmitted(today=date(2020, 3, 1))
    client.force_login(world.ca["SG"])
    page = client.get("/").content.decode()
    card = page[page.index('id="awaiting-decision"'):]
    card = card[:card.index("</section>")]
    assert card.index(late.number) < card.index(later.number)
    assert card.count("overdue</strong>") == 2


def test_another_notifier_sees_none_of_them_on_its_home(client):
    world = World()
    world.draft()
    client.force_login(world.other_notifier)
    assert "You have no notifications yet" in client.get("/").content.decode()
