"""In-memory candidate index over watchlist entities, and the name query over it.

A query never scans the watchlist. Names are normalised (legal forms out, any script to
ASCII) and each word is written as its skeleton (c/k, y/i, kh/h, doubled letters: so a
Latin name written in Cyrillic and back meets itself). Each query word stands for its own
entry in the vocabulary and its near spellings: up to two edits, found through a symmetric
deletion neighbourhood over the vocabulary. Words are read most telling (IDF) first, and
only until the words left weigh less than `MIN_SHARE` of the query (prefix filtering): a
record holding none of the words read cannot reach the threshold. Their postings (flat
numpy arrays) add into a per-thread score array; later words add their weight to the
records found by binary search. The best `CANDIDATES` records are scored with rapidfuzz,
and one hit per entity is returned.

Scores are in 0..1. The name score is the better of two edit ratios on the normalised
names (legal forms removed): tokens sorted (word order does not count) and tokens joined
without spaces (splitting does not count, and pinyin syllables meet words), capped by the
IDF-weighted share of words found on both sides. The ratios are rapidfuzz's, except that
two letters swapped cost as much as one left out; a word of four letters or more one slip
from a word of the other name counts as found (`ONE_SLIP`), and a query word that is a slip
of the candidate's legal form as written ("Cpo" for "Co") is not counted as a word the
candidate lacks. Equal scores go to the entity whose legal form is written most like the
query's. Names are compared as skeletons; where both are written in Latin letters, a
quarter of what the skeleton forgave is paid back (`SPELLING_SHARE`: "Coocoo" is not quite
"Koko"). An identifier that matches exactly scores 1.0.
"""

from __future__ import annotations

import heapq
import math
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel, Levenshtein
from rapidfuzz.fuzz import ratio, token_sort_ratio
from rigour.addresses import compare_address
from rigour.territories import lookup_territory

from tbmnet.matching.normalise import (
    STOPWORDS,
    NormalisedName,
    identifier_key,
    normalise_address,
    normalise_name,
    skeleton,
)
from tbmnet.memory import remember

__all__ = [
    "DEFAULT_ADDRESS_THRESHOLD",
    "DEFAULT_THRESHOLD",
    "Entity",
    "Hit",
    "WatchlistIndex",
]

#: Name score at or above which a candidate is returned (0..1), chosen recall first: on the
#: dev split of bench/matching.py at 1M entities (seed 7; the test split is apart), company
#: P/R 0.92/0.95 here, where the best F1 lies at 0.92 (P/R 0.97/0.92). A customs officer
#: would rather dismiss a hit than miss a listed trader.
DEFAULT_THRESHOLD = 0.88
#: compare_address score at or above which an address alone makes a hit.
DEFAULT_ADDRESS_THRESHOLD = 0.7
#: How many candidate records are scored per query.
CANDIDATES = 40
#: Share of a query's (IDF) weight a record must hold to be a candidate: terms are read
#: most telling first until the terms left weigh less than this.
MIN_SHARE = 0.5
#: Vocabulary words that stand for one query word: itself and its nearest spellings.
NEAR_PER_TERM = 8
#: Query words whose near spellings are remembered (names share words: "Chouwhai Metals"
#: and "Chouwhai Trading" look "chouwhai" up once).
NEAR_MEMORY = 65536
#: A query word the vocabulary holds this often is taken as written (no near spellings).
SURE_DF = 50
#: At most this many postings of one term are read.
MAX_POSTINGS = 100_000
#: Addresses: a word held by more than this many addresses is read only if it is the rarest.
ADDRESS_MAX_POSTINGS = 8000
#: Added (capped at 1.0) when the declared address matches the entity's address.
ADDRESS_BONUS = 0.05
#: Similarity at least of two words of four letters or more one slip apart (a letter
#: changed, added, left out, or two swapped): the word is found, written with a slip.
ONE_SLIP = 0.9
#: A query word at least this similar to a word of a candidate's legal form as written is
#: taken for a slip of it ("Gco" for "Co", "Eoxod" for "EOOD").
LEGAL_SLIP = 0.75
#: Candidates whose rapidfuzz ratios are below the threshold by at most this are scored
#: again: letters swapped and slips of the candidate's legal form may lift them (a slip of
#: "EOOD" in "Vato 2002 Eoxod": 0.75 -> 0.95).
MAX_LIFT = 0.25
#: Share of what the skeleton forgives (c/k, w/v, y/i, doubled letters...) that a name
#: written in Latin on both sides still pays: "Coocoo" is not quite "Koko", while
#: "Al-Qaida" stays "Al-Kaida" (a name written in another script pays nothing).
SPELLING_SHARE = 0.25
#: Letters swapped lift a name's ratio by little (a swap costs one slip instead of two, over
#: both names' lengths): only names this near the threshold are scored again for them.
SWAP_LIFT = 0.1

_PERSON_KINDS = frozenset({"person", "individual"})


@dataclass(frozen=True, slots=True)
class Entity:
    """A watchlist entry: a company, person, vessel or aircraft, with its aliases."""

    entity_id: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    address: str | None = None
    country: str | None = None
    identifiers: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True, slots=True)
class Hit:
    """One watchlist entity found for a query.

    `field` says what matched: "name", "alias", "address" or "identifier"; `matched` is the
    watchlist's text that matched; `score` is 0..1 (1.0 for an identifier).
    """

    entity_id: str
    field: str
    matched: str
    score: float
    name_score: float | None = None
    address_score: float | None = None


def country_code(value: str | None) -> str | None:
    """A country as rigour's territory code ("Iran", "IR" -> "ir"), else as written, case
    folded; `None` for none."""
    if not value:
        return None
    territory = lookup_territory(value)
    return territory.code if territory is not None else value.strip().casefold()


def _latin(text: str) -> bool:
    """Written in Latin letters (ASCII, or Latin with accents: below U+0250)."""
    return text.isascii() or all(ch < "\u0250" for ch in text)


def _add_posting(postings: list, tid: int, rid: int) -> None:
    """Append record `rid` to token `tid`: an int while single, an array after."""
    cur = postings[tid]
    if cur is None:
        postings[tid] = rid
    elif isinstance(cur, int):
        if cur != rid:
            postings[tid] = array("i", (cur, rid))
    elif cur[-1] != rid:
        cur.append(rid)


def _multi_put(table: dict, key, value: int) -> None:
    cur = table.get(key)
    if cur is None:
        table[key] = value
    elif isinstance(cur, int):
        if cur != value:
            table[key] = [cur, value]
    elif value not in cur:
        cur.append(value)


def _multi_get(table: dict, key) -> Sequence[int]:
    cur = table.get(key)
    if cur is None:
        return ()
    if isinstance(cur, int):
        return (cur,)
    return cur


def _index_terms(name: NormalisedName) -> list[str]:
    """Terms a name is indexed under: its tokens, or pairs of syllables for Han names."""
    toks = name.tokens
    if name.syllabic and len(toks) > 1:
        return [toks[i] + toks[i + 1] for i in range(len(toks) - 1)]
    return list(toks)


def _skeletal(name: NormalisedName) -> NormalisedName:
    """The name with each token in its skeleton spelling (see `normalise.skeleton`)."""
    return NormalisedName(
        tuple(dict.fromkeys(skeleton(t) for t in name.tokens)),
        name.legal_forms,
        name.syllabic,
        tuple(skeleton(t) for t in name.dropped),
        name.legal_words,
    )


_STOPWORDS_2 = tuple(w for w in STOPWORDS if len(w) >= 2)


def _slipped_stopword(token: str) -> bool:
    """One letter off a stopword of two letters or more ("tbhe", "xof", "adn")."""
    return any(
        abs(len(w) - len(token)) <= 1 and OSA.distance(token, w, score_cutoff=1) <= 1
        for w in _STOPWORDS_2
    )


def _similarity(a: str, b: str) -> float:
    """Edit similarity of two strings (0..1): rapidfuzz's `ratio` (a letter added or left out
    costs one, a letter changed two, over both lengths), except that two neighbouring
    letters swapped cost one, as a letter left out does: a swap keeps every letter
    ("Bodeag" for "Bodega" is nearer than "Bodexa")."""
    if a == b:
        return 1.0
    # Levenshtein counts a swap as two changes, OSA as one: the difference is the swaps.
    swaps = Levenshtein.distance(a, b) - OSA.distance(a, b)
    return 1.0 - (Indel.distance(a, b) - swaps) / (len(a) + len(b))


def _word_similarity(a: str, b: str) -> float:
    """Similarity of two words (0..1): `_similarity`, and at least `ONE_SLIP` for words of
    four letters or more one slip apart ("Mriyf" for "Mriya")."""
    sim = _similarity(a, b)
    if sim < ONE_SLIP and min(len(a), len(b)) >= 4 and OSA.distance(a, b) == 1:
        return ONE_SLIP
    return sim


def _slip_of(token: str, legal_words: Sequence[str]) -> float:
    """`token`'s similarity to the nearest of `legal_words` if at least `LEGAL_SLIP`, else 0.

    A word of one or two letters one slip from a legal word of two letters or more counts
    as `LEGAL_SLIP`: a letter of an abbreviated form changed, added or lost ("I.V." for
    "C.V.", "S.Q." for "S.A.", "X.A." for "C.A."). Three letters are a word ("ACME Gas" is
    not "ACME S.A.S.").
    """
    near = process.extractOne(token, legal_words, scorer=ratio, processor=None, score_cutoff=50)
    sim = _word_similarity(token, near[0]) if near is not None else 0.0
    if sim < LEGAL_SLIP and len(token) <= 2:
        if any(len(word) >= 2 and OSA.distance(token, word) <= 1 for word in legal_words):
            return LEGAL_SLIP
    return sim if sim >= LEGAL_SLIP else 0.0


#: The letters of skeletal words (`skeleton` writes c and q as k, w as v, y as i).
_SKELETON_LETTERS = "abdefghijklmnoprstuvxz"


def _deletions(token: str) -> Iterable[str]:
    yield token
    for i in range(len(token)):
        yield token[:i] + token[i + 1 :]


class _TermIndex:
    """Inverted index from terms to record ids, with df-aware lookup."""

    __slots__ = ("vocab", "postings", "tokens")

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.postings: list = []
        self.tokens: list[str] = []

    def add(self, term: str, rid: int) -> int:
        tid = self.vocab.get(term)
        if tid is None:
            tid = len(self.tokens)
            self.vocab[term] = tid
            self.tokens.append(term)
            self.postings.append(None)
        _add_posting(self.postings, tid, rid)
        return tid

    def df(self, tid: int) -> int:
        cur = self.postings[tid]
        return 1 if isinstance(cur, int) else len(cur)

    def records(self, tid: int) -> Sequence[int]:
        cur = self.postings[tid]
        return (cur,) if isinstance(cur, int) else cur


class WatchlistIndex:
    """Names, aliases, addresses and identifiers of watchlist entities, ready to query."""

    def __init__(self) -> None:
        self._entities: list[Entity] = []
        self._countries: list[str | None] = []
        self._rec_entity = array("i")
        self._rec_alias = array("h")
        self._rec_key: list[str] = []
        # Legal-form codes of each record (shared tuples): equal scores go to the entity
        # with the query's legal form.
        self._rec_forms: list[tuple[str, ...]] = []
        self._forms: dict[tuple[str, ...], tuple[str, ...]] = {}
        # And the words of those legal forms as written (shared strings): among equal
        # scores and forms, the entity whose legal form is written most like the query's.
        self._rec_legal: list[str] = []
        self._legal_texts: dict[str, str] = {}
        self._legal_skel: dict[str, tuple[str, ...]] = {}
        self._tid_idf = array("d")
        self._names = _TermIndex()
        # After build: the name postings flat (record ids of term t are
        # _post[_post_off[t]:_post_off[t + 1]]), and per record its kind and what its
        # key's length costs among equal scores.
        self._post = np.zeros(0, np.int32)
        self._post_off = array("q", (0,))
        self._df = array("i")
        self._rec_kind = np.zeros(0, np.int8)
        self._len_cost = np.zeros(0, np.float32)
        self._kinds: dict[str, int] = {}
        self._scratch = threading.local()
        self._near_memory: OrderedDict[str, dict[int, float]] = OrderedDict()
        self._deletes: dict[int, int | list[int]] = {}
        self._addresses = _TermIndex()
        self._address_keys: dict[int, str] = {}
        self._identifiers: dict[str, int | list[int]] = {}

    def __len__(self) -> int:
        return len(self._entities)

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> WatchlistIndex:
        """Index `entities` (names, aliases, addresses, identifiers)."""
        index = cls()
        country_cache: dict[str | None, str | None] = {}
        for entity in entities:
            eid = len(index._entities)
            index._entities.append(entity)
            if entity.country not in country_cache:
                country_cache[entity.country] = country_code(entity.country)
            index._countries.append(country_cache[entity.country])
            index._add_names(entity, eid)
            if entity.address:
                index._add_address(entity.address, eid)
            for value in entity.identifiers:
                key = identifier_key(value)
                if key:
                    _multi_put(index._identifiers, key, eid)
        index._build_fuzzy()
        return index

    def _add_names(self, entity: Entity, eid: int) -> None:
        legal = entity.kind not in _PERSON_KINDS
        seen: set[str] = set()
        for alias_no, text in enumerate((entity.name, *entity.aliases)):
            name = _skeletal(normalise_name(text, legal_forms=legal))
            key = " ".join(name.tokens)
            if not key or key in seen:
                continue
            seen.add(key)
            rid = len(self._rec_key)
            self._rec_key.append(key)
            self._rec_entity.append(eid)
            self._rec_alias.append(alias_no)
            forms = name.legal_forms
            self._rec_forms.append(self._forms.setdefault(forms, forms))
            legal_text = " ".join(name.legal_words)
            self._rec_legal.append(self._legal_texts.setdefault(legal_text, legal_text))
            for term in _index_terms(name):
                self._names.add(term, rid)

    def _add_address(self, address: str, eid: int) -> None:
        key = normalise_address(address)
        if not key:
            return
        self._address_keys[eid] = address
        for term in set(key.split()):
            self._addresses.add(term, eid)

    def _build_fuzzy(self) -> None:
        """Deletion neighbourhood over the name vocabulary, and term weights."""
        deletes: dict[int, int | list[int]] = {}
        for tid, token in enumerate(self._names.tokens):
            if len(token) >= 4:
                for variant in _deletions(token):
                    _multi_put(deletes, hash(variant), tid)
        self._deletes = deletes
        names, n = self._names, len(self._rec_key) + 2
        self._df = array("i", (names.df(tid) for tid in range(len(names.tokens))))
        offsets = np.zeros(len(self._df) + 1, np.int64)
        np.cumsum(np.frombuffer(self._df, np.int32), out=offsets[1:])
        post = np.empty(int(offsets[-1]), np.int32)
        for tid, cur in enumerate(names.postings):
            if type(cur) is int:
                post[offsets[tid]] = cur
            else:
                post[offsets[tid] : offsets[tid + 1]] = np.frombuffer(cur, np.int32)
        self._post = post
        self._post_off = array("q", offsets.tobytes())  # plain ints: cheaper to index
        names.postings = []  # the flat copy replaces them
        kinds = self._kinds
        self._rec_kind = np.array(
            [kinds.setdefault(self._entities[eid].kind, len(kinds)) for eid in self._rec_entity],
            np.int8,
        )
        # Among equals, shorter names first: 0.001 per letter of the record's key.
        self._len_cost = 0.001 * np.array([len(key) for key in self._rec_key], np.float32)
        # Short tokens say little, whatever their rarity.
        self._tid_idf = array(
            "d",
            (
                math.log(n / self._df[tid]) * min(1.0, len(tok) / 4)
                for tid, tok in enumerate(names.tokens)
            ),
        )

    # -- querying ----------------------------------------------------------------------

    def _near(self, term: str) -> dict[int, float]:
        """`_near_spellings(term)`, remembered (the index does not change once built); the
        caller must not change the answer."""
        memory = self._near_memory
        found = memory.get(term)
        if found is None:
            found = self._near_spellings(term)
            remember(memory, term, found, NEAR_MEMORY)
        return found

    def _near_spellings(self, term: str) -> dict[int, float]:
        """Vocabulary ids of `term` and of its near spellings, with their similarity (0..1).

        One edit for words of up to five letters, two for longer ones (letters swapped count
        as one edit). One deletion on each side finds most of them; a long word with no
        spelling one edit away also tries two deletions on its side ("comoditis") and, for
        two letters left out, one letter put in on its side ("foudtion").
        """
        names = self._names
        found: dict[int, float] = {}
        tid = names.vocab.get(term)
        if tid is not None:
            found[tid] = 1.0
            if self._df[tid] >= SURE_DF:
                return found  # a word that common is meant as written
        size = len(term)
        if size < 4:
            return found
        limit = 1 if size <= 5 else 2
        deletes, tokens = self._deletes, names.tokens

        def verify(variants: list[str]) -> None:
            # Most variants are in no vocabulary word's neighbourhood: one set intersection
            # (in C) finds those that are, then they are read in the order given.
            keys = [hash(v) for v in variants]
            hits = deletes.keys() & set(keys)
            if not hits:
                return
            for key in keys:
                if key not in hits:
                    continue
                hits.discard(key)  # a variant met twice is read once
                for tid in _multi_get(deletes, key):
                    if tid not in found:
                        other = tokens[tid]
                        dist = OSA.distance(term, other, score_cutoff=limit)
                        if dist <= limit:
                            found[tid] = 1.0 - dist / max(size, len(other))

        def nothing_near() -> bool:  # nothing found within about one slip
            return max(found.values(), default=0.0) < 1.0 - 1.5 / size

        verify(list(_deletions(term)))
        if size >= 7 and nothing_near():
            variants: list[str] = []
            for i in range(size):
                head = term[:i] + term[i + 1 :]
                variants.extend(head[:j] + head[j + 1 :] for j in range(i, size - 1))
            verify(variants)
        if size >= 6 and nothing_near():
            # Two letters left out ("foudtion" for "foundation"): a letter put in on this
            # side meets a letter taken out on the vocabulary's.
            ends = [(term[:i], term[i:]) for i in range(size + 1)]
            verify([head + ch + tail for head, tail in ends for ch in _SKELETON_LETTERS])
        return found

    def _query_groups(self, query: NormalisedName) -> tuple[list[tuple], float]:
        """Per query term: its weight, the vocabulary ids that stand for it (id, weight),
        and its own id if the vocabulary has it as written.

        A term's weight is the IDF of its best match times the match's similarity; its ids
        are the best few. Also the weight of the terms with nothing near in the vocabulary.
        """
        idf = self._tid_idf
        toks = query.tokens
        terms = _index_terms(query)
        # Pairs of neighbouring words, for names written split ("Lv Yuan", "Green Tech").
        joins = (
            [toks[i] + toks[i + 1] for i in range(len(toks) - 1)]
            if not query.syllabic and len(terms) == len(toks)
            else []
        )
        vocab = self._names.vocab
        groups = []
        unknown = 0.0
        for i, term in enumerate(terms):
            near = self._near(term)
            exact = vocab.get(term)
            if i < len(joins) and (tid := vocab.get(joins[i])) is not None:
                near = {**near, tid: 1.0}
            if not near:
                unknown += self._idf(term)
                continue
            # A word the vocabulary has as written is most likely meant: it is read first,
            # and its near spellings weigh no more than it does. Otherwise the nearest
            # spellings are kept, the commonest first (a slip of a common word is likelier
            # than a rare word), and each weighs as the commonest of them: a rare spelling
            # one slip away is no more telling than the word that was probably meant.
            df = self._df
            others = sorted((t for t in near if t != exact), key=lambda t: (-near[t], -df[t]))
            others = others[: NEAR_PER_TERM - (exact is not None)]
            if exact is not None:
                cap = idf[exact]
            else:
                cap = min(idf[t] for t in others)
            ranked = [(near[t] * min(idf[t], cap), t) for t in others]
            if exact is not None:
                ranked.insert(0, (cap, exact))
            groups.append((ranked[0][0], [(t, w) for w, t in ranked], exact))
        return groups, unknown

    def _candidates(self, query: NormalisedName, kind: str | None) -> list[int]:
        """Record ids holding the most (IDF-weighted) of the query's terms or near spellings.

        Terms are read most telling first; once the terms not yet read weigh less than
        `MIN_SHARE` of the query, a record holding none of the terms read cannot match, so
        the rest only add their weight to the records already found (prefix filtering). A
        query word the vocabulary has nothing near counts in the query's weight, so a query
        whose known words are too few finds nothing, at once.
        """
        groups, unknown = self._query_groups(query)
        if not groups:
            return []
        groups.sort(key=itemgetter(0), reverse=True)
        total = sum(g[0] for g in groups) + unknown
        post, off = self._post, self._post_off
        found: list[np.ndarray] = []
        weights: list[float] = []
        rest: list[tuple[int, float]] = []
        remaining = total
        for group_weight, near, _ in groups:
            if remaining < MIN_SHARE * total:
                if not found:
                    return []  # the known words together weigh too little
                rest.extend(near)
                continue
            remaining -= group_weight
            for tid, weight in near:
                start = off[tid]
                found.append(post[start : min(off[tid + 1], start + MAX_POSTINGS)])
                weights.append(weight)
        rids = found[0] if len(found) == 1 else np.concatenate(found)
        # One scatter-add for all the terms read: a record holding several adds them all.
        dense = self._dense()
        np.add.at(dense, rids, np.repeat(np.array(weights, np.float32), [len(f) for f in found]))
        scores = dense[rids]
        dense[rids] = 0.0
        if kind is not None:
            keep = self._rec_kind[rids] == self._kinds.get(kind, -1)
            rids, scores = rids[keep], scores[keep]
        if len(rids) > CANDIDATES:
            # Terms past the prefix add their weight to the records found that hold them
            # (postings are sorted: a binary search per record found).
            for tid, weight in rest:
                postings = post[off[tid] : off[tid + 1]]
                at = np.searchsorted(postings, rids)
                at[at == len(postings)] = 0
                scores += weight * (postings[at] == rids)
            # Among equals, shorter names (fewer words the query lacks) come first.
            scores -= self._len_cost[rids]
        wanted = 4 * CANDIDATES
        if len(rids) > wanted:
            top = np.argpartition(scores, len(rids) - wanted)[-wanted:]
            rids, scores = rids[top], scores[top]
        order = np.argsort(-scores, kind="stable")
        return list(dict.fromkeys(rids[order].tolist()))[:CANDIDATES]

    def _dense(self) -> np.ndarray:
        """A score per record, all zero between queries (one per thread)."""
        dense = getattr(self._scratch, "dense", None)
        if dense is None or len(dense) != len(self._rec_key):
            dense = self._scratch.dense = np.zeros(len(self._rec_key), np.float32)
        return dense

    def match(
        self,
        name: str,
        *,
        address: str | None = None,
        country: str | None = None,
        kind: str | None = None,
        identifiers: Iterable[str] = (),
        limit: int = 5,
        threshold: float = DEFAULT_THRESHOLD,
        address_threshold: float = DEFAULT_ADDRESS_THRESHOLD,
    ) -> list[Hit]:
        """Watchlist entities that match a party, best first, at most `limit`.

        `name` is scored against every name and alias; `identifiers` (and `name`, if it is
        one) must match exactly; `address`, when given, finds entities at that address and
        adds `ADDRESS_BONUS` to a name hit at the same address; `country` ranks the entities
        of that country first among equal scores, and lowers no score (a listed company
        trading from a third country is what customs looks for); `kind` restricts the hits to
        entities of that kind.
        """
        best: dict[int, Hit] = {}
        # Per entity with a name hit: whether it has the query's legal form, and how alike
        # their legal forms are written (0..100).
        agree: dict[int, tuple[bool, float]] = {}
        self._match_identifiers(name, identifiers, kind, best)
        plain = normalise_name(name, legal_forms=kind not in _PERSON_KINDS)
        query = self._respell(_skeletal(plain))
        declared = country_code(country)
        if query.tokens:
            latin = plain if _latin(name) else None
            self._match_names(query, kind, threshold, limit, address, best, agree, latin)
        if address:
            self._match_address(address, kind, address_threshold, best)

        # Equal scores: the entity of the declared country first, then the one with the
        # query's legal form, then the one whose legal form is written most like the query's
        # ("Turira Cmopany": "Turira Company", not "Company Sociedad Turira LLC"), then the
        # one listed first (stable, and independent of how entities are named).
        def rank(eid: int) -> tuple:
            same_form, alike = agree.get(eid, (False, 0.0))
            elsewhere = declared is None or self._countries[eid] != declared
            return (-best[eid].score, elsewhere, not same_form, -alike, eid)

        order = sorted(best, key=rank)
        return [best[eid] for eid in order[:limit]]

    def _respell(self, query: NormalisedName) -> NormalisedName:
        """Write "ks" as "x" or "x" as "ks" in words the vocabulary holds only that way
        (Cyrillic "кс" for Latin "x": "Апекс" -> "apeks" -> "apex"); and put aside words
        the vocabulary lacks that are a slip of a stopword ("Bank Xof East Land")."""
        vocab = self._names.vocab
        tokens = list(query.tokens)
        slips: list[str] = []
        changed = False
        for i, tok in enumerate(tokens):
            if tok in vocab:
                continue
            if "x" in tok or "ks" in tok:
                alt = tok.replace("ks", "x") if "ks" in tok else tok.replace("x", "ks")
                if alt in vocab:
                    tokens[i] = alt
                    changed = True
                    continue
            if len(tokens) > 2 and 3 <= len(tok) <= 4 and _slipped_stopword(tok):
                slips.append(tok)
                changed = True
        if not changed:
            return query
        if slips:
            tokens = [t for t in tokens if t not in slips]
        return NormalisedName(
            tuple(tokens),
            query.legal_forms,
            query.syllabic,
            (*query.dropped, *slips),
            query.legal_words,
        )

    def _match_identifiers(
        self, name: str, identifiers: Iterable[str], kind: str | None, best: dict[int, Hit]
    ) -> None:
        values = list(identifiers)
        if any(ch.isdigit() for ch in name):
            values.append(name)
        for value in values:
            key = identifier_key(value)
            for eid in _multi_get(self._identifiers, key) if key else ():
                entity = self._entities[eid]
                if kind is None or entity.kind == kind:
                    best[eid] = Hit(entity.entity_id, "identifier", value, 1.0)

    def _match_names(
        self,
        query: NormalisedName,
        kind: str | None,
        threshold: float,
        limit: int,
        address: str | None,
        best: dict[int, Hit],
        agree: dict[int, tuple[bool, float]],
        latin: NormalisedName | None = None,
    ) -> None:
        """Name hits of `query` (skeletal) into `best`; `latin` is the query as written
        (not skeletal) when it is written in Latin letters."""
        q_sorted = query.sorted_key
        q_joined = query.joined_key
        q_legal = " ".join(query.legal_words)
        rids = self._candidates(query, kind)
        if best:  # an entity found by an identifier is not scored again by name
            rids = [
                rid
                for rid in rids
                if not ((hit := best.get(self._rec_entity[rid])) and hit.field == "identifier")
            ]
        rec_key = self._rec_key
        keys = [rec_key[rid] for rid in rids]
        # What a name must score to be a hit, before an address bonus; the edit ratios
        # below it by up to MAX_LIFT are scored again.
        floor = threshold - (ADDRESS_BONUS if address else 0.0)
        cutoff = max(0.0, floor - MAX_LIFT) * 100
        # One call per ratio over all candidates, the better of the two per candidate.
        name_scores = np.maximum(
            process.cdist(
                (q_sorted,), keys, scorer=token_sort_ratio, processor=None, dtype=np.float64
            )[0],
            process.cdist(
                (q_joined,),
                [key.replace(" ", "") for key in keys],
                scorer=ratio,
                processor=None,
                dtype=np.float64,
            )[0],
        ).tolist()
        scored = [
            (score / 100.0, rid)
            for rid, score in zip(rids, name_scores, strict=True)
            if score >= cutoff
        ]
        # The IDF coverage check costs more: only for the best few by edit ratio.
        forms = set(query.legal_forms) - {"legal"}  # "legal": some form, written bent
        if forms:
            rec_forms = self._rec_forms
            scored.sort(key=lambda s: (s[0], not forms.isdisjoint(rec_forms[s[1]])), reverse=True)
        else:
            scored.sort(key=itemgetter(0), reverse=True)
        q_set = frozenset(query.tokens)
        for name_score, rid in scored[: max(2 * limit, 8)]:
            eid, toks = self._rec_entity[rid], rec_key[rid].split(" ")
            c_legal: Sequence[str] = ()
            if name_score < 1.0:
                # The ratios again, with swapped letters as one slip, and without the query's
                # words that are a slip of the candidate's legal form as written ("Gudzon
                # Shipping Cpo LLC" for "Gudzon Shipping Co LLC").
                q_toks: Sequence[str] = query.tokens
                legal = self._rec_legal[rid]
                if legal and not q_set.issubset(toks):
                    c_legal = self._legal_skeletons(legal)
                    kept = [t for t in q_toks if t in toks or not _slip_of(t, c_legal)]
                    if 0 < len(kept) < len(q_toks):
                        q_toks = kept
                if q_toks is not query.tokens or name_score >= floor - SWAP_LIFT:
                    name_score = max(
                        name_score,
                        _similarity(" ".join(sorted(q_toks)), " ".join(sorted(toks))),
                        _similarity("".join(q_toks), "".join(toks)),
                    )
                if query.dropped and name_score < floor:
                    # With the words taken out as long-tail legal forms: a slip can make one
                    # ("Banco Nacional de CvBA" for "... de Cuba").
                    q_all = sorted((*query.tokens, *query.dropped))
                    name_score = max(
                        name_score, _similarity(" ".join(q_all), " ".join(sorted(toks)))
                    )
            if name_score < floor:
                continue  # the coverage only lowers it
            name_score = min(
                name_score, self._coverage(query.tokens, q_joined, toks, query.dropped, c_legal)
            )
            if latin is not None:
                name_score -= self._spelling_cost(query, latin, rid)
            score = name_score
            address_score = None
            if address and eid in self._address_keys:
                address_score = compare_address(address, self._address_keys[eid])
                if address_score >= DEFAULT_ADDRESS_THRESHOLD:
                    score = min(1.0, score + ADDRESS_BONUS)
            if score < threshold:
                continue
            prev = best.get(eid)
            if prev is not None and prev.score >= score:
                continue
            best[eid] = Hit(
                self._entities[eid].entity_id,
                "name" if self._rec_alias[rid] == 0 else "alias",
                self._rec_text(rid),
                round(score, 4),
                round(name_score, 4),
                None if address_score is None else round(address_score, 4),
            )
            agree[eid] = (
                not forms.isdisjoint(self._rec_forms[rid]),
                ratio(q_legal, self._rec_legal[rid]),
            )

    def _rec_text(self, rid: int) -> str:
        """Record `rid` as listed: its entity's name or the alias it stands for."""
        alias_no = self._rec_alias[rid]
        entity = self._entities[self._rec_entity[rid]]
        return entity.name if alias_no == 0 else entity.aliases[alias_no - 1]

    def _spelling_cost(self, query: NormalisedName, latin: NormalisedName, rid: int) -> float:
        """`SPELLING_SHARE` of what the skeleton forgave between the query as written in
        Latin and record `rid` as written, if it is in Latin too (0..1)."""
        entity = self._entities[self._rec_entity[rid]]
        text = self._rec_text(rid)
        if not _latin(text):
            return 0.0
        written = normalise_name(text, legal_forms=entity.kind not in _PERSON_KINDS)
        if not written.tokens:
            return 0.0

        def alike(a: Sequence[str], b: Sequence[str]) -> float:
            by_order = ratio(" ".join(sorted(a)), " ".join(sorted(b)))
            return max(by_order, ratio("".join(a), "".join(b)))

        # Words once each on both sides, as the skeletons hold them: only spelling counts
        # ("alpha alpha" is no slip of "alpha").
        forgiven = alike(query.tokens, _skeletal(written).tokens) - alike(
            tuple(dict.fromkeys(latin.tokens)), tuple(dict.fromkeys(written.tokens))
        )
        return SPELLING_SHARE * max(0.0, forgiven) / 100

    def _legal_skeletons(self, legal: str) -> tuple[str, ...]:
        """The words of a record's legal form (as `_rec_legal` holds them) as skeletons."""
        words = self._legal_skel.get(legal)
        if words is None:
            words = self._legal_skel[legal] = tuple(skeleton(w) for w in legal.split())
        return words

    def _idf(self, token: str) -> float:
        tid = self._names.vocab.get(token)
        if tid is not None:
            return self._tid_idf[tid]
        # Short tokens say little, whatever their rarity.
        return math.log(len(self._rec_key) + 2) * min(1.0, len(token) / 4)

    def _coverage(
        self,
        q_toks: Sequence[str],
        q_joined: str,
        c_toks: Sequence[str],
        q_dropped: Sequence[str] = (),
        c_legal: Sequence[str] = (),
    ) -> float:
        """IDF-weighted share of both names' tokens found on the other side (0..1).

        Stops a name that shares only its common words ("Global Resources") from hitting one
        whose distinctive word it lacks ("ACME Global Resources"). A token counts as found
        when it is inside the other name written without spaces (split or joined words,
        pinyin syllables) or close to one of its tokens by edit ratio. A query token that is
        a slip of a word of the candidate's legal form (`c_legal`) counts as found by its
        similarity.
        """
        c_joined = "".join(c_toks)
        total = found = 0.0
        # The candidate's words may be found among the query's long-tail legal-form words.
        q_all = (*q_toks, *q_dropped)
        sides = ((q_toks, c_toks, c_joined), (c_toks, q_all, q_joined + "".join(q_dropped)))
        for mine, other, other_joined in sides:
            for tok in mine:
                weight = self._idf(tok)
                total += weight
                if len(tok) >= 2 and tok in other_joined:
                    found += weight
                    continue
                # (A ratio under 35 stays under 0.6 with swaps: they lift it by a quarter
                # at most.)
                near, score, _ = process.extractOne(tok, other, scorer=ratio, processor=None)
                sim = _word_similarity(tok, near) if score >= 35 else 0.0
                if c_legal and mine is q_toks and sim < LEGAL_SLIP:
                    sim = max(sim, _slip_of(tok, c_legal))
                if sim >= 0.6:
                    found += weight * sim
        return found / total if total else 0.0

    def _match_address(
        self, address: str, kind: str | None, address_threshold: float, best: dict[int, Hit]
    ) -> None:
        key = normalise_address(address)
        addresses = self._addresses
        tids = [addresses.vocab[t] for t in set(key.split()) if t in addresses.vocab]
        if not tids:
            return
        n = len(self._address_keys) + 1
        scores: dict[int, float] = {}
        for df, tid in sorted((addresses.df(t), t) for t in tids):
            if df > ADDRESS_MAX_POSTINGS and scores:
                break
            weight = math.log(n / df)
            for eid in addresses.records(tid)[: ADDRESS_MAX_POSTINGS * 4]:
                scores[eid] = scores.get(eid, 0.0) + weight
        for eid, _ in heapq.nlargest(CANDIDATES, scores.items(), key=itemgetter(1)):
            if eid in best:
                continue
            entity = self._entities[eid]
            if kind is not None and entity.kind != kind:
                continue
            score = compare_address(address, self._address_keys[eid])
            if score >= address_threshold:
                best[eid] = Hit(
                    entity.entity_id,
                    "address",
                    self._address_keys[eid],
                    round(score, 4),
                    None,
                    round(score, 4),
                )
