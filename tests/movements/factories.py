"""A small world for the movement tests: a consented notification Japan → Singapore →
Malaysia (story 1), built directly as rows so that these tests do not depend on the PIC
workflow, and the users of every party."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from tbmnet.apps.movements import services
from tbmnet.apps.notifications.models import (
    AuthorityKey,
    Consent,
    Notification,
    NotificationStatus,
    StateConcerned,
    StateStatus,
)
from tbmnet.apps.registry.models import Membership, Organisation, OrganisationKind, Permit, Role

K = OrganisationKind
DAY = date(2026, 3, 2)  # a Monday


def organisation(kind: str, country: str, name: str) -> Organisation:
    org, _ = Organisation.objects.get_or_create(kind=kind, country=country, name=name,
                                                defaults={"source": "test", "code": name[:8]})
    return org


def user(username: str, org: Organisation, role: str):
    person, created = get_user_model().objects.get_or_create(username=username)
    if created:
        person.set_unusable_password()
        person.save()
    Membership.objects.get_or_create(user=person, organisation=org, role=role)
    return person


class World:
    def __init__(self) -> None:
        self.notifier_org = organisation(K.NOTIFIER, "JP", "Nippon Recycling KK")
        self.notifier = user("notifier.jp", self.notifier_org, Role.NOTIFIER)
        self.authorities = {cc: organisation(K.COMPETENT_AUTHORITY, cc, f"CA {cc}")
                            for cc in ("JP", "SG", "MY")}
        self.ca = {cc: user(f"ca.{cc.lower()}", org, Role.COMPETENT_AUTHORITY)
                   for cc, org in self.authorities.items()}
        self.ca_other = user("ca.ne", organisation(K.COMPETENT_AUTHORITY, "NE", "CA NE"),
                             Role.COMPETENT_AUTHORITY)
        self.customs = {cc: user(f"customs.{cc.lower()}",
                                 organisation(K.CUSTOMS_OFFICE, cc, f"Customs {cc}"),
                                 Role.CUSTOMS) for cc in ("JP", "SG", "MY", "PH")}
        self.carrier_org = organisation(K.CARRIER, "SG", "Straits Shipping")
        self.carrier = user("carrier.sg", self.carrier_org, Role.CARRIER)
        self.other_carrier = user("carrier.other",
                                  organisation(K.CARRIER, "SG", "Other Line"), Role.CARRIER)
        self.consignee = organisation(K.CONSIGNEE, "MY", "Klang Smelting Sdn Bhd")
        self.facility_org = organisation(K.FACILITY, "MY", "Klang Smelter")
        self.facility = user("facility.my", self.facility_org, Role.FACILITY)
        self.other_facility = user("facility.other",
                                   organisation(K.FACILITY, "MY", "Other Smelter"),
                                   Role.FACILITY)
        Permit.objects.get_or_create(facility=self.facility_org, number="P-1", defaults=dict(
            operations=["R4", "R13"], waste_codes=["A1160", "Y31"],
            valid_from=date(2020, 1, 1), valid_until=date(2035, 1, 1)))
        self._count = 0

    def notification(self, *, status=NotificationStatus.CONSENTED, shipments=12,
                     tonnes="240", operations=("R4",), valid_from=date(2026, 2, 1),
                     valid_until=date(2026, 12, 31), revoked=False, procedure="basel",
                     codes=("A1160",)) -> Notification:
        self._count += 1
        n = Notification.objects.create(
            number=f"JP 0001 {self._count:06d}", status=status, created_by=self.notifier,
            notifier=self.notifier_org, consignee=self.consignee, kind="general",
            purpose="recovery", shipments=shipments,
            quantity_tonnes=Decimal(tonnes) if tonnes else None,
            first_departure=valid_from, last_departure=valid_until, facility=self.facility_org,
            operations=list(operations), basel_codes=list(codes), y_codes=["Y31"],
            designation="Spent lead-acid batteries", procedure=procedure)
        n.carriers.add(self.carrier_org)
        for i, (cc, role) in enumerate((("JP", "export"), ("SG", "transit"), ("MY", "import"))):
            StateConcerned.objects.create(notification=n, position=i, state=cc, role=role,
                                          authority=self.authorities[cc],
                                          status=StateStatus.CONSENTED)
        if status == NotificationStatus.CONSENTED:
            key, _ = AuthorityKey.objects.get_or_create(
                key_id="test-key", defaults={"authority": self.authorities["JP"],
                                             "public_key": "x", "private_key": "y"})
            Consent.objects.create(
                notification=n, code=f"c{self._count}", record={}, signature="s", key=key,
                valid_from=valid_from, valid_until=valid_until, issued_at=timezone.now(),
                revoked_at=timezone.now() if revoked else None)
        return n

    def announce(self, notification=None, *, today=DAY, departure=None, tonnes="20", **data):
        notification = notification or self.notification()
        departure = departure or today + timedelta(days=7)
        payload = {"departure_on": departure.isoformat(),
                   "expected_arrival_on": (departure + timedelta(days=10)).isoformat(),
                   "quantity_tonnes": tonnes, "packaging": [{"type": "4", "count": 20}],
                   "carrier_ids": [self.carrier_org.pk], "containers": ["MSCU1234565"],
                   "vehicles": ["IMO 9321483"]} | data
        return services.announce(notification=notification, actor=self.notifier,
                                 data=payload, today=today)

    def event(self, movement, who, kind, today=None, **data):
        event, _ = services.record_event(movement=movement, actor=who, kind=kind, data=data,
                                         today=today)
        movement.refresh_from_db()
        return event

    def to_import(self, movement):
        """Handover, customs exit (JP), transit (SG) and entry into Malaysia, at 08:00 on the
        day of departure (or now, when that is still to come: an event may not be in the
        future)."""
        eight = timezone.make_aware(datetime.combine(movement.departure_on, time(8)))
        at = min(eight, timezone.now()).isoformat()
        self.event(movement, self.carrier, "handover", means="S", at=at)
        self.event(movement, self.customs["JP"], "customs_exit", at=at)
        self.event(movement, self.customs["SG"], "transit_entry", at=at)
        self.event(movement, self.customs["SG"], "transit_exit", at=at)
        self.event(movement, self.customs["MY"], "import_entry", at=at)
        return movement

    def receive(self, movement, *, received_on, today=None, accepted=True, tonnes="20",
                **data):
        self.event(movement, self.facility, "receipt", today=today or received_on,
                   received_on=received_on.isoformat(), quantity_tonnes=tonnes,
                   accepted=accepted, **data)
        return movement
