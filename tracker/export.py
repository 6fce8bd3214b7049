"""Exports for committee clerks: one row per item, fixed columns, in CSV (UTF-8 with BOM, or the
Dutch Excel preset with ';' and CRLF), TSV, JSON, NDJSON or YAML."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from tracker.output import write_csv, write_json_rows, write_ndjson, write_tsv, write_yaml_rows

EXPORT_COLUMNS = (
    "id", "kind", "name", "text", "dossier", "ondernummer", "ek_nummer", "status", "register_status",
    "deadline", "deadline_phrase", "overdue", "first_document", "first_date", "last_document", "last_date",
    "ministry", "link", "status_quote", "status_document", "status_date",
)  # fmt: skip


def export_rows(rows: Iterable[dict[str, Any]], columns: Sequence[str] = EXPORT_COLUMNS) -> Iterator[dict[str, Any]]:
    return ({column: row.get(column) for column in columns} for row in rows)


def write_export(
    rows: Iterable[dict[str, Any]],
    fmt: str,
    stream: IO[str],
    excel: bool = False,
    columns: Sequence[str] = EXPORT_COLUMNS,
    headers: bool = True,
    bom: bool = True,
) -> int:
    """Write rows as they are read; the number of rows is returned. `bom` is for Excel, not for a terminal."""
    data = export_rows(rows, columns)
    if fmt == "json":
        return write_json_rows(data, stream)
    if fmt == "ndjson":
        return write_ndjson(data, stream)
    if fmt == "yaml":
        return write_yaml_rows(data, stream)
    # the delimited formats pick their columns from the rows themselves
    if fmt == "tsv":
        return write_tsv(rows, columns, stream, headers=headers)
    if bom:
        stream.write("\ufeff")  # the BOM makes Excel read UTF-8, so "ë" stays "ë"
    return write_csv(rows, columns, stream, excel=excel, headers=headers)
