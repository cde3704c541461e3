"""Benchmark of tbmnet.screening on a generated customs workload; prints one JSON document.

Full size (issue 6): 100 000 consents, a watchlist of 1 000 000 entities, 1 000 000
declarations. `--scale` shrinks all three (default 0.05: 5 000 / 50 000 / 50 000, a few
minutes on 2 cores); `--scale 1` is the full run. The JSON says what size ran.

Watchlist: the real OFAC SDN, UN consolidated and BIS DPL entities of
../shared/data/sanctions_lists/ (loaded by bench/matching.py), 20 % held out as hard negatives,
topped up with synthetic fillers (bench/matching.py). Consents: synthetic notifiers and
consignees on routes between the demo states, with HS codes of waste streams. Declarations:
shipments under a consent (cited, some with an expired consent, excess quantity, other party,
other route or other HS code), uncited ones, ordinary goods, waste without consent, and
parties that are labelled variants of listed entities (typo, word order, legal form,
Cyrillic, original script…, made by bench/matching.py) or held-out real names.

Measured in one process (so per core): declarations per second, p50/p99 latency of one whole
declaration (parse + screen) and of one watchlist name query, peak memory, and watchlist
precision/recall per party on the labels (all parties, and the company parties alone; a hit
on a namesake of the labelled entity, listed under the same name, counts as right). Labels are
the bench's own, as in bench/matching.py: fillers are built from the listed names' words only,
a held-out name whose plain key is a listed name is no negative, and the entities are shuffled
before the index is built (until 2026-11-24 none of this held here: fillers could rebuild a
held-out name, namesakes counted as misses, listed entities came first). Peers on a
subsample of the same declarations, through the same screening engine with the name matcher
swapped: (a) the obvious approach, a rapidfuzz WRatio scan of every name and alias; (b)
nomenklatura logic-v2 scoring our index's top candidates. `--workers N` also runs the whole
stream over N forked processes.

Usage: .venv/bin/python bench/screening.py [--scale 0.05] [--workers 2] [--seed 7]
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import platform
import random
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import matching as mbench  # noqa: E402  (bench/matching.py: real names, variants, fillers)

from tbmnet.matching import DEFAULT_THRESHOLD, Entity, Hit  # noqa: E402
from tbmnet.screening import ConsentRecord, Screener, Watchlist, load_profiles  # noqa: E402
from tbmnet.screening.legality import Legality  # noqa: E402
from tbmnet.screening.profiles import EXAMPLE_PROFILES  # noqa: E402
from tbmnet.screening.waste import WasteJudge  # noqa: E402

STATES = ["JP", "SG", "MY", "CN", "PH", "SN", "CI", "NE", "BE", "NL", "AU", "FJ", "US", "KR",
          "TH", "VN", "ID", "DE", "FR", "GB"]
OFFICE = {s: f"{s}XXX" for s in STATES}
OFFICE["MY"] = "MYPKG"
WASTE_HS = ["854911", "854912", "854931", "854999", "391590", "391510", "391530", "271099",
            "720449", "740400", "760200", "262060", "382510", "470790", "630900", "401220"]
GOODS_HS = ["940360", "610910", "851713", "847130", "870323", "300490", "220421", "090111",
            "392690", "732690", "852872", "841810", "640399", "950300", "030617", "100630"]
GOODS_TEXT = {"940360": "wooden furniture", "610910": "cotton T-shirts", "851713": "smartphones",
              "847130": "laptop computers, boxed", "870323": "passenger cars",
              "300490": "medicaments in doses", "220421": "red wine in bottles",
              "090111": "green coffee beans", "392690": "plastic household articles",
              "732690": "steel fittings", "852872": "LED television sets",
              "841810": "refrigerator-freezers", "640399": "leather shoes",
              "950300": "toys", "030617": "frozen shrimps", "100630": "milled rice"}
WASTE_TEXT = {"854911": "spent lead-acid batteries", "854912": "waste Ni-Cd batteries",
              "854931": "printed circuit board scrap", "854999": "e-waste, mixed",
              "391590": "plastic scrap", "391510": "PE film scrap", "391530": "PVC scrap",
              "271099": "used oil and water slops", "720449": "HMS steel scrap",
              "740400": "copper scrap", "760200": "aluminium scrap",
              "262060": "residues containing arsenic", "382510": "municipal waste",
              "470790": "mixed waste paper", "630900": "worn clothing, mixed",
              "401220": "used tyres"}
DAY0 = date(2026, 1, 1)


# Unlisted traders: made-up words from syllables the watchlist fillers do not use (fillers
# are built from bench/matching.py's syllables), plus a trade word and a legal form.
_ONSETS = ["ch", "sh", "th", "wh", "qu", "j", "h", "c", "w", "y", "x", "tr", "gl", "br"]
_NUCLEI = ["ai", "ou", "ei", "oa", "ua", "ey", "oo", "au"]
_TRADE = ["Trading", "Recycling", "Metals", "Logistics", "Industries", "Resources",
          "Enterprise", "Plastics", "Environmental", "Holdings", "Import Export", "Global"]


def company(rng: random.Random) -> str:
    word = "".join(rng.choice(_ONSETS) + rng.choice(_NUCLEI) for _ in range(rng.randint(2, 3)))
    extra = " " + rng.choice(_TRADE) if rng.random() < 0.8 else ""
    return f"{word.capitalize()}{extra} {rng.choice(mbench._LEGAL)}"


def make_consents(n: int, rng: random.Random) -> list[ConsentRecord]:
    """Consents only where the law allows one: no consent exists for a prohibited route."""
    legality, judge = Legality(), WasteJudge()
    allowed_routes: dict[tuple[str, str, str], bool] = {}

    def lawful(exp: str, imp: str, hs: str) -> bool:
        key = (exp, imp, hs)
        if key not in allowed_routes:
            main = [c.basel_code for c in judge.table.lookup(hs, DAY0) if c.strength == "strong"]
            allowed_routes[key] = all(
                legality.verdict(code, exp, imp, (), DAY0, hs).verdict != "prohibited"
                for code in main)
        return allowed_routes[key]

    out = []
    for i in range(n):
        hs = rng.choice(WASTE_HS)
        exp, imp = rng.sample(STATES, 2)
        while not lawful(exp, imp, hs):
            exp, imp = rng.sample(STATES, 2)
        transit = tuple(s for s in rng.sample(STATES, 2) if s not in (exp, imp))[:1]
        start = DAY0 + timedelta(days=rng.randint(-200, 200))
        allowed = rng.choice([None, 12, 24])
        qty = rng.choice([None, 100_000.0, 500_000.0, 2_000_000.0])
        out.append(ConsentRecord(
            f"{exp}-2026-{i:06d}", exp, imp, company(rng), company(rng), start,
            start + timedelta(days=364), "consented", transit, (hs,), (),
            allowed, rng.randint(0, 6) if allowed else 0, qty,
            qty * rng.random() * 0.5 if qty else 0.0,
            tuple(f"{exp}-2026-{i:06d}-{k:03d}" for k in range(1, 4))))
    return out


def declaration(i: int, rng: random.Random, consents: list[ConsentRecord],
                listed: list[Entity], held_out: list[Entity]) -> tuple[dict, dict]:
    """One declaration row and its labels: per party (`exporter`, `importer`) the listed
    entity it names (None if none) and its kind (an unlisted trader is a company)."""
    r = rng.random()
    day = DAY0 + timedelta(days=rng.randint(0, 300))
    labels: dict[str, tuple[str | None, str]] = {"exporter": (None, "company"),
                                                 "importer": (None, "company")}
    row = {"declaration_id": f"D{i:08d}", "date": day.isoformat(), "direction": "import",
           "exporter_address": "", "importer_address": "", "notification_number": "",
           "movement_id": "", "containers": f"MSKU{rng.randint(1000000, 9999999)}",
           "states_of_transit": ""}
    if r < 0.65:  # a shipment under a consent
        c = rng.choice(consents)
        day = max(c.valid_from, min(c.valid_until, day))
        row.update(date=day.isoformat(), state_of_export=c.state_of_export,
                   state_of_import=c.state_of_import, customs_office=OFFICE[c.state_of_import],
                   hs_code=c.hs_codes[0], description=WASTE_TEXT[c.hs_codes[0]],
                   exporter_name=c.notifier_name, importer_name=c.consignee_name,
                   net_mass_kg=str(rng.randint(5_000, 25_000)),
                   states_of_transit="|".join(c.states_of_transit))
        if r < 0.55:
            row["notification_number"] = c.notification_number
            row["movement_id"] = rng.choice(c.movement_ids)
        fault = rng.random()
        if fault < 0.03:
            row["date"] = (c.valid_until + timedelta(days=rng.randint(1, 60))).isoformat()
        elif fault < 0.06:
            row["net_mass_kg"] = str(3_000_000)
        elif fault < 0.08:
            row["exporter_name"] = company(rng)
        elif fault < 0.10:
            row["state_of_export"] = rng.choice([s for s in STATES if s not in (
                c.state_of_export, c.state_of_import)])
        elif fault < 0.12:
            row["hs_code"] = rng.choice([h for h in WASTE_HS if h != c.hs_codes[0]])
    else:
        exp, imp = rng.sample(STATES, 2)
        waste = r >= 0.9
        hs = rng.choice(WASTE_HS if waste else GOODS_HS)
        row.update(state_of_export=exp, state_of_import=imp, customs_office=OFFICE[imp],
                   hs_code=hs, description=(WASTE_TEXT if waste else GOODS_TEXT)[hs],
                   exporter_name=company(rng), importer_name=company(rng),
                   net_mass_kg=str(rng.randint(500, 25_000)),
                   declared_value=str(rng.randint(1_000, 200_000)))
    party = rng.random()
    role = "exporter" if rng.random() < 0.7 else "importer"
    if party < 0.06:  # a listed entity, written differently: a labelled positive
        for _ in range(20):
            e = rng.choice(listed)
            v = mbench.variant(e, rng)
            if v is not None and v[1].strip():
                row[f"{role}_name"] = v[1]
                labels[role] = (e.entity_id, e.kind)
                break
    elif party < 0.10 and held_out:  # a real name that is not listed: a hard negative
        e = rng.choice(held_out)
        row[f"{role}_name"] = e.name
        labels[role] = (None, e.kind)
    return row, labels


# -- peers: name matchers with the same interface as WatchlistIndex.match -------------------


class TimedMatcher:
    """Wraps a matcher and records the latency of each name query (ms)."""

    def __init__(self, inner) -> None:
        self.inner, self.times = inner, []

    def match(self, name: str, **kw) -> list[Hit]:
        t0 = time.perf_counter()
        hits = self.inner.match(name, **kw)
        if name:  # container identifier look-ups are not name queries
            self.times.append((time.perf_counter() - t0) * 1000)
        return hits


class RapidfuzzScan:
    """The obvious approach: WRatio over every name and alias of the watchlist."""

    threshold = 0.88  # as in bench/matching.py

    def __init__(self, entities: list[Entity]) -> None:
        from rapidfuzz import utils

        self.choices, self.owners = [], []
        for e in entities:
            for text in (e.name, *e.aliases):
                self.choices.append(utils.default_process(text))
                self.owners.append((e.entity_id, text, text != e.name))

    def match(self, name: str, *, identifiers: Iterable[str] = (), limit: int = 5,
              **_: object) -> list[Hit]:
        from rapidfuzz import fuzz, process, utils

        if not name:
            return []
        found = process.extract(utils.default_process(name), self.choices, scorer=fuzz.WRatio,
                                processor=None, score_cutoff=self.threshold * 100, limit=limit)
        out, seen = [], set()
        for _, score, idx in found:
            eid, text, alias = self.owners[idx]
            if eid not in seen:
                seen.add(eid)
                out.append(Hit(eid, "alias" if alias else "name", text, round(score / 100, 4)))
        return out


class NomenklaturaV2:
    """nomenklatura logic-v2 scoring the top candidates of our index."""

    threshold = 0.7  # as in bench/matching.py

    def __init__(self, index, by_id: dict[str, Entity], top_n: int = 10) -> None:
        from followthemoney import model
        from nomenklatura.matching import get_algorithm

        self.model, self.index, self.by_id, self.top_n = model, index, by_id, top_n
        self.algo = get_algorithm("logic-v2")
        self.config = self.algo.default_config()
        self.proxies: dict[str, object] = {}
        self.queries = 0  # each query proxy needs its own id: logic-v2 caches by id

    def _proxy(self, eid: str, kind: str, names: list[str]):
        schema = {"company": "Company", "person": "Person", "vessel": "Vessel"}
        p = self.model.make_entity(schema.get(kind, "LegalEntity"))
        p.id = eid
        p.add("name", names)
        return p

    def match(self, name: str, *, limit: int = 5, **kw: object) -> list[Hit]:
        if not name:
            return []
        cands = self.index.match(name, limit=self.top_n, threshold=0.0)
        self.queries += 1
        qid = f"q{self.queries}"
        query = self._proxy(qid, "company", [name])
        out = []
        for hit in cands:
            e = self.by_id[hit.entity_id]
            cp = self.proxies.get(e.entity_id)
            if cp is None:
                cp = self.proxies[e.entity_id] = self._proxy(e.entity_id, e.kind,
                                                             [e.name, *e.aliases])
            if not cp.schema.can_match(query.schema):
                query = self._proxy(qid, "person" if e.kind == "person" else "company", [name])
                if not cp.schema.can_match(query.schema):
                    continue
            score = self.algo.compare(query, cp, self.config).score
            if score >= self.threshold:
                out.append(Hit(e.entity_id, "name", e.name, round(score, 4)))
        return sorted(out, key=lambda h: -h.score)[:limit]


# -- measuring --------------------------------------------------------------------------------


def pct(values: list[float], p: float) -> float:
    return mbench.pct(values, p) if values else 0.0


def party_prf(results: list[dict], labels: list[dict], namesakes: dict[str, frozenset[str]],
              kind: str | None = None) -> dict:
    """Per party (of `kind`, or all): the top watchlist hit must be the labelled entity or one
    of its namesakes (entities listed under the same name: the name cannot tell them apart),
    or none for a party that is not listed."""
    tp = fp = fn = 0
    for result, label in zip(results, labels, strict=True):
        best: dict[str, tuple[float, str]] = {}
        for f in result.get("flags", ()):
            if f["code"] == "watchlist_hit" and f["party"] in ("exporter", "importer"):
                if f["score"] > best.get(f["party"], (0.0, ""))[0]:
                    best[f["party"]] = (f["score"], f["entity"]["entity_id"])
        for role in ("exporter", "importer"):
            (target, party_kind), top = label[role], best.get(role, (0.0, None))[1]
            if kind is not None and party_kind != kind:
                continue
            if target is None:
                fp += top is not None
            elif top == target or top in namesakes.get(target, ()):
                tp += 1
            else:
                fn += 1
                fp += top is not None
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "positives": tp + fn, "true_positives": tp, "false_positives": fp}


def run(screener: Screener, rows: list[dict]) -> tuple[list[dict], list[float], float, float]:
    results, times = [], []
    t_start, cpu_start = time.perf_counter(), time.process_time()
    for row in rows:
        t0 = time.perf_counter()
        results.append(screener.screen_row(row))
        times.append((time.perf_counter() - t0) * 1000)
    return (results, times, time.perf_counter() - t_start,
            time.process_time() - cpu_start)


def namesakes_of(entities: list[Entity], targets: set[str]) -> dict[str, frozenset[str]]:
    """Per target entity, the other entities carrying its name as a name or alias, by the
    bench's own plain key (bench/matching.py), never the engine's normaliser."""
    keys = {e.entity_id: mbench.plain_key(e.name) for e in entities if e.entity_id in targets}
    holders: dict[str, set[str]] = {key: set() for key in keys.values()}
    for e in entities:
        for text in (e.name, *e.aliases):
            ids = holders.get(mbench.plain_key(text))
            if ids is not None:
                ids.add(e.entity_id)
    return {eid: frozenset(holders[key] - {eid}) for eid, key in keys.items()
            if len(holders[key]) > 1}


def figures(results, times, wall, cpu, labels, name_times, namesakes) -> dict:
    decisions = Counter(r.get("decision", "error") for r in results)
    flags = Counter(f["code"] for r in results for f in r.get("flags", ()))
    return {
        "declarations": len(results),
        "declarations_per_s": round(len(results) / wall, 1),
        "declarations_per_cpu_s": round(len(results) / cpu, 1) if cpu else None,
        "declaration_latency_ms": {"p50": pct(times, 50), "p99": pct(times, 99),
                                   "mean": round(statistics.mean(times), 4),
                                   "max": round(max(times), 3)},
        "name_query_latency_ms": {"p50": pct(name_times, 50), "p99": pct(name_times, 99),
                                  "queries": len(name_times),
                                  "party_lookups": 2 * sum("error" not in r for r in results),
                                  "note": "a party the screener saw recently is answered from "
                                          "its memory: only the other lookups query the "
                                          "matcher, and only those are timed"},
        "watchlist_per_party": party_prf(results, labels, namesakes),
        "watchlist_per_company_party": party_prf(results, labels, namesakes, "company"),
        "decisions": dict(decisions),
        "flags": dict(flags.most_common()),
    }


_WORKER: Screener | None = None


def _work(rows: list[dict]) -> int:
    assert _WORKER is not None
    for row in rows:
        _WORKER.screen_row(row)
    return len(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", type=float, default=0.05,
                    help="share of the full size (100k consents, 1M entities, 1M declarations)")
    ap.add_argument("--scan-declarations", type=int, default=60,
                    help="declarations for the rapidfuzz full-scan peer (subsample)")
    ap.add_argument("--peer-declarations", type=int, default=400,
                    help="declarations for the nomenklatura peer (subsample)")
    ap.add_argument("--peer-candidates", type=int, default=10)
    ap.add_argument("--workers", type=int, default=0,
                    help="also screen the stream over this many forked processes")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    t_all = time.perf_counter()
    n_consents = max(100, int(100_000 * args.scale))
    n_entities = max(1_000, int(1_000_000 * args.scale))
    n_declarations = max(1_000, int(1_000_000 * args.scale))

    real = mbench.load_real()
    rng.shuffle(real)
    n_held = len(real) // 5
    held_out, listed = real[:n_held], real[n_held:][:n_entities]
    # Fillers draw on the listed names' words only (words of held-out names would put those
    # "not listed" names on the list), and a held-out name whose plain key is a listed name
    # or alias is no negative (as in bench/matching.py).
    entities = listed + mbench.make_fillers(listed, max(0, n_entities - len(listed)), rng)
    listed_keys = {mbench.plain_key(t) for e in entities for t in (e.name, *e.aliases)}
    negatives = [e for e in held_out if mbench.plain_key(e.name) not in listed_keys]
    consents = make_consents(n_consents, rng)
    rows, labels = [], []
    for i in range(n_declarations):
        row, label = declaration(i, rng, consents, listed, negatives)
        rows.append(row)
        labels.append(label)

    namesakes = namesakes_of(entities, {t for x in labels for t, _ in x.values() if t})
    # Index order carries no label (listed entities first would favour them on ties).
    random.Random(args.seed + 1).shuffle(entities)

    gc.collect()
    t0 = time.perf_counter()
    watchlist = Watchlist.build(entities)
    index = watchlist.matcher
    timed = TimedMatcher(index)
    screener = Screener(consents=consents, watchlist=Watchlist(timed, watchlist.entities),
                        profiles=load_profiles(EXAMPLE_PROFILES))
    build_s = time.perf_counter() - t0
    screener.screen_row(rows[0])  # warm-up: loads the legality engine and the code lists
    timed.times.clear()
    results, times, wall, cpu = run(screener, rows)
    ours = figures(results, times, wall, cpu, labels, timed.times, namesakes)
    ours["build_s"] = round(build_s, 2)
    ours["legality_engine"] = ("tbmnet.rules" if screener.legality.uses_rules_engine
                               else "annexes only")

    peers: dict[str, dict] = {}
    by_id = watchlist.entities
    for key, make, n in (
        ("rapidfuzz_scan", lambda: RapidfuzzScan(entities), args.scan_declarations),
        ("nomenklatura_logic_v2",
         lambda: NomenklaturaV2(index, by_id, args.peer_candidates), args.peer_declarations),
    ):
        # Half the subsample from declarations naming a listed party, so that recall is
        # measured on enough positives; ours is scored on the very same declarations.
        pos = [i for i, x in enumerate(labels) if any(t for t, _ in x.values())]
        neg = [i for i, x in enumerate(labels) if not any(t for t, _ in x.values())]
        sub = sorted(rng.sample(pos, min(n // 2, len(pos)))
                     + rng.sample(neg, min(n - n // 2, len(neg))))
        sub_rows = [rows[i] for i in sub]
        sub_labels = [labels[i] for i in sub]
        try:
            matcher = TimedMatcher(make())
        except Exception as exc:  # noqa: BLE001 - reported in the JSON, not hidden
            peers[key] = {"error": f"{type(exc).__name__}: {exc}"}
            continue
        peer = Screener(consents=screener.consents, profiles=screener.profiles,
                        legality=screener.legality, waste=screener.waste,
                        watchlist=Watchlist(matcher, by_id), remember_exporters=False)
        peer.screen_row(sub_rows[0])
        matcher.times.clear()
        p_results, p_times, p_wall, p_cpu = run(peer, sub_rows)
        peers[key] = figures(p_results, p_times, p_wall, p_cpu, sub_labels, matcher.times,
                             namesakes)
        peers[key]["threshold"] = matcher.inner.threshold
        # ours on the very same declarations, for a like-for-like comparison
        peers[key]["tbmnet_same_subsample"] = {
            "watchlist_per_party": party_prf([results[i] for i in sub], sub_labels, namesakes),
            "watchlist_per_company_party": party_prf([results[i] for i in sub], sub_labels,
                                                     namesakes, "company"),
            "declaration_latency_ms": {"p50": pct([times[i] for i in sub], 50),
                                       "p99": pct([times[i] for i in sub], 99)}}
    peers["rapidfuzz_scan"]["method"] = (
        "rapidfuzz process.extract, WRatio, default_process, over every name and alias; "
        "screening engine otherwise identical")
    peers["nomenklatura_logic_v2"]["method"] = (
        f"nomenklatura logic-v2 scoring the top {args.peer_candidates} candidates of our index "
        "(candidate retrieval included in its time); screening engine otherwise identical")

    multi = None
    if args.workers > 1:
        global _WORKER
        _WORKER = Screener(consents=consents, watchlist=watchlist,
                           profiles=load_profiles(EXAMPLE_PROFILES))
        _WORKER.screen_row(rows[0])
        chunks = [rows[k::args.workers] for k in range(args.workers)]
        ctx = multiprocessing.get_context("fork")
        t0 = time.perf_counter()
        with ctx.Pool(args.workers) as pool:
            done = sum(pool.map(_work, chunks))
        elapsed = time.perf_counter() - t0
        multi = {"workers": args.workers, "declarations": done,
                 "declarations_per_s": round(done / elapsed, 1),
                 "note": "forked after the index was built (copy-on-write); includes pool "
                         "start-up"}

    doc = {
        "bench": "tbmnet.screening",
        "size": {
            "scale": args.scale,
            "full_size": args.scale >= 1.0,
            "consents": len(consents),
            "watchlist_entities": len(entities),
            "real_entities_listed": len(listed),
            "synthetic_fillers": len(entities) - len(listed),
            "real_held_out_as_negatives": len(negatives),
            "held_out_dropped_same_key_as_listed": len(held_out) - len(negatives),
            "labelled_parties_with_namesakes": sum(
                1 for x in labels for t, _ in x.values() if t in namesakes),
            "declarations": len(rows),
            "labelled_listed_parties": sum(1 for x in labels for t, _ in x.values() if t),
            "risk_profiles": len(screener.profiles),
        },
        "machine": {"python": platform.python_version(),
                    "cpu": platform.processor() or platform.machine(),
                    "cores": multiprocessing.cpu_count(), "single_process": True},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "targets_one_core": {"declarations_per_s": 2000, "name_query_p50_ms": 0.3,
                             "name_query_p99_ms": 2.0, "declaration_p99_ms": 10.0,
                             "company_f1": 0.90, "company_recall": 0.95},
        "watchlist_threshold": DEFAULT_THRESHOLD,
        "tbmnet": ours,
        "tbmnet_multiprocess": multi,
        "peers": peers,
        "seed": args.seed,
        "wall_s": round(time.perf_counter() - t_all, 1),
    }
    print(json.dumps(doc, indent=2))


if __name__ == "__main__":
    main()
