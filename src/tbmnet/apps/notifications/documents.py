"""The notification as the boxes of the official form, and the two PDFs (notification
document, consent) with a QR code to the public verification page."""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from fpdf import FPDF

from .models import (
    MEANS_OF_TRANSPORT,
    PACKAGING_TYPES,
    PHYSICAL_CHARACTERISTICS,
    Consent,
    DecisionKind,
    Notification,
)


@dataclass(frozen=True)
class Box:
    number: str
    title: str
    rows: list[tuple[str, str]]


def _org(org) -> str:
    if org is None:
        return ""
    parts = [org.name, org.address.replace("\n", ", "), org.country]
    contact = ", ".join(p for p in (org.contact_person, org.phone, org.email) if p)
    if org.code:
        parts.insert(0, f"reg. {org.code}")
    return "; ".join(p for p in parts if p) + (f"; contact: {contact}" if contact else "")


def _codes(values, names: dict | None = None) -> str:
    if names:
        return ", ".join(f"{v} ({names.get(v, '?')})" for v in values)
    return ", ".join(values)


def boxes(n: Notification) -> list[Box]:
    """Blocks 1–18 (notifier) and 19–21 (authorities) of the notification document."""
    states = list(n.states.all())
    out = [
        Box("1", "Exporter – notifier", [("", _org(n.notifier))]),
        Box("2", "Importer – consignee", [("", _org(n.consignee))]),
        Box("3", "Notification No.", [
            ("Number", n.number),
            ("A. Notification concerning", n.get_kind_display()),
            ("B. Intended for", n.get_purpose_display() if n.purpose else ""),
            ("C. Pre-consented recovery facility", "Yes" if n.pre_consented else "No")]),
        Box("4", "Total intended number of shipments", [("", str(n.shipments or ""))]),
        Box("5", "Total intended quantity", [
            ("Tonnes (Mg)", str(n.quantity_tonnes or "")), ("m³", str(n.quantity_m3 or ""))]),
        Box("6", "Intended period of time for shipment(s)", [
            ("First departure", str(n.first_departure or "")),
            ("Last departure", str(n.last_departure or ""))]),
        Box("7", "Packaging type(s)", [
            ("Types", _codes(n.packaging_types, PACKAGING_TYPES)),
            ("Special handling requirements", "Yes" if n.special_handling else "No")]),
        Box("8", "Intended carrier(s)", [
            *[("Carrier", _org(c)) for c in n.carriers.all()],
            ("Means of transport", _codes(n.means_of_transport, MEANS_OF_TRANSPORT))]),
        Box("9", "Waste generator(s) – producer(s)", [
            *[("Generator", _org(g)) for g in n.generators.all()],
            ("Site of generation", n.generation_site), ("Process", n.generation_process)]),
        Box("10", "Disposal facility / recovery facility", [
            ("Facility", _org(n.facility)), ("Actual site", n.facility_site)]),
        Box("11", "Disposal / recovery operation(s)", [
            ("D/R code(s)", _codes(n.operations)), ("Technology employed", n.technology),
            ("Reason for export", n.reason_for_export)]),
        Box("12", "Designation and composition of the waste", [
            ("Designation", n.designation), ("Composition", n.composition)]),
        Box("13", "Physical characteristics", [
            ("", _codes(n.physical_characteristics, PHYSICAL_CHARACTERISTICS))]),
        Box("14", "Waste identification", [
            ("(i) Basel Annex VIII (or IX)", _codes(n.basel_codes)),
            ("(ii) OECD code", _codes(n.oecd_codes)), ("(iii) EC list of wastes",
                                                       _codes(n.ec_codes)),
            ("(iv) National code in country of export", _codes(n.national_export_codes)),
            ("(v) National code in country of import", _codes(n.national_import_codes)),
            ("(vi) Other", _codes(n.other_codes)), ("(vii) Y-code", _codes(n.y_codes)),
            ("(viii) H-code", _codes(n.h_codes)), ("(ix) UN class", _codes(n.un_classes)),
            ("(x) UN number", _codes(n.un_numbers)),
            ("(xi) UN shipping name", "; ".join(n.un_shipping_names)),
            ("(xii) Customs code (HS)", _codes(n.hs_codes)),
            ("Radioactive", "Yes" if n.radioactive else "No")]),
        Box("15", "Countries/States concerned, competent authorities, points of exit/entry", [
            (s.get_role_display(), "; ".join(p for p in (
                s.state, f"CA {s.authority.code} {s.authority.name}" if s.authority else "",
                f"exit: {s.exit_point}" if s.exit_point else "",
                f"entry: {s.entry_point}" if s.entry_point else "") if p))
            for s in states]),
        Box("16", "Customs offices of entry and/or exit and/or export", [
            ("Entry", n.customs_office_entry), ("Exit", n.customs_office_exit),
            ("Export", n.customs_office_export)]),
        Box("17", "Exporter's – notifier's / generator's declaration", [
            ("Notifier's name", n.declaration_name),
            ("Date", str(n.declaration_date or "")),
            ("Signed", "Yes" if n.declaration_signed else "No"),
            ("Generator's name", n.generator_declaration_name),
            ("Insurance", n.insurance), ("Financial guarantee", n.financial_guarantee),
            ("Contract", n.contract_reference)]),
        Box("18", "Number of annexes attached", [
            ("", f"{n.annex_count}" + (f": {'; '.join(n.annexes)}" if n.annexes else ""))]),
    ]
    decisions = list(n.decisions.select_related("state_concerned"))
    out.append(Box("19", "Acknowledgement from the relevant competent authority", [
        (d.state_concerned.state, f"acknowledged {d.at:%Y-%m-%d}") for d in decisions
        if d.kind == DecisionKind.ACKNOWLEDGEMENT]))
    out.append(Box("20", "Written consent to the movement / objection", [
        (d.state_concerned.state,
         f"{'TACIT ' if d.tacit else ''}consent valid from {d.valid_from} until "
         f"{d.valid_until}" if d.kind == DecisionKind.CONSENT else d.get_kind_display().upper())
        for d in decisions if d.kind in (DecisionKind.CONSENT, DecisionKind.OBJECTION,
                                         DecisionKind.WITHDRAWAL)]))
    out.append(Box("21", "Specific conditions on consenting / reasons for objecting", [
        (d.state_concerned.state, d.conditions or d.reason) for d in decisions
        if d.kind in (DecisionKind.CONSENT, DecisionKind.OBJECTION, DecisionKind.WITHDRAWAL)
        and (d.conditions or d.reason)]))
    return out


# ---------------------------------------------------------------------------------- PDF
def qr_png(url: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    buffer.seek(0)
    return buffer


_FONT = "Helvetica"


def _latin1(text: str) -> str:
    """The core PDF fonts are Latin-1; anything else is replaced, never dropped silently."""
    text = text.replace("–", "-").replace("—", "-").replace("’", "'").replace("³", "3")
    return text.encode("latin-1", "replace").decode("latin-1")


class _Document(FPDF):
    def __init__(self, title: str, number: str) -> None:
        super().__init__(format="A4")
        self.doc_title, self.number = title, number
        self.set_auto_page_break(True, margin=15)
        self.set_title(title)
        self.set_author("TBMnet")

    def header(self) -> None:
        self.set_font(_FONT, "B", 12)
        self.cell(0, 7, _latin1(self.doc_title), new_x="LMARGIN", new_y="NEXT")
        self.set_font(_FONT, "", 9)
        self.cell(0, 5, _latin1(f"Notification No. {self.number}"), new_x="LMARGIN",
                  new_y="NEXT")
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(_FONT, "", 7)
        self.cell(0, 5, _latin1(f"TBMnet - {self.number} - page {self.page_no()}"),
                  align="C")

    def box(self, box: Box) -> None:
        self.set_font(_FONT, "B", 9)
        self.set_fill_color(230, 236, 240)
        self.multi_cell(0, 5, _latin1(f"{box.number}. {box.title}"), border=1, fill=True,
                        new_x="LMARGIN", new_y="NEXT")
        self.set_font(_FONT, "", 8)
        rows = box.rows or [("", "")]
        for label, value in rows:
            text = f"{label}: {value}" if label else value
            self.multi_cell(0, 4.5, _latin1(text or "-"), border="LR", new_x="LMARGIN",
                            new_y="NEXT")
        self.cell(0, 0, "", border="T", new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def qr(self, url: str, caption: str) -> None:
        if self.get_y() > 230:
            self.add_page()
        y = self.get_y()
        self.image(qr_png(url), x=self.l_margin, y=y, w=35, h=35)
        self.set_xy(self.l_margin + 40, y + 4)
        self.set_font(_FONT, "", 8)
        self.multi_cell(0, 4.5, _latin1(f"{caption}\n{url}"), new_x="LMARGIN", new_y="NEXT")
        self.set_y(y + 38)


def notification_pdf(notification: Notification, verify_url: str | None) -> bytes:
    """The notification document: every box, and the QR code when a consent exists."""
    pdf = _Document("Notification document for transboundary movements of waste",
                    notification.number)
    pdf.add_page()
    for box in boxes(notification):
        pdf.box(box)
    if verify_url:
        pdf.qr(verify_url, "Verify the consent:")
    return bytes(pdf.output())


def consent_pdf(consent: Consent, verify_url: str) -> bytes:
    """The signed consent: what it covers, its validity, conditions, signature, QR code."""
    record = consent.record
    pdf = _Document("Consent to a transboundary movement of waste", record["notification"])
    pdf.add_page()
    route = [(s["role"], f"{s['state']} (CA {s['authority']}) {s['decision']}"
              + (f", exit {s['exit_point']}" if s["exit_point"] else "")
              + (f", entry {s['entry_point']}" if s["entry_point"] else ""))
             for s in record["states"]]
    waste = record["waste"]
    for box in (
        Box("", "Consent", [("Code", record["code"]), ("Notification", record["notification"]),
                            ("Kind", record["kind"]),
                            ("Valid from", record["valid_from"]),
                            ("Valid until", record["valid_until"]),
                            ("Issued", record["issued_at"])]),
        Box("", "Parties", [
            ("Notifier", f"{record['notifier']['name']} ({record['notifier']['country']})"),
            ("Consignee", f"{record['consignee']['name']} ({record['consignee']['country']})"),
            ("Facility", f"{record['facility']['name']} ({record['facility']['country']})")]),
        Box("", "States concerned", route),
        Box("", "Waste", [("Designation", waste["designation"]),
                          ("Basel", ", ".join(waste["basel_codes"])),
                          ("OECD", ", ".join(waste["oecd_codes"])),
                          ("Y", ", ".join(waste["y_codes"])),
                          ("H", ", ".join(waste["h_codes"])),
                          ("UN", ", ".join(waste["un_numbers"])),
                          ("HS", ", ".join(waste["hs_codes"])),
                          ("Operations", ", ".join(record["operations"])),
                          ("Shipments", str(record["shipments"])),
                          ("Quantity (t)", record["quantity_tonnes"]),
                          ("Quantity (m3)", record["quantity_m3"])]),
        Box("", "Conditions", [(state, text) for state, text in record["conditions"].items()]),
        Box("", "Signature (Ed25519)", [("Key", record["key_id"]),
                                        ("Signature", consent.signature)]),
    ):
        pdf.box(box)
    pdf.qr(verify_url, "Scan to verify this consent:")
    return bytes(pdf.output())
