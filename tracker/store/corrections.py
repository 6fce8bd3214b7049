"""Manual corrections (set-status) and links (link): listed, undone, exported and imported.

A correction lives in the events table (source 'manual'), beside what the letters said. Undoing one
moves it to `undone_corrections`, so that nothing a user recorded is ever lost. An export holds
each correction with the item's public id and key, and every link made by hand (undone ones too);
importing it into a rebuilt database adds what is not there yet, so it can be run again harmlessly.
An export from before links were exported (a plain list of corrections) still imports."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlite_utils import Database

from tracker.store.identity import reresolve, resolve
from tracker.store.save import MANUAL_STATUSES, now_iso
from tracker.store.status import refresh_status

CORRECTION_COLUMNS = ("item", "key", "date", "status", "note", "author", "recorded_at")
LINK_COLUMNS = ("from_id", "to_id", "note", "author", "recorded_at", "undone_at", "undone_by")

_SELECT = """
select coalesce(nullif(i.public_id, ''), i.id) as item, e.item_id as key, e.date, e.status, e.note, e.author,
    e.recorded_at, e.id as event_id
from events e join items i on i.id = e.item_id
where e.source = 'manual'
"""


def current_user() -> str:
    return os.environ.get("TRACKER_USER") or getpass.getuser()


def corrections(db: Database, item_key: str | None = None) -> Iterator[dict[str, Any]]:
    """Every correction in force, oldest first (or those of one item)."""
    where, params = ("and e.item_id = ?", [item_key]) if item_key else ("", [])
    yield from db.query(f"{_SELECT} {where} order by e.recorded_at, e.id", params)


def undo_last(db: Database, item_key: str, by: str) -> dict[str, Any] | None:
    """Take back the item's most recently recorded correction; None when it has none."""
    with db.atomic():
        latest = next(
            db.query(f"{_SELECT} and e.item_id = ? order by e.recorded_at desc, e.id desc limit 1", [item_key]), None
        )
        if latest is None:
            return None
        event = next(db.query("select * from events where id = ?", [latest["event_id"]]))
        db.table("undone_corrections").insert(event | {"undone_at": now_iso(), "undone_by": by}, alter=True)
        db.execute("delete from events where id = ?", [latest["event_id"]])
        refresh_status(db, [item_key])
    return latest


@dataclass
class ImportResult:
    added: int = 0
    present: int = 0
    unknown_items: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)


def _find_key(db: Database, correction: dict[str, Any]) -> str | None:
    for sql, value in (
        ("select id from items where id = ?", correction.get("key")),
        ("select id from items where public_id = ? collate nocase", correction.get("item")),
        ("select id from items where id = ? collate nocase", correction.get("item")),
    ):
        if value and (row := next(db.query(sql, [str(value)]), None)):
            return str(row["id"])
    return None


def _is_date(value: Any) -> bool:
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def import_corrections(db: Database, rows: Iterable[dict[str, Any]]) -> ImportResult:
    """Add the corrections that are not in the database yet, in one transaction."""
    result = ImportResult()
    touched: set[str] = set()
    with db.atomic():
        for number, correction in enumerate(rows, start=1):
            if not isinstance(correction, dict):
                result.invalid.append(f"entry {number}")
                continue
            label = str(correction.get("item") or correction.get("key") or f"entry {number}")
            if correction.get("status") not in MANUAL_STATUSES or not _is_date(correction.get("date")):
                result.invalid.append(label)
                continue
            key = _find_key(db, correction)
            if key is None:
                result.unknown_items.append(label)
                continue
            event = {
                "item_id": resolve(db, key), "document_sha256": None, "date": correction.get("date"),
                "status": correction["status"], "quote": None, "rule": "manual", "source": "manual",
                "note": correction.get("note"), "author": correction.get("author"),
                "recorded_at": correction.get("recorded_at") or now_iso(), "extracted_key": key,
            }  # fmt: skip
            same = db.execute(
                "select count(*) from events where source = 'manual' and extracted_key = ? and date is ? and status = ? "
                "and note is ? and recorded_at is ?",
                [key, event["date"], event["status"], event["note"], event["recorded_at"]],
            ).fetchone()[0]
            if same:
                result.present += 1
                continue
            db.table("events").insert(event)
            touched.add(str(event["item_id"]))
            result.added += 1
        refresh_status(db, touched)
    return result


def links(db: Database) -> list[dict[str, Any]]:
    """Every link made by hand, undone ones too, oldest first."""
    return [{c: row[c] for c in LINK_COLUMNS} for row in db.query("select * from item_links order by id")]


@dataclass
class LinkImport:
    added: int = 0
    undone: int = 0
    present: int = 0
    waiting: list[str] = field(default_factory=list)  # kept; they count once their items are ingested
    invalid: list[str] = field(default_factory=list)


def import_links(db: Database, rows: Iterable[Any]) -> LinkImport:
    """Add the links that are not in the database yet (the same two items and moment), and undo
    those undone since. A link is kept by its items' keys, as `tracker link` keeps it, so one whose
    items are not stored yet takes effect when their letters are ingested."""
    result = LinkImport()
    keys: set[str] = set()  # the items whose links changed
    stored: set[str] = set()  # those of them in the database now
    with db.atomic():
        for number, made in enumerate(rows, start=1):
            ends = [made.get("from_id"), made.get("to_id")] if isinstance(made, dict) else []
            if len(ends) != 2 or not all(isinstance(end, str) and end for end in ends) or not made.get("recorded_at"):
                result.invalid.append(f"link {number}")
                continue
            row = {c: made.get(c) for c in LINK_COLUMNS}
            same = next(
                db.query(
                    "select id, undone_at from item_links where from_id = ? and to_id = ? and recorded_at = ?",
                    [row["from_id"], row["to_id"], row["recorded_at"]],
                ),
                None,
            )
            if same is None:
                db.table("item_links").insert(row)
                result.added += 1
            elif row["undone_at"] and not same["undone_at"]:
                db.table("item_links").update(
                    same["id"], {"undone_at": row["undone_at"], "undone_by": row["undone_by"]}
                )
                result.undone += 1
            else:
                result.present += 1
                continue
            keys |= {str(end) for end in ends}
            known = {
                str(end) for end in ends if db.execute("select count(*) from items where id = ?", [end]).fetchone()[0]
            }
            stored |= known
            if len(known) < len(set(ends)) and not row["undone_at"]:
                result.waiting.append(f"{row['from_id']} -> {row['to_id']}")
        refresh_status(db, reresolve(db, keys) | stored)
    return result
