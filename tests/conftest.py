from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = Path(__file__).resolve().parent / "corpus"
GOLD = Path(__file__).resolve().parent / "gold"

_CACHE_SETTING = "XDG_CACHE_HOME"  # where tracker keeps compiled rule catalogues (tracker/rules)
_user_cache: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Compiled rule catalogues of this run (every test's --rules folder makes one) go to a folder of
    its own, never into the user's ~/.cache. Set before the tests are collected, and in the
    environment, so that the processes the tests start use it too."""
    global _user_cache
    _user_cache = os.environ.get(_CACHE_SETTING)
    os.environ[_CACHE_SETTING] = tempfile.mkdtemp(prefix="tracker-tests-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ[_CACHE_SETTING], ignore_errors=True)
    if _user_cache is None:
        del os.environ[_CACHE_SETTING]
    else:
        os.environ[_CACHE_SETTING] = _user_cache


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "tracker.db"


@pytest.fixture
def seeded(db_path: Path) -> Path:
    """A database holding the five seed letters."""
    from tests.clirun import run

    assert run(db_path, "ingest", str(SEEDS)).exit_code == 0
    return db_path
