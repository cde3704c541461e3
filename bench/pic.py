"""Benchmark of prior informed consent over HTTP; prints one JSON document.

For each database (SQLite file, PostgreSQL ``--pg-url``: a ``tbmnet_bench_<pid>`` database is
created and dropped), in a fresh database:

1. builds the demo world and ``--notifications`` notifications (default 10 000): two of them
   through the app's services (story 1 via Singapore, consented; lead dross Japan → Malaysia,
   transmitted), the rest cloned from those two in bulk (90 % consented, each with its own
   code and its own Ed25519 signature by the Japanese authority's key; 10 % transmitted,
   awaiting Malaysia's decision). The clones carry no audit records: they are load, not
   history.
2. starts a real server on a free port of 127.0.0.1: gunicorn (``--workers``, gthread
   ``--threads``) when installed (``pip install gunicorn``), else Django's threaded server;
   ``TBMNET_DEBUG=0``.
3. ``GET /api/v1/verify/{code}`` (codes drawn at random over every consent) at each
   ``--concurrency`` (default 1 and 50 clients, keep-alive connections, asyncio), ``--verify
   -requests`` each after a warm-up, bounded by ``--max-seconds``;
4. ``POST /api/v1/notifications/{number}/decisions`` (Malaysia consents with a condition,
   which completes the notification and signs its consent) by ``--decision-clients`` clients,
   ``--decisions`` in all, with ca.my's API token;
5. the peer: the same endpoint on a server started the same way but with the signature check
   replaced by ``True`` (so the cost of verifying the signature on every request shows), and
   the in-process cost of one canonical-JSON + Ed25519 verification.

Client and server share the machine (see ``machine``): latency at 50 clients is mostly queueing
behind the cores. Run it more than once and quote medians.

Usage: .venv/bin/python bench/pic.py [--notifications N] [--databases sqlite,postgres]
       [--concurrency 1,50] [--verify-requests N] [--decisions N] [--pg-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


# ----------------------------------------------------------------------- inside Django
def _django(no_signature: bool = False) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tbmnet.settings")
    import django

    django.setup()
    if no_signature:  # the peer: everything else identical
        from tbmnet.apps.notifications import selectors

        selectors._genuine = lambda consent: True


def application():
    """WSGI entry point for gunicorn (``pic:application()``)."""
    _django(no_signature=os.environ.get("PIC_NO_SIGNATURE") == "1")
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def _serve(port: int) -> None:
    """Fallback server: Django's threaded server (no gunicorn installed)."""
    wsgi = application()
    from django.core.servers.basehttp import WSGIServer, run

    run(HOST, port, wsgi, threading=True, server_cls=WSGIServer)


def _clone(template, number: str, status: str):
    from tbmnet.apps.notifications.models import Notification

    fields = {f.attname: getattr(template, f.attname) for f in Notification._meta.concrete_fields
              if not f.primary_key}
    return Notification(**{**fields, "number": number, "status": status})


def _build(count: int, out: Path) -> None:
    """Migrate, load the demo world, build ``count`` notifications; write what the clients
    need (codes, numbers awaiting a decision, a token) to ``out``."""
    _django()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from tbmnet.apps.notifications import demo, signing
    from tbmnet.apps.notifications.models import (
        Consent,
        Notification,
        NotificationStatus,
        StateConcerned,
    )
    from tbmnet.apps.registry import setup, tokens

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    setup.load_reference()
    setup.load_demo()
    demo.load_demo()  # story 1 consented, the lead dross transmitted: built by the services
    consented = Notification.objects.get(contract_reference=demo.STORY_1)
    awaiting = Notification.objects.get(contract_reference=demo.AWAITING)
    consent = consented.consent
    key = consent.key
    awaiting_count = max(count // 10, 1)
    serial = int(Notification.objects.order_by("-number").first().number[-6:])
    prefix = consented.number[:8]
    codes, numbers = [consent.code], []
    batch = 1000
    for offset in range(0, count - 3, batch):
        size = min(batch, count - 3 - offset)
        with transaction.atomic():
            rows, kinds = [], []
            for i in range(size):
                serial += 1
                is_awaiting = offset + i < awaiting_count
                template = awaiting if is_awaiting else consented
                rows.append(_clone(template, f"{prefix}{serial:06d}", template.status))
                kinds.append(template)
            rows = Notification.objects.bulk_create(rows)
            states, carriers, generators, consents = [], [], [], []
            for row, template in zip(rows, kinds, strict=True):
                for s in template.states.all():
                    states.append(StateConcerned(**{
                        f.attname: getattr(s, f.attname)
                        for f in StateConcerned._meta.concrete_fields if not f.primary_key}
                        | {"notification_id": row.pk}))
                carriers += [Notification.carriers.through(notification_id=row.pk,
                                                           organisation_id=c.pk)
                             for c in template.carriers.all()]
                generators += [Notification.generators.through(notification_id=row.pk,
                                                               organisation_id=g.pk)
                               for g in template.generators.all()]
                if row.status == NotificationStatus.CONSENTED:
                    code = f"bench{row.pk:07d}"
                    record = consent.record | {"code": code, "notification": row.number}
                    consents.append(Consent(
                        notification_id=row.pk, code=code, record=record,
                        signature=signing.sign(record, key.private_key), key=key,
                        valid_from=consent.valid_from, valid_until=consent.valid_until,
                        issued_at=timezone.now()))
                    codes.append(code)
                else:
                    numbers.append(row.number)
            StateConcerned.objects.bulk_create(states)
            Notification.carriers.through.objects.bulk_create(carriers)
            Notification.generators.through.objects.bulk_create(generators)
            Consent.objects.bulk_create(consents)
    # the services' own: is the clone indistinguishable? (verification answers genuine)
    from tbmnet.apps.notifications import selectors

    assert selectors.verify(codes[-1])["status"] == "genuine", "clone is not genuine"
    token = tokens.create_token(username="ca.my", label="bench")
    out.write_text(json.dumps({
        "notifications": Notification.objects.count(),
        "consents": Consent.objects.count(), "codes": codes, "awaiting": numbers,
        "token": token, "seconds": round(time.perf_counter() - started, 1),
        "built_by_the_services": [consented.number, awaiting.number]}))


def _signature_cost(repeat: int = 2000) -> dict:
    """In-process: canonical JSON + Ed25519 verification of one consent record."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    _django()  # no database is touched here
    from tbmnet.apps.notifications.signing import canonical

    key = Ed25519PrivateKey.generate()
    record = {"code": "x" * 16, "notification": "JP 2026 000001", "states": [
        {"state": s, "role": "transit"} for s in ("JP", "SG", "MY")], "waste": {"basel": ["A1160"]},
        "conditions": {"MY": "Each shipment sealed"}, "valid_until": "2027-09-12"}
    signature = key.sign(canonical(record))
    public = key.public_key()
    started = time.perf_counter()
    for _ in range(repeat):
        public.verify(signature, canonical(record))
    return {"microseconds_per_verification": round(
        (time.perf_counter() - started) / repeat * 1e6, 1)}


# ----------------------------------------------------------------------- HTTP clients
def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


async def _request(reader, writer, raw: bytes) -> tuple[int, bool]:
    writer.write(raw)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in
               (line.partition(":") for line in lines[1:] if line)}
    length = int(headers.get("content-length", "0"))
    if length:
        await reader.readexactly(length)
    return status, headers.get("connection", "").lower() == "close"


def _raw(method: str, path: str, port: int, body: bytes = b"", token: str = "") -> bytes:
    head = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: keep-alive"]
    if token:
        head.append(f"Authorization: Bearer {token}")
    if body:
        head += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


async def _load(port: int, requests: list[bytes], clients: int, max_seconds: float) -> dict:
    """Send ``requests`` over ``clients`` keep-alive connections; latency of each."""
    queue = iter(requests)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors: list[str] = []
    deadline = time.perf_counter() + max_seconds

    async def client() -> None:
        reader = writer = None
        for raw in queue:
            if time.perf_counter() > deadline:
                break
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(HOST, port)
                started = time.perf_counter()
                status, close = await _request(reader, writer, raw)
                latencies.append(time.perf_counter() - started)
                statuses[status] = statuses.get(status, 0) + 1
                if close:
                    writer.close()
                    reader = writer = None
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                errors.append(type(exc).__name__)
                if writer is not None:
                    writer.close()
                reader = writer = None
        if writer is not None:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float | None:
        return round(ordered[min(int(p * len(ordered)), len(ordered) - 1)] * 1000, 2) \
            if ordered else None

    return {"clients": clients, "requests": len(latencies),
            "requests_per_second": round(len(latencies) / elapsed, 1) if elapsed else None,
            "p50_ms": pct(0.50), "p90_ms": pct(0.90), "p99_ms": pct(0.99),
            "max_ms": round(ordered[-1] * 1000, 2) if ordered else None,
            "mean_ms": round(statistics.fmean(ordered) * 1000, 2) if ordered else None,
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
            "errors": len(errors), "stopped_by_time_limit": time.perf_counter() > deadline}


class Server:
    """A real server on a free port, in its own process group."""

    def __init__(self, env: dict, args, no_signature: bool = False) -> None:
        self.port = _free_port()
        env = env | {"TBMNET_DEBUG": "0", "PIC_NO_SIGNATURE": "1" if no_signature else "0",
                     "PYTHONPATH": str(ROOT / "bench")}
        if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or _has("gunicorn"):
            self.kind = f"gunicorn gthread, {args.workers} workers x {args.threads} threads"
            command = [sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{self.port}",
                       "--workers", str(args.workers), "--worker-class", "gthread",
                       "--threads", str(args.threads), "--keep-alive", "30",
                       "--backlog", "512", "--log-level", "warning", "pic:application()"]
        else:
            self.kind = "django threaded server (pip install gunicorn for a production server)"
            command = [sys.executable, __file__, "--_serve", str(self.port)]
        self.process = subprocess.Popen(command, env=env, cwd=ROOT / "bench",
                                        start_new_session=True)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with socket.create_connection((HOST, self.port), timeout=1) as s:
                    s.sendall(f"GET /healthz HTTP/1.1\r\nHost: {HOST}\r\n"
                              "Connection: close\r\n\r\n".encode())
                    if s.recv(64).startswith(b"HTTP/1.1 200"):
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the server did not start within 60 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)


def _has(module: str) -> bool:
    return subprocess.run([sys.executable, "-c", f"import {module}"],
                          capture_output=True).returncode == 0


def _verify_runs(server: Server, codes: list[str], args, rng: random.Random) -> list[dict]:
    runs = []
    for clients in args.concurrency:
        warm = [_raw("GET", f"/api/v1/verify/{rng.choice(codes)}", server.port)
                for _ in range(min(500, args.verify_requests))]
        asyncio.run(_load(server.port, warm, clients, args.max_seconds))
        requests = [_raw("GET", f"/api/v1/verify/{rng.choice(codes)}", server.port)
                    for _ in range(args.verify_requests)]
        runs.append(asyncio.run(_load(server.port, requests, clients, args.max_seconds)))
    return runs


def _one_database(name: str, url: str, args) -> dict:
    env = os.environ | {"DATABASE_URL": url, "TBMNET_MEDIA_ROOT": tempfile.mkdtemp()}
    built = Path(tempfile.mkstemp(suffix=".json")[1])
    subprocess.run([sys.executable, __file__, "--_build", str(args.notifications), str(built)],
                   env=env, check=True, cwd=ROOT)
    data = json.loads(built.read_text())
    built.unlink()
    rng = random.Random(args.seed)
    result = {"database": name, "notifications": data["notifications"],
              "consents": data["consents"], "build_seconds": data["seconds"]}
    server = Server(env, args)
    try:
        result["server"] = server.kind
        result["verify"] = _verify_runs(server, data["codes"], args, rng)
        targets = data["awaiting"][:args.decisions]
        body = json.dumps({"state": "MY", "kind": "consent",
                           "conditions": "Each shipment sealed"}).encode()
        decisions = [_raw("POST", f"/api/v1/notifications/{n.replace(' ', '-')}/decisions",
                          server.port, body, data["token"]) for n in targets]
        result["decisions"] = asyncio.run(_load(server.port, decisions, args.decision_clients,
                                                args.max_seconds))
        result["decisions"]["what"] = ("Malaysia consents with a condition: the notification "
                                       "is complete, its consent is signed (201)")
    finally:
        server.stop()
    peer = Server(env, args, no_signature=True)
    try:
        result["peer_verify_without_signature_check"] = _verify_runs(
            peer, data["codes"], args, random.Random(args.seed))
    finally:
        peer.stop()
    return result


def _postgres(url: str, name: str, create: bool) -> None:
    import psycopg

    with psycopg.connect(url.rstrip("/") + "/postgres", autocommit=True) as connection:
        if create:
            connection.execute(f'CREATE DATABASE "{name}"')
        else:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--_build":
        _build(int(sys.argv[2]), Path(sys.argv[3]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--_serve":
        _serve(int(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notifications", type=int, default=10_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/")
    parser.add_argument("--concurrency", default="1,50",
                        type=lambda s: [int(x) for x in s.split(",")])
    parser.add_argument("--verify-requests", type=int, default=5000)
    parser.add_argument("--decisions", type=int, default=300)
    parser.add_argument("--decision-clients", type=int, default=10)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--max-seconds", type=float, default=120.0,
                        help="time limit of each load run")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    started = time.perf_counter()
    sys.path.insert(0, str(ROOT / "src"))
    report = {
        "bench": "pic", "issue": 4,
        "target": "verification p99 < 20 ms at 50 concurrent clients on PostgreSQL",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(),
                    "note": "client and server share the machine"},
        "settings": {k: v for k, v in vars(args).items()},
        "signature_in_process": _signature_cost(),
        "databases": [],
    }
    for name in args.databases.split(","):
        if name == "sqlite":
            folder = tempfile.mkdtemp(prefix="pic-")
            try:
                report["databases"].append(
                    _one_database("sqlite", f"sqlite:///{folder}/bench.sqlite3", args))
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        elif name == "postgres":
            database = f"tbmnet_bench_{os.getpid()}"
            try:
                _postgres(args.pg_url, database, create=True)
            except Exception as exc:  # no server: say so, measure the rest
                report["databases"].append({"database": "postgres", "skipped": str(exc)})
                continue
            try:
                report["databases"].append(_one_database(
                    "postgres", args.pg_url.rstrip("/") + "/" + database, args))
            finally:
                _postgres(args.pg_url, database, create=False)
        else:
            parser.error(f"unknown database {name!r}: sqlite or postgres")
    for entry in report["databases"]:
        fifty = [r for r in entry.get("verify", []) if r["clients"] == 50]
        if entry["database"] == "postgres" and fifty:
            report["target_met"] = fifty[0]["p99_ms"] is not None and fifty[0]["p99_ms"] < 20
    report["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
