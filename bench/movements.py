"""Benchmark of the movements module; prints JSON.

For each database (SQLite file, PostgreSQL ``postgres://postgres@127.0.0.1:5432/tbmnet_bench``,
created and dropped here), it fills the tables with ``--movements`` movements and
``--events`` events (bulk insert, not timed), then
- posts ``--post`` events through the API (``POST /api/v1/movements/{id}/events`` with a bearer
  token and an ``Idempotency-Key``; Django's in-process test client, so no network) and reports
  events/s and latency percentiles;
- times ``run_overdue`` (the job of ``tbmnet deadlines run``) over all movements: the first run
  raises the alerts, the second finds nothing new.

Targets (issue 5): 1 000 events/s on PostgreSQL; overdue scan of 1 million movements < 2 s.
Usage: .venv/bin/python bench/movements.py [--events 1000000] [--movements 1000000]
       [--post 2000] [--db sqlite,postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgres://postgres@127.0.0.1:5432/tbmnet_bench"


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def child(args) -> dict:
    """Runs in a fresh process whose DATABASE_URL is the database under test."""
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "tbmnet.settings"
    import django

    django.setup()
    from datetime import timedelta
    from decimal import Decimal

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from tbmnet.apps.movements import services
    from tbmnet.apps.movements.models import Movement, MovementEvent
    from tbmnet.apps.registry.tokens import create_token
    from tests.movements.factories import World

    call_command("migrate", interactive=False, verbosity=0)
    today = timezone.localdate()
    world = World()
    notification = world.notification(valid_from=today - timedelta(days=400),
                                      valid_until=today + timedelta(days=300),
                                      shipments=args.movements + args.post + 10, tonnes="")
    common = dict(notification=notification, total=notification.shipments,
                  created_by=world.notifier, announced_at=timezone.now(),
                  quantity_tonnes=Decimal("20"), export_state="JP", import_state="MY",
                  transit_states=["SG"], export_authority=world.authorities["JP"],
                  import_authority=world.authorities["MY"], facility=world.facility_org)

    started = time.perf_counter()
    batch = 20_000
    for start in range(0, args.movements, batch):
        rows = []
        for i in range(start, min(start + batch, args.movements)):
            # one in ten past its deadline (receipt or certificate), the rest still running
            overdue = i % 10 == 0
            due = today - timedelta(days=1 + i % 300) if overdue else \
                today + timedelta(days=1 + i % 300)
            received = i % 2 == 0
            rows.append(Movement(
                serial=i + 1, code=f"b{i}", departure_on=today - timedelta(days=30),
                expected_arrival_on=today - timedelta(days=20),
                status="received" if received else "exported",
                due_kind="certificate" if received else "receipt", due_on=due, **common))
        Movement.objects.bulk_create(rows, batch_size=5_000)
    first_id = Movement.objects.order_by("id").values_list("id", flat=True).first()
    per_movement = max(1, args.events // max(args.movements, 1))
    now = timezone.now()
    written = 0
    while written < args.events:
        rows = []
        for j in range(min(batch, args.events - written)):
            n = written + j
            rows.append(MovementEvent(
                movement_id=first_id + (n // per_movement) % args.movements, kind="handover",
                message="TransportStatement", status_after="departed", state="JP",
                occurred_at=now, recorded_at=now, actor=world.carrier,
                organisation=world.carrier_org, data={"means": "S"},
                idempotency_key=f"fill-{n}", request_hash="x"))
        MovementEvent.objects.bulk_create(rows, batch_size=5_000)
        written += len(rows)
    fill_seconds = time.perf_counter() - started

    # The movements whose events are posted: announced, carried by the benchmark's carrier.
    fresh = Movement.objects.bulk_create([
        Movement(serial=args.movements + i + 1, code=f"p{i}", departure_on=today,
                 expected_arrival_on=today + timedelta(days=10), status="announced",
                 due_kind="receipt", due_on=today + timedelta(days=13), **common)
        for i in range(args.post)])
    ids = list(Movement.objects.filter(code__startswith="p").values_list("id", flat=True))
    Movement.carriers.through.objects.bulk_create([
        Movement.carriers.through(movement_id=i, organisation_id=world.carrier_org.pk)
        for i in ids])
    assert len(fresh) == args.post
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(username='carrier.sg')}"}
    latencies = []
    began = time.perf_counter()
    for number, movement_id in enumerate(ids):
        t0 = time.perf_counter()
        response = client.post(f"/api/v1/movements/{movement_id}/events",
                               {"kind": "handover", "data": {"means": "S"}},
                               content_type="application/json",
                               HTTP_IDEMPOTENCY_KEY=f"bench-{number}", **headers)
        latencies.append(time.perf_counter() - t0)
        if response.status_code != 201:
            raise SystemExit(f"event refused: {response.status_code} {response.content!r}")
    elapsed = time.perf_counter() - began

    t0 = time.perf_counter()
    first = services.run_overdue(today=today)
    scan_first = time.perf_counter() - t0
    t0 = time.perf_counter()
    second = services.run_overdue(today=today)
    scan_second = time.perf_counter() - t0
    return {
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "server_version": str(getattr(connection, "pg_version", "")
                              or getattr(connection.Database, "sqlite_version", "")),
        "movements_in_db": Movement.objects.count(),
        "events_in_db_before_posting": args.events,
        "fill_seconds": round(fill_seconds, 1),
        "posted_events": args.post,
        "events_per_second": round(args.post / elapsed, 1),
        "latency_ms": {"p50": round(_percentile(latencies, 50) * 1000, 2),
                       "p99": round(_percentile(latencies, 99) * 1000, 2),
                       "max": round(max(latencies) * 1000, 2)},
        "overdue_scan": {"movements": Movement.objects.count(),
                         "first_run_seconds": round(scan_first, 3),
                         "alerts_raised": first["raised"],
                         "second_run_seconds": round(scan_second, 3),
                         "second_run_raised": second["raised"]},
    }


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 - any failure means: no server to measure
        return False


def _pg(statement: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(statement)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000,
                        help="events already in the database (the issue's figure: 1000000)")
    parser.add_argument("--movements", type=int, default=100_000,
                        help="movements in the database for the overdue scan (target: 1000000)")
    parser.add_argument("--post", type=int, default=2_000, help="events posted and timed")
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args)))
        return
    results = {"parameters": {"events": args.events, "movements": args.movements,
                              "post": args.post},
               "targets": {"events_per_second_postgres": 1000,
                           "overdue_scan_seconds_1m_movements": 2.0}}
    for db in args.db.split(","):
        env = dict(os.environ)
        tmp = None
        if db == "sqlite":
            tmp = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)
            env["DATABASE_URL"] = f"sqlite:///{tmp.name}"
        elif db == "postgres":
            if not _pg_available():
                results[db] = {"skipped": "no PostgreSQL on 127.0.0.1:5432"}
                continue
            _pg("DROP DATABASE IF EXISTS tbmnet_bench")
            _pg("CREATE DATABASE tbmnet_bench")
            env["DATABASE_URL"] = PG_BENCH
        else:
            raise SystemExit(f"--db: sqlite or postgres, not {db!r}")
        command = [sys.executable, __file__, "--child", "--events", str(args.events),
                   "--movements", str(args.movements), "--post", str(args.post)]
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
            if done.returncode:
                results[db] = {"error": done.stderr.strip().splitlines()[-5:]}
            else:
                results[db] = json.loads(done.stdout.strip().splitlines()[-1])
        finally:
            if tmp is not None:
                Path(tmp.name).unlink(missing_ok=True)
            if db == "postgres":
                _pg("DROP DATABASE IF EXISTS tbmnet_bench")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
