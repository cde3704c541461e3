"""The ``tbmnet`` command: one entry point for set-up, serving, reference data and jobs."""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path

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
watchlist_app = typer.Typer(help="Watchlists of entities shared by authorities and networks.",
                             no_args_is_help=True)
app.add_typer(watchlist_app, name="watchlist")
deadlines_app = typer.Typer(help="Deadlines of prior informed consent.", no_args_is_help=True)
app.add_typer(deadlines_app, name="deadlines")

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
        from tbmnet.demo import load_demo

        for part, summary in load_demo():
            console.print(f"[green]✓[/] demo world ({part}): {summary}")
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
    """Legality of proposed movements: one JSON verdict per proposal (exit 2 on any error).

    The party lists are those of the database (as corrected by administrators), as for
    POST /api/v1/legality/check; before `tbmnet init`, the packaged reference files."""
    from django.db import DatabaseError

    from tbmnet.rules import check_many, default_engine

    try:
        text = sys.stdin.read() if file == "-" else open(file, encoding="utf-8").read()
        data = json.loads(text)
    except OSError as exc:
        _fail(f"cannot read {file}: {exc.strerror or exc}")
    except json.JSONDecodeError as exc:
        _fail(f"{file} is not JSON: {exc}")
    _django()
    from tbmnet.apps.registry.legality import engine

    try:
        chosen = engine()
    except DatabaseError:  # no database yet
        chosen = default_engine()
    results, failed = check_many(data if isinstance(data, list) else [data], chosen)
    print(json.dumps(results if isinstance(data, list) else results[0], ensure_ascii=False))
    if failed:
        raise typer.Exit(2)


@app.command()
def screen(
    file: Path = typer.Argument(..., help="declarations CSV (columns of issue 6)"),
    out: Path | None = typer.Option(None, "--out", help="write JSON lines here (default: stdout)"),
    watchlist: Path | None = typer.Option(
        None, "--watchlist", help="watchlist CSV (offline: instead of the database)"),
    consents: Path | None = typer.Option(
        None, "--consents", help="consents JSON: a list of ConsentRecord objects"),
    profiles: Path | None = typer.Option(
        None, "--profiles", help="risk profiles JSON ({\"profiles\": [...]}); 'example' for the "
        "example profiles shipped with TBMnet"),
) -> None:
    """Screen customs declarations: one JSON line per declaration (exit 2 if a row had an error).

    Without --watchlist, --consents or --profiles, the database's consents, watchlist and risk
    profiles are used (as in the customs workspace); with any of them, only the files given
    are (offline screening). Results are printed, not kept in the workspace's queue.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from tbmnet.screening import DeclarationError, Screener, load_consents, load_profiles, read_csv
    from tbmnet.screening.engine import Watchlist
    from tbmnet.screening.profiles import EXAMPLE_PROFILES, ProfileError
    from tbmnet.screening.watchlist import read_watchlist

    try:
        total = sum(1 for _ in read_csv(file))  # a first pass for the progress bar; rows stream
    except OSError as exc:
        _fail(f"cannot read {file}: {exc.strerror or exc}")
    except DeclarationError as exc:
        _fail(f"{file}: {exc.message}")
    except (UnicodeDecodeError, csv.Error) as exc:
        _fail(f"{file} is not a UTF-8 CSV file: {exc}")
    try:
        consent_list = load_consents(consents) if consents else []
        profile_path = EXAMPLE_PROFILES if str(profiles) == "example" else profiles
        profile_list = load_profiles(profile_path) if profile_path else []
    except OSError as exc:
        _fail(f"cannot read {exc.filename}: {exc.strerror}")
    except (ValueError, ProfileError) as exc:
        _fail(str(exc))
    if watchlist or consents or profiles:
        entities = []
        if watchlist:
            try:
                listed = read_watchlist(watchlist)
            except OSError as exc:
                _fail(f"cannot read {watchlist}: {exc.strerror or exc}")
            if listed.errors:
                _fail(f"{watchlist}: {listed.errors[0]} ({len(listed.errors)} row(s) refused; "
                      f"check it with `tbmnet watchlist import --dry-run`)")
            entities = listed.entities
        screener = Screener(consents=consent_list, profiles=profile_list,
                            watchlist=Watchlist.build(entities) if entities else None)
        errors.print(f"screening {total} declaration(s) against {len(consent_list)} "
                     f"consent(s), {len(entities)} watchlist entit(ies), {len(profile_list)} "
                     "risk profile(s) from files")
    else:
        _django()
        from tbmnet.apps.customs.sources import screener as database_screener

        screener = database_screener()
        errors.print(f"screening {total} declaration(s) against the database: "
                     f"{len(screener.consents)} consent(s), "
                     f"{len(screener.watchlist.entities) if screener.watchlist else 0} "
                     f"watchlist entit(ies), {len(screener.profiles)} risk profile(s)")
    if not screener.legality.uses_rules_engine:
        errors.print("[yellow]note:[/] legality engine not available: prohibitions not judged")
    counts: dict[str, int] = {}
    target = out.with_name(f".{out.name}.part") if out else None
    sink = target.open("w", encoding="utf-8") if target else sys.stdout
    try:
        with Progress("[progress.description]{task.description}", BarColumn(),
                      MofNCompleteColumn(), TimeRemainingColumn(), console=errors,
                      transient=out is None) as progress:
            task = progress.add_task("screening", total=total)
            for row in read_csv(file):
                result = screener.screen_row(row)
                key = result.get("decision", "error")
                counts[key] = counts.get(key, 0) + 1
                sink.write(json.dumps(result, ensure_ascii=False) + "\n")
                progress.advance(task)
    finally:
        if target:
            sink.close()
    if target and out:
        target.replace(out)
    errors.print("  ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    if counts.get("error"):
        raise typer.Exit(2)


@watchlist_app.command("import")
def watchlist_import(
    file: Path = typer.Argument(..., help="CSV: entity_id, kind, name, aliases (|-separated), "
                                "address, country, identifiers (|-separated), source"),
    as_user: str = typer.Option("", "--as", help="the account that shares the list (customs, "
                                "competent authority, secretariat or intelligence partner)"),
    sharing_level: str = typer.Option("green", help="TLP: clear, green, amber or red"),
    dry_run: bool = typer.Option(False, "--dry-run", help="validate only; write nothing"),
) -> None:
    """Validate a watchlist file and add or update its entities (by entity_id) in the
    database, shared by --as. A file with any invalid row is refused whole."""
    from tbmnet.screening.watchlist import read_watchlist

    try:
        listed = read_watchlist(file)
    except OSError as exc:
        _fail(f"cannot read {file}: {exc.strerror or exc}")
    except (UnicodeDecodeError, csv.Error) as exc:
        _fail(f"{file} is not a UTF-8 CSV file: {exc}")
    kinds: dict[str, int] = {}
    for entity in listed.entities:
        kinds[entity.kind] = kinds.get(entity.kind, 0) + 1
    aliases = sum(len(e.aliases) for e in listed.entities)
    console.print(f"{file}: {listed.rows} row(s), {len(listed.entities)} valid "
                  f"({', '.join(f'{k} {v}' for k, v in sorted(kinds.items())) or 'none'}), "
                  f"{aliases} alias(es), {len(listed.errors)} refused")
    for error in listed.errors[:20]:
        errors.print(f"[red]refused[/] {error}")
    if listed.errors:
        _fail("nothing imported: correct the refused rows and import again")
    if dry_run:
        console.print("dry run: nothing written")
        return
    if not as_user:
        _fail("--as: name the account that shares the list (e.g. --as secretariat)")
    _django()
    from django.contrib.auth import get_user_model

    from tbmnet.apps.customs.services import import_watchlist
    from tbmnet.errors import DomainError

    actor = get_user_model().objects.filter(username=as_user, is_active=True).first()
    if actor is None:
        _fail(f"--as: no active account named {as_user!r}")
    rows = [{"entity_id": e.entity_id, "kind": e.kind, "name": e.name, "aliases": e.aliases,
             "address": e.address, "country": e.country, "identifiers": e.identifiers,
             "source": e.source} for e in listed.entities]
    try:
        summary = import_watchlist(actor=actor, rows=rows, sharing_level=sharing_level)
    except DomainError as exc:
        _fail(f"{exc.field}: {exc.message}" if exc.field else exc.message)
    console.print(f"[green]✓[/] {summary['created']} added, {summary['updated']} updated "
                  f"(shared by {as_user}, TLP:{sharing_level.upper()})")


@deadlines_app.command("run")
def deadlines_run(today: str = typer.Option("", help="run as of this date (YYYY-MM-DD)")
                  ) -> None:
    """Grant tacit consent where the procedure provides it and the period has run out
    (Basel Art. 6(4) transit, OECD amber). Idempotent: safe to run every minute."""
    from datetime import date

    _django()
    from tbmnet.apps.notifications.services import run_deadlines

    try:
        day = date.fromisoformat(today) if today else None
    except ValueError:
        _fail(f"--today: not a date (YYYY-MM-DD): {today!r}")
    granted = run_deadlines(today=day)
    for decision in granted:
        console.print(f"[green]✓[/] tacit consent: {decision.notification.number} "
                      f"{decision.state_concerned.state}")
    console.print(f"{len(granted)} tacit consent(s) granted")
    from tbmnet.apps.movements.services import overdue_report
    console.print(overdue_report(today=day))


def main() -> None:  # pragma: no cover
    app(prog_name="tbmnet")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
