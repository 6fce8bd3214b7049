"""Opening the database: for reading or writing, safely beside other runs, never into a wrong file.

Several runs may use one database at once (a cron job overlapping a manual ingest; readers while
letters are saved). The database is therefore in WAL mode (readers never block the writer, nor the
writer them), every write transaction takes the write lock when it begins (BEGIN IMMEDIATE: a
transaction that read first and then asked for the lock would be refused without waiting), and a
run waits up to BUSY_TIMEOUT_S for the lock before it gives up with a clear message.

A file that is not a tracker database (another program's SQLite file, a text file) is refused with
its path and left untouched; reading commands open the file read-only; a run that writes first
checks that the file is sound, so that a damaged database is never written into.

That check (`PRAGMA quick_check`) reads every page: 20 s and more on a million items. So a write
command that ends without a database error, and wrote only to the -wal until it closed, records the
file's size, times and inode beside it (`tracker.db-checked`); the next write reads the whole file
again only when any of them changed, that is when anything else wrote the file or its journal. Pages
a write reads are checked as they are loaded (`cell_size_check`), and damage found there stops the
command. What no program writes (a failing disk) is found there or by `tracker check`, not before
every write.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Generator
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from tracker.store.schema import migrations

BUSY_TIMEOUT_S = 60.0
MIGRATIONS_TABLE = "_sqlite_migrations"


class StoreError(Exception):
    """The database cannot be opened or used; the message says what to do."""


class Store(Database):
    """A sqlite-utils Database whose outermost transaction takes the write lock at once."""

    path: Path | None = None  # set by open_db
    writing = False
    file_when_checked: list[int] | None = None  # the database file's state when it was found sound
    trusted_record = False  # opened on the record of an earlier check, without reading the whole file

    def close(self, sound: bool | None = None) -> None:
        """Close the database. sound: the command ended without a database error (True), with one
        (False), or nobody says (None). Only a write command that ended well records the file as
        checked; a database error, or a write nobody vouches for, takes the record away."""
        path, self.path = self.path, None  # a second close does nothing more
        # Until it closes, a write goes to the -wal only, unless that grew past wal_autocheckpoint (1000
        # pages; 64 MB in ingest, store/save.py) and SQLite copied it in; that cannot be told apart from
        # another program writing the file: no record.
        untouched = path is not None and _file_state(path, journals=False) == [self.file_when_checked]
        # A write that trusted the record vouches for nothing once another command found damage and
        # took the record away while it ran.
        vouched = path is not None and (not self.trusted_record or _checked_record(path).exists())
        super().close()
        if path is None:
            return
        if self.writing and sound and untouched and vouched:
            _record_checked(path)
        elif self.writing or sound is False:
            forget_checked(path)

    @contextlib.contextmanager
    def atomic(self) -> Generator[Database, None, None]:
        if self.conn.in_transaction:  # nested: sqlite-utils makes it a savepoint
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")


def open_db(path: Path, create: bool = True, write: bool = True, upgrade: bool = True) -> Store:
    """The database at `path`, migrated to the current schema.

    create: make a new database when there is none (only `ingest` does).
    write: the command will write; the file is checked for damage first and put in WAL mode.
    upgrade: a database made by an older tracker is upgraded once; with upgrade=False (and
    write=False) it is refused instead, so that the file is never changed.
    Raises StoreError with a one-line message when the database cannot be used."""
    existed = path.exists()
    if existed and path.is_dir():
        raise StoreError(f"database path {path} is a folder; pass --db with a file name")
    if not existed and not create:
        raise StoreError(f"database {path} does not exist; run 'tracker ingest' first or pass --db")
    if write or not existed:
        _check_writable(path, existed)
    before = _file_state(path) if write else None  # before SQLite opens it
    checked = before is not None and before[0] is not None and _recorded_state(path) == before
    created = not existed and write and _claim_new_file(path)
    try:
        db = _connect(path, read_only=not write)
    except sqlite3.Error as exc:
        raise StoreError(describe_error(exc, path)) from None
    try:
        _check_is_tracker(db, path, write)
        if not write and _needs_migration(db):
            if not upgrade:
                raise StoreError(
                    f"database {path} was made by an older tracker; run 'tracker list --count' once to upgrade it, then serve it"
                )
            db.close()
            return open_db(path, create=False, write=True)  # made by an older tracker: upgraded once
        if write:
            if not checked:
                _check_sound(db, path)
            if db.journal_mode != "wal":
                db.enable_wal()
            _migrate(db, path)
    except StoreError:
        db.close()
        if created:
            _remove_new_database(path)
        raise
    except sqlite3.Error as exc:
        db.close()
        if created:
            _remove_new_database(path)
        if is_damage(exc):
            forget_checked(path)
        raise StoreError(describe_error(exc, path)) from None
    db.path, db.writing = path, write
    db.file_when_checked, db.trusted_record = (before[0] if before else None), checked
    return db


def is_damage(exc: sqlite3.Error) -> bool:
    """The error says the file is damaged (SQLITE_CORRUPT, SQLITE_NOTADB): nothing more may be written."""
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def describe_error(exc: BaseException, path: Path) -> str:
    """A database error as one line that says what happened to which file and what to do."""
    text = " ".join(str(exc).split())
    lowered = text.lower()
    if lowered != "database is locked" and ("locked" in lowered or "busy" in lowered):
        # not the lock wait running out: a conflict SQLite reports at once (a snapshot gone stale, a table in use)
        return f"database {path} is busy ({text}); try again when other runs have finished"
    if "locked" in lowered:
        return (
            f"database {path} is busy: another run held it for more than {BUSY_TIMEOUT_S:.0f} s; "
            "try again when it has finished"
        )
    if "readonly" in lowered or "read-only" in lowered:
        return f"database {path} is read-only; make it (and its folder) writable or pass --db with another file"
    if "not a database" in lowered:
        return f"{path} is not a tracker database (not an SQLite file); pass --db with a tracker database"
    if "malformed" in lowered or "corrupt" in lowered or "disk i/o" in lowered:
        return (
            f"database {path} is damaged ({text}); restore a backup, or rebuild it by ingesting "
            "the letters into a new file with --db"
        )
    if "full" in lowered:
        return f"database {path}: the disk is full ({text}); free some space and run again"
    if "unable to open" in lowered:
        return f"database {path} cannot be opened ({text}); check the path and its folder's permissions"
    return f"database {path}: {text}"


def _connect(path: Path, read_only: bool) -> Store:
    if read_only:
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
            conn.execute("select count(*) from sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # A WAL database in a folder we may not write to: its shared-memory file cannot be made.
            # Nobody can be writing it then, so it is read as an unchanging file.
            conn = sqlite3.connect(uri + "&immutable=1", uri=True, timeout=BUSY_TIMEOUT_S)
    else:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level="IMMEDIATE")
    db = Store(conn)
    if not read_only:
        db.execute("PRAGMA foreign_keys = ON")
        # every page a write reads is checked as it is loaded, so damage there stops the write
        db.execute("PRAGMA cell_size_check = ON")
    return db


def _check_writable(path: Path, existed: bool) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if existed and not os.access(path, os.W_OK):
        raise StoreError(f"database {path} is read-only; make it writable or pass --db with another file")
    if not folder.exists():
        raise StoreError(f"cannot create database {path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        what = "the database" if existed else "a new database"
        raise StoreError(
            f"database {path}: its folder {folder} is read-only, and {what} needs to write files there; "
            "make the folder writable or pass --db with a path elsewhere"
        )


def _tables(db: Database) -> set[str]:
    return {name for (name,) in db.execute("select name from sqlite_master where type = 'table'").fetchall()}


def _check_is_tracker(db: Database, path: Path, write: bool) -> None:
    """Refuse a database that holds other tables than ours, before anything is written to it."""
    tables = {t for t in _tables(db) if not t.startswith("sqlite_")}
    tracker_rows = 0
    if MIGRATIONS_TABLE in tables:
        tracker_rows = db.execute(
            f"select count(*) from {MIGRATIONS_TABLE} where migration_set = ?", [migrations.name]
        ).fetchone()[0]
    if tracker_rows:
        return
    foreign = sorted(tables - {MIGRATIONS_TABLE})
    if foreign:
        shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
        raise StoreError(
            f"{path} is not a tracker database (it holds other tables: {shown}); it was left unchanged; "
            "pass --db with a tracker database or a new file name"
        )
    if not write:
        raise StoreError(f"database {path} holds no letters yet; run 'tracker ingest' first")


def _check_sound(db: Database, path: Path) -> None:
    """A damaged database is never written into: SQLite could spread the damage."""
    problems = [row[0] for row in db.execute("PRAGMA quick_check(3)").fetchall()]
    if problems != ["ok"]:
        forget_checked(path)
        found = " ".join("; ".join(problems).replace("*** in database main ***", "").split())
        raise StoreError(
            f"database {path} is damaged ({found[:200]}); it was left unchanged; restore a backup, "
            "or rebuild it by ingesting the letters into a new file with --db"
        )


def _checked_record(path: Path) -> Path:
    return Path(f"{path}-checked")


def _file_state(path: Path, journals: bool = True) -> list[list[int] | None] | None:
    """The database file's and its journals' device, inode, size, modification and change time:
    whatever program writes them changes one (the change time cannot be set back). None where that
    does not hold: on Windows st_ctime is the creation time, so a copy that keeps its times would pass."""
    if os.name == "nt":
        return None
    state: list[list[int] | None] = []
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-journal")) if journals else (path,):
        try:
            st = name.stat()
        except FileNotFoundError:
            state.append(None)
            continue
        except OSError:
            return None
        empty = name != path and st.st_size == 0  # a reader leaves an empty -wal
        state.append(None if empty else [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns])
    return state


def _recorded_state(path: Path) -> list[list[int] | None] | None:
    """The files as the last write command that found the database sound left them."""
    try:
        record = json.loads(_checked_record(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record.get("files") if isinstance(record, dict) else None


def _record_checked(path: Path) -> None:
    state = _file_state(path)
    if state is None or state[0] is None:
        forget_checked(path)
        return
    record = _checked_record(path)
    temporary = record.with_name(f"{record.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps({"files": state}), encoding="utf-8")
        os.replace(temporary, record)
    except OSError:  # no record: the next write checks the whole file
        with contextlib.suppress(OSError):
            temporary.unlink()
        forget_checked(path)


def forget_checked(path: Path) -> None:
    """The next write reads the whole file again (damage was found, or nobody vouches for a write)."""
    with contextlib.suppress(OSError):
        _checked_record(path).unlink()


def _needs_migration(db: Database) -> bool:
    return MIGRATIONS_TABLE not in _tables(db) or bool(migrations.pending(db))


def _migrate(db: Store, path: Path) -> None:
    """Pending migrations run in one transaction: a failure leaves the database as it was."""
    if not _needs_migration(db):
        return
    with db.atomic():
        if not _needs_migration(db):
            return  # another run migrated it while this one waited for the lock
        try:
            migrations.apply(db)
        except sqlite3.Error:
            raise
        except Exception as exc:
            raise StoreError(f"cannot upgrade database {path} ({exc}); it was left unchanged") from None


def _claim_new_file(path: Path) -> bool:
    """Create the database file, empty, unless another run just did: only the run that made the file
    may remove it again (two runs starting on a new database both found it missing)."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
    except OSError:  # there already; anything else, SQLite's own open reports
        return False
    return True


def _remove_new_database(path: Path) -> None:
    """A database this run made and could not finish is removed, with its side files, unless another
    run has already stored its tables in it."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)) as conn:
            if conn.execute("select count(*) from sqlite_master").fetchone()[0]:
                return
    except sqlite3.Error:
        pass  # not even a database header: nothing anyone stored
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal"), _checked_record(path)):
        with contextlib.suppress(OSError):
            name.unlink()
