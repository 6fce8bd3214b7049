"""Dates at the command line: whole dates only, undated items and date filters, corrections dated
today or earlier, deadline phrases shown even when they give no date."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.clirun import run, runner
from tests.conftest import SEEDS
from tracker.cli import app


@pytest.mark.parametrize("partial", ["2026", "april", "15", "maandag", "november 2025"])
def test_partial_dates_are_refused(db_path: Path, partial: str) -> None:
    result = run(db_path, "report", "--as-of", partial)
    assert result.exit_code == 2 and result.stdout == ""
    assert "is not a full date; give day, month and year" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_whole_dates_are_read_in_every_form(seeded: Path) -> None:
    for whole in ("2026-11-22", "22 november 2026", "22-11-2026"):
        result = run(seeded, "report", "--as-of", whole)
        assert result.exit_code == 0 and "as of 2026-11-22" in result.stdout, whole


def test_help_says_dates_need_day_month_and_year() -> None:
    text = runner.invoke(app, ["report", "--help"], env={"COLUMNS": "200"}).stdout
    assert "(day, month and year)" in text and "DATE" in text


def test_date_filters_leave_undated_items_out(seeded: Path, tmp_path: Path) -> None:
    undated = tmp_path / "ongedateerd.txt"
    undated.write_text(
        "Geachte voorzitter,\n\nHierbij informeer ik u over de motie van het lid Jansen (Kamerstuk 36 100, nr. 5). "
        "Om uitvoering aan deze motie te kunnen geven zal het kabinet een verkenning starten.\n",
        encoding="utf-8",
    )
    assert run(seeded, "ingest", str(undated)).exit_code == 0
    everything = {r["id"] for r in json.loads(run(seeded, "list", "--format", "json").stdout)}
    assert "kst-36100-5" in everything
    since = json.loads(run(seeded, "list", "--since", "2000-01-01", "--format", "json").stdout)
    until = json.loads(run(seeded, "list", "--until", "2099-12-31", "--format", "json").stdout)
    assert "kst-36100-5" not in {r["id"] for r in since} | {r["id"] for r in until}
    assert {r["id"] for r in since} == everything - {"kst-36100-5"}
    assert "undated items are left out" in runner.invoke(app, ["list", "--help"], env={"COLUMNS": "200"}).stdout


def test_corrections_cannot_be_dated_in_the_future(seeded: Path) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    result = run(seeded, "set-status", "kst-36600-IV-22", "closed", "--note", "later", "--date", tomorrow)
    assert result.exit_code == 2 and "is in the future" in result.stderr and result.stdout == ""
    shown = json.loads(run(seeded, "show", "kst-36600-IV-22", "--format", "json").stdout)
    assert shown["status"] == "open" and not any(e["source"] == "manual" for e in shown["timeline"])
    today = run(seeded, "set-status", "kst-36600-IV-22", "closed", "--note", "verstuurd")
    assert today.exit_code == 0
    listed = {r["id"]: r["status"] for r in json.loads(run(seeded, "list", "--format", "json").stdout)}
    shown = json.loads(run(seeded, "show", "kst-36600-IV-22", "--format", "json").stdout)
    assert listed["kst-36600-IV-22"] == shown["status"] == "closed"


def test_deadline_phrase_without_a_date_is_shown_as_such(db_path: Path, tmp_path: Path) -> None:
    letter = tmp_path / "brief.txt"
    letter.write_text(
        "Datum 3 november 2025\n\nGeachte voorzitter,\n\nToezeggingen\n\n"
        "- De minister zegt toe de Kamer in het eerste kwartaal te informeren over de voortgang (TZ202511-010).\n"
        "- De minister zegt toe de Kamer vóór de zomer een evaluatie te sturen (TZ202511-011).\n",
        encoding="utf-8",
    )
    assert run(db_path, "ingest", str(letter)).exit_code == 0
    rows = {r["id"]: r for r in json.loads(run(db_path, "list", "--format", "json").stdout)}
    assert rows["TZ202511-010"]["deadline"] is None
    assert rows["TZ202511-010"]["deadline_phrase"] == "in het eerste kwartaal"
    assert (
        rows["TZ202511-011"]["deadline"] == "2026-07-01" and rows["TZ202511-011"]["deadline_phrase"] == "vóór de zomer"
    )
    shown = run(db_path, "show", "TZ202511-010")
    assert "in het eerste kwartaal" in shown.stdout and "no date" in shown.stdout


def test_partly_done_items_are_open_overdue_and_stale(db_path: Path, tmp_path: Path) -> None:
    letter = tmp_path / "brief.txt"
    letter.write_text(
        "Datum 3 november 2025\n\nGeachte voorzitter,\n\nToezeggingen\n\n"
        "- De minister zegt toe de Kamer vóór de zomer een evaluatie te sturen (TZ202511-011).\n",
        encoding="utf-8",
    )
    assert run(db_path, "ingest", str(letter)).exit_code == 0
    assert (
        run(db_path, "set-status", "TZ202511-011", "partial", "--note", "deel 1", "--date", "2025-12-01").exit_code == 0
    )
    report = json.loads(run(db_path, "report", "--as-of", "2026-11-22", "--format", "json").stdout)
    assert report["totals"]["partial"] == 1 and report["totals"]["open"] == 0
    assert [r["id"] for r in report["overdue"]] == ["TZ202511-011"]
    assert [r["id"] for r in report["stale"]] == ["TZ202511-011"]
    assert [r["id"] for r in report["open"]] == ["TZ202511-011"]
    assert run(db_path, "report", "--as-of", "2026-11-22", "--fail-on", "open").exit_code == 3
    assert run(db_path, "report", "--as-of", "2026-11-22", "--fail-on", "overdue").exit_code == 3
    overdue = json.loads(run(db_path, "list", "--overdue", "--as-of", "2026-11-22", "--format", "json").stdout)
    assert [r["id"] for r in overdue] == ["TZ202511-011"] and overdue[0]["overdue"] is True
    assert run(db_path, "set-status", "TZ202511-011", "closed", "--note", "deel 2").exit_code == 0
    assert run(db_path, "report", "--as-of", date.today().isoformat(), "--fail-on", "open").exit_code == 0


def test_show_names_the_file_of_each_letter(seeded: Path) -> None:
    shown = run(seeded, "show", "kst-31985-95")
    assert shown.exit_code == 0
    assert f"letter: 2025D49381 (2025-12-01) {SEEDS / '000_eb112036e86ee879.txt'}" in shown.stdout
