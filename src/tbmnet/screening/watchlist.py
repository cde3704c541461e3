"""Watchlist files: validation, and a file store under var/ until the intelligence app holds them.

Columns: ``entity_id, kind, name, aliases, address, country, identifiers, source``; aliases
and identifiers are ``|``-separated. A row with a missing or malformed field is reported with
its line and field and left out; nothing is written unless the whole file was read.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tbmnet.matching import Entity

COLUMNS = ("entity_id", "kind", "name", "aliases", "address", "country", "identifiers",
           "source")
REQUIRED = ("entity_id", "kind", "name", "source")
KINDS = ("company", "person", "vessel", "container", "aircraft")


def default_store_path() -> Path:
    """var/screening/watchlist.csv under the project root (TBMNET_HOME overrides the root)."""
    home = os.environ.get("TBMNET_HOME")
    root = Path(home) if home else Path(__file__).resolve().parents[3]
    return root / "var" / "screening" / "watchlist.csv"


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


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def read_watchlist(path: Path) -> WatchlistFile:
    """Entities of a watchlist CSV, and the rows refused with the reason."""
    entities: list[Entity] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    rows = 0
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
        for line, row in enumerate(reader, start=2):
            rows += 1
            values = {c: (row.get(c) or "").strip() for c in COLUMNS}
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
    return WatchlistFile(entities, errors, rows)


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


def write_watchlist(path: Path, entities: Iterable[Entity]) -> None:
    """Write entities as a watchlist CSV, atomically (a temporary file renamed over it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".watchlist-", suffix=".csv")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(COLUMNS)
            for e in entities:
                writer.writerow([e.entity_id, e.kind, e.name, "|".join(e.aliases),
                                 e.address or "", e.country or "", "|".join(e.identifiers),
                                 e.source])
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    unchanged: int
    total: int


def import_into_store(entities: list[Entity], store: Path) -> ImportSummary:
    """Merge `entities` into the store file by entity_id (the imported row wins)."""
    current: dict[str, Entity] = {}
    if store.exists():
        existing = read_watchlist(store)
        current = {e.entity_id: e for e in existing.entities}
    added = updated = unchanged = 0
    for entity in entities:
        old = current.get(entity.entity_id)
        if old is None:
            added += 1
        elif old == entity:
            unchanged += 1
        else:
            updated += 1
        current[entity.entity_id] = entity
    write_watchlist(store, current.values())
    return ImportSummary(added, updated, unchanged, len(current))
