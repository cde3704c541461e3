"""The QR codes printed on the consent PDF and on the consented notification PDF decode, with
a real decoder (ZXing) reading the rendered page, to the public verification address."""

from urllib.parse import urlsplit

import pytest

from .factories import World

pypdfium2 = pytest.importorskip("pypdfium2")
zxingcpp = pytest.importorskip("zxingcpp")

pytestmark = pytest.mark.django_db


def qr_texts(pdf: bytes) -> list[str]:
    """Every QR code ZXing finds on the PDF's pages, rasterised at 200 dpi as a printer would."""
    document = pypdfium2.PdfDocument(pdf)
    found = []
    try:
        for page in document:
            image = page.render(scale=200 / 72).to_pil()
            found += [code.text for code in zxingcpp.read_barcodes(image)
                      if code.format == zxingcpp.BarcodeFormat.QRCode]
    finally:
        document.close()
    return found


def _pdf(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def test_consent_and_notification_pdf_qr_decode_to_the_verification_address(client):
    world = World()
    notification = world.consented()
    address = f"http://testserver/verify/{notification.consent.code}/"
    client.force_login(world.notifier)
    slug = notification.number.replace(" ", "")

    assert qr_texts(_pdf(client, f"/notifications/{slug}/consent.pdf")) == [address]
    assert qr_texts(_pdf(client, f"/notifications/{slug}/notification.pdf")) == [address]

    client.logout()  # a border officer scanning it is not signed in
    page = client.get(urlsplit(address).path)
    assert page.status_code == 200 and "GENUINE" in page.content.decode().upper()


def test_notification_pdf_has_no_qr_before_consent(client):
    world = World()
    notification = world.transmitted()
    client.force_login(world.notifier)
    slug = notification.number.replace(" ", "")
    assert qr_texts(_pdf(client, f"/notifications/{slug}/notification.pdf")) == []
