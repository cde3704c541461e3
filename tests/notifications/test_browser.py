"""In a real browser, on the demo world (story 1): a draft by notifier.jp goes to consent with
the authorities of Japan (export), Singapore (transit) and Malaysia (import), each signed in as
itself; the notifier downloads both PDFs; the verification page answers."""

from __future__ import annotations

import re

import pytest

from tbmnet.apps.notifications import services
from tbmnet.apps.registry.models import Organisation

pytestmark = pytest.mark.browser


def _org(name_start: str) -> Organisation:
    return Organisation.objects.get(name__startswith=name_start)


def _draft():
    from django.contrib.auth import get_user_model

    notifier = get_user_model().objects.get(username="notifier.jp")
    smelter = _org("Klang Valley Lead Smelting")
    data = {
        "kind": "general", "purpose": "recovery", "consignee_id": smelter.pk,
        "shipments": 12, "quantity_tonnes": "240", "first_departure": "2026-03-01",
        "last_departure": "2026-12-31", "packaging_types": ["4"], "special_handling": True,
        "carrier_ids": [_org("Hakuyo Kaiun").pk], "means_of_transport": ["R", "S"],
        "generator_ids": [_org("Minato Auto Dismantling").pk], "generation_site": "Yokohama",
        "generation_process": "dismantling of end-of-life vehicles",
        "facility_id": smelter.pk, "facility_site": "Port Klang", "operations": ["R4"],
        "designation": "Spent lead-acid batteries, whole", "composition": "lead, acid, PP",
        "physical_characteristics": ["2"], "basel_codes": ["A1160"], "y_codes": ["Y31"],
        "h_codes": ["H8"], "un_classes": ["8"], "un_numbers": ["UN2794"],
        "hs_codes": ["854911"],
        "states": [{"state": "JP", "role": "export", "exit_point": "Yokohama"},
                   {"state": "SG", "role": "transit"},
                   {"state": "MY", "role": "import", "entry_point": "Port Klang"}],
        "declaration_name": "Kenji Morimoto", "declaration_signed": True,
        "insurance": "policy 123", "contract_reference": "C-2026-1",
    }
    return services.create_draft(actor=notifier, data=data)


def sign_in(page, username: str, password: str) -> None:
    from conftest import sign_in as shared  # the browser fixtures of tests/conftest.py

    shared(page, username, password)


def _decide(page, live_demo, username, number, state, conditions=""):
    from playwright.sync_api import expect

    sign_in(page, username, live_demo.DEMO_PASSWORD)
    page.goto("/notifications/inbox/")
    page.get_by_role("link", name=number).click()
    page.locator("#decide-kind").select_option("consent")
    page.locator("#decide-conditions").fill(conditions)
    page.locator("#decide").click()
    expect(page.locator(f"#state-{state}")).to_contain_text("Consented")
    page.get_by_role("button", name="Sign out").click()


def test_draft_to_consent_with_export_transit_and_import_authorities(page, live_demo):
    from playwright.sync_api import expect

    number = _draft().number
    password = live_demo.DEMO_PASSWORD

    sign_in(page, "notifier.jp", password)
    page.goto("/notifications/")
    page.get_by_role("link", name=number).click()
    page.locator("#submit-notification").click()
    expect(page.locator("#notification-status")).to_contain_text("Submitted")
    expect(page.locator("#verdict")).to_contain_text("consent_required")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "ca.jp", password)
    page.goto("/notifications/inbox/")
    page.get_by_role("link", name=number).click()
    page.locator("#transmit").click()
    expect(page.locator("#notification-status")).to_contain_text("Transmitted")
    page.get_by_role("button", name="Sign out").click()

    _decide(page, live_demo, "ca.my", number, "MY", "each shipment sealed")
    _decide(page, live_demo, "ca.sg", number, "SG")

    sign_in(page, "notifier.jp", password)
    page.goto("/notifications/")
    page.get_by_role("link", name=number).click()
    expect(page.locator("#notification-status")).to_contain_text("Consented")
    for link in ("#notification-pdf", "#consent-pdf"):
        with page.expect_download() as download:
            page.locator(link).click()
        assert download.value.suggested_filename.endswith(".pdf")
        assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    page.get_by_role("link", name="Verification page").click()
    expect(page.locator("#verify-status")).to_contain_text(re.compile("GENUINE|EXPIRED"))
