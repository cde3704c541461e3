"""In a real browser, on the demo world (story 1): two shipments under one consent go
through every event, each recorded by the party entitled to it, signed in as itself — one
rejected by the smelter and taken back to Japan, one through an interim operation (R13)
closed by the certificate of the final one (R4) — and the ESM dashboard of Malaysia's
competent authority shows the right counts at each step."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tbmnet.apps.notifications import services as pic
from tbmnet.apps.registry.models import Organisation

pytestmark = pytest.mark.browser

COUNTS = ("awaiting_receipt", "awaiting_certificate", "take_back_open", "overdue", "closed")


def _org(name_start: str) -> Organisation:
    return Organisation.objects.get(name__startswith=name_start)


def _consent_for_interim_and_final() -> str:
    """A consented general notification for R13 then R4 at the smelter (the PIC steps are
    the notifications module's and tested there; here they are the set-up)."""
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=("notifier.jp", "ca.jp", "ca.sg", "ca.my"))}
    smelter = _org("Klang Valley Lead Smelting")
    today = timezone.localdate()
    n = pic.create_draft(actor=users["notifier.jp"], data={
        "kind": "general", "purpose": "recovery", "consignee_id": smelter.pk,
        "shipments": 6, "quantity_tonnes": "120", "first_departure": today.isoformat(),
        "last_departure": (today + timedelta(days=300)).isoformat(),
        "packaging_types": ["4"], "special_handling": True,
        "carrier_ids": [_org("Hakuyo Kaiun").pk, _org("Straits Meridian").pk],
        "means_of_transport": ["S"], "generator_ids": [_org("Minato Auto Dismantling").pk],
        "generation_site": "Osaka", "generation_process": "end-of-life vehicles",
        "facility_id": smelter.pk, "facility_site": "Port Klang", "operations": ["R13", "R4"],
        "designation": "Spent lead-acid batteries, whole", "composition": "lead, acid, PP",
        "physical_characteristics": ["2"], "basel_codes": ["A1160"], "y_codes": ["Y31"],
        "h_codes": ["H8"], "un_classes": ["8"], "un_numbers": ["UN2794"],
        "hs_codes": ["854911"],
        "states": [{"state": "JP", "role": "export", "exit_point": "Yokohama"},
                   {"state": "SG", "role": "transit"},
                   {"state": "MY", "role": "import", "entry_point": "Port Klang"}],
        "declaration_name": "Kenji Morimoto", "declaration_signed": True,
        "insurance": "policy 123", "contract_reference": "BROWSER-R13-R4",
    })
    pic.submit(notification=n, actor=users["notifier.jp"])
    pic.transmit(notification=n, actor=users["ca.jp"])
    pic.decide(notification=n, actor=users["ca.my"], state="MY", kind="consent")
    pic.decide(notification=n, actor=users["ca.sg"], state="SG", kind="consent")
    n.refresh_from_db()
    assert n.status == "consented"
    return n.number


class Party:
    """Signs in as one demo account after another and acts on the movement pages."""

    def __init__(self, page, password: str) -> None:
        self.page, self.password = page, password

    def as_(self, username: str) -> Party:
        from conftest import sign_in  # the browser helpers of tests/conftest.py

        if self.page.get_by_role("button", name="Sign out").count():
            self.page.get_by_role("button", name="Sign out").click()
        sign_in(self.page, username, self.password)
        return self

    def record(self, movement_url: str, kind: str, **fields) -> None:
        from playwright.sync_api import expect

        self.page.goto(movement_url)
        for name, value in fields.items():
            target = self.page.locator(f"#{kind}-{name}")
            if name == "operation":
                target.select_option(value)
            else:
                target.fill(value)
        self.page.locator(f"#record-{kind}").click()
        expect(self.page.locator(".messages")).to_contain_text("Recorded")

    def counts(self) -> dict[str, int]:
        self.as_("ca.my")
        self.page.goto("/movements/dashboard/")
        return {key: int(self.page.locator(f'[data-count="{key}"]').inner_text().split()[0])
                for key in COUNTS}


def test_two_movements_through_every_event_with_the_dashboard_at_each_step(page, live_demo):
    from playwright.sync_api import expect

    number = _consent_for_interim_and_final()
    party = Party(page, live_demo.DEMO_PASSWORD)
    base = party.counts()

    def dashboard_shows(**delta):
        expected = {k: base[k] + delta.get(k, 0) for k in COUNTS}
        assert party.counts() == expected

    today = timezone.localdate()
    movements = []
    party.as_("notifier.jp")
    for tonnes in ("20", "18.5"):
        page.goto("/movements/")
        page.locator("#open-consents tr", has_text=number).get_by_role(
            "link", name="Give prior notice").click()
        page.locator("#departure_on").fill(today.isoformat())
        page.locator("#expected_arrival_on").fill((today + timedelta(days=10)).isoformat())
        page.locator("#quantity_tonnes").fill(tonnes)
        page.locator("#packaging_type").select_option("4")
        page.locator("#packaging_count").fill("24")
        page.locator("#containers").fill("HKLU4419001")
        page.locator("#give-prior-notice").click()
        expect(page.locator(".messages")).to_contain_text("Prior notice given")
        movements.append(page.url)
    rejected, interim = movements
    expect(page.locator("#movement-status")).to_contain_text("Prior notice given")
    dashboard_shows(awaiting_receipt=2)

    for url in movements:
        party.as_("carrier.jp").record(url, "handover", vehicle="MV Hakuyo Maru")
        party.as_("customs.jp").record(url, "customs_exit", note="seals intact")
        party.as_("customs.sg").record(url, "transit_entry")
        party.record(url, "transit_exit")
        party.as_("carrier.sg").record(url, "handover", vehicle="MV Straits Meridian")
        party.as_("customs.my").record(url, "import_entry", note="Westport")
    dashboard_shows(awaiting_receipt=2)

    # The smelter rejects the first: a rejection needs its reason, named on the form.
    party.as_("facility.my")
    page.goto(rejected)
    page.locator("#receipt-received_on").fill(today.isoformat())
    page.locator("#receipt-rejected").check()
    page.locator("#record-receipt").click()
    expect(page.locator("#act-receipt .error")).to_contain_text("block_18.reason")
    expect(page.locator("#movement-status")).to_contain_text("Entered the state of import")
    page.locator("#receipt-reason").fill("Casings cracked, electrolyte leaking")
    page.locator("#record-receipt").click()
    expect(page.locator("#movement-status")).to_contain_text("take-back open")
    dashboard_shows(awaiting_receipt=1, take_back_open=1)

    party.as_("facility.my").record(interim, "receipt", received_on=today.isoformat(),
                                    quantity_tonnes="18.5")
    dashboard_shows(awaiting_certificate=1, take_back_open=1)
    party.as_("facility.my").record(interim, "certificate", operation="R13",
                                    completed_on=today.isoformat(), quantity_tonnes="18.5")
    expect(page.locator("#movement-status")).to_contain_text("Interim operation certified")
    dashboard_shows(awaiting_certificate=1, take_back_open=1)
    party.as_("facility.my").record(interim, "certificate", operation="R4",
                                    completed_on=today.isoformat(), quantity_tonnes="18.2")
    expect(page.locator("#movement-status")).to_contain_text("Disposal or recovery certified")
    expect(page.locator("#no-acts")).to_be_visible()
    dashboard_shows(take_back_open=1, closed=1)

    party.as_("carrier.jp").record(rejected, "take_back_departure")
    expect(page.locator("#movement-status")).to_contain_text("Being returned")
    dashboard_shows(take_back_open=1, closed=1)
    party.as_("notifier.jp").record(rejected, "take_back_receipt",
                                    returned_on=today.isoformat(), quantity_tonnes="20")
    expect(page.locator("#movement-status")).to_contain_text("Returned to the state of export")
    dashboard_shows(closed=2)
    page.goto(rejected)
    expect(page.locator("#events tbody tr")).to_have_count(9)
