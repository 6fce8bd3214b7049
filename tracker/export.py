"""Exports for committee clerks: one row per item, fixed columns, in CSV (UTF-8 with BOM, or the
Dutch Excel preset with ';' and CRLF), JSON or YAML."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from tracker.output import write_csv, write_json, write_yaml

EXPORT_COLUMNS = (
    "id", "kind", "name", "text", "dossier", "ondernummer", "ek_nummer", "status", "register_status",
    "deadline", "deadline_phrase", "overdue", "first_document", "first_date", "last_document", "last_date",
    "ministry", "link",
)  # fmt: skip


def export_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{column: row.get(column) for column in EXPORT_COLUMNS} for row in rows]


def render_export(rows: Sequence[dict[str, Any]], fmt: str, excel: bool = False) -> str:
    data = export_rows(rows)
    buffer = io.StringIO()
    if fmt == "json":
        write_json(data, buffer)
        return buffer.getvalue()
    if fmt == "yaml":
        write_yaml(data, buffer)
        return buffer.getvalue()
    buffer.write("\ufeff")  # the BOM makes Excel read UTF-8, so "ë" stays "ë"
    write_csv(data, EXPORT_COLUMNS, buffer, excel=excel)
    return buffer.getvalue()
