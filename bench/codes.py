"""Code search: latency of `catalogue().search` against a naive scan of every title.

Prints one JSON document: p50/p99 latency and queries/s of the indexed search and of the
peer (a substring scan over all codes, ranked by how many query words a title holds), the
catalogue's load time and peak memory. Run: .venv/bin/python bench/codes.py
"""

from __future__ import annotations

import json
import re
import statistics
import time
import tracemalloc

from tbmnet.codes import catalogue, load_catalogue

QUERIES = ["lead acid", "A1180", "plastic", "used oil", "8549.11", "e-waste", "batteries",
           "mercury", "clinical waste", "PCB", "asbestos", "Y46", "copper scrap", "R4",
           "household", "cathode-ray tubes", "spent catalysts", "tyres", "slag", "solvents"]


def naive(query: str, limit: int = 10) -> list[str]:
    words = re.findall(r"[a-z0-9]+", query.lower())
    scored = []
    for code in catalogue():
        text = f"{code.code} {code.title}".lower()
        hits = sum(word in text for word in words)
        if hits:
            scored.append((-hits, code.code))
    scored.sort()
    return [c for _, c in scored[:limit]]


def measure(search, rounds: int) -> dict:
    times = []
    for _ in range(rounds):
        for query in QUERIES:
            start = time.perf_counter()
            search(query)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"queries": len(times), "p50_ms": round(statistics.median(times), 4),
            "p99_ms": round(times[int(len(times) * 0.99) - 1], 4),
            "queries_per_s": round(len(times) / (sum(times) / 1000), 1)}


def main() -> None:
    tracemalloc.start()
    start = time.perf_counter()
    load_catalogue()
    load_s = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    catalogue().search("warm up")
    print(json.dumps({
        "codes": len(catalogue()), "load_s": round(load_s, 3),
        "load_peak_mb": round(peak / 2**20, 1),
        "tbmnet_search": measure(lambda q: catalogue().search(q), rounds=50),
        "peer_naive_scan": measure(naive, rounds=5),
    }, indent=2))


if __name__ == "__main__":
    main()
