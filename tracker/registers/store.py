"""Register records in their own tables, beside the letters.

`register_records` holds one row per register item (key "TK:TZ202504-057", "EK:T01237",
"TK:kst-21501-02-2766"): the register's raw status beside the mapped one, the file it came from and
when. `register_imports` remembers every imported file by its SHA-256, so importing the same file
twice changes nothing. A record replaces the stored one only when it differs and is not older (by
the register's own change time, where the file gives one); a deletion marks the record deleted
rather than removing it. An Eerste Kamer deadline becomes the item's deadline (a trigger on
`item_status`), so overdue follows the register."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from tracker.registers.keys import item_register_key
from tracker.registers.model import RegisterRecord
from tracker.registers.readers import Deletion, ReadResult, parse_register_bytes, read_bytes
from tracker.store.save import now_iso
from tracker.store.status import refresh_status

# What listings and exports add once a register is imported (columns of the view `current_status`).
REGISTER_COLUMNS = ("register", "register_number", "register_says", "register_deadline")

TOMBSTONE = "deleted:"  # key prefix of a deletion whose record was never imported

# Compared to tell an update from a repeat (the import's own file and time are not content).
CONTENT_COLUMNS = (
    "register", "kind", "number", "status", "raw_status", "title", "text", "ministry", "responsible", "committee",
    "kamerstukken", "promised_on", "deadline", "fulfilled_on", "letters", "vote", "guid", "version", "deleted",
)  # fmt: skip
COLUMNS = (
    "key", *CONTENT_COLUMNS, "source_file", "source_sha256", "imported_at", "first_imported_at",
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


def already_imported(db: Database, sha256: str) -> bool:
    return db.execute("select 1 from register_imports where sha256 = ?", [sha256]).fetchone() is not None


class _Working:
    """The stored rows an import touches, loaded at once and changed in memory; written at the end."""

    def __init__(self, db: Database, read: ReadResult) -> None:
        keys = {e.key for e in read.records} | {d.key for d in read.deletions if d.key}
        guids = {e.guid for e in read.entries if e.guid}
        keys |= {TOMBSTONE + guid for guid in guids}
        self.rows: dict[str, dict[str, Any]] = {}
        for column, values in (("key", keys), ("guid", guids)):
            sql = f"select * from register_records where {column} in (select value from json_each(?))"
            cursor = db.conn.execute(sql, [json.dumps(sorted(values))])
            names = [d[0] for d in cursor.description]
            for values_row in cursor:
                row = dict(zip(names, values_row, strict=True))
                self.rows[row["key"]] = row
        self.stored = set(self.rows)
        self.by_guid = {
            row["guid"]: key for key, row in self.rows.items() if row["guid"] and not key.startswith(TOMBSTONE)
        }
        self.changed: set[str] = set()

    def put(self, row: dict[str, Any]) -> None:
        self.rows[row["key"]] = row
        self.changed.add(row["key"])
        if row["guid"] and not row["key"].startswith(TOMBSTONE):
            self.by_guid[row["guid"]] = row["key"]

    def write(self, db: Database) -> None:
        new = [self.rows[k] for k in sorted(self.changed - self.stored)]
        old = [self.rows[k] for k in sorted(self.changed & self.stored)]
        if new:
            columns = list(COLUMNS)
            db.conn.executemany(
                f"insert into register_records ({', '.join(columns)}) values ({', '.join('?' * len(columns))})",
                [[row.get(c) for c in columns] for row in new],
            )
        if old:
            columns = [c for c in COLUMNS if c != "key"]
            db.conn.executemany(
                f"update register_records set {', '.join(f'{c} = ?' for c in columns)} where key = ?",
                [[row.get(c) for c in columns] + [row["key"]] for row in old],
            )


def import_file(db: Database, path: Path) -> ImportResult:
    """Read and store one register file; a file imported before (same SHA-256) is not even parsed."""
    data = read_bytes(path)
    sha256 = hashlib.sha256(data).hexdigest()
    if already_imported(db, sha256):
        return ImportResult(str(path), "", False)
    return save_import(db, parse_register_bytes(data, str(path)))


def save_import(db: Database, read: ReadResult) -> ImportResult:
    """Store what one file holds, in one transaction: all of it or nothing. Entries are taken in
    file order, each against the latest state, so a change log within one file ends at its last
    version."""
    result = ImportResult(read.path, read.format, True, warnings=list(read.warnings))
    if already_imported(db, read.sha256):
        result.new = False
        return result
    now = now_iso()
    source = {"source_file": read.path, "source_sha256": read.sha256, "imported_at": now}
    added: set[str] = set()
    updated: set[str] = set()
    deleted: set[str] = set()
    with db.atomic():
        work = _Working(db, read)
        for entry in read.entries:
            if isinstance(entry, Deletion):
                _delete(work, entry, source, result, deleted)
                continue
            row = _row(entry)
            stored = work.rows.get(row["key"])
            if entry.decision:
                if stored is None and not entry.raw_status:
                    result.warnings.append(f"{entry.number}: a new deadline for a record not imported; skipped")
                    continue
                # A committee's decision changes only what it says (status, deadline).
                given = entry.given() | ({"status": entry.status} if entry.raw_status else {})
                base = {c: stored[c] for c in ("key", *CONTENT_COLUMNS)} if stored else row
                row = base | given | {"version": entry.version or base["version"], "deleted": 0}
                if stored and not stored["committee"]:
                    row["committee"] = entry.committee
            tombstone = work.rows.get(TOMBSTONE + entry.guid) if stored is None and entry.guid else None
            if tombstone is not None and _older(row["version"], tombstone["version"]):
                result.older += 1  # deleted later than this version was made
            elif stored is None:
                work.put(row | source | {"first_imported_at": now})
                added.add(row["key"])
            elif _older(row["version"], stored["version"]):
                result.older += 1
            elif all(row[c] == stored[c] for c in CONTENT_COLUMNS):
                result.unchanged += 1
            else:
                work.put(stored | row | source)
                updated.add(row["key"])
                deleted.discard(row["key"])
        work.write(db)
        result.added = len(added - deleted)
        result.updated = len(updated - added - deleted)
        result.deleted = len(deleted)
        db.execute(
            "insert into register_imports (sha256, path, format, imported_at, records, added, updated, deleted, warnings)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [read.sha256, read.path, read.format, now, len(read.records), result.added, result.updated,
             result.deleted, json.dumps(read.warnings, ensure_ascii=False)],
        )  # fmt: skip
        refresh_status(db, items_of(db, work.changed))
    return result


def _delete(
    work: _Working, deletion: Deletion, source: dict[str, str], result: ImportResult, deleted: set[str]
) -> None:
    key = work.by_guid.get(deletion.guid) if deletion.guid else None
    if key is None and deletion.key in work.rows:
        key = deletion.key
    if key is None:
        if deletion.guid:
            # A record we never had: remembered, so that an older export cannot bring it back.
            tombstone_key = TOMBSTONE + deletion.guid
            tombstone: dict[str, Any] = {
                "key": tombstone_key, "register": "TK", "kind": "toezegging", "number": deletion.guid,
                "guid": deletion.guid, "version": deletion.version, "deleted": 1, "first_imported_at": source["imported_at"],
            }  # fmt: skip
            work.put(work.rows.get(tombstone_key, {}) | tombstone | source)
        return
    stored = work.rows[key]
    if stored["deleted"] or _older(deletion.version, stored["version"]):
        result.unchanged += 1
        return
    work.put(stored | {"deleted": 1, "version": deletion.version or stored["version"]} | source)
    deleted.add(key)


def items_of(db: Database, keys: Iterable[str]) -> list[str]:
    """The stored items that the register keys stand for (through the index on their register key)."""
    wanted = json.dumps(sorted(set(keys)))
    sql = f"select id from items where {item_register_key()} in (select value from json_each(?))"
    return [row[0] for row in db.execute(sql, [wanted])]


def has_records(db: Database) -> bool:
    return db.execute("select 1 from register_records where deleted = 0 limit 1").fetchone() is not None
