"""Benchmark of the legality engine (tbmnet.rules); prints one JSON document.

Generates `--proposals` mixed movement proposals (seeded): states drawn from the packaged
party data (Basel Parties and non-Parties, Annex VII, Bamako, Waigani, OECD, and a few
states with no row), Annex VIII / IX / I / II codes, radioactive wastes, D and R operations,
0-3 transit states, dates 1990-2026 (so some codes are not in force: those proposals are
answered with an error, as in real use). On one core it measures:

- `engine`: `Engine.check` on parsed, validated proposals (the verdict itself);
- `end_to_end`: `check_one(dict)` = parse + validate + verdict + `as_dict` (what the CLI and
  API do per proposal, without JSON encoding);
- latency p50/p99 per verdict (a separate pass timing each call);
- peak memory (tracemalloc) of building the engine and of the run, and the process max RSS;
- the peer: the obvious implementation, the same rules but each party lookup scanning the
  list of party rows, on a subsample; its verdicts are compared with ours.

Usage: .venv/bin/python bench/legality.py [--proposals N] [--peer-proposals M] [--seed S]
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import random
import resource
import sys
import time
import tracemalloc
from datetime import date

from tbmnet.codes.reference import parties
from tbmnet.rules import Engine, ProposalError, check_one, parse_proposal
from tbmnet.rules.tables import PARTY, PartyTable, Standing, _standing

A = ["A1010", "A1020", "A1160", "A1170", "A1180", "A1181", "A2010", "A3020", "A3210", "A4060",
     "A4030"]
B = ["B1010", "B1020", "B1110", "B2010", "B3010", "B3011", "B3020", "B4030"]
Y = ["Y8", "Y9", "Y18", "Y31", "Y46", "Y47", "Y48", "Y49"]
OPS = ["D1", "D5", "D9", "D10", "D13", "R1", "R3", "R4", "R5", "R9", "R12", "R13"]
EXTRA_STATES = ["BR", "NU", "PS", "MH", "PW", "AQ"]


def proposals(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    states = sorted({row.country for row in parties() if row.country != "EU"} |
                    set(EXTRA_STATES))
    hot = ["JP", "MY", "SG", "CN", "PH", "SN", "CI", "NE", "BE", "NL", "AU", "FJ", "US", "DE",
           "TO", "CA", "MA", "NZ"]
    start = date(1990, 1, 1).toordinal()
    out = []
    for _ in range(n):
        pick = lambda: rng.choice(hot) if rng.random() < 0.6 else rng.choice(states)  # noqa: E731
        exp, imp = pick(), pick()
        while imp == exp:
            imp = pick()
        kind = rng.random()
        basel, ys, radioactive = [], [], False
        if kind < 0.45:
            basel = rng.sample(A, rng.randint(1, 2))
            ys = rng.sample(Y[:4], rng.randint(0, 1))
        elif kind < 0.75:
            basel = rng.sample(B, rng.randint(1, 2))
        elif kind < 0.95:
            ys = rng.sample(Y[4:], 1)
        else:
            radioactive = True
        out.append({
            "waste": {"basel_codes": basel, "y_codes": ys, "h_codes": [], "oecd_codes": [],
                      "hs_codes": [], "radioactive": radioactive, "description": ""},
            "state_of_export": exp, "state_of_import": imp,
            "states_of_transit": [pick() for _ in range(rng.choice((0, 0, 1, 1, 2, 3)))],
            "operation": rng.choice(OPS),
            "date": (date.fromordinal(start + rng.randint(0, 365 * 37))).isoformat()})
    return out


class ScanningPartyTable(PartyTable):
    """The obvious approach: keep the rows in a list and scan it for every lookup."""

    def __init__(self, rows) -> None:
        super().__init__(rows)
        self.rows = list(rows)

    def standing(self, instrument, country, on):
        party = non = None
        for row in self.rows:
            if row.instrument == instrument and row.country == country:
                if row.role == "non_party":
                    non = row
                elif party is None:
                    party = row
        if party is not None and (party.date_of_effect is None or party.date_of_effect <= on):
            return _standing(party, PARTY)
        if non is not None:
            return _standing(non, "non_party")
        if party is not None:
            return Standing("non_party", party.role, party.verification, party.date_of_effect)
        return Standing("unlisted", "", "U", explanation="no row in the party table")

    def role(self, instrument, country):
        for row in self.rows:
            if row.instrument == instrument and row.country == country and \
                    row.role != "non_party":
                return row.role
        return ""


def rate(fn, items) -> tuple[float, float, float]:
    """Items per second of CPU time on this one core, and the wall-clock rate (lower when
    other processes share the machine)."""
    gc.collect()
    c0, t0 = time.process_time(), time.perf_counter()
    for item in items:
        fn(item)
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    return len(items) / cpu, len(items) / wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--proposals", type=int, default=100_000)
    ap.add_argument("--peer-proposals", type=int, default=5_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    tracemalloc.start()
    t0 = time.perf_counter()
    engine = Engine()
    build_s = time.perf_counter() - t0
    engine_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()

    raw = proposals(args.proposals, args.seed)
    parsed, errors = [], 0
    for obj in raw:
        try:
            p = parse_proposal(obj)
            engine.validate(p)
            parsed.append(p)
        except ProposalError:
            errors += 1

    check = engine.check
    engine_rate, engine_wall_rate, engine_s = rate(check, parsed)
    e2e_rate, e2e_wall_rate, e2e_s = rate(lambda obj: check_one(obj, engine), raw)

    latencies = []
    clock = time.perf_counter_ns
    for p in parsed:
        t = clock()
        check(p)
        latencies.append(clock() - t)
    latencies.sort()
    e2e_lat = []
    for obj in raw[:20_000]:
        t = clock()
        check_one(obj, engine)
        e2e_lat.append(clock() - t)
    e2e_lat.sort()

    tracemalloc.start()
    for p in parsed[:20_000]:
        check(p).as_dict()
    run_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    verdicts = {}
    for p in parsed:
        v = check(p).verdict
        verdicts[v] = verdicts.get(v, 0) + 1

    naive = Engine(parties=ScanningPartyTable(parties()).rows, regions=engine.regions)
    naive.parties = ScanningPartyTable(parties())
    sample = parsed[:args.peer_proposals]
    naive_rate, naive_wall_rate, naive_s = rate(naive.check, sample)
    disagreements = sum(naive.check(p).verdict != check(p).verdict for p in sample)

    pct = lambda xs, q: xs[min(len(xs) - 1, int(q * len(xs)))] / 1000  # noqa: E731
    print(json.dumps({
        "benchmark": "legality",
        "note": "rates are per CPU-second of this process on one core (time.process_time); "
                "wall-clock rates are lower when the machine is shared; latencies are wall",
        "python": sys.version.split()[0], "machine": platform.machine(),
        "processor": platform.processor() or platform.machine(), "cores_used": 1,
        "proposals": len(raw), "answered_with_verdict": len(parsed),
        "answered_with_error": errors, "verdicts": verdicts,
        "engine": {"verdicts_per_s": round(engine_rate), "cpu_seconds": round(engine_s, 3),
                   "verdicts_per_s_wall_clock": round(engine_wall_rate),
                   "latency_us_p50": round(pct(latencies, 0.50), 2),
                   "latency_us_p99": round(pct(latencies, 0.99), 2),
                   "target_verdicts_per_s": 50_000,
                   "meets_target": engine_rate >= 50_000},
        "end_to_end_dict_in_dict_out": {
            "proposals_per_s": round(e2e_rate), "cpu_seconds": round(e2e_s, 3),
            "proposals_per_s_wall_clock": round(e2e_wall_rate),
            "latency_us_p50": round(pct(e2e_lat, 0.50), 2),
            "latency_us_p99": round(pct(e2e_lat, 0.99), 2)},
        "memory": {"engine_tables_bytes": engine_bytes,
                   "run_peak_traced_bytes_20k_verdicts": run_peak,
                   "process_max_rss_mb": round(
                       resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)},
        "engine_build_s": round(build_s, 3),
        "party_rows": len(parties()), "national_rules": len(engine.national),
        "peer_scanning_party_rows": {
            "what": "same rules, each party lookup scans the list of party rows",
            "proposals": len(sample), "verdicts_per_s": round(naive_rate),
            "cpu_seconds": round(naive_s, 3),
            "verdicts_per_s_wall_clock": round(naive_wall_rate),
            "speedup_of_engine": round(engine_rate / naive_rate, 1),
            "verdict_disagreements": disagreements},
    }, indent=2))


if __name__ == "__main__":
    main()
