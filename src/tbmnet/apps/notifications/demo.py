"""The notifications part of the demo world (story 1 of shared/STORIES.md), filed and decided
through the app's own services, so every step is audited like a real one.

- Story 1: Sagami Lead Recovery (``notifier.jp``) sends 12 shipments of spent lead-acid
  batteries (A1160, Y31, H8, HS 854911) by sea via Singapore to Klang Valley Lead Smelting
  (R4). Japan transmits, Malaysia acknowledges, asks for the contract (its clock stops), the
  notifier answers, Malaysia consents with a condition, Singapore consents: the signed consent
  comes out with its QR code.
- Lead dross to the same smelter, direct: transmitted, awaiting ``ca.my``'s decision.
- Lead-acid batteries for the next period: a draft of ``notifier.jp``.
- Story 4: Maasvlakte Tank Cleaning (``notifier.nl``) notifies used oil and water slops to
  Abidjan; the legality check answers *prohibited* (Bamako Art. 4(1), Basel Art. 4A) and the
  notification waits, untransmitted, where ``ca.ci`` sees it with the trader's record.

Dates follow today, so the consent is valid whenever the demo is loaded. Each notification
is found again by its contract reference (block 17): a second load changes nothing.
Everything here is fictional."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from tbmnet.apps.registry.models import Organisation

from . import services
from .models import Notification

STORY_1 = "SLR-KVLS-2026-01"  # contract references: how the demo finds its notifications
AWAITING = "SLR-KVLS-2026-02"
DRAFT = "SLR-KVLS-2027-01"
SLOPS = "MVTC-VRHU-2026-01"  # story 4: refused by the legality check


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def story_1_data(first_departure: date, contract: str) -> dict:
    """Story 1's general notification, every box filled."""
    smelter = _org("Klang Valley Lead Smelting Sdn. Bhd.")
    return {
        "kind": "general", "purpose": "recovery", "pre_consented": False,
        "consignee_id": smelter.pk, "shipments": 12, "quantity_tonnes": "240",
        "first_departure": first_departure,
        "last_departure": services.add_months(first_departure, 10) - timedelta(days=1),
        "packaging_types": ["4", "6"], "special_handling": True,
        "carrier_ids": [_org("Hakuyo Kaiun K.K. (Hakuyo Line)").pk,
                        _org("Straits Meridian Shipping Pte. Ltd.").pk],
        "means_of_transport": ["R", "S"],
        "generator_ids": [_org("Minato Auto Dismantling K.K.").pk],
        "generation_site": "Minato Auto Dismantling, Nanko-kita yard, Osaka",
        "generation_process": "Removal of starter batteries from end-of-life vehicles",
        "facility_id": smelter.pk, "facility_site": "Pulau Indah, Pelabuhan Klang, Selangor",
        "operations": ["R4"],
        "technology": "Breaking and separation, rotary-furnace smelting, refining of lead",
        "reason_for_export": "No secondary lead smelter with capacity in the Kanto region",
        "designation": "Spent lead-acid batteries, whole, undrained",
        "composition": "Lead and lead compounds 65 %, sulphuric acid 15 %, "
                       "polypropylene casing 8 %, other 12 %",
        "physical_characteristics": ["1", "4"],
        "basel_codes": ["A1160"], "y_codes": ["Y31"], "h_codes": ["H8"], "un_classes": ["8"],
        "un_numbers": ["UN2794"], "un_shipping_names": ["BATTERIES, WET, FILLED WITH ACID"],
        "hs_codes": ["854911"],
        "states": [{"state": "JP", "role": "export", "exit_point": "Yokohama"},
                   {"state": "SG", "role": "transit", "entry_point": "Singapore",
                    "exit_point": "Singapore"},
                   {"state": "MY", "role": "import", "entry_point": "Port Klang"}],
        "customs_office_exit": "Yokohama Customs, Honmoku Branch",
        "customs_office_entry": "Kastam Pelabuhan Klang (Port Klang Customs)",
        "customs_office_export": "Yokohama Customs, Honmoku Branch",
        "declaration_name": "Kenji Morimoto", "declaration_date": first_departure
        - timedelta(days=45), "declaration_signed": True,
        "generator_declaration_name": "Aiko Tanabe",
        "insurance": "Marine cargo and environmental liability, policy TM-44-0918273",
        "financial_guarantee": "Bank guarantee of 12 000 000 JPY, MUFG Bank",
        "contract_reference": contract,
        "annexes": ["Contract with Klang Valley Lead Smelting", "Permit JAS/ML/2024/0173"],
    }


def dross_data(first_departure: date) -> dict:
    """Lead dross to the same smelter, direct by sea: a notification awaiting Malaysia."""
    data = story_1_data(first_departure, AWAITING)
    data.update({
        "shipments": 4, "quantity_tonnes": "80", "packaging_types": ["5"],
        "carrier_ids": [_org("Hakuyo Kaiun K.K. (Hakuyo Line)").pk],
        "means_of_transport": ["R", "S"],
        "generator_ids": [_org("Sagami Lead Recovery Co., Ltd.").pk],
        "generation_site": "Sagami Lead Recovery, Isogo plant, Yokohama",
        "generation_process": "Skimming of lead dross in battery-grid casting",
        "designation": "Lead dross and skimmings", "composition": "Lead 70 %, lead oxides 25 %",
        "physical_characteristics": ["1"], "basel_codes": ["A1010"], "h_codes": ["H11"],
        "un_classes": [], "un_numbers": [], "un_shipping_names": [], "hs_codes": ["262029"],
        "states": [{"state": "JP", "role": "export", "exit_point": "Yokohama"},
                   {"state": "MY", "role": "import", "entry_point": "Port Klang"}],
        "annexes": ["Contract with Klang Valley Lead Smelting"],
    })
    return data


def slops_data(first_departure: date) -> dict:
    """Story 4: used oil and water slops from Rotterdam to Abidjan, which the Bamako
    Convention (Art. 4(1)) and the Ban Amendment (Basel Art. 4A) forbid."""
    refinery = _org("Vridi Régénération des Huiles Usagées SA")
    notifier = _org("Maasvlakte Tank Cleaning B.V.")
    return {
        "kind": "single", "purpose": "recovery", "pre_consented": False,
        "consignee_id": refinery.pk, "shipments": 1, "quantity_tonnes": "480",
        "first_departure": first_departure, "last_departure": first_departure,
        "packaging_types": ["8"], "special_handling": True,
        "carrier_ids": [_org("Waalhaven Container Lines B.V.").pk],
        "means_of_transport": ["S"], "generator_ids": [notifier.pk],
        "generation_site": "Maasvlakte Tank Cleaning, Europaweg 910, Rotterdam",
        "generation_process": "Cleaning of ships' cargo tanks and slop tanks",
        "facility_id": refinery.pk, "facility_site": "Zone industrielle de Vridi, Abidjan",
        "operations": ["R9"], "technology": "Settling, dewatering and re-refining of used oil",
        "reason_for_export": "Lower treatment price offered by the consignee",
        "designation": "Used oil and water slops from tank cleaning",
        "composition": "Mineral oil 35 %, water 60 %, sediment 5 %",
        "physical_characteristics": ["5"], "basel_codes": ["A3020"], "y_codes": ["Y8", "Y9"],
        "h_codes": ["H3"], "un_classes": ["3"], "un_numbers": ["UN1993"],
        "un_shipping_names": ["FLAMMABLE LIQUID, N.O.S."], "hs_codes": ["271099"],
        "states": [{"state": "NL", "role": "export", "exit_point": "Rotterdam"},
                   {"state": "CI", "role": "import", "entry_point": "Abidjan"}],
        "customs_office_exit": "Douane Rotterdam Haven",
        "customs_office_entry": "Bureau des douanes du Port d'Abidjan",
        "customs_office_export": "Douane Rotterdam Haven",
        "declaration_name": "Pieter de Vries",
        "declaration_date": first_departure - timedelta(days=40), "declaration_signed": True,
        "insurance": "Marine cargo and pollution liability, policy MV-2026-7781",
        "financial_guarantee": "Bank guarantee of 250 000 EUR",
        "contract_reference": SLOPS, "annexes": ["Contract with Vridi Régénération"],
    }


def _exists(contract: str) -> bool:
    return Notification.objects.filter(contract_reference=contract).exists()


@transaction.atomic
def load_demo() -> str:
    """Load once; a second load changes nothing."""
    notifier, ca_jp, ca_sg, ca_my = (_user(u) for u in ("notifier.jp", "ca.jp", "ca.sg",
                                                          "ca.my"))
    today = timezone.localdate()
    made = []
    if not _exists(STORY_1):
        # Filed six weeks ago; the first shipment left ten days ago.
        filed = today - timedelta(days=42)
        n = services.create_draft(actor=notifier,
                                  data=story_1_data(today - timedelta(days=10), STORY_1))
        services.submit(notification=n, actor=notifier)
        services.transmit(notification=n, actor=ca_jp, today=filed + timedelta(days=2))
        services.acknowledge(notification=n, actor=ca_my, today=filed + timedelta(days=4))
        services.request_information(
            notification=n, actor=ca_my, today=filed + timedelta(days=6),
            question="Send the contract with the smelter (Basel Art. 6(3)(b)).")
        services.answer_information(
            notification=n, actor=notifier, today=filed + timedelta(days=9),
            answer="Contract SLR-KVLS-2026-01, signed by both parties, attached.")
        services.decide(notification=n, actor=ca_my, state="MY", kind="consent",
                        today=filed + timedelta(days=20),
                        conditions="Each shipment sealed; container numbers listed on the "
                                   "movement document.")
        services.decide(notification=n, actor=ca_sg, state="SG", kind="consent",
                        today=filed + timedelta(days=25))
        n.refresh_from_db()
        made.append(f"{n.number} {n.status}")
    if not _exists(AWAITING):
        n = services.create_draft(actor=notifier, data=dross_data(today + timedelta(days=30)))
        services.submit(notification=n, actor=notifier)
        services.transmit(notification=n, actor=ca_jp, today=today - timedelta(days=5))
        n.refresh_from_db()
        made.append(f"{n.number} {n.status}")
    if not _exists(DRAFT):
        data = story_1_data(services.add_months(today, 10), DRAFT)
        for box in ("insurance", "financial_guarantee", "declaration_signed", "annexes"):
            data.pop(box)
        n = services.create_draft(actor=notifier, data=data)
        made.append(f"{n.number} {n.status}")
    if not _exists(SLOPS):
        trader = _user("notifier.nl")
        n = services.create_draft(actor=trader, data=slops_data(today + timedelta(days=45)))
        services.submit(notification=n, actor=trader)  # the verdict blocks transmission
        n.refresh_from_db()
        made.append(f"{n.number} {n.status} ({n.verdict['verdict']})")
    return ", ".join(made) or "notifications demo data already loaded"
