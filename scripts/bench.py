"""Extraction throughput on a generated corpus of real letter text.

Builds bench/corpus/ (at least 50 MB by default): the seed and corpus letters repeated with varied
numbers, as .txt and as .html. Reports, in one run, extraction throughput in MB/s per format, the
time of one pass of one compiled reference pattern over the same text (the floor any regex-based
extractor pays), and peak memory after a tenth of the corpus and after all of it: documents are
processed one at a time, so the two should be close. A line per stage says where the time goes, in
passes of that pattern. Then the time for hostile inputs (shapes that would take quadratic time in a
careless reader), and the published formats: per format throughput on tests/formats, a Word file of
5 MB and a PDF of 100 pages.

    python scripts/bench.py [--mb 50] [--formats-only] [--hostile-only [--shape TEXT]...]
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.make_fixtures import body_paragraphs, build_docx, word_numbering  # noqa: E402
from tracker.pipeline.extract import extract_document, extract_file  # noqa: E402
from tracker.pipeline.items import ItemFinder, merge_items  # noqa: E402
from tracker.pipeline.load import LoadError, load_bytes, load_document  # noqa: E402
from tracker.pipeline.metadata import read_metadata  # noqa: E402
from tracker.pipeline.normalise import normalise  # noqa: E402
from tracker.pipeline.references import find_identifiers, find_references  # noqa: E402
from tracker.pipeline.sentences import split_sentences  # noqa: E402
from tracker.pipeline.status import assign_status  # noqa: E402
from tracker.rules import load_rules  # noqa: E402

OUT = ROOT / "bench" / "corpus"
FORMATS = ROOT / "tests" / "formats"


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


def big_docx(target: Path, target_mb: float) -> None:
    """One Word file of the seed letters after one another, with their notes, of at least target_mb."""
    letters = [normalise(load_document(p).text) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    copies = 1
    while True:
        body_xml, notes = [], {}
        for n in range(copies):
            normalised = letters[n % len(letters)]
            markers, letter_notes = word_numbering(normalised)
            offset = len(notes)
            body_xml.append(body_paragraphs(normalised.body, [(k + offset, at) for k, at in markers], "footnote"))
            notes.update({k + offset: text for k, text in letter_notes.items()})
        build_docx(target, "".join(body_xml), "footnote", notes, ["Onze Referentie", "BENCH-1"])
        size_mb = target.stat().st_size / 1e6
        if size_mb >= target_mb:
            return
        copies = int(copies * target_mb / size_mb * 1.05) + 1


def long_pdf(target: Path, pages: int) -> None:
    """The printed seed letters after one another until the PDF has at least `pages` pages."""
    import pypdfium2 as pdfium

    merged = pdfium.PdfDocument.new()
    # the seeds as printed (000_....pdf), not the other printings beside them (000_....footnotes.pdf)
    sources = [pdfium.PdfDocument(p) for p in sorted(FORMATS.glob("*.pdf")) if p.name.count(".") == 1]
    while len(merged) < pages:
        for source in sources:
            merged.import_pages(source)
    merged.save(target)


def timed(path: Path, rules) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    document = load_document(path)
    read = time.perf_counter() - start
    items = len(extract_document(document, rules).items)
    return read, time.perf_counter() - start, items


def published_formats(rules) -> None:  # type: ignore[no-untyped-def]
    """Per-format throughput on the fixtures, and the two large files the issue names."""
    print("published formats (tests/formats, each file read and extracted 5 times):")
    for suffix in (".docx", ".odt", ".pdf", ".html"):
        files = sorted(FORMATS.glob(f"*{suffix}"))
        size = sum(p.stat().st_size for p in files) * 5
        read_total = all_total = 0.0
        for _ in range(5):
            for path in files:
                read, total, _items = timed(path, rules)
                read_total += read
                all_total += total
        letters = len(files) * 5
        print(
            f"  {suffix:6} {letters / all_total:6.1f} letters/s, {size / 1e6 / all_total:.2f} MB/s of file "
            f"(reading {read_total / letters * 1000:.0f} ms a letter, extraction included {all_total / letters * 1000:.0f} ms)"
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    docx = OUT.parent / "large.docx"
    big_docx(docx, 5.0)
    read, total, items = timed(docx, rules)
    print(
        f"  {docx.stat().st_size / 1e6:.1f} MB .docx: read in {read:.1f} s, extracted in {total:.1f} s ({items} items)"
    )
    pdf = OUT.parent / "long.pdf"
    long_pdf(pdf, 100)
    import pypdfium2 as pdfium

    page_count = len(pdfium.PdfDocument(pdf))
    read, total, items = timed(pdf, rules)
    print(f"  {page_count}-page .pdf: read in {read:.1f} s, extracted in {total:.1f} s ({items} items)")


# Shapes a hostile or broken file may have: each must be read in time that grows with its size, not
# with its square, and in memory bounded by it. Each function gives about `size` characters.
def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: unit * max(1, size // len(unit))


HOSTILE: dict[str, Callable[[int], str]] = {
    "'nr' on every word": _repeat("Zie nr "),
    "references back to back": _repeat("12 345 nr. 5 "),
    "'kenmerk' on every word": _repeat("kenmerk "),
    "abbreviations": _repeat("Dr. A. "),
    "unclosed '[' on one line": _repeat("["),
    "unclosed '<' tags": _repeat("<a b "),
    "moties without end": _repeat("de motie Jansen en "),
    "register numbers in one sentence": _repeat("TZ202511-004 "),
    "one line of dashes": lambda size: "Zie " + "-" * size,
    "one short line repeated": _repeat("Zie\n"),
    "note links, unclosed elements": lambda size: (
        '<a href="#n1" name="r1">1</a><div id="n1"><p>' * (size // 60) + "</p></span>" * (size // 60)
    ),
    "'motie' before a footnote marker": lambda size: (
        "Zie de " + "motie " * (size // 6) + "Grinwis c.s.1 hier.\n\n1 Kamerstuk 31 985, nr. 95\n"
    ),
    "closing sentences, repeated": _repeat(
        "De motie Jansen (Kamerstuk 31 985, nr. 95) is uitgevoerd. Daarmee wordt deze motie als afgedaan beschouwd. "
    ),
    "hidden characters in every word": _repeat(
        "motie\u00a0Grin\u200bwis c.s.\u00ad (Kamerstuk 21\u00a0501-02, nr.\u00a03) "
    ),
    "escape sequences": _repeat(
        "De motie Jansen (Kamerstuk 31 985, nr. 95) wordt besproken in het overleg van de commissie over de "
        "begroting van dit jaar.\x1b[2J "
    ),
}
HOSTILE_SIZES_MB = (1, 10)


def hostile_one(name: str, megabytes: float, suffix: str) -> None:
    """In a process of its own (so that its peak memory is its own): one shape, read and extracted."""
    rules = load_rules()
    data = HOSTILE[name](int(megabytes * 2**20)).encode()
    if suffix == ".html":
        data = b"<html><body><p>" + data + b"</p></body></html>"
    before = peak_mb()
    start = time.perf_counter()
    try:
        extract_document(load_bytes(data, "hostile" + suffix, suffix), rules)
        outcome = "read"
    except LoadError as exc:
        outcome = f"refused: {exc}"
    print(json.dumps({"seconds": time.perf_counter() - start, "memory_mb": peak_mb() - before,
                      "input_mb": len(data) / 2**20, "outcome": outcome}))  # fmt: skip


def hostile_inputs(sizes: tuple[float, ...] = HOSTILE_SIZES_MB, shapes: list[str] | None = None) -> bool:
    """Every shape at 1 and 10 MB, as text and as a web page: time and peak memory against the
    targets (10 MB within 12x the time of 1 MB, at most 2 s per MB, memory within 10x the input and
    never above 1 GB). True when all are met. `shapes`: only the shapes whose name holds one of these."""
    print(
        f"hostile inputs at {' and '.join(f'{mb:g}' for mb in sizes)} MB, read and extracted, each in a process of its own:"
    )
    print(f"  {'shape':44} {'time':>16}  {'growth':>6}  {'s/MB':>5}  {'memory/input':>12}")
    met = True
    for name in HOSTILE:
        if shapes and not any(part.lower() in name.lower() for part in shapes):
            continue
        for suffix in (".txt", ".html"):
            runs = []
            for mb in sizes:
                out = subprocess.run(
                    [sys.executable, __file__, "--hostile-one", name, str(mb), suffix],
                    capture_output=True, text=True, check=True,
                )  # fmt: skip
                runs.append(json.loads(out.stdout.splitlines()[-1]))
            small, large = runs[0], runs[-1]
            growth = large["seconds"] / max(small["seconds"], 0.01)
            per_mb = max(r["seconds"] / r["input_mb"] for r in runs)
            memory = max(r["memory_mb"] / r["input_mb"] for r in runs)
            ok = growth <= 12 * large["input_mb"] / small["input_mb"] / 10 and per_mb <= 2 and memory <= 10
            ok = ok and max(r["memory_mb"] for r in runs) <= 1024
            met &= ok
            times = " / ".join(f"{r['seconds']:.2f}" for r in runs)
            print(
                f"  {name + ' (' + suffix + ')':44} {times + ' s':>16}  {growth:5.1f}x  {per_mb:5.2f}  {memory:10.1f}x"
                f"  {'' if ok else 'MISSED'}"
            )
    print(f"  targets: {'all met' if met else 'some missed (marked)'}")
    return met


class Laps:
    """Time added up per stage: `lap(stage)` charges the time since the last lap to that stage."""

    def __init__(self) -> None:
        self.costs: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.costs[stage] = self.costs.get(stage, 0.0) + now - self.last
        self.last = now


def stage_costs(files: list[Path], rules, pattern) -> None:  # type: ignore[no-untyped-def]
    """Where the time goes: each stage of extract_document, in passes of the single pattern over the
    same letters (timed letter by letter, so that both see the same machine)."""
    laps = Laps()
    for path in files:
        laps.lap("between letters")
        document = load_document(path)
        laps.lap("read")
        for _ in pattern.finditer(document.text):
            pass
        laps.lap("single pass")
        read_metadata(document.text, document.hints)
        laps.lap("metadata")
        normalised = normalise(document.text, document.notes_known)
        laps.lap("normalise")
        sentences = split_sentences(normalised)
        laps.lap("sentences")
        references = find_references(normalised, sentences, rules)
        laps.lap("references")
        finder = ItemFinder(normalised, sentences, references, rules)
        items = merge_items(finder.motie_mentions() + finder.toezegging_mentions())
        laps.lap("items")
        assign_status(items, sentences, rules, finder.index)
        laps.lap("status")
        find_identifiers(document.text)
        laps.lap("identifiers")
    single = laps.costs.pop("single pass")
    laps.costs.pop("between letters")
    parts = ", ".join(f"{stage} {seconds / single:.2f}" for stage, seconds in laps.costs.items())
    print(f"stages in single passes ({len(files)} letters): {parts}")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (default 50)")
    parser.add_argument("--formats-only", action="store_true", help="only the .docx/.pdf/.html figures")
    parser.add_argument("--hostile-only", action="store_true", help="only the hostile inputs")
    parser.add_argument(
        "--shape", action="append", metavar="TEXT", help="with --hostile-only: only the shapes whose name holds TEXT"
    )
    parser.add_argument("--hostile-one", nargs=3, metavar=("SHAPE", "MB", "SUFFIX"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.hostile_one:
        name, megabytes, suffix = args.hostile_one
        hostile_one(name, float(megabytes), suffix)
        return 0
    if args.hostile_only:
        return 0 if hostile_inputs(shapes=args.shape) else 1
    rules = load_rules()
    if args.formats_only:
        published_formats(rules)
        return 0
    files = build(args.mb)
    total_bytes = sum(p.stat().st_size for p in files)
    print(f"corpus: {len(files)} letters, {total_bytes / 1e6:.1f} MB in {OUT.relative_to(ROOT)}")

    pattern = next(r for r in rules.references if r.name == "kamerstuk_spaced").pattern
    # The single pass and the extraction are timed letter by letter, one after the other, so that
    # their ratio does not depend on how busy the machine was during either.
    texts_time = extract_time = 0.0
    per_format: dict[str, list[float]] = {}
    items = 0
    tenth = max(1, len(files) // 10)
    peak_tenth = 0.0
    for i, path in enumerate(files, start=1):
        text = path.read_text(encoding="utf-8")
        start = time.perf_counter()
        for _ in pattern.finditer(text):
            pass
        texts_time += time.perf_counter() - start
        start = time.perf_counter()
        items += len(extract_file(path, rules).items)
        elapsed = time.perf_counter() - start
        extract_time += elapsed
        bucket = per_format.setdefault(path.suffix, [0.0, 0.0])
        bucket[0] += path.stat().st_size
        bucket[1] += elapsed
        if i == tenth:
            peak_tenth = peak_mb()
    print(f"extraction: {total_bytes / 1e6 / extract_time:.2f} MB/s on one core ({extract_time:.1f} s, {items} items)")
    for suffix, (size, seconds) in sorted(per_format.items()):
        print(f"  {suffix:6} {size / 1e6 / seconds:.2f} MB/s ({size / 1e6:.1f} MB)")
    print(
        f"single pass of one compiled reference pattern: {texts_time:.2f} s ({total_bytes / 1e6 / texts_time:.1f} MB/s)"
    )
    print(f"extraction time / single-pass time: {extract_time / texts_time:.1f}x")
    print(f"peak memory: {peak_tenth:.0f} MB after {tenth} letters, {peak_mb():.0f} MB after all {len(files)}")
    stage_costs(files[:1000], rules, pattern)
    hostile_inputs()
    published_formats(rules)  # last: the large files raise the process's peak memory
    return 0


if __name__ == "__main__":
    sys.exit(main())
