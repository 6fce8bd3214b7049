"""Writing extractions and manual corrections. Each document is saved whole or not at all (its own
transaction, or its own savepoint in a batch); nothing is overwritten."""

from __future__ import annotations

import getpass
import json
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlite_utils import Database

from tracker.pipeline.deadlines import find_deadline
from tracker.pipeline.extract import motie_keys
from tracker.pipeline.identity import LetterIds, fingerprint, letter_ids, named_only, scoped_key
from tracker.pipeline.items import collapse
from tracker.pipeline.model import Extraction
from tracker.rules import Rules
from tracker.store.identity import alias_groups, find_letter, reresolve, resolve, retire_events
from tracker.store.status import refresh_status

MANUAL_STATUSES = ("open", "closed", "partial", "lapsed")
IDENTITY_RULES = 1  # kept per file: a file stored under earlier identity rules is read again when ingested


@dataclass
class SaveResult:
    path: str
    new: bool  # False when this exact file (same sha256) was ingested before
    items: int
    events: int
    references: int
    letter: int | None = None  # the stored letter (see `tracker letters`)
    replaced: int = 0  # events of an earlier version of the letter moved to the history
    forgotten: bool = False  # the file belongs to a letter removed with `tracker forget`
    warnings: list[str] = field(default_factory=list)  # typos kept as printed, unclear status phrases
    recount: set[str] = field(default_factory=set)  # items whose status is to be worked out again


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class PreparedDocument:
    """What a letter adds to the store, as plain rows: made where the letter is extracted (a worker
    process), written by the one process that writes."""

    path: str
    document: dict[str, Any]
    letter: dict[str, Any]  # what identifies the letter (tracker/pipeline/identity.py)
    items: list[dict[str, Any]]  # "letter_scoped": the key gets the letter's id when written
    events: list[dict[str, Any]]
    references: list[dict[str, Any]]


def prepare_document(extraction: Extraction, rules: Rules) -> PreparedDocument:
    doc = extraction.document
    meta = extraction.meta
    letter_date = meta.date.isoformat() if meta.date else None
    document = {
        "sha256": doc.sha256, "path": doc.path, "title": meta.title, "date": letter_date,
        "number": meta.number, "kenmerk": meta.kenmerk, "dossier": meta.dossier, "ministry": meta.ministry, "format": doc.format,
        "footnote_style": extraction.normalised.note_style, "identity_rules": IDENTITY_RULES,
        "warnings": json.dumps(extraction.warnings, ensure_ascii=False) if extraction.warnings else None,
    }  # fmt: skip
    ids = letter_ids(meta, extraction.references)
    letter = {
        "number": ids.number, "kenmerk": ids.kenmerk, "kamerstuk": ids.kamerstuk, "title": meta.title,
        "date": letter_date, "ministry": meta.ministry, "fingerprint": fingerprint(extraction.normalised.body),
    }  # fmt: skip
    items, events = [], []
    for item in extraction.items:
        quotes = " ".join(collapse(m.status_quote or m.sentence.text) for m in item.mentions)
        deadline = None
        if item.kind == "toezegging":  # in what was promised, else in the sentence that promised it
            for text in dict.fromkeys([item.text, *(collapse(m.sentence.text) for m in item.mentions)]):
                deadline = find_deadline(text, meta.date, rules)
                if deadline:
                    break
        items.append(
            {
                "id": item.key, "kind": item.kind, "public_id": item.public_id, "dossier": item.dossier,
                "ondernummer": item.ondernummer, "name": item.name, "text": item.text, "ek_nummer": item.ek_number,
                "ministry": meta.ministry, "deadline_phrase": deadline.phrase if deadline else None,
                "deadline_date": deadline.due.isoformat() if deadline and deadline.due else None, "search_text": quotes,
                "first_seen": doc.sha256, "names": "-".join(item.names) or None, "subject": item.subject,
                "letter_scoped": item.letter_scoped,
            }
        )  # fmt: skip
        for mention in item.mentions:
            events.append(
                {
                    "item_id": item.key, "extracted_key": item.key, "document_sha256": doc.sha256, "date": letter_date,
                    "status": mention.status, "quote": collapse(mention.status_quote or mention.sentence.text),
                    "rule": mention.status_rule or mention.rule, "source": "letter", "note": None,
                    "author": None,
                }
            )  # fmt: skip
    mkeys = motie_keys(extraction)
    references = [
        {"document_sha256": doc.sha256, "dossier": r.dossier, "ondernummer": r.ondernummer, "text": r.text,
         "motie": int(r.key in mkeys)}
        for r in extraction.references.first_of_each()
    ]  # fmt: skip
    return PreparedDocument(doc.path, document, letter, items, events, references)


def _insert(db: Database, table: str, rows: list[dict[str, Any]]) -> None:
    """Plain INSERTs of rows with the same keys (no schema look-ups per row)."""
    if not rows:
        return
    columns = list(rows[0])
    sql = f'insert into "{table}" ({", ".join(f"[{c}]" for c in columns)}) values ({", ".join("?" * len(columns))})'
    db.conn.executemany(sql, [[row[c] for c in columns] for row in rows])


def _first(db: Database, sql: str, params: list[Any]) -> dict[str, Any] | None:
    """The first row as a dict, read straight from the connection (without sqlite-utils' query wrapper)."""
    cursor = db.conn.execute(sql, params)
    row = cursor.fetchone()
    return None if row is None else dict(zip([c[0] for c in cursor.description], row, strict=True))


ITEM_COLUMNS = (
    "id", "kind", "public_id", "dossier", "ondernummer", "name", "text", "ek_nummer", "ministry", "deadline_phrase",
    "deadline_date", "search_text", "first_seen", "names", "subject",
)  # fmt: skip
_FILLED = tuple(c for c in ITEM_COLUMNS if c not in ("id", "search_text"))
# An item met before keeps what is known of it: a later letter fills in only what earlier ones did not
# say (an empty value), and adds its quotes to the searchable text unless that holds them already. The
# row is rewritten (and its full-text entry with it) only when one of these changes something.
_SAVE_ITEM = (
    f"insert into items ({', '.join(ITEM_COLUMNS)}) values ({', '.join('?' * len(ITEM_COLUMNS))})"
    " on conflict (id) do update set "
    + ", ".join(
        f"{c} = case when coalesce(items.{c}, '') = '' and coalesce(excluded.{c}, '') != '' then excluded.{c} else items.{c} end"
        for c in _FILLED
    )
    + ", search_text = case when instr(coalesce(items.search_text, ''), excluded.search_text) then items.search_text"
    " else trim(coalesce(items.search_text, '') || ' ' || excluded.search_text) end"
    " where instr(coalesce(items.search_text, ''), excluded.search_text) = 0 or "
    + " or ".join(f"(coalesce(items.{c}, '') = '' and coalesce(excluded.{c}, '') != '')" for c in _FILLED)
)


def write_document(db: Database, prepared: PreparedDocument) -> SaveResult:
    """Write one prepared letter inside the caller's transaction or savepoint, as the current
    version of its letter: the events of the letter's earlier version go to the history. The
    caller brings the status of the items in `recount` up to date (refresh_status) before the
    transaction ends."""
    # Stamped here, in the one process that writes, not where the letter was extracted: workers
    # finish out of order, and the time recorded breaks ties between events of the same date.
    arrived = now_iso()
    doc = prepared.document | {"ingested_at": arrived}
    known = _first(db, "select * from documents where sha256 = ?", [doc["sha256"]])
    fields = prepared.letter
    if known and known["letter_id"] is not None:
        letter = _first(db, "select * from letters where id = ?", [known["letter_id"]])
        if letter and letter["forgotten_at"]:
            return SaveResult(prepared.path, False, 0, 0, 0, letter=letter["id"], forgotten=True)
        if known["identity_rules"] == IDENTITY_RULES:
            return SaveResult(prepared.path, False, 0, 0, 0, letter=letter["id"] if letter else None)
        # else: stored under earlier identity rules, read again as the current version of its letter
    else:
        ids = letter_ids_of(fields)
        letter = find_letter(db, ids, doc["path"], fields["date"], fields["title"], fields["fingerprint"])
    touched_keys: set[str] = set()
    touched_groups: set[tuple[str, str]] = set()
    counted: set[str] = set()  # items whose events change: their status is worked out again
    replaced = 0
    if letter is None:
        _insert(db, "letters", [fields | {"first_ingested_at": arrived, "ingested_at": arrived}])
        letter_id = int(db.conn.execute("select last_insert_rowid()").fetchone()[0])
    else:
        letter_id = letter["id"]
        files = [row["sha256"] for row in db.query("select sha256 from documents where letter_id = ?", [letter_id])]
        marks = ", ".join("?" for _ in files)
        for row in db.query(
            f"select distinct item_id, extracted_key from events where document_sha256 in ({marks})", files
        ):
            touched_keys.add(row["extracted_key"])
            counted.add(row["item_id"])
        touched_groups = alias_groups(db, letter_id)
        replaced = retire_events(db, f"document_sha256 in ({marks})", files, arrived, f"replaced by {doc['path']}")
        db.execute("delete from item_aliases where letter_id = ?", [letter_id])
        db.execute(f'delete from "references" where document_sha256 in ({marks})', files)
        db.execute(
            f"update documents set superseded_at = ? where sha256 in ({marks}) and superseded_at is null",
            [arrived, *files],
        )
        # what this version does not say, an earlier one may have said (a web page without kenmerk)
        update = {k: v or letter.get(k) for k, v in fields.items()} | {"ingested_at": arrived, "forgotten_at": None}
        db.table("letters").update(letter_id, update)
    if known:
        doc = doc | {"ingested_at": known["ingested_at"]}
        db.execute("delete from documents where sha256 = ?", [doc["sha256"]])
    _insert(db, "documents", [doc | {"letter_id": letter_id}])
    keys = {}
    item_rows, aliases = [], []
    for row in prepared.items:
        key = scoped_key(row["id"], letter_id) if row["letter_scoped"] else row["id"]
        keys[row["id"]] = key
        touched_keys.add(key)
        if row["kind"] == "motie" and row["names"] and row["subject"]:
            touched_groups.add((row["names"], row["subject"]))
            aliases.append((key, row["names"], row["subject"], letter_id))
        item_rows.append([key, *(row[column] for column in ITEM_COLUMNS[1:])])
    db.conn.executemany(
        "insert or ignore into item_aliases (item_id, names, subject, letter_id) values (?, ?, ?, ?)", aliases
    )
    db.conn.executemany(_SAVE_ITEM, item_rows)
    key_of = [keys.get(e["item_id"], e["item_id"]) for e in prepared.events]
    events = [
        e | {"item_id": k, "extracted_key": k, "recorded_at": arrived} for e, k in zip(prepared.events, key_of, strict=True)
    ]
    _insert(db, "events", events)
    _insert(db, "references", prepared.references)
    # only a motie known by name moves by itself; linked items are looked at by reresolve anyway
    counted |= reresolve(db, {k for k in touched_keys if named_only(k)}, touched_groups)
    return SaveResult(
        prepared.path,
        True,
        len(prepared.items),
        len(events),
        len(prepared.references),
        letter=letter_id,
        replaced=replaced,
        warnings=json.loads(prepared.document.get("warnings") or "[]"),
        recount=counted | set(keys.values()),
    )


def letter_ids_of(fields: dict[str, Any]) -> LetterIds:
    return LetterIds(fields["number"], fields["kenmerk"], fields["kamerstuk"])


# The full-text index of items (items_fts, content from `items`) is brought up to date once per
# batch, just before the commit, not by a trigger per row: FTS5 writes out what it holds at every
# savepoint, so a trigger per row wrote a small index segment per letter and merged them again.
# Temporary triggers (this connection's only, rolled back with a letter's savepoint) note the rows
# a batch adds and what the rows it changes held before; `tracker ingest` is what writes items.
SEARCH_COLUMNS = "public_id, name, text, search_text"
_TRACK_SEARCH = (
    f"create temp table if not exists search_before (rowid integer primary key, {SEARCH_COLUMNS})",
    "create temp table if not exists search_after (rowid integer primary key)",
    # (no "insert or ignore" here: an upsert's own conflict handling would override it)
    "create temp trigger if not exists items_search_insert after insert on main.items begin"
    " insert into search_after select new.rowid where new.rowid not in (select rowid from temp.search_after); end",
    *(
        f"create temp trigger if not exists items_search_{change} after {change} on main.items"
        " when old.rowid not in (select rowid from temp.search_after) begin"
        f" insert into search_before values (old.rowid, {', '.join(f'old.{c}' for c in SEARCH_COLUMNS.split(', '))});"
        " insert into search_after values (old.rowid); end"
        for change in ("update", "delete")
    ),
)


def _update_search_index(db: Database) -> None:
    """What the batch changed in `items`, into the full-text index: the rows as they were taken out,
    the rows as they are now put in (a row gone since has nothing to put in)."""
    db.execute(
        f"insert into items_fts (items_fts, rowid, {SEARCH_COLUMNS})"
        f" select 'delete', rowid, {SEARCH_COLUMNS} from temp.search_before"
    )
    db.execute(
        f"insert into items_fts (rowid, {SEARCH_COLUMNS}) select rowid, {SEARCH_COLUMNS} from main.items"
        " where rowid in (select rowid from temp.search_after) order by rowid"
    )
    db.execute("delete from temp.search_before")
    db.execute("delete from temp.search_after")


class BatchWriter:
    """Saves letters in transactions of up to `batch_size` letters, each letter in a savepoint of
    its own: a letter that fails to save is rolled back alone, and a process killed mid-batch leaves
    only whole letters behind (the uncommitted ones are simply ingested again next time). The status
    of the batch's items is worked out once, just before the commit.

    Most of the cost of saving is SQLite writing index pages: the fewer commits, the fewer times a
    page is written, so a batch holds up to two seconds of letters (other runs that write wait for
    the lock meanwhile; readers never wait). The connection is set up for a long run of writes:
    savepoints' journals and scratch tables in memory rather than in temporary files, 64 MB of
    page cache, and in WAL mode no flush to disk at every commit (synchronous=NORMAL: a power cut
    can take the last batches back, never damage the file; the next ingest stores them again)."""

    def __init__(self, db: Database, batch_size: int = 1000, batch_seconds: float = 2.0) -> None:
        self.db = db
        self.batch_size = batch_size
        self.batch_seconds = batch_seconds  # other runs wait for the write lock meanwhile
        db.execute("PRAGMA temp_store = MEMORY")
        db.execute("PRAGMA cache_size = -65536")
        if db.journal_mode == "wal":  # without WAL a power cut could damage the file
            db.execute("PRAGMA synchronous = NORMAL")
            # Pages go back from the log into the file every 64 MB of log rather than every 4 MB (the
            # default, which most batches pass): a page that several batches write is copied back
            # once, and an ingest of up to about a hundred letters into a large archive leaves the file
            # itself as it was until it closes, so that the next write may trust the record of its
            # last check (store/database.py) instead of reading the whole file again.
            db.execute(f"PRAGMA wal_autocheckpoint = {64 * 2**20 // db.execute('PRAGMA page_size').fetchone()[0]}")
        for sql in _TRACK_SEARCH:  # after temp_store is set: setting it drops temporary tables
            db.execute(sql)
        self.pending: list[SaveResult] = []
        self.began = 0.0
        self.recount: set[str] = set()

    def save(self, prepared: PreparedDocument) -> None:
        """Write the letter now, in its savepoint; its result is handed back by `commit`. A failure
        raises after the savepoint is rolled back; the letters before it in the batch stay."""
        if not self.db.conn.in_transaction:
            # the write lock is taken at once: a transaction that read first and asked for it later
            # would be refused, without waiting, when another run wrote in between
            self.db.execute("BEGIN IMMEDIATE")
            self.began = time.monotonic()
        with self.db.atomic():  # a savepoint inside the batch's transaction
            result = write_document(self.db, prepared)
        self.pending.append(result)
        self.recount |= result.recount

    def full(self) -> bool:
        return len(self.pending) >= self.batch_size or (
            bool(self.pending) and time.monotonic() - self.began >= self.batch_seconds
        )

    def commit(self) -> list[SaveResult]:
        refresh_status(self.db, self.recount)
        _update_search_index(self.db)
        self.db.commit()
        done, self.pending, self.recount = self.pending, [], set()
        return done

    def rollback(self) -> None:
        self.db.rollback()
        self.pending, self.recount = [], set()


def record_manual_status(
    db: Database, item_id: str, status: str, note: str, on: date | None = None
) -> dict[str, object]:
    """A correction by hand: an event in the same timeline, dated today unless told otherwise."""
    if status not in MANUAL_STATUSES:
        raise ValueError(f"status must be one of {', '.join(MANUAL_STATUSES)}")
    target = resolve(db, item_id)  # a correction of a linked or joined item counts for the item it joined
    event: dict[str, object] = {
        "item_id": target,
        "extracted_key": item_id,
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
        refresh_status(db, [target])
    return event
