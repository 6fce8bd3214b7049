"""The database under what real machines do: other runs at the same time, read-only files and
folders, damaged files, files that are not ours, mistyped paths. Through the command line, with
stdout and stderr apart: every failure is one line on stderr and exit 1, and no file is changed."""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import faults
from tests.clirun import run
from tests.conftest import ROOT, SEEDS
from tracker.store import database, schema

LETTER = SEEDS / "000_eb112036e86ee879.txt"
PR_CAPBSET_DROP = 24
READ_COMMANDS = [["list"], ["report"], ["show", "kst-31985-95"], ["export"]]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_error_line(result, *words: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 1, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_database_is_in_wal_mode_and_writes_take_the_lock_at_once(seeded: Path) -> None:
    db = database.open_db(seeded, create=False, write=True)
    assert db.journal_mode == "wal"
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    with db.atomic():
        db.execute("select count(*) from documents").fetchone()
    assert statements[0] == "BEGIN IMMEDIATE"


def test_concurrent_ingests_and_readers_short_run() -> None:
    """The fault script's concurrency test, once: 4 ingests of overlapping folders, 2 readers."""
    figures = faults.concurrency(reps=1, letters=8)
    assert figures.problems == []
    assert figures.checks["ingest runs"] == 4 and figures.checks["duplicates"] == 0


def test_ingest_killed_at_random_moments_short_run() -> None:
    """The fault script's kill test, small: the database stays whole, no letter is stored in part,
    and a last run brings it to what one sequential ingest gives."""
    sources = [*faults.LETTERS[:6], faults.FORMATS / "001_d64714fac5e013c7.pdf"]
    figures = faults.kills(3, seed=2, sources=sources)
    assert figures.problems == []
    assert figures.checks["duplicates"] == 0


def test_mutated_letters_short_fuzz_run() -> None:
    """The fault script's fuzz run, small: every mutated .txt/.html/.docx/.pdf gives a result or a
    one-line error, never an exception."""
    figures = faults.fuzz(48, seed=3)
    assert figures.problems == []
    assert figures.checks["inputs"] == 48 and figures.checks["one-line errors"] > 0 and figures.checks["read"] > 0


def test_read_commands_on_a_missing_database_say_so(db_path: Path) -> None:
    for command in READ_COMMANDS:
        one_error_line(run(db_path, *command), f"database {db_path} does not exist")
    assert not db_path.exists()


def test_a_mistyped_path_creates_no_database(db_path: Path, tmp_path: Path) -> None:
    result = run(db_path, "ingest", str(tmp_path / "seds"))
    assert result.exit_code == 1 and result.stdout == ""
    assert "seds: no such file or folder" in result.stderr and "was not touched" in result.stderr
    assert not db_path.exists()


def test_a_database_that_is_not_ours_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    other = tmp_path / "contacts.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table people (name text)")
        conn.execute("insert into people values ('Grinwis')")
    conn.close()
    before = digest(other)
    for command in [*READ_COMMANDS, ["ingest", str(LETTER)]]:
        one_error_line(run(other, *command), f"{other} is not a tracker database", "people")
    assert digest(other) == before
    assert sorted(os.listdir(tmp_path)) == ["contacts.db"]


def test_a_text_file_as_database_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n" * 500)
    for command in [["list"], ["ingest", str(LETTER)]]:
        one_error_line(run(notes, *command), f"{notes} is not a tracker database")
    assert notes.read_text() == "not a database\n" * 500


def damage(path: Path, start: int, length: int | None = None) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the file itself
    conn.execute("PRAGMA journal_mode = delete")
    conn.close()
    data = bytearray(path.read_bytes())
    end = len(data) if length is None else start + length
    data[start:end] = bytes((i * 37 + 11) % 256 for i in range(start, end))
    path.write_bytes(bytes(data))


def test_a_database_damaged_after_its_header_gives_one_line_and_is_never_written(seeded: Path) -> None:
    damage(seeded, 4096)  # every page but the first (the header and the table of tables)
    before = digest(seeded)
    for command in READ_COMMANDS:
        one_error_line(run(seeded, *command), f"database {seeded} is damaged")
    one_error_line(run(seeded, "ingest", str(SEEDS / "001_d64714fac5e013c7.txt")), "is damaged")
    one_error_line(run(seeded, "set-status", "kst-31985-95", "open", "--note", "x"), "is damaged")
    assert digest(seeded) == before


def test_ingest_never_writes_into_a_page_it_would_not_read(seeded: Path) -> None:
    """Damage in one page the ingest does not touch (the full-text index) is found before writing."""
    with sqlite3.connect(seeded) as conn:
        page = conn.execute("select pageno from dbstat where name = 'items_fts_data' order by pageno").fetchone()[0]
    conn.close()
    damage(seeded, (page - 1) * 4096, 4096)
    before = digest(seeded)
    result = run(seeded, "ingest", str(SEEDS / "001_d64714fac5e013c7.txt"))
    one_error_line(result, "is damaged", "left unchanged")
    assert digest(seeded) == before


def root_page(db: Path, table: str) -> int:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("select rootpage from sqlite_master where name = ?", [table]).fetchone()[0])


def test_damage_in_a_table_the_command_writes_is_found_before_writing(seeded: Path) -> None:
    damage(seeded, (root_page(seeded, "item_status") - 1) * 4096, 4096)
    before = digest(seeded)
    one_error_line(run(seeded, "set-status", "kst-31985-95", "open", "--note", "x"), "is damaged")
    one_error_line(run(seeded, "ingest", str(SEEDS / "001_d64714fac5e013c7.txt")), "is damaged")
    assert digest(seeded) == before


def full_checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files a write command read whole (`quick_check`) from now on."""
    checked: list[Path] = []
    check = database._check_sound

    def counted(db: database.Store, path: Path) -> None:
        checked.append(path)
        check(db, path)

    monkeypatch.setattr(database, "_check_sound", counted)
    return checked


def test_a_write_reads_the_whole_file_again_only_when_something_else_wrote_it(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = full_checks(monkeypatch)
    assert run(seeded, "set-status", "kst-31985-95", "open", "--note", "x").exit_code == 0
    assert checked == [seeded]  # the ingest that made the file left no record: there was no file before it
    checked.clear()
    assert run(seeded, "list").exit_code == 0  # reading changes nothing
    with contextlib.closing(sqlite3.connect(f"file:{seeded}?mode=ro", uri=True)) as reader:
        reader.execute("select count(*) from items").fetchone()  # open while the next one writes
        assert run(seeded, "set-status", "kst-31985-95", "closed", "--note", "y").exit_code == 0
    assert run(seeded, "ingest", str(SEEDS / "001_d64714fac5e013c7.txt")).exit_code == 0
    assert checked == []
    with contextlib.closing(sqlite3.connect(seeded)) as other:  # another program writes, soundly
        other.execute("PRAGMA user_version = 1")
    assert run(seeded, "set-status", "kst-31985-95", "--undo").exit_code == 0
    assert checked == [seeded]
    times = seeded.stat()
    os.utime(seeded, ns=(times.st_atime_ns, times.st_mtime_ns - 10**9))  # only a time: read whole all the same
    assert run(seeded, "set-status", "kst-31985-95", "--undo").exit_code == 0
    assert checked == [seeded, seeded]


def test_a_file_written_while_a_write_runs_is_read_whole_by_the_next_one(seeded: Path) -> None:
    """What goes into the file itself before the write closes (here another connection copies the
    write's pages in) cannot be told apart from another program writing it: no record is left."""
    db = database.open_db(seeded, create=False, write=True)
    with db.atomic():
        db.execute("update items set name = name || '.' where id = 'kst-31985-95'")
    with contextlib.closing(sqlite3.connect(seeded)) as other:
        other.execute("PRAGMA wal_checkpoint")
    db.close(sound=True)
    assert not Path(f"{seeded}-checked").exists()
    db = database.open_db(seeded, create=False, write=True)  # found sound, written to the -wal only
    with db.atomic():
        db.execute("update items set name = name || '.' where id = 'kst-31985-95'")
    db.close(sound=True)
    assert Path(f"{seeded}-checked").exists()


def damage_as_a_disk_would(db: Path, table: str) -> None:
    """A table's root page damaged in place, and the record of the last check left as if the file's
    times had not changed (a failing disk changes neither)."""
    page = root_page(db, table)
    with db.open("r+b") as file:
        file.seek((page - 1) * 4096)
        file.write(bytes((i * 37 + 11) % 256 for i in range(4096)))
    database._record_checked(db)


def test_damage_no_program_wrote_is_found_in_the_pages_a_write_reads(seeded: Path, tmp_path: Path) -> None:
    """A page damaged without a program writing the file (a failing disk) does not change the file's
    times, so the write does not read the whole file; the pages it reads on its way are checked as they
    are loaded. The command stops with one line, writes nothing, and the next write checks it all."""
    letter = tmp_path / "brief.txt"  # a letter not stored yet
    letter.write_text(LETTER.read_text(encoding="utf-8") + "\nBijlage: overzicht.\n", encoding="utf-8")
    assert run(seeded, "set-status", "kst-31985-95", "open", "--note", "x").exit_code == 0
    for command in (["set-status", "kst-31985-95", "closed", "--note", "x"], ["ingest", str(letter)]):
        damage_as_a_disk_would(seeded, "events")
        before = digest(seeded)
        one_error_line(run(seeded, *command), f"database {seeded} is damaged")
        assert digest(seeded) == before
        assert not Path(f"{seeded}-checked").exists()  # the next write reads the whole file
    one_error_line(run(seeded, "set-status", "kst-31985-95", "closed", "--note", "x"), "is damaged")
    database._record_checked(seeded)
    assert run(seeded, "check").exit_code == 1  # what the full check finds takes the record away too
    assert not Path(f"{seeded}-checked").exists()


def test_damage_found_while_a_write_runs_is_not_vouched_for_by_that_write(seeded: Path) -> None:
    """A write that trusted the record read nothing but its own pages: when `tracker check` (or any
    command) finds damage and takes the record away meanwhile, that write's end leaves no new record."""
    assert run(seeded, "set-status", "kst-31985-95", "open", "--note", "x").exit_code == 0
    damage_as_a_disk_would(seeded, "documents")
    db = database.open_db(seeded, create=False, write=True)  # trusts the record: the file is not read whole
    with db.atomic():
        db.execute("update items set name = name || '.' where id = 'kst-31985-95'")
    assert run(seeded, "check").exit_code == 1  # finds the damage and takes the record away
    db.close(sound=True)
    assert not Path(f"{seeded}-checked").exists()
    one_error_line(run(seeded, "set-status", "kst-31985-95", "closed", "--note", "y"), "is damaged")


def test_a_letter_sqlite_refused_to_save_leaves_no_record(seeded: Path, tmp_path: Path) -> None:
    """A letter that SQLite refuses (here a trigger stands for a full disk or a read error) is one
    error line; the others are saved, and the run does not vouch for the file: the next write reads it whole."""
    assert run(seeded, "set-status", "kst-31985-95", "open", "--note", "x").exit_code == 0
    assert Path(f"{seeded}-checked").exists()
    refused, saved = tmp_path / "refused.txt", tmp_path / "saved.txt"
    refused.write_text(LETTER.read_text(encoding="utf-8") + "\nBijlage: overzicht.\n", encoding="utf-8")
    saved.write_text(LETTER.read_text(encoding="utf-8") + "\nBijlage: lijst.\n", encoding="utf-8")
    with contextlib.closing(sqlite3.connect(seeded)) as other:
        other.execute(
            "create trigger refuse before insert on documents when new.path like '%refused.txt'"
            " begin select raise(abort, 'disk I/O error'); end"
        )
    database._record_checked(seeded)  # as if that change had been tracker's own
    result = run(seeded, "ingest", str(refused), str(saved))
    assert result.exit_code == 1 and "refused.txt: could not be saved" in result.stderr, result.stderr
    assert "saved.txt: could not be saved" not in result.stderr
    assert not Path(f"{seeded}-checked").exists()


def test_a_failed_migration_leaves_nothing_behind(
    db_path: Path, seeded: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def m999_broken(db: object) -> None:
        db.table("documents").add_column("broken", str)  # type: ignore[attr-defined]
        raise ValueError("no such thing")

    failing = [*schema.migrations._migrations, schema.migrations._Migration("m999_broken", m999_broken)]
    monkeypatch.setattr(schema.migrations, "_migrations", failing)
    with sqlite3.connect(seeded) as conn:
        tables = conn.execute("select sql from sqlite_master order by name").fetchall()
        applied = conn.execute("select name from _sqlite_migrations").fetchall()
    conn.close()
    one_error_line(run(seeded, "ingest", str(LETTER)), f"cannot upgrade database {seeded}", "left unchanged")
    with sqlite3.connect(seeded) as conn:
        assert conn.execute("select sql from sqlite_master order by name").fetchall() == tables
        assert conn.execute("select name from _sqlite_migrations").fetchall() == applied
    conn.close()
    new = tmp_path / "new" / "fresh.db"
    new.parent.mkdir()
    one_error_line(run(new, "ingest", str(LETTER)), "cannot upgrade database")
    assert os.listdir(new.parent) == []


def test_a_run_that_fails_on_a_new_database_leaves_another_runs_database_alone(
    seeded: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Two runs start on a database that does not exist yet; the other run makes it first and
    stores letters; this run then fails (here: a broken migration) and must not remove the file."""
    shared = tmp_path / "shared.db"
    claim = database._claim_new_file

    def other_run_first(path: Path) -> bool:
        path.write_bytes(seeded.read_bytes())
        return claim(path)

    def m999_broken(db: object) -> None:
        raise ValueError("no such thing")

    failing = [*schema.migrations._migrations, schema.migrations._Migration("m999_broken", m999_broken)]
    monkeypatch.setattr(schema.migrations, "_migrations", failing)
    monkeypatch.setattr(database, "_claim_new_file", other_run_first)
    one_error_line(run(shared, "ingest", str(LETTER)), "cannot upgrade database")
    assert digest(shared) == digest(seeded)


def as_ordinary_user(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line in a new process. Run by root, it drops the right to override file modes
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so that read-only files and folders are read-only to it."""

    def drop_override() -> None:
        if os.geteuid() == 0:
            libc = ctypes.CDLL(None, use_errno=True)
            for capability in (1, 2):
                if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
                    raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")

    return subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(db), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=drop_override,  # noqa: PLW1509 - no threads run here
    )


def test_read_only_database_and_read_only_folder(tmp_path: Path) -> None:
    db = tmp_path / "tracker.db"
    setup = as_ordinary_user(db, "--quiet", "ingest", str(LETTER))
    assert setup.returncode == 0, setup.stderr
    db.chmod(0o444)
    before = digest(db)
    writes = [
        ["ingest", str(SEEDS / "001_d64714fac5e013c7.txt")],
        ["set-status", "kst-31985-95", "open", "--note", "x"],
    ]
    for command in writes:
        result = as_ordinary_user(db, *command)
        assert result.returncode == 1 and result.stdout == "", result.stderr
        assert result.stderr == f"Error: database {db} is read-only; make it writable or pass --db with another file\n"
    listing = as_ordinary_user(db, "list", "--format", "json")
    assert listing.returncode == 0 and "kst-31985-95" in listing.stdout, listing.stderr
    checked = as_ordinary_user(db, "check")
    assert checked.returncode == 0 and "full-text index not checked (the file is read-only)" in checked.stdout
    db.chmod(0o644)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    tmp_path.chmod(0o555)
    try:
        # a new database, and an existing one, in a read-only folder
        for target, commands in ((locked / "new.db", writes[:1]), (db, writes)):
            for command in commands:
                result = as_ordinary_user(target, *command)
                assert result.returncode == 1 and result.stdout == "", result.stderr
                assert len(result.stderr.splitlines()) == 1, result.stderr
                assert f"database {target}: its folder {target.parent} is read-only" in result.stderr
        listing = as_ordinary_user(db, "list", "--format", "json")
        assert listing.returncode == 0 and "kst-31985-95" in listing.stdout, listing.stderr
        checked = as_ordinary_user(db, "check")
        assert checked.returncode == 0 and "integrity ok" in checked.stdout, checked.stderr
    finally:
        tmp_path.chmod(0o755)
        locked.chmod(0o755)
    assert digest(db) == before
    assert not (locked / "new.db").exists()


def test_a_lock_conflict_reported_at_once_is_not_called_a_long_wait(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    waited = database.describe_error(sqlite3.OperationalError("database is locked"), db)
    assert waited.startswith(f"database {db} is busy: another run held it for more than 60 s")
    conflict = database.describe_error(sqlite3.OperationalError("database table is locked"), db)
    assert conflict == f"database {db} is busy (database table is locked); try again when other runs have finished"
