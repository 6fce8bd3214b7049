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
import io
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.store.check import SEARCH_INDEX_CHECK  # noqa: E402

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
        figures.checks["letters"] = len(LETTERS[:letters])
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
            if problem := search_index_problem(db):
                figures.fail(f"rep {rep}: {problem}")
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


def kills(count: int, seed: int, sources: list[Path] | None = None) -> Figures:
    """`tracker ingest` killed with SIGKILL at random moments, `count` times on one database. The
    moments are spread over the time a whole run takes on this machine now (a fixed span of seconds
    ends before the first letter is saved on a busy machine, or after the last on an idle one)."""
    figures = Figures("kills")
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="tracker-faults-") as tmp:
        base = Path(tmp)
        folder = base / "inbox"
        folder.mkdir()
        for source in sources or [*LETTERS, *sorted(FORMATS.iterdir())]:
            shutil.copyfile(source, folder / source.name)
        started = time.monotonic()
        baseline = sequential_state(base, [folder])
        whole_run = time.monotonic() - started
        db = base / "killed.db"
        figures.checks["files"] = len(list(folder.iterdir()))
        for _ in range(count):
            process = subprocess.Popen(
                [*TRACKER, "--db", str(db), "--quiet", "ingest", str(folder)],
                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
            time.sleep(rng.uniform(0.1, 1.0) * whole_run)
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)  # the run and its worker processes
                figures.checks["killed"] += 1
            else:
                figures.checks["finished before the kill"] += 1
            process.wait()
            if not db.exists():
                continue
            problem = soundness(db, base / "sequential.db")
            if problem:
                figures.fail(problem)
        final = tracker(db, "--quiet", "ingest", str(folder))
        _, err = final.communicate()
        if final.returncode != 0:
            figures.fail(f"the last run failed: {last_line(err)}")
        state = state_of(db)
        figures.checks["duplicates"] = duplicates(state, baseline)
        if state != baseline:
            figures.fail(f"final state differs from one sequential ingest ({diff(state, baseline)})")
    figures.checks["failures"] = len(figures.problems)
    return figures


def soundness(db: Path, baseline_db: Path) -> str | None:
    """The database is whole, and every letter in it is there with all it holds, or not at all: as
    many events (with those a later version of the letter moved to the history) as one sequential
    ingest gave it."""
    with sqlite3.connect(db) as conn:  # read-write, so that a WAL left by the killed run is recovered
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()
    if integrity != "ok":
        return f"integrity_check: {integrity}"
    if problem := search_index_problem(db):
        return problem
    # a run killed while it created the database leaves it without tables: sound, and no letters
    got, want = events_per_letter(db), events_per_letter(baseline_db)
    for sha, count in got.items():
        if count != want.get(sha, 0):
            return f"letter {sha[:12]} stored in part: {count} of {want.get(sha, 0)} events"
    return None


def search_index_problem(db: Path) -> str | None:
    """FTS5's own check that the full-text index holds exactly the words of the items: the index is
    written by the batch that writes them, so a kill or a run beside others must leave it whole."""
    conn = sqlite3.connect(db)
    try:
        if conn.execute("select 1 from sqlite_master where name = 'items_fts'").fetchone():  # none: killed while made
            conn.execute(SEARCH_INDEX_CHECK)
    except sqlite3.DatabaseError as exc:
        return f"full-text index: {exc}"
    finally:
        conn.close()
    return None


def events_per_letter(db: Path) -> Counter[str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
        counts: Counter[str] = Counter()
        if "documents" in tables:
            counts.update({row[0]: 0 for row in conn.execute("select sha256 from documents")})
        for table in ("events", "event_history"):
            if table in tables and "documents" in tables:
                for sha, count in conn.execute(
                    f"select document_sha256, count(*) from {table} where document_sha256 is not null group by 1"
                ):
                    counts[sha] += count
    conn.close()
    return counts


# Stretches a mutation may put into a letter: escape sequences, characters that hide words, markup
# and reference shapes the patterns look for, bytes that are not UTF-8.
TOKENS = [
    b"\x1b[2J",
    b"\x1b]0;title\x07",
    b"\xc2\xa0",
    b"\xe2\x80\x8b",
    b"\xc2\xad",
    b"\xff\xfe",
    b"\x00",
    b"<",
    b"[",
    b"motie ",
    b"nr. ",
    b"Kamerstuk 21 501-02, nr. 3",
    b"<sup>1</sup>",
    b"\xf0\x9f\x98\x80",
    b"Daarmee wordt deze motie als afgedaan beschouwd. ",
    b"TZ202511-004 ",
    b"&#0;",
    b"&nbsp;",
    b"<!DOCTYPE x [",
]


def mutate(data: bytes, rng: random.Random, other: bytes) -> bytes:
    """One to three random changes: bytes changed, cut, repeated, inserted, spliced or truncated."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(out) or 1)
        kind = rng.randrange(7)
        if kind == 0:
            for _ in range(rng.randint(1, 20)):
                out[rng.randrange(len(out))] = rng.randrange(256)
        elif kind == 1:
            del out[at : at + rng.randint(1, 4096)]
        elif kind == 2:
            chunk = bytes(out[at : at + rng.randint(1, 256)])
            out[at:at] = chunk * rng.randint(2, 200)
        elif kind == 3:
            out[at:at] = rng.choice(TOKENS) * rng.randint(1, 50)
        elif kind == 4:
            cut = rng.randrange(len(other) or 1)
            out = out[:at] + other[cut:]
        elif kind == 5:
            del out[at:]
        else:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        if not out:
            out = bytearray(data[:1])
    return bytes(out)


def mutate_docx(data: bytes, rng: random.Random, other: bytes) -> bytes:
    """A Word file whose XML parts are mutated inside a valid zip (or, now and then, the zip itself)."""
    if rng.random() < 0.3:
        return mutate(data, rng, other)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename.endswith(".xml") and rng.random() < 0.5:
                part = mutate(part, rng, part)
            target.writestr(info.filename, part)
    return out.getvalue()


def fuzz(count: int, seed: int, time_limit: int = 20) -> Figures:
    """`count` mutated letters, over .txt, .html, .docx and .pdf in turn, each read and extracted."""
    from tracker.pipeline.extract import extract_document
    from tracker.pipeline.load import LoadError, load_bytes
    from tracker.rules import load_rules

    figures = Figures("fuzz")
    rng = random.Random(seed)
    rules = load_rules()
    sources = {
        suffix: [p.read_bytes() for p in sorted(FORMATS.glob(f"*{suffix}"))] for suffix in (".html", ".docx", ".pdf")
    }
    sources[".txt"] = [p.read_bytes() for p in LETTERS]
    suffixes = [".txt", ".html", ".docx", ".pdf"]
    slowest = (0.0, "")

    def timeout(signum: int, frame: object) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, timeout)
    for n in range(count):
        suffix = suffixes[n % len(suffixes)]
        data, other = rng.choice(sources[suffix]), rng.choice(sources[suffix])
        mutated = mutate_docx(data, rng, other) if suffix == ".docx" else mutate(data, rng, other)
        started = time.perf_counter()
        signal.alarm(time_limit)
        try:
            extract_document(load_bytes(mutated, f"fuzz{n}{suffix}", suffix), rules)
            figures.checks["read"] += 1
        except LoadError as exc:
            figures.checks["one-line errors"] += 1
            if "\n" in str(exc):
                figures.fail(f"input {n} ({suffix}): error of several lines: {str(exc)[:100]!r}")
        except TimeoutError:
            figures.fail(f"input {n} ({suffix}): more than {time_limit} s")
        except Exception as exc:  # noqa: BLE001 - any other exception is what the fuzz run looks for
            figures.fail(f"input {n} ({suffix}): {type(exc).__name__}: {str(exc)[:120]}")
        finally:
            signal.alarm(0)
        elapsed = time.perf_counter() - started
        slowest = max(slowest, (elapsed, f"{suffix} input {n}"))
    figures.checks["inputs"] = count
    figures.checks["failures"] = len(figures.problems)
    print(f"fuzz: slowest input {slowest[0]:.2f} s ({slowest[1]})", flush=True)
    return figures


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
        "kills": lambda: kills(args.kills, args.seed),
        "fuzz": lambda: fuzz(args.fuzz, args.seed),
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
