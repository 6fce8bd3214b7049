"""Writing extractions and manual corrections. Each document is saved whole or not at all (its own
transaction, or its own savepoint in a batch); nothing is overwritten."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlite_utils import Database

from tracker.pipeline.deadlines import find_deadline
from tracker.pipeline.extract import motie_keys, unique_references
from tracker.pipeline.items import collapse
from tracker.pipeline.model import Extraction
from tracker.rules import Rules
from tracker.store.status import refresh_status

MANUAL_STATUSES = ("open", "closed", "partial", "lapsed")


@dataclass
class SaveResult:
    path: str
    new: bool  # False when this exact file (same sha256) was ingested before
    items: int
    events: int
    references: int


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class PreparedDocument:
    """What a letter adds to the store, as plain rows: made where the letter is extracted (a worker
    process), written by the one process that writes."""

    path: str
    document: dict[str, Any]
    items: list[dict[str, Any]]
    events: list[dict[str, Any]]
    references: list[dict[str, Any]]


def prepare_document(extraction: Extraction, rules: Rules) -> PreparedDocument:
    doc = extraction.document
    meta = extraction.meta
    ingested = now_iso()
    letter_date = meta.date.isoformat() if meta.date else None
    document = {
        "sha256": doc.sha256, "path": doc.path, "title": meta.title, "date": letter_date,
        "number": meta.number, "kenmerk": meta.kenmerk, "dossier": meta.dossier, "ministry": meta.ministry, "format": doc.format,
        "footnote_style": extraction.normalised.note_style, "ingested_at": ingested,
    }  # fmt: skip
    items, events = [], []
    for item in extraction.items:
        quotes = " ".join(collapse(m.status_quote or m.sentence.text) for m in item.mentions)
        deadline = find_deadline(item.text, meta.date, rules) if item.kind == "toezegging" else None
        items.append(
            {
                "id": item.key, "kind": item.kind, "public_id": item.public_id, "dossier": item.dossier,
                "ondernummer": item.ondernummer, "name": item.name, "text": item.text, "ek_nummer": item.ek_number,
                "ministry": meta.ministry, "deadline_phrase": deadline.phrase if deadline else None,
                "deadline_date": deadline.due.isoformat() if deadline and deadline.due else None, "search_text": quotes,
                "first_seen": doc.sha256,
            }
        )  # fmt: skip
        for mention in item.mentions:
            events.append(
                {
                    "item_id": item.key, "document_sha256": doc.sha256, "date": letter_date,
                    "status": mention.status, "quote": collapse(mention.status_quote or mention.sentence.text),
                    "rule": mention.status_rule or mention.rule, "source": "letter", "note": None,
                    "author": None, "recorded_at": ingested,
                }
            )  # fmt: skip
    mkeys = motie_keys(extraction)
    references = [
        {"document_sha256": doc.sha256, "dossier": r.dossier, "ondernummer": r.ondernummer, "text": r.text,
         "motie": int(r.key in mkeys)}
        for r in unique_references(extraction.references)
    ]  # fmt: skip
    return PreparedDocument(doc.path, document, items, events, references)


def _insert(db: Database, table: str, rows: list[dict[str, Any]]) -> None:
    """Plain INSERTs of rows with the same keys (no schema look-ups per row)."""
    if not rows:
        return
    columns = list(rows[0])
    sql = f'insert into "{table}" ({", ".join(f"[{c}]" for c in columns)}) values ({", ".join("?" * len(columns))})'
    db.conn.executemany(sql, [[row[c] for c in columns] for row in rows])


def write_document(db: Database, prepared: PreparedDocument) -> SaveResult:
    """Write one prepared letter inside the caller's transaction or savepoint."""
    if db.execute("select 1 from documents where sha256 = ?", [prepared.document["sha256"]]).fetchone():
        return SaveResult(prepared.path, False, 0, 0, 0)
    _insert(db, "documents", [prepared.document])
    for row in prepared.items:
        known = next(db.query("select * from items where id = ?", [row["id"]]), None)
        if known is None:
            _insert(db, "items", [row])
            continue
        # Fill in what earlier letters did not say; never overwrite what is known.
        update = {k: v for k, v in row.items() if v and not known.get(k) and k not in ("id", "search_text")}
        update["search_text"] = f"{known.get('search_text') or ''} {row['search_text']}".strip()
        assignments = ", ".join(f"[{k}] = ?" for k in update)
        db.execute(f"update items set {assignments} where id = ?", [*update.values(), row["id"]])
    _insert(db, "events", prepared.events)
    _insert(db, "references", prepared.references)
    refresh_status(db, (row["id"] for row in prepared.items))
    return SaveResult(prepared.path, True, len(prepared.items), len(prepared.events), len(prepared.references))


class BatchWriter:
    """Saves letters in transactions of up to `batch_size` letters, each letter in a savepoint of
    its own: a letter that fails to save is rolled back alone, and a process killed mid-batch leaves
    only whole letters behind (the uncommitted ones are simply ingested again next time)."""

    def __init__(self, db: Database, batch_size: int = 200) -> None:
        self.db = db
        self.batch_size = batch_size
        self.pending: list[SaveResult] = []

    def save(self, prepared: PreparedDocument) -> None:
        """Write the letter now, in its savepoint; its result is handed back by `commit`. A failure
        raises after the savepoint is rolled back; the letters before it in the batch stay."""
        if not self.db.conn.in_transaction:
            self.db.execute("BEGIN")
        with self.db.atomic():  # a savepoint inside the batch's transaction
            result = write_document(self.db, prepared)
        self.pending.append(result)

    def full(self) -> bool:
        return len(self.pending) >= self.batch_size

    def commit(self) -> list[SaveResult]:
        self.db.commit()
        done, self.pending = self.pending, []
        return done

    def rollback(self) -> None:
        self.db.rollback()
        self.pending = []


def record_manual_status(
    db: Database, item_id: str, status: str, note: str, on: date | None = None
) -> dict[str, object]:
    """A correction by hand: an event in the same timeline, dated today unless told otherwise."""
    if status not in MANUAL_STATUSES:
        raise ValueError(f"status must be one of {', '.join(MANUAL_STATUSES)}")
    event: dict[str, object] = {
        "item_id": item_id,
        "document_sha256": None,
        "date": (on or date.today()).isoformat(),
        "status": status,
        "quote": None,
        "rule": "manual",
        "source": "manual",
        "note": note,
        "author": os.environ.get("TRACKER_USER") or getpass.getuser(),
        "recorded_at": now_iso(),
    }
    with db.atomic():
        _insert(db, "events", [event])
        refresh_status(db, [item_id])
    return event
