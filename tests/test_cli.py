"""The command line as scripts and people use it: stdout and stderr apart, exit codes, real letters."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.clirun import run, runner
from tests.conftest import SEEDS
from tracker.cli import app


def counts(db: Path) -> dict[str, int]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return {
            t: conn.execute(f'select count(*) from "{t}"').fetchone()[0]
            for t in ("documents", "items", "events", "references")
        }


def test_extract_json_shape_for_one_and_several_files() -> None:
    result = runner.invoke(app, ["extract", str(SEEDS / "000_eb112036e86ee879.txt"), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["document"]["number"] == "2025D49381" and data["document"]["date"] == "2025-12-01"
    grinwis = next(i for i in data["items"] if i["id"] == "kst-31985-95")
    assert grinwis["status"] == "closed" and grinwis["name"] == "Grinwis c.s." and grinwis["dossier"] == "31985"
    tz = next(i for i in data["items"] if i["id"] == "TZ202511-004")
    assert "beslisnota" in tz["text"] and tz["kind"] == "toezegging"
    several = json.loads(
        runner.invoke(
            app, ["extract", str(SEEDS / "000_eb112036e86ee879.txt"), str(SEEDS / "004_869d32280b3c1c42.txt")]
        ).stdout
    )
    assert isinstance(several, list) and len(several) == 2 and several[1]["items"] == []


def test_extract_explain_names_rule_footnote_and_phrase() -> None:
    result = runner.invoke(app, ["extract", str(SEEDS / "000_eb112036e86ee879.txt"), "--explain"])
    grinwis = next(i for i in json.loads(result.stdout)["items"] if i["id"] == "kst-31985-95")
    assert "motie_named" in grinwis["explain"]["found_by"]
    assert "footnote 1" in grinwis["explain"]["linked_by"]
    assert grinwis["explain"]["status_rule"] == "afgedaan_beschouwd"


def test_extract_table_keeps_bracketed_document_text(tmp_path: Path) -> None:
    letter = tmp_path / "brief.txt"
    letter.write_text(
        "[overzicht] Daarmee beantwoord ik tevens de motie van het lid De Lange [bijlage].\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["extract", str(letter), "--format", "table"])
    assert result.exit_code == 0
    assert "[bijlage]" in result.stdout and "[overzicht]" in result.stdout


def test_ingest_twice_changes_nothing(db_path: Path) -> None:
    first = run(db_path, "ingest", str(SEEDS))
    assert first.exit_code == 0, first.stderr
    assert "5 ingested" in first.stderr
    before = counts(db_path)
    assert before["documents"] == 5 and before["items"] == 11
    second = run(db_path, "ingest", str(SEEDS))
    assert second.exit_code == 0 and "0 ingested, 5 unchanged" in second.stderr
    assert counts(db_path) == before


def test_bad_files_get_one_line_errors_and_the_rest_is_ingested(db_path: Path, tmp_path: Path) -> None:
    (tmp_path / "leeg.txt").write_text("")
    (tmp_path / "rommel.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "brief.docx").write_bytes(b"PK\x03\x04 truncated")
    good = tmp_path / "goed.txt"
    good.write_text((SEEDS / "000_eb112036e86ee879.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = run(db_path, "ingest", str(tmp_path / "leeg.txt"), str(tmp_path / "rommel.txt"), str(tmp_path / "brief.docx"),
                 str(tmp_path / "missing.txt"), str(good))  # fmt: skip
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 4
    assert any("leeg.txt: is empty" in e for e in errors)
    assert any("rommel.txt: is binary data" in e for e in errors)
    assert any("brief.docx: is not a valid .docx (the zip archive is damaged or truncated)" in e for e in errors)
    assert any("missing.txt: no such file" in e for e in errors)
    assert "Traceback" not in result.stderr
    assert counts(db_path)["documents"] == 1


def test_list_filters_and_formats(db_path: Path) -> None:
    run(db_path, "ingest", str(SEEDS))
    rows = json.loads(run(db_path, "list", "--format", "json").stdout)
    assert [r["id"] for r in rows] == sorted([r["id"] for r in rows], key=lambda i: [r["id"] for r in rows].index(i))
    open_rows = json.loads(run(db_path, "list", "--status", "open", "--format", "json").stdout)
    assert {r["id"] for r in open_rows} == {
        "kst-21501-02-2903", "kst-21501-0-2871", "kst-36600-IV-22", "kst-21501-02-2643",
        "kst-35925-V-97", "kst-21501-02-2531", "kst-36200-129",
    }  # fmt: skip
    closed = json.loads(run(db_path, "list", "--status", "closed", "--kind", "toezegging", "--format", "json").stdout)
    assert {r["id"] for r in closed} == {"TZ202511-004", "TZ202511-005"}
    # the dossier as typed, and the letters that misprinted it (kept as printed)
    dossiers = {r["dossier"] for r in json.loads(run(db_path, "list", "--dossier", "21 501-02", "-f", "json").stdout)}
    assert dossiers == {"21501-02", "2150-02", "21501-0"}
    assert json.loads(run(db_path, "list", "--search", "nothing-like-this", "--format", "json").stdout) == []
    found = json.loads(run(db_path, "list", "--search", "c.s.", "--format", "json").stdout)
    assert "kst-31985-95" in {r["id"] for r in found}
    assert (
        json.loads(run(db_path, "list", "--since", "2025-01-01", "--format", "json").stdout)[0]["last_date"]
        >= "2025-01-01"
    )


def test_eerste_kamer_stukken_numbered_with_letters_sort_after_numbers(db_path: Path, tmp_path: Path) -> None:
    letter = tmp_path / "ek.txt"
    letter.write_text(
        "Datum 3 maart 2025\n\nGeachte voorzitter,\n\nMet deze brief geef ik uitvoering aan de motie-Van Apeldoorn "
        "(EK 36 600 B, A) en aan de motie Van Dijk (Kamerstuk 36 600 B, nr. 4). Daarmee beschouw ik beide moties "
        "als afgedaan.\n",
        encoding="utf-8",
    )
    assert run(db_path, "ingest", str(letter)).exit_code == 0
    rows = json.loads(run(db_path, "list", "--format", "json").stdout)
    assert [r["id"] for r in rows] == ["kst-36600-B-4", "kst-36600-B-A"]


def test_list_on_empty_database_prints_empty_json(db_path: Path) -> None:
    run(db_path, "ingest", str(SEEDS / "004_869d32280b3c1c42.txt"))
    result = run(db_path, "list", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_usage_and_user_errors(db_path: Path) -> None:
    missing = run(db_path, "list")
    assert missing.exit_code == 1 and "does not exist" in missing.stderr and missing.stdout == ""
    run(db_path, "ingest", str(SEEDS / "000_eb112036e86ee879.txt"))
    bad_date = run(db_path, "list", "--since", "gisteren-ish")
    assert bad_date.exit_code == 2 and "is not a date" in bad_date.stderr
    unknown = run(db_path, "show", "TZ209901-001")
    assert unknown.exit_code == 1 and "no item" in unknown.stderr
    corrupt = db_path.parent / "corrupt.db"
    corrupt.write_bytes(b"not a database at all" * 100)
    broken = runner.invoke(app, ["--db", str(corrupt), "list"])
    assert (
        broken.exit_code == 1
        and broken.stderr
        == f"Error: {corrupt} is not a tracker database (not an SQLite file); pass --db with a tracker database\n"
    )


def test_show_timeline(db_path: Path) -> None:
    run(db_path, "ingest", str(SEEDS))
    result = run(db_path, "show", "kst-36600-IV-22", "--format", "json")
    data = json.loads(result.stdout)
    assert data["status"] == "open"
    assert any("Om uitvoering aan deze motie" in e["quote"] for e in data["timeline"])
    table = run(db_path, "show", "TZ202511-005")
    assert "2025D49381" in table.stdout and "closed" in table.stdout


def test_report_formats_and_fail_on(db_path: Path, tmp_path: Path) -> None:
    run(db_path, "ingest", str(SEEDS))
    text = run(db_path, "report", "--as-of", "2026-11-22")
    assert text.exit_code == 0
    assert "11 items, 7 open, 4 closed" in text.stdout and "\x1b[" not in text.stdout
    md = run(db_path, "report", "--as-of", "2026-11-22", "--format", "markdown").stdout
    assert md.startswith("# tracker report as of 2026-11-22") and "| kst-36600-IV-22 |" in md
    html_out = tmp_path / "out" / "report.html"
    result = run(db_path, "report", "--as-of", "2026-11-22", "--format", "html", "--output", str(html_out))
    assert result.exit_code == 0 and result.stdout == "" and "<h2>Open items</h2>" in html_out.read_text()
    data = json.loads(
        run(db_path, "report", "--as-of", "2026-11-22", "--format", "json", "--since", "2025-01-01").stdout
    )
    assert data["totals"]["open"] == 7
    # --since goes by arrival in the store: every letter arrived just now, whatever its date
    changes = {c["id"]: c["change"] for c in data["changes"]}
    assert len(changes) == 11 and len(data["letters"]) == 5
    assert {i for i, change in changes.items() if change == "closed"} == {
        "kst-31985-95", "kst-2150-02-3258", "TZ202511-004", "TZ202511-005",
    }  # fmt: skip
    assert run(db_path, "report", "--fail-on", "open").exit_code == 3
    assert run(db_path, "report", "--fail-on", "overdue", "--as-of", "2026-11-22").exit_code == 0


def test_report_is_reproducible_with_as_of(db_path: Path) -> None:
    run(db_path, "ingest", str(SEEDS))
    first = run(db_path, "report", "--as-of", "2025-06-01").stdout
    assert first == run(db_path, "report", "--as-of", "2025-06-01").stdout
    assert "tracker report as of 2025-06-01: 7 items" in first  # letters dated later are not yet known


def test_export_csv_for_dutch_excel(db_path: Path, tmp_path: Path) -> None:
    letter = tmp_path / "brief.txt"
    letter.write_text(
        "Datum 3 maart 2026\n\nDaarmee beantwoord ik tevens de motie van het lid Öztürk (Kamerstuk 36 600 VII, nr. 12).\n\n"
        "Hiermee beschouw ik de motie als uitgevoerd.\n",
        encoding="utf-8",
    )
    run(db_path, "ingest", str(letter))
    out = tmp_path / "export.csv"
    assert run(db_path, "export", "--excel", "--output", str(out)).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0]["id"] == "kst-36600-VII-12" and rows[0]["name"] == "Öztürk"
    assert rows[0]["register_status"] == "Afgedaan"
    assert rows[0]["link"] == "https://zoek.officielebekendmakingen.nl/kst-36600-VII-12.html"


def test_export_neutralises_formulas(db_path: Path, tmp_path: Path) -> None:
    letter = tmp_path / "brief.txt"
    letter.write_text(
        'Datum 3 maart 2026\n\nDe staatssecretaris zegt toe =HYPERLINK("x") te sturen. TZ202603-001.\n',
        encoding="utf-8",
    )
    run(db_path, "ingest", str(letter))
    rows = list(csv.DictReader(io.StringIO(run(db_path, "export").stdout.lstrip("\ufeff"))))
    cells = [v for row in rows for v in row.values()]
    assert not any(v.startswith(("=", "+", "-", "@")) for v in cells)


def test_manual_correction_survives_reingest(db_path: Path) -> None:
    run(db_path, "ingest", str(SEEDS))
    result = run(
        db_path,
        "set-status",
        "kst-36600-IV-22",
        "closed",
        "--note",
        "Strategie verstuurd [per brief]",
        "--date",
        "2026-01-15",
    )
    assert result.exit_code == 0
    run(db_path, "ingest", str(SEEDS))
    data = json.loads(run(db_path, "show", "kst-36600-IV-22", "--format", "json").stdout)
    assert data["status"] == "closed"
    assert [e["source"] for e in data["timeline"]].count("manual") == 1
    assert any(e["status"] == "open" for e in data["timeline"])  # the history stays
    assert "[per brief]" in run(db_path, "show", "kst-36600-IV-22").stdout


def test_every_command_has_help() -> None:
    for command in ("extract", "ingest", "list", "show", "report", "export", "set-status", "rules"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and len(result.stdout) > 100, command
