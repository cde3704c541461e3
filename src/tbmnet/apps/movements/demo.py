"""The movements part of the demo world (story 1 of shared/STORIES.md): shipments of spent
lead-acid batteries from Japan through Singapore to the smelter at Port Klang, under the
consented general notification of the notifications demo, each recorded through the
services by the party entitled to it, so every step is audited like a real one.

- shipments 1 and 2: closed, certificate of recovery (R4) issued;
- shipment 3: received by the smelter, awaiting its certificate;
- shipment 4: in Singapore, in transit;
- shipment 5: entered Malaysia six days ago and never confirmed: receipt overdue.

Dates follow today. The notification is found by what it is (consented, Japan → Singapore →
Malaysia, A1160 to Klang Valley Lead Smelting), not by its number; a second load changes
nothing. Everything here is fictional."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from tbmnet.apps.notifications.models import Notification, NotificationStatus

from . import services

FACILITY = "Klang Valley Lead Smelting Sdn. Bhd."
ACCOUNTS = ("notifier.jp", "carrier.jp", "carrier.sg", "customs.jp", "customs.sg",
            "customs.my", "facility.my")


def story_1_notification() -> Notification | None:
    """The consented notification of story 1, found by its characteristics."""
    found = (Notification.objects.filter(status=NotificationStatus.CONSENTED,
                                         notifier__country="JP", facility__name=FACILITY)
             .prefetch_related("states").order_by("created_at", "id"))
    for n in found:
        route = [(s.state, s.role) for s in sorted(n.states.all(), key=lambda s: s.position)]
        if "A1160" in n.basel_codes and route == [("JP", "export"), ("SG", "transit"),
                                                  ("MY", "import")]:
            return n
    return None


def _at(day: date, hour: int = 8) -> str:
    return f"{day.isoformat()}T{hour:02d}:00:00"


class _Shipper:
    """Records one shipment's events as the demo accounts."""

    def __init__(self, notification: Notification, users: dict) -> None:
        self.notification, self.u = notification, users

    def announce(self, departure: date, arrival: date, tonnes: str, container: str):
        return services.announce(
            notification=self.notification, actor=self.u["notifier.jp"],
            today=departure - timedelta(days=3),
            data={"departure_on": departure.isoformat(),
                  "expected_arrival_on": arrival.isoformat(), "quantity_tonnes": tonnes,
                  "packaging": [{"type": "4", "count": 24}], "containers": [container],
                  "vehicles": ["IMO 9412345 (MV Hakuyo Maru)"],
                  "information": "Sealed; container listed (condition of Malaysia)."})

    def event(self, movement, who: str, kind: str, today: date | None = None, **data):
        services.record_event(movement=movement, actor=self.u[who], kind=kind, data=data,
                              today=today)
        movement.refresh_from_db()

    def to_singapore(self, movement, departure: date) -> None:
        self.event(movement, "carrier.jp", "handover", means="S",
                   vehicle="MV Hakuyo Maru", at=_at(departure, 7))
        self.event(movement, "customs.jp", "customs_exit", note="Yokohama, seals intact",
                   at=_at(departure, 15))
        self.event(movement, "customs.sg", "transit_entry", at=_at(departure + timedelta(2)))

    def to_malaysia(self, movement, departure: date, arrival: date) -> None:
        self.to_singapore(movement, departure)
        self.event(movement, "carrier.sg", "handover", means="S",
                   vehicle="MV Straits Meridian", at=_at(departure + timedelta(2), 14))
        self.event(movement, "customs.sg", "transit_exit", at=_at(departure + timedelta(3)))
        self.event(movement, "customs.my", "import_entry", note="Port Klang Westport",
                   at=_at(arrival))

    def receive(self, movement, on: date, tonnes: str, completion: date) -> None:
        self.event(movement, "facility.my", "receipt", today=on, received_on=on.isoformat(),
                   quantity_tonnes=tonnes, accepted=True,
                   approximate_completion_on=completion.isoformat())

    def certify(self, movement, on: date, tonnes: str) -> None:
        self.event(movement, "facility.my", "certificate", today=on + timedelta(days=1),
                   operation="R4", completed_on=on.isoformat(), quantity_tonnes=tonnes)


@transaction.atomic
def load_demo() -> str:
    """Ship story 1's first five movements; a second load changes nothing."""
    notification = story_1_notification()
    if notification is None:
        return "no consented story-1 notification (load the notifications demo first)"
    if notification.movements.exists():
        return "movements demo data already loaded"
    users = {u.username: u for u in get_user_model().objects.filter(username__in=ACCOUNTS)}
    if len(users) < len(ACCOUNTS):
        return f"demo accounts missing: {', '.join(sorted(set(ACCOUNTS) - set(users)))}"
    today = timezone.localdate()
    ship = _Shipper(notification, users)

    def d(days: int) -> date:  # so many days ago
        return today - timedelta(days=days)

    for departure, arrival, tonnes, received, container in (
            (d(10), d(6), "20.000", "19.960", "HKLU4412873"),
            (d(9), d(5), "19.500", "19.500", "HKLU4412889")):
        movement = ship.announce(departure, arrival, tonnes, container)
        ship.to_malaysia(movement, departure, arrival)
        ship.receive(movement, arrival, received, completion=arrival + timedelta(days=2))
        ship.certify(movement, arrival + timedelta(days=2), received)
    movement = ship.announce(d(8), d(3), "20.400", "HKLU4412895")
    ship.to_malaysia(movement, d(8), d(3))
    ship.receive(movement, d(3), "20.400", completion=today + timedelta(days=10))
    movement = ship.announce(d(3), today + timedelta(days=3), "20.000", "HKLU4412902")
    ship.to_singapore(movement, d(3))
    movement = ship.announce(d(10), d(6), "18.750", "HKLU4412918")
    ship.to_malaysia(movement, d(10), d(6))
    alerts = services.run_overdue(today=today)
    return (f"5 movements under {notification.number} (2 closed, 1 awaiting its "
            f"certificate, 1 in transit, 1 receipt overdue); {alerts['raised']} overdue "
            f"alert(s)")
