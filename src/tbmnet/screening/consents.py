"""Consents as screening sees them: plain records and an index to find one fast.

The notifications app feeds `ConsentRecord`s (one per notification with its consents); until
it does, the CLI reads them from a JSON file (a list of objects with these field names).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

#: Consent statuses under which shipments may move.
VALID_STATUSES = frozenset({"consented", "consented_with_conditions", "tacit_consent", "valid"})


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    """A notification and the consents given to it, reduced to what customs checks."""

    notification_number: str
    state_of_export: str
    state_of_import: str
    notifier_name: str
    consignee_name: str
    valid_from: date
    valid_until: date
    status: str = "consented"
    states_of_transit: tuple[str, ...] = ()
    hs_codes: tuple[str, ...] = ()
    basel_codes: tuple[str, ...] = ()
    shipments_allowed: int | None = None
    shipments_used: int = 0
    quantity_kg_allowed: float | None = None
    quantity_kg_used: float = 0.0
    movement_ids: tuple[str, ...] = ()

    @property
    def quantity_kg_remaining(self) -> float | None:
        if self.quantity_kg_allowed is None:
            return None
        return self.quantity_kg_allowed - self.quantity_kg_used

    def covers_hs(self, hs_code: str) -> bool:
        """True when the declared code falls under one of the consent's HS codes (by prefix)."""
        return not self.hs_codes or any(
            hs_code.startswith(c) or c.startswith(hs_code) for c in self.hs_codes)


_TUPLES = {"states_of_transit", "hs_codes", "basel_codes", "movement_ids"}
_DATES = {"valid_from", "valid_until"}
_INTS = {"shipments_allowed", "shipments_used"}
_FLOATS = {"quantity_kg_allowed", "quantity_kg_used"}
_NAMES = {f.name for f in fields(ConsentRecord)}


def consent_from_dict(data: Mapping[str, object]) -> ConsentRecord:
    """A `ConsentRecord` from JSON-like data; raises ValueError naming the field."""
    unknown = set(data) - _NAMES
    if unknown:
        raise ValueError(f"unknown field(s): {', '.join(sorted(unknown))}")
    values: dict[str, object] = {}
    for key, value in data.items():
        try:
            if key in _TUPLES:
                items = value.split("|") if isinstance(value, str) else (value or [])
                values[key] = tuple(str(v).strip().upper() if key != "movement_ids"
                                    else str(v).strip() for v in items if str(v).strip())
                if key == "hs_codes":
                    values[key] = tuple(c.replace(".", "") for c in values[key])  # type: ignore
            elif key in _DATES:
                values[key] = date.fromisoformat(str(value))
            elif key in _INTS:
                values[key] = None if value is None else int(value)  # type: ignore[arg-type]
            elif key in _FLOATS:
                values[key] = None if value is None else float(value)  # type: ignore[arg-type]
            elif key in ("state_of_export", "state_of_import"):
                values[key] = str(value).strip().upper()
            else:
                values[key] = str(value).strip()
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{key}: {exc}") from None
    try:
        return ConsentRecord(**values)  # type: ignore[arg-type]
    except TypeError as exc:
        raise ValueError(str(exc)) from None


def load_consents(path: Path) -> list[ConsentRecord]:
    """Consents from a JSON file: a list of objects (or {"consents": [...]})."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = data.get("consents", [])
    out = []
    for i, item in enumerate(data):
        try:
            out.append(consent_from_dict(item))
        except ValueError as exc:
            raise ValueError(f"{path.name}, consent {i + 1}: {exc}") from None
    return out


class ConsentIndex:
    """Consents by notification number, by movement id, and by route and HS heading."""

    def __init__(self, consents: Iterable[ConsentRecord] = ()) -> None:
        self._by_number: dict[str, ConsentRecord] = {}
        self._by_movement: dict[str, ConsentRecord] = {}
        self._by_route: dict[tuple[str, str, str], list[ConsentRecord]] = {}
        for consent in consents:
            self.add(consent)

    def __len__(self) -> int:
        return len(self._by_number)

    def add(self, consent: ConsentRecord) -> None:
        """Add a consent, or put a changed one in place of the one with its number.

        Safe while other threads read: each lookup table entry is replaced in one step, so
        a reader finds either the consent as it was or as it is, never neither."""
        key = _number_key(consent.notification_number)
        old = self._by_number.get(key)
        if old is None:
            for route in _routes(consent):
                self._by_route.setdefault(route, []).append(consent)
        else:
            new_routes = _routes(consent)
            for route in _routes(old) | new_routes:
                kept = [c for c in self._by_route.get(route, ()) if c is not old]
                self._by_route[route] = kept + [consent] if route in new_routes else kept
        self._by_number[key] = consent
        for movement in consent.movement_ids:
            self._by_movement[movement.upper()] = consent

    def get(self, notification_number: str) -> ConsentRecord | None:
        return self._by_number.get(_number_key(notification_number))

    def by_movement(self, movement_id: str) -> ConsentRecord | None:
        return self._by_movement.get(movement_id.strip().upper())

    def on_route(self, state_of_export: str, state_of_import: str,
                 hs_code: str) -> list[ConsentRecord]:
        """Consents for this pair of states whose HS codes share the declared heading."""
        return (self._by_route.get((state_of_export, state_of_import, hs_code[:4]), [])
                + self._by_route.get((state_of_export, state_of_import, ""), []))

    def records(self) -> Iterable[ConsentRecord]:
        """Every consent (a copy of the list: safe while another thread adds)."""
        return iter(list(self._by_number.values()))


def _routes(consent: ConsentRecord) -> set[tuple[str, str, str]]:
    """The (export, import, HS heading) keys a consent is found under; "" for no HS code."""
    return {(consent.state_of_export, consent.state_of_import, heading)
            for heading in {c[:4] for c in consent.hs_codes} or {""}}


def _number_key(number: str) -> str:
    return "".join(number.split()).upper()
