"""`tracker check`: is the database whole, is its schema the one this version knows? Read-only:
the file is opened with mode=ro, so checking never creates, migrates or repairs anything."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from tracker.store.schema import migrations

TABLES = ("documents", "items", "events", "references")


@dataclass
class DatabaseCheck:
    path: Path
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


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
    if "items" in tables and "documents" in tables:
        items = conn.execute("select count(*) from items").fetchone()[0]
        letters = conn.execute("select count(*) from documents").fetchone()[0]
        result.notes.append(f"{letters} letters, {items} items")
