"""Exports for committee clerks: one row per item, fixed columns, in CSV (UTF-8 with BOM, or the
Dutch Excel preset with ';' and CRLF), TSV, JSON, NDJSON or YAML.

Rows of a listing are written from SQL: the query gives each cell's text (CSV, TSV) or each row's
JSON, and the csv module or the stream takes the rows as they come, with no Python per cell. Rows
from anywhere else (dicts) are written cell by cell, to the same text."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from typing import IO, Any

from tracker.output import (
    write_csv,
    write_csv_values,
    write_json_rows,
    write_json_texts,
    write_ndjson,
    write_texts,
    write_tsv,
    write_tsv_values,
    write_yaml_rows,
)
from tracker.store.queries import Listing, present

EXPORT_COLUMNS = (
    "id", "kind", "name", "text", "dossier", "ondernummer", "ek_nummer", "status", "register_status",
    "deadline", "deadline_phrase", "overdue", "first_document", "first_date", "last_document", "last_date",
    "ministry", "link", "status_quote", "status_document", "status_date",
)  # fmt: skip


class ListingRows:
    """The rows of one listing in its order (as `Listing.rows` gives them, dicts), which the writers
    below can also read as SQL's text of each cell or row."""

    def __init__(self, listing: Listing, sort: str | None = None, desc: bool = False, limit: int | None = None):
        self.listing, self.sort, self.desc, self.limit = listing, sort, desc, limit

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self.listing.rows(sort=self.sort, desc=self.desc, limit=self.limit)

    def columns(self) -> list[str]:
        """The columns each row has, in order: the view's, as `present` gives them (no row is read)."""
        cursor = self.listing.db.execute(f"select * from ({self.listing.source}) limit 0", self.listing.params)
        return list(present(dict.fromkeys(d[0] for d in cursor.description)))

    def select(self, expressions: Sequence[str]) -> Iterator[tuple[Any, ...]]:
        """The same rows, in the same order, as these SQL expressions over their columns."""
        return self.listing.select(expressions, sort=self.sort, desc=self.desc, limit=self.limit)


# What `present` (tracker/store/queries.py) makes of a column of the view, in SQL.
BOOLEAN_COLUMNS = ("overdue", "stale")
EMPTY_WHEN_NULL = ("first_date", "last_date", "last_seen")  # undated letters: an empty date
LABEL = "case when name != '' then name when text != '' then text else id end"


def _value(column: str) -> str:
    if column == "label":
        return f"({LABEL})"
    quoted = f'"{column}"'
    if column in EMPTY_WHEN_NULL:
        return f"case when {quoted} is null then '' else {quoted} end"
    return quoted


def cell_sql(column: str) -> str:
    """A cell for CSV and TSV: empty for null, "yes" or empty for a boolean, else the value. Uneven white
    space and formula starts are left to `spreadsheet_row`, which finds the rare row that has them."""
    if column in BOOLEAN_COLUMNS:
        return f"case when \"{column}\" then 'yes' else '' end"
    value = _value(column)
    return f"case when {value} is null then '' else {value} end"


def json_sql(column: str) -> str:
    """A value as json.dumps writes it (json_quote escapes as it does: \\n, \\", \\u001b, text as is)."""
    if column in BOOLEAN_COLUMNS:
        return f"case when \"{column}\" then 'true' else 'false' end"
    return f"json_quote({_value(column)})"


def json_object_sql(columns: Sequence[str], indent: str | None) -> str:
    """One row as the JSON object json.dumps writes: on one line, or indented by `indent` within an
    array (the element's text then starts with the ',' that separates it from the one before)."""
    if indent is None:
        start, between, end = "{", ", ", "}\n"
    else:
        start, between, end = f",\n{indent}{{\n{indent}  ", f",\n{indent}  ", f"\n{indent}}}"
    parts = []
    for n, column in enumerate(columns):
        text = (start if n == 0 else between) + json.dumps(column, ensure_ascii=False) + ": "
        parts.append("'" + text.replace("'", "''") + "' || " + json_sql(column))
    return " || ".join(parts) + " || '" + end + "'"


def write_export(
    rows: Iterable[dict[str, Any]],
    fmt: str,
    stream: IO[str],
    excel: bool = False,
    columns: Sequence[str] = EXPORT_COLUMNS,
    headers: bool = True,
    bom: bool = True,
) -> int:
    """Write rows as they are read; the number of rows is returned. `bom` is for Excel, not for a terminal.
    ListingRows are written from SQL's text; YAML is written row by row from dicts either way."""
    if bom and fmt == "csv":
        stream.write("\ufeff")  # the BOM makes Excel read UTF-8, so "ë" stays "ë"
    if isinstance(rows, ListingRows) and fmt != "yaml":
        if fmt == "csv":
            return write_csv_values(rows.select([cell_sql(c) for c in columns]), columns, stream, excel, headers)
        if fmt == "tsv":
            return write_tsv_values(rows.select([cell_sql(c) for c in columns]), columns, stream, headers)
        texts = map(itemgetter(0), rows.select([json_object_sql(columns, None if fmt == "ndjson" else "  ")]))
        return write_texts(texts, stream) if fmt == "ndjson" else write_json_texts(texts, stream)
    if fmt == "csv":
        return write_csv(rows, columns, stream, excel=excel, headers=headers)
    if fmt == "tsv":
        return write_tsv(rows, columns, stream, headers=headers)
    data = ({column: row.get(column) for column in columns} for row in rows)
    if fmt == "json":
        return write_json_rows(data, stream)
    if fmt == "ndjson":
        return write_ndjson(data, stream)
    return write_yaml_rows(data, stream)
