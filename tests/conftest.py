from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = Path(__file__).resolve().parent / "corpus"
GOLD = Path(__file__).resolve().parent / "gold"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "tracker.db"


@pytest.fixture
def seeded(db_path: Path) -> Path:
    """A database holding the five seed letters."""
    from tests.clirun import run

    assert run(db_path, "ingest", str(SEEDS)).exit_code == 0
    return db_path
