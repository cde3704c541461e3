"""The movements demo: story 1's shipments at every stage, loaded once."""

import pytest

from tbmnet.apps.movements import demo
from tbmnet.apps.movements.models import Movement, MovementStatus, OverdueAlert
from tbmnet.apps.registry import setup

pytestmark = pytest.mark.django_db


def test_without_the_consented_notification_the_demo_does_nothing():
    setup.load_demo()
    assert "no consented story-1 notification" in demo.load_demo()
    assert not Movement.objects.exists()


def test_story_1_shipments_at_every_stage_once():
    from tbmnet.apps.notifications import demo as notifications

    setup.load_demo()
    notifications.load_demo()
    assert "5 movements" in demo.load_demo()
    statuses = sorted(Movement.objects.values_list("status", flat=True))
    assert statuses == sorted([MovementStatus.COMPLETED, MovementStatus.COMPLETED,
                               MovementStatus.RECEIVED, MovementStatus.IN_TRANSIT,
                               MovementStatus.IMPORTED])
    assert OverdueAlert.objects.get().kind == "receipt"
    notification = demo.story_1_notification()
    assert notification.shipments_used == 5
    assert demo.load_demo() == "movements demo data already loaded"
    assert Movement.objects.count() == 5
