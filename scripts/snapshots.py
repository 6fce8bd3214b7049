"""Committed snapshots of the extraction output, and the items each rule change gains or loses.

python scripts/snapshots.py diff     # per document: items gained, lost, or changed status
python scripts/snapshots.py update   # write the current output as the new snapshots
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.pipeline.extract import extract_file, to_json  # noqa: E402

SNAPSHOTS = ROOT / "data" / "snapshots"
# the seeds, the shared corpus's documents and those added beside them (tests/corpus/added)
DOCUMENTS = [
    *sorted((ROOT / "seeds").glob("*.txt")),
    *sorted((ROOT / "tests" / "corpus").glob("*.txt")),
    *sorted((ROOT / "tests" / "corpus" / "added").glob("*.txt")),
]


def summary(path: Path) -> dict[str, object]:
    out = to_json(extract_file(path))
    items: dict[str, str] = {}
    for i in out["items"]:
        key = f"{i['kind']} {i['id'] or i.get('ek_nummer') or i['name'] or (i['text'] or i['quote'])[:60]}"
        n = sum(1 for k in items if k == key or k.startswith(f"{key} #"))
        items[f"{key} #{n + 1}" if n else key] = i["status"]  # two moties of one indiener stay two
    return {
        "items": items,
        "references": sorted(
            f"{r['dossier']} nr. {r['ondernummer']}{' (motie)' if r['motie'] else ''}" for r in out["references"]
        ),
    }


def main(command: str) -> int:
    changed = 0
    for path in DOCUMENTS:
        snapshot = SNAPSHOTS / f"{path.stem}.json"
        now = summary(path)
        if command == "update":
            SNAPSHOTS.mkdir(parents=True, exist_ok=True)
            snapshot.write_text(json.dumps(now, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            continue
        before = (
            json.loads(snapshot.read_text(encoding="utf-8")) if snapshot.exists() else {"items": {}, "references": []}
        )
        lines = []
        for key in sorted(set(before["items"]) | set(now["items"])):
            old, new = before["items"].get(key), now["items"].get(key)
            if old is None:
                lines.append(f"  + {key} [{new}]")
            elif new is None:
                lines.append(f"  - {key} [{old}]")
            elif old != new:
                lines.append(f"  ~ {key} [{old} -> {new}]")
        lines += [f"  + reference {r}" for r in sorted(set(now["references"]) - set(before["references"]))]
        lines += [f"  - reference {r}" for r in sorted(set(before["references"]) - set(now["references"]))]
        if lines:
            changed += 1
            print(path.name)
            print("\n".join(lines))
    if command == "diff":
        print(f"{changed} of {len(DOCUMENTS)} documents differ from the snapshots")
    else:
        print(f"{len(DOCUMENTS)} snapshots written to {SNAPSHOTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in {"diff", "update"}:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
