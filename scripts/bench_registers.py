"""Register import and comparison on generated registers of 10,000 records (by default).

Writes bench/registers/: a TK OData JSON page, a TK SyncFeed feed with a change log (every record
twice, the second version later), a CSV with ';' and a BOM, and an Eerste Kamer rappel page in
HTML; imports each into a database that holds the seed letters, then the same files again (nothing
changes), then a newer OData export in which every record changed, and times `registers status`
over everything.

    python scripts/bench_registers.py [--records 10000]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.ingest import ingest_files  # noqa: E402
from tracker.registers.compare import compare  # noqa: E402
from tracker.registers.store import import_file  # noqa: E402
from tracker.rules import load_rules  # noqa: E402
from tracker.store.schema import open_db  # noqa: E402

OUT = ROOT / "bench" / "registers"
STATUSES = ("Openstaand", "Afgedaan", "Afgedaan", "Deels Afgedaan", "Vervallen", "")


def number(i: int) -> str:
    return f"TZ20{10 + i // 12000:02d}{1 + i // 1000 % 12:02d}-{i % 1000:03d}"


def odata(records: int, status_shift: int, changed: str) -> str:
    rows = [
        {"Id": f"00000000-0000-4000-8000-{i:012d}", "Nummer": number(i), "Status": STATUSES[(i + status_shift) % 6],
         "Tekst": f"De minister informeert de Kamer over onderwerp {i} voor de zomer.", "Ministerie": "Financiën",
         "Functie": "Minister van Financiën", "Naam": "Jansen, J.", "Aanmaakdatum": "2024-03-01T10:00:00+01:00",
         "DatumNakoming": "0001-01-01T00:00:00Z", "Verwijderd": False, "ApiGewijzigdOp": changed,
         "KamerbriefNakoming": [{"DocumentNummer": f"2025D{i % 90000 + 10000:05d}"}] if i % 3 else []}
        for i in range(records)
    ]  # fmt: skip
    return json.dumps({"@odata.context": "…#Toezegging", "value": rows}, ensure_ascii=False)


def syncfeed(records: int) -> str:
    entries = []
    for version in ("2025-01-01T10:00:00.1234567+01:00", "2025-06-01T10:00:00.1234567+02:00"):
        for i in range(records // 2):
            entries.append(
                f'<entry><content type="application/xml"><ns1:toezegging xmlns:ns1="http://www.tweedekamer.nl/xsd/tkData/v1-0"'
                f' id="11111111-0000-4000-8000-{i:012d}" ns1:bijgewerkt="{version}" ns1:verwijderd="false">'
                f"<ns1:nummer>{number(50000 + i)}</ns1:nummer><ns1:status>{STATUSES[i % 6]}</ns1:status>"
                f"<ns1:kamerbriefNakoming>2025D{i % 90000 + 10000:05d}</ns1:kamerbriefNakoming>"
                f"<ns1:tekst>Tekst {i}</ns1:tekst></ns1:toezegging></content></entry>"
            )
    return '<feed xmlns="http://www.w3.org/2005/Atom">' + "".join(entries) + "</feed>"


def csv_semicolon(records: int) -> str:
    lines = ["Nummer;Titel;Status;Datum toezegging;Deadline;Verantwoordelijke(n)"]
    lines += [f"T{i:05d};Titel {i};{('openstaand', 'voldaan', 'deels voldaan')[i % 3]};1 maart 2020;1 januari 2026;Minister" for i in range(records)]  # fmt: skip
    return "\ufeff" + "\r\n".join(lines) + "\r\n"


def ek_page(records: int) -> str:
    parts = ["<html><body><h1>Rappelabele toezeggingen Financiën (Rappel toezeggingen september 2025)</h1>",
             "<p>Dit is het rappel tot 02-07-25.</p>"]  # fmt: skip
    for i in range(records):
        parts.append(
            f"<h2>Toezegging Onderwerp {i} (36.600) (T{50000 + i:05d})</h2><p>De minister zegt de Kamer toe ...</p>"
            f"<h3>Kerngegevens</h3><table><tr><th>Nummer</th><td>T{50000 + i:05d}</td></tr>"
            f"<tr><th>Status</th><td>openstaand</td></tr><tr><th>Deadline</th><td>1 januari 2025</td></tr>"
            f"<tr><th>Verantwoordelijke(n)</th><td>Minister van Financiën</td></tr></table><h3>Uit de stukken</h3>"
        )
    return "".join(parts) + "</body></html>"


def timed_import(db: object, path: Path) -> tuple[float, str]:
    start = time.perf_counter()
    result = import_file(db, path)  # type: ignore[arg-type]
    took = time.perf_counter() - start
    what = "unchanged (imported before)" if not result.new else f"{result.added} added, {result.updated} updated"
    return took, what


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    n = parser.parse_args().records
    OUT.mkdir(parents=True, exist_ok=True)
    files = {
        "TK OData JSON page": (OUT / "toezeggingen.json", odata(n, 0, "2025-01-01T10:00:00Z")),
        "TK SyncFeed (each record twice)": (OUT / "feed.xml", syncfeed(2 * n)),
        "CSV ';' with BOM": (OUT / "ek.csv", csv_semicolon(n)),
        "EK rappel page, HTML": (OUT / "rappel.html", ek_page(n // 5)),
    }
    newer = OUT / "toezeggingen-newer.json"
    newer.write_text(odata(n, 1, "2025-09-01T10:00:00Z"), encoding="utf-8")
    for path, content in files.values():
        path.write_text(content, encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "bench.db")
        ingest_files(db, sorted((ROOT / "seeds").glob("*.txt")), load_rules(None), jobs=1)
        print(f"register import ({n} records a file; the EK page {n // 5}), one core:")
        for label, (path, _) in files.items():
            took, what = timed_import(db, path)
            size = path.stat().st_size / 1e6
            print(f"  {label:34s} {took:6.2f} s  ({size:.1f} MB; {what})")
        for label, (path, _) in list(files.items())[:1]:
            took, what = timed_import(db, path)
            print(f"  {label + ' again':34s} {took:6.2f} s  ({what})")
        took, what = timed_import(db, newer)
        print(f"  {'newer OData export, all changed':34s} {took:6.2f} s  ({what})")
        start = time.perf_counter()
        rows = compare(db, date(2026, 3, 1))
        print(f"  registers status over {len(rows)} rows  {time.perf_counter() - start:6.2f} s")


if __name__ == "__main__":
    main()
