"""`tracker registers import` and `tracker registers status`."""

from __future__ import annotations

from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from tracker.output import console, render_rows, safe
from tracker.registers.compare import ACTION, FINDINGS, compare
from tracker.registers.model import RegisterError
from tracker.registers.store import import_file

registers_app = typer.Typer(
    no_args_is_help=True,
    help="Import the Tweede and Eerste Kamer registers and compare them with the letters.",
)

REGISTER_SUFFIXES = (".json", ".jsonl", ".ndjson", ".xml", ".atom", ".html", ".htm", ".txt", ".csv")
STATUS_COLUMNS = ["finding", "id", "register", "register_status", "letter_status", "letter", "deadline", "quote"]
CSV_COLUMNS = [
    "finding", "id", "kind", "register", "register_status", "register_mapped", "letter_status", "letter",
    "quote", "deadline", "overdue", "vote", "item", "title", "note", "source_file", "imported_at",
]  # fmt: skip


class StatusFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


Finding = Enum("Finding", {f: f for f in FINDINGS}, type=str)  # type: ignore[misc]


def register_files(paths: list[Path]) -> list[Path]:
    """Files as given; folders recursively, keeping the kinds of file registers come in."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REGISTER_SUFFIXES)
        else:
            out.append(path)
    return out


@registers_app.command("import")
def import_registers(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            help="TK OData JSON (page, array or JSON Lines), TK SyncFeed XML, Eerste Kamer pages (HTML or text), CSV; or folders."
        ),
    ],
) -> None:
    """Store register records (each file whole or not at all). The same file again changes nothing;
    a newer export updates what changed, an older one is left alone."""
    from tracker.cli import EXIT_ERROR, fail, say

    state = ctx.obj
    db = state.db(create=True)
    paths = register_files(files)
    if not paths:
        fail("no register files found in the given paths (.json, .jsonl, .xml, .html, .txt, .csv)")
    err = console(stderr=True)
    failed = 0
    for path in paths:
        try:
            result = import_file(db, path)
        except RegisterError as exc:
            err.print(f"Error: {safe(str(path))}: {safe(str(exc))}")
            failed += 1
            continue
        except (ValueError, TypeError, KeyError, RecursionError) as exc:  # a shape no reader foresaw
            err.print(f"Error: {safe(str(path))}: could not be imported ({type(exc).__name__}: {safe(str(exc))})")
            failed += 1
            continue
        if not result.new:
            say(state, f"{path}: unchanged, skipped (imported before)")
            continue
        parts = [
            f"{result.added} added",
            f"{result.updated} updated",
            f"{result.deleted} deleted",
            f"{result.unchanged} unchanged",
        ]
        if result.older:
            parts.append(f"{result.older} older than the stored ones, left alone")
        say(state, f"{path}: {result.format}, " + ", ".join(parts))
        for warning in result.warnings:
            if not state.quiet:
                err.print(f"  warning: {safe(warning)}")
    if failed:
        raise typer.Exit(EXIT_ERROR)


def _date_option(value: str | None) -> date | None:
    from tracker.cli import parse_date_option  # the command line's own date rules

    return parse_date_option(value)


@registers_app.command("status")
def registers_status(
    ctx: typer.Context,
    format: Annotated[StatusFormat, typer.Option("--format", "-f", help="Output format.")] = StatusFormat.table,
    finding: Annotated[Finding | None, typer.Option("--finding", help="Only this finding.")] = None,
    action: Annotated[
        bool, typer.Option("--action", help="Only what needs action (leave out agree, differ, register-only).")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Today's date for overdue (YYYY-MM-DD or '1 april 2026').",
            callback=_date_option,
        ),
    ] = None,
) -> None:
    """Per item, the register's status beside the letters' status, with the letter and quote;
    sorted by what needs action first."""
    from tracker.cli import fail

    state = ctx.obj
    db = state.db(write=False)
    today = as_of if isinstance(as_of, date) else date.today()  # the callback gave a date
    rows = compare(db, today)
    if not rows and not db.execute("select 1 from register_records limit 1").fetchone():
        fail("no register imported yet; run 'tracker registers import FILE' first")
    if finding is not None:
        rows = [r for r in rows if r["finding"] == finding.value]
    if action:
        rows = [r for r in rows if r["finding"] in ACTION]
    if format == StatusFormat.json:
        render_rows(rows, CSV_COLUMNS, "json")
    elif format == StatusFormat.csv:
        render_rows(rows, CSV_COLUMNS, "csv")
    else:
        render_rows(rows, STATUS_COLUMNS, "table", droppable=("quote", "register"))
