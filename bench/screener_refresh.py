"""Benchmark: how long customs waits for the compiled screener after a shipment; prints JSON.

Customs screening (``tbmnet.apps.customs.sources.screener``) keeps one compiled screener per
process. A movement that uses a consent changes what customs must check (shipments and
tonnes left), so the next screening request must see it. This measures, with ``--consents``
consents in the database, on SQLite and PostgreSQL:

- **cold**: the first compile (every consent read and indexed, the watchlist compiled);
- **refresh** (ours): a shipment is recorded against a random consent
  (``notifications.services.record_shipment``, not timed), then ``screener()`` is timed:
  it finds the consents that changed with one narrow read and puts them in place;
- **peer**: the same, but the compiled screener is dropped first, so every consent is read
  and indexed again: what ``screener()`` did before (one version for all its sources).

The database is the demo world (``tbmnet init --demo``) with its consented notification
cloned ``--consents`` times by set-based SQL (not timed); the clones' notifiers are spread
over the demo organisations and they were last changed 30 days ago. Latencies are over
``--refreshes`` (ours) and ``--peer-refreshes`` (peer) timings; the process's peak memory
is given too.

Usage: .venv/bin/python bench/screener_refresh.py [--consents 100000] [--refreshes 50]
       [--peer-refreshes 3] [--db sqlite,postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgres://postgres@127.0.0.1:5432/tbmnet_screener_bench"


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _ms(values: list[float]) -> dict:
    return {"p50_ms": round(_percentile(values, 50) * 1000, 2),
            "p99_ms": round(_percentile(values, 99) * 1000, 2),
            "max_ms": round(max(values) * 1000, 2), "n": len(values)}


def _clone(connection, vendor: str, source_id: int, n: int) -> None:
    """Clone notification ``source_id`` with its states and consent ``n`` times."""
    from tbmnet.apps.notifications.models import Consent, Notification, StateConcerned
    from tbmnet.apps.registry.models import Organisation

    def columns(model) -> list[str]:
        return [f.column for f in model._meta.local_concrete_fields if f.column != "id"]

    if vendor == "postgresql":
        series = f"generate_series(1, {n}) AS s(g)"
        number = "'BX ' || lpad(s.g::text, 7, '0')"
        code = "'bx' || n.id::text"
    else:
        series = (f"(WITH RECURSIVE c(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM c "
                  f"WHERE g < {n}) SELECT g FROM c) AS s")
        number = "printf('BX %07d', s.g)"
        code = "'bx' || n.id"
    notifiers = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    pick = " ".join(f"WHEN {i} THEN {pk}" for i, pk in enumerate(notifiers))
    replace = {"number": number, "notifier_id": f"CASE s.g % {len(notifiers)} {pick} END"}
    cols = columns(Notification)
    table = Notification._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(cols)}) "
            f"SELECT {', '.join(replace.get(c, 'o.' + c) for c in cols)} "
            f"FROM {table} o, {series} WHERE o.id = {source_id}")
        for model, extra in ((StateConcerned, {}), (Consent, {"code": code})):
            cols = columns(model)
            values = {c: f"o.{c}" for c in cols} | {"notification_id": "n.id"} | extra
            cursor.execute(
                f"INSERT INTO {model._meta.db_table} ({', '.join(cols)}) "
                f"SELECT {', '.join(values[c] for c in cols)} "
                f"FROM {model._meta.db_table} o, {table} n "
                f"WHERE o.notification_id = {source_id} AND n.number LIKE 'BX %'")


def run_one(args) -> dict:
    """In a child process whose DATABASE_URL is the bench database."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tbmnet.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from tbmnet.apps.customs import sources
    from tbmnet.apps.notifications import services
    from tbmnet.apps.notifications.models import Notification, NotificationStatus
    from tbmnet.apps.registry import setup
    from tbmnet.demo import load_demo

    call_command("migrate", interactive=False, verbosity=0)
    setup.load_reference()
    for _ in load_demo():
        pass
    source = (Notification.objects.filter(status=NotificationStatus.CONSENTED,
                                          consent__revoked_at__isnull=True)
              .select_related("consent").order_by("pk").first())
    _clone(connection, connection.vendor, source.pk, args.consents)
    # consents issued over the past months, not all in the last minutes as cloned
    cloned = Notification.objects.filter(number__startswith="BX ")
    cloned.update(updated_at=timezone.now() - timedelta(days=30))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner knows the clones as they now are
    clones = list(cloned.values_list("pk", flat=True))

    started = time.perf_counter()
    screener = sources.screener()
    cold = time.perf_counter() - started
    rng = random.Random(7)
    on = source.consent.valid_from

    def ship() -> None:
        notification = Notification.objects.get(pk=rng.choice(clones))
        services.record_shipment(notification=notification, tonnes=Decimal("0.001"), on=on)

    ours = []
    for _ in range(args.refreshes):
        ship()
        started = time.perf_counter()
        refreshed = sources.screener()
        ours.append(time.perf_counter() - started)
    assert refreshed is screener, "the refresh compiled the screener again"
    peer = []
    for _ in range(args.peer_refreshes):
        ship()
        sources._compiled = None  # what every change did before: compile everything again
        started = time.perf_counter()
        sources.screener()
        peer.append(time.perf_counter() - started)
    return {"vendor": connection.vendor, "consents": len(sources.screener().consents),
            "cold_compile_s": round(cold, 2), "refresh": _ms(ours), "peer_full_compile": _ms(peer),
            "speedup_p50": round(_percentile(peer, 50) / _percentile(ours, 50), 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--consents", type=int, default=100_000)
    parser.add_argument("--refreshes", type=int, default=50)
    parser.add_argument("--peer-refreshes", type=int, default=3)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args)))
        return
    results = {}
    for db in args.db.split(","):
        env = dict(os.environ, TBMNET_DEBUG="0")
        with tempfile.TemporaryDirectory() as tmp:
            if db == "postgres":
                for sql in ("DROP DATABASE IF EXISTS tbmnet_screener_bench",
                            "CREATE DATABASE tbmnet_screener_bench"):
                    subprocess.run(["psql", PG_ADMIN, "-qc", sql], check=True,
                                   capture_output=True)
                env["DATABASE_URL"] = PG_BENCH
            else:
                env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
            env["TBMNET_MEDIA_ROOT"] = tmp
            child = subprocess.run(
                [sys.executable, __file__, "--child", "--consents", str(args.consents),
                 "--refreshes", str(args.refreshes), "--peer-refreshes",
                 str(args.peer_refreshes)], env=env, capture_output=True, text=True)
            if child.returncode:
                results[db] = {"error": child.stderr.strip().splitlines()[-1:]}
            else:
                results[db] = json.loads(child.stdout.strip().splitlines()[-1])
            if db == "postgres":
                subprocess.run(["psql", PG_ADMIN, "-qc",
                                "DROP DATABASE IF EXISTS tbmnet_screener_bench"],
                               capture_output=True)
    print(json.dumps({"bench": "screener_refresh", "consents": args.consents,
                      "results": results}, indent=2))


if __name__ == "__main__":
    main()
