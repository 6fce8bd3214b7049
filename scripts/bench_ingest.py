"""Ingest's two halves apart, in processor time: extraction (what a worker does) and saving (what
the one writer does), per letter.

    python scripts/bench_ingest.py FOLDER [--db DATABASE] [--limit N] [--without-listing-indexes]

The letters in FOLDER are read, extracted and prepared in this process, then saved as `tracker
ingest` saves them (tracker/store/save.py, BatchWriter) into a new database, or into a copy of
DATABASE (a large one shows what saving costs in a full archive; DATABASE itself is not changed).
Processor time rather than wall time: it says what each half costs when other work shares the
cores. With two cores, ingest's wall time is about (extraction + saving) / 2 a letter, extraction
alone's about extraction / 2.

With --without-listing-indexes, the indexes that only listings, the report and look-ups by hand
read (every index of the status table and of the items but their keys, the events' by date and by
arrival) are dropped from the copy first: what is left is what saving these rows costs at the
least, with the indexes the writer itself reads.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlite_utils import Database  # noqa: E402

from tracker.ingest import _Extractor  # noqa: E402
from tracker.rules import load_rules  # noqa: E402
from tracker.store.database import open_db  # noqa: E402
from tracker.store.save import BatchWriter  # noqa: E402


def processor() -> float:
    """Processor seconds of this process so far, the system's included."""
    times = os.times()
    return times.user + times.system


def system() -> float:
    return os.times().system


# Read by `list`, `report`, `show` and `letters --since`, never while a letter is saved.
LISTING_INDEXES = (
    "select name from sqlite_master where type = 'index' and sql is not null"
    " and (tbl_name in ('item_status', 'items') or name in ('events_date', 'idx_events_recorded_at'))"
)


def drop_listing_indexes(db: Database) -> int:
    names = [name for (name,) in db.execute(LISTING_INDEXES)]
    for name in names:
        db.execute(f'drop index "{name}"')
    return len(names)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="letters (.txt, searched recursively)")
    parser.add_argument("--db", type=Path, help="save into a copy of this database (default: a new one)")
    parser.add_argument("--limit", type=int, default=2000, help="letters to take (default 2000)")
    parser.add_argument(
        "--without-listing-indexes", action="store_true", help="drop the indexes saving never reads (see above)"
    )
    args = parser.parse_args()
    files = sorted(args.folder.rglob("*.txt"))[: args.limit]
    if not files:
        raise SystemExit(f"no .txt letters in {args.folder}")

    extract = _Extractor(load_rules())
    began = processor()
    prepared = [e.prepared for e in map(extract, files) if e.prepared is not None]
    extraction = processor() - began

    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "bench.db"
        if args.db:
            with sqlite3.connect(args.db) as source, sqlite3.connect(target) as copy:
                source.backup(copy)
        db = open_db(target)
        dropped = drop_listing_indexes(db) if args.without_listing_indexes else 0
        writer = BatchWriter(db)
        began, began_system, start = processor(), system(), time.perf_counter()
        for letter in prepared:
            writer.save(letter)
            if writer.full():
                writer.commit()
        writer.commit()
        wall = time.perf_counter() - start
        saving, saving_system = processor() - began, system() - began_system
        db.close()

    n = len(prepared)
    into = f"a copy of {args.db}" if args.db else "a new database"
    if dropped:
        into += f" without its {dropped} listing indexes"
    print(f"{n} letters from {args.folder}, saved into {into}; processor time a letter:")
    print(f"  extraction {1000 * extraction / n:6.2f} ms")
    print(f"  saving     {1000 * saving / n:6.2f} ms ({1000 * saving_system / n:.2f} ms of it the system's; "
          f"wall {1000 * wall / n:.2f} ms)")  # fmt: skip
    print(f"  saving / extraction {saving / extraction:.2f}; with two cores ingest / extraction alone "
          f"about {(extraction + saving) / extraction:.2f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
