"""Register records in their own tables, beside the letters.

`register_records` holds one row per register item (key "TK:TZ202504-057", "EK:T01237",
"TK:kst-21501-02-2766"): the register's raw status beside the mapped one, the file it came from and
when. `register_imports` remembers every imported file by its SHA-256, so importing the same file
twice changes nothing. A record replaces the stored one only when it differs and is not older (by
the register's own change time, where the file gives one); a deletion marks the record deleted
rather than removing it. An Eerste Kamer deadline becomes the item's deadline (a trigger on
`item_status`), so overdue follows the register."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from tracker.registers.keys import item_register_key
from tracker.registers.model import RegisterRecord
from tracker.registers.readers import Deletion, ReadResult
from tracker.store.save import now_iso
from tracker.store.status import refresh_status

TOMBSTONE = "deleted:"  # key prefix of a deletion whose record was never imported

# Compared to tell an update from a repeat (the import's own file and time are not content).
CONTENT = (
    "register", "kind", "number", "status", "raw_status", "title", "text", "ministry", "responsible", "committee",
    "kamerstukken", "promised_on", "deadline", "fulfilled_on", "letters", "vote", "guid", "version", "deleted",
)  # fmt: skip


def create_register_schema(db: Database) -> None:
    """Tables, indexes and the deadline trigger; used by the migration that introduces them."""
    db.execute(
        """create table register_records (
            key text primary key, register text not null, kind text not null, number text not null,
            status text, raw_status text, title text, text text, ministry text, responsible text,
            committee text, kamerstukken text, promised_on text, deadline text, fulfilled_on text,
            letters text, vote text, guid text, version text, deleted integer not null default 0,
            source_file text, source_sha256 text, imported_at text, first_imported_at text
        )"""
    )
    db.execute("create index register_records_guid on register_records (guid)")
    db.execute("create index register_records_status on register_records (register, status)")
    db.execute(
        """create table register_imports (
            sha256 text primary key, path text, format text, imported_at text,
            records integer, added integer, updated integer, deleted integer, warnings text
        )"""
    )
    db.execute(f"create index items_register_key on items ({item_register_key()})")
    # The Eerste Kamer register's deadline is the item's deadline: written over the one worked out
    # from the letters whenever an item's status row is (re)computed.
    db.execute(
        f"""create trigger item_status_register_deadline after insert on item_status
        when exists (select 1 from items i join register_records r on r.key = {item_register_key("i.")}
                     where i.id = new.item_id and r.register = 'EK' and r.deleted = 0 and r.deadline is not null)
        begin
            update item_status set deadline = (
                select r.deadline from items i join register_records r on r.key = {item_register_key("i.")}
                where i.id = new.item_id and r.deleted = 0)
            where item_id = new.item_id;
        end"""
    )


@dataclass
class ImportResult:
    path: str
    format: str
    new: bool  # False: this very file was imported before
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    older: int = 0  # records older than the stored ones, left alone
    deleted: int = 0
    warnings: list[str] = field(default_factory=list)


def _row(record: RegisterRecord) -> dict[str, Any]:
    return {
        "key": record.key, "register": record.register, "kind": record.kind, "number": record.number,
        "status": record.status, "raw_status": record.raw_status, "title": record.title, "text": record.text,
        "ministry": record.ministry, "responsible": record.responsible, "committee": record.committee,
        "kamerstukken": record.kamerstukken, "promised_on": record.promised_on, "deadline": record.deadline,
        "fulfilled_on": record.fulfilled_on, "letters": ", ".join(record.letters) or None, "vote": record.vote,
        "guid": record.guid, "version": record.version, "deleted": 0,
    }  # fmt: skip


def _older(new: str | None, stored: str | None) -> bool:
    return bool(new and stored and new < stored)


def save_import(db: Database, read: ReadResult) -> ImportResult:
    """Store what one file holds, in one transaction: all of it or nothing."""
    result = ImportResult(read.path, read.format, True, warnings=list(read.warnings))
    if db.execute("select 1 from register_imports where sha256 = ?", [read.sha256]).fetchone():
        result.new = False
        return result
    now = now_iso()
    source = {"source_file": read.path, "source_sha256": read.sha256, "imported_at": now}
    touched: set[str] = set()
    added: set[str] = set()
    updated: set[str] = set()
    with db.atomic():
        for entry in read.entries:
            if isinstance(entry, Deletion):
                _delete(db, entry, source, result, touched)
                continue
            row = _row(entry)
            stored = _stored(db, "key = ?", row["key"])
            tombstone = _stored(db, "key = ?", TOMBSTONE + entry.guid) if stored is None and entry.guid else None
            if tombstone is not None and _older(row["version"], tombstone["version"]):
                result.older += 1  # deleted later than this version was made
            elif stored is None:
                columns = [*row, *source, "first_imported_at"]
                values = [*row.values(), *source.values(), now]
                db.execute(
                    f"insert into register_records ({', '.join(columns)}) values ({', '.join('?' * len(columns))})",
                    values,
                )
                added.add(row["key"])
                touched.add(row["key"])
            elif _older(row["version"], stored["version"]):
                result.older += 1
            elif all(row[c] == stored[c] for c in CONTENT):
                result.unchanged += 1
            else:
                _update(db, row["key"], row | source)
                updated.add(row["key"])
                touched.add(row["key"])
        result.added = len(added)
        result.updated = len(updated - added)
        db.execute(
            "insert into register_imports (sha256, path, format, imported_at, records, added, updated, deleted, warnings)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [read.sha256, read.path, read.format, now, len(read.records), result.added, result.updated,
             result.deleted, json.dumps(read.warnings, ensure_ascii=False)],
        )  # fmt: skip
        refresh_status(db, items_of(db, touched))
    return result


def _stored(db: Database, where: str, value: str) -> dict[str, Any] | None:
    return next(db.query(f"select * from register_records where {where}", [value]), None)


def _update(db: Database, key: str, values: dict[str, Any]) -> None:
    assignments = ", ".join(f"{column} = ?" for column in values)
    db.execute(f"update register_records set {assignments} where key = ?", [*values.values(), key])


def _delete(db: Database, deletion: Deletion, source: dict[str, str], result: ImportResult, touched: set[str]) -> None:
    stored = _stored(db, "guid = ?", deletion.guid) if deletion.guid else None
    if stored is None and deletion.key:
        stored = _stored(db, "key = ?", deletion.key)
    if stored is None:
        if deletion.guid:
            # A record we never had: remembered, so that an older export cannot bring it back.
            db.execute(
                "insert or replace into register_records (key, register, kind, number, guid, version, deleted,"
                " source_file, source_sha256, imported_at, first_imported_at) values (?, 'TK', 'toezegging', ?, ?, ?, 1, ?, ?, ?, ?)",
                [TOMBSTONE + deletion.guid, deletion.guid, deletion.guid, deletion.version, *source.values(), source["imported_at"]],
            )  # fmt: skip
        return
    if stored["deleted"] or _older(deletion.version, stored["version"]):
        result.unchanged += 1
        return
    _update(db, stored["key"], {"deleted": 1, "version": deletion.version or stored["version"]} | source)
    result.deleted += 1
    touched.add(stored["key"])


def items_of(db: Database, keys: Iterable[str]) -> list[str]:
    """The stored items that the register keys stand for (through the index on their register key)."""
    wanted = json.dumps(sorted(set(keys)))
    sql = f"select id from items where {item_register_key()} in (select value from json_each(?))"
    return [row[0] for row in db.execute(sql, [wanted])]


def has_records(db: Database) -> bool:
    return db.execute("select 1 from register_records where deleted = 0 limit 1").fetchone() is not None
