"""The store at scale: commands on a database of generated letters, against the program's start-up.

    python scripts/bench_scale.py [--items 200000] [--jobs N] [--ingest-only]
    python scripts/bench_scale.py --tenth DB --full DB

Letters for about --items items are written by scripts/scale_letters.py to bench/scale/letters
(kept for the next run when the count is the same), in ten folders. The first folder is stored with
`tracker ingest --jobs N` and every command below is timed (best of three, as separate processes)
with its peak memory; then the other nine are stored and the commands are timed again. Each time
is also given as a multiple of `tracker --version` (the start-up, run in turns with the command),
and the last column is that multiple at all items over the one at a tenth. Then: `export` of every
row against `sqlite3 -csv` of the same columns from the `current_status` view; the ingest of the
nine folders against extraction alone of the same files with the same number of processes (and
against `tracker extract --jobs N` of the same folders); ingest of a sample with --jobs 1 and 2; and
`tracker extract --jobs 1 --format json` of 500 letters against extraction in-process.
With --ingest-only, only the ingest figures (no command is timed but `tracker extract --jobs N`).

With --tenth and --full, the commands are timed on two databases built before (a tenth of the
items and all of them; the commands only read them, unless they were made by an older tracker,
which the first command upgrades), and `export` against `sqlite3 -csv` on the full one; nothing is
generated or stored.

Each command runs under a small launcher process that starts it, waits for it and reports its
time and peak memory: on Linux a process's peak memory counts that of the process it was started
from, and the bench itself holds the generated letters.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.scale_letters import write_letters  # noqa: E402
from tracker.export import EXPORT_COLUMNS  # noqa: E402
from tracker.ingest import extract_files  # noqa: E402
from tracker.rules import load_rules  # noqa: E402

OUT = ROOT / "bench" / "scale"
TRACKER = [sys.executable, "-m", "tracker"]


# Starts a command, waits for it and prints its wall time, processor time (user and system), peak
# memory (KB) and exit code. A
# process's peak memory (ru_maxrss) includes the peak of the process it was forked from, up to its
# exec; the launcher is a fresh small Python, so the command's figure is its own.
LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status),
      file=sys.stderr)
"""


def run(args: list[str], stdout: int | None = subprocess.DEVNULL) -> tuple[float, float]:
    """Wall time and peak memory (MB) of one process of its own."""
    elapsed, _, peak = launch(args, stdout)
    return elapsed, peak


def launch(args: list[str], stdout: int | None = subprocess.DEVNULL) -> tuple[float, float, float]:
    """Wall time, processor time and peak memory (MB) of one process of its own."""
    launched = subprocess.run([sys.executable, "-c", LAUNCHER, *args], stdout=stdout, stderr=subprocess.PIPE, text=True)
    elapsed, processor, peak_kb, code = launched.stderr.split()
    if int(code) not in (0, 3):
        raise SystemExit(f"failed: {' '.join(args)}")
    return float(elapsed), float(processor), int(peak_kb) / 1024


def best(args: list[str], times: int = 3) -> tuple[float, float]:
    runs = [run(args) for _ in range(times)]
    return min(t for t, _ in runs), max(m for _, m in runs)


STARTUP = [*TRACKER, "--version"]
# per command: seconds, their multiple of the start-up's, the same for processor time, MB
Figures = dict[str, tuple[float, float, float, float]]


def against_startup(args: list[str], times: int = 3) -> tuple[float, float, float, float]:
    """Best time, that time over the start-up's best in the same minute (the two run in turns, so
    that a busy machine weighs on both), the same for processor time (which other work on the
    machine changes less), and peak memory (MB)."""
    runs, startups = [], []
    for _ in range(times):
        startups.append(launch(STARTUP))
        runs.append(launch(args))
    seconds = min(r[0] for r in runs)
    processor = min(r[1] for r in runs) / min(s[1] for s in startups)
    return seconds, seconds / min(s[0] for s in startups), processor, max(r[2] for r in runs)


def commands(db: Path, sample: dict[str, str], work: Path) -> dict[str, list[str]]:
    base = [*TRACKER, "--db", str(db)]
    return {
        "list --status open --limit 50 -f json": [*base, "list", "--status", "open", "--limit", "50", "-f", "json"],
        "list --kind toezegging --limit 50": [*base, "list", "--kind", "toezegging", "--limit", "50"],
        "list --dossier D --limit 50": [*base, "list", "--dossier", sample["dossier"], "--limit", "50"],
        "list --ministry Financiën --limit 50": [*base, "list", "--ministry", "Financiën", "--limit", "50"],
        "list --search TZ (one hit)": [*base, "list", "--search", sample["tz"], "--limit", "50"],
        "list --search motie --limit 50": [*base, "list", "--search", "motie", "--limit", "50"],
        "list --overdue --limit 50": [*base, "list", "--overdue", "--limit", "50"],
        "list --sort deadline --limit 50": [*base, "list", "--sort", "deadline", "--limit", "50"],
        "list --sort last-date --desc --limit 50": [*base, "list", "--sort", "last-date", "--desc", "--limit", "50"],
        "list --count": [*base, "list", "--count"],
        "list --search motie --count": [*base, "list", "--search", "motie", "--count"],
        "list --status closed --count": [*base, "list", "--status", "closed", "--count"],
        "show ID (lower case)": [*base, "show", sample["id"].lower()],
        "report": [*base, "report"],
        "report --format json": [*base, "report", "--format", "json"],
        "list -f csv (every row)": [*base, "list", "-f", "csv"],
        "export -o x.csv (every row)": [*base, "export", "-o", str(work / "x.csv")],
    }


def samples(db: Path) -> dict[str, str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    middle = conn.execute("select count(*) from items").fetchone()[0] // 2
    (item,) = conn.execute("select id from items where kind = 'motie' limit 1 offset ?", [middle]).fetchone()
    (tz,) = conn.execute("select id from items where kind = 'toezegging' limit 1 offset ?", [middle // 4]).fetchone()
    (dossier,) = conn.execute("select dossier from items where id = ?", [item]).fetchone()
    return {"id": item, "tz": tz, "dossier": dossier}


def measure(db: Path, work: Path, label: str) -> Figures:
    """Every command's time, its multiple of the start-up and its peak memory, printed as they come
    (in case the rest is cut short)."""
    print(f"{label}: {size(db)}", flush=True)
    figures = {}
    for name, args in commands(db, samples(db), work).items():
        figures[name] = seconds, ratio, processor, mb = against_startup(args)
        print(
            f"  {name:42} {seconds:7.3f} s {ratio:5.1f}x start-up (processor {processor:4.1f}x) {mb:5.0f} MB",
            flush=True,
        )
    return figures


def size(db: Path) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    items, events = (conn.execute(f"select count(*) from {t}").fetchone()[0] for t in ("items", "events"))
    return f"{items:,} items, {events:,} events, {db.stat().st_size / 1e6:.0f} MB"


def side_by_side(at_tenth: Figures, at_all: Figures) -> None:
    """Both runs in one table; 100/10 compares the multiples of the start-up, which a machine
    busy with other work changes less than the seconds."""
    print(
        "\ntimes are the best of three; ×start: over `tracker --version` run in turns with the command;"
        " cpu: the same for processor time"
    )
    print(
        f"{'command':40} {'10%: s':>6} {'×start':>6} {'cpu':>4} {'MB':>4}  {'100%: s':>7} {'×start':>6} {'cpu':>4}"
        f" {'MB':>4}  {'100/10':>6} {'cpu':>4}"
    )
    for name, (t_all, r_all, c_all, mb_all) in at_all.items():
        t_tenth, r_tenth, c_tenth, mb_tenth = at_tenth[name]
        print(
            f"{name:40} {t_tenth:6.3f} {r_tenth:6.1f} {c_tenth:4.1f} {mb_tenth:4.0f}  "
            f"{t_all:7.3f} {r_all:6.1f} {c_all:4.1f} {mb_all:4.0f}  {r_all / r_tenth:6.2f} {c_all / c_tenth:4.2f}"
        )


def export_against_sqlite(db: Path, export_time: float) -> None:
    columns = ", ".join(EXPORT_COLUMNS)
    sqlite_time, _ = best(["sqlite3", "-csv", "-header", str(db), f"select {columns} from current_status"])
    print(f"\nexport of every row {export_time:.2f} s; sqlite3 -csv of the same columns {sqlite_time:.2f} s: "
          f"{export_time / sqlite_time:.1f}x")  # fmt: skip


def ingest(db: Path, folders: list[Path], jobs: int) -> float:
    elapsed, _ = run([*TRACKER, "--db", str(db), "--quiet", "ingest", "--jobs", str(jobs), *map(str, folders)])
    return elapsed


def extraction_alone(files: list[Path], jobs: int) -> float:
    """The workers' part of ingest on its own: read, extract, prepare the rows; nothing saved."""
    start = time.perf_counter()
    for _ in extract_files(files, load_rules(), None, jobs):
        pass
    return time.perf_counter() - start


def extract_command(paths: list[Path], jobs: int) -> float:
    """`tracker extract --jobs N --format json` of the letters in these folders, to /dev/null."""
    elapsed, _ = run([*TRACKER, "extract", "--jobs", str(jobs), "--format", "json", *map(str, paths)])
    return elapsed


# The in-process figure: the same extraction and JSON data (to_json) in a process that has imported
# the pipeline and loaded the rules before the clock starts; prints its wall and processor time.
IN_PROCESS = """
import sys, time
from pathlib import Path
from tracker.pipeline.extract import extract_document, to_json
from tracker.pipeline.load import load_document
from tracker.rules import load_rules
paths, rules = [Path(p) for p in sys.argv[1:]], load_rules()
start, processor = time.perf_counter(), time.process_time()
for path in paths:
    to_json(extract_document(load_document(path), rules))
print(time.perf_counter() - start, time.process_time() - processor)
"""


def extract_against_in_process(files: list[Path]) -> None:
    """`tracker extract --jobs 1 --format json` of the files (one process, as in-process; written to
    /dev/null), its time after the start-up (`tracker --version`) against extraction in-process.
    The three run in turns, three times, each in a fresh process, and the best of each is taken:
    a single run of each, the start-up timed minutes before, made the ratio follow the load of
    the machine more than the command."""
    command = [*TRACKER, "extract", "--jobs", "1", "--format", "json", *map(str, files)]
    startups, commands, inside = [], [], []
    for _ in range(3):
        startups.append(launch(STARTUP))
        commands.append(launch(command))
        timed = subprocess.run([sys.executable, "-c", IN_PROCESS, *map(str, files)], capture_output=True, text=True)
        inside.append(tuple(map(float, timed.stdout.split())))
    startup, total, in_process = (min(r[0] for r in runs) for runs in (startups, commands, inside))
    startup_cpu, total_cpu, in_process_cpu = (min(r[1] for r in runs) for runs in (startups, commands, inside))
    print(f"extract --jobs 1 --format json of {len(files)} letters {total:.2f} s, {total - startup:.2f} s after "
          f"start-up; in-process {in_process:.2f} s: {(total - startup) / in_process:.2f}x (processor time "
          f"{total_cpu - startup_cpu:.2f} s against {in_process_cpu:.2f} s: "
          f"{(total_cpu - startup_cpu) / in_process_cpu:.2f}x)")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=200_000, help="items to generate (default 200000)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="ingest processes (default: cores)")
    parser.add_argument("--tenth", type=Path, help="time the commands on this database (a tenth of the items) ...")
    parser.add_argument("--full", type=Path, help="... and on this one (all of them); nothing is generated or stored")
    parser.add_argument("--ingest-only", action="store_true", help="only store the letters and time ingest")
    args = parser.parse_args()
    if (args.tenth is None) != (args.full is None):
        parser.error("--tenth and --full go together")
    work = OUT / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)

    startup, startup_mb = best(STARTUP, 5)
    print(f"start-up (tracker --version): {startup:.3f} s, {startup_mb:.0f} MB", flush=True)
    if args.tenth:
        for db in (args.tenth, args.full):
            if not db.is_file():
                parser.error(f"{db} is not a database file")
        at_tenth = measure(args.tenth, work, "a tenth")
        at_all = measure(args.full, work, "all")
        side_by_side(at_tenth, at_all)
        export_against_sqlite(args.full, at_all["export -o x.csv (every row)"][0])
        return 0

    letters_dir = OUT / "letters"
    stamp = OUT / "letters.items"
    if not stamp.exists() or stamp.read_text() != str(args.items):
        start = time.perf_counter()
        files = write_letters(letters_dir, args.items, folders=10)
        stamp.write_text(str(args.items))
        print(f"generated {len(files)} letters in {time.perf_counter() - start:.0f} s")
    folders = sorted(p for p in letters_dir.iterdir() if p.is_dir())
    db = work / "scale.db"

    tenth_time = ingest(db, folders[:1], args.jobs)
    if args.ingest_only:
        print(f"a tenth stored in {tenth_time:.0f} s: {size(db)}", flush=True)
    else:
        at_tenth = measure(db, work, f"a tenth stored in {tenth_time:.0f} s")
    rest = [f for folder in folders[1:] for f in sorted(folder.glob("*.txt"))]
    rest_time = ingest(db, folders[1:], args.jobs)
    if args.ingest_only:
        print(f"all stored (nine tenths in {rest_time:.0f} s): {size(db)}", flush=True)
    else:
        at_all = measure(db, work, f"all stored (nine tenths in {rest_time:.0f} s)")
        side_by_side(at_tenth, at_all)
        export_against_sqlite(db, at_all["export -o x.csv (every row)"][0])

    extract_time = extraction_alone(rest, args.jobs)
    print(f"ingest of nine tenths ({len(rest)} letters, --jobs {args.jobs}) {rest_time:.1f} s; extraction alone "
          f"with {args.jobs} processes {extract_time:.1f} s: {rest_time / extract_time:.2f}x")  # fmt: skip
    command_time = extract_command(folders[1:], args.jobs)
    print(f"  and against `tracker extract --jobs {args.jobs} --format json` of the same folders (to /dev/null) "
          f"{command_time:.1f} s: {rest_time / command_time:.2f}x")  # fmt: skip

    sample = folders[1]
    times = {}
    for jobs in (1, 2):
        scratch = work / f"jobs{jobs}.db"
        times[jobs] = ingest(scratch, [sample], jobs)
    count = len(list(sample.glob("*.txt")))
    print(f"ingest of {count} letters: --jobs 1 {times[1]:.1f} s, --jobs 2 {times[2]:.1f} s: {times[1] / times[2]:.2f}x "
          f"faster (needs two free cores; load average now {os.getloadavg()[0]:.1f})")  # fmt: skip
    if args.ingest_only:
        return 0

    extract_against_in_process(sorted(sample.glob("*.txt"))[:500])
    return 0


if __name__ == "__main__":
    sys.exit(main())
