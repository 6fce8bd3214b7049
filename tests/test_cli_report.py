"""What the report says: ministries that are ministries, typo warnings, and the HTML page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import CORPUS, SEEDS
from tracker.cli import app

runner = CliRunner()


def run(db: Path, *args: str) -> object:
    return runner.invoke(app, ["--db", str(db), *args])


@pytest.fixture
def seeded(db_path: Path) -> Path:
    assert run(db_path, "ingest", str(SEEDS)).exit_code == 0
    return db_path


def test_a_ministry_name_is_a_ministry(db_path: Path) -> None:
    letter = CORPUS / "121_ek-rappel-ienw-T02444-openstaand.txt"
    assert "De minister van Infrastructuur en Milieu zegt de Kamer" in " ".join(letter.read_text().split())
    assert run(db_path, "ingest", str(letter)).exit_code == 0
    report = json.loads(run(db_path, "report", "--format", "json", "--as-of", "2026-11-22").stdout)
    ministries = {row["ministry"] for row in report["by_ministry"]}
    assert "Infrastructuur en Milieu" in ministries
    assert not any("zegt" in m for m in ministries)
