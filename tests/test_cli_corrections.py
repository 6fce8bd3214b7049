"""Manual corrections through the CLI: the register's words as input, listing, undo, and export
and import into a rebuilt database."""

from __future__ import annotations

import json
from pathlib import Path

from tests.clirun import run
from tests.conftest import SEEDS


def status_of(db: Path, item: str) -> str:
    return json.loads(run(db, "show", item, "--format", "json").stdout)["status"]


def test_register_words_are_statuses(seeded: Path) -> None:
    words = [("afgedaan", "closed"), ("Openstaand", "open"), ("deels afgedaan", "partial"), ("vervallen", "lapsed"),
             ("voldaan", "closed"), ("partial", "partial")]  # fmt: skip
    for word, status in words:
        result = run(seeded, "set-status", "kst-36600-IV-22", word, "--note", "brief", "--date", "2026-01-15")
        assert result.exit_code == 0 and f"recorded {status}" in result.stderr, word
        assert status_of(seeded, "kst-36600-IV-22") == status, word
        listed = json.loads(run(seeded, "list", "--status", word, "--format", "json").stdout)
        assert "kst-36600-IV-22" in {r["id"] for r in listed}, word


def test_a_wrong_status_word_is_one_line(seeded: Path) -> None:
    result = run(seeded, "set-status", "kst-36600-IV-22", "done", "--note", "x")
    assert result.exit_code == 2 and result.stdout == "" and len(result.stderr.splitlines()) == 1
    assert "'done' is not a status" in result.stderr and "afgedaan" in result.stderr


def test_corrections_are_listed_and_undone_latest_first(seeded: Path) -> None:
    assert run(seeded, "corrections").stdout == ""  # none yet
    run(seeded, "set-status", "kst-36600-IV-22", "closed", "--note", "verstuurd [per brief]", "--date", "2026-01-15")
    run(seeded, "set-status", "kst-36600-IV-22", "partial", "--note", "toch niet alles", "--date", "2026-02-01")
    listed = json.loads(run(seeded, "corrections", "--format", "json").stdout)
    assert [(c["item"], c["status"], c["note"]) for c in listed] == [
        ("kst-36600-IV-22", "closed", "verstuurd [per brief]"), ("kst-36600-IV-22", "partial", "toch niet alles"),
    ]  # fmt: skip
    assert "[per brief]" in run(seeded, "corrections").stdout
    assert status_of(seeded, "kst-36600-IV-22") == "partial"
    undone = run(seeded, "set-status", "kst-36600-IV-22", "--undo")
    assert undone.exit_code == 0 and "undid partial of 2026-02-01" in undone.stderr
    assert status_of(seeded, "kst-36600-IV-22") == "closed"
    assert run(seeded, "set-status", "kst-36600-IV-22", "--undo").exit_code == 0
    assert status_of(seeded, "kst-36600-IV-22") == "open"  # what the letters say
    nothing = run(seeded, "set-status", "kst-36600-IV-22", "--undo")
    assert nothing.exit_code == 1 and "has no correction to undo" in nothing.stderr
    import sqlite3

    with sqlite3.connect(seeded) as conn:  # undone, not lost
        assert conn.execute("select count(*) from undone_corrections").fetchone()[0] == 2
    wrong = run(seeded, "set-status", "kst-36600-IV-22", "closed", "--undo")
    assert wrong.exit_code == 2 and "--undo takes only the item's id" in wrong.stderr


def test_corrections_survive_a_rebuilt_database(seeded: Path, tmp_path: Path) -> None:
    run(seeded, "set-status", "kst-36600-IV-22", "afgedaan", "--note", "verstuurd", "--date", "2026-01-15")
    run(seeded, "set-status", "TZ202511-004", "openstaand", "--note", "nog niet gedeeld", "--date", "2026-01-20")
    saved = tmp_path / "corrections.json"
    assert run(seeded, "corrections", "export", "-o", str(saved)).exit_code == 0
    rebuilt = tmp_path / "rebuilt.db"
    assert run(rebuilt, "ingest", str(SEEDS / "001_d64714fac5e013c7.txt")).exit_code == 0  # one letter only
    partial_import = run(rebuilt, "corrections", "import", str(saved))
    assert partial_import.exit_code == 1 and "TZ202511-004: no such item here" in partial_import.stderr
    assert run(rebuilt, "ingest", str(SEEDS)).exit_code == 0
    full = run(rebuilt, "corrections", "import", str(saved))
    assert full.exit_code == 0 and "1 corrections added, 1 already there" in full.stderr
    assert status_of(rebuilt, "kst-36600-IV-22") == "closed" and status_of(rebuilt, "TZ202511-004") == "open"
    again = run(rebuilt, "corrections", "import", str(saved))
    assert again.exit_code == 0 and "0 corrections added, 2 already there" in again.stderr
    assert json.loads(run(rebuilt, "corrections", "export").stdout) == json.loads(saved.read_text())
    garbage = tmp_path / "garbage.json"
    garbage.write_text("not json")
    bad = run(rebuilt, "corrections", "import", str(garbage))
    assert bad.exit_code == 1 and "not a corrections export" in bad.stderr and len(bad.stderr.splitlines()) == 1
