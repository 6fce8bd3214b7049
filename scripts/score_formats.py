"""The shared scorer on every published form of the seed letters in tests/formats.

Each form (`.docx`, `.pdf`, `.libreoffice.html`, `.odt`, ...) is scored on its own, against the seeds'
gold annotations with the document names changed to the fixture's; one line per form:

    python scripts/score_formats.py [--shared ../shared] [--tracker .venv/bin/tracker]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "tests" / "formats"


def forms() -> dict[str, list[Path]]:
    """Fixtures by form: what follows the seed's name ("000_eb11...") in the file name."""
    found: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(FORMATS.iterdir()):
        stem, dot, form = path.name.partition(".")
        if dot and stem[:3].isdigit():
            found[form].append(path)
    return dict(found)


def score(form: str, paths: list[Path], gold: Path, scorer: Path, tracker: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        gold_dir = Path(tmp)
        for path in paths:
            seed_gold = gold / f"{path.name.partition('.')[0]}.yaml"
            annotation = yaml.safe_load(seed_gold.read_text(encoding="utf-8"))
            annotation["doc"] = path.name
            (gold_dir / seed_gold.name).write_text(yaml.safe_dump(annotation, allow_unicode=True), encoding="utf-8")
        result = subprocess.run(
            [sys.executable, str(scorer), "--gold", str(gold_dir), "--docs", str(FORMATS), "--tracker", tracker],
            capture_output=True,
            text=True,
            check=False,
        )
    lines = result.stdout.strip().splitlines()
    return lines[-1] if lines else f"scorer failed: {result.stderr.strip()[-300:]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared seeds, gold and scorer")
    parser.add_argument("--tracker", default=str(ROOT / ".venv" / "bin" / "tracker"), help="the tracker command")
    args = parser.parse_args()
    scorer, gold = args.shared / "tools" / "score_extract.py", args.shared / "gold"
    if not scorer.exists():
        sys.exit(f"no scorer at {scorer}; give --shared DIR")
    for form, paths in forms().items():
        print(f"{form + ':':18} {score(form, paths, gold, scorer, args.tracker)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
