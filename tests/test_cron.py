"""The crontab line in data/cron runs as cron would run it (sh -c, '%' unescaped): it prints only
what needs acting on, and the report runs even when a letter in the inbox cannot be read."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS

CRONTAB = ROOT / "data" / "cron" / "tracker.cron"
TRACKER = Path(sys.executable).parent / "tracker"


def cron_job(folder: Path) -> str:
    text = CRONTAB.read_text(encoding="utf-8")
    assert text.endswith("\n")  # cron ignores a last line without its newline
    lines = [
        line for line in text.splitlines() if line.strip() and not line.startswith("#") and "=" not in line.split()[0]
    ]
    assert len(lines) == 1
    fields = lines[0].split(None, 5)
    assert fields[:5] == ["0", "7", "*", "*", "1"]
    command = fields[5]
    assert "%" not in command.replace("\\%", "")  # an unescaped % would end the command for cron
    return command.replace("\\%", "%").replace("cd /srv/tracker", f"cd {folder}")


def run_job(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER")}
    env["TRACKER_DB"] = str(folder / "tracker.db")
    return subprocess.run(["sh", "-c", cron_job(folder)], capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.skipif(not TRACKER.exists() or shutil.which("date") is None, reason="needs the installed tracker")
def test_cron_line_prints_only_what_needs_acting_on(tmp_path: Path) -> None:
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "tracker").symlink_to(TRACKER)
    (tmp_path / "inbox").mkdir()
    (tmp_path / "reports").mkdir()
    report = tmp_path / "reports" / f"weekly-{date.today().isoformat()}.txt"
    shutil.copy(SEEDS / "000_eb112036e86ee879.txt", tmp_path / "inbox")

    quiet = run_job(tmp_path)  # nothing overdue, every letter read: no mail
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    assert "tracker report as of" in report.read_text(encoding="utf-8")

    (tmp_path / "inbox" / "kapot.docx").write_bytes(b"PK\x03\x04 truncated")
    (tmp_path / "inbox" / "toezegging.txt").write_text(
        "Datum 3 november 2025\n\nGeachte voorzitter,\n\nToezeggingen\n\n"
        "- De minister zegt toe de Kamer vóór de zomer een evaluatie te sturen (TZ202511-011).\n",
        encoding="utf-8",
    )
    report.unlink()
    mail = run_job(tmp_path)  # one unreadable letter, one overdue toezegging: both in the mail
    assert mail.returncode == 0
    assert mail.stderr.strip().endswith("kapot.docx: is not a valid .docx (the zip archive is damaged or truncated)")
    assert mail.stdout.startswith("tracker report as of") and "1 overdue" in mail.stdout
    assert "TZ202511-011" in mail.stdout and report.read_text(encoding="utf-8") == mail.stdout
