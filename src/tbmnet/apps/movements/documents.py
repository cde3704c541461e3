"""The movement document as a PDF (fpdf2) in the layout of the harmonised Basel/OECD movement
document: every block 1–22 (rules.md §7), filled as far as the movement has gone, with the QR
codes (segno) of the consent's verification and of this movement."""

from __future__ import annotations

import io

import segno
from fpdf import FPDF

from tbmnet.apps.notifications.models import PACKAGING_TYPES, Consent

from .models import Movement, MovementEvent

_FONT = "Helvetica"


def _latin1(text) -> str:
    """The core PDF fonts are Latin-1: replace what they cannot draw."""
    text = "" if text is None else str(text)
    for a, b in (("–", "-"), ("—", "-"), ("≤", "<="), ("≥", ">="), ("…", "..."),
                 ("’", "'"), ("“", '"'), ("”", '"'), ("³", "3")):
        text = text.replace(a, b)
    return text.encode("latin-1", "replace").decode("latin-1")


def consent_verify_url(base_url: str, code: str) -> str:
    """The public verification page of the consent (no sign-in)."""
    return f"{base_url}/verify/{code}/"


def movement_url(base_url: str, movement: Movement) -> str:
    return f"{base_url}/movements/{movement.pk}/"


def _qr(url: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=4, border=2)
    buffer.seek(0)
    return buffer


def _events(movement: Movement) -> dict[str, list[MovementEvent]]:
    out: dict[str, list[MovementEvent]] = {}
    for e in movement.events.select_related("actor", "organisation").order_by("id"):
        out.setdefault(e.kind, []).append(e)
    return out


def _signed(e: MovementEvent | None) -> str:
    if e is None:
        return ""
    return f"{e.occurred_at:%Y-%m-%d %H:%M} by {e.actor.username} ({e.organisation})"


def blocks(movement: Movement) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(number, title, [(label, value)]) for blocks 1–22, empty values where not yet known."""
    n = movement.notification
    ev = _events(movement)
    handovers = ev.get("handover", [])
    receipt = (ev.get("receipt") or [None])[-1]
    certificates = ev.get("certificate", [])
    carriers = list(movement.carriers.all())

    def carrier(i: int) -> list[tuple[str, str]]:
        e = handovers[i] if len(handovers) > i else None
        planned = carriers[i].name if len(carriers) > i else ""
        return [("Carrier", e.organisation.name if e and e.organisation else planned),
                ("Means", e.data.get("means", "") if e else ""),
                ("Date, signature", _signed(e))]

    def party(org) -> list[tuple[str, str]]:
        if org is None:
            return [("Name", "")]
        return [("Registration no.", org.code), ("Name", org.name), ("Address", org.address),
                ("Contact", org.contact_person), ("Tel", org.phone), ("E-mail", org.email)]

    def customs(kind: str) -> list[tuple[str, str]]:
        return [(f"{e.state}", f"{e.data.get('office', '')}, {_signed(e)}")
                for e in ev.get(kind, [])]

    last = len(handovers) - 1 if len(handovers) > 2 else 2
    packaging = "; ".join(f"{PACKAGING_TYPES.get(p['type'], p['type'])} x {p['count']}"
                          for p in movement.packaging)
    data = receipt.data if receipt else {}
    return [
        ("1", "Corresponding to notification no.", [("Notification", n.number)]),
        ("2", "Serial/total number of shipments", [("Shipment", f"{movement.serial}/"
                                                                 f"{movement.total}")]),
        ("3", "Exporter - notifier", party(n.notifier)),
        ("4", "Importer - consignee", party(n.consignee)),
        ("5", "Actual quantity", [("Tonnes (Mg)", str(movement.quantity_tonnes)),
                                  ("m3", str(movement.quantity_m3 or ""))]),
        ("6", "Actual date of shipment", [("Date", str(movement.departure_on))]),
        ("7", "Packaging", [("Types and number", packaging),
                            ("Special handling", "yes" if n.special_handling else "no")]),
        ("8(a)", "1st carrier", carrier(0)),
        ("8(b)", "2nd carrier", carrier(1)),
        ("8(c)", "Last carrier", carrier(last)),
        ("9", "Waste generator(s) - producer(s)",
         [("Generators", ", ".join(g.name for g in n.generators.all())),
          ("Site", n.generation_site), ("Process", n.generation_process)]),
        ("10", "Disposal facility / recovery facility",
         [("Facility", movement.facility.name), ("Actual site", n.facility_site)]),
        ("11", "Disposal / recovery operation(s)", [("D/R code", ", ".join(n.operations))]),
        ("12", "Designation and composition of the waste",
         [("Designation", n.designation), ("Composition", n.composition)]),
        ("13", "Physical characteristics", [("Codes", ", ".join(n.physical_characteristics))]),
        ("14", "Waste identification", [
            ("(i) Basel Annex VIII/IX", ", ".join(n.basel_codes)),
            ("(ii) OECD", ", ".join(n.oecd_codes)), ("(iii) EC list", ", ".join(n.ec_codes)),
            ("(iv) National (export)", ", ".join(n.national_export_codes)),
            ("(v) National (import)", ", ".join(n.national_import_codes)),
            ("(vi) Other", ", ".join(n.other_codes)), ("(vii) Y-code", ", ".join(n.y_codes)),
            ("(viii) H-code", ", ".join(n.h_codes)), ("(ix) UN class", ", ".join(n.un_classes)),
            ("(x) UN number", ", ".join(n.un_numbers)),
            ("(xi) UN shipping name", ", ".join(n.un_shipping_names)),
            ("(xii) HS code", ", ".join(n.hs_codes))]),
        ("15", "Exporter's / notifier's declaration",
         [("Declaration", "The information is complete and correct; the consents of the "
                          "states concerned are attached."),
          ("Name, date", f"{movement.created_by.get_full_name() or movement.created_by} "
                         f"{movement.announced_at:%Y-%m-%d}")]),
        ("16", "Additional information", [
            ("Containers", ", ".join(movement.containers)),
            ("Vehicles / vessels", ", ".join(movement.vehicles)),
            ("Expected arrival", str(movement.expected_arrival_on)),
            ("Notes", movement.information)]),
        ("17", "Shipment received by importer - consignee (if not facility)",
         [("Received", "")]),
        ("18", "Shipment received at disposal / recovery facility", [
            ("Date of reception", str(data.get("received_on", ""))),
            ("Accepted / rejected", "" if not receipt else
             ("accepted" if data.get("accepted") else f"REJECTED: {data.get('reason', '')}")),
            ("Quantity received (t)", str(data.get("quantity_tonnes", ""))),
            ("Approximate date of completion", str(data.get("approximate_completion_on") or "")),
            ("D/R operation", ", ".join(n.operations) if receipt else ""),
            ("Signature", _signed(receipt))]),
        ("19", "Certificate of disposal / recovery", [
            (f"{'Interim' if c.data.get('interim') else 'Final'} {c.data.get('operation')}",
             f"completed {c.data.get('completed_on')}, {c.data.get('quantity_tonnes')} t, "
             f"{_signed(c)}") for c in certificates] or [("Certified", "")]),
        ("20", "Customs office of export / exit", customs("customs_exit") or [("Office", "")]),
        ("21", "Customs office of entry", customs("import_entry") or [("Office", "")]),
        ("22", "Customs offices of transit (entry / exit)",
         customs("transit_entry") + customs("transit_exit") or [("Offices", "")]),
    ]


class _Document(FPDF):
    def __init__(self, number: str) -> None:
        super().__init__(format="A4")
        self.number = number
        self.set_auto_page_break(True, margin=15)
        self.set_title("Movement document")

    def header(self) -> None:
        self.set_font(_FONT, "B", 11)
        self.cell(0, 7, _latin1("Movement document for transboundary movements of waste"),
                  new_x="LMARGIN", new_y="NEXT")
        self.set_font(_FONT, "", 8)
        self.cell(0, 5, _latin1(f"{self.number} - TBMnet"), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(_FONT, "", 7)
        self.cell(0, 5, f"page {self.page_no()}", align="R")

    def block(self, number: str, title: str, rows: list[tuple[str, str]]) -> None:
        if self.get_y() > 260:
            self.add_page()
        self.set_font(_FONT, "B", 8.5)
        self.set_fill_color(230, 236, 242)
        self.cell(0, 5.5, _latin1(f"{number}. {title}"), border=1, fill=True,
                  new_x="LMARGIN", new_y="NEXT")
        self.set_font(_FONT, "", 8)
        for label, value in rows:
            self.cell(55, 5, _latin1(label), border="LB")
            self.multi_cell(0, 5, _latin1(value) or " ", border="RB", new_x="LMARGIN",
                            new_y="NEXT")


def movement_pdf(movement: Movement, *, base_url: str) -> bytes:
    pdf = _Document(f"{movement.notification.number} - shipment {movement.serial_label}")
    pdf.add_page()
    for number, title, rows in blocks(movement):
        pdf.block(number, title, rows)
    consent = Consent.objects.filter(notification=movement.notification).first()
    if pdf.get_y() > 225:
        pdf.add_page()
    y = pdf.get_y() + 3
    codes = [("Movement", movement_url(base_url, movement))]
    if consent is not None:
        codes.insert(0, ("Consent", consent_verify_url(base_url, consent.code)))
    for i, (caption, url) in enumerate(codes):
        x = pdf.l_margin + i * 95
        pdf.image(_qr(url), x=x, y=y, w=32, h=32)
        pdf.set_xy(x + 34, y + 4)
        pdf.set_font(_FONT, "", 7)
        pdf.multi_cell(58, 4, _latin1(f"{caption}:\n{url}"))
    return bytes(pdf.output())
