"""Screen one customs declaration: consent, waste, legality, watchlist, risk profiles.

`Screener.screen(declaration)` answers the JSON of issue 6:
``{"declaration_id", "decision", "risk", "matched_notification", "matched_movement",
"flags": [{"code", "detail", ...}]}``.

Risk: each flag carries a weight in 0..1; the risk is ``100 × (1 − Π(1 − weight))`` rounded,
so independent reasons add up without passing 100. The decision follows the risk
(``RISK_BANDS``), but never falls below the floor of its gravest flag (a prohibited movement is
held whatever else is known).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Protocol

import numpy as np
from rapidfuzz.fuzz import ratio
from rapidfuzz.process import cdist

from tbmnet.matching import (
    DEFAULT_THRESHOLD,
    Entity,
    Hit,
    WatchlistIndex,
    country_code,
    normalise_name,
)
from tbmnet.memory import remember
from tbmnet.screening.consents import VALID_STATUSES, ConsentIndex, ConsentRecord
from tbmnet.screening.declaration import Declaration, DeclarationError, parse
from tbmnet.screening.legality import CONSENT_REQUIRED, PROHIBITED, CodeVerdict, Legality
from tbmnet.screening.profiles import ProfileContext, RiskProfile, evaluate
from tbmnet.screening.waste import WasteAssessment, WasteJudge

DECISIONS = ("release", "check_documents", "inspect", "hold")
#: (minimum risk, decision), highest first.
RISK_BANDS = ((80, "hold"), (50, "inspect"), (20, "check_documents"), (0, "release"))
#: flag code -> (weight 0..1, the lowest decision the flag allows)
FLAG_RULES: dict[str, tuple[float, str]] = {
    "prohibited": (0.9, "hold"),
    "no_consent": (0.6, "inspect"),
    "unknown_notification": (0.6, "inspect"),
    "consent_expired": (0.55, "inspect"),
    "consent_not_valid": (0.55, "inspect"),
    "quantity_exceeds_consent": (0.4, "check_documents"),
    "route_mismatch": (0.4, "check_documents"),
    "party_mismatch": (0.35, "check_documents"),
    "hs_mismatch": (0.3, "check_documents"),
    "movement_not_announced": (0.3, "check_documents"),
    "possible_misdeclaration": (0.3, "check_documents"),
    "consent_not_cited": (0.15, "check_documents"),
    "watchlist_hit": (0.75, "check_documents"),  # × the match score
    "risk_profile": (1.0, "release"),  # × the profile's weight / 100
}
#: Name similarity (0..1) below which a declared party is not the consent's party.
PARTY_THRESHOLD = 0.85
#: Watchlist hits flagged per declared party (the best ones).
HITS_PER_PARTY = 3
#: A watchlist hit at or above this score is inspected, not only checked.
WATCHLIST_INSPECT_SCORE = 0.95


class NameMatcher(Protocol):
    def match(self, name: str, *, address: str | None = None, country: str | None = None,
              kind: str | None = None, identifiers: Iterable[str] = (), limit: int = 5,
              threshold: float = DEFAULT_THRESHOLD) -> list[Hit]: ...


@dataclass
class Watchlist:
    """A name matcher and the entities it returns, by id.

    ``audiences`` limits who may see an entity (its sharing level, FIRST TLP 2.0): entity id
    -> the audience tokens (e.g. ``"org:12"``, ``"state:MY"``) of which a viewer must hold
    one. An entity without an entry is seen by everyone.
    """

    matcher: NameMatcher
    entities: dict[str, Entity]
    audiences: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, entities: Iterable[Entity],
              audiences: dict[str, frozenset[str]] | None = None) -> Watchlist:
        entities = list(entities)
        return cls(WatchlistIndex.build(entities), {e.entity_id: e for e in entities},
                   dict(audiences or {}))

    def visible(self, entity_id: str, viewer: frozenset[str] | None) -> bool:
        """Whether a viewer holding these tokens may see the entity; ``None`` is a viewer
        without limits (an offline file screened by its owner, a benchmark)."""
        audience = self.audiences.get(entity_id)
        return audience is None or viewer is None or not audience.isdisjoint(viewer)


@dataclass(frozen=True, slots=True)
class Flag:
    code: str
    detail: str
    weight: float
    extra: Mapping[str, object] = field(default_factory=dict)
    min_decision: str | None = None

    @property
    def floor(self) -> str:
        return self.min_decision or FLAG_RULES.get(self.code, (0.0, "release"))[1]

    def as_dict(self) -> dict:
        return {"code": self.code, "detail": self.detail, **self.extra}


def _flag(code: str, detail: str, factor: float = 1.0, *, min_decision: str | None = None,
          **extra: object) -> Flag:
    return Flag(code, detail, round(FLAG_RULES[code][0] * factor, 4), extra, min_decision)


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    declaration_id: str
    decision: str
    risk: int
    matched_notification: str | None
    matched_movement: str | None
    flags: tuple[Flag, ...]

    def as_dict(self) -> dict:
        return {"declaration_id": self.declaration_id, "decision": self.decision,
                "risk": self.risk, "matched_notification": self.matched_notification,
                "matched_movement": self.matched_movement,
                "flags": [f.as_dict() for f in self.flags]}


def decide(flags: Sequence[Flag]) -> tuple[int, str]:
    """Risk 0..100 and decision from the flags."""
    keep = 1.0
    for f in flags:
        keep *= 1.0 - min(max(f.weight, 0.0), 1.0)
    risk = round(100 * (1.0 - keep))
    decision = next(d for floor, d in RISK_BANDS if risk >= floor)
    for f in flags:
        if DECISIONS.index(f.floor) > DECISIONS.index(decision):
            decision = f.floor
    return risk, decision


_NOT_ALNUM_RE = re.compile(r"[\W_]+")


def _party_key(name: str) -> str:
    """A party's name without case, spaces or punctuation: how a declaration most often
    writes a consent's party otherwise ("Sdn. Bhd." for "Sdn Bhd")."""
    return _NOT_ALNUM_RE.sub("", name.casefold())


@lru_cache(maxsize=65536)
def name_similarity(a: str, b: str) -> float:
    """0..1: the better of word-order-free and spacing-free ratios on normalised names
    (remembered: a consent's parties are compared with every declaration under it)."""
    na, nb = normalise_name(a), normalise_name(b)
    if not na.tokens or not nb.tokens:
        return 0.0
    return max(ratio(na.sorted_key, nb.sorted_key), ratio(na.joined_key, nb.joined_key)) / 100


def _day(d: date) -> str:
    return d.isoformat()


class Screener:
    """Everything screening needs, loaded once; `screen` is then pure and fast."""

    def __init__(self, *, consents: ConsentIndex | Iterable[ConsentRecord] = (),
                 watchlist: Watchlist | None = None,
                 profiles: Iterable[RiskProfile] = (),
                 legality: Legality | None = None,
                 waste: WasteJudge | None = None,
                 known_exporters: Iterable[str] = (),
                 remember_exporters: bool = True,
                 watchlist_threshold: float = DEFAULT_THRESHOLD,
                 name_cache_size: int = 131072) -> None:
        self.consents = consents if isinstance(consents, ConsentIndex) else ConsentIndex(consents)
        self.watchlist = watchlist
        self.profiles = tuple(profiles)
        self.legality = legality or Legality()
        self.waste = waste or WasteJudge()
        self.remember_exporters = remember_exporters
        self.watchlist_threshold = watchlist_threshold
        #: party queries whose watchlist hits are remembered (0: ask the matcher every time)
        self.name_cache_size = name_cache_size
        self._hits_of: NameMatcher | None = None
        self._hits: OrderedDict[tuple, tuple[Hit, ...]] = OrderedDict()
        # A consent's parties come back with each shipment under it: their hits are kept
        # apart, where one-off traders cannot push them out.
        self._party_hits_kept: OrderedDict[tuple, tuple[Hit, ...]] = OrderedDict()
        self._parties: set[str] = set()
        self._known: set[str] = set()
        for consent in self.consents.records():
            self._learn(consent)
        for name in known_exporters:
            self._known.add(normalise_name(name).sorted_key)

    def update_consents(self, consents: Iterable[ConsentRecord]) -> None:
        """Put new or changed consents in place (``ConsentIndex.add``) while other threads
        may be screening."""
        for consent in consents:
            self.consents.add(consent)
            self._learn(consent)

    def _learn(self, consent: ConsentRecord) -> None:
        """Know a consent's parties: its notifier as an exporter seen before, and both as
        parties whose watchlist hits are kept (`_party_hits`)."""
        self._parties.update(map(_party_key, (consent.notifier_name, consent.consignee_name)))
        self._known.add(normalise_name(consent.notifier_name).sorted_key)

    # -- entry points -------------------------------------------------------------------

    def screen_row(self, row: Mapping[str, object], *,
                   viewer: frozenset[str] | None = None) -> dict:
        """Parse and screen one CSV row or JSON object; a malformed one answers its error."""
        try:
            declaration = parse(row)
        except DeclarationError as exc:
            return exc.as_dict()
        return self.screen(declaration, viewer=viewer).as_dict()

    def screen(self, d: Declaration, *, viewer: frozenset[str] | None = None
               ) -> ScreeningResult:
        """Screen one declaration; watchlist entities ``viewer`` may not see (their sharing
        level) neither flag nor show (``Watchlist.visible``)."""
        flags: list[Flag] = []
        consent, movement = self._consent(d, flags)
        self._waste(d, consent, flags)
        self._watchlist(d, flags, viewer)
        self._profiles(d, flags, _screening_state(d, viewer))
        flags.sort(key=lambda f: -f.weight)
        risk, decision = decide(flags)
        return ScreeningResult(d.declaration_id, decision, risk,
                               consent.notification_number if consent else None, movement,
                               tuple(flags))

    # -- 1. consent ---------------------------------------------------------------------

    def _consent(self, d: Declaration,
                 flags: list[Flag]) -> tuple[ConsentRecord | None, str | None]:
        consent = None
        if d.notification_number:
            consent = self.consents.get(d.notification_number)
            if consent is None:
                flags.append(_flag(
                    "unknown_notification",
                    f"Notification {d.notification_number} is not known to TBMnet: no consent "
                    f"with this number exists. Ask the declarant for the consent document and "
                    f"verify it with the competent authority of {d.state_of_import}.",
                    notification_number=d.notification_number))
                return None, None
        elif d.movement_id:
            consent = self.consents.by_movement(d.movement_id)
            if consent is None:
                flags.append(_flag(
                    "unknown_notification",
                    f"Movement {d.movement_id} is not recorded under any consent, and no "
                    f"notification number is declared. Ask for the movement document.",
                    movement_id=d.movement_id))
                return None, None
        else:
            consent = self._likely_consent(d)
            if consent is None:
                return None, None
            flags.append(_flag(
                "consent_not_cited",
                f"No notification is declared, but consent {consent.notification_number} "
                f"({consent.notifier_name} → {consent.consignee_name}, {consent.state_of_export}"
                f" → {consent.state_of_import}) seems to cover it. Ask the declarant to cite it "
                f"and produce the movement document.",
                notification_number=consent.notification_number))
        movement = self._movement(d, consent, flags)
        self._check_consent(d, consent, flags)
        return consent, movement

    def _likely_consent(self, d: Declaration) -> ConsentRecord | None:
        """The consent on this route and HS code whose notifier is most like the declared
        exporter (`name_similarity` at least `PARTY_THRESHOLD`), a valid one first."""
        route = [c for c in self.consents.on_route(d.state_of_export, d.state_of_import,
                                                    d.hs_code) if c.covers_hs(d.hs_code)]
        exporter = normalise_name(d.exporter_name)
        if not route or not exporter.tokens:
            return None
        # `name_similarity` against every notifier on the route, one call per ratio.
        notifiers = [normalise_name(c.notifier_name) for c in route]
        scores = np.maximum(
            cdist((exporter.sorted_key,), [n.sorted_key for n in notifiers], scorer=ratio,
                  dtype=np.float64)[0],
            cdist((exporter.joined_key,), [n.joined_key for n in notifiers], scorer=ratio,
                  dtype=np.float64)[0],
        ).tolist()
        best, best_score = None, 0.0
        for c, n, score in zip(route, notifiers, scores, strict=True):
            score = score / 100 if n.tokens else 0.0
            if score < PARTY_THRESHOLD:
                continue
            valid = c.valid_from <= d.date <= c.valid_until
            score += 1.0 if valid else 0.0
            if score > best_score:
                best, best_score = c, score
        return best

    def _movement(self, d: Declaration, c: ConsentRecord, flags: list[Flag]) -> str | None:
        if not d.movement_id:
            return None
        if d.movement_id.upper() in {m.upper() for m in c.movement_ids}:
            return d.movement_id
        if c.movement_ids or c.shipments_allowed:
            flags.append(_flag(
                "movement_not_announced",
                f"Movement {d.movement_id} has no prior notice recorded under consent "
                f"{c.notification_number}. Ask for the movement document and check it with "
                f"the notifier's prior notice.", movement_id=d.movement_id))
        return None

    def _check_consent(self, d: Declaration, c: ConsentRecord, flags: list[Flag]) -> None:
        n = c.notification_number
        if c.status not in VALID_STATUSES:
            flags.append(_flag(
                "consent_not_valid",
                f"Consent {n} has status '{c.status}': no shipment may move under it. Hold "
                f"the goods and contact the competent authority of {c.state_of_import}.",
                status=c.status))
        if not c.valid_from <= d.date <= c.valid_until:
            when = "expired" if d.date > c.valid_until else "is not yet valid"
            flags.append(_flag(
                "consent_expired",
                f"Consent {n} is valid from {_day(c.valid_from)} to {_day(c.valid_until)}; "
                f"the declaration is dated {_day(d.date)}, so the consent {when}. Without a "
                f"valid consent the movement is illegal traffic (Basel Art. 9(1)(b)).",
                valid_from=_day(c.valid_from), valid_until=_day(c.valid_until)))
        self._check_route(d, c, flags)
        if not c.covers_hs(d.hs_code):
            flags.append(_flag(
                "hs_mismatch",
                f"HS {d.hs_code} is not among the HS codes of consent {n} "
                f"({', '.join(c.hs_codes)}). Compare the goods with the consented waste.",
                consent_hs_codes=list(c.hs_codes)))
        self._check_parties(d, c, flags)
        self._check_quantity(d, c, flags)

    def _check_route(self, d: Declaration, c: ConsentRecord, flags: list[Flag]) -> None:
        problems = []
        if d.state_of_export != c.state_of_export:
            problems.append(f"state of export {d.state_of_export}, consent {c.state_of_export}")
        if d.state_of_import != c.state_of_import:
            problems.append(f"state of import {d.state_of_import}, consent {c.state_of_import}")
        extra = [s for s in d.states_of_transit if s not in c.states_of_transit]
        if extra:
            problems.append(f"transit through {', '.join(extra)} not consented")
        office = d.office_state
        expected = {"export": (c.state_of_export,), "import": (c.state_of_import,),
                    "transit": c.states_of_transit}[d.direction]
        if office is not None and office not in expected:
            concerned = ", ".join(expected) or "none"
            problems.append(f"{d.direction} at office {d.customs_office} ({office}), but the "
                            f"consent's {d.direction} state(s): {concerned}")
        if problems:
            flags.append(_flag(
                "route_mismatch",
                f"Route does not match consent {c.notification_number}: "
                f"{'; '.join(problems)}. Every state concerned must have consented "
                f"(Basel Art. 6); check the movement document's route.",
                problems=problems))

    def _check_parties(self, d: Declaration, c: ConsentRecord, flags: list[Flag]) -> None:
        for role, declared, consented, consent_role in (
            ("exporter", d.exporter_name, c.notifier_name, "notifier"),
            ("importer", d.importer_name, c.consignee_name, "consignee"),
        ):
            score = name_similarity(declared, consented)
            if score < PARTY_THRESHOLD:
                flags.append(_flag(
                    "party_mismatch",
                    f"Declared {role} {declared!r} is not the {consent_role} of consent "
                    f"{c.notification_number} ({consented!r}; name similarity {score:.2f}). "
                    f"Ask for proof that the {role} acts under this consent.",
                    party=role, declared=declared, consented=consented,
                    similarity=round(score, 2)))

    def _check_quantity(self, d: Declaration, c: ConsentRecord, flags: list[Flag]) -> None:
        n = c.notification_number
        remaining = c.quantity_kg_remaining
        if remaining is not None and d.net_mass_kg > remaining:
            flags.append(_flag(
                "quantity_exceeds_consent",
                f"Declared {d.net_mass_kg:g} kg, but consent {n} has {max(remaining, 0):g} kg "
                f"left ({c.quantity_kg_allowed:g} kg consented, {c.quantity_kg_used:g} kg "
                f"shipped). Weigh the load; the excess is not covered.",
                declared_kg=d.net_mass_kg, remaining_kg=max(remaining, 0.0)))
        counted = d.movement_id and d.movement_id.upper() in {m.upper() for m in c.movement_ids}
        if (c.shipments_allowed is not None and c.shipments_used >= c.shipments_allowed
                and not counted):
            flags.append(_flag(
                "quantity_exceeds_consent",
                f"Consent {n} allows {c.shipments_allowed} shipments and "
                f"{c.shipments_used} have been made: this one is not covered.",
                shipments_allowed=c.shipments_allowed, shipments_used=c.shipments_used))

    # -- 2. waste likely, consent missing ------------------------------------------------

    def _waste(self, d: Declaration, consent: ConsentRecord | None, flags: list[Flag]) -> None:
        assessment = self.waste.assess(d.hs_code, d.description, d.date)
        if not assessment.likely:
            if assessment.possible_misdeclaration:
                flags.append(_flag(
                    "possible_misdeclaration",
                    f"The description ({assessment.words()}) says waste, but HS {d.hs_code} is "
                    f"not a waste heading. Check whether the goods are waste declared as "
                    f"goods; if so, they need the consent of every state concerned.",
                    words=[k.keyword for k in assessment.keywords]))
            return
        verdicts = [self.legality.verdict(code, d.state_of_export, d.state_of_import,
                                          d.states_of_transit, d.date, d.hs_code)
                    for code in assessment.basel_codes]
        strong = {c.basel_code for c in assessment.correlations if c.strength == "strong"}
        main = [v for v in verdicts if v.code in strong] or verdicts
        why = self._why_waste(d, assessment)
        if main and all(v.verdict == PROHIBITED for v in main):
            flags.append(_flag(
                "prohibited",
                f"{why} This movement {d.state_of_export} → {d.state_of_import} is prohibited "
                f"for {', '.join(v.code for v in main)}: {_reasons(main)}. A consent cannot "
                f"make it lawful; hold the goods and refer to the competent authority.",
                basel_codes=[v.code for v in main],
                reasons=[r for v in main for r in v.reasons]))
            return
        if consent is not None:
            return
        needing = [v for v in main if v.verdict in (CONSENT_REQUIRED, PROHIBITED)]
        if not needing:
            return
        others = [v for v in verdicts if v not in main and v.verdict == PROHIBITED]
        note = (f" If it is {', '.join(v.code for v in others)}, the movement is prohibited: "
                f"{_reasons(others)}." if others else "")
        uncontrolled = [v.code for v in verdicts if v.verdict not in (CONSENT_REQUIRED,
                                                                      PROHIBITED)]
        unless = (f" Only if the goods meet {', '.join(uncontrolled)} are they outside control."
                  if uncontrolled else "")
        factor = 1.0 if assessment.hs_strength == "strong" or assessment.strong_keyword else 0.75
        flags.append(_flag(
            "no_consent",
            f"{why} Moving {', '.join(v.code for v in needing)} needs the prior informed "
            f"consent of the states concerned ({_reasons(needing[:1])}), and no consent is "
            f"declared or on record for {d.exporter_name!r}.{unless}{note} Inspect the goods "
            f"against the description.",
            factor, basel_codes=[v.code for v in needing],
            reasons=[r for v in needing for r in v.reasons],
            legality_engine=needing[0].engine))

    @staticmethod
    def _why_waste(d: Declaration, a: WasteAssessment) -> str:
        parts = []
        if a.hs_strength:
            parts.append(f"HS {d.hs_code} correlates {a.hs_strength}ly with Basel "
                         f"{', '.join(a.basel_codes)}")
        if a.keywords:
            parts.append(f"the description says {a.words()}")
        return "Probably waste: " + " and ".join(parts) + "."

    # -- 3. watchlist -------------------------------------------------------------------

    def _watchlist(self, d: Declaration, flags: list[Flag],
                   viewer: frozenset[str] | None = None) -> None:
        watchlist = self.watchlist
        if watchlist is None:
            return
        matcher = watchlist.matcher
        parties = (("exporter", d.exporter_name, d.exporter_address, d.state_of_export),
                   ("importer", d.importer_name, d.importer_address, d.state_of_import))
        seen: set[str] = set()
        for role, name, address, country in parties:
            hits = self._party_hits(matcher, name, address or None, country)
            for hit in self._visible(hits, viewer):
                self._hit(role, name, hit, flags, seen, country)
        for container in d.containers:
            # Containers are matched on identifiers only (an empty name scores nothing).
            hits = matcher.match("", identifiers=(container,), limit=self._hit_limit())
            for hit in self._visible(hits, viewer):
                self._hit("container", container, hit, flags, seen)

    def _hit_limit(self) -> int:
        """Hits asked of the matcher per party: more when some entities are hidden from some
        viewers, so that hidden ones do not crowd out those the viewer may see."""
        audiences = self.watchlist.audiences if self.watchlist else None
        return HITS_PER_PARTY * 3 if audiences else HITS_PER_PARTY

    def _visible(self, hits: Sequence[Hit], viewer: frozenset[str] | None) -> list[Hit]:
        visible = self.watchlist.visible  # type: ignore[union-attr]
        return [hit for hit in hits if visible(hit.entity_id, viewer)][:HITS_PER_PARTY]

    def _party_hits(self, matcher: NameMatcher, name: str, address: str | None,
                    country: str) -> Sequence[Hit]:
        """The matcher's hits for a party, remembered: traders recur across declarations.

        A matcher answers the same query the same way (a `WatchlistIndex` is not changed
        after it is built); a new watchlist or matcher starts an empty memory. The parties of
        known consents are remembered apart from the others (up to twice as many queries as
        there are such parties), so that a stream of traders seen once does not push out
        those that come back with every shipment.
        """
        if self.name_cache_size <= 0:
            return matcher.match(name, address=address, country=country, limit=self._hit_limit(),
                                 threshold=self.watchlist_threshold)
        if self._hits_of is not matcher:
            self._hits_of = matcher
            self._hits, self._party_hits_kept = OrderedDict(), OrderedDict()
        key = (name, address, country, self.watchlist_threshold)
        if _party_key(name) in self._parties:
            memory = self._party_hits_kept
            size = max(self.name_cache_size, 2 * len(self._parties))
        else:
            memory, size = self._hits, self.name_cache_size
        hits = memory.get(key)
        if hits is None:
            hits = tuple(matcher.match(name, address=address, country=country,
                                       limit=self._hit_limit(),
                                       threshold=self.watchlist_threshold))
            remember(memory, key, hits, size)
        return hits

    def _hit(self, role: str, declared: str, hit: Hit, flags: list[Flag], seen: set[str],
             state: str | None = None) -> None:
        if (role, hit.entity_id) in seen:
            return
        seen.add((role, hit.entity_id))  # type: ignore[arg-type]
        entity = self.watchlist.entities.get(hit.entity_id) if self.watchlist else None
        name = entity.name if entity else hit.entity_id
        source = entity.source if entity else ""
        kind = entity.kind if entity else ""
        country = (entity.country or "") if entity else ""
        what = {"name": "its name", "alias": f"its alias {hit.matched!r}",
                "address": f"its address {hit.matched!r}",
                "identifier": f"its identifier {hit.matched!r}"}.get(hit.field, hit.field)
        # The entity's country is shown, never held against the hit: a listed company
        # declared from a third country is a front or a diversion, not a lesser match.
        where = ""
        if country and state and country_code(country) != country_code(state):
            where = (f" It is listed in {country}, and declared here for {state}: a listed "
                     f"party trading from another country may be a front.")
        flags.append(_flag(
            "watchlist_hit",
            f"Declared {role} {declared!r} matches watchlist entity {name!r} ({kind}, "
            f"{hit.entity_id}{', listed by ' + source if source else ''}) on {what}, score "
            f"{hit.score:.2f}.{where} Check the party's identity and the listing before "
            f"release.",
            hit.score, entity={"entity_id": hit.entity_id, "name": name, "kind": kind,
                               "source": source, "country": country},
            party=role, matched={"field": hit.field, "text": hit.matched}, score=hit.score,
            min_decision="inspect" if hit.score >= WATCHLIST_INSPECT_SCORE else None))

    # -- 4. risk profiles ---------------------------------------------------------------

    def _profiles(self, d: Declaration, flags: list[Flag], state: str | None = None) -> None:
        key = normalise_name(d.exporter_name).sorted_key
        first_time = key not in self._known
        if self.remember_exporters:
            self._known.add(key)
        if not self.profiles:
            return
        for m in evaluate(self.profiles, d, ProfileContext(first_time_exporter=first_time),
                          state=state):
            p = m.profile
            flags.append(_flag(
                "risk_profile",
                f"Risk profile {p.profile_id} ({p.title}, weight {p.weight}): "
                f"{'; '.join(m.reasons)}. {p.reason}".rstrip(),
                p.weight / 100,
                profile={"profile_id": p.profile_id, "title": p.title, "weight": p.weight,
                         "owner": p.owner, "source": p.source}))


def _screening_state(d: Declaration, viewer: frozenset[str] | None) -> str | None:
    """The state whose customs screen the declaration: its office's (UN/LOCODE prefix), else
    the viewer's."""
    state = d.office_state
    if state is None and viewer:
        state = next((token[6:] for token in sorted(viewer) if token.startswith("state:")),
                     None)
    return state


def _reasons(verdicts: Sequence[CodeVerdict]) -> str:
    texts = list(dict.fromkeys(r for v in verdicts for r in v.reasons))
    return "; ".join(texts[:2]) if texts else "see the legality engine"
