"""The SQLite schema, created and changed only through migrations."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from tracker.registers.store import create_register_schema
from tracker.store.status import (
    add_listing_indexes,
    add_report_indexes,
    create_current_status_view,
    create_status_schema,
    create_unlisted_items,
    rebuild_status,
)
from tracker.store.views import create_web_views

migrations = Migrations("tracker")


@migrations()
def m001_initial(db: Database) -> None:
    db.table("documents").create(
        {
            "sha256": str, "path": str, "title": str, "date": str, "number": str, "kenmerk": str,
            "ministry": str, "format": str, "footnote_style": str, "ingested_at": str,
        },
        pk="sha256",
    )  # fmt: skip
    db.table("items").create(
        {
            "id": str, "kind": str, "public_id": str, "dossier": str, "ondernummer": str, "name": str,
            "text": str, "ek_nummer": str, "ministry": str, "deadline_phrase": str, "deadline_date": str,
            "search_text": str, "first_seen": str,
        },
        pk="id",
    )  # fmt: skip
    db.table("events").create(
        {
            "id": int, "item_id": str, "document_sha256": str, "date": str, "status": str, "quote": str,
            "rule": str, "source": str, "note": str, "author": str, "recorded_at": str,
        },
        pk="id",
        foreign_keys=[("item_id", "items", "id"), ("document_sha256", "documents", "sha256")],
    )  # fmt: skip
    db.table("references").create(
        {"document_sha256": str, "dossier": str, "ondernummer": str, "text": str, "motie": int},
        pk=("document_sha256", "dossier", "ondernummer"),
        foreign_keys=[("document_sha256", "documents", "sha256")],
    )
    db.table("events").create_index(["item_id"])
    db.table("events").create_index(["document_sha256"])
    db.table("items").create_index(["dossier", "ondernummer"])
    db.table("items").enable_fts(
        ["public_id", "name", "text", "search_text"], create_triggers=True, tokenize="unicode61"
    )


@migrations()
def m002_document_dossier(db: Database) -> None:
    db.table("documents").add_column("dossier", str)  # declared by web pages (OVERHEIDop.dossiernummer)


@migrations()
def m004_scale_status(db: Database) -> None:
    # Current status per item in SQL (tracker/store/status.py), ministries as a table, and the
    # indexes listings and look-ups use.
    create_status_schema(db)


@migrations()
def m006_cli_partial_unfinished(db: Database) -> None:
    # A partly done item counts as overdue and stale, as an open one does.
    create_current_status_view(db)


@migrations()
def m007_identity_versions(db: Database) -> None:
    """Letters as versions of one document; events keyed by the item they were recorded for (links and
    joins re-point `item_id`); replaced events kept in a history table."""
    db.table("letters").create(
        {
            "id": int, "number": str, "kenmerk": str, "kamerstuk": str, "title": str, "date": str, "ministry": str,
            "fingerprint": str, "first_ingested_at": str, "ingested_at": str, "forgotten_at": str,
        },
        pk="id",
    )  # fmt: skip
    for column in ("number", "kenmerk", "kamerstuk", "date"):
        db.table("letters").create_index([column])
    db.table("documents").add_column("letter_id", int)
    db.table("documents").add_column("superseded_at", str)
    db.table("documents").add_column("identity_rules", int)  # NULL: stored before; read again when ingested
    db.table("documents").create_index(["letter_id"])
    db.table("documents").create_index(["path"])
    db.table("events").add_column("extracted_key", str)
    db.execute("update events set extracted_key = item_id")
    db.table("events").create_index(["extracted_key"])
    db.table("items").add_column("names", str)
    db.table("items").add_column("subject", str)
    db.table("event_history").create(
        {
            "history_id": int, "id": int, "item_id": str, "extracted_key": str, "document_sha256": str, "date": str, "status": str,
            "quote": str, "rule": str, "source": str, "note": str, "author": str, "recorded_at": str,
            "superseded_at": str, "superseded_reason": str,
        },
        pk="history_id",
    )  # fmt: skip
    db.table("event_history").create_index(["item_id"])
    db.table("event_history").create_index(["superseded_at"])
    db.table("item_links").create(
        {
            "id": int, "from_id": str, "to_id": str, "note": str, "author": str, "recorded_at": str,
            "undone_at": str, "undone_by": str,
        },
        pk="id",
    )  # fmt: skip
    db.table("item_links").create_index(["from_id"])
    db.table("item_aliases").create(
        {"item_id": str, "names": str, "subject": str, "letter_id": int},
        pk=("item_id", "names", "subject", "letter_id"),
    )
    db.table("item_aliases").create_index(["names", "subject"])
    # Files stored before: one letter per document number, else kenmerk, else path (for files with
    # neither); the file ingested
    # last is the letter's current version, the events of earlier ones go to the history.
    letters: dict[tuple[str, str], int] = {}
    files = list(
        db.query(
            "select sha256, path, number, kenmerk, title, date, ministry, ingested_at from documents order by ingested_at, rowid"
        )
    )
    current: dict[int, dict[str, str]] = {}
    for doc in files:
        keys = [(kind, str(doc[kind]).upper()) for kind in ("number", "kenmerk") if doc[kind]] or [
            ("path", doc["path"])
        ]
        letter_id = next((letters[k] for k in keys if k in letters), None)
        if letter_id is None:
            letter_id = int(db.table("letters").insert(
                {"number": doc["number"], "kenmerk": doc["kenmerk"], "title": doc["title"], "date": doc["date"],
                 "ministry": doc["ministry"], "first_ingested_at": doc["ingested_at"], "ingested_at": doc["ingested_at"]}
            ).last_pk or 0)  # fmt: skip
        else:
            before = current[letter_id]
            db.execute(
                "insert into event_history (id, item_id, extracted_key, document_sha256, date, status, quote, rule,"
                " source, note, author, recorded_at, superseded_at, superseded_reason) select id, item_id, extracted_key,"
                " document_sha256, date, status, quote, rule, source, note, author, recorded_at, ?, ? from events"
                " where document_sha256 = ?",
                [doc["ingested_at"], f"replaced by {doc['path']}", before["sha256"]],
            )
            db.execute("delete from events where document_sha256 = ?", [before["sha256"]])
            db.execute(
                "update documents set superseded_at = ? where sha256 = ?", [doc["ingested_at"], before["sha256"]]
            )
            db.execute(
                "update letters set number = coalesce(?, number), kenmerk = coalesce(?, kenmerk), title = coalesce(?, title),"
                " date = coalesce(?, date), ingested_at = ? where id = ?",
                [doc["number"], doc["kenmerk"], doc["title"], doc["date"], doc["ingested_at"], letter_id],
            )
        for k in keys:
            letters.setdefault(k, letter_id)
        current[letter_id] = doc
        db.execute("update documents set letter_id = ? where sha256 = ?", [letter_id, doc["sha256"]])
    rebuild_status(db)  # the replaced versions' events no longer count


@migrations()
def m008_cli_undone_corrections(db: Database) -> None:
    # A correction taken back with `set-status --undo` is kept here, never deleted.
    db.table("undone_corrections").create(
        {
            "id": int, "item_id": str, "document_sha256": str, "date": str, "status": str, "quote": str,
            "rule": str, "source": str, "note": str, "author": str, "recorded_at": str, "undone_at": str,
            "undone_by": str, "extracted_key": str,
        },
        pk="id",
    )  # fmt: skip


@migrations()
def m009_registers(db: Database) -> None:
    # The Tweede and Eerste Kamer registers beside the letters (tracker/registers/store.py); the
    # view `current_status` shows each item's register record.
    create_register_schema(db)
    create_current_status_view(db)


@migrations()
def m010_cli_document_warnings(db: Database) -> None:
    # What extraction warned of (a misprinted dossier kept as printed, ...), shown by ingest and report.
    db.table("documents").add_column("warnings", str)


@migrations()
def m011_scale_listing(db: Database) -> None:
    # The report's lists of open and stale items read in order through indexes; the view shows
    # the status table's item_id, which listings filter on.
    add_listing_indexes(db)


@migrations()
def m012_scale_report_indexes(db: Database) -> None:
    # Open and partly done items (the report's lists) read in order as one index range; the
    # report's counts from one index.
    add_report_indexes(db)


@migrations()
def m013_identity_arrival(db: Database) -> None:
    # "What arrived since": events by the moment they were stored, letters by their latest version.
    db.table("events").create_index(["recorded_at"])
    db.table("letters").create_index(["ingested_at"])


@migrations()
def m014_web_views(db: Database) -> None:
    # Every item's timeline and the items whose letters disagree, as views (tracker/store/views.py),
    # for the web page and any other SQLite client.
    create_web_views(db)


@migrations()
def m015_identity_lookup(db: Database) -> None:
    # A new file's letter is looked up by number, kenmerk or kamerstuk in any case: through indexes.
    for column in ("number", "kenmerk", "kamerstuk"):
        db.execute(f"create index letters_{column}_upper on letters (upper({column}))")


@migrations()
def m016_search_per_batch(db: Database) -> None:
    # The full-text index is kept by ingest's writer, once per batch (tracker/store/save.py), no
    # longer by a trigger per row of `items`.
    for trigger in ("items_ai", "items_au", "items_ad"):
        db.execute(f"drop trigger if exists {trigger}")


@migrations()
def m017_unlisted_items(db: Database) -> None:
    # The items without a status (only a replaced or a forgotten letter mentioned them), kept by
    # triggers, so that a search's count takes them off without a pass over every item.
    create_unlisted_items(db)
