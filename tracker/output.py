"""The one renderer for listings: table (Rich, with document text escaped), JSON, CSV and YAML.

Data formats are written with json/csv/yaml straight to the stream, never through Rich."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import IO, Any

import yaml
from rich.console import Console
from rich.table import Table
from rich.text import Text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
REPORT_WIDTH = 100  # fixed width for reports that go to files, pipes or mail


def console(stderr: bool = False, file: IO[str] | None = None) -> Console:
    target = file or (sys.stderr if stderr else sys.stdout)
    interactive = target.isatty() if hasattr(target, "isatty") else False
    return Console(
        file=target,
        width=None if interactive else REPORT_WIDTH,
        no_color=not interactive or bool(os.environ.get("NO_COLOR")),
        highlight=False,
        soft_wrap=True,  # messages stay one line however long the path
    )


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    return str(value)


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str], title: str | None = None) -> Table:
    """A Rich table whose cells are Text objects: "[overzicht]" in a quote stays visible."""
    out = Table(title=title, show_lines=False, expand=False)
    for position, column in enumerate(columns):
        out.add_column(column, overflow="fold", no_wrap=position == 0)  # ids stay whole
    for row in rows:
        out.add_row(*(Text(cell(row.get(c))) for c in columns))
    return out


def write_json(data: Any, stream: IO[str]) -> None:
    json.dump(data, stream, ensure_ascii=False, indent=2, default=str)
    stream.write("\n")


def write_json_rows(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    """A JSON array written element by element (the same text as write_json of the list)."""
    count = 0
    for row in rows:
        element = json.dumps(row, ensure_ascii=False, indent=2, default=str).replace("\n", "\n  ")
        stream.write(("[\n  " if count == 0 else ",\n  ") + element)
        count += 1
    stream.write("\n]\n" if count else "[]\n")
    return count


def write_yaml(data: Any, stream: IO[str]) -> None:
    yaml.safe_dump(data, stream, allow_unicode=True, sort_keys=False, default_flow_style=False)


def write_yaml_rows(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    """A YAML list written element by element (the same text as write_yaml of the list)."""
    count = 0
    for row in rows:
        write_yaml([row], stream)
        count += 1
    if not count:
        write_yaml([], stream)
    return count


def neutralise(value: str) -> str:
    """A cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_START) else value


def write_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], stream: IO[str], excel: bool = False) -> int:
    writer = csv.writer(stream, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([neutralise(cell(row.get(c))) for c in columns])
        count += 1
    return count


TABLE_PAGE = 500  # rows per table when a listing is printed as tables: memory stays flat


def render_rows(rows: Iterable[dict[str, Any]], columns: Sequence[str], fmt: str, title: str | None = None) -> int:
    """Write rows as they come; the number written is returned."""
    if fmt == "json":
        return write_json_rows(rows, sys.stdout)
    if fmt == "yaml":
        return write_yaml_rows(rows, sys.stdout)
    if fmt == "csv":
        return write_csv(rows, columns, sys.stdout)
    out = console()
    count = 0
    rows = iter(rows)
    while page := list(islice(rows, TABLE_PAGE)):
        out.print(table(page, columns, title if count == 0 else None))
        count += len(page)
    if not count:
        console(stderr=True).print("No items match.")
    return count


class OutputError(Exception):
    """An output file cannot be written; the message says which and why."""


def _new_file_mode(path: Path) -> int:
    """An existing file keeps its mode; a new one gets what the umask allows, as `>` would give it."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def open_atomically(path: Path) -> Iterator[IO[str]]:
    """A text file written beside the target and renamed onto it when the block ends without an
    error: readers never see half a file, and the writer can stream into it."""
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name, for example {path / 'report.txt'}")
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.chmod(tmp, _new_file_mode(path))
        os.replace(tmp, path)
    except OSError as exc:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        raise


def write_atomically(path: Path, content: str) -> None:
    """Write to a temporary file beside the target, then rename: readers never see half a file."""
    with open_atomically(path) as handle:
        handle.write(content)


def to_text(render: Any) -> str:
    """Render Rich renderables to plain text of the fixed report width."""
    buffer = io.StringIO()
    plain = Console(file=buffer, width=REPORT_WIDTH, no_color=True, highlight=False, color_system=None)
    for part in render:
        plain.print(part)
    return buffer.getvalue()
