"""Running the command line in tests: stdout and stderr apart, a database per test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from tracker.cli import app

runner = CliRunner()


def run(db: Path, *args: str) -> Any:
    """`tracker --db DB ARGS...`; the result has exit_code, stdout and stderr."""
    return runner.invoke(app, ["--db", str(db), *args])
