"""The one renderer for listings: table (Rich, with document text escaped), JSON, CSV and YAML.

Data formats are written with json/csv/yaml straight to the stream, never through Rich."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Sequence
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


def write_yaml(data: Any, stream: IO[str]) -> None:
    yaml.safe_dump(data, stream, allow_unicode=True, sort_keys=False, default_flow_style=False)


def neutralise(value: str) -> str:
    """A cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_START) else value


def write_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str], stream: IO[str], excel: bool = False) -> None:
    writer = csv.writer(stream, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(cell(row.get(c))) for c in columns])


def render_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str, title: str | None = None) -> None:
    if fmt == "json":
        write_json(list(rows), sys.stdout)
    elif fmt == "yaml":
        write_yaml(list(rows), sys.stdout)
    elif fmt == "csv":
        write_csv(rows, columns, sys.stdout)
    else:
        out = console()
        if rows:
            out.print(table(rows, columns, title))
        else:
            console(stderr=True).print("No items match.")


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


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write to a temporary file beside the target, then rename: readers never see half a file."""
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name, for example {path / 'report.txt'}")
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
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


def to_text(render: Any) -> str:
    """Render Rich renderables to plain text of the fixed report width."""
    buffer = io.StringIO()
    plain = Console(file=buffer, width=REPORT_WIDTH, no_color=True, highlight=False, color_system=None)
    for part in render:
        plain.print(part)
    return buffer.getvalue()
