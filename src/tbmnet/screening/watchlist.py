"""Watchlist rows: validation of a file or of rows given by the API.

Columns: ``entity_id, kind, name, aliases, address, country, identifiers, source``; aliases
and identifiers are ``|``-separated (or lists, from the API). A row with a missing or
malformed field is reported with its line and field and left out; the caller stores
nothing unless every row was accepted (the store is the database: ``tbmnet.apps.customs``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from tbmnet.matching import Entity

COLUMNS = ("entity_id", "kind", "name", "aliases", "address", "country", "identifiers",
           "source")
REQUIRED = ("entity_id", "kind", "name", "source")
KINDS = ("company", "person", "vessel", "container", "aircraft")


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.message}"


@dataclass
class WatchlistFile:
    entities: list[Entity]
    errors: list[RowError]
    rows: int


def _split(value) -> tuple[str, ...]:
    if isinstance(value, list | tuple):
        return tuple(str(part).strip() for part in value if str(part).strip())
    return tuple(part.strip() for part in str(value or "").split("|") if part.strip())


def parse_rows(rows: Iterable[Mapping[str, object]], *, first_line: int = 2) -> WatchlistFile:
    """Entities of watchlist rows (line numbers count from ``first_line``), and refusals."""
    entities: list[Entity] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    count = 0
    for line, row in enumerate(rows, start=first_line):
        count += 1
        values = {c: row.get(c) or "" for c in COLUMNS}
        values.update({c: str(values[c]).strip() for c in COLUMNS
                       if c not in ("aliases", "identifiers")})
        error = _check(values, seen, line)
        if error is not None:
            errors.append(error)
            continue
        seen[values["entity_id"]] = line
        entities.append(Entity(
            entity_id=values["entity_id"], kind=values["kind"].lower(), name=values["name"],
            aliases=_split(values["aliases"]), address=values["address"] or None,
            country=values["country"].upper() or None,
            identifiers=_split(values["identifiers"]), source=values["source"]))
    return WatchlistFile(entities, errors, count)


def read_watchlist(path: Path) -> WatchlistFile:
    """Entities of a watchlist CSV, and the rows refused with the reason."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [h.strip() for h in reader.fieldnames or ()]
        missing = [c for c in REQUIRED if c not in header]
        unknown = [c for c in header if c not in COLUMNS]
        if missing or unknown:
            what = (f"missing column(s) {', '.join(missing)}" if missing
                    else f"unknown column(s) {', '.join(unknown)}")
            return WatchlistFile([], [RowError(1, (missing or unknown)[0], what)], 0)
        reader.fieldnames = header
        return parse_rows(reader)


def _check(values: dict[str, str], seen: dict[str, int], line: int) -> RowError | None:
    for column in REQUIRED:
        if not values[column]:
            return RowError(line, column, "is required")
    if values["kind"].lower() not in KINDS:
        return RowError(line, "kind", f"one of {', '.join(KINDS)}, not {values['kind']!r}")
    country = values["country"]
    if country and not (len(country) == 2 and country.isalpha()):
        return RowError(line, "country", f"an ISO 3166 alpha-2 code, not {country!r}")
    if values["entity_id"] in seen:
        return RowError(line, "entity_id", f"{values['entity_id']!r} is already on line "
                        f"{seen[values['entity_id']]}")
    return None
