"""Story 2 in a real browser: a customs officer at Port Klang screens the day's file, sees the
queue riskiest first, opens the plastic scrap declaration, records an inspection with a photo
and a seizure, and refers it; the Malaysian competent authority opens an illegal-traffic case.
Story 3 follows: Malaysia informs the United Kingdom, which answers and records the return
of the container within the Basel Art. 9(2) deadline."""

import pytest
from conftest import sign_in
from django.utils import timezone

from tbmnet.apps.cases.models import Case
from tbmnet.apps.customs.demo import DECLARATIONS_FILE
from tbmnet.apps.customs.models import Declaration, DeclarationStatus

pytestmark = pytest.mark.browser


def test_officer_screens_inspects_seizes_and_refers_and_the_authority_opens_a_case(
        page, live_demo, tmp_path):
    from playwright.sync_api import expect

    sign_in(page, "customs.my", live_demo.DEMO_PASSWORD)
    page.get_by_role("link", name="Screen declarations").first.click()
    page.get_by_label("CSV file of declarations").set_input_files(str(DECLARATIONS_FILE))
    page.get_by_role("button", name="Screen").click()
    expect(page.locator("#results tbody tr")).to_have_count(6)
    # the one row without a valid container number still screens; none is refused
    expect(page.locator("#results .error")).to_have_count(0)

    page.get_by_role("link", name="Open the queue").click()
    risks = [int(r) for r in page.locator("#queue .risk").all_inner_texts()]
    assert risks == sorted(risks, reverse=True) and len(risks) >= 3
    # waste oils from the Netherlands come first: prohibited (Basel Art. 4A, Ban Amendment)
    expect(page.locator("#queue tbody tr").first).to_contain_text("prohibited")
    plastic = page.locator("#queue tbody tr", has_text="MYPKG-2026-000417")
    expect(plastic).to_contain_text("watchlist_hit")
    expect(plastic).to_contain_text("no_consent")
    plastic.get_by_role("link", name="MYPKG-2026-000417").click()
    expect(page.locator("#flags")).to_contain_text("Greenfield Polymer Trading")

    photo = tmp_path / "container-MSKU1234565.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 demo photo")
    form = page.locator("#inspect-form")
    form.get_by_label("Kind").select_option("physical")
    form.get_by_label("Findings").fill("Mixed household waste under a top layer of baled film.")
    form.get_by_label("Waste codes found (e.g. Y46)").fill("Y46")
    form.get_by_label("Photos").set_input_files(str(photo))
    form.get_by_role("button", name="Record").click()
    expect(page.get_by_role("status")).to_contain_text("Inspection recorded")
    expect(page.locator("#status")).to_have_text("Inspected")

    seize = page.locator("#seize-form")
    seize.get_by_label("Reason").fill("Y46 imported without notification (Basel Art. 9(1)(a)).")
    seize.get_by_role("button", name="Record the seizure").click()
    expect(page.get_by_role("status")).to_contain_text("Seizure recorded")

    refer = page.locator("#refer-form")
    refer.get_by_label("What the authority should know").fill(
        "Household waste declared as plastic scrap; container seized at Westport.")
    refer.get_by_role("button", name="Refer").click()
    expect(page.get_by_role("status")).to_contain_text("Referred to")
    expect(page.locator("#status")).to_have_text("Referred to the competent authority")

    declaration = Declaration.objects.get(declaration_id="MYPKG-2026-000417")
    assert declaration.status == DeclarationStatus.REFERRED
    assert declaration.seizure.quantity_kg == 21500
    assert declaration.inspections.get().photos.count() == 1

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "ca.my", live_demo.DEMO_PASSWORD)
    page.get_by_role("link", name="Referrals from customs").first.click()
    page.get_by_label("Ground (Basel Art. 9(1))").select_option("9(1)(a)")
    page.get_by_role("button", name="Open an illegal-traffic case").click()
    expect(page.get_by_role("status")).to_contain_text("Case MY-IT-")
    case = Case.objects.get()
    assert case.ground == "9(1)(a)"

    # story 3: the case page; Malaysia informs the state of export (the exporter is at fault)
    expect(page.locator("h1")).to_contain_text(case.number)
    inform = page.locator("#step-inform")
    inform.get_by_label("Who is at fault (Basel Art. 9(2)–(4))").select_option("9(2)")
    inform.get_by_role("button", name="Record").click()
    expect(page.locator("#case-status")).to_have_text("Take-back under way")
    expect(page.locator("#case-due")).to_contain_text("Basel Convention Art. 9(2) [V]: 30 days")
    expect(page.locator("#case-due")).to_contain_text("30 days left")
    page.locator("#step-return_departure").get_by_label("Left on").fill(
        timezone.localdate().isoformat())
    page.locator("#step-return_departure").get_by_label("Quantity (kg)").fill("21500")
    page.locator("#step-return_departure").get_by_role("button", name="Record").click()
    expect(page.locator("#timeline")).to_contain_text("Return shipment left (customs exit)")

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "ca.gb", live_demo.DEMO_PASSWORD)
    page.get_by_role("link", name="Cases").first.click()
    page.get_by_role("link", name=case.number).click()
    receipt = page.locator("#step-return_receipt")
    receipt.get_by_label("Received on").fill(timezone.localdate().isoformat())
    receipt.get_by_label("Quantity (kg)").fill("21500")
    receipt.get_by_role("button", name="Record").click()
    expect(page.locator("#case-status")).to_have_text("Closed")
    expect(page.locator("#case-outcome")).to_contain_text("Taken back into GB")
    expect(page.locator("#no-steps")).to_be_visible()
