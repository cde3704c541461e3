"""A movement proposal from JSON (the contract of ``tbmnet check`` and the API), checked.

Errors name the field and the value: ``{"error": {"field": "waste.basel_codes[0]",
"message": "unknown code 'A9999'"}}``. Codes and countries are normalised first
(``a 1160`` → ``A1160``, ``jp`` → ``JP``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from tbmnet.codes.catalogue import normalise_code

from .model import Proposal, ProposalError, Waste

_CODE_FIELDS = ("basel_codes", "y_codes", "h_codes", "oecd_codes", "hs_codes")
# Codes recur from proposal to proposal: normalise each spelling once.
_normalise_code = lru_cache(maxsize=16384)(normalise_code)


def _codes(waste: dict, name: str) -> tuple[str, ...]:
    value = waste.get(name, [])
    if value is None or value == []:
        return ()
    if not isinstance(value, list):
        raise ProposalError(f"waste.{name}", f"expected a list of codes, got {value!r}")
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise ProposalError(f"waste.{name}[{i}]", f"expected a code, got {item!r}")
        out.append(_normalise_code(item))
    return tuple(out)


def _country(obj: dict, name: str) -> str:
    value = obj.get(name)
    if value is None:
        raise ProposalError(name, "missing")
    if not isinstance(value, str) or not value.strip():
        raise ProposalError(name, f"expected an ISO 3166-1 alpha-2 code, got {value!r}")
    return value.strip().upper()


def parse_proposal(obj: object) -> Proposal:
    """Build a Proposal from a JSON object; raises ProposalError naming the field."""
    if not isinstance(obj, dict):
        raise ProposalError("proposal", f"expected a JSON object, got {type(obj).__name__}")
    waste = obj.get("waste")
    if waste is None:
        raise ProposalError("waste", "missing")
    if not isinstance(waste, dict):
        raise ProposalError("waste", f"expected an object, got {waste!r}")
    codes = {name: _codes(waste, name) for name in _CODE_FIELDS}
    for i, code in enumerate(codes["oecd_codes"]):
        if not (len(code) == 5 and code[:2].isalpha() and code[2:].isdigit()):
            raise ProposalError(f"waste.oecd_codes[{i}]",
                                f"malformed OECD code {code!r} (expected e.g. GC010 or AA010)")
    radioactive = waste.get("radioactive", False)
    if not isinstance(radioactive, bool):
        raise ProposalError("waste.radioactive", f"expected true or false, got {radioactive!r}")
    description = waste.get("description", "") or ""
    if not isinstance(description, str):
        raise ProposalError("waste.description", f"expected text, got {description!r}")
    export, import_ = _country(obj, "state_of_export"), _country(obj, "state_of_import")
    transit_raw = obj.get("states_of_transit", []) or []
    if not isinstance(transit_raw, list):
        raise ProposalError("states_of_transit", f"expected a list, got {transit_raw!r}")
    transit = []
    for i, value in enumerate(transit_raw):
        if not isinstance(value, str) or not value.strip():
            raise ProposalError(f"states_of_transit[{i}]",
                                f"expected an ISO 3166-1 alpha-2 code, got {value!r}")
        transit.append(value.strip().upper())
    operation = obj.get("operation")
    if operation is None:
        raise ProposalError("operation", "missing")
    if not isinstance(operation, str) or not operation.strip():
        raise ProposalError("operation", f"expected a D or R code, got {operation!r}")
    raw_date = obj.get("date")
    if raw_date is None:
        raise ProposalError("date", "missing")
    try:
        day = date.fromisoformat(raw_date) if isinstance(raw_date, str) else None
    except ValueError:
        day = None
    if day is None:
        raise ProposalError("date", f"not a date (YYYY-MM-DD): {raw_date!r}")
    return Proposal(
        waste=Waste(radioactive=radioactive, description=description, **codes),
        state_of_export=export, state_of_import=import_, operation=_normalise_code(operation),
        date=day, states_of_transit=tuple(transit))


def check_one(obj: object, engine=None) -> dict:
    """The verdict for one JSON proposal as a JSON-ready dict, or ``{"error": ...}``."""
    from .engine import default_engine

    engine = engine or default_engine()
    try:
        proposal = parse_proposal(obj)
        engine.validate(proposal)
    except ProposalError as exc:
        return exc.as_dict()
    return engine.check(proposal).as_dict()


def check_many(objs: Iterable[object], engine=None) -> tuple[list[dict], bool]:
    """Verdicts in order; True when any proposal had an error."""
    results = [check_one(obj, engine) for obj in objs]
    return results, any("error" in r for r in results)
