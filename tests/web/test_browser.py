"""In a real browser (Playwright driving Debian's Chromium, headless; fixtures in
tests/conftest.py): a person signs in as each demo role and lands on that role's home page;
one switches the pages to French."""

from __future__ import annotations

import re

import pytest
from conftest import sign_in

from tbmnet.apps.registry.models import Membership, Organisation

pytestmark = pytest.mark.browser

# Each role's home page, and its heading, for accounts across the demo states.
HOMES = {
    "notifier.jp": "My notifications",
    "notifier.fj": "My notifications",
    "ca.my": "Inbox",
    "ca.sn": "Inbox",
    "customs.my": "Screening queue",
    "customs.sg": "Screening queue",
    "carrier.sg": "Handovers",
    "facility.my": "Incoming movements",
    "secretariat": "Network overview",
    "intel": "Shared alerts",
}



@pytest.mark.parametrize("username", HOMES)
def test_each_demo_role_signs_in_and_sees_its_home_page(page, live_demo, username):
    from playwright.sync_api import expect

    membership = Membership.objects.select_related("organisation").get(
        user__username=username)
    sign_in(page, username, live_demo.DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(HOMES[username])
    expect(page.locator("#acting-organisation")).to_have_text(membership.organisation.name)
    expect(page.locator("#acting-country")).to_contain_text(
        f"({membership.organisation.country})")
    expect(page.locator("#acting-role")).to_have_text(str(membership.get_role_display()))
    expect(page.locator("#signed-in-as")).to_contain_text(username)
    # the navigation opens with the role's home, marked as the current page
    expect(page.locator('nav[aria-label="Main"] a[aria-current="page"]')).to_have_text(
        HOMES[username])
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()


def test_a_wrong_password_keeps_the_person_on_the_sign_in_page(page, live_demo):
    from playwright.sync_api import expect

    sign_in(page, "ca.my", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("did not match")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_switching_to_french_translates_the_pages(page, live_demo):
    from playwright.sync_api import expect

    sign_in(page, "ca.sn", live_demo.DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Boîte de réception")
    expect(page.locator("#acting-country")).to_have_text("Sénégal (SN)")
    expect(page.locator("#acting-role")).to_have_text("Agent de l'autorité compétente")
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    # the choice sticks: the next page is French too
    page.get_by_role("link", name="Annuaire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annuaire")


def test_another_states_company_is_refused_in_the_browser(page, live_demo):
    from playwright.sync_api import expect

    smelter = Organisation.objects.get(name="Klang Valley Lead Smelting Sdn. Bhd.")
    sign_in(page, "notifier.jp", live_demo.DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("My notifications")
    response = page.goto(f"/registry/organisations/{smelter.pk}/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    expect(page.locator("#reason")).to_contain_text("record of MY")
