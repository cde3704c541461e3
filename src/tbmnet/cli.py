"""The ``tbmnet`` command: one entry point for set-up, serving, reference data and jobs."""

from __future__ import annotations

import json
import os
import sys

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(help="TBMnet: control of transboundary movements of hazardous wastes.",
                  no_args_is_help=True, add_completion=False,
                  pretty_exceptions_show_locals=False)
codes_app = typer.Typer(help="Look up the reference code lists (Basel, Bamako, HS 2022).",
                        no_args_is_help=True)
token_app = typer.Typer(help="API tokens (Authorization: Bearer …).", no_args_is_help=True)
audit_app = typer.Typer(help="The hash-chained audit trail.", no_args_is_help=True)
app.add_typer(codes_app, name="codes")
app.add_typer(token_app, name="token")
app.add_typer(audit_app, name="audit")

console = Console()
errors = Console(stderr=True)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tbmnet.settings")
    import django

    django.setup()


def _fail(message: str, code: int = 2) -> None:
    errors.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


@app.command()
def init(demo: bool = typer.Option(False, "--demo", help="also load the demo world")) -> None:
    """Migrate the database and load reference data (and the demo world). Idempotent."""
    from tbmnet.codes import ReferenceDataError, catalogue

    try:
        count = len(catalogue())
    except ReferenceDataError as exc:
        _fail(str(exc))
    _django()
    from django.conf import settings
    from django.core.management import call_command

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    console.print(f"[green]✓[/] database migrated ({settings.DATABASES['default']['ENGINE']})")
    console.print(f"[green]✓[/] {count} reference codes validated")
    from tbmnet.apps.registry import setup

    summary = setup.load_reference()
    console.print(f"[green]✓[/] reference data: {summary}")
    if demo:
        summary = setup.load_demo()
        console.print(f"[green]✓[/] demo world: {summary}")
        setup.print_demo_accounts(console)


@app.command()
def serve(host: str = typer.Option("127.0.0.1", help="address to listen on"),
          port: int = typer.Option(8000, help="port to listen on")) -> None:
    """Serve TBMnet over HTTP (GET /healthz answers ok)."""
    _django()
    from django.core.management import call_command

    console.print(f"TBMnet on http://{host}:{port}/  (API docs: http://{host}:{port}/api/v1/docs)")
    call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)


@codes_app.command("show")
def codes_show(code: str, as_json: bool = typer.Option(False, "--json", help="print JSON"),
               on: str = typer.Option("", help="the version in force on this date (YYYY-MM-DD)")
               ) -> None:
    """Show one code in every list it stands in, with its dated versions and source."""
    from datetime import date

    from tbmnet.codes import CodeNotInForce, catalogue

    versions = catalogue().versions(code)
    if not versions:
        _fail(f"unknown code {code!r}: try `tbmnet codes search {code}`")
    if on:
        try:
            versions = [catalogue().get(code, on=date.fromisoformat(on))]
        except ValueError:
            _fail(f"--on: not a date (YYYY-MM-DD): {on!r}")
        except CodeNotInForce as exc:
            _fail(str(exc))
    if as_json:
        print(json.dumps([v.as_dict() for v in versions], ensure_ascii=False, indent=2))
        return
    for v in versions:
        table = Table(show_header=False, title=f"{v.code} — {v.list_name}", title_justify="left")
        table.add_row("title", v.title)
        for key, value in v.details.items():
            table.add_row(key, value)
        table.add_row("validity", v.validity)
        if v.note:
            table.add_row("note", v.note)
        verification = v.verification or "not stated"
        table.add_row("verification", f"[red]UNVERIFIED[/] {verification}" if v.unverified
                      else verification)
        table.add_row("source", v.source)
        console.print(table)


@codes_app.command("search")
def codes_search(query: str, limit: int = typer.Option(10, help="how many results"),
                 list_: str = typer.Option(None, "--list", help="only this list"),
                 as_json: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Search the code lists; the best matches first."""
    from tbmnet.codes import LISTS, catalogue

    if list_ is not None and list_ not in LISTS:
        _fail(f"--list: unknown list {list_!r}; one of {', '.join(LISTS)}")
    hits = catalogue().search(query, limit=limit, list=list_)
    if as_json:
        print(json.dumps([h.code.as_dict() | {"score": round(h.score, 3)} for h in hits],
                         ensure_ascii=False, indent=2))
        return
    if not hits:
        _fail(f"nothing matches {query!r}", code=1)
    table = Table("code", "list", "title", "in force")
    for hit in hits:
        c = hit.code
        table.add_row(c.code, c.list, c.title[:90], c.validity)
    console.print(table)


@token_app.command("create")
def token_create(username: str, label: str = typer.Option("", help="what the token is for")
                 ) -> None:
    """Create an API token for USERNAME and print it (it is shown only once)."""
    _django()
    from tbmnet.apps.registry.tokens import create_token
    from tbmnet.errors import DomainError

    try:
        print(create_token(username=username, label=label))
    except DomainError as exc:
        _fail(exc.message)


@audit_app.command("verify")
def audit_verify() -> None:
    """Recompute the audit hash chain; exit 1 if a record was altered or removed."""
    _django()
    from tbmnet.apps.audit.services import verify

    check = verify()
    if check.intact:
        console.print(f"[green]✓[/] audit trail intact: {check.records} records")
        return
    _fail(f"audit trail broken at record {check.broken_at}: {check.reason}", code=1)


@app.command()
def check(file: str = typer.Argument(..., help="JSON file: one proposal or an array; - for stdin")
          ) -> None:
    """Legality of proposed movements: one JSON verdict per proposal (exit 2 on any error)."""
    from tbmnet.rules import check_many

    try:
        text = sys.stdin.read() if file == "-" else open(file, encoding="utf-8").read()
        data = json.loads(text)
    except OSError as exc:
        _fail(f"cannot read {file}: {exc.strerror or exc}")
    except json.JSONDecodeError as exc:
        _fail(f"{file} is not JSON: {exc}")
    results, failed = check_many(data if isinstance(data, list) else [data])
    print(json.dumps(results if isinstance(data, list) else results[0], ensure_ascii=False))
    if failed:
        raise typer.Exit(2)


def main() -> None:  # pragma: no cover
    app(prog_name="tbmnet")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
