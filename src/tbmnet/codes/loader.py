"""Read and validate the reference data files in ``tbmnet/codes/data``.

Every file declares its columns here. A file with an unknown or missing column, a duplicate key,
a bad date or a malformed code is refused with a ``ReferenceDataError`` naming the file and line.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


class ReferenceDataError(ValueError):
    """A reference data file is malformed; ``file`` and ``line`` say where."""

    def __init__(self, file: str, line: int, message: str) -> None:
        self.file, self.line, self.message = file, line, message
        super().__init__(f"{file}, line {line}: {message}")


@dataclass(frozen=True)
class TableSchema:
    """Columns of one reference file: which must be there, which may, and which form the key."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    key: tuple[str, ...] = ("code",)
    dates: tuple[str, ...] = ()
    patterns: dict[str, str] = field(default_factory=dict)
    not_empty: tuple[str, ...] = ("source",)


_A = r"A\d{4}"
_B = r"B\d{4}"
_Y = r"Y\d{1,2}"
_ISO2 = r"[A-Z]{2}"
_VERSIONED = ("code", "effective_from")  # a code may have several dated versions
_VALIDITY = ("effective_from", "effective_to")
_CODE_FILE = ("code", "title", "sub_items", "related_entries", "section", "status",
              "effective_from", "effective_to", "note", "verification", "source")

SCHEMAS: dict[str, TableSchema] = {
    "basel_annex_viii.csv": TableSchema(
        required=_CODE_FILE, key=_VERSIONED, dates=_VALIDITY, patterns={"code": _A}),
    "basel_annex_ix.csv": TableSchema(
        required=_CODE_FILE, key=_VERSIONED, dates=_VALIDITY, patterns={"code": _B}),
    "y_codes.csv": TableSchema(
        required=("code", "title", "annex_group", "status", "effective_from", "note",
                  "verification", "source"),
        optional=("effective_to",), key=_VERSIONED, dates=_VALIDITY, patterns={"code": _Y}),
    "h_codes.csv": TableSchema(
        required=("un_class", "code", "characteristic", "definition_summary", "note", "source"),
        patterns={"code": r"H\d{1,2}(\.\d)?"}),
    "operations.csv": TableSchema(
        required=("code", "title", "basel_section", "interim_eu_1013_2006",
                  "interim_eu_2024_1157", "ban_amendment_annex", "note", "source"),
        patterns={"code": r"[DR]\d{1,2}"}),
    "bamako_annex_i.csv": TableSchema(
        required=("code", "title", "group", "verification", "note", "source"),
        patterns={"code": _Y}),
    "hs2022.csv": TableSchema(
        required=("code", "description", "parent", "level", "section", "source"),
        patterns={"code": r"\d{2}(\d{2}){0,2}|\d{5}"}),
    "competent_authorities.csv": TableSchema(
        required=("country", "code", "name", "abbreviation", "region", "source"),
        key=("country", "code", "name"), patterns={"country": _ISO2}),
    "entry_exit_points.csv": TableSchema(
        required=("country", "name", "source"), key=("country", "name"),
        patterns={"country": _ISO2}),
    "instruments.csv": TableSchema(
        required=("key", "name", "adopted", "entry_into_force", "depositary", "verification",
                  "source"),
        key=("key",), dates=("adopted", "entry_into_force")),
    "parties.csv": TableSchema(
        required=("instrument", "country", "role", "date_of_effect", "as_of", "verification",
                  "source", "note"),
        key=("instrument", "country", "role"), dates=("date_of_effect", "as_of"),
        patterns={"country": _ISO2, "verification": r"[VSU]"}),
    "hs_basel_correlation.csv": TableSchema(
        required=("hs_code", "basel_code", "strength", "note", "source"),
        key=("hs_code", "basel_code"), patterns={"hs_code": r"\d{4}(\d{2})?"}),
    "national_rules.csv": TableSchema(
        required=("rule_id", "country", "kind", "codes", "operations", "from_countries",
                  "effective_from", "effective_to", "article", "text", "verification", "source"),
        key=("rule_id",), dates=("effective_from", "effective_to"),
        # kinds the legality engine honours (tbmnet.rules.tables.KINDS)
        patterns={"country": _ISO2, "verification": r"[VSU]",
                  "kind": r"import_prohibition|export_prohibition|transit_prohibition|"
                          r"hazardous_definition|transit_no_written_consent|art11_agreement"}),
}


def parse_date(value: str) -> date | None:
    """An ISO date, or None for an empty field; raises ValueError on anything else."""
    value = value.strip()
    return date.fromisoformat(value) if value else None


def read_table(path: Path, schema: TableSchema | None = None) -> list[dict[str, str]]:
    """Read one CSV file, validated against its schema; rows come back as stripped strings."""
    name = path.name
    schema = schema or SCHEMAS.get(name)
    if schema is None:
        raise ReferenceDataError(name, 0, "no schema is declared for this file")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = [column.strip() for column in next(reader)]
        except StopIteration:
            raise ReferenceDataError(name, 1, "the file is empty") from None
        _check_header(name, header, schema)
        return list(_rows(name, header, reader, schema))


def _check_header(name: str, header: list[str], schema: TableSchema) -> None:
    allowed = set(schema.required) | set(schema.optional)
    unknown = [column for column in header if column not in allowed]
    if unknown:
        raise ReferenceDataError(name, 1, f"unknown column(s): {', '.join(unknown)}")
    missing = [column for column in schema.required if column not in header]
    if missing:
        raise ReferenceDataError(name, 1, f"missing column(s): {', '.join(missing)}")
    if len(set(header)) != len(header):
        raise ReferenceDataError(name, 1, "a column is named twice")


def _rows(name: str, header: list[str], reader: Iterator[list[str]],
          schema: TableSchema) -> Iterator[dict[str, str]]:
    seen: dict[tuple[str, ...], int] = {}
    patterns = {column: re.compile(pattern) for column, pattern in schema.patterns.items()}
    for line, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            raise ReferenceDataError(
                name, line, f"expected {len(header)} fields, found {len(values)}")
        row = {column: value.strip() for column, value in zip(header, values, strict=True)}
        for column in schema.optional:
            row.setdefault(column, "")
        for column in schema.not_empty:
            if column in row and not row[column]:
                raise ReferenceDataError(name, line, f"'{column}' is empty")
        for column, pattern in patterns.items():
            if row[column] and not pattern.fullmatch(row[column]):
                raise ReferenceDataError(name, line, f"'{column}' is malformed: {row[column]!r}")
        for column in schema.dates:
            try:
                parse_date(row[column])
            except ValueError:
                raise ReferenceDataError(
                    name, line, f"'{column}' is not a date (YYYY-MM-DD): {row[column]!r}"
                ) from None
        key = tuple(row[column] for column in schema.key)
        if key in seen:
            raise ReferenceDataError(
                name, line, f"duplicate {'/'.join(schema.key)} {'/'.join(key)} "
                f"(first on line {seen[key]})")
        seen[key] = line
        yield row
