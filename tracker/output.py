"""The one renderer for listings: table (Rich, with document text escaped), JSON, NDJSON, CSV, TSV and YAML.

Data formats are written with json/csv/yaml straight to the stream, never through Rich."""

from __future__ import annotations

import csv
import io
import itertools
import json
import operator
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import IO, Any

import yaml
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
REPORT_WIDTH = 100  # width for reports that go to files, pipes or mail (COLUMNS overrides it)

# How a column behaves when a table must fit the terminal. Long prose is wrapped at word ends;
# names and titles are cut with an ellipsis; everything else (ids, dates, statuses, counts) stays whole.
WRAPPED = frozenset({"quote", "text", "note", "why", "warning"})
CUT = frozenset(
    {"label", "name", "last_document", "first_document", "by_document", "document", "deadline_phrase",
     "ministry", "title", "description", "path", "document_path", "by", "status_quote", "status_document"}
)  # fmt: skip
MIN_CUT = 12  # a cut column keeps at least this many characters


def is_terminal(stream: IO[str]) -> bool:
    return bool(getattr(stream, "isatty", None) and stream.isatty())


def output_width(stream: IO[str]) -> int:
    """The terminal's width; for files, pipes and mail COLUMNS if set, else REPORT_WIDTH."""
    if is_terminal(stream):
        try:
            return os.get_terminal_size(stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            pass
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 20 else REPORT_WIDTH


# C0 and C1 control characters (escape sequences, bells, carriage returns) except tab and newline:
# letter text and file names are shown, never allowed to move the cursor or retitle the terminal.
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)])


def strip_controls(text: str) -> str:
    return text.translate(_CONTROLS) if not text.isprintable() else text


def safe(text: str) -> str:
    """Text from a letter or a file name, ready for Rich: no control characters, no markup."""
    return escape(strip_controls(text))


def shown_path(path: Path | str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by Python as lone surrogates) become U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")


def console(stderr: bool = False, file: IO[str] | None = None) -> Console:
    target = file or (sys.stderr if stderr else sys.stdout)
    interactive = is_terminal(target)
    return Console(
        file=target,
        width=output_width(target),
        no_color=not interactive or bool(os.environ.get("NO_COLOR")),
        highlight=False,
        soft_wrap=True,  # messages stay one line however long the path
    )


# White space that a cell folds: a run, a tab or line break, or a space at either end.
_UNEVEN_SPACE = re.compile(r"\s\s|[^\S ]|^\s|\s$")


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):  # one search first: most text needs no folding (exports of every row)
        return " ".join(value.split()) if _UNEVEN_SPACE.search(value) else value
    if isinstance(value, bool):
        return "yes" if value else ""
    return str(value)


def _natural(rows: Sequence[dict[str, Any]], column: str) -> int:
    return max([len(column), *(len(cell(row.get(column))) for row in rows)])


def table_width(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> int:
    """The narrowest a table of these columns can be: whole columns whole, cut ones at MIN_CUT."""
    widths = [min(_natural(rows, c), MIN_CUT) if c in CUT or c in WRAPPED else _natural(rows, c) for c in columns]
    return sum(widths) + 3 * len(columns) + 1  # a border and a space either side of each cell


def fit_columns(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], width: int, droppable: Sequence[str] = ()
) -> list[str]:
    """Leave out `droppable` columns (first the first) until the table fits `width`."""
    chosen = list(columns)
    for column in droppable:
        if table_width(rows, chosen) <= width:
            break
        if column in chosen:
            chosen.remove(column)
    return chosen


def _shares(naturals: dict[str, int], flexible: list[str], room: int) -> dict[str, int]:
    """Widths for the flexible columns: the narrow ones get all they need, the rest share what is left."""
    widths: dict[str, int] = {}
    pending = sorted(flexible, key=lambda c: naturals[c])
    while pending:
        column = pending.pop(0)
        widths[column] = max(min(naturals[column], room // (len(pending) + 1)), min(naturals[column], MIN_CUT))
        room -= widths[column]
    return widths


def table(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], title: str | None = None, width: int | None = None
) -> Table:
    """A Rich table whose cells are Text objects: "[overzicht]" in a quote stays visible. Within
    `width`, ids, dates and statuses stay whole; names are cut with an ellipsis; quotes wrap at word ends."""
    out = Table(title=title, show_lines=False, expand=False)
    naturals = {c: _natural(rows, c) for c in columns}
    flexible = [c for c in columns if c in CUT or c in WRAPPED]
    fixed = sum(naturals[c] for c in columns if c not in flexible)
    shares = _shares(naturals, flexible, width - fixed - 3 * len(columns) - 1) if width else {}
    for column in columns:
        if column in WRAPPED:
            out.add_column(column, overflow="fold", width=shares.get(column))
        elif column in CUT:
            out.add_column(column, overflow="ellipsis", no_wrap=True, width=shares.get(column))
        else:
            out.add_column(column, no_wrap=True, min_width=naturals[column])
    for row in rows:
        out.add_row(*(Text(strip_controls(cell(row.get(c)))) for c in columns))
    return out


def plain_lines(rows: Sequence[dict[str, Any]], columns: Sequence[str], widths: Sequence[int], headers: bool) -> str:
    """Columns aligned with two spaces, one line per row, nothing cut: for pipes, grep and awk."""
    lines = [list(columns)] if headers else []
    lines += [[strip_controls(cell(row.get(c))) for c in columns] for row in rows]
    return "".join(
        "  ".join(value.ljust(w) for value, w in zip(line, widths, strict=True)).rstrip() + "\n" for line in lines
    )


def write_json(data: Any, stream: IO[str]) -> None:
    # one write of the whole text: json.dump writes each token apart, at twice the cost
    stream.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def write_json_rows(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    """A JSON array written element by element (the same text as write_json of the list)."""
    elements = (json_element(json.dumps(row, ensure_ascii=False, indent=2, default=str)) for row in rows)
    return write_json_texts(elements, stream)


def json_element(text: str) -> str:
    """An indented JSON text as an element of write_json_texts' array: indented once more, led by its ','."""
    return ",\n  " + text.replace("\n", "\n  ")


def write_json_texts(elements: Iterable[str], stream: IO[str]) -> int:
    """A JSON array of elements written as they come, each already indented and led by its separating
    ',' (the same text as write_json of the list)."""
    elements = iter(elements)
    first = next(elements, None)
    if first is None:
        stream.write("[]\n")
        return 0
    stream.write("[" + first[1:])
    written = 1 + write_texts(elements, stream)
    stream.write("\n]\n")
    return written


def counted(items: Iterable[Any]) -> tuple[Iterator[Any], Iterator[int]]:
    """The items, and a tally whose next number is how many of them have been handed out: counted
    with no Python per item, so that C code (csv, writelines) can take them one after another."""
    tally = itertools.count()
    return map(operator.itemgetter(0), zip(items, tally, strict=False)), tally


def write_texts(texts: Iterable[str], stream: IO[str]) -> int:
    """Text after text, as it comes; the number written is returned."""
    items, tally = counted(texts)
    stream.writelines(items)
    return next(tally)


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


def spreadsheet_cell(value: Any) -> str:
    """A cell as `cell` gives it, with a leading apostrophe where a spreadsheet would see a formula."""
    text = cell(value)
    return "'" + text if text.startswith(FORMULA_START) else text


# A row's cells joined by a character that is neither white space nor a formula start: one look at
# the whole row tells whether any cell needs what spreadsheet_cell does.
CELL_JOIN = "\u241f"  # the symbol for unit separator
_SPACE_OR_FORMULA_AFTER_JOIN = re.compile(CELL_JOIN + "[ =+@-]")
_SPACE_OR_FORMULA = (" ", "=", "+", "@", "-")


def spreadsheet_row(values: Sequence[Any]) -> Sequence[Any]:
    """The values as spreadsheet_cell gives each. A row of text that needs nothing (no white space but
    single spaces within a cell, no formula start: nearly every row) is given back as it is."""
    try:
        joined = CELL_JOIN.join(values)
    except TypeError:  # a value that is not text: None, a number, a boolean
        return [spreadsheet_cell(value) for value in values]
    if (
        joined.isprintable()  # False for every white space but " " (and for control characters)
        and "  " not in joined
        and " " + CELL_JOIN not in joined
        and not joined.startswith(_SPACE_OR_FORMULA)
        and not joined.endswith(" ")
        and _SPACE_OR_FORMULA_AFTER_JOIN.search(joined) is None
    ):
        return values
    return [spreadsheet_cell(value) for value in values]


def _values(columns: Sequence[str]) -> Any:
    """A function giving a row's values of these columns; a column a row lacks gives None."""
    pick = operator.itemgetter(*columns) if len(columns) > 1 else (lambda row: (row[columns[0]],))

    def values(row: dict[str, Any]) -> Sequence[Any]:
        try:
            return pick(row)  # type: ignore[no-any-return]
        except KeyError:
            return [row.get(c) for c in columns]

    return values


def write_csv(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str],
    stream: IO[str],
    excel: bool = False,
    headers: bool = True,
) -> int:
    return write_csv_values(map(_values(columns), rows), columns, stream, excel, headers)


def write_csv_values(
    rows: Iterable[Sequence[Any]], columns: Sequence[str], stream: IO[str], excel: bool = False, headers: bool = True
) -> int:
    """Rows of values in the order of `columns`, each cell as spreadsheet_cell gives it."""
    writer = csv.writer(stream, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n")
    if headers:
        writer.writerow(columns)
    items, tally = counted(rows)
    writer.writerows(map(spreadsheet_row, items))
    return next(tally)


def write_tsv(rows: Iterable[dict[str, Any]], columns: Sequence[str], stream: IO[str], headers: bool = True) -> int:
    return write_tsv_values(map(_values(columns), rows), columns, stream, headers)


def _tsv_line(values: Sequence[Any]) -> str:
    return "\t".join(spreadsheet_row(values)) + "\n"


def write_tsv_values(
    rows: Iterable[Sequence[Any]], columns: Sequence[str], stream: IO[str], headers: bool = True
) -> int:
    """Tab-separated, no quoting: a tab or line break inside a value becomes a space."""
    if headers:
        stream.write("\t".join(columns) + "\n")
    return write_texts(map(_tsv_line, rows), stream)


def write_ndjson(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    return write_texts((json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in rows), stream)


TABLE_PAGE = 500  # rows per table when a listing is printed as tables: memory stays flat
PLAIN_PAD = 40  # plain lines align columns up to this width; a longer value pushes the rest of its line


def render_rows(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str],
    fmt: str,
    title: str | None = None,
    headers: bool = True,
    droppable: Sequence[str] = (),
    optional: Sequence[str] = (),
) -> int:
    """Write rows as they come; the number written is returned. A table goes to a terminal boxed and
    fitted to its width (leaving out `droppable` columns if need be), and into a pipe as plain aligned
    lines, one per row. `optional` columns are left out of a terminal's table when they are empty."""
    if fmt == "json":
        return write_json_rows(rows, sys.stdout)
    if fmt == "ndjson":
        return write_ndjson(rows, sys.stdout)
    if fmt == "yaml":
        return write_yaml_rows(rows, sys.stdout)
    if fmt == "csv":
        return write_csv(rows, columns, sys.stdout, headers=headers)
    if fmt == "tsv":
        return write_tsv(rows, columns, sys.stdout, headers=headers)
    terminal = is_terminal(sys.stdout)
    out = console()
    count = 0
    widths: list[int] | None = None
    rows = iter(rows)
    while page := list(islice(rows, TABLE_PAGE)):
        if not terminal:
            # the first page sets the alignment; a longer value later pushes its line, never cut
            widths = widths or [
                min(max([len(c) if headers else 0, *(len(cell(r.get(c))) for r in page)]), PLAIN_PAD) for c in columns
            ]
            sys.stdout.write(plain_lines(page, columns, widths, headers and count == 0))
        else:
            present = [c for c in columns if c not in optional or any(cell(r.get(c)) for r in page)]
            shown = fit_columns(page, present, out.width, droppable)
            rendered = table(page, shown, title if count == 0 else None, width=out.width)
            rendered.show_header = headers
            out.print(rendered)
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


def to_text(render: Any, width: int = REPORT_WIDTH) -> str:
    """Render Rich renderables to plain text of the given width."""
    buffer = io.StringIO()
    plain = Console(file=buffer, width=width, no_color=True, highlight=False, color_system=None)
    for part in render:
        plain.print(part)
    return buffer.getvalue()
