"""Extraction throughput on a generated corpus of real letter text.

Builds bench/corpus/ (at least 50 MB by default): the seed and corpus letters repeated with varied
numbers, as .txt and as .html. Reports, in one run, extraction throughput in MB/s per format, the
time of one pass of one compiled reference pattern over the same text (the floor any regex-based
extractor pays), and peak memory after a tenth of the corpus and after all of it: documents are
processed one at a time, so the two should be close.

    python scripts/bench.py [--mb 50]
"""

from __future__ import annotations

import argparse
import html
import random
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.pipeline.extract import extract_file  # noqa: E402
from tracker.rules import load_rules  # noqa: E402

OUT = ROOT / "bench" / "corpus"


def build(target_mb: float) -> list[Path]:
    sources = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    sources += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "corpus").glob("*.txt"))]
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    rng = random.Random(7)
    files, size, n = [], 0, 0
    while size < target_mb * 1024 * 1024:
        text = sources[n % len(sources)]
        # vary ondernummers and TZ numbers so that every copy holds different items
        text = re.sub(r"(nr\. ?)(\d+)", lambda m: f"{m.group(1)}{int(m.group(2)) + rng.randint(1, 999)}", text)
        text = re.sub(r"TZ(\d{6})-(\d{3})", lambda m: f"TZ{m.group(1)}-{rng.randint(1, 999):03d}", text)
        if n % 4 == 3:
            body = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n\n"))
            path = OUT / f"letter_{n:05d}.html"
            path.write_text(f"<html><body><nav>menu</nav>{body}</body></html>", encoding="utf-8")
        else:
            path = OUT / f"letter_{n:05d}.txt"
            path.write_text(text, encoding="utf-8")
        files.append(path)
        size += path.stat().st_size
        n += 1
    return files


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (default 50)")
    args = parser.parse_args()
    files = build(args.mb)
    rules = load_rules()
    total_bytes = sum(p.stat().st_size for p in files)
    print(f"corpus: {len(files)} letters, {total_bytes / 1e6:.1f} MB in {OUT.relative_to(ROOT)}")

    pattern = next(r for r in rules.references if r.name == "kamerstuk_spaced").pattern
    texts_time = 0.0
    for path in files:
        text = path.read_text(encoding="utf-8")
        start = time.perf_counter()
        for _ in pattern.finditer(text):
            pass
        texts_time += time.perf_counter() - start

    per_format: dict[str, list[float]] = {}
    items = 0
    tenth = max(1, len(files) // 10)
    peak_tenth = 0.0
    start_all = time.perf_counter()
    for i, path in enumerate(files, start=1):
        start = time.perf_counter()
        items += len(extract_file(path, rules).items)
        elapsed = time.perf_counter() - start
        bucket = per_format.setdefault(path.suffix, [0.0, 0.0])
        bucket[0] += path.stat().st_size
        bucket[1] += elapsed
        if i == tenth:
            peak_tenth = peak_mb()
    extract_time = time.perf_counter() - start_all
    print(f"extraction: {total_bytes / 1e6 / extract_time:.2f} MB/s on one core ({extract_time:.1f} s, {items} items)")
    for suffix, (size, seconds) in sorted(per_format.items()):
        print(f"  {suffix:6} {size / 1e6 / seconds:.2f} MB/s ({size / 1e6:.1f} MB)")
    print(
        f"single pass of one compiled reference pattern: {texts_time:.2f} s ({total_bytes / 1e6 / texts_time:.1f} MB/s)"
    )
    print(f"extraction time / single-pass time: {extract_time / texts_time:.1f}x")
    print(f"peak memory: {peak_tenth:.0f} MB after {tenth} letters, {peak_mb():.0f} MB after all {len(files)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
