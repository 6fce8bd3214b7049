"""The extractor's misses against the gold annotations, grouped by the stage that failed: not found,
found but not linked to its kamerstuk or number, found with the wrong status, extra, missed reference.

python scripts/misses.py                         # seeds, tests/corpus and tests/corpus/added
python scripts/misses.py --gold DIR --docs DIR   # any folder of gold YAML files and their documents

Runs the extractor in-process; the figures follow the shared scorer's matching rules (tests/gold_check.py).
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.gold_check import CAUSES, Score, score_folder  # noqa: E402

GOLD_SETS = (
    ("seeds", ROOT / "tests" / "gold" / "seeds", ROOT / "seeds"),
    ("corpus", ROOT / "tests" / "gold" / "corpus", ROOT / "tests" / "corpus"),
    ("added", ROOT / "tests" / "gold" / "added", ROOT / "tests" / "corpus" / "added"),
)


def report(label: str, total: Score) -> None:
    print(f"{label}: {total.line()}")
    for cause in CAUSES:
        misses = [m for m in total.misses if m.cause == cause]
        if misses:
            print(f"  {cause} ({len(misses)}):")
            for miss in misses:
                print(f"    {miss.doc}: {miss.what}")


def main() -> int:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quietly stop when piped into head
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, help="folder of gold YAML files")
    parser.add_argument("--docs", type=Path, help="folder of the documents they annotate")
    args = parser.parse_args()
    if (args.gold is None) != (args.docs is None):
        parser.error("--gold and --docs go together")
    sets = [(str(args.gold), args.gold, args.docs)] if args.gold else GOLD_SETS
    for label, gold_dir, docs in sets:
        if gold_dir.is_dir() and any(gold_dir.glob("*.yaml")):
            report(label, score_folder(gold_dir, docs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
