"""Compare candidate readers for .docx and .pdf on speed and on the text they give around a marker.

Needs the candidates, which tracker itself does not depend on:

    pip install docx2python python-docx pdfminer.six pypdf
    python scripts/compare_readers.py

Reads seed 001 from tests/formats and the large files scripts/bench.py makes (built here if absent).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.bench import FORMATS, OUT, big_docx, long_pdf  # noqa: E402
from tracker.pipeline.readers.docx import read_docx  # noqa: E402
from tracker.pipeline.readers.pdf import read_pdf  # noqa: E402


def docx2python_text(path: Path) -> str:
    from docx2python import docx2python

    with docx2python(path) as document:
        return str(document.text)


def python_docx_text(path: Path) -> str:
    import docx

    return "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)


def pdfium_plain_text(path: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    return "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def pdfminer_text(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return str(extract_text(path))


def pypdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(path).pages)


def compare(paths: list[Path], readers: dict[str, Callable[[Path], str]]) -> None:
    for path in paths:
        for name, reader in readers.items():
            start = time.perf_counter()
            try:
                text = reader(path)
            except Exception as exc:  # a candidate failing is a result too
                print(f"{path.name:28} {name:26} failed: {type(exc).__name__}: {exc}")
                continue
            at = text.find("partijleider")
            print(f"{path.name:28} {name:26} {time.perf_counter() - start:6.2f} s  {text[at : at + 32]!r}")


def main() -> None:
    large_docx, long = OUT.parent / "large.docx", OUT.parent / "long.pdf"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    if not large_docx.exists():
        big_docx(large_docx, 5.0)
    if not long.exists():
        long_pdf(long, 100)
    read_pdf((FORMATS / "004_869d32280b3c1c42.pdf").read_bytes())  # load PDFium once before timing
    compare(
        [FORMATS / "001_d64714fac5e013c7.docx", large_docx],
        {
            "own reader (defusedxml)": lambda p: read_docx(p.read_bytes())[0],
            "docx2python": docx2python_text,
            "python-docx": python_docx_text,
        },
    )
    compare(
        [FORMATS / "001_d64714fac5e013c7.pdf", long],
        {
            "pypdfium2 + layout (own)": lambda p: read_pdf(p.read_bytes())[0],
            "pypdfium2 plain text": pdfium_plain_text,
            "pdfminer.six": pdfminer_text,
            "pypdf": pypdf_text,
        },
    )


if __name__ == "__main__":
    main()
