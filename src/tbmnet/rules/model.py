"""Plain dataclasses in and out of the legality engine (no Django)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# The fixed words of the contract (issue 3): never rename, only add.
PROHIBITED = "prohibited"
CONSENT_REQUIRED = "consent_required"
NOT_CONTROLLED = "not_controlled"

HAZARDOUS = "hazardous"
OTHER = "other"
NON_HAZARDOUS = "non_hazardous"
RADIOACTIVE = "radioactive"

# What a reason does to the verdict (internal precedence: prohibits > requires_consent).
PROHIBITS = "prohibits"
REQUIRES_CONSENT = "requires_consent"
EXEMPTS = "exempts"
INFORMS = "informs"

INSTRUMENT_NAMES = {
    "basel": "Basel Convention",
    "basel_ban": "Basel Convention (Ban Amendment)",
    "bamako": "Bamako Convention",
    "waigani": "Waigani Convention",
    "oecd": "OECD Decision C(2001)107/FINAL",
    "national": "National law",
    "iaea": "IAEA Code of Practice (1990)",
}


@dataclass(frozen=True, slots=True)
class Waste:
    basel_codes: tuple[str, ...] = ()
    y_codes: tuple[str, ...] = ()
    h_codes: tuple[str, ...] = ()
    oecd_codes: tuple[str, ...] = ()
    hs_codes: tuple[str, ...] = ()
    radioactive: bool = False
    description: str = ""


@dataclass(frozen=True, slots=True)
class Proposal:
    """One proposed movement: what, from where, through where, to where, for what, when."""

    waste: Waste
    state_of_export: str
    state_of_import: str
    operation: str
    date: date
    states_of_transit: tuple[str, ...] = ()


class Reason:
    """Why: the rule, the instrument and article that say so, and how sure the facts are.

    ``confidence`` is the weakest tag of the facts relied on (V checked against the text,
    S secondary source, U unverified); ``verified`` is False when it is U.

    The text may be given as a ``str.format`` template with its arguments (``args``): it is
    then rendered the first time ``text`` is read, so a verdict whose reasons are never
    shown never pays for formatting them. Construction, equality and repr are those of the
    plain dataclass this used to be (not frozen: a frozen ``__init__`` is slow on the hot
    path).
    """

    __slots__ = ("rule", "instrument", "article", "_text", "_args", "effect", "confidence")
    __match_args__ = ("rule", "instrument", "article", "text", "effect", "confidence")
    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    def __init__(self, rule: str, instrument: str, article: str, text: str,
                 effect: str = INFORMS, confidence: str = "S",
                 args: tuple[object, ...] | None = None) -> None:
        self.rule = rule
        self.instrument = instrument
        self.article = article
        self._text = text
        self._args = args
        self.effect = effect
        self.confidence = confidence

    @property
    def text(self) -> str:
        args = self._args
        if args is not None:
            self._text = self._text.format(*args)
            self._args = None
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text, self._args = value, None

    @property
    def verified(self) -> bool:
        return self.confidence != "U"

    def _fields(self) -> tuple:
        return (self.rule, self.instrument, self.article, self.text, self.effect,
                self.confidence)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        return (f"Reason(rule={self.rule!r}, instrument={self.instrument!r}, "
                f"article={self.article!r}, text={self.text!r}, effect={self.effect!r}, "
                f"confidence={self.confidence!r})")

    def as_dict(self) -> dict:
        return {"rule": self.rule, "instrument": self.instrument, "article": self.article,
                "text": self.text, "effect": self.effect, "verified": self.confidence != "U",
                "confidence": self.confidence}


@dataclass(frozen=True, slots=True)
class Deadline:
    """One time limit a procedure implies (for the PIC module), with its citation."""

    step: str
    days: int | None
    unit: str  # "days", "working_days", "months", "none"
    starts: str
    instrument: str
    article: str
    confidence: str
    text: str
    state: str | None = None  # the state it binds, where it is one state's clock

    def as_dict(self) -> dict:
        out = {"step": self.step, "days": self.days, "unit": self.unit, "starts": self.starts,
               "instrument": self.instrument, "article": self.article,
               "verified": self.confidence != "U", "confidence": self.confidence,
               "text": self.text}
        if self.state is not None:
            out["state"] = self.state
        return out


@dataclass(slots=True)  # not frozen: frozen __init__ is slow on the hot path
class Verdict:
    verdict: str
    procedures: tuple[str, ...]
    classification: str
    reasons: tuple[Reason, ...]
    deadlines: dict[str, tuple[Deadline, ...]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"verdict": self.verdict, "procedures": list(self.procedures),
                "classification": self.classification,
                "reasons": [r.as_dict() for r in self.reasons],
                "deadlines": {k: [d.as_dict() for d in v] for k, v in self.deadlines.items()}}


class ProposalError(ValueError):
    """A proposal the engine cannot judge; ``field`` names what is wrong, with the value."""

    def __init__(self, field: str, message: str) -> None:
        self.field, self.message = field, message
        super().__init__(f"{field}: {message}")

    def as_dict(self) -> dict:
        return {"error": {"field": self.field, "message": self.message}}
