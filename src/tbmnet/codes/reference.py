"""Reference tables other than code lists: instruments, parties, authorities, border points.

Party lists are partial and dated (see ``data/PARTIES_SOURCES.md``); every row keeps its source
and verification tag (V checked against a primary text, S secondary source, U unverified).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from .loader import DATA_DIR, parse_date, read_table


@dataclass(frozen=True, slots=True)
class Instrument:
    key: str
    name: str
    adopted: date | None
    entry_into_force: date | None
    depositary: str
    verification: str
    source: str


@dataclass(frozen=True, slots=True)
class PartyStatus:
    """One state's standing under one instrument (``role``: party, non_party, member, …)."""

    instrument: str
    country: str
    role: str
    date_of_effect: date | None
    as_of: date | None
    verification: str
    source: str
    note: str = ""

    @property
    def unverified(self) -> bool:
        return self.verification == "U"


@dataclass(frozen=True, slots=True)
class CompetentAuthority:
    country: str
    code: str
    name: str
    abbreviation: str
    region: str
    source: str


@dataclass(frozen=True, slots=True)
class BorderPoint:
    country: str
    name: str
    source: str


def load_instruments(data_dir: Path = DATA_DIR) -> dict[str, Instrument]:
    return {
        row["key"]: Instrument(
            key=row["key"], name=row["name"], adopted=parse_date(row["adopted"]),
            entry_into_force=parse_date(row["entry_into_force"]), depositary=row["depositary"],
            verification=row["verification"], source=row["source"])
        for row in read_table(data_dir / "instruments.csv")
    }


def load_parties(data_dir: Path = DATA_DIR) -> list[PartyStatus]:
    return [
        PartyStatus(
            instrument=row["instrument"], country=row["country"], role=row["role"],
            date_of_effect=parse_date(row["date_of_effect"]), as_of=parse_date(row["as_of"]),
            verification=row["verification"], source=row["source"], note=row["note"])
        for row in read_table(data_dir / "parties.csv")
    ]


def load_competent_authorities(data_dir: Path = DATA_DIR) -> list[CompetentAuthority]:
    return [CompetentAuthority(**row) for row in read_table(data_dir / "competent_authorities.csv")]


def load_border_points(data_dir: Path = DATA_DIR) -> list[BorderPoint]:
    return [BorderPoint(**row) for row in read_table(data_dir / "entry_exit_points.csv")]


@cache
def instruments() -> dict[str, Instrument]:
    return load_instruments()


@cache
def parties() -> tuple[PartyStatus, ...]:
    return tuple(load_parties())
