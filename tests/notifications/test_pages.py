"""Pages: file, follow, inbox, decide, timeline, PDFs with QR, public verification."""

import re
import zlib
from datetime import date

import pytest
import segno
from PIL import Image

from tbmnet.apps.notifications.documents import qr_png

from .factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def page(client, user, url, **kwargs):
    client.force_login(user)
    return client.get(url, **kwargs)


def slug(notification):
    return notification.number.replace(" ", "")


def test_notifier_files_a_notification_through_the_form(client, world):
    client.force_login(world.notifier)
    assert client.get("/notifications/new/").status_code == 200
    data = world.data()
    form = {k: v for k, v in data.items() if k not in ("states",)}
    for key in ("packaging_types", "means_of_transport", "operations", "physical_characteristics",
                "basel_codes", "y_codes", "h_codes", "un_classes", "un_numbers", "hs_codes"):
        form[key] = ", ".join(form[key])
    form["un_shipping_names"] = form["un_shipping_names"][0]
    form["annexes"] = "\n".join(form["annexes"])
    form["quantity_m3"] = ""
    for key in ("special_handling", "declaration_signed"):
        form[key] = "on"
    form.pop("pre_consented"), form.pop("radioactive")
    form.update(state_of_export="JP", exit_point="Yokohama", states_of_transit="SG",
                state_of_import="MY", entry_point="Port Klang")
    response = client.post("/notifications/new/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    detail = client.get(response["Location"])
    html = detail.content.decode()
    assert "Spent lead-acid batteries" in html and "To complete before submitting" not in html
    assert "UN2794" in html and "Port Klang" in html


def test_form_error_names_the_box(client, world):
    client.force_login(world.notifier)
    response = client.post("/notifications/new/", {"hs_codes": "0000.01",
                                                  "state_of_export": "JP"})
    assert response.status_code == 422
    assert "block_14.hs_codes" in response.content.decode()


def test_authority_inbox_is_sorted_by_due_date(client, world):
    first = world.transmitted(today=date(2026, 1, 20))
    second = world.transmitted(today=date(2026, 1, 10))
    html = page(client, world.ca["SG"], "/notifications/inbox/").content.decode()
    assert html.index(second.number) < html.index(first.number)
    assert "2026-03-11" in html  # 60 days from 10 January (Basel Art. 6(4))


def test_inbox_is_only_for_authorities(client, world):
    assert page(client, world.notifier, "/notifications/inbox/").status_code == 403


def test_authority_decides_on_the_page_and_the_timeline_shows_every_step(client, world):
    notification = world.transmitted()
    client.force_login(world.ca["MY"])
    client.post(f"/notifications/{slug(notification)}/act/decide/",
                {"state": "MY", "kind": "consent", "conditions": "each shipment sealed"})
    client.force_login(world.ca["SG"])
    client.post(f"/notifications/{slug(notification)}/act/decide/",
                {"state": "SG", "kind": "consent"})
    html = client.get(f"/notifications/{slug(notification)}/").content.decode()
    assert "Consented" in html and "each shipment sealed" in html
    for event in ("NotificationSubmission", "NotificationDecision", "ConsentIssued"):
        assert event in html


def test_decision_error_is_shown_not_raised(client, world):
    notification = world.transmitted()
    client.force_login(world.ca["MY"])
    response = client.post(f"/notifications/{slug(notification)}/act/decide/",
                           {"state": "MY", "kind": "objection"}, follow=True)
    assert "an objection must give its reason" in response.content.decode()


def test_pages_refuse_who_may_not_see(client, world):
    notification = world.submitted()
    for user in (world.other_notifier, world.outsider_ca, world.customs):
        assert page(client, user, f"/notifications/{slug(notification)}/").status_code == 403
    client.force_login(world.ca["MY"])
    response = client.post(f"/notifications/{slug(notification)}/act/transmit/")
    assert response.status_code == 403


def _pdf_text(content: bytes) -> str:
    """The text drawn in the PDF (fpdf2 core fonts: literal strings in deflated streams)."""
    chunks = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            chunks.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            continue
    drawn = re.findall(r"\((.*?)(?<!\\)\) ?Tj", "\n".join(chunks))
    return "\n".join(t.replace("\\(", "(").replace("\\)", ")") for t in drawn)


def test_both_pdfs_hold_the_boxes_and_a_qr_code_to_the_verify_page(client, world):
    notification = world.consented()
    client.force_login(world.notifier)
    form = client.get(f"/notifications/{slug(notification)}/notification.pdf")
    assert form["Content-Type"] == "application/pdf"
    text = _pdf_text(form.content)
    for value in (notification.number, "A1160", "854911", "UN2794", "R4", "Klang Smelter",
                  "Port Klang", "Tokio Marine policy 123", "18. Number of annexes",
                  "20. Written consent"):
        assert value in text, value
    consent = client.get(f"/notifications/{slug(notification)}/consent.pdf")
    text = _pdf_text(consent.content)
    url = f"http://testserver/verify/{notification.consent.code}/"
    assert notification.consent.code in text and "2026-12-31" in text and url in text
    assert b"/Subtype /Image" in consent.content and b"/Subtype /Image" in form.content


def test_qr_image_encodes_the_verify_address():
    """The PNG put in the PDFs is exactly the QR symbol of the address (module by module)."""
    url = "http://testserver/verify/abc123/"
    image = Image.open(qr_png(url)).convert("1")
    matrix = segno.make(url, error="m").matrix
    scale, border = 6, 2
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            pixel = image.getpixel(((x + border) * scale + 3, (y + border) * scale + 3))
            assert (pixel == 0) == bool(dark)


def test_public_verify_page_needs_no_login(client, world):
    code = world.consented().consent.code
    html = client.get(f"/verify/{code}/").content.decode()
    assert "Klang Smelter" in html and ("GENUINE" in html or "EXPIRED" in html)
    assert "lead 60 %" not in html
    assert client.get("/verify/forged-code/").status_code == 404
