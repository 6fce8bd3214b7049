"""The check before a write, timed on a large database: `set-status` and the `ingest` of one letter,
once with the whole file read first (no record of an earlier check, as after another program wrote
it) and once with the record the previous write left.

    nice -n 10 python scripts/bench_guard.py COPY.db [--item ID] [--runs 3]

COPY.db is written to: pass a copy. A "cold" run first drops the file from the page cache
(posix_fadvise), as after a reboot; the others find it there."""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tracker.store.database import forget_checked

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT / "seeds" / "001_d64714fac5e013c7.txt"


def drop_from_cache(path: Path) -> None:
    for name in (path, Path(f"{path}-wal")):
        if name.exists():
            fd = os.open(name, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def timed(db: Path, *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "tracker", "--db", str(db), "--quiet", *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"tracker {' '.join(args)} failed: {done.stderr.strip()}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="a copy of a large database (it is written to)")
    parser.add_argument("--item", default="kst-30999-45", help="the item set-status corrects")
    parser.add_argument("--runs", type=int, default=3, help="warm runs after the cold one")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        letters = itertools.count()

        def ingest() -> float:  # a letter not stored yet each time
            letter = Path(folder) / f"brief-{next(letters)}.txt"
            letter.write_text(LETTER.read_text(encoding="utf-8") + f"\nKenmerk bijlage {letter.stem}\n", encoding="utf-8")
            return timed(options.db, "ingest", str(letter))

        commands = {
            "set-status": lambda: timed(options.db, "set-status", options.item, "closed", "--note", "bench"),
            "ingest": ingest,
        }
        for name, command in commands.items():
            for whole_file in (True, False):
                times = []
                for run in range(1 + options.runs):
                    if whole_file:
                        forget_checked(options.db)
                    if run == 0:
                        drop_from_cache(options.db)
                    times.append(command())
                how = "whole file read first" if whole_file else "record of the last write"
                warm = " ".join(f"{t:.2f}" for t in times[1:])
                print(f"{name:10} {how:24} cold {times[0]:6.2f} s  warm {warm} s", flush=True)


if __name__ == "__main__":
    main()
