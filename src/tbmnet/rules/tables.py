"""Lookup tables the engine compiles once: party standings, regions, national rules.

Everything here is data an administrator corrects without a release: party rows come from
``codes/data/parties.csv`` (or any rows injected), national rules from
``codes/data/national_rules.csv``. Lookups are dict and frozenset probes, never list scans.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Protocol

from tbmnet.codes.loader import DATA_DIR, parse_date, read_table

PARTY = "party"
NON_PARTY = "non_party"
UNLISTED = "unlisted"

_RANK = {"V": 2, "S": 1, "U": 0}


def weakest(*tags: str) -> str:
    """The least certain of several confidence tags (V > S > U)."""
    return min(tags, key=lambda tag: _RANK.get(tag, 0))


class PartyRow(Protocol):  # tbmnet.codes.reference.PartyStatus fits
    instrument: str
    country: str
    role: str
    date_of_effect: date | None
    as_of: date | None
    verification: str
    source: str
    note: str


@dataclass(slots=True)  # built once per party row, never changed
class Standing:
    """A state's standing under one instrument on one date, and how sure we are of it."""

    status: str  # party | non_party | unlisted
    role: str
    confidence: str
    date_of_effect: date | None = None
    as_of: date | None = None
    explanation: str = ""
    is_party: bool = field(init=False, default=False)  # a field, not a property: hot path

    def __post_init__(self) -> None:
        self.is_party = self.status == PARTY


_UNLISTED = Standing(UNLISTED, "", "U", explanation="no row in the party table")


@dataclass(frozen=True, slots=True)
class _Entry:
    party: PartyRow | None
    party_standing: Standing | None
    not_yet: Standing | None
    non_party: Standing | None


class PartyTable:
    """Standing of (instrument, country) on a date, from dated rows.

    A row with a role other than ``non_party`` makes the state a party (or member, adherent)
    from ``date_of_effect``; an empty date means the date was not found and the row counts
    for every date (the reason says so). A ``non_party`` row makes it a non-party. No row at
    all is ``unlisted``: the engine says so instead of guessing.
    """

    def __init__(self, rows: Iterable[PartyRow]) -> None:
        grouped: dict[tuple[str, str], list[PartyRow]] = defaultdict(list)
        for row in rows:
            grouped[(row.instrument, row.country.upper())].append(row)
        self._entries: dict[tuple[str, str], _Entry] = {}
        self.members: dict[str, frozenset[str]] = {}
        by_instrument: dict[str, set[str]] = defaultdict(set)
        for key, found in grouped.items():
            party = next((r for r in found if r.role != NON_PARTY), None)
            non = next((r for r in found if r.role == NON_PARTY), None)
            self._entries[key] = _Entry(
                party=party,
                party_standing=_standing(party, PARTY) if party else None,
                not_yet=_not_yet(party) if party and party.date_of_effect else None,
                non_party=_standing(non, NON_PARTY) if non else None)
            if party:
                by_instrument[key[0]].add(key[1])
        self.members = {k: frozenset(v) for k, v in by_instrument.items()}

    def standing(self, instrument: str, country: str, on: date) -> Standing:
        entry = self._entries.get((instrument, country))
        if entry is None:
            return _UNLISTED
        party = entry.party
        if party is not None:
            effect = party.date_of_effect
            if effect is None or effect <= on:
                return entry.party_standing  # type: ignore[return-value]
            if entry.non_party is None:
                return entry.not_yet  # type: ignore[return-value]
        return entry.non_party or _UNLISTED

    def role(self, instrument: str, country: str) -> str:
        entry = self._entries.get((instrument, country))
        return entry.party.role if entry and entry.party else ""

    def change_dates(self) -> frozenset[date]:
        """Every date from which some standing may differ from the day before."""
        return frozenset(
            standing.date_of_effect for entry in self._entries.values()
            for standing in (entry.party_standing, entry.not_yet, entry.non_party)
            if standing is not None and standing.date_of_effect is not None)


def _standing(row: PartyRow, status: str) -> Standing:
    bits = []
    if status == PARTY:
        bits.append(f"from {row.date_of_effect.isoformat()}" if row.date_of_effect
                    else "date of effect not recorded")
    if row.as_of:
        bits.append(f"status as of {row.as_of.isoformat()}")
    bits.append(_tag(row.verification))
    return Standing(status, row.role, row.verification or "U", row.date_of_effect, row.as_of,
                    ", ".join(bits))


def _tag(verification: str) -> str:
    return "[U: unverified row]" if verification in ("U", "") else f"[{verification}]"


def _not_yet(row: PartyRow) -> Standing:
    return Standing(NON_PARTY, row.role, row.verification or "U", row.date_of_effect, row.as_of,
                    f"not yet: effective only from {row.date_of_effect.isoformat()} "
                    f"{_tag(row.verification)}")


# --- regions -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Regions:
    """Which states can belong to the regional conventions.

    ``africa``: Bamako membership is open to OAU/AU member States only [S: sea.org.sz via
    rules.md §4], so a state outside Africa cannot be a Bamako Party. ``convention_area``:
    Waigani's Convention Area covers "all Pacific Countries and territories" [S: SPREP via
    rules.md §5]; it is approximated here by the Oceania region. Both sets come from the
    territory data of the ``rigour`` package (OpenSanctions, Wikidata-based regions).
    """

    africa: frozenset[str]
    convention_area: frozenset[str]
    source: str = "rigour.territories (OpenSanctions; region per Wikidata)"


def default_regions() -> Regions:
    from rigour.territories import get_territories

    africa, oceania = set(), set()
    for territory in get_territories():
        code = territory.code.upper()
        if len(code) != 2:
            continue
        if territory.region == "Africa":
            africa.add(code)
        elif territory.region == "Oceania":
            oceania.add(code)
    return Regions(frozenset(africa), frozenset(oceania))


# --- national rules ------------------------------------------------------------------------

IMPORT_PROHIBITION = "import_prohibition"
EXPORT_PROHIBITION = "export_prohibition"
TRANSIT_PROHIBITION = "transit_prohibition"
HAZARDOUS_DEFINITION = "hazardous_definition"
TRANSIT_NO_WRITTEN_CONSENT = "transit_no_written_consent"
ART11_AGREEMENT = "art11_agreement"
KINDS = (IMPORT_PROHIBITION, EXPORT_PROHIBITION, TRANSIT_PROHIBITION, HAZARDOUS_DEFINITION,
         TRANSIT_NO_WRITTEN_CONSENT, ART11_AGREEMENT)


@dataclass(frozen=True, slots=True)
class NationalRule:
    """One rule of one state, as data (Basel Art 3, 4(1), 6(4), 11, 13).

    ``codes``: Basel A/B/Y codes it covers (empty: every hazardous or other waste; ``*``:
    every waste, Annex IX included);
    ``operations``: D/R codes, or ``D``/``R`` for a whole section of Annex IV (empty: all);
    ``from_countries``: states of export it covers (empty: all); for ``art11_agreement``
    the partner states.
    """

    rule_id: str
    country: str
    kind: str
    codes: frozenset[str] = frozenset()
    operations: frozenset[str] = frozenset()
    from_countries: frozenset[str] = frozenset()
    effective_from: date | None = None
    effective_to: date | None = None
    article: str = ""
    text: str = ""
    verification: str = "U"
    source: str = ""

    def in_force(self, on: date) -> bool:
        if self.effective_from and on < self.effective_from:
            return False
        return not (self.effective_to and on > self.effective_to)

    def covers(self, *, on: date, codes: frozenset[str], operation: str,
               from_country: str | None = None) -> bool:
        if not self.in_force(on):
            return False
        if self.codes and "*" not in self.codes and self.codes.isdisjoint(codes):
            return False
        if self.operations and operation not in self.operations \
                and operation[:1] not in self.operations:
            return False
        return not (self.from_countries and from_country is not None
                    and from_country not in self.from_countries)


def _split(value: str) -> frozenset[str]:
    return frozenset(part.strip().upper() for part in value.replace(";", " ").split()
                     if part.strip())


def load_national_rules(data_dir: Path = DATA_DIR) -> list[NationalRule]:
    path = data_dir / "national_rules.csv"
    if not path.exists():
        return []
    return [
        NationalRule(
            rule_id=row["rule_id"], country=row["country"], kind=row["kind"],
            codes=_split(row["codes"]), operations=_split(row["operations"]),
            from_countries=_split(row["from_countries"]),
            effective_from=parse_date(row["effective_from"]),
            effective_to=parse_date(row["effective_to"]), article=row["article"],
            text=row["text"], verification=row["verification"] or "U", source=row["source"])
        for row in read_table(path)
    ]


class NationalRules:
    """National rules indexed by (kind, country); art 11 agreements by state pair."""

    def __init__(self, rules: Iterable[NationalRule]) -> None:
        index: dict[tuple[str, str], list[NationalRule]] = defaultdict(list)
        pairs: dict[tuple[str, str], list[NationalRule]] = defaultdict(list)
        self.rules = tuple(rules)
        for rule in self.rules:
            if rule.kind not in KINDS:
                raise ValueError(f"national rule {rule.rule_id}: unknown kind {rule.kind!r}")
            index[(rule.kind, rule.country)].append(rule)
            if rule.kind == ART11_AGREEMENT:
                for partner in rule.from_countries:
                    pairs[(rule.country, partner)].append(rule)
                    pairs[(partner, rule.country)].append(rule)
        self._index = {k: tuple(v) for k, v in index.items()}
        self._pairs = {k: tuple(v) for k, v in pairs.items()}
        self.countries = frozenset(country for _, country in self._index)

    def of(self, kind: str, country: str) -> tuple[NationalRule, ...]:
        if country not in self.countries:
            return ()
        return self._index.get((kind, country), ())

    def agreements(self, a: str, b: str) -> tuple[NationalRule, ...]:
        return self._pairs.get((a, b), ())

    def change_dates(self) -> frozenset[date]:
        """Every date from which some rule may be in force when it was not the day before,
        or the other way round."""
        dates = set()
        for rule in self.rules:
            if rule.effective_from:
                dates.add(rule.effective_from)
            if rule.effective_to and rule.effective_to < date.max:
                dates.add(rule.effective_to + timedelta(days=1))
        return frozenset(dates)

    def __len__(self) -> int:
        return len(self.rules)
