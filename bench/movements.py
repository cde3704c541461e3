"""Benchmark of the movements module; prints JSON.

For each database (SQLite file, PostgreSQL ``postgres://postgres@127.0.0.1:5432/tbmnet_bench``,
created and dropped here), it fills the tables with ``--movements`` movements and ``--events``
events (set-based ``INSERT … SELECT`` over a series, then ``ANALYZE``; not timed), then, each
``--repeat`` times (the JSON gives every run and the median):

- **in-process**: posts ``--post`` events one at a time through the API
  (``POST /api/v1/movements/{id}/events``, bearer token, ``Idempotency-Key``) with Django's
  test client: no network, no server; events/s and latency percentiles;
- **server**: starts gunicorn on 127.0.0.1 (``--workers`` processes, ``--threads`` each) and
  posts up to ``--server-post`` events from ``--clients`` concurrent HTTP clients, for at most
  ``--server-seconds``; events/s (successful posts), p50/p99, errors, and where the CPU
  goes per event: the gunicorn workers, the HTTP clients (this process), and the PostgreSQL
  backends of the workers' connections. Production-like: ``TBMNET_DEBUG=0``, persistent
  database connections as in the settings;
- **audit ceiling**: ``--clients`` threads appending audit records, each in its own
  transaction, on subjects spread over the chains of the trail (as events append them), and
  then all on one chain: the peer, what the single locked head row of the trail before its
  partition allowed any audited write;
- **overdue scan**: ``run_overdue`` (the job of ``tbmnet deadlines run``) over all movements
  with no alert yet (first run: raises one alert per breach, 10% of the movements) and again
  (second run: nothing new; the daily steady state).

Targets (issue 5): 1 000 events/s on PostgreSQL; overdue scan of 1 million movements < 2 s.
Usage: .venv/bin/python bench/movements.py [--events 1000000] [--movements 1000000]
       [--post 1000] [--server-post 3000] [--clients 8] [--workers 3] [--repeat 2]
       [--db sqlite,postgres] [--scan-only] [--keep-db] [--pg-options QUERY]
Needs gunicorn for the server run (bench/requirements.txt); without it that part is skipped.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgres://postgres@127.0.0.1:5432/tbmnet_bench"
NOTIFICATIONS = 64  # consents the posted movements belong to


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _latency(values: list[float]) -> dict:
    if not values:
        return {}
    return {"p50": round(_percentile(values, 50) * 1000, 2),
            "p99": round(_percentile(values, 99) * 1000, 2),
            "max": round(max(values) * 1000, 2)}


def _median_of(runs: list[dict], *path: str):
    values = []
    for run in runs:
        value = run
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, int | float):
            values.append(value)
    return round(statistics.median(values), 3) if values else None


# ------------------------------------------------------------------------------------ fill
def _series(vendor: str, n: int) -> str:
    if vendor == "postgresql":
        return f"(SELECT generate_series(0, {n - 1}) AS i) s"
    return (f"(WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c "
            f"WHERE i + 1 < {n}) SELECT i FROM c) s")


def _plus_days(vendor: str, day: str, offset: str) -> str:
    if vendor == "postgresql":
        return f"(DATE '{day}' + ({offset}))"
    return f"date('{day}', ({offset}) || ' days')"


def _copy_rows(model, template_pk: int, n: int, overrides: dict[str, str]) -> None:
    """``n`` copies of one row made through the ORM, with SQL ``overrides`` per column
    (``s.i`` is the row number): one statement, so a million rows take seconds."""
    from django.db import connection

    table = model._meta.db_table
    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    qn = connection.ops.quote_name
    select = ", ".join(overrides.get(c, f"t.{qn(c)}") for c in columns)
    sql = (f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in columns)}) "
           f"SELECT {select} FROM {qn(table)} t, {_series(connection.vendor, n)} "
           f"WHERE t.id = {int(template_pk)}")
    with connection.cursor() as cursor:
        cursor.execute(sql)


def fill(args, world, common, today) -> tuple[float, int]:

    from django.db import connection
    from django.utils import timezone

    from tbmnet.apps.movements.models import Movement, MovementEvent

    vendor = connection.vendor
    started = time.perf_counter()
    template = Movement.objects.create(
        serial=10 * (args.movements + 10) + 1, code="template", departure_on=today,
        expected_arrival_on=today, status="closed", due_kind="", due_on=None, **common)
    # One in ten past its deadline (receipt or certificate), the rest still running.
    offset = "CASE WHEN s.i % 10 = 0 THEN -(1 + s.i % 300) ELSE 1 + s.i % 300 END"
    if args.movements:
        _copy_rows(Movement, template.pk, args.movements, {
            "serial": "s.i + 1", "code": "'b' || s.i",
            "departure_on": _plus_days(vendor, today.isoformat(), "-30"),
            "expected_arrival_on": _plus_days(vendor, today.isoformat(), "-20"),
            "status": "CASE WHEN s.i % 2 = 0 THEN 'received' ELSE 'exported' END",
            "due_kind": "CASE WHEN s.i % 2 = 0 THEN 'certificate' ELSE 'receipt' END",
            "due_on": _plus_days(vendor, today.isoformat(), offset)})
    filled = Movement.objects.filter(code__startswith="b")
    first_id = filled.order_by("id").values_list("id", flat=True).first()
    last_id = filled.order_by("-id").values_list("id", flat=True).first()
    assert args.movements == 0 or last_id - first_id + 1 == args.movements, "ids not contiguous"
    if args.events and args.movements:
        now = timezone.now()
        seed = MovementEvent.objects.create(
            movement=template, kind="handover", message="TransportStatement",
            status_after="departed", state="JP", occurred_at=now, recorded_at=now,
            actor=world.carrier, organisation=world.carrier_org, data={"means": "S"},
            idempotency_key="fill-seed", request_hash="x")
        per_movement = max(1, args.events // args.movements)
        _copy_rows(MovementEvent, seed.pk, args.events, {
            "movement_id": f"{first_id} + (s.i / {per_movement}) % {args.movements}",
            "idempotency_key": "'fill-' || s.i"})
        seed.delete()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started, MovementEvent.objects.count()


# ------------------------------------------------------------------------------ the posts
def post_in_process(ids: list[int], token: str, label: str) -> dict:
    from django.test import Client

    client = Client()
    latencies = []
    cpu = time.process_time()
    began = time.perf_counter()
    for movement_id in ids:
        t0 = time.perf_counter()
        response = client.post(f"/api/v1/movements/{movement_id}/events",
                               {"kind": "handover", "data": {"means": "S"}},
                               content_type="application/json",
                               HTTP_IDEMPOTENCY_KEY=f"{label}-{movement_id}",
                               HTTP_AUTHORIZATION=f"Bearer {token}")
        latencies.append(time.perf_counter() - t0)
        if response.status_code != 201:
            raise SystemExit(f"event refused: {response.status_code} {response.content!r}")
    elapsed = time.perf_counter() - began
    cpu = time.process_time() - cpu
    return {"posted": len(ids), "events_per_second": round(len(ids) / elapsed, 1),
            "latency_ms": _latency(latencies),
            "cpu_ms_per_event": round(cpu * 1000 / max(1, len(ids)), 2)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(args, log_path: Path) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "tbmnet.wsgi:application",
               "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
               "--pythonpath", str(ROOT / "src"), "--timeout", "60",
               "--log-level", "warning", "--error-logfile", str(log_path)]
    if args.threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(args.threads)]
    env = dict(os.environ, TBMNET_DEBUG="0", DJANGO_SETTINGS_MODULE="tbmnet.settings")
    with open(log_path, "ab") as log:  # Django's own error log (a 500's cause) goes to stderr
        server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log,
                                  start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/v1/codes/waste?limit=1")
            conn.getresponse().read()
            conn.close()
            return server, port
        except OSError:
            time.sleep(0.3)
    _stop_server(server)
    tail = log_path.read_text()[-2000:] if log_path.exists() else ""
    raise RuntimeError(f"gunicorn did not start: {tail}")


def _stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)  # its own session: gunicorn and its workers
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _children_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by the processes whose parent is ``pid``."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _cpu_of(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _backends_cpu() -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend serving the database under test (the
    server's workers' connections; other databases' backends are not counted). Empty on
    SQLite, or when the server runs elsewhere."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        return {}
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        pids = [row[0] for row in conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [db["NAME"]])]
    return {pid: _cpu_of(pid) for pid in pids}


def post_through_server(args, ids: list[int], token: str, label: str) -> dict:
    """``--clients`` threads, each with its own keep-alive connection, post until the ids or
    the time run out."""
    log_path = Path(tempfile.gettempdir()) / f"tbmnet-bench-gunicorn-{os.getpid()}.log"
    server, port = _start_server(args, log_path)
    work: queue.Queue[int] = queue.Queue()
    for movement_id in ids:
        work.put(movement_id)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + args.server_seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, failed = [], []
        while time.monotonic() < deadline:
            try:
                movement_id = work.get_nowait()
            except queue.Empty:
                break
            body = json.dumps({"kind": "handover", "data": {"means": "S"}})
            headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}",
                       "Idempotency-Key": f"{label}-{movement_id}"}
            t0 = time.perf_counter()
            try:
                conn.request("POST", f"/api/v1/movements/{movement_id}/events", body, headers)
                response = conn.getresponse()
                content = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                status, content = 0, repr(exc).encode()
            elapsed = time.perf_counter() - t0
            if status == 201:
                mine.append(elapsed)
            else:
                failed.append(f"{status} {content[:160]!r}")
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(failed)

    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    cpu = _children_cpu(server.pid)
    backends = _backends_cpu()
    client_cpu = time.process_time()
    began = time.perf_counter()
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - began
        client_cpu = time.process_time() - client_cpu
        cpu = _children_cpu(server.pid) - cpu
        backends = sum(now - backends.get(pid, 0.0) for pid, now in _backends_cpu().items())
    finally:
        _stop_server(server)
    log = log_path.read_text() if log_path.exists() else ""
    log_path.unlink(missing_ok=True)
    return {"server": f"gunicorn {args.workers} worker(s)"
                      + (f" x {args.threads} threads" if args.threads > 1 else " (sync)"),
            "clients": args.clients, "seconds": round(elapsed, 1),
            "posted": len(latencies), "errors": len(errors),
            "error_samples": sorted(set(errors))[:3],
            "events_per_second": round(len(latencies) / elapsed, 1),
            "latency_ms": _latency(latencies),
            "worker_cpu_ms_per_event": round(cpu * 1000 / max(1, len(latencies)), 2),
            "client_cpu_ms_per_event": round(client_cpu * 1000 / max(1, len(latencies)), 2),
            "postgres_cpu_ms_per_event": (round(backends * 1000 / max(1, len(latencies)), 2)
                                          if backends else None),
            "server_log_tail": log.strip().splitlines()[-3:] if errors else []}


def audit_ceiling(args, subjects: list) -> dict:
    """Appends of audit records from ``--clients`` threads, one transaction each, as events
    append them: each on a movement of its own (``subjects``), so spread over the chains of
    the trail; then all on no subject, so all on one chain (one head row locked by each in
    turn: the ceiling of the single chain there was before the trail was partitioned)."""
    from django.db import connection, transaction

    from tbmnet.apps.audit import services as audit

    seconds = min(10.0, args.server_seconds)

    def run(subject_of) -> dict:
        count, errors = [0], []
        lock = threading.Lock()
        deadline = time.monotonic() + seconds

        def appender(k: int) -> None:
            n = 0
            try:
                while time.monotonic() < deadline:
                    try:
                        with transaction.atomic():
                            audit.record(None, "BenchAuditCeiling", subject_of(k, n), n=n)
                        n += 1
                    except Exception as exc:  # noqa: BLE001 - counted and shown, not hidden
                        with lock:
                            errors.append(repr(exc)[:160])
            finally:
                connection.close()
                with lock:
                    count[0] += n

        threads = [threading.Thread(target=appender, args=(k,)) for k in range(args.clients)]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - began
        return {"records_per_second": round(count[0] / elapsed, 1), "errors": len(errors),
                "error_samples": sorted(set(errors))[:2]}

    # Alone first: from taking a head lock to the commit that frees it (the audit record is
    # the last write of an event's transaction), so one writer per chain allows 1/hold.
    holds = []
    for n in range(200):
        t0 = time.perf_counter()
        with transaction.atomic():
            audit.record(None, "BenchAuditHold", subjects[n % len(subjects)], n=n)
        holds.append(time.perf_counter() - t0)
    hold = _percentile(holds, 50)
    spread = run(lambda k, n: subjects[(k * 7919 + n) % len(subjects)])
    one = run(lambda k, n: None)
    return {"lock_hold_ms_p50": round(hold * 1000, 2),
            "one_chain_ceiling_from_hold": round(1 / hold, 1),
            "chains": audit.CHAINS, "threads": args.clients,
            "records_per_second": spread["records_per_second"],
            "one_chain_records_per_second": one["records_per_second"],
            "errors": spread["errors"] + one["errors"],
            "error_samples": spread["error_samples"] + one["error_samples"]}


# --------------------------------------------------------------------------------- child
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
    from django.utils import timezone

    from tbmnet.apps.movements import services
    from tbmnet.apps.movements.models import Movement, MovementEvent, OverdueAlert
    from tbmnet.apps.registry.tokens import create_token
    from tests.movements.factories import World

    call_command("migrate", interactive=False, verbosity=0)
    today = timezone.localdate()
    world = World()
    server = args.server_post if args.server_post and _has_gunicorn() else 0
    if args.scan_only:
        args.post = server = 0
    fresh = (args.post + server) * args.repeat
    notification = world.notification(valid_from=today - timedelta(days=400),
                                      valid_until=today + timedelta(days=300),
                                      shipments=10 * (args.movements + 10) + fresh + 10,
                                      tonnes="")
    common = dict(notification=notification, total=notification.shipments,
                  created_by=world.notifier, announced_at=timezone.now(),
                  quantity_tonnes=Decimal("20"), export_state="JP", import_state="MY",
                  transit_states=["SG"], export_authority=world.authorities["JP"],
                  import_authority=world.authorities["MY"], facility=world.facility_org)
    fill_seconds, events_in_db = fill(args, world, common, today)

    # The movements whose events are posted: announced, carried by the benchmark's carrier,
    # spread over NOTIFICATIONS consents as in real traffic (a movement's audit records go to
    # its notification's chain: one consent's movements take turns, others' do not).
    consents = [notification] + [
        world.notification(valid_from=today - timedelta(days=400),
                           valid_until=today + timedelta(days=300),
                           shipments=fresh + 10, tonnes="")
        for _ in range(NOTIFICATIONS - 1)]
    Movement.objects.bulk_create([
        Movement(serial=args.movements + i + 1, code=f"p{i}", departure_on=today,
                 expected_arrival_on=today + timedelta(days=10), status="announced",
                 due_kind="receipt", due_on=today + timedelta(days=13),
                 **(common | {"notification": consents[i % NOTIFICATIONS]}))
        for i in range(fresh)], batch_size=2_000)
    ids = list(Movement.objects.filter(code__startswith="p").order_by("id")
               .values_list("id", flat=True))
    Movement.carriers.through.objects.bulk_create([
        Movement.carriers.through(movement_id=i, organisation_id=world.carrier_org.pk)
        for i in ids], batch_size=5_000)
    token = create_token(username="carrier.sg")
    audit_subjects = list(Movement.objects.filter(code__startswith="p").order_by("id")[:256])
    connection.close()  # the server's workers and the threads open their own

    runs = []
    for run in range(args.repeat):
        out: dict = {}
        if not args.scan_only:
            mine, ids = ids[:args.post], ids[args.post:]
            out["in_process"] = post_in_process(mine, token, f"ip{run}")
            if server:
                mine, ids = ids[:server], ids[server:]
                connection.close()
                out["server"] = post_through_server(args, mine, token, f"srv{run}")
            out["audit_ceiling"] = audit_ceiling(args, audit_subjects)
        OverdueAlert.objects.all().delete()
        t0 = time.perf_counter()
        first = services.run_overdue(today=today)
        scan_first = time.perf_counter() - t0
        t0 = time.perf_counter()
        second = services.run_overdue(today=today)
        out["overdue_scan"] = {"first_run_seconds": round(scan_first, 3),
                               "alerts_raised": first["raised"],
                               "second_run_seconds": round(time.perf_counter() - t0, 3),
                               "second_run_raised": second["raised"]}
        runs.append(out)

    median = {
        "in_process_events_per_second": _median_of(runs, "in_process", "events_per_second"),
        "in_process_p50_ms": _median_of(runs, "in_process", "latency_ms", "p50"),
        "in_process_p99_ms": _median_of(runs, "in_process", "latency_ms", "p99"),
        "server_events_per_second": _median_of(runs, "server", "events_per_second"),
        "server_p50_ms": _median_of(runs, "server", "latency_ms", "p50"),
        "server_p99_ms": _median_of(runs, "server", "latency_ms", "p99"),
        "server_errors": _median_of(runs, "server", "errors"),
        "in_process_cpu_ms_per_event": _median_of(runs, "in_process", "cpu_ms_per_event"),
        "server_worker_cpu_ms_per_event": _median_of(runs, "server",
                                                     "worker_cpu_ms_per_event"),
        "server_client_cpu_ms_per_event": _median_of(runs, "server",
                                                     "client_cpu_ms_per_event"),
        "server_postgres_cpu_ms_per_event": _median_of(runs, "server",
                                                       "postgres_cpu_ms_per_event"),
        "audit_lock_hold_ms": _median_of(runs, "audit_ceiling", "lock_hold_ms_p50"),
        "audit_ceiling_records_per_second": _median_of(runs, "audit_ceiling",
                                                       "records_per_second"),
        "audit_one_chain_records_per_second": _median_of(runs, "audit_ceiling",
                                                         "one_chain_records_per_second"),
        "overdue_first_run_seconds": _median_of(runs, "overdue_scan", "first_run_seconds"),
        "overdue_second_run_seconds": _median_of(runs, "overdue_scan", "second_run_seconds"),
    }
    return {
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "server_version": str(getattr(connection, "pg_version", "")
                              or getattr(connection.Database, "sqlite_version", "")),
        "movements_in_db": Movement.objects.count(),
        "events_in_db_before_posting": events_in_db,
        "events_in_db_after": MovementEvent.objects.count(),
        "fill_seconds": round(fill_seconds, 1),
        "median": median,
        "runs": runs,
    }


def _has_gunicorn() -> bool:
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


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
    parser.add_argument("--post", type=int, default=1_000,
                        help="events posted in-process (test client), per run")
    parser.add_argument("--server-post", type=int, default=3_000,
                        help="at most this many events posted through the server, per run "
                             "(0: no server run)")
    parser.add_argument("--server-seconds", type=float, default=60.0,
                        help="time limit of one server run")
    parser.add_argument("--clients", type=int, default=8, help="concurrent HTTP clients")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1,
                        help="threads per gunicorn worker (>1: the gthread worker)")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs on each database")
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--scan-only", action="store_true",
                        help="fill, then time only the overdue scan (no posts, no server, "
                             "no audit ceiling)")
    parser.add_argument("--pg-options", default="",
                        help="query string of the PostgreSQL DATABASE_URL (its OPTIONS), e.g. "
                             "'server_side_binding=true&prepare_threshold=5': server-side "
                             "parameters, statements prepared from their fifth run")
    parser.add_argument("--keep-db", action="store_true",
                        help="leave the PostgreSQL database tbmnet_bench in place (to EXPLAIN)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 1 <= args.clients <= 64 or not 1 <= args.workers <= 16 or args.repeat < 1:
        raise SystemExit("--clients 1..64, --workers 1..16, --repeat >= 1")
    if args.child:
        print(json.dumps(child(args)))
        return
    results = {"parameters": {k: v for k, v in vars(args).items() if k != "child"},
               "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()},
               "targets": {"events_per_second_postgres": 1000,
                           "overdue_scan_seconds_1m_movements": 2.0}}
    if not _has_gunicorn():
        results["server_skipped"] = "gunicorn not installed (pip install -r bench/requirements.txt)"
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
            env["DATABASE_URL"] = PG_BENCH + (f"?{args.pg_options}" if args.pg_options else "")
        else:
            raise SystemExit(f"--db: sqlite or postgres, not {db!r}")
        command = [sys.executable, __file__, "--child"] + [
            f"--{k.replace('_', '-')}={v}" for k, v in vars(args).items()
            if k not in ("child", "db", "scan_only", "keep_db", "pg_options")]
        if args.scan_only:
            command.append("--scan-only")
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
            if done.returncode:
                results[db] = {"error": done.stderr.strip().splitlines()[-8:]}
            else:
                results[db] = json.loads(done.stdout.strip().splitlines()[-1])
        finally:
            if tmp is not None:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(tmp.name + suffix).unlink(missing_ok=True)
            if db == "postgres" and not args.keep_db:
                _pg("DROP DATABASE IF EXISTS tbmnet_bench")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
