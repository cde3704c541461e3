"""Risk profiles: rules an authority writes as data, evaluated by one pure function.

A profile is a set of conditions (all must hold, or any, as it says) and a weight in points
(0–100). Conditions:

- ``hs_prefix`` (``values``): the declared HS code starts with one of them;
- ``route`` (``state_of_export``, ``state_of_import``, ``states_of_transit``: lists, each
  optional): every list given contains the declaration's state (any one transit state);
- ``direction`` (``values``): export, import or transit as declared;
- ``customs_office`` (``values``): the office code is one of them;
- ``first_time_exporter``: no consent and no earlier declaration names this exporter;
- ``kg_per_value`` (``min``/``max``): net mass over declared value is in range (needs
  ``declared_value``; a low unit value is a high ratio);
- ``mass_kg`` (``min``/``max``): net mass is in range;
- ``description_words`` (``values``): a word or phrase is in the description (accents and
  case ignored).

Profiles come from a JSON file (``{"profiles": [...]}``) or, later, database rows with the
same fields; changing one needs no release.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from tbmnet.screening.declaration import Declaration
from tbmnet.screening.waste import fold

KINDS = ("hs_prefix", "route", "direction", "customs_office", "first_time_exporter",
         "kg_per_value", "mass_kg", "description_words")
EXAMPLE_PROFILES = Path(__file__).parent / "data" / "risk_profiles.example.json"


class ProfileError(ValueError):
    """A malformed profile; the message names the profile and the field."""


@dataclass(frozen=True, slots=True)
class Condition:
    kind: str
    values: tuple[str, ...] = ()
    state_of_export: tuple[str, ...] = ()
    state_of_import: tuple[str, ...] = ()
    states_of_transit: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    _words: re.Pattern[str] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class RiskProfile:
    profile_id: str
    title: str
    weight: int
    conditions: tuple[Condition, ...]
    when: str = "all"  # "all" | "any"
    owner: str = ""
    active: bool = True
    valid_from: date | None = None
    valid_until: date | None = None
    reason: str = ""
    source: str = ""
    #: the states whose customs the profile serves (its author's); empty: every state
    states: tuple[str, ...] = ()

    def applies_in(self, state: str | None) -> bool:
        """A profile is its author's rule: it screens declarations at that state's offices
        only (an unscoped profile, e.g. loaded from a file, screens everywhere)."""
        return not self.states or state in self.states

    def in_force_on(self, day: date) -> bool:
        return (self.active and (self.valid_from is None or self.valid_from <= day)
                and (self.valid_until is None or day <= self.valid_until))


@dataclass(frozen=True, slots=True)
class ProfileContext:
    """Facts about a declaration that are not in it."""

    first_time_exporter: bool = False


@dataclass(frozen=True, slots=True)
class ProfileMatch:
    profile: RiskProfile
    reasons: tuple[str, ...]


def _upper_list(data: Mapping, key: str) -> tuple[str, ...]:
    value = data.get(key) or ()
    if isinstance(value, str):
        value = [value]
    return tuple(str(v).strip().upper() for v in value)


def condition_from_dict(data: Mapping) -> Condition:
    kind = data.get("kind")
    if kind not in KINDS:
        raise ProfileError(f"condition kind {kind!r}: one of {', '.join(KINDS)}")
    values = tuple(str(v).strip() for v in data.get("values") or ())
    low, high = data.get("min"), data.get("max")
    words = None
    if kind in ("hs_prefix", "direction", "customs_office", "description_words") and not values:
        raise ProfileError(f"condition {kind}: 'values' is required")
    if kind in ("kg_per_value", "mass_kg") and low is None and high is None:
        raise ProfileError(f"condition {kind}: 'min' or 'max' is required")
    if kind == "hs_prefix":
        values = tuple(v.replace(".", "") for v in values)
    elif kind == "direction":
        values = tuple(v.lower() for v in values)
    elif kind == "customs_office":
        values = tuple(v.upper() for v in values)
    elif kind == "description_words":
        alternatives = [re.escape(fold(v)).replace(r"\ ", r"\s+") for v in values]
        words = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
    route = {k: _upper_list(data, k) for k in
             ("state_of_export", "state_of_import", "states_of_transit")}
    if kind == "route" and not any(route.values()):
        raise ProfileError("condition route: give state_of_export, state_of_import or "
                           "states_of_transit")
    return Condition(kind, values, route["state_of_export"], route["state_of_import"],
                     route["states_of_transit"],
                     None if low is None else float(low), None if high is None else float(high),
                     words)


def profile_from_dict(data: Mapping) -> RiskProfile:
    ident = str(data.get("profile_id") or "").strip()
    if not ident:
        raise ProfileError("profile_id is required")
    try:
        weight = int(data.get("weight", 0))
        if not 0 <= weight <= 100:
            raise ValueError
    except (TypeError, ValueError):
        raise ProfileError(f"profile {ident}: weight is a whole number 0–100") from None
    when = data.get("when", "all")
    if when not in ("all", "any"):
        raise ProfileError(f"profile {ident}: when is 'all' or 'any'")
    try:
        conditions = tuple(condition_from_dict(c) for c in data.get("conditions") or ())
        valid_from = data.get("valid_from")
        valid_until = data.get("valid_until")
        dates = (date.fromisoformat(valid_from) if valid_from else None,
                 date.fromisoformat(valid_until) if valid_until else None)
    except (ProfileError, ValueError) as exc:
        raise ProfileError(f"profile {ident}: {exc}") from None
    if not conditions:
        raise ProfileError(f"profile {ident}: at least one condition is required")
    return RiskProfile(ident, str(data.get("title") or ident), weight, conditions, when,
                       str(data.get("owner") or ""), bool(data.get("active", True)), *dates,
                       str(data.get("reason") or ""), str(data.get("source") or ""),
                       _upper_list(data, "states"))


def load_profiles(path: Path) -> list[RiskProfile]:
    data = json.loads(path.read_text(encoding="utf-8"))
    items = data.get("profiles", []) if isinstance(data, dict) else data
    return [profile_from_dict(item) for item in items]


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    return fold(text)


def _in_range(value: float, cond: Condition) -> bool:
    return (cond.min is None or value >= cond.min) and (cond.max is None or value <= cond.max)


def check_condition(cond: Condition, d: Declaration, ctx: ProfileContext) -> str | None:
    """Why the condition holds for `d`, in words; None when it does not."""
    kind = cond.kind
    if kind == "hs_prefix":
        hit = next((v for v in cond.values if d.hs_code.startswith(v)), None)
        return f"HS {d.hs_code} under {hit}" if hit else None
    if kind == "route":
        if cond.state_of_export and d.state_of_export not in cond.state_of_export:
            return None
        if cond.state_of_import and d.state_of_import not in cond.state_of_import:
            return None
        if cond.states_of_transit and not set(d.states_of_transit) & set(cond.states_of_transit):
            return None
        via = f" via {', '.join(d.states_of_transit)}" if d.states_of_transit else ""
        return f"route {d.state_of_export} → {d.state_of_import}{via}"
    if kind == "direction":
        return f"{d.direction} declaration" if d.direction in cond.values else None
    if kind == "customs_office":
        return f"office {d.customs_office}" if d.customs_office in cond.values else None
    if kind == "first_time_exporter":
        return f"first declaration by exporter {d.exporter_name!r}" \
            if ctx.first_time_exporter else None
    if kind == "kg_per_value":
        if not d.declared_value:
            return None
        ratio = d.net_mass_kg / d.declared_value
        if not _in_range(ratio, cond):
            return None
        value = f"{d.declared_value:g} {d.currency}".strip()
        return f"{ratio:.2f} kg per unit of declared value ({d.net_mass_kg:g} kg for {value})"
    if kind == "mass_kg":
        return f"net mass {d.net_mass_kg:g} kg" if _in_range(d.net_mass_kg, cond) else None
    if kind == "description_words":
        match = cond._words.search(_folded(d.description)) if cond._words else None
        return f"description says {match.group(0)!r}" if match else None
    return None  # pragma: no cover - KINDS is closed


def evaluate(profiles: Sequence[RiskProfile] | Iterable[RiskProfile], declaration: Declaration,
             context: ProfileContext = ProfileContext(), *,
             state: str | None = None) -> list[ProfileMatch]:
    """The profiles in force on the declaration's date, serving ``state`` (the state whose
    customs screen it), that it meets, with the reasons."""
    out = []
    for profile in profiles:
        if not profile.in_force_on(declaration.date) or not profile.applies_in(state):
            continue
        held = []
        for cond in profile.conditions:
            reason = check_condition(cond, declaration, context)
            if reason is not None:
                held.append(reason)
            elif profile.when == "all":
                break
        else:
            if held:
                out.append(ProfileMatch(profile, tuple(held)))
    return out
