"""Benchmark of prior informed consent over HTTP; prints one JSON document.

For each database (SQLite file, PostgreSQL ``--pg-url``: a ``tbmnet_bench_<pid>`` database is
created and dropped), in a fresh database:

1. builds the demo world and ``--notifications`` notifications (default 10 000): two of them
   through the app's services (story 1 via Singapore, consented; lead dross Japan → Malaysia,
   transmitted), the rest cloned from those two in bulk (90 % consented, each with its own
   code and its own Ed25519 signature by the Japanese authority's key; 10 % transmitted,
   awaiting Malaysia's decision). The clones carry no audit records: they are load, not
   history.
2. starts real servers on free ports of 127.0.0.1: gunicorn (``--workers``,
   ``--worker-class`` gthread with ``--threads``, or sync) when installed (``pip install
   gunicorn``), else Django's threaded server; ``TBMNET_DEBUG=0``. ``verify`` serves
   ``tbmnet.wsgi.application``, the production entry point, where the verification's API
   form is answered beside Django (tbmnet.apps.notifications.verification_wsgi);
   ``verify_through_django`` serves plain Django (the same answer through the middleware,
   the URL resolver and django-ninja), its runs taking turns with ours;
3. ``GET /api/v1/verify/{code}`` (codes drawn at random over every consent) at each
   ``--concurrency`` (default 1 and 50 clients, keep-alive connections, closed loop: each
   client sends its next request when the last is answered), ``--verify-requests`` each after
   a warm-up, bounded by ``--max-seconds``, ``--repeat`` times; the clients are one thread
   with a selector (its CPU per request is reported: little, so the server keeps the cores);
   ``GET /healthz`` on the same server gives the floor of Django on this server setup, and
   a bare WSGI application answering ``ok`` on a server started the same way the floor of
   the server itself (``server_floor_bare_wsgi``); and open loop (``verify_paced``,
   ``verify_through_django_paced``): ``--paced-clients`` (50) clients each sending one
   verification every 1/rate seconds on a fixed schedule, for each of ``--paced-rates``
   (2 and 10 a second: 100 and 500 offered per second), latency from when each was due;
   with ``--server-sweep``, after the rest, the verification and the bare floor again under
   each gunicorn setting listed (``server_sweep``);
4. ``POST /api/v1/notifications/{number}/decisions`` (Malaysia consents with a condition,
   which completes the notification and signs its consent) by ``--decision-clients`` clients,
   ``--decisions`` in all, with ca.my's API token;
5. the peer: the same endpoint on a server started the same way but with the signature check
   replaced by ``True``, its runs taking turns with ours (a server checks a signature once
   per version of a consent and remembers it, see tbmnet.apps.notifications.verification),
   and the in-process cost of one canonical-JSON + Ed25519 verification.

Client and server share the machine (see ``machine``): with closed-loop clients, latency at 50
clients is 50 / throughput (Little's law), i.e. queueing behind the cores. Medians of
``--repeat`` runs are quoted, every run is kept.

Usage: .venv/bin/python bench/pic.py [--notifications N] [--databases sqlite,postgres]
       [--concurrency 1,50] [--verify-requests N] [--decisions N] [--pg-url URL]
       [--workers N] [--threads N] [--worker-class gthread|sync] [--server-sweep LIST]
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import json
import os
import platform
import random
import selectors
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
        from tbmnet.apps.notifications import verification

        verification.signature_holds = lambda *args, **kwargs: True


def _bare(environ, start_response):
    """The floor of the server itself: no Django, no database."""
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]


def application():
    """WSGI entry point for gunicorn (``pic:application()``): ``PIC_APP`` is ``wsgi`` (the
    production entry point, tbmnet.wsgi), ``django`` (Django alone) or ``bare``."""
    which = os.environ.get("PIC_APP", "wsgi")
    if which == "bare":
        return _bare
    _django(no_signature=os.environ.get("PIC_NO_SIGNATURE") == "1")
    if which == "django":
        from django.core.wsgi import get_wsgi_application

        return get_wsgi_application()
    from tbmnet.wsgi import application as production

    return production


def _serve(port: int) -> None:
    """Fallback server: Django's threaded server (no gunicorn installed)."""
    wsgi = application()
    from django.core.servers.basehttp import WSGIServer, run

    run(HOST, port, wsgi, threading=True, server_cls=WSGIServer)


def _clone(template, number: str, status: str):
    from tbmnet.apps.notifications.models import Notification

    fields = {
        f.attname: getattr(template, f.attname)
        for f in Notification._meta.concrete_fields
        if not f.primary_key
    }
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
    prefix = consented.number[:8]  # 'JP 2026 ': the demo has numbers of other states too
    serial = int(
        Notification.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .first()
        .number[-6:]
    )
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
                    states.append(
                        StateConcerned(
                            **{
                                f.attname: getattr(s, f.attname)
                                for f in StateConcerned._meta.concrete_fields
                                if not f.primary_key
                            }
                            | {"notification_id": row.pk}
                        )
                    )
                carriers += [
                    Notification.carriers.through(notification_id=row.pk, organisation_id=c.pk)
                    for c in template.carriers.all()
                ]
                generators += [
                    Notification.generators.through(notification_id=row.pk, organisation_id=g.pk)
                    for g in template.generators.all()
                ]
                if row.status == NotificationStatus.CONSENTED:
                    code = f"bench{row.pk:07d}"
                    record = consent.record | {"code": code, "notification": row.number}
                    consents.append(
                        Consent(
                            notification_id=row.pk,
                            code=code,
                            record=record,
                            signature=signing.sign(record, key.private_key),
                            key=key,
                            valid_from=consent.valid_from,
                            valid_until=consent.valid_until,
                            issued_at=timezone.now(),
                        )
                    )
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
    out.write_text(
        json.dumps(
            {
                "notifications": Notification.objects.count(),
                "consents": Consent.objects.count(),
                "codes": codes,
                "awaiting": numbers,
                "token": token,
                "seconds": round(time.perf_counter() - started, 1),
                "built_by_the_services": [consented.number, awaiting.number],
            }
        )
    )


def _signature_cost(repeat: int = 2000) -> dict:
    """In-process: canonical JSON + Ed25519 verification of one consent record."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    _django()  # no database is touched here
    from tbmnet.apps.notifications.signing import canonical

    key = Ed25519PrivateKey.generate()
    record = {
        "code": "x" * 16,
        "notification": "JP 2026 000001",
        "states": [{"state": s, "role": "transit"} for s in ("JP", "SG", "MY")],
        "waste": {"basel": ["A1160"]},
        "conditions": {"MY": "Each shipment sealed"},
        "valid_until": "2027-09-12",
    }
    signature = key.sign(canonical(record))
    public = key.public_key()
    started = time.perf_counter()
    for _ in range(repeat):
        public.verify(signature, canonical(record))
    return {
        "microseconds_per_verification": round((time.perf_counter() - started) / repeat * 1e6, 1)
    }


# ----------------------------------------------------------------------- HTTP clients
def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _raw(method: str, path: str, port: int, body: bytes = b"", token: str = "") -> bytes:
    head = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: keep-alive"]
    if token:
        head.append(f"Authorization: Bearer {token}")
    if body:
        head += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


class _Client:
    """One keep-alive connection, one request at a time (``_load`` decides when to send)."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection((HOST, port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.setblocking(False)
        self.buffer = b""
        self.started = 0.0

    def send(self, raw: bytes) -> None:
        self.buffer = b""
        self.started = time.perf_counter()
        self.sock.sendall(raw)  # a few hundred bytes: the socket buffer takes them at once

    def answer(self) -> tuple[int, bool] | None:
        """(status, server closes) once the whole answer is in, else None."""
        head_end = self.buffer.find(b"\r\n\r\n")
        if head_end < 0:
            return None
        lines = self.buffer[:head_end].decode("latin-1").split("\r\n")
        headers = {
            k.strip().lower(): v.strip()
            for k, _, v in (line.partition(":") for line in lines[1:] if line)
        }
        if len(self.buffer) < head_end + 4 + int(headers.get("content-length", "0")):
            return None
        return int(lines[0].split()[1]), headers.get("connection", "").lower() == "close"


def _load(
    port: int,
    requests: list[bytes],
    clients: int,
    max_seconds: float,
    interval: float | None = None,
) -> dict:
    """Send ``requests`` over ``clients`` keep-alive connections from one thread (a selector
    loop: little CPU per request, so the server keeps the cores); latency of each.

    Closed loop by default: a client sends its next request when the last is answered. With
    ``interval`` (seconds), each client sends one request every ``interval`` on a fixed
    schedule (offered load: clients / interval per second), and a request's latency runs from
    the moment it was due, so an answer that comes late also delays, and counts against, the
    requests queued behind it (no coordinated omission)."""
    queue = iter(requests)
    waiting: list[tuple[float, int, _Client | None]] = []  # paced: (due, n, client) heap
    due_of: dict[int, float] = {}  # paced: id(client) -> when its request in flight was due
    sequence = itertools.count()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors: list[str] = []
    cpu_before, started = time.process_time(), time.perf_counter()
    deadline = started + max_seconds
    selector = selectors.DefaultSelector()

    def drop(client: _Client) -> None:
        selector.unregister(client.sock)
        client.sock.close()

    def schedule(client: _Client | None, after: float) -> None:
        """Paced: ``client`` sends its next request ``interval`` after its last was due."""
        heapq.heappush(waiting, (after + interval, next(sequence), client))

    def start(client: _Client | None, due: float | None = None) -> None:
        """Send the next request over ``client`` (None: a new connection), or stop."""
        raw = next(queue, None)
        if raw is None or time.perf_counter() > deadline:
            if client is not None:
                drop(client)
            return
        try:
            if client is None:
                client = _Client(port)
                selector.register(client.sock, selectors.EVENT_READ, client)
            client.send(raw)
            if due is not None:
                client.started = min(client.started, due)
                due_of[id(client)] = due
        except OSError as exc:
            errors.append(type(exc).__name__)
            if client is not None:
                drop(client)

    if interval is None:
        for _ in range(clients):
            start(None)
    else:  # the clients' first requests spread over one interval
        for k in range(clients):
            schedule(None, started - interval + interval * k / clients)
    while selector.get_map() or waiting:
        now = time.perf_counter()
        while waiting and waiting[0][0] <= now:
            due, _, idle = heapq.heappop(waiting)
            start(idle, due)
        timeout = max(0.0, min(1.0, waiting[0][0] - now)) if waiting else 1.0
        for key, _ in selector.select(timeout=timeout):
            client = key.data
            try:
                chunk = client.sock.recv(65536)
            except OSError as exc:
                errors.append(type(exc).__name__)
                chunk = b""
            if not chunk:  # the server closed: count it, go on over a new connection
                drop(client)
                errors.append("closed")
                if interval is None:
                    start(None)
                else:
                    schedule(None, due_of.pop(id(client), time.perf_counter()))
                continue
            client.buffer += chunk
            done = client.answer()
            if done is None:
                continue
            latencies.append(time.perf_counter() - client.started)
            statuses[done[0]] = statuses.get(done[0], 0) + 1
            due = due_of.pop(id(client), None)
            if done[1]:
                drop(client)
                client = None
            if interval is None:
                start(client)
            else:
                schedule(client, due)
        if time.perf_counter() > deadline + 30:  # answers that never come
            errors.append("timeout")
            break
    selector.close()
    elapsed = time.perf_counter() - started
    client_cpu = time.process_time() - cpu_before
    ordered = sorted(latencies)

    def pct(p: float) -> float | None:
        return (
            round(ordered[min(int(p * len(ordered)), len(ordered) - 1)] * 1000, 2)
            if ordered
            else None
        )

    return {
        "clients": clients,
        "requests": len(latencies),
        "requests_per_second": round(len(latencies) / elapsed, 1) if elapsed else None,
        "p50_ms": pct(0.50),
        "p90_ms": pct(0.90),
        "p99_ms": pct(0.99),
        "max_ms": round(ordered[-1] * 1000, 2) if ordered else None,
        "mean_ms": round(statistics.fmean(ordered) * 1000, 2) if ordered else None,
        "client_cpu_ms_per_request": round(client_cpu / len(latencies) * 1000, 3)
        if latencies
        else None,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "errors": len(errors),
        "stopped_by_time_limit": time.perf_counter() > deadline,
    }


class Server:
    """A real server on a free port, in its own process group."""

    def __init__(self, env: dict, args, no_signature: bool = False, app: str = "wsgi") -> None:
        self.port = _free_port()
        url = env.get("DATABASE_URL", "")
        self.database = url.rsplit("/", 1)[-1] if url.startswith("postgres") else ""
        env = env | {
            "TBMNET_DEBUG": "0",
            "PIC_NO_SIGNATURE": "1" if no_signature else "0",
            "PIC_APP": app,
            "PYTHONPATH": str(ROOT / "bench"),
        }
        if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or _has("gunicorn"):
            self.kind = (
                f"gunicorn gthread, {args.workers} workers x {args.threads} threads"
                if args.worker_class == "gthread"
                else f"gunicorn {args.worker_class}, {args.workers} workers"
            )
            command = [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(args.workers),
                "--worker-class",
                args.worker_class,
                "--threads",  # gunicorn runs gthread for sync given more than one
                str(args.threads if args.worker_class == "gthread" else 1),
                "--keep-alive",
                str(args.keep_alive),
                "--backlog",
                "512",
                "--log-level",
                "warning",
                "pic:application()",
            ]
        else:
            self.kind = "django threaded server (pip install gunicorn for a production server)"
            command = [sys.executable, __file__, "--_serve", str(self.port)]
        self.process = subprocess.Popen(
            command, env=env, cwd=ROOT / "bench", start_new_session=True
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with socket.create_connection((HOST, self.port), timeout=1) as s:
                    s.sendall(
                        f"GET /healthz HTTP/1.1\r\nHost: {HOST}\r\n"
                        "Connection: close\r\n\r\n".encode()
                    )
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
    return (
        subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True).returncode
        == 0
    )


def _cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds of each process (Linux /proc; empty elsewhere)."""
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def _pgrep(*args: str) -> list[int]:
    found = subprocess.run(["pgrep", *args], capture_output=True, text=True).stdout.split()
    return [int(pid) for pid in found]


def _measured(server: Server, requests: list[bytes], clients: int, args) -> dict:
    """A load run with the CPU per request of the server's processes and of the database's
    backends (PostgreSQL on this machine) beside the client's: where the cores went."""
    backends = (
        (lambda: _pgrep("-f", f"postgres: .* {server.database} ")) if server.database else list
    )
    before = _cpu_seconds(_pgrep("-g", str(server.process.pid))), _cpu_seconds(backends())
    result = _load(server.port, requests, clients, args.max_seconds)
    after = _cpu_seconds(_pgrep("-g", str(server.process.pid))), _cpu_seconds(backends())
    if result["requests"]:
        for name, then, now in (("server", before[0], after[0]), ("database", before[1], after[1])):
            used = sum(seconds - then.get(pid, 0.0) for pid, seconds in now.items())
            result[f"{name}_cpu_ms_per_request"] = round(used / result["requests"] * 1000, 3)
    return result


def _verify_load(server: Server, codes: list[str], clients: int, args, rng: random.Random) -> dict:
    warm = [
        _raw("GET", f"/api/v1/verify/{rng.choice(codes)}", server.port)
        for _ in range(min(500, args.verify_requests))
    ]
    _load(server.port, warm, clients, args.max_seconds)
    requests = [
        _raw("GET", f"/api/v1/verify/{rng.choice(codes)}", server.port)
        for _ in range(args.verify_requests)
    ]
    return _measured(server, requests, clients, args)


def _paced_runs(server: Server, codes: list[str], args, rng: random.Random) -> list[dict]:
    """Open loop: ``--paced-clients`` border posts, each verifying ``rate`` consents a second
    on a fixed schedule (offered load = clients x rate), for each ``--paced-rates``; latency
    from the moment each request was due. What a verification costs when the server is not
    saturated, beside the closed-loop runs that saturate it."""
    out = []
    for rate in args.paced_rates:
        runs = []
        for _ in range(args.repeat):
            count = max(args.paced_clients, int(args.paced_seconds * rate * args.paced_clients))
            requests = [
                _raw("GET", f"/api/v1/verify/{rng.choice(codes)}", server.port)
                for _ in range(count)
            ]
            result = _load(
                server.port, requests, args.paced_clients, args.max_seconds, interval=1.0 / rate
            )
            runs.append(result)
        out.append(
            {
                "per_client_per_second": rate,
                "offered_per_second": rate * args.paced_clients,
                **_medians(runs),
            }
        )
    return out


def _floor_load(server: Server, clients: int, args) -> dict:
    """``GET /healthz`` (a plain Django view: the middleware, no query, no ninja) on the same
    server, or anything on the bare server: what this server setup costs by itself."""
    requests = [_raw("GET", "/healthz", server.port)] * args.verify_requests
    _load(server.port, requests[:500], clients, args.max_seconds)
    return _measured(server, requests, clients, args)


MEDIAN_OF = (
    "requests_per_second",
    "p50_ms",
    "p90_ms",
    "p99_ms",
    "mean_ms",
    "server_cpu_ms_per_request",
    "database_cpu_ms_per_request",
    "client_cpu_ms_per_request",
)


def _medians(runs: list[dict]) -> dict:
    return {
        "clients": runs[0]["clients"],
        "runs": len(runs),
        **{
            k: round(statistics.median(r[k] for r in runs), 2)
            for k in MEDIAN_OF
            if all(r.get(k) is not None for r in runs)
        },
        "requests_per_run": runs[0]["requests"],
        "errors": sum(r["errors"] for r in runs),
        "statuses": [r["statuses"] for r in runs],
    }


def _verify_runs(
    servers: dict[str, Server], floor_servers: dict[str, Server], codes: list[str], args
) -> dict:
    """Each variant at each concurrency, ``--repeat`` times, the variants and the floors
    taking turns (so the noise of a shared machine falls on all alike); medians and every
    run."""
    rngs = {name: random.Random(args.seed) for name in servers}
    runs: dict[str, dict[int, list[dict]]] = {name: {} for name in servers}
    floors: dict[str, dict[int, list[dict]]] = {name: {} for name in floor_servers}
    for _ in range(args.repeat):
        for clients in args.concurrency:
            for name, server in servers.items():
                runs[name].setdefault(clients, []).append(
                    _verify_load(server, codes, clients, args, rngs[name])
                )
            for name, server in floor_servers.items():
                floors[name].setdefault(clients, []).append(_floor_load(server, clients, args))
    report = {name: [_medians(by[c]) for c in args.concurrency] for name, by in runs.items()}
    for name, by in floors.items():
        report[name] = [_medians(by[c]) for c in args.concurrency]
    report["every_run"] = {
        name: {str(c): by[c] for c in args.concurrency} for name, by in runs.items()
    }
    return report


def _server_sweep(env: dict, codes: list[str], args) -> list[dict]:
    """``--server-sweep``: the verification (the production entry point) and the bare WSGI
    floor at the highest ``--concurrency`` under each gunicorn setting, taking turns, and
    the open loop at the highest ``--paced-rates``; medians of ``--repeat``."""
    out = []
    clients, rate = max(args.concurrency), max(args.paced_rates)
    for setting in args.server_sweep:
        kind, _, size = setting.partition(":")
        workers, _, threads = size.partition("x")
        tried = argparse.Namespace(
            **{
                **vars(args),
                "worker_class": kind,
                "workers": int(workers),
                "threads": int(threads or 1),
            }
        )
        verify, bare = Server(env, tried), Server(env, tried, app="bare")
        try:
            rng = random.Random(args.seed)
            runs, floors = [], []
            for _ in range(args.repeat):
                runs.append(_verify_load(verify, codes, clients, args, rng))
                floors.append(_floor_load(bare, clients, args))
            paced = _paced_runs(
                verify,
                codes,
                argparse.Namespace(**{**vars(args), "paced_rates": [rate]}),
                random.Random(args.seed + 1),
            )
            out.append(
                {
                    "setting": setting,
                    "server": verify.kind,
                    "verify": _medians(runs),
                    "server_floor_bare_wsgi": _medians(floors),
                    "verify_paced": paced[0],
                }
            )
        finally:
            verify.stop()
            bare.stop()
    return out


def _one_database(name: str, url: str, args) -> dict:
    env = os.environ | {"DATABASE_URL": url, "TBMNET_MEDIA_ROOT": tempfile.mkdtemp()}
    built = Path(tempfile.mkstemp(suffix=".json")[1])
    subprocess.run(
        [sys.executable, __file__, "--_build", str(args.notifications), str(built)],
        env=env,
        check=True,
        cwd=ROOT,
    )
    data = json.loads(built.read_text())
    built.unlink()
    result = {
        "database": name,
        "notifications": data["notifications"],
        "consents": data["consents"],
        "build_seconds": data["seconds"],
    }
    servers, floor_servers = {}, {}
    if args.sweep_only:
        result["server_sweep"] = _server_sweep(env, data["codes"], args)
        return result
    try:
        servers["verify"] = Server(env, args)
        servers["verify_through_django"] = Server(env, args, app="django")
        servers["peer_verify_without_signature_check"] = Server(env, args, no_signature=True)
        floor_servers["server_floor_healthz"] = servers["verify"]
        floor_servers["server_floor_bare_wsgi"] = Server(env, args, app="bare")
        result["server"] = servers["verify"].kind
        result |= _verify_runs(servers, floor_servers, data["codes"], args)
        for name in ("verify", "verify_through_django"):
            result[f"{name}_paced"] = _paced_runs(
                servers[name], data["codes"], args, random.Random(args.seed + 1)
            )
        server = servers["verify"]
        targets = data["awaiting"][: args.decisions]
        body = json.dumps(
            {"state": "MY", "kind": "consent", "conditions": "Each shipment sealed"}
        ).encode()
        decisions = [
            _raw(
                "POST",
                f"/api/v1/notifications/{n.replace(' ', '-')}/decisions",
                server.port,
                body,
                data["token"],
            )
            for n in targets
        ]
        result["decisions"] = _load(server.port, decisions, args.decision_clients, args.max_seconds)
        result["decisions"]["what"] = (
            "Malaysia consents with a condition: the notification "
            "is complete, its consent is signed (201)"
        )
        for server in (*servers.values(), *floor_servers.values()):
            server.stop()  # the cores to the sweep's servers
        if args.server_sweep:
            result["server_sweep"] = _server_sweep(env, data["codes"], args)
    finally:
        for server in (*servers.values(), *floor_servers.values()):
            server.stop()
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
    parser.add_argument(
        "--concurrency", default="1,50", type=lambda s: [int(x) for x in s.split(",")]
    )
    parser.add_argument("--verify-requests", type=int, default=5000)
    parser.add_argument("--decisions", type=int, default=300)
    parser.add_argument("--decision-clients", type=int, default=10)
    # One process per core, a few threads each (a thread waiting on its query leaves the GIL
    # to another). Measured on 2 shared cores, PostgreSQL, 50 clients, turns taken, medians
    # of 3: 2 x 4 p99 142 ms, 2 x 8 390, 2 x 16 191, 3 x 4 158; 4 x 1 460: with one thread a
    # worker serves its keep-alive connections in turn while another worker may idle.
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--worker-class",
        default="gthread",
        choices=("gthread", "sync"),
        help="gunicorn's (sync: one request at a time, no keep-alive)",
    )
    parser.add_argument(
        "--keep-alive",
        type=int,
        default=30,
        help="gunicorn's seconds to wait on a kept-alive connection",
    )
    parser.add_argument(
        "--server-sweep",
        default=[],
        type=lambda s: [x for x in s.split(",") if x],
        help="gunicorn settings to try after the main runs, comma-separated, each "
        "CLASS:WORKERS[xTHREADS], e.g. gthread:2x4,gthread:2x1,sync:2,sync:4",
    )
    parser.add_argument(
        "--sweep-only", action="store_true", help="only the --server-sweep, not the rest"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=2,
        help="load runs per variant and concurrency (medians are quoted)",
    )
    parser.add_argument(
        "--max-seconds", type=float, default=120.0, help="time limit of each load run"
    )
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--paced-clients", type=int, default=50)
    parser.add_argument(
        "--paced-rates",
        default="2,10",
        type=lambda s: [float(x) for x in s.split(",")],
        help="open-loop runs: verifications per second per client",
    )
    parser.add_argument(
        "--paced-seconds", type=float, default=15.0, help="length of each open-loop run"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    sys.path.insert(0, str(ROOT / "src"))
    report = {
        "bench": "pic",
        "issue": 4,
        "target": "verification p99 < 20 ms at 50 concurrent clients on PostgreSQL",
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "note": "client and server share the machine",
        },
        "settings": {k: v for k, v in vars(args).items()},
        "signature_in_process": _signature_cost(),
        "databases": [],
    }
    for name in args.databases.split(","):
        if name == "sqlite":
            folder = tempfile.mkdtemp(prefix="pic-")
            try:
                report["databases"].append(
                    _one_database("sqlite", f"sqlite:///{folder}/bench.sqlite3", args)
                )
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
                report["databases"].append(
                    _one_database("postgres", args.pg_url.rstrip("/") + "/" + database, args)
                )
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
