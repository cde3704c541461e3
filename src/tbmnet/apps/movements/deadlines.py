"""The clocks of a movement, with their citations (rules.md tags: [V] checked against the text,
[S] secondary, [U] unverified). Day counts come from ``tbmnet.rules.deadlines`` where it has
them; the others are encoded here with the article that sets them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tbmnet.rules import deadlines as rules
from tbmnet.rules.deadlines import add_months, add_working_days

from .models import TakeBackBasis


def _days(table, step: str) -> int:
    return next(d.days for d in table if d.step == step)


# OECD Decision Annex IC para 46 [V] (and R1013 Art. 16(d) [V], movement document block 18):
# the facility sends signed copies of the movement document within 3 days of receipt.
RECEIPT_DAYS = _days(rules.OECD_AMBER, "receipt_confirmation")
# OECD Annex IC para 48 [V] (block 19; R1013 Art. 16(e) [V]): the certificate "no later than
# 30 days after completion … and no later than one calendar year following receipt".
CERTIFICATE_DAYS = _days(rules.OECD_AMBER, "certificate_of_recovery")
# Basel Art. 8 [V]: 90 days; Art. 9(2) [V]: 30 days.
RE_IMPORT_DAYS = _days(rules.BASEL, "re_import")
ILLEGAL_TAKE_BACK_DAYS = _days(rules.BASEL, "illegal_traffic_take_back")

RECEIPT_BASIS = ("receipt confirmed within 3 days of receipt: OECD Decision Annex IC para 46 "
                 "[V], movement document block 18; the clock runs from the expected arrival "
                 "until the facility records the receipt (Basel Art. 6(9) [V] sets no count)")
CERTIFICATE_BASIS = ("certificate ≤ 30 days after completion and ≤ 1 calendar year after "
                     "receipt: OECD Decision Annex IC para 48 [V], R1013 Art. 16(e) [V], "
                     "movement document block 19")
FINAL_BASIS = ("final operation certified ≤ 1 calendar year after receipt: OECD Decision "
               "Annex IC paras 47–49 [V], R1013 Art. 9(7) [V]")
TAKE_BACK_BASIS = {
    TakeBackBasis.RE_IMPORT: "returned within 90 days of the state of export being informed: "
                             "Basel Art. 8 [V]",
    TakeBackBasis.ILLEGAL_TRAFFIC: "taken back within 30 days of the state of export being "
                                   "informed: Basel Art. 9(2) [V]",
}

# Prior notice of each shipment (days before departure), by procedure. Only the EU sets a
# count in rules.md: R1013 Art. 16(b) [V] 3 working days; R1157 Art. 16(2) [V] 2 working days.
# Basel, OECD, Bamako and Waigani: no count retrieved, so none is enforced (a warning is).
PRIOR_NOTICE_WORKING_DAYS = {"eu": 3, "eu_1013": 3, "eu_1157": 2}
PRIOR_NOTICE_BASIS = {"eu": "R1013 Art. 16(b) [V]", "eu_1013": "R1013 Art. 16(b) [V]",
                      "eu_1157": "R1157 Art. 16(2) [V]"}

INTERIM_OPERATIONS = frozenset({"D13", "D14", "D15", "R12", "R13"})


def receipt_due(expected_arrival: date) -> date:
    return expected_arrival + timedelta(days=RECEIPT_DAYS)


def receipt_confirmed_late(received_on: date, recorded_on: date) -> bool:
    return recorded_on > received_on + timedelta(days=RECEIPT_DAYS)


def certificate_due(received_on: date, completion_on: date | None) -> date:
    """The later bound is one calendar year after receipt; completion known moves it closer."""
    year = add_months(received_on, 12)
    if completion_on is None:
        return year
    return min(completion_on + timedelta(days=CERTIFICATE_DAYS), year)


def final_certificate_due(received_on: date) -> date:
    return add_months(received_on, 12)


def take_back_due(basis: str, informed_on: date) -> date:
    days = ILLEGAL_TAKE_BACK_DAYS if basis == TakeBackBasis.ILLEGAL_TRAFFIC else RE_IMPORT_DAYS
    return informed_on + timedelta(days=days)


@dataclass(frozen=True)
class PriorNotice:
    earliest_departure: date | None
    basis: str


def prior_notice(procedure: str, announced_on: date, country: str | None = None
                 ) -> PriorNotice:
    """The earliest departure after prior notice given on ``announced_on``; working days are
    those of ``country`` (the notifier's, the state of export: its weekend and public
    holidays are skipped, ``tbmnet.rules.deadlines.add_working_days``)."""
    days = PRIOR_NOTICE_WORKING_DAYS.get(procedure)
    if days is None:
        return PriorNotice(None, f"the {procedure or 'applicable'} procedure sets no day count "
                                 "for prior notice in rules.md (Basel Art. 6(9) [V]); give it "
                                 "in good time")
    return PriorNotice(add_working_days(announced_on, days, country=country),
                       f"{days} working days before departure: {PRIOR_NOTICE_BASIS[procedure]}")


BASIS = {"receipt": RECEIPT_BASIS, "certificate": CERTIFICATE_BASIS,
         "final_certificate": FINAL_BASIS}


def basis_for(kind: str, take_back_basis: str = "") -> str:
    if kind == "take_back":
        return TAKE_BACK_BASIS.get(take_back_basis, TAKE_BACK_BASIS[TakeBackBasis.RE_IMPORT])
    return BASIS.get(kind, "")
