"""The command line as a new user meets it: set-up, help, one-line errors, output files, `check`.
Every case runs through the CLI with stdout and stderr apart."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest

from tests.clirun import run, runner
from tests.conftest import ROOT, SEEDS
from tracker.cli import app


def one_error_line(result: object) -> str:
    lines = result.stderr.splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, result.stderr  # type: ignore[attr-defined]
    assert lines[0].startswith("Error: ") and "Traceback" not in lines[0]
    return lines[0]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_demo_installs_only_what_tracker_needs() -> None:
    plan = subprocess.run(
        ["make", "-n", "-B", "demo"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    installs = [line for line in plan if "pip install" in line]
    assert installs and not any("--group" in line or "--upgrade pip" in line for line in installs)
    assert any("activate" in line for line in plan)  # says how to get `tracker` on the PATH
    dev = subprocess.run(["make", "-n", "-B", "test"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "--group dev" in dev


def test_shell_completion_is_on() -> None:
    # the shell named is the one served, whatever shell (if any) runs the tests
    for shell, marker in (("bash", "_TRACKER_COMPLETE=complete_bash"), ("zsh", "_TRACKER_COMPLETE=complete_zsh")):
        script = runner.invoke(app, ["--show-completion", shell], prog_name="tracker")
        assert script.exit_code == 0 and marker in script.stdout, script.output
    unknown = runner.invoke(app, ["--show-completion", "tcsh"], prog_name="tracker")
    assert unknown.exit_code == 2 and "tcsh has no completion" in one_error_line(unknown)


def test_completion_without_a_shell_named_uses_the_detected_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tracker.usage._get_shell_name", lambda: "fish")
    fish = runner.invoke(app, ["--show-completion"], prog_name="tracker")
    assert fish.exit_code == 0 and "complete --command tracker" in fish.stdout
    monkeypatch.setattr("tracker.usage._get_shell_name", lambda: "sh")  # a script, cron
    script = runner.invoke(app, ["--show-completion", "--db", "x.db"], prog_name="tracker")
    assert script.exit_code == 2 and "sh has no completion; name the shell: --show-completion bash|" in one_error_line(script)
    env = {"_TRACKER_COMPLETE": "complete_bash", "COMP_WORDS": "tracker list --kind ", "COMP_CWORD": "3"}
    completed = runner.invoke(app, [], prog_name="tracker", env=env)
    assert completed.stdout.split() == ["toezegging", "motie"]


def test_usage_errors_are_one_short_line(seeded: Path) -> None:
    wrong = run(seeded, "list", "--kind", "brief")
    assert wrong.exit_code == 2 and wrong.stdout == ""
    line = one_error_line(wrong)
    assert "'brief' is not one of" in line and "Value error" not in line and "tracker list --help" in line
    typo = run(seeded, "lst")
    assert typo.exit_code == 2 and "Did you mean 'list'?" in one_error_line(typo)
    for value, said in (("0", "must be 1 or more"), ("x", "must be a whole number")):
        number = run(seeded, "report", "--stale-days", value)
        assert number.exit_code == 2 and f"Invalid value for '--stale-days': {said}" in one_error_line(number)
    missing = runner.invoke(app, ["ingest"])
    assert missing.exit_code == 2 and "Missing argument 'PATHS...'" in one_error_line(missing)


def test_help_shows_kinds_of_values_not_python_types() -> None:
    for args in ([], ["ingest"], ["list"], ["report"], ["set-status"]):
        text = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "100"}).stdout
        for python_type in ("<bool>", "<str>", "<list[", "<Path>", "<int", "{PATHS"):
            assert python_type not in text, (args, python_type)
    assert "PATHS..." in runner.invoke(app, ["ingest", "--help"]).stdout
    assert "[toezegging|motie]" in runner.invoke(app, ["list", "--help"], env={"COLUMNS": "120"}).stdout


def test_report_output_mistakes_get_one_line(seeded: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    to_folder = run(seeded, "report", "-o", str(folder))
    assert to_folder.exit_code == 1 and "is a folder; give a file name" in one_error_line(to_folder)
    unwritable = run(seeded, "report", "-o", "/proc/r.txt")
    assert unwritable.exit_code == 1 and "cannot write /proc/r.txt" in one_error_line(unwritable)
    empty = run(seeded, "export", "-o", "")
    assert empty.exit_code == 2 and "needs a file name" in one_error_line(empty)
    assert list(folder.iterdir()) == []


def test_dash_output_is_stdout(seeded: Path, tmp_path: Path) -> None:
    os.chdir(tmp_path)
    result = run(seeded, "report", "-o", "-", "--as-of", "2026-11-22")
    assert result.exit_code == 0 and "11 items" in result.stdout
    exported = run(seeded, "export", "--output", "-")
    assert exported.exit_code == 0 and "kst-31985-95" in exported.stdout
    assert not (tmp_path / "-").exists()


def test_output_files_get_usual_permissions(seeded: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        new = tmp_path / "report.txt"
        assert run(seeded, "report", "-o", str(new)).exit_code == 0
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        shared = tmp_path / "shared.csv"
        shared.write_text("old")
        shared.chmod(0o664)
        assert run(seeded, "export", "-o", str(shared)).exit_code == 0
        assert stat.S_IMODE(shared.stat().st_mode) == 0o664 and "kst-31985-95" in shared.read_text()
    finally:
        os.umask(old)


def test_rules_folder_mistakes_get_one_line(tmp_path: Path) -> None:
    letter = str(SEEDS / "000_eb112036e86ee879.txt")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "items.yaml").write_text("moties: []\ntoezeggingen: []\n")
    lacking = runner.invoke(app, ["--rules", str(rules), "extract", letter])
    assert lacking.exit_code == 1 and lacking.stdout == ""
    assert "items.yaml lacks the key 'motie_anaphor'" in one_error_line(lacking)
    a_file = runner.invoke(app, ["--rules", letter, "extract", letter])
    assert a_file.exit_code == 2 and "is a file; give the folder" in one_error_line(a_file)
    absent = runner.invoke(app, ["--rules", str(tmp_path / "nope"), "extract", letter])
    assert absent.exit_code == 2 and "does not exist" in one_error_line(absent)


def test_extract_of_a_missing_file_prints_nothing_on_stdout(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path / "missing.txt")])
    assert result.exit_code == 1 and result.stdout == ""
    assert one_error_line(result).endswith("missing.txt: no such file")


def test_damaged_pdf_error_reads_as_a_sentence(tmp_path: Path) -> None:
    damaged = tmp_path / "brief.pdf"
    damaged.write_bytes(b"%PDF-1.4\n" + b"rommel " * 200)
    line = one_error_line(runner.invoke(app, ["extract", str(damaged)]))
    assert line.endswith("brief.pdf: is not a readable PDF (data format error: damaged, truncated or not a PDF)")


def test_check_reports_database_schema_and_rules(seeded: Path, tmp_path: Path) -> None:
    good = run(seeded, "check")
    assert good.exit_code == 0 and good.stderr == ""
    assert "integrity ok" in good.stdout and "schema up to date" in good.stdout and "5 letters, 11 items" in good.stdout
    assert "every example OK" in good.stdout
    missing = run(tmp_path / "nope.db", "check")
    assert missing.exit_code == 1 and "does not exist" in missing.stderr
    assert not (tmp_path / "nope.db").exists()
    damaged = tmp_path / "damaged.db"
    data = bytearray(seeded.read_bytes())
    for page in range(1, len(data) // 4096):
        data[page * 4096 : page * 4096 + 8] = b"\xff" * 8  # every page header after the first page
    damaged.write_bytes(bytes(data))
    broken = run(damaged, "check")
    assert broken.exit_code == 1 and "is damaged" in one_error_line(broken)
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "deadlines.yaml").write_text(
        "deadlines:\n- name: bad\n  pattern: 'voor de zomer'\n  examples: ['na de zomer']\n", encoding="utf-8"
    )
    wrong_rule = runner.invoke(app, ["--db", str(seeded), "--rules", str(rules), "check"])
    assert wrong_rule.exit_code == 1 and "deadlines/bad: example does not match" in wrong_rule.stderr


def test_check_finds_a_full_text_index_out_of_step_and_rebuild_search_mends_it(seeded: Path) -> None:
    assert "full-text index ok" in run(seeded, "check").stdout
    with sqlite3.connect(seeded) as conn:  # another SQLite client renames an item: the index still has the old name
        conn.execute("update items set name = 'Zwaanswijk' where id = 'kst-31985-95'")
    conn.close()
    stale = run(seeded, "check")
    assert stale.exit_code == 1
    assert "full-text index of database" in one_error_line(stale) and "--rebuild-search" in stale.stderr
    assert "Zwaanswijk" not in run(seeded, "list", "--search", "Zwaanswijk").stdout
    mended = run(seeded, "check", "--rebuild-search")
    assert mended.exit_code == 0 and "full-text index ok" in mended.stdout
    assert "Zwaanswijk" in run(seeded, "list", "--search", "Zwaanswijk").stdout


def test_folder_ingest_passes_over_hidden_folders_and_other_files(db_path: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / ".git").mkdir(parents=True)
    (inbox / ".Trash").mkdir()
    (inbox / "sub").mkdir()
    letter = (SEEDS / "000_eb112036e86ee879.txt").read_text(encoding="utf-8")
    (inbox / "brief.txt").write_text(letter, encoding="utf-8")
    (inbox / ".git" / "COMMIT_EDITMSG.txt").write_text(letter, encoding="utf-8")
    (inbox / ".Trash" / "oud.txt").write_text(letter, encoding="utf-8")
    (inbox / "README").write_text("geen brief")
    (inbox / "sub" / "begroting.xlsx").write_bytes(b"PK\x03\x04")
    (inbox / "sub" / "oud.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (inbox / "sub" / "notitie.rtf").write_text("{\\rtf1 brief}")
    result = run(db_path, "ingest", str(inbox))
    assert result.exit_code == 1 and result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 2
    assert any(e.endswith("oud.doc: Word 97-2003 files are not supported; save the letter as .docx") for e in errors)
    assert any("notitie.rtf: RTF files are not supported" in e for e in errors)
    assert "3 files: 1 ingested, 0 unchanged, 2 failed; 2 other files passed over (not letters)" in result.stderr
    assert ".git" not in result.stderr and ".Trash" not in result.stderr
