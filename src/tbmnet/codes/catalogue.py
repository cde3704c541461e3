"""The code lists as one catalogue: dated lookups and ranked search.

Basel codes change by amendment (B3010 gave way to B3011/A3210/Y48 on 1 Jan 2021, decision
BC-14/12; A1180 to A1181 and B1110 to Y49 on 1 Jan 2025, decision BC-15/18), so a lookup takes
the date it answers for.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import pycountry

from .loader import DATA_DIR, parse_date, read_table


class UnknownCode(LookupError):
    """No list holds this code."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"unknown code {code!r}")


class CodeNotInForce(LookupError):
    """The code exists but is not in force on the date asked for."""

    def __init__(self, code: Code, on: date) -> None:
        self.code, self.on = code, on
        super().__init__(f"{code.code} is not in force on {on.isoformat()} ({code.validity})")


# list key -> (human name of the list, file)
LISTS: dict[str, tuple[str, str]] = {
    "basel_viii": ("Basel Convention Annex VIII (list A)", "basel_annex_viii.csv"),
    "basel_ix": ("Basel Convention Annex IX (list B)", "basel_annex_ix.csv"),
    "basel_y": ("Basel Convention Annexes I and II (Y codes)", "y_codes.csv"),
    "basel_h": ("Basel Convention Annex III (hazardous characteristics)", "h_codes.csv"),
    "operation": ("Basel Convention Annex IV (disposal and recovery operations)",
                  "operations.csv"),
    "bamako": ("Bamako Convention Annex I", "bamako_annex_i.csv"),
    "hs": ("Harmonized System 2022", "hs2022.csv"),
}
# Where a code stands in several lists, a plain lookup answers from the first of these.
LIST_PRECEDENCE = ("basel_viii", "basel_ix", "basel_y", "basel_h", "operation", "hs", "bamako")


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    list: str
    title: str
    source: str
    status: str = "in_force"
    effective_from: date | None = None
    effective_to: date | None = None
    verification: str = ""
    note: str = ""
    details: dict[str, str] = field(default_factory=dict)

    @property
    def list_name(self) -> str:
        return LISTS[self.list][0]

    @property
    def unverified(self) -> bool:
        """True where the reference file says the row was not checked against a primary text."""
        value = self.verification.lower()
        return value.startswith(("uncertain", "not_adopted")) or value == "u"

    @property
    def validity(self) -> str:
        if self.status == "not_adopted_draft":
            return "a draft entry, never adopted"
        start = self.effective_from.isoformat() if self.effective_from else "the start"
        end = self.effective_to.isoformat() if self.effective_to else "now"
        return f"in force from {start} to {end}"

    def in_force_on(self, day: date) -> bool:
        if self.status == "not_adopted_draft":
            return False
        if self.effective_from and day < self.effective_from:
            return False
        return not (self.effective_to and day > self.effective_to)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code, "list": self.list, "list_name": self.list_name,
            "title": self.title, "status": self.status,
            "effective_from": self.effective_from.isoformat() if self.effective_from else None,
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "verification": self.verification, "unverified": self.unverified,
            "note": self.note, "details": dict(self.details), "source": self.source,
        }


_COMMON = {"code", "title", "description", "characteristic", "status", "effective_from",
           "effective_to", "verification", "note", "source"}
_WORD = re.compile(r"[a-z0-9]+")


def normalise_code(value: str) -> str:
    """``a 1160`` → ``A1160``; ``8549.11`` → ``854911``; ``R 4`` → ``R4``; ``H6.1`` stays."""
    compact = re.sub(r"[\s\-]", "", value).upper()
    digits = compact.replace(".", "")
    return digits if digits.isdigit() else compact


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _WORD.findall(folded)


def _code_from_row(list_key: str, row: dict[str, str]) -> Code:
    title = row.get("title") or row.get("description") or row.get("characteristic") or ""
    return Code(
        code=row["code"], list=list_key, title=title, source=row["source"],
        status=row.get("status") or "in_force",
        effective_from=parse_date(row.get("effective_from", "")),
        effective_to=parse_date(row.get("effective_to", "")),
        verification=row.get("verification", ""), note=row.get("note", ""),
        details={k: v for k, v in row.items() if k not in _COMMON and v},
    )


@dataclass(frozen=True, slots=True)
class SearchHit:
    code: Code
    score: float


class Catalogue:
    """Every code of every list, with dated lookup and ranked full-text search."""

    def __init__(self, codes: list[Code]) -> None:
        self._by_code: dict[str, list[Code]] = defaultdict(list)
        for code in codes:
            self._by_code[code.code].append(code)
        rank = {key: i for i, key in enumerate(LIST_PRECEDENCE)}
        for versions in self._by_code.values():
            versions.sort(key=lambda c: (rank[c.list], c.effective_from or date.min))
        self._codes = codes
        self._position = {id(code): i for i, code in enumerate(codes)}
        self._postings: dict[str, set[int]] = defaultdict(set)
        for i, code in enumerate(codes):
            text = " ".join([code.code, code.title, code.details.get("sub_items", "")])
            for word in set(_words(text)):
                self._postings[word].add(i)
        self._vocabulary = sorted(self._postings)
        self._idf = {w: math.log(1 + len(codes) / len(ids)) for w, ids in self._postings.items()}

    def __len__(self) -> int:
        return len(self._codes)

    def __iter__(self):
        return iter(self._codes)

    def versions(self, code: str, list: str | None = None) -> list[Code]:
        """Every dated version of a code, in every list (or the one named)."""
        found = self._by_code.get(normalise_code(code), [])
        return [c for c in found if list is None or c.list == list]

    def get(self, code: str, *, on: date | None = None, list: str | None = None) -> Code:
        """The code (in force on ``on``, when given); raises UnknownCode or CodeNotInForce."""
        versions = self.versions(code, list)
        if not versions:
            raise UnknownCode(code)
        if on is None:
            return next((c for c in versions if c.status != "not_adopted_draft"), versions[0])
        for version in versions:
            if version.in_force_on(on):
                return version
        raise CodeNotInForce(versions[-1], on)

    def __contains__(self, code: str) -> bool:
        return bool(self.versions(code))

    def in_list(self, list: str) -> list[Code]:
        return [c for c in self._codes if c.list == list]

    def search(self, query: str, *, limit: int = 10, list: str | None = None) -> list[SearchHit]:
        """Codes ranked by how well they match ``query``: the code itself first, then words.

        Every word of the query must appear (the last one may be a prefix); rarer words
        weigh more (idf).
        """
        scores: dict[int, float] = defaultdict(float)
        exact = normalise_code(query)
        for code in self._by_code.get(exact, []):
            scores[self._position[id(code)]] += 100.0
        words = _words(query)
        if words:
            matched: set[int] | None = None
            weights: dict[int, float] = defaultdict(float)
            for position, word in enumerate(words):
                ids: set[int] = set()
                candidates = [word]
                if position == len(words) - 1 and len(word) >= 2:
                    candidates = self._prefixed(word)
                for candidate in candidates:
                    for i in self._postings.get(candidate, ()):
                        if i not in ids:
                            ids.add(i)
                            weights[i] += self._idf[candidate] * (1.0 if candidate == word else 0.6)
                matched = ids if matched is None else matched & ids
            for i in matched or ():
                title_words = set(_words(self._codes[i].title))
                bonus = sum(0.5 for word in words if word in title_words)
                if self._codes[i].list != "hs":  # a waste list answers before a tariff line
                    bonus += 1.0
                scores[i] += weights[i] + bonus - 0.001 * len(title_words)
        hits = [SearchHit(self._codes[i], s) for i, s in scores.items()
                if list is None or self._codes[i].list == list]
        hits.sort(key=lambda h: (-h.score, h.code.code))
        return hits[:limit]

    def _prefixed(self, prefix: str) -> list[str]:
        start = bisect_left(self._vocabulary, prefix)
        out = []
        for word in self._vocabulary[start:]:
            if not word.startswith(prefix):
                break
            out.append(word)
        return out


def load_catalogue(data_dir: Path = DATA_DIR) -> Catalogue:
    """Read and validate every code list; raises ReferenceDataError on a malformed file."""
    codes = [
        _code_from_row(list_key, row)
        for list_key, (_, file) in LISTS.items()
        for row in read_table(data_dir / file)
    ]
    return Catalogue(codes)


@cache
def catalogue() -> Catalogue:
    """The packaged catalogue, loaded once per process."""
    return load_catalogue()


class UnknownCountry(LookupError):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"unknown country {code!r} (expected an ISO 3166-1 alpha-2 code)")


# Not in ISO 3166-1 but a party in its own right (Basel: the European Union, approval 1994).
_EXTRA_COUNTRIES = {"EU": "European Union"}


def country_name(code: str) -> str:
    """The English short name of an ISO 3166-1 alpha-2 code; raises UnknownCountry."""
    code = (code or "").strip().upper()
    if code in _EXTRA_COUNTRIES:
        return _EXTRA_COUNTRIES[code]
    found = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    if found is None:
        raise UnknownCountry(code)
    return getattr(found, "common_name", None) or found.name
