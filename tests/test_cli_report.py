"""What the report says: ministries that are ministries, typo warnings, and the HTML page."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.clirun import run
from tests.conftest import CORPUS, SEEDS


def test_a_ministry_name_is_a_ministry(db_path: Path) -> None:
    letter = CORPUS / "121_ek-rappel-ienw-T02444-openstaand.txt"
    assert "De minister van Infrastructuur en Milieu zegt de Kamer" in " ".join(letter.read_text().split())
    assert run(db_path, "ingest", str(letter)).exit_code == 0
    report = json.loads(run(db_path, "report", "--format", "json", "--as-of", "2026-11-22").stdout)
    ministries = {row["ministry"] for row in report["by_ministry"]}
    assert "Infrastructuur en Milieu" in ministries
    assert not any("zegt" in m for m in ministries)


def test_typo_warnings_are_shown_and_the_misprinted_dossier_is_found(db_path: Path) -> None:
    ingest = run(db_path, "ingest", str(SEEDS))
    assert ingest.exit_code == 0 and ingest.stdout == ""
    assert (
        "000_eb112036e86ee879.txt: warning: dossier '2150-02' has four digits; it looks like no dossier"
        in ingest.stderr
    )
    report = run(db_path, "report", "--as-of", "2026-11-22")
    assert "Warnings from the letters (kept as printed)" in report.stdout
    assert "dossier '2150-02' has four digits" in " ".join(report.stdout.split())
    data = json.loads(run(db_path, "report", "--as-of", "2026-11-22", "--format", "json").stdout)
    assert {"document": "2025D49381", "date": "2025-12-01",
            "warning": "dossier '2150-02' has four digits; it looks like no dossier (kept as printed)"} in data["warnings"]  # fmt: skip
    found = json.loads(run(db_path, "list", "--dossier", "21501-02", "--format", "json").stdout)
    de_korte = next(r for r in found if r["id"] == "kst-2150-02-3258")
    assert de_korte["dossier"] == "2150-02" and de_korte["name"] == "De Korte"  # kept as printed
    assert "kst-2150-02-3258" not in {
        r["id"] for r in json.loads(run(db_path, "list", "--dossier", "36600-IV", "-f", "json").stdout)
    }


def test_html_report_links_marks_and_explains(seeded: Path, tmp_path: Path) -> None:
    letter = tmp_path / "toezegging.txt"
    letter.write_text(
        "Datum 3 november 2025\n\nGeachte voorzitter,\n\nToezeggingen\n\n"
        "- De minister zegt toe de Kamer vóór de zomer een evaluatie te sturen (TZ202511-011).\n",
        encoding="utf-8",
    )
    assert run(seeded, "ingest", str(letter)).exit_code == 0
    out = tmp_path / "report.html"
    result = run(seeded, "report", "--as-of", "2026-11-22", "--since", "2025-11-15", "-f", "html", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    page = out.read_text(encoding="utf-8")
    assert '<a href="https://zoek.officielebekendmakingen.nl/kst-31985-95.html">kst-31985-95</a>' in page
    overdue = re.search(r'<tr class="overdue">(.*?)</tr>', page)
    assert overdue and "TZ202511-011" in overdue.group(1) and "2026-07-01" in overdue.group(1)
    closed = re.findall(r'<tr class="closed">(.*?)</tr>', page)
    assert any("kst-31985-95" in row for row in closed)  # closed by the letter of 2025-12-01
    assert "Status as of <strong>2026-11-22</strong>" in page
    assert "<dt>overdue</dt>" in page and "<dt>stale</dt>" in page and "180 days before 2026-11-22" in page
    assert "@page { size: A4" in page and "thead { display: table-header-group; }" in page
    assert "<h2>Open items</h2>" in page
