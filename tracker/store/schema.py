"""The SQLite schema, created and changed only through migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database, Migrations

from tracker.store.status import create_current_status_view, create_status_schema

migrations = Migrations("tracker")


class StoreError(Exception):
    """The database cannot be opened or used."""


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


def open_db(path: Path, create: bool = True) -> Database:
    """Open (and migrate) the database; a clear StoreError when that is not possible."""
    if not create and not path.exists():
        raise StoreError(f"database {path} does not exist; run 'tracker ingest' first or pass --db")
    if path.exists() and path.is_dir():
        raise StoreError(f"database path {path} is a folder")
    try:
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        db = Database(path)
        db.execute("PRAGMA foreign_keys = ON")
        migrations.apply(db)
    except (sqlite3.DatabaseError, OSError) as exc:
        raise StoreError(f"cannot open database {path}: {exc}") from exc
    return db
