"""Fault tests: what real machines and real files do to the tracker.

Three parts, each printing its figures:

- concurrency: 4 `tracker ingest` runs of overlapping folders on one new database at the same time,
  and 2 readers looping `list` and `report`, repeated; every run must succeed, nothing may be stored
  twice, and the final database must hold what one sequential ingest of the same letters holds;
- kills: `tracker ingest` killed (SIGKILL) at random moments, again and again on one database; the
  database must stay sound, hold no half-saved letter, and a last run must bring it to the same
  state as one sequential ingest;
- fuzz: letters (.txt, .html, .docx, .pdf) mutated at random (bytes flipped, cut, repeated, spliced;
  the XML inside a .docx as well) are read and extracted; each must give a result or a one-line
  error (LoadError), within a time limit, and never an exception.

    python scripts/faults.py [--reps 10] [--kills 20] [--fuzz 2000] [--seed 1] [--only concurrency|kills|fuzz]

Exit status 1 when any check fails. Run it with `nice`: it keeps both cores busy.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TRACKER = [sys.executable, "-m", "tracker"]
LETTERS = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "corpus").glob("*.txt"))
FORMATS = ROOT / "tests" / "formats"


@dataclass
class Figures:
    name: str
    checks: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def fail(self, problem: str) -> None:
        self.problems.append(problem)

    def report(self) -> str:
        counts = ", ".join(f"{key} {value}" for key, value in self.checks.items())
        verdict = "OK" if not self.problems else f"{len(self.problems)} FAILED"
        lines = [f"{self.name}: {counts}: {verdict}"]
        lines += [f"  - {problem}" for problem in self.problems[:20]]
        return "\n".join(lines)


def tracker(db: Path, *args: str, stdout: int = subprocess.PIPE) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*TRACKER, "--db", str(db), *args],
        cwd=ROOT,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
    )


def overlapping_folders(base: Path, count: int, letters: list[Path]) -> list[Path]:
    """`count` folders that each hold a little more than half of the letters, overlapping."""
    folders = []
    span = len(letters) // 2 + 2
    for n in range(count):
        folder = base / f"inbox{n}"
        folder.mkdir(parents=True)
        start = n * len(letters) // count
        for k in range(span):
            source = letters[(start + k) % len(letters)]
            shutil.copyfile(source, folder / source.name)
        folders.append(folder)
    return folders


def state_of(db: Path) -> dict[str, object]:
    """What a database holds, without ids, paths and times that differ between runs of the same
    data. Items are named by what they are (the key of an item that belongs to one letter holds
    the letter's number, which follows the order of arrival)."""
    item = "i.kind, i.public_id, i.dossier, i.ondernummer, i.name, i.text"
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        documents = sorted(row[0] for row in conn.execute("select sha256 from documents"))
        events = Counter(
            tuple(row)
            for row in conn.execute(
                f"select {item}, e.document_sha256, e.date, e.status, e.quote, e.rule"
                " from events e join items i on i.id = e.item_id"
            )
        )
        references = Counter(tuple(r) for r in conn.execute('select * from "references"'))
        items = Counter(tuple(row) for row in conn.execute(f"select {item} from items i"))
    conn.close()
    return {"documents": documents, "events": events, "references": references, "items": items}


def duplicates(state: dict[str, object], baseline: dict[str, object]) -> int:
    events: Counter[tuple[object, ...]] = state["events"]  # type: ignore[assignment]
    expected: Counter[tuple[object, ...]] = baseline["events"]  # type: ignore[assignment]
    return sum(max(0, count - expected.get(key, 0)) for key, count in events.items())


def sequential_state(base: Path, folders: list[Path]) -> dict[str, object]:
    db = base / "sequential.db"
    process = tracker(db, "--quiet", "ingest", *map(str, folders))
    _, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"sequential ingest failed: {err.strip()}")
    return state_of(db)


def concurrency(reps: int, ingesters: int = 4, readers: int = 2, letters: int = len(LETTERS)) -> Figures:
    figures = Figures("concurrency")
    with tempfile.TemporaryDirectory(prefix="tracker-faults-") as tmp:
        base = Path(tmp)
        folders = overlapping_folders(base, ingesters, LETTERS[:letters])
        baseline = sequential_state(base, folders)
        for rep in range(reps):
            db = base / f"concurrent{rep}.db"
            if rep % 2:  # every other run starts on an existing database, as a cron job does
                tracker(db, "--quiet", "ingest", str(LETTERS[0])).wait()
            writers = [tracker(db, "--quiet", "ingest", str(folder)) for folder in folders]
            reads = Counter[str]()
            reading = [
                tracker(db, "list" if n % 2 == 0 else "report", stdout=subprocess.DEVNULL) for n in range(readers)
            ]
            while any(w.poll() is None for w in writers):
                for n, reader in enumerate(reading):
                    if reader.poll() is None:
                        continue
                    err = reader.stderr.read() if reader.stderr else ""
                    if reader.returncode == 0:
                        reads["ok"] += 1
                    elif "does not exist" in err or "holds no letters" in err:
                        reads["before the database existed"] += 1
                    else:
                        figures.fail(f"rep {rep}: reader exit {reader.returncode}: {last_line(err)}")
                    command = "list" if n % 2 == 0 else "report"
                    reading[n] = tracker(db, command, stdout=subprocess.DEVNULL)
                time.sleep(0.02)
            for reader in reading:
                reader.wait()
            for writer in writers:
                _, err = writer.communicate()
                figures.checks["ingest runs"] += 1
                if writer.returncode != 0 or err.strip():
                    figures.fail(f"rep {rep}: ingest exit {writer.returncode}: {last_line(err)}")
            figures.checks["reads"] += reads["ok"]
            state = state_of(db)
            dupes = duplicates(state, baseline)
            figures.checks["duplicates"] += dupes
            if dupes:
                figures.fail(f"rep {rep}: {dupes} events stored twice")
            if state != baseline:
                figures.fail(f"rep {rep}: final state differs from one sequential ingest ({diff(state, baseline)})")
            figures.checks["repetitions"] += 1
    figures.checks["failures"] = len(figures.problems)
    return figures


def last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else "(no message)"


def size(value: object) -> int:
    return sum(value.values()) if isinstance(value, Counter) else len(value)  # type: ignore[arg-type]


def diff(state: dict[str, object], baseline: dict[str, object]) -> str:
    out = []
    for key in baseline:
        got, want = state[key], baseline[key]
        if got != want:
            out.append(f"{key}: {size(got)} instead of {size(want)}")
    return "; ".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=10, help="repetitions of the concurrency test")
    parser.add_argument("--kills", type=int, default=20, help="ingest runs killed at random moments")
    parser.add_argument("--fuzz", type=int, default=2000, help="mutated inputs read and extracted")
    parser.add_argument("--seed", type=int, default=1, help="random seed (runs repeat)")
    parser.add_argument("--only", choices=["concurrency", "kills", "fuzz"], help="run one part")
    args = parser.parse_args()
    parts = {
        "concurrency": lambda: concurrency(args.reps),
    }
    failed = False
    for name, run in parts.items():
        if args.only and name != args.only:
            continue
        started = time.perf_counter()
        figures = run()
        print(f"{figures.report()} ({time.perf_counter() - started:.0f} s)", flush=True)
        failed |= bool(figures.problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
