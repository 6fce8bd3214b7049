"""The command line: parse options, call the library, render. No extraction or SQL lives here.

Exit codes: 0 success (also when nothing matches), 1 error, 2 wrong usage, 3 attention needed
(only with `report --fail-on`)."""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from dateutil import parser as dateparser
from rich.progress import Progress

from tracker import __version__, web
from tracker.export import EXPORT_COLUMNS, ListingRows, write_export
from tracker.ingest import Outcome, extract_files, ingest_files
from tracker.output import (
    REPORT_WIDTH,
    OutputError,
    console,
    is_terminal,
    json_element,
    open_atomically,
    output_width,
    render_rows,
    safe,
    shown_path,
    strip_controls,
    table,
    write_atomically,
    write_json,
    write_json_texts,
)
from tracker.pipeline.extract import json_text, to_json
from tracker.pipeline.load import UNSUPPORTED_SUFFIXES, LoadError, supported
from tracker.pipeline.metadata import DUTCH, parse_dutch_date
from tracker.pipeline.model import Extraction
from tracker.registers.commands import registers_app
from tracker.registers.store import REGISTER_COLUMNS, has_records
from tracker.report import REPORT_LIMIT, build_report, needs_attention, render_html, render_markdown, render_text
from tracker.rules import RuleError, Rules, check_rules, load_rules
from tracker.store.check import check_database, rebuild_search_index
from tracker.store.corrections import (
    CORRECTION_COLUMNS,
    corrections,
    current_user,
    import_corrections,
    import_links,
    links,
    undo_last,
)
from tracker.store.database import StoreError, describe_error, open_db
from tracker.store.identity import LinkError, link_items, links_of, resolve, undo_links
from tracker.store.letters import (
    LetterNotFound,
    arrival_moment,
    files_of,
    find_stored_letter,
    forget_letter,
    letter_rows,
    restore_letter,
)
from tracker.store.queries import Filters, Listing, describe, find_item, timeline
from tracker.store.save import now_iso, record_manual_status
from tracker.usage import TrackerGroup

EXIT_ERROR, EXIT_USAGE, EXIT_ATTENTION = 1, 2, 3


class TrackerCommands(TrackerGroup):
    """Database errors met while a command runs (a damaged file, a disk that is full, a lock held
    too long) end the command with one line, never a traceback; the database is closed after it."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except sqlite3.Error as exc:
            state = ctx.obj
            if isinstance(state, State):
                state.database_error = True
            fail(describe_error(exc, state.db_path) if isinstance(state, State) else str(exc))
        finally:
            if isinstance(ctx.obj, State):
                ctx.obj.close()


app = typer.Typer(
    cls=TrackerCommands,
    name="tracker",
    no_args_is_help=True,
    help="Track toezeggingen and moties through Dutch government letters to parliament.",
)
rules_app = typer.Typer(no_args_is_help=True, help="Inspect and check the extraction rules.")
app.add_typer(rules_app, name="rules")
app.add_typer(registers_app, name="registers")


class ExtractFormat(str, Enum):
    json = "json"
    table = "table"


class ListFormat(str, Enum):
    table = "table"
    json = "json"
    ndjson = "ndjson"
    csv = "csv"
    tsv = "tsv"
    yaml = "yaml"


class ExportFormat(str, Enum):
    csv = "csv"
    tsv = "tsv"
    json = "json"
    ndjson = "ndjson"
    yaml = "yaml"


class ReportFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    html = "html"
    json = "json"


class Kind(str, Enum):
    toezegging = "toezegging"
    motie = "motie"


class Status(str, Enum):
    open = "open"
    closed = "closed"
    partial = "partial"
    lapsed = "lapsed"


# The register's words (Tweede and Eerste Kamer) for the same statuses, accepted wherever a status is typed.
STATUS_WORDS = {
    "openstaand": "open", "afgedaan": "closed", "voldaan": "closed", "deels afgedaan": "partial",
    "deels voldaan": "partial", "vervallen": "lapsed",
}  # fmt: skip
STATUS_METAVAR = "[open|closed|partial|lapsed]"


def parse_status(value: str | Status) -> Status:
    if isinstance(value, Status):
        return value
    word = " ".join(value.lower().replace("-", " ").replace("_", " ").split())
    try:
        return Status(STATUS_WORDS.get(word, word))
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a status; use open, closed, partial or lapsed "
            "(or the register's openstaand, afgedaan, deels afgedaan, vervallen)"
        ) from None


def complete_status(incomplete: str) -> list[str]:
    return [s for s in [*(s.value for s in Status), *STATUS_WORDS] if s.startswith(incomplete.lower())]


class FailOn(str, Enum):
    overdue = "overdue"
    open = "open"


@dataclass
class State:
    db_path: Path
    quiet: bool
    rules_dir: Path | None
    opened: list[Any] = field(default_factory=list)
    database_error: bool = False  # a write ended by one is not recorded as checked (see store.database)

    def rules(self) -> Rules:
        try:
            return load_rules(self.rules_dir)
        except RuleError as exc:
            fail(f"{exc}. Fix the rule file or leave out --rules.")

    def db(self, create: bool = False, write: bool = True) -> Any:
        """The database; reading commands pass write=False and open it read-only."""
        try:
            db = open_db(self.db_path, create=create, write=write)
        except StoreError as exc:
            fail(str(exc))
        self.opened.append(db)
        return db

    def close(self) -> None:
        while self.opened:
            self.opened.pop().close(sound=not self.database_error)


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    console(stderr=True).print(f"Error: {safe(message)}")
    raise typer.Exit(code)


def say(state: State, message: str) -> None:
    if not state.quiet:
        console(stderr=True).print(safe(message))


def full_date(value: str) -> date:
    """A date typed by a user: all of day, month and year, so that a report can be reproduced.
    dateutil fills a missing part from a default; parsing against two defaults shows whether it had to."""
    parsed = parse_dutch_date(value)
    if parsed is None:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD or '1 april 2026'")
    try:
        filled = [
            dateparser.parse(value, parserinfo=DUTCH, default=datetime(2000, 1, 1)),
            dateparser.parse(value, parserinfo=DUTCH, default=datetime(2004, 2, 2)),
        ]
    except (ValueError, OverflowError):
        return parsed  # forms only our own parser reads are complete
    if filled[0] != filled[1]:
        raise typer.BadParameter(
            f"{value!r} is not a full date; give day, month and year (2026-04-01 or '1 april 2026')"
        )
    return parsed


def parse_date_option(value: str | None) -> date | None:
    return None if value is None else full_date(value)


DATE_HELP = "YYYY-MM-DD or '1 april 2026' (day, month and year)"


def check_output(value: str | None) -> str | None:
    """'-' (or no option) is stdout; an empty name is a mistake, not the current folder."""
    if value is None or value == "-":
        return None
    if not value.strip():
        raise typer.BadParameter("needs a file name ('-' for stdout)")
    return value


OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file (atomically) instead of stdout; '-' is stdout.",
        callback=check_output,
    ),
]


def write_file(output: str, content: str) -> None:
    try:
        write_atomically(Path(output), content)
    except OutputError as exc:
        fail(str(exc))


def version_callback(value: bool) -> None:
    if value:
        print(f"tracker {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[Path, typer.Option("--db", envvar="TRACKER_DB", help="SQLite database file.")] = Path("tracker.db"),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
    rules: Annotated[
        Path | None,
        typer.Option("--rules", envvar="TRACKER_RULES", help="Folder with rule files that replace the shipped ones."),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Global options go before the command: tracker --db my.db list --status open"""
    if rules is not None and not rules.is_dir():
        problem = "is a file; give the folder that holds the rule files" if rules.exists() else "does not exist"
        raise typer.BadParameter(f"{rules} {problem}", param_hint="'--rules'")
    ctx.obj = State(db_path=db, quiet=quiet, rules_dir=rules)


@dataclass
class Found:
    """The files to read, and how many other files the folders held (other kinds, no extension)."""

    files: list[Path]
    passed_over: int = 0


def expand_paths(paths: list[Path]) -> Found:
    """Files as given; folders recursively (sorted, so runs repeat), keeping letters by their
    extension, and .doc/.rtf too, so that they get the advice a named one gets. Hidden files and
    folders (.git, .Trash) and Word's lock files ("~$brief.docx", left while a letter is open) are
    passed over, as are files of other kinds and files without an extension. Linked folders are
    followed, each folder once (a link back up the tree is not a loop)."""
    found = Found([])
    for path in paths:
        if not path.is_dir():
            found.files.append(path)
            continue
        in_folder = []
        seen: set[str] = set()
        for folder, subfolders, names in os.walk(path, followlinks=True):
            real = os.path.realpath(folder)
            if real in seen:
                subfolders.clear()
                continue
            seen.add(real)
            subfolders[:] = [d for d in subfolders if not d.startswith(".")]
            for name in names:
                candidate = Path(folder) / name
                suffix = candidate.suffix.lower()
                if name.startswith((".", "~$")):
                    continue
                if suffix and (supported(candidate) or suffix in UNSUPPORTED_SUFFIXES):
                    in_folder.append(candidate)
                else:
                    found.passed_over += 1
        found.files += sorted(in_folder)
    return found


def file_error(path: Path, problem: Exception | str) -> str:
    """One line for a file that could not be read or stored; the run goes on with the others."""
    if isinstance(problem, Exception) and not isinstance(problem, LoadError):
        detail = " ".join(str(problem).split())[:200]
        problem = f"cannot be processed ({type(problem).__name__}: {detail})"
    return f"Error: {safe(shown_path(path))}: {safe(str(problem))}"


@app.command()
def extract(
    ctx: typer.Context,
    # names, made paths below: typer checks a Path argument with a new pydantic adapter for every
    # value, 40 µs a file, which a shell's letters/*.pdf of thousands of files would pay
    files: Annotated[
        list[str], typer.Argument(help="Letters or folders to read (.txt, .md, .html, .docx, .odt, .pdf).")
    ],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = ExtractFormat.json,
    explain: Annotated[bool, typer.Option(help="Show which rule, footnote and phrase decided each item.")] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, metavar="N", help="Processes that extract letters at once (default: all cores)."
        ),
    ] = None,
) -> None:
    """Print the items, statuses and references a letter contains. Uses no database.

    Several letters are extracted on every core and printed in the order given, as one JSON array
    (also when only some of them can be read); a file that cannot be read gets one line on stderr
    and the others are printed."""
    state: State = ctx.obj
    rules = state.rules()
    paths = expand_paths([Path(name) for name in files]).files
    output = functools.partial(extract_output, explain=explain, text=format == ExtractFormat.json)
    jobs = min(jobs or os.cpu_count() or 1, len(paths))  # one file: no worker processes
    failed = False

    def outputs() -> Iterator[Any]:
        nonlocal failed
        for extracted in extract_files(paths, rules, state.rules_dir, jobs, output):
            if extracted.error is not None:  # a damaged or hostile file never stops the others
                console(stderr=True).print(file_error(extracted.path, extracted.error))
                failed = True
            else:
                yield extracted.prepared

    if format == ExtractFormat.json:
        # the shape follows the letters given, not how many could be read: a script gets an array
        # for several (or none: an empty folder) whatever fails, and one letter's object alone
        if len(paths) == 1:
            sys.stdout.writelines(text + "\n" for text in outputs())
        else:  # written a letter at a time
            write_json_texts(map(json_element, outputs()), sys.stdout)
    else:
        out = console()
        for result in outputs():
            doc = result["document"]
            out.print(
                safe(
                    f"{doc['path']}  date {doc['date'] or '-'}  number {doc['number'] or '-'}  kenmerk {doc['kenmerk'] or '-'}"
                )
            )
            rows = [i | {"why": (i.get("explain") or {}).get("status_rule")} for i in result["items"]]
            columns = ["kind", "id", "name", "status", "quote"] + (["why"] if explain else [])
            out.print(table(rows, columns, width=out.width) if rows else "  no toezeggingen or moties")
            for warning in result["warnings"]:
                console(stderr=True).print(f"  warning: {safe(warning)}")
    if failed:
        raise typer.Exit(EXIT_ERROR)


def extract_output(extraction: Extraction, rules: Rules, *, explain: bool, text: bool) -> str | dict[str, Any]:
    """What `extract`'s workers hand back for a letter: its JSON text (the same as json.dumps with
    indent=2), or the data the table shows."""
    return json_text(extraction, explain) if text else to_json(extraction, explain)


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")],
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Processes that extract letters at once (default: all cores)."),
    ] = None,
) -> None:
    """Store letters, their items and one status event per mention. Unchanged files are skipped.

    Letters are extracted on every core and saved by one writer, in batches, each letter whole or
    not at all: an interrupted run leaves only complete letters, and running it again adds the rest."""
    state: State = ctx.obj
    rules = state.rules()
    found = expand_paths(paths)
    files = found.files
    if not files:
        fail("no letters found in the given paths (supported: .txt, .md, .html, .docx, .odt, .pdf)")
    err = console(stderr=True)
    if not any(path.exists() for path in files):  # a mistyped path creates no database
        for path in files:
            err.print(file_error(path, "no such file or folder"))
        fail(f"nothing to ingest; {state.db_path} was not touched")
    db = state.db(create=True, write=True)
    tally = {"new": 0, "unchanged": 0, "failed": 0}
    show_progress = err.is_terminal and not state.quiet and len(files) > 1
    with Progress(console=err, transient=True, disable=not show_progress) as progress:
        task = progress.add_task("ingesting", total=len(files))

        def report(outcome: Outcome) -> None:
            state.database_error |= outcome.database_error
            if outcome.error is not None:
                err.print(file_error(outcome.path, outcome.error))
                tally["failed"] += 1
            elif outcome.result and outcome.result.new:
                tally["new"] += 1
                r = outcome.result
                replaced = f"; replaces the earlier version of letter L{r.letter}" if r.replaced else ""
                say(
                    state,
                    f"{shown_path(outcome.path)}: {r.items} items, {r.events} events, {r.references} references{replaced}",
                )
                for warning in r.warnings:
                    say(state, f"{shown_path(outcome.path)}: warning: {warning}")
            elif outcome.result and outcome.result.forgotten:
                tally["unchanged"] += 1
                say(
                    state,
                    f"{shown_path(outcome.path)}: letter L{outcome.result.letter} was forgotten ('tracker letters'), skipped",
                )
            else:
                tally["unchanged"] += 1
                say(state, f"{shown_path(outcome.path)}: unchanged, skipped")
            progress.advance(task)

        ingest_files(
            db,
            files,
            rules,
            rules_dir=state.rules_dir,
            jobs=jobs or os.cpu_count() or 1,
            report=report,
        )
    say(
        state,
        f"{len(files)} files: {tally['new']} ingested, {tally['unchanged']} unchanged, {tally['failed']} failed"
        + (f"; {found.passed_over} other files passed over (not letters)" if found.passed_over else ""),
    )
    if tally["failed"]:
        raise typer.Exit(EXIT_ERROR)


LIST_COLUMNS = ["id", "kind", "status", "last_date", "last_document", "deadline", "label", "status_quote"]
DATA_COLUMNS = [
    "id", "kind", "status", "last_date", "last_document", "deadline", "name", "text", "dossier", "ondernummer",
    "status_quote", "status_document", "status_date",
]  # fmt: skip


class Sort(str, Enum):
    deadline = "deadline"
    last_date = "last-date"
    status = "status"
    dossier = "dossier"


# The filters `list` and `export` share.
KindOption = Annotated[Kind | None, typer.Option(help="Only this kind.")]
StatusOption = Annotated[
    Status | None,
    typer.Option(
        help="Only items with this current status (the register's words too: afgedaan, openstaand, ...).",
        parser=parse_status, metavar=STATUS_METAVAR, autocompletion=complete_status,
    ),
]  # fmt: skip
DossierOption = Annotated[str | None, typer.Option(help="Only this dossier, e.g. 21501-02 or '36 600 IV'.")]
SearchOption = Annotated[
    str | None, typer.Option(help="Full-text search in item texts and letter quotes (every word must occur).")
]
MinistryOption = Annotated[
    str | None, typer.Option(help="Only items from letters of this ministry (part of its name).")
]
OverdueOption = Annotated[bool, typer.Option("--overdue", help="Only open items past their deadline.")]
SinceOption = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help=f"Only items whose latest letter is dated on or after DATE ({DATE_HELP}); undated items are left out.",
        callback=parse_date_option,
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help="Only items whose latest letter is dated on or before DATE; undated items are left out.",
        callback=parse_date_option,
    ),
]
ChangedSinceOption = Annotated[
    str | None,
    typer.Option(
        "--changed-since",
        metavar="DATE",
        help="Only items that changed in the store since DATE began: a letter or correction about them arrived "
        "(whatever the letter's date), or a letter about them was replaced or forgotten.",
        callback=parse_date_option,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", metavar="DATE", help=f"Today's date for overdue: {DATE_HELP}.", callback=parse_date_option),
]
LimitOption = Annotated[int | None, typer.Option("--limit", min=0, help="At most this many items.")]
SortOption = Annotated[
    Sort | None, typer.Option("--sort", help="Order by this (items without it last); default kind, dossier, number.")
]
DescOption = Annotated[bool, typer.Option("--desc", help="Reverse the order.")]


def make_filters(
    kind: Kind | None, status: Status | None, dossier: str | None, since: Any, until: Any,
    search: str | None, ministry: str | None, overdue: bool, changed_since: Any = None,
) -> Filters:  # fmt: skip
    return Filters(
        kind=kind.value if kind else None, status=status.value if status else None, dossier=dossier,
        since=since, until=until, search=search, ministry=ministry, overdue=overdue, changed_since=changed_since,
    )  # fmt: skip


LIST_DROPPABLE = ["last_document", "status_quote", "kind"]  # left out first when a terminal is too narrow


def parse_columns(value: str | None) -> list[str] | None:
    if value is None:
        return None
    columns = [c.strip() for c in value.split(",") if c.strip()]
    if not columns:
        raise typer.BadParameter("name at least one column, e.g. id,status,label")
    return columns


ColumnsOption = Annotated[
    str | None,
    typer.Option(
        "--columns", metavar="A,B,...", help="Only these columns, in this order (e.g. id,status,deadline,label).",
        callback=parse_columns,
    ),
]  # fmt: skip
NoHeadersOption = Annotated[bool, typer.Option("--no-headers", help="Leave out the header line (table, csv, tsv).")]


def choose_columns(known: Sequence[str], wanted: list[str] | None, default: Sequence[str]) -> list[str]:
    """The --columns asked for, checked against the columns the rows have; else the default."""
    if wanted is None:
        return list(default)
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise typer.BadParameter(
            f"no column {', '.join(unknown)}; choose from {', '.join(known)}", param_hint="'--columns'"
        )
    return wanted


@app.command("list")
def list_items(
    ctx: typer.Context,
    kind: KindOption = None,
    status: StatusOption = None,
    dossier: DossierOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    search: SearchOption = None,
    ministry: MinistryOption = None,
    overdue: OverdueOption = False,
    changed_since: ChangedSinceOption = None,
    as_of: AsOfOption = None,
    limit: LimitOption = None,
    sort: SortOption = None,
    desc: DescOption = False,
    count: Annotated[bool, typer.Option("--count", help="Print only the number of matching items.")] = False,
    format: Annotated[
        ListFormat,
        typer.Option("--format", "-f", help="Output format (table: fitted to a terminal, plain lines to a pipe)."),
    ] = ListFormat.table,
    columns: ColumnsOption = None,
    no_headers: NoHeadersOption = False,
) -> None:
    """One row per item with its current status and the letter (or correction) and phrase that decided it."""
    state: State = ctx.obj
    filters = make_filters(kind, status, dossier, since, until, search, ministry, overdue, changed_since)
    listing = Listing(state.db(write=False), filters, as_of=as_of)  # type: ignore[arg-type]
    if count:
        print(listing.count())
        return
    rows = ListingRows(listing, sort=sort.value if sort else None, desc=desc, limit=limit)
    render_list(rows, format.value, columns, no_headers, has_records(listing.db))  # type: ignore[arg-type]


def render_list(
    rows: ListingRows, fmt: str, wanted: list[str] | None, no_headers: bool, registers: bool = False
) -> None:
    """Rows of `list` in a format; in a table a deadline phrase that gives no date reads "no date".
    Once a register is imported, its number and status stand beside the letters' status."""
    known = rows.columns()
    if fmt in ("json", "ndjson", "yaml"):
        chosen = choose_columns(known, wanted, [k for k in known if k != "label"])
        write_export(rows, fmt, sys.stdout, columns=chosen, bom=False)
        return
    if fmt != "table":
        default = DATA_COLUMNS + list(REGISTER_COLUMNS) if registers else DATA_COLUMNS
        write_export(
            rows, fmt, sys.stdout, columns=choose_columns(known, wanted, default), headers=not no_headers, bom=False
        )
        return
    shown = (r | {"deadline": r["deadline"] or ("no date" if r["deadline_phrase"] else None)} for r in rows)
    render_rows(
        shown,
        choose_columns(
            known, wanted, LIST_COLUMNS[:3] + ["register_says"] + LIST_COLUMNS[3:] if registers else LIST_COLUMNS
        ),
        "table",
        headers=not no_headers,
        droppable=LIST_DROPPABLE if wanted is None else (),
        optional=("deadline", "status_quote") if wanted is None else (),
    )


@app.command()
def show(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID", help="TZ202511-004, kst-31985-95, or an id from 'list'.")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = ExtractFormat.table,
) -> None:
    """An item and its timeline: every letter that mentioned it, with date, status and quote."""
    state: State = ctx.obj
    db = state.db(write=False)
    item = find_item(db, item_id)
    if item is None:
        fail(f"no item {item_id!r}; 'tracker list' shows the ids")
    joined = resolve(db, item["id"])  # an item linked or joined to another is shown as that one
    if joined != item["id"]:
        item = find_item(db, joined) or item
    summary = describe(db, item["id"], date.today())
    if summary is None:
        fail(f"item {item_id!r} has no events dated on or before today")
    events = timeline(db, item["id"])
    # the items whose letters count here: joined by hand (links) or by indieners and subject
    also = sorted({e["extracted_key"] for e in events if e["extracted_key"] not in (None, item["id"])})
    links = links_of(db, item["id"])
    if format == ExtractFormat.json:
        write_json(summary | {"joined": also, "links": links, "timeline": events}, sys.stdout)
        return
    out = console()
    out.print(safe(f"{summary['id']}  {summary['kind']}  {summary['status']} ({summary['register_status']})"))
    if summary.get("register"):
        deadline = f", deadline {summary['register_deadline']}" if summary.get("register_deadline") else ""
        said = summary["register_says"] or "(no status)"
        out.print(safe(f"  register: {summary['register']} {summary['register_number']} says {said}{deadline}"))
    for label in ("name", "text", "dossier", "ondernummer", "ek_nummer", "deadline", "deadline_phrase", "link"):
        if summary.get(label):
            out.print(safe(f"  {label}: {summary[label]}"))
    if also:
        out.print(safe(f"  joined: {', '.join(also)}"))
    for made in links:
        state_of = f"undone {made['undone_at'][:10]}" if made["undone_at"] else "linked"
        out.print(
            safe(f"  {state_of}: {made['from_id']} -> {made['to_id']} by {made['author']} "
                   f"on {made['recorded_at'][:10]}: {made['note']}")
        )  # fmt: skip
    if summary.get("deadline_phrase") and not summary.get("deadline"):
        out.print(safe(f'  deadline: no date ("{summary["deadline_phrase"]}" names none)'))
    letters = {e["document"]: e for e in events if e.get("document_path")}  # each letter's file, once
    for name, event in letters.items():
        out.print(safe(f"  letter: {name} ({event['when'] or 'undated'}) {event['document_path']}"))
    rows = [e | {"quote": e["quote"] or e["note"], "by": e["author"] or ""} for e in events]
    out.print(table(rows, ["when", "document", "status", "quote", "by"], title="Timeline", width=out.width))


@app.command()
def report(
    ctx: typer.Context,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help=f"Use this date as today (reproducible reports): {DATE_HELP}.",
            callback=parse_date_option,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help=f"Also list what changed after DATE ({DATE_HELP}).", callback=parse_date_option
        ),
    ] = None,
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.text,
    output: OutputOption = None,
    fail_on: Annotated[
        FailOn | None, typer.Option("--fail-on", help="Exit 3 when there are overdue (or open) items.")
    ] = None,
    stale_days: Annotated[
        int, typer.Option(help="An open item is stale after this many days without a letter.", min=1)
    ] = 180,
    limit: Annotated[
        int,
        typer.Option("--limit", min=0, help="Rows per item list and count table (0: all); totals are always whole."),
    ] = REPORT_LIMIT,
) -> None:
    """Open versus closed per kind, dossier and ministry; overdue, stale and changed items."""
    state: State = ctx.obj
    db = state.db(write=False)
    data = build_report(db, as_of or date.today(), since, stale_days, limit or None)  # type: ignore[arg-type]
    if format == ReportFormat.json:
        text = json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    else:
        text = {
            ReportFormat.text: lambda d: render_text(d, REPORT_WIDTH if output else output_width(sys.stdout)),
            ReportFormat.markdown: render_markdown,
            ReportFormat.html: render_html,
        }[format](data)
        text = strip_controls(text)  # letter text must not drive the reader's terminal
    if output:
        write_file(output, text)
        say(state, f"report written to {output}")
    else:
        sys.stdout.write(text)
    if needs_attention(data, fail_on.value if fail_on else None):
        raise typer.Exit(EXIT_ATTENTION)


@app.command()
def export(
    ctx: typer.Context,
    kind: KindOption = None,
    status: StatusOption = None,
    dossier: DossierOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    search: SearchOption = None,
    ministry: MinistryOption = None,
    overdue: OverdueOption = False,
    changed_since: ChangedSinceOption = None,
    as_of: AsOfOption = None,
    limit: LimitOption = None,
    sort: SortOption = None,
    desc: DescOption = False,
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = ExportFormat.csv,
    excel: Annotated[
        bool, typer.Option("--excel", help="CSV for Dutch Excel: ';' separators and CRLF line ends.")
    ] = False,
    output: OutputOption = None,
    columns: ColumnsOption = None,
    no_headers: NoHeadersOption = False,
) -> None:
    """One row per item for spreadsheets: id, status (also as Openstaand/Afgedaan), deadline, letters, link,
    and the phrase, letter and date that decided the status. Takes the filters of 'list'."""
    state: State = ctx.obj
    if excel and format != ExportFormat.csv:
        raise typer.BadParameter(
            f"--excel is a kind of CSV; leave it out with --format {format.value}", param_hint="'--excel'"
        )
    filters = make_filters(kind, status, dossier, since, until, search, ministry, overdue, changed_since)
    listing = Listing(state.db(write=False), filters, as_of=as_of)  # type: ignore[arg-type]
    rows = ListingRows(listing, sort=sort.value if sort else None, desc=desc, limit=limit)
    default = EXPORT_COLUMNS + REGISTER_COLUMNS if has_records(listing.db) else EXPORT_COLUMNS
    chosen = choose_columns(rows.columns(), columns, default)  # type: ignore[arg-type]
    options = {"excel": excel, "columns": chosen, "headers": not no_headers}
    if output:
        try:
            with open_atomically(Path(output)) as handle:
                written = write_export(rows, format.value, handle, **options)  # type: ignore[arg-type]
        except OutputError as exc:
            fail(str(exc))
        say(state, f"{written} items written to {output}")
    else:
        # the byte-order mark is for Excel, not for a terminal
        write_export(rows, format.value, sys.stdout, bom=not is_terminal(sys.stdout), **options)  # type: ignore[arg-type]


@app.command("set-status")
def set_status(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID", help="The item to correct.")],
    status: Annotated[
        Status | None,
        typer.Argument(
            help="The status to record (the register's words too: afgedaan, openstaand, deels afgedaan, vervallen).",
            parser=parse_status,
            metavar="STATUS",
            autocompletion=complete_status,
            show_default=False,
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Why: shown in the timeline (needed with STATUS).")] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help=f"Date of the correction, today or earlier: {DATE_HELP}.",
            callback=parse_date_option,
        ),
    ] = None,
    undo: Annotated[
        bool, typer.Option("--undo", help="Take back the item's latest correction (it is kept, as undone).")
    ] = False,
) -> None:
    """Record a manual correction (it wins over letters dated on or before it; the history stays), or
    take the latest one back with --undo. 'tracker corrections' lists them."""  # fmt: skip
    state: State = ctx.obj
    if undo and (status is not None or note is not None or on is not None):
        fail("--undo takes only the item's id: tracker set-status ID --undo", EXIT_USAGE)
    if not undo and status is None:
        fail("give the STATUS to record (or --undo to take the latest correction back)", EXIT_USAGE)
    if not undo and not (note or "").strip():
        fail("--note must say why the status is corrected", EXIT_USAGE)
    if on is not None and on > date.today():  # type: ignore[operator]
        fail(f"--date {on} is in the future; a correction is dated the day it is made (today or earlier)", EXIT_USAGE)
    db = state.db(write=True)
    item = find_item(db, item_id)
    if item is None:
        fail(f"no item {item_id!r}; 'tracker list' shows the ids")
    shown_id, joined_to = item["public_id"] or item["id"], ""
    joined = resolve(db, item["id"])  # an item linked or joined to another is corrected as that one
    if joined != item["id"]:
        item = find_item(db, joined) or item
        joined_to = f"{shown_id} is joined to {item['public_id'] or item['id']}; "
        shown_id = item["public_id"] or item["id"]
    if undo:
        undone = undo_last(db, item["id"], current_user())
        if undone is None:
            fail(f"{joined_to}{shown_id} has no correction to undo; 'tracker corrections' lists them")
        say(state, f"{joined_to}{shown_id}: undid {undone['status']} of {undone['date']} ({undone['note']})")
        return
    assert status is not None and note is not None
    event = record_manual_status(db, item["id"], status.value, note.strip(), on)  # type: ignore[arg-type]
    say(state, f"{joined_to}{shown_id}: recorded {status.value} on {event['date']} by {event['author']}")


corrections_app = typer.Typer(
    help="Manual corrections: list them; export them to a file and import them into a rebuilt database.",
    invoke_without_command=True,
)
app.add_typer(corrections_app, name="corrections")


@corrections_app.callback()
def corrections_list(
    ctx: typer.Context,
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
) -> None:
    """Every correction in force, oldest first (without a subcommand)."""
    if ctx.invoked_subcommand is not None:
        return
    state: State = ctx.obj
    rows = ({c: r[c] for c in CORRECTION_COLUMNS} for r in corrections(state.db(write=False)))
    shown = [c for c in CORRECTION_COLUMNS if c != "key"] if format == ListFormat.table else CORRECTION_COLUMNS
    render_rows(rows, shown, format.value)


@corrections_app.command("export")
def corrections_export(ctx: typer.Context, output: OutputOption = None) -> None:
    """Write every correction and every link made by hand (undone ones too) as JSON, for
    'tracker corrections import' into a rebuilt database."""
    state: State = ctx.obj
    db = state.db(write=False)
    saved = {"corrections": [{c: r[c] for c in CORRECTION_COLUMNS} for r in corrections(db)], "links": links(db)}
    if output:
        write_file(output, json.dumps(saved, ensure_ascii=False, indent=2) + "\n")
        say(state, f"{len(saved['corrections'])} corrections and {len(saved['links'])} links written to {output}")
    else:
        write_json(saved, sys.stdout)


@corrections_app.command("import")
def corrections_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A file written by 'tracker corrections export'.")],
) -> None:
    """Add the corrections and links from FILE that the database does not hold yet (running it twice
    adds nothing). A link whose items are not stored yet is kept and counts once they are ingested."""
    state: State = ctx.obj
    try:
        saved = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        fail(f"{file}: {exc.strerror or exc}")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        fail(f"{file}: not a corrections export ({exc}); write one with 'tracker corrections export'")
    if isinstance(saved, list):  # an export from before links were exported
        saved = {"corrections": saved, "links": []}
    if not (
        isinstance(saved, dict) and isinstance(saved.get("corrections"), list) and isinstance(saved.get("links"), list)
    ):
        fail(
            f"{file}: not a corrections export (no corrections and links); write one with 'tracker corrections export'"
        )
    db = state.db(write=True)
    linked = import_links(db, saved["links"])  # first, so that corrections count where the links say
    result = import_corrections(db, saved["corrections"])
    err = console(stderr=True)
    for label in linked.invalid:
        err.print(safe(f"Error: {label}: not a link (needs from_id, to_id and recorded_at)"))
    say(state, f"{linked.added} links added, {linked.undone} undone, {linked.present} already there"
        + (f"; {len(linked.waiting)} wait for their items' letters ({', '.join(linked.waiting)})" if linked.waiting else ""))  # fmt: skip
    for label in result.unknown_items:
        err.print(safe(f"Error: {label}: no such item here; ingest its letters first, then import again"))
    for label in result.invalid:
        err.print(safe(f"Error: {label}: not a correction (needs a status and a YYYY-MM-DD date)"))
    say(state, f"{result.added} corrections added, {result.present} already there"
        + (f", {len(result.unknown_items) + len(result.invalid)} not imported" if result.unknown_items or result.invalid else ""))  # fmt: skip
    if result.unknown_items or result.invalid or linked.invalid:
        raise typer.Exit(EXIT_ERROR)


def numbered(item: dict[str, Any]) -> bool:
    return bool(item["public_id"] or item["ek_nummer"])


@app.command()
def link(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID", help="An item that is the same as TARGET.")],
    target: Annotated[str, typer.Argument(metavar="TARGET", help="The item it joins.")],
    note: Annotated[str, typer.Option("--note", help="Why they are one item: shown with the item.")] = "",
    undo: Annotated[bool, typer.Option("--undo", help="Undo the link between the two.")] = False,
) -> None:
    """Join two items that are one by hand: the letters of ID count for TARGET from now on (a numbered
    item is always the one kept). Recorded with your name, kept when letters are ingested again, and
    undone with --undo."""
    state: State = ctx.obj
    db = state.db()
    items = []
    for given in (item_id, target):
        item = find_item(db, given)
        if item is None:
            fail(f"no item {given!r}; 'tracker list' shows the ids")
        items.append(item)
    first, second = items
    try:
        if undo:
            undone = undo_links(db, first["id"], second["id"], current_user(), now_iso())
            say(state, f"{first['id']} and {second['id']}: {undone} link(s) undone; each has its own letters again")
            return
        if not note.strip():
            fail("--note must say why the two are one item", EXIT_USAGE)
        if numbered(first) and not numbered(second):
            first, second = second, first  # the kamerstuk or register number stays the item's id
        link_items(db, first["id"], second["id"], note.strip(), current_user(), now_iso())
    except LinkError as exc:
        fail(str(exc))
    kept = second["public_id"] or second["id"]
    say(state, f"{first['id']} joined {kept}; 'tracker link {first['id']} {kept} --undo' takes it back")


class LettersFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


LETTER_COLUMNS = ["id", "date", "reference", "title", "files", "items", "state", "current_file"]


@app.command()
def letters(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help="Only letters stored (or replaced) since DATE began.", callback=parse_date_option
        ),
    ] = None,
    format: Annotated[LettersFormat, typer.Option("--format", "-f", help="Output format.")] = LettersFormat.table,
) -> None:
    """The letters stored: id (for 'forget'), date, number or kenmerk, title, files (one letter in
    several formats or versions is one letter), items and state (stored or forgotten; with --since,
    new or new version); the newest letter first."""
    state: State = ctx.obj
    db = state.db(write=False)
    rows = letter_rows(db, since=arrival_moment(since) if since else None)  # type: ignore[arg-type]
    if format == LettersFormat.json:
        files = {row["id"]: files_of(db, int(row["id"][1:])) for row in rows}
        write_json([row | {"files": files[row["id"]], "file_count": row["files"]} for row in rows], sys.stdout)
        return
    render_rows(rows, LETTER_COLUMNS, format.value)


@app.command()
def forget(
    ctx: typer.Context,
    letter_ref: Annotated[
        str,
        typer.Argument(metavar="DOC", help="L12 (from 'tracker letters'), a document number, kenmerk or file path."),
    ],
    undo: Annotated[bool, typer.Option("--undo", help="Count the letter's events again.")] = False,
) -> None:
    """Remove a letter's events from the items' timelines (kept in the history). Corrections by hand
    stay. Its files stay known: ingesting them again does not bring the letter back; --undo does."""
    state: State = ctx.obj
    db = state.db()
    try:
        letter = find_stored_letter(db, letter_ref)
    except LetterNotFound as exc:
        fail(str(exc))
    label = f"L{letter['id']} ({letter['number'] or letter['kenmerk'] or letter['title'] or 'no title'})"
    if undo:
        if not letter["forgotten_at"]:
            fail(f"letter {label} is not forgotten")
        back = restore_letter(db, letter)
        say(state, f"letter {label}: {back} events count again")
        return
    if letter["forgotten_at"]:
        fail(f"letter {label} was forgotten on {letter['forgotten_at']}; --undo brings it back")
    moved = forget_letter(db, letter["id"], now_iso())
    say(state, f"letter {label}: {moved} events taken out; 'tracker forget L{letter['id']} --undo' brings them back")


@app.command()
def check(
    ctx: typer.Context,
    rebuild_search: Annotated[
        bool,
        typer.Option(
            "--rebuild-search", help="First make the full-text index of the items again (when the check says it is off)."
        ),
    ] = False,
) -> None:
    """Check the database (integrity, schema version, full-text index) and the rules (examples) in one go; exit 1 on a problem."""
    state: State = ctx.obj
    out, err = console(), console(stderr=True)
    if rebuild_search:
        state.db(create=False).close()  # the checks and upgrades of any write
        try:
            rebuild_search_index(state.db_path)
        except sqlite3.Error as exc:
            fail(describe_error(exc, state.db_path))
        out.print(safe(f"database {state.db_path}: full-text index made again"))
    database = check_database(state.db_path)
    for problem in database.problems:
        err.print(f"Error: {safe(problem)}")
    if not database.problems:
        out.print(safe(f"database {state.db_path}: " + "; ".join(database.notes)))
    try:
        rules = load_rules(state.rules_dir)
    except RuleError as exc:
        err.print(f"Error: {safe(str(exc))}")
        raise typer.Exit(EXIT_ERROR) from None
    rule_problems = check_rules(rules)
    for rule_problem in rule_problems:
        err.print(safe(f"Error: rule {rule_problem.rule}: {rule_problem.problem}: {rule_problem.example!r}"))
    if not rule_problems:
        out.print(safe(f"rules {rules.directory}: {len(rules.all_rules())} rules, every example OK"))
    if database.problems or rule_problems:
        raise typer.Exit(EXIT_ERROR)


@app.command()
def serve(
    ctx: typer.Context,
    port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535, help="Port to listen on.")] = 8001,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; 0.0.0.0 lets other computers in.")
    ] = "127.0.0.1",
) -> None:
    r"""Browse the database in a web browser (Datasette, read-only): items by kind, status, ministry and
    dossier, each item's timeline with the letters' quotes, and ready-made queries. Needs
    'pip install tracker\[web]'."""
    state: State = ctx.obj
    try:
        datasette = web.make_datasette(state.db_path)
        web.check_address(host, port)
    except (StoreError, web.ServeError) as exc:
        fail(str(exc))
    say(state, f"serving {shown_path(state.db_path)} read-only at http://{host}:{port}/ (Ctrl-C stops)")
    web.serve(datasette, host, port)


@rules_app.command("check")
def rules_check(ctx: typer.Context) -> None:
    """Every rule's examples must match and its counter-examples must not."""
    state: State = ctx.obj
    rules = state.rules()
    problems = check_rules(rules)
    for problem in problems:
        console(stderr=True).print(safe(f"{problem.rule}: {problem.problem}: {problem.example!r}"))
    count = len(rules.all_rules())
    if problems:
        fail(f"{len(problems)} problems in {count} rules ({rules.directory})")
    say(state, f"{count} rules OK ({rules.directory})")


@rules_app.command("list")
def rules_list(ctx: typer.Context) -> None:
    """The rules in use, with their group and description."""
    rules = ctx.obj.rules()
    rows = [{"group": r.group, "name": r.name, "description": r.get("description", "")} for r in rules.all_rules()]
    render_rows(rows, ["group", "name", "description"], "table")


def main() -> None:
    app()
