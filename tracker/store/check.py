"""`tracker check`: is the database whole, is its schema the one this version knows, does its
full-text index hold the items' words? Checking never creates, migrates or repairs anything: the file
is opened with mode=ro, and the full-text check (which SQLite runs as a write) is rolled back.
`rebuild_search_index` is the repair `tracker check --rebuild-search` offers."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tracker.store.database import forget_checked
from tracker.store.schema import migrations

TABLES = ("documents", "items", "events", "references")


@dataclass
class DatabaseCheck:
    path: Path
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    search_index: bool = False  # the database has a full-text index of the items to check


def check_database(path: Path) -> DatabaseCheck:
    result = DatabaseCheck(path)
    if not path.exists():
        result.problems.append(f"database {path} does not exist; run 'tracker ingest' first or pass --db")
        return result
    if path.is_dir():
        result.problems.append(f"database path {path} is a folder")
        return result
    try:
        conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        result.problems.append(f"cannot open database {path}: {exc}")
        return result
    try:
        _check(conn, result)
    except sqlite3.DatabaseError as exc:
        result.problems.append(f"database {path} is damaged or not a tracker database: {exc}")
    finally:
        conn.close()
    if "integrity ok" not in result.notes:  # damaged: the next write reads the whole file again
        forget_checked(path)
    if not result.problems and result.search_index:
        _check_search_index(path, result)
    return result


def _check(conn: sqlite3.Connection, result: DatabaseCheck) -> None:
    integrity = [line.strip() for row in conn.execute("PRAGMA integrity_check(100)") for line in row[0].splitlines()]
    integrity = [line for line in integrity if line and not line.startswith("***")]
    if integrity != ["ok"]:
        result.problems.append(
            f"database {result.path} is damaged ({integrity[0]}; {len(integrity)} problems found): "
            "restore a copy, or ingest the letters into a new database"
        )
        return
    result.notes.append("integrity ok")
    broken_links = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken_links:
        result.problems.append(f"{len(broken_links)} rows point to missing rows (foreign keys)")
    tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
    known = [m.name for m in migrations._migrations]
    applied = (
        [
            row[0]
            for row in conn.execute("select name from _sqlite_migrations where migration_set = ?", [migrations.name])
        ]
        if "_sqlite_migrations" in tables
        else []
    )
    unknown = [name for name in applied if name not in known]
    if not applied and not tables & set(TABLES):
        result.problems.append("not a tracker database (none of its tables)")
        return
    if unknown:
        result.problems.append(f"schema is newer than this tracker ({', '.join(unknown)}); upgrade tracker")
    pending = [name for name in known if name not in applied]
    if pending:
        result.notes.append(
            f"schema {len(applied)} of {len(known)} migrations; the next write applies {', '.join(pending)}"
        )
    else:
        result.notes.append(f"schema up to date ({known[-1]})")
    missing = [t for t in TABLES if t not in tables]
    if missing and not pending:
        result.problems.append(f"tables missing: {', '.join(missing)}")
    result.search_index = "items_fts" in tables
    if "items" in tables and "documents" in tables:
        items = conn.execute("select count(*) from items").fetchone()[0]
        letters = conn.execute("select count(*) from documents").fetchone()[0]
        result.notes.append(f"{letters} letters, {items} items")


# FTS5's own comparison of the index with the rows of `items` it was made from (rank 1: against the
# content table too). Ingest keeps the index up to date; an item changed by another SQLite client is
# not, and `list --search` would then miss or wrongly find it.
SEARCH_INDEX_CHECK = "insert into items_fts (items_fts, rank) values ('integrity-check', 1)"


def _check_search_index(path: Path, result: DatabaseCheck) -> None:
    if not os.access(path, os.W_OK):
        result.notes.append("full-text index not checked (the file is read-only)")
        return
    try:
        with _write_lock(path) as conn:
            conn.execute(SEARCH_INDEX_CHECK)
    except sqlite3.OperationalError as exc:  # cannot write here (read-only folder, a long lock): no verdict
        result.notes.append(f"full-text index not checked ({exc})")
    except sqlite3.DatabaseError as exc:
        result.problems.append(
            f"the full-text index of database {path} does not match its items (FTS5 says: {exc}); "
            "'tracker check --rebuild-search' makes it again"
        )
    else:
        result.notes.append("full-text index ok")


def rebuild_search_index(path: Path) -> None:
    """Make the full-text index again from the items, in one transaction."""
    with _write_lock(path) as conn:
        conn.execute("insert into items_fts (items_fts) values ('rebuild')")
        conn.execute("COMMIT")


@contextlib.contextmanager
def _write_lock(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that holds the write lock; what it does is rolled back unless it commits."""
    conn = sqlite3.connect(path, timeout=60, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()
