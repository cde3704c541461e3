"""Is this declaration probably waste under control? From the HS code and the description.

Two data files drive the judgement, each row with its source:
- ``codes/data/hs_basel_correlation.csv``: HS code -> Basel entries, ``strong`` (the HS text
  itself describes the waste of that entry) or ``possible`` (waste of that entry may hide under
  the HS code, depending on composition, contamination or whether the goods still work);
- ``screening/data/waste_keywords.csv``: words that say "waste" (strong: scrap, déchets, 废,
  phế liệu …) or hint at it (weak: used, second-hand, household goods …) in many languages.

The rule: waste is *likely* when the HS code correlates strongly, or possibly and the
description says waste or used; a description that says waste under an HS code with no
correlation is a *possible misdeclaration*. Basel codes not in force on the date are dropped
(B3010 gave way to Y48/B3011/A3210 in 2021, A1180 to A1181 in 2025).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from tbmnet.codes import DATA_DIR as CODES_DATA_DIR
from tbmnet.codes import catalogue, read_table
from tbmnet.memory import remember

DATA_DIR = Path(__file__).parent / "data"
KEYWORDS_FILE = DATA_DIR / "waste_keywords.csv"
CORRELATION_FILE = CODES_DATA_DIR / "hs_basel_correlation.csv"

_SUBSTRING_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "LAO", "KHMER", "MYANMAR")


@dataclass(frozen=True, slots=True)
class Correlation:
    hs_code: str
    basel_code: str
    strength: str  # "strong" | "possible"
    note: str


@dataclass(frozen=True, slots=True)
class Keyword:
    keyword: str
    language: str
    strength: str  # "strong" | "weak"
    meaning: str


@dataclass(frozen=True, slots=True)
class WasteAssessment:
    """What the HS code and the description say about waste, for one declaration."""

    likely: bool
    hs_strength: str | None  # "strong" | "possible" | None
    correlations: tuple[Correlation, ...] = ()
    keywords: tuple[Keyword, ...] = ()
    possible_misdeclaration: bool = False

    @property
    def basel_codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.basel_code for c in self.correlations))

    @property
    def strong_keyword(self) -> bool:
        return any(k.strength == "strong" for k in self.keywords)

    def words(self) -> str:
        return ", ".join(f"'{k.keyword}' ({k.language}: {k.meaning})" for k in self.keywords)


def fold(text: str) -> str:
    """Lower case without accents (for Latin, Cyrillic, Arabic, Vietnamese words)."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold().replace("đ", "d"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _needs_substring(keyword: str) -> bool:
    return any(
        unicodedata.name(ch, "").startswith(_SUBSTRING_SCRIPTS) for ch in keyword if ch.isalpha()
    )


class KeywordMatcher:
    """Finds waste words in a description; word-bounded where the script has spaces."""

    def __init__(self, keywords: list[Keyword],
                 not_followed_by: dict[str, list[str]] | None = None) -> None:
        self.keywords = keywords
        # description -> words, remembered
        self._found: OrderedDict[str, tuple[Keyword, ...]] = OrderedDict()
        self._by_token: dict[str, Keyword] = {}
        self._substrings: list[tuple[str, Keyword]] = []
        self._token_re: re.Pattern[str] | None = None
        follow = not_followed_by or {}
        alternatives = []
        for kw in sorted(keywords, key=lambda k: -len(k.keyword)):
            if _needs_substring(kw.keyword):
                self._substrings.append((unicodedata.normalize("NFKC", kw.keyword.casefold()), kw))
                continue
            key = fold(kw.keyword)
            self._by_token[key] = kw
            pattern = re.escape(key).replace(r"\ ", r"\s+")
            blocked = follow.get(kw.keyword)
            if blocked:
                pattern += r"(?!\s+(?:" + "|".join(map(re.escape, blocked)) + r")\b)"
            alternatives.append(pattern)
        if alternatives:
            self._token_re = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")

    @classmethod
    def load(cls, path: Path = KEYWORDS_FILE) -> KeywordMatcher:
        keywords: list[Keyword] = []
        follow: dict[str, list[str]] = {}
        with path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                if not row["keyword"].strip() or not row["source"].strip():
                    raise ValueError(f"{path.name}, line {line}: keyword and source are required")
                if row["strength"] not in ("strong", "weak"):
                    raise ValueError(f"{path.name}, line {line}: strength is strong or weak")
                kw = Keyword(row["keyword"].strip(), row["language"], row["strength"],
                             row["meaning"])
                keywords.append(kw)
                if row["not_followed_by"].strip():
                    follow[kw.keyword] = row["not_followed_by"].split("|")
        return cls(keywords, follow)

    #: descriptions whose words are remembered (descriptions recur: "copper scrap")
    CACHE_SIZE = 65536

    def find(self, text: str) -> tuple[Keyword, ...]:
        """The waste words in `text`, each once, in the order found."""
        memory = self._found
        words = memory.get(text)
        if words is None:
            words = self._find(text)
            remember(memory, text, words, self.CACHE_SIZE)
        return words

    def _find(self, text: str) -> tuple[Keyword, ...]:
        found: dict[str, Keyword] = {}
        if self._token_re is not None:
            folded = fold(text)
            for variant in (folded, re.sub(r"[^\w\s'-]", " ", folded)):
                for match in self._token_re.finditer(variant):
                    kw = self._by_token.get(re.sub(r"\s+", " ", match.group(0)))
                    if kw is not None:
                        found.setdefault(kw.keyword, kw)
        if self._substrings:
            raw = unicodedata.normalize("NFKC", text.casefold())
            for key, kw in self._substrings:
                if key in raw:
                    found.setdefault(kw.keyword, kw)
        return tuple(found.values())


class CorrelationTable:
    """HS -> Basel entries; a 6-digit row wins over its 4-digit heading."""

    def __init__(self, rows: list[Correlation]) -> None:
        self._by_hs: dict[str, list[Correlation]] = {}
        for row in rows:
            self._by_hs.setdefault(row.hs_code, []).append(row)

    @classmethod
    def load(cls, path: Path = CORRELATION_FILE) -> CorrelationTable:
        return cls([Correlation(r["hs_code"], r["basel_code"], r["strength"], r["note"])
                    for r in read_table(path)])

    def lookup(self, hs_code: str, on: date | None = None) -> list[Correlation]:
        """Rows for the most specific level of `hs_code` that has any, in force on `on`."""
        for prefix in (hs_code[:6], hs_code[:4]):
            rows = self._by_hs.get(prefix)
            if rows:
                return [r for r in rows if on is None or _in_force(r.basel_code, on)]
        return []


@cache
def _in_force(code: str, on: date) -> bool:
    return any(v.in_force_on(on) for v in catalogue().versions(code))


class WasteJudge:
    """Combines the correlation table and the keywords into a `WasteAssessment`."""

    def __init__(self, table: CorrelationTable | None = None,
                 keywords: KeywordMatcher | None = None) -> None:
        self.table = table or CorrelationTable.load()
        self.keywords = keywords or KeywordMatcher.load()

    def assess(self, hs_code: str, description: str, on: date) -> WasteAssessment:
        rows = self.table.lookup(hs_code, on)
        words = self.keywords.find(description)
        strength = None
        if rows:
            strength = "strong" if any(r.strength == "strong" for r in rows) else "possible"
        likely = strength == "strong" or (strength == "possible" and bool(words))
        misdeclared = not rows and any(k.strength == "strong" for k in words)
        if strength == "strong":
            # Report the strong entries first: they are the ones the HS text names.
            rows = sorted(rows, key=lambda r: r.strength != "strong")
        return WasteAssessment(likely, strength, tuple(rows), words, misdeclared)
