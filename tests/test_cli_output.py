"""Output that fits: tables at the terminal's width, plain lines into a pipe, chosen columns, TSV and
NDJSON, and the Excel preset. Terminal cases run `python -m tracker` on a real pseudo-terminal of 80
columns; stdout (the terminal) and stderr (a pipe) are read apart."""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import pty
import re
import struct
import sys
import termios
from pathlib import Path

from tests.clirun import run

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def in_terminal(*args: str, columns: int = 80) -> tuple[str, str, int]:
    """Run tracker with stdout on a terminal `columns` wide; (stdout, stderr, exit code)."""
    err_read, err_write = os.pipe()
    pid, fd = pty.fork()
    if pid == 0:  # the child: its stdin/stdout are the terminal
        os.dup2(err_write, 2)
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
        os.execve(sys.executable, [sys.executable, "-m", "tracker", *args], env)
    os.close(err_write)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    with os.fdopen(err_read, "rb") as err:
        stderr = err.read().decode()
    return ANSI.sub("", out.decode().replace("\r\n", "\n")), stderr, os.waitstatus_to_exitcode(status)


def test_list_fits_an_80_column_terminal(seeded: Path) -> None:
    out, err, code = in_terminal("--db", str(seeded), "list")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    rows = [line for line in lines if line.startswith("│")]
    assert len(rows) == 11  # one line per item: nothing wrapped
    assert all(DATE.search(row) for row in rows)  # dates whole
    assert "…" in out  # long labels cut with an ellipsis, not broken over lines
    assert "kst-21501-02-2531" in out and "Brekelmans/Mulder" in out


def test_list_into_a_pipe_is_one_plain_line_per_item(seeded: Path) -> None:
    result = run(seeded, "list")
    lines = result.stdout.splitlines()
    assert lines[0].split()[:6] == ["id", "kind", "status", "last_date", "last_document", "deadline"]
    assert len(lines) == 12 and not any(ch in result.stdout for ch in "│┃━…")
    tz = next(line for line in lines if line.startswith("TZ202511-004"))
    assert "of deze kunnen worden gedeeld met de Kamer" in tz  # nothing cut
    piri = next(line for line in lines if line.startswith("kst-21501-0-2871"))
    assert piri.split()[:5] == ["kst-21501-0-2871", "motie", "open", "2024-12-13", "Ontwikkelingen"]
    assert run(seeded, "list", "--no-headers").stdout.splitlines()[0].startswith("kst-2150-02-3258")


def test_report_uses_the_terminal_width(seeded: Path) -> None:
    out, err, code = in_terminal("--db", str(seeded), "report", "--as-of", "2026-11-22")
    assert code == 0 and err == "" and "7 stale" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert all(DATE.search(line) for line in out.splitlines() if line.startswith("│ kst-"))
    wide, _, _ = in_terminal("--db", str(seeded), "report", "--as-of", "2026-11-22", columns=140)
    assert max(len(line) for line in wide.splitlines()) > 100
    piped = run(seeded, "report", "--as-of", "2026-11-22").stdout
    assert max(len(line) for line in piped.splitlines()) <= 100


def test_columns_headers_tsv_and_ndjson(seeded: Path) -> None:
    tsv = run(seeded, "list", "--format", "tsv", "--columns", "id,status,label").stdout.splitlines()
    assert tsv[0] == "id\tstatus\tlabel" and "kst-31985-95\tclosed\tGrinwis c.s." in tsv
    bare = run(seeded, "list", "--format", "csv", "--columns", "id,status", "--no-headers").stdout.splitlines()
    assert bare[0] == "kst-2150-02-3258,closed" and len(bare) == 11
    ndjson = [json.loads(line) for line in run(seeded, "list", "--format", "ndjson").stdout.splitlines()]
    assert len(ndjson) == 11 and ndjson[0]["id"] == "kst-2150-02-3258" and "label" not in ndjson[0]
    chosen = [
        json.loads(line) for line in run(seeded, "export", "-f", "ndjson", "--columns", "id,link").stdout.splitlines()
    ]
    assert chosen[0] == {
        "id": "kst-2150-02-3258",
        "link": "https://zoek.officielebekendmakingen.nl/kst-2150-02-3258.html",
    }
    exported = run(seeded, "export", "--format", "tsv", "--no-headers", "--columns", "id,register_status").stdout
    assert exported.splitlines()[0] == "kst-2150-02-3258\tAfgedaan"
    wrong = run(seeded, "list", "--columns", "id,colour")
    assert wrong.exit_code == 2 and wrong.stdout == "" and "no column colour; choose from id," in wrong.stderr
    assert len(wrong.stderr.splitlines()) == 1


def test_excel_is_csv_only_and_no_bom_reaches_a_terminal(seeded: Path) -> None:
    wrong = run(seeded, "export", "--excel", "--format", "json")
    assert wrong.exit_code == 2 and wrong.stdout == "" and "--excel is a kind of CSV" in wrong.stderr
    piped = run(seeded, "export", "--excel").stdout
    assert piped.startswith("\ufeffid;kind;")
    rows = list(csv.DictReader(io.StringIO(piped.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 11
    out, err, code = in_terminal("--db", str(seeded), "export")
    assert code == 0 and err == "" and out.startswith("id,kind,name") and "\ufeff" not in out
