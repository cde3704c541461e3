"""Customs declarations: the fields of issue 6, parsed and validated one row at a time.

A row that cannot be screened raises `DeclarationError(field, message)`, naming the field and
the value; the caller answers that row with ``{"declaration_id": ..., "error": {...}}`` and
goes on with the next.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pycountry

from tbmnet.codes import catalogue

DIRECTIONS = ("export", "import", "transit")

#: The columns of the contract (issue 6), in order.
FIELDS = (
    "declaration_id", "date", "direction", "customs_office", "state_of_export",
    "state_of_import", "hs_code", "description", "exporter_name", "exporter_address",
    "importer_name", "importer_address", "net_mass_kg", "notification_number", "movement_id",
    "containers",
)
#: Columns we also read when present (compatible extensions of the contract).
EXTRA_FIELDS = ("states_of_transit", "declared_value", "currency")
REQUIRED = (
    "declaration_id", "date", "direction", "customs_office", "state_of_export",
    "state_of_import", "hs_code", "description", "exporter_name", "importer_name",
    "net_mass_kg",
)
_LIST_SPLIT = re.compile(r"[|;,\s]+")
_ALL_FIELDS = (*FIELDS, *EXTRA_FIELDS)


class DeclarationError(ValueError):
    """A declaration that cannot be screened; `field` names what is wrong."""

    def __init__(self, field: str, message: str, declaration_id: str | None = None) -> None:
        self.field, self.message, self.declaration_id = field, message, declaration_id
        super().__init__(f"{field}: {message}")

    def as_dict(self) -> dict:
        return {"declaration_id": self.declaration_id,
                "error": {"field": self.field, "message": self.message}}


@dataclass(frozen=True, slots=True)
class Declaration:
    declaration_id: str
    date: date
    direction: str
    customs_office: str
    state_of_export: str
    state_of_import: str
    hs_code: str
    description: str
    exporter_name: str
    importer_name: str
    net_mass_kg: float
    exporter_address: str = ""
    importer_address: str = ""
    notification_number: str = ""
    movement_id: str = ""
    containers: tuple[str, ...] = ()
    states_of_transit: tuple[str, ...] = ()
    declared_value: float | None = None
    currency: str = ""

    @property
    def office_state(self) -> str | None:
        """The state of the customs office, from its code (UN/LOCODE style: MYPKG -> MY)."""
        return office_state(self.customs_office)


@cache
def _alpha2() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


@cache
def _hs_codes() -> frozenset[str]:
    return frozenset(c.code for c in catalogue().in_list("hs"))


def office_state(office: str) -> str | None:
    prefix = office.strip()[:2].upper()
    return prefix if prefix in _alpha2() else None


def _country(value: str, field: str) -> str:
    code = value.strip().upper()
    if code not in _alpha2():
        raise DeclarationError(field, f"not an ISO 3166 alpha-2 country code: {value!r}")
    return code


def normalise_hs(value: str) -> str:
    """Digits only ("3915.90" -> "391590"); national tariff lines keep their extra digits."""
    return re.sub(r"[\s.\-]", "", value)


_HS_SEEN: dict[str, str] = {}  # valid HS codes as declared -> normalised (they recur)


def _hs(value: str) -> str:
    code = _HS_SEEN.get(value)
    if code is not None:
        return code
    code = normalise_hs(value)
    if not re.fullmatch(r"\d{6,10}", code):
        raise DeclarationError("hs_code", f"an HS code has 6 to 10 digits: {value!r}")
    if code[:6] not in _hs_codes():
        raise DeclarationError("hs_code", f"{code[:6]} is not an HS 2022 subheading: {value!r}")
    if len(_HS_SEEN) < 65536:
        _HS_SEEN[value] = code
    return code


MAX_NUMBER = 1e11


def _number(value: str, field: str, *, positive: bool = True) -> float:
    try:
        number = float(value.strip().replace(",", ""))
    except ValueError:
        raise DeclarationError(field, f"not a number: {value!r}") from None
    if not math.isfinite(number) or number < 0 or (positive and number == 0):
        raise DeclarationError(field, f"must be a {'positive' if positive else 'non-negative'} "
                               f"number: {value!r}")
    if number >= MAX_NUMBER:  # beyond any cargo or value; the stored columns hold less
        raise DeclarationError(field, f"is too large: {value!r}")
    return number


def parse(row: Mapping[str, object]) -> Declaration:
    """One declaration from a CSV row or a JSON object; raises `DeclarationError`."""
    raw_id = row.get("declaration_id")
    ident = str(raw_id).strip() if raw_id is not None else ""
    try:
        return _parse(row, ident)
    except DeclarationError as exc:
        exc.declaration_id = ident or None
        raise


def _text(row: Mapping[str, object], key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if value.__class__ is str:
        return value.strip()
    if isinstance(value, list | tuple):
        return "|".join(str(v) for v in value)
    return str(value).strip()


def _parse(row: Mapping[str, object], ident: str) -> Declaration:
    values = {key: _text(row, key) for key in _ALL_FIELDS}
    for key in REQUIRED:
        if not values[key]:
            raise DeclarationError(key, "is required")
    try:
        day = date.fromisoformat(values["date"])
    except ValueError:
        raise DeclarationError("date", f"not a date (YYYY-MM-DD): {values['date']!r}") from None
    direction = values["direction"].lower()
    if direction not in DIRECTIONS:
        raise DeclarationError("direction", f"one of {', '.join(DIRECTIONS)}, "
                               f"not {values['direction']!r}")
    transit = tuple(_country(c, "states_of_transit")
                    for c in _LIST_SPLIT.split(values["states_of_transit"]) if c)
    value = values["declared_value"]
    return Declaration(
        declaration_id=ident,
        date=day,
        direction=direction,
        customs_office=values["customs_office"].upper(),
        state_of_export=_country(values["state_of_export"], "state_of_export"),
        state_of_import=_country(values["state_of_import"], "state_of_import"),
        hs_code=_hs(values["hs_code"]),
        description=values["description"],
        exporter_name=values["exporter_name"],
        importer_name=values["importer_name"],
        net_mass_kg=_number(values["net_mass_kg"], "net_mass_kg"),
        exporter_address=values["exporter_address"],
        importer_address=values["importer_address"],
        notification_number=values["notification_number"],
        movement_id=values["movement_id"],
        containers=tuple(c for c in _LIST_SPLIT.split(values["containers"]) if c),
        states_of_transit=transit,
        declared_value=_number(value, "declared_value", positive=False) if value else None,
        currency=values["currency"].upper(),
    )


def read_csv(path: Path) -> Iterator[dict[str, str]]:
    """The rows of a declarations CSV file; raises `DeclarationError` on a bad header."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [h.strip() for h in reader.fieldnames or ()]
        missing = [f for f in REQUIRED if f not in header]
        if missing:
            raise DeclarationError(missing[0], f"the file has no column {missing[0]!r} "
                                   f"(missing: {', '.join(missing)})")
        reader.fieldnames = header
        yield from reader


def parse_all(rows: Iterable[Mapping[str, object]]) -> Iterator[Declaration | DeclarationError]:
    for row in rows:
        try:
            yield parse(row)
        except DeclarationError as exc:
            yield exc
