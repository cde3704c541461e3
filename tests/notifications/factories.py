"""A small world for the notification tests: authorities, companies and their users."""

from __future__ import annotations

from datetime import date
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from tbmnet.apps.notifications import services
from tbmnet.apps.registry.models import Membership, Organisation, OrganisationKind, Permit, Role

CA = OrganisationKind.COMPETENT_AUTHORITY


def organisation(kind: str, country: str, name: str, code: str = "") -> Organisation:
    org, _ = Organisation.objects.get_or_create(kind=kind, country=country, name=name,
                                                code=code, defaults={"source": "test"})
    return org


@cache
def _password_hash() -> str:
    return make_password(PASSWORD)  # hashed once: the hasher is slow on purpose


PASSWORD = "pw-for-tests-only"


def user(username: str, org: Organisation, role: str):
    person, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"password": _password_hash()})
    Membership.objects.get_or_create(user=person, organisation=org, role=role)
    return person


def authority(country: str):
    """The competent authority of ``country`` and its officer ``ca.<cc>``."""
    org = organisation(CA, country, f"Competent authority of {country}", code=country)
    return user(f"ca.{country.lower()}", org, Role.COMPETENT_AUTHORITY)


class World:
    """Japan → (Singapore) → Malaysia, lead-acid batteries for R4 (story 1)."""

    def __init__(self, *, export="JP", transit=("SG",), import_="MY"):
        self.export, self.transit, self.import_ = export, tuple(transit), import_
        self.notifier_org = organisation(OrganisationKind.NOTIFIER, export, "Nippon Recycling KK")
        self.notifier = user(f"notifier.{export.lower()}", self.notifier_org, Role.NOTIFIER)
        self.other_notifier = user(
            "notifier.other", organisation(OrganisationKind.NOTIFIER, export, "Other KK"),
            Role.NOTIFIER)
        self.ca = {cc: authority(cc) for cc in (export, *transit, import_)}
        self.outsider_ca = authority("NE")
        self.customs = user(f"customs.{import_.lower()}",
                            organisation(OrganisationKind.CUSTOMS_OFFICE, import_, "Port Klang"),
                            Role.CUSTOMS)
        self.consignee = organisation(OrganisationKind.CONSIGNEE, import_, "Klang Smelting Sdn Bhd")
        self.facility = organisation(OrganisationKind.FACILITY, import_, "Klang Smelter")
        Permit.objects.get_or_create(facility=self.facility, number="P-1", defaults=dict(
            operations=["R4"], waste_codes=["A1160", "Y31", "Y34"], valid_from=date(2020, 1, 1),
            valid_until=date(2035, 1, 1)))
        self.generator = organisation(OrganisationKind.GENERATOR, export, "Osaka Battery Works")
        self.carrier = organisation(OrganisationKind.CARRIER, export, "Blue Sea Line")

    def data(self, **overrides) -> dict:
        states = [{"state": self.export, "role": "export", "exit_point": "Yokohama"}]
        states += [{"state": cc, "role": "transit", "entry_point": "Singapore",
                    "exit_point": "Singapore"} for cc in self.transit]
        states += [{"state": self.import_, "role": "import", "entry_point": "Port Klang"}]
        data = {
            "kind": "general", "purpose": "recovery", "pre_consented": False,
            "consignee_id": self.consignee.pk, "shipments": 12,
            "quantity_tonnes": "240", "quantity_m3": None,
            "first_departure": "2026-03-01", "last_departure": "2026-12-31",
            "packaging_types": ["4"], "special_handling": True,
            "carrier_ids": [self.carrier.pk], "means_of_transport": ["R", "S"],
            "generator_ids": [self.generator.pk], "generation_site": "Osaka",
            "generation_process": "collection of spent vehicle batteries",
            "facility_id": self.facility.pk, "facility_site": "Port Klang, Selangor",
            "operations": ["R4"], "technology": "smelting", "reason_for_export": "no capacity",
            "designation": "Spent lead-acid batteries, whole",
            "composition": "lead 60 %, sulphuric acid 20 %, polypropylene 10 %",
            "physical_characteristics": ["2"],
            "basel_codes": ["A1160"], "y_codes": ["Y31", "Y34"], "h_codes": ["H8"],
            "un_classes": ["8"], "un_numbers": ["UN2794"],
            "un_shipping_names": ["BATTERIES, WET, FILLED WITH ACID"],
            "hs_codes": ["8549.11"], "radioactive": False, "states": states,
            "customs_office_exit": "Yokohama Customs", "customs_office_entry": "Port Klang",
            "declaration_name": "Taro Yamada", "declaration_date": "2026-01-10",
            "declaration_signed": True, "insurance": "Tokio Marine policy 123",
            "financial_guarantee": "bond 5 000 000 JPY", "contract_reference": "C-2026-1",
            "annexes": ["contract", "permit of the smelter"],
        }
        data.update(overrides)
        return data

    def draft(self, **overrides):
        return services.create_draft(actor=self.notifier, data=self.data(**overrides))

    def submitted(self, **overrides):
        notification = self.draft(**overrides)
        return services.submit(notification=notification, actor=self.notifier)

    def transmitted(self, today=date(2026, 1, 15), **overrides):
        notification = self.submitted(**overrides)
        return services.transmit(notification=notification, actor=self.ca[self.export],
                                 today=today)

    def consented(self, **overrides):
        notification = self.transmitted(**overrides)
        for cc in (*self.transit, self.import_):
            services.decide(notification=notification, actor=self.ca[cc], kind="consent",
                            today=date(2026, 2, 1))
        notification.refresh_from_db()
        return notification
