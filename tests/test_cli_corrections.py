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


def listed_ids(db: Path) -> dict[str, dict[str, object]]:
    return {r["id"]: r for r in json.loads(run(db, "list", "--format", "json").stdout)}


def test_links_survive_a_rebuilt_database(seeded: Path, tmp_path: Path) -> None:
    # the motie printed as "Kamerstuk 2150-02, nr. 3258" is, by hand, the motie Hammelburg of 21 501-02
    linked = run(seeded, "link", "kst-2150-02-3258", "kst-21501-02-2531", "--note", "zelfde motie")
    assert linked.exit_code == 0 and linked.stdout == ""
    run(seeded, "link", "kst-36200-129", "kst-35925-V-97", "--note", "vergissing")
    run(seeded, "link", "kst-36200-129", "kst-35925-V-97", "--undo")
    before = listed_ids(seeded)
    assert "kst-2150-02-3258" not in before and before["kst-21501-02-2531"]["letters"] == 2
    saved = tmp_path / "corrections.json"
    written = run(seeded, "corrections", "export", "-o", str(saved))
    assert written.exit_code == 0 and "0 corrections and 2 links written" in written.stderr
    exported = json.loads(saved.read_text())["links"]
    assert [(x["from_id"], x["to_id"], x["note"], x["undone_at"] is None) for x in exported] == [
        ("kst-2150-02-3258", "kst-21501-02-2531", "zelfde motie", True),
        ("kst-36200-129", "kst-35925-V-97", "vergissing", False),
    ]
    # rebuilt from one letter first: the link waits for its items and counts once they are ingested
    rebuilt = tmp_path / "rebuilt.db"
    assert run(rebuilt, "ingest", str(SEEDS / "001_d64714fac5e013c7.txt")).exit_code == 0
    early = run(rebuilt, "corrections", "import", str(saved))
    assert early.exit_code == 0 and early.stdout == ""
    assert "2 links added" in early.stderr and "wait for their items' letters" in early.stderr
    assert run(rebuilt, "ingest", str(SEEDS)).exit_code == 0
    assert listed_ids(rebuilt) == before
    shown = json.loads(run(rebuilt, "show", "kst-2150-02-3258", "--format", "json").stdout)
    assert shown["id"] == "kst-21501-02-2531" and shown["joined"] == ["kst-2150-02-3258"]
    assert [(x["author"], x["note"]) for x in shown["links"]] == [(exported[0]["author"], "zelfde motie")]
    again = run(rebuilt, "corrections", "import", str(saved))
    assert again.exit_code == 0 and "0 links added, 0 undone, 2 already there" in again.stderr
    assert json.loads(run(rebuilt, "corrections", "export").stdout) == json.loads(saved.read_text())


def test_an_export_without_links_still_imports(seeded: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text(json.dumps([{"item": "kst-36600-IV-22", "key": "kst-36600-IV-22", "date": "2026-01-15",
                                "status": "closed", "note": "verstuurd", "author": "a", "recorded_at": "2026-01-15T10:00:00+00:00"}]))  # fmt: skip
    result = run(seeded, "corrections", "import", str(old))
    assert result.exit_code == 0 and "1 corrections added" in result.stderr
    assert status_of(seeded, "kst-36600-IV-22") == "closed"


def test_set_status_on_a_linked_id_corrects_the_item_it_joined(seeded: Path) -> None:
    run(seeded, "link", "kst-2150-02-3258", "kst-21501-02-2531", "--note", "zelfde motie")
    result = run(
        seeded, "set-status", "kst-2150-02-3258", "open", "--note", "nog niet uitgevoerd", "--date", "2026-01-10"
    )
    assert result.exit_code == 0 and result.stdout == ""
    assert "kst-2150-02-3258 is joined to kst-21501-02-2531; kst-21501-02-2531: recorded open" in result.stderr
    assert status_of(seeded, "kst-21501-02-2531") == "open"
    assert [c["item"] for c in json.loads(run(seeded, "corrections", "--format", "json").stdout)] == [
        "kst-21501-02-2531"
    ]
    undone = run(seeded, "set-status", "kst-2150-02-3258", "--undo")
    assert undone.exit_code == 0 and "is joined to kst-21501-02-2531" in undone.stderr
    assert status_of(seeded, "kst-21501-02-2531") == "closed"
