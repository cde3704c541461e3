"""The time limits each prior-informed-consent procedure implies, with citations.

Used by the verdict (``deadlines`` object) and, later, by the notifications (PIC) module:
``deadlines_for(procedures, transit=...)`` is the one entry point. Every figure carries the
confidence tag of rules.md (V checked against the text, S secondary source, U unverified);
nothing here is a guess: where a source gives no day count, ``days`` is None and the text
says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache

import holidays

from .model import Deadline

# How a state of transit takes part in the Basel procedure (Art 6(4), Art 7).
TRANSIT_WRITTEN = "written_consent"          # a Party: its written consent is required
TRANSIT_TACIT = "tacit_consent"              # a Party that declared it needs none (Art 13)
TRANSIT_NOTIFY_ONLY = "notification_only"    # a non-Party (Art 7)
TRANSIT_UNKNOWN = "unknown"                  # no row in the party table

_B = "Basel Convention"
_O = "OECD Decision C(2001)107/FINAL"
_BK = "Bamako Convention"
_W = "Waigani Convention"

BASEL: tuple[Deadline, ...] = (
    Deadline("import_response", None, "none", "receipt of the notification", _B, "Art. 6(2)",
             "V", "The State of import answers in writing (consent, with or without "
             "conditions; refusal; or a request for information). The Convention sets no "
             "deadline."),
    Deadline("movement_may_start", None, "none", "written consent of the State of import",
             _B, "Art. 6(3)", "V",
             "Not before the State of import's written consent and its confirmation that a "
             "contract between exporter and disposer specifies environmentally sound "
             "management."),
    Deadline("general_notification_validity", 12, "months", "the first shipment", _B,
             "Art. 6(8)", "V", "A general notification and its consent cover at most 12 "
             "months (same characteristics, same disposer, same customs offices)."),
    Deadline("certificate_of_disposal", None, "none", "completion of disposal", _B,
             "Art. 6(9)", "V", "The disposer informs the exporter and the State of export "
             "of receipt and, 'in due course', of completion; the Convention itself gives no "
             "day count (the 3-day and 30-day / 1-year figures of the movement document "
             "come from the harmonised form instructions)."),
    Deadline("re_import", 90, "days", "the State of import informing the State of export and "
             "the Secretariat", _B, "Art. 8", "V", "A consented movement that cannot be "
             "completed returns to the State of export within 90 days (or an agreed period)."),
    Deadline("illegal_traffic_take_back", 30, "days", "the State of export being informed",
             _B, "Art. 9(2)", "V", "Illegal traffic by the exporter or generator: taken back "
             "(or otherwise disposed of) within 30 days."),
    Deadline("illegal_traffic_import_disposal", 30, "days", "the State of import becoming "
             "aware", _B, "Art. 9(3)", "V", "Illegal traffic by the importer or disposer: the "
             "State of import ensures environmentally sound disposal within 30 days."),
)

OECD_AMBER: tuple[Deadline, ...] = (
    Deadline("acknowledgement", 3, "working_days", "receipt of the notification", _O,
             "Annex IC para 30 (as in Reg. 1013/2006 Art. 8(2))", "S",
             "The competent authority of destination acknowledges the notification."),
    Deadline("objection_period", 30, "days", "transmission of the acknowledgement", _O,
             "Chapter II (as in Reg. 1013/2006 Art. 9(1))", "U",
             "The competent authorities concerned may object or set conditions; the OECD "
             "text was not checked."),
    Deadline("tacit_consent", 30, "days", "transmission of the acknowledgement", _O,
             "Annex IC para 31", "V", "No written consent is required: if no objection "
             "arrives within 30 days, the movement may start (tacit consent)."),
    Deadline("consent_validity", 12, "months", "the consent", _O, "Chapter II", "U",
             "A consent is valid for at most one calendar year (not checked)."),
    Deadline("pre_consented_facility_decision", 7, "working_days", "receipt of the "
             "notification", _O, "Annex IC para 17", "U", "For pre-consented recovery "
             "facilities (general notifications up to 3 years); the 7 days are unverified."),
    Deadline("receipt_confirmation", 3, "days", "receipt of the waste", _O, "Annex IC para 46",
             "V", "The facility sends signed copies of the movement document to the notifier "
             "and the competent authorities concerned."),
    Deadline("certificate_of_recovery", 30, "days", "completion of recovery (and no later "
             "than one calendar year after receipt)", _O, "Annex IC para 48", "V",
             "Block 19 of the movement document, to the notifier and the authorities of "
             "dispatch and destination."),
)

BAMAKO: tuple[Deadline, ...] = (
    Deadline("import_response", None, "none", "receipt of the notification", _BK, "Art. 6(2)",
             "V", "The Party of import responds in writing; no day count retrieved."),
    Deadline("transit_tacit_consent", 60, "days", "receipt of the notification", _BK,
             "Art. 6(4)", "U", "Believed to mirror Basel Art. 6(4); the Bamako text was not "
             "retrieved."),
    Deadline("general_notification_validity", 12, "months", "the first shipment", _BK,
             "Art. 6", "U", "Believed to mirror Basel Art. 6(8); not retrieved."),
    Deadline("re_import", 90, "days", "the State of import informing the State of export", _BK,
             "Art. 8", "U", "Believed to mirror Basel Art. 8; not retrieved."),
    Deadline("illegal_traffic_take_back", 30, "days", "the State of export being informed",
             _BK, "Art. 9", "U", "Believed to mirror Basel Art. 9(2); not retrieved."),
)

WAIGANI: tuple[Deadline, ...] = (
    Deadline("notification", None, "none", "before the movement", _W, "Art. 6(1)", "S",
             "Notification per Annex VI A and movement document per Annex VI B (Art. 6(9)); "
             "the Article 6 day counts were not retrieved, so no deadline is given."),
)

_FIXED: Mapping[str, tuple[Deadline, ...]] = {
    "basel": BASEL, "oecd": OECD_AMBER, "bamako": BAMAKO, "waigani": WAIGANI}


def transit_deadline(state: str, mode: str, confidence: str = "S") -> Deadline:
    """The Basel clock for one state of transit (Art. 6(4), Art. 7)."""
    if mode == TRANSIT_TACIT:
        return Deadline(
            "transit_tacit_consent", 60, "days", "receipt of the notification by the State of "
            "transit", _B, "Art. 6(4)", confidence,
            f"{state} declared (Art. 13) that it needs no prior written consent: if it does "
            "not respond within 60 days of receipt, the movement may proceed through it.",
            state=state)
    if mode == TRANSIT_NOTIFY_ONLY:
        return Deadline(
            "transit_notification", None, "none", "before the movement", _B, "Art. 7",
            confidence, f"{state} is not a Party: it is notified (Art. 6(1) applies mutatis "
            "mutandis) but its consent is not a Basel requirement.", state=state)
    if mode == TRANSIT_UNKNOWN:
        return Deadline(
            "transit_written_consent", None, "none", "receipt of the notification", _B,
            "Art. 6(4)", "U", f"{state}'s Basel standing is not in the party table: if it is "
            "a Party, its written consent is required (it may respond within 60 days).",
            state=state)
    return Deadline(
        "transit_written_consent", None, "none", "receipt of the notification", _B,
        "Art. 6(4)", confidence, f"{state} acknowledges promptly and may respond within 60 "
        "days; its written consent is required (it has made no declaration waiving it), so "
        "silence is not consent.", state=state)


# Deadlines are frozen: one per (state, mode, confidence) serves every verdict.
_transit_deadline = lru_cache(maxsize=4096)(transit_deadline)


def deadlines_for(procedures: Iterable[str], *,
                  transit: Mapping[str, tuple[str, str]] | None = None
                  ) -> dict[str, tuple[Deadline, ...]]:
    """Time limits for each procedure; ``transit`` maps state -> (mode, confidence) (Basel)."""
    out: dict[str, tuple[Deadline, ...]] = {}
    for procedure in procedures:
        fixed = _FIXED.get(procedure, ())
        if procedure == "basel" and transit:
            fixed = fixed + tuple(_transit_deadline(state, mode, confidence)
                                  for state, (mode, confidence) in transit.items())
        out[procedure] = fixed
    return out


def add_months(day: date, months: int) -> date:
    """``months`` calendar months after ``day``; the 31st becomes the month's last day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


_MONDAY_TO_FRIDAY_WEEKEND = frozenset({5, 6})


@lru_cache(maxsize=512)
def _calendar(country: str, year: int) -> tuple[frozenset[int], frozenset[date]] | None:
    """The weekend days (0 = Monday) and national public holidays of ``country`` in ``year``,
    from the ``holidays`` package (regional holidays of a subdivision are not counted); None
    when the package does not know the country."""
    try:
        calendar = holidays.country_holidays(country, years=year)
    except NotImplementedError:
        return None
    return frozenset(calendar.weekend), frozenset(calendar)


def add_working_days(day: date, days: int, *, country: str | None = None) -> date:
    """``days`` working days after ``day``. With ``country``, its weekend and national public
    holidays are skipped (``holidays`` package); without it, or for a country that package
    does not know, Monday to Friday count as working days."""
    while days > 0:
        day += timedelta(days=1)
        calendar = _calendar(country, day.year) if country else None
        weekend, closed = calendar or (_MONDAY_TO_FRIDAY_WEEKEND, frozenset())
        if day.weekday() not in weekend and day not in closed:
            days -= 1
    return day
