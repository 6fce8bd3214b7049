"""Files and names as real machines have them: pipes named like letters, names that are not UTF-8,
linked folders, characters beyond U+FFFF in a PDF, escape sequences in letter text and file names.
Each gets one line (or is read), and the rest of the run goes on."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest

from tests.clirun import run, runner
from tests.conftest import ROOT, SEEDS
from tracker.cli import app
from tracker.pipeline.extract import extract_document, to_json
from tracker.pipeline.load import load_bytes

LETTER = SEEDS / "000_eb112036e86ee879.txt"


def stored_documents(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        paths = [row[0] for row in conn.execute("select path from documents order by path")]
    conn.close()
    return paths


def test_a_pipe_named_like_a_letter_does_not_block(db_path: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(db_path), "ingest", str(fifo), str(LETTER)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1 and result.stdout == ""
    assert f"Error: {fifo}: is not a regular file" in result.stderr
    assert "1 ingested" in result.stderr and stored_documents(db_path) == [str(LETTER)]


def test_a_file_name_that_is_not_utf8(db_path: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    name = os.fsdecode(b"brief-\xe9t\xe9.txt")  # Latin-1 bytes, as an old file share gives them
    (inbox / name).write_bytes(LETTER.read_bytes())
    result = run(db_path, "ingest", str(inbox))
    assert result.exit_code == 0, result.stderr
    assert "brief-\ufffdt\ufffd.txt: 11 items" not in result.stderr  # seed 000 holds fewer
    assert "brief-\ufffdt\ufffd.txt:" in result.stderr and "1 ingested" in result.stderr
    assert stored_documents(db_path) == [f"{inbox}/brief-\ufffdt\ufffd.txt"]
    extracted = runner.invoke(app, ["extract", str(inbox / name)])
    assert extracted.exit_code == 0
    assert json.loads(extracted.stdout)["document"]["path"].endswith("brief-\ufffdt\ufffd.txt")


def test_linked_folders_are_followed_once(db_path: Path, tmp_path: Path) -> None:
    inbox, elsewhere = tmp_path / "inbox", tmp_path / "elsewhere"
    inbox.mkdir()
    elsewhere.mkdir()
    (elsewhere / "brief.txt").write_bytes(LETTER.read_bytes())
    (inbox / "linked").symlink_to(elsewhere)
    (elsewhere / "back").symlink_to(inbox)  # a loop through both folders
    result = run(db_path, "ingest", str(inbox))
    assert result.exit_code == 0, result.stderr
    assert "1 files: 1 ingested" in result.stderr
    assert stored_documents(db_path) == [str(inbox / "linked" / "brief.txt")]


def test_an_error_in_one_file_never_stops_the_others(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracker.ingest

    real = tracker.ingest.extract_document

    def fragile(document, rules):  # type: ignore[no-untyped-def]
        if "001_" in document.path:
            raise RecursionError("maximum recursion depth exceeded")
        return real(document, rules)

    monkeypatch.setattr(tracker.ingest, "extract_document", fragile)
    result = run(db_path, "ingest", "--jobs", "1", str(SEEDS))
    assert result.exit_code == 1 and result.stdout == ""
    assert f"Error: {SEEDS / '001_d64714fac5e013c7.txt'}: cannot be processed (RecursionError: maximum" in result.stderr
    assert "5 files: 4 ingested, 0 unchanged, 1 failed" in result.stderr
    extracted = runner.invoke(app, ["extract", "--jobs", "1", str(SEEDS / "001_d64714fac5e013c7.txt"), str(LETTER)])
    (read,) = json.loads(extracted.stdout)  # two letters given: an array, of the one read
    assert extracted.exit_code == 1 and len(read["items"]) > 0


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the workers must inherit the patch")
def test_a_worker_process_that_dies_costs_its_own_letter_only(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker killed while reading a letter (a crash in a reader's C code, the out-of-memory killer)
    makes that letter one line; the others are read and stored, in order, and the run ends."""
    import tracker.ingest

    real = tracker.ingest.extract_document

    def crashing(document, rules):  # type: ignore[no-untyped-def]
        if "002_" in document.path:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(document, rules)

    monkeypatch.setattr(tracker.ingest, "extract_document", crashing)
    result = run(db_path, "ingest", "--jobs", "2", str(SEEDS))
    crashed = next(SEEDS.glob("002_*"))
    assert result.exit_code == 1 and result.stdout == ""
    assert f"Error: {crashed}: cannot be processed (the process reading it ended abruptly" in result.stderr
    assert "5 files: 4 ingested, 0 unchanged, 1 failed" in result.stderr
    assert stored_documents(db_path) == sorted(str(p) for p in SEEDS.glob("*.txt") if p != crashed)
    letters = sorted(SEEDS.glob("*.txt"))
    extracted = runner.invoke(app, ["extract", "--jobs", "2", *map(str, letters)])
    assert extracted.exit_code == 1 and f"{crashed}: cannot be processed" in extracted.stderr
    assert [d["document"]["path"] for d in json.loads(extracted.stdout)] == [str(p) for p in letters if p != crashed]


def pdf_with_text(text: bytes, to_unicode: dict[int, str]) -> bytes:
    """A one-page PDF in Helvetica whose ToUnicode map gives some byte codes other characters."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        + f"{len(to_unicode)} beginbfchar\n".encode()
        + b"".join(
            f"<{code:02X}> <{value.encode('utf-16-be').hex().upper()}>\n".encode() for code, value in to_unicode.items()
        )
        + b"endbfchar\n"
        + f"{256 - len(to_unicode)} beginbfchar\n".encode()
        + b"".join(f"<{c:02X}> <{c:04X}>\n".encode() for c in range(256) if c not in to_unicode)
        + b"endbfchar endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    lines = [line.encode("latin-1") for line in textwrap.wrap(text.decode("latin-1"), 80)]
    content = b"BT /F1 10 Tf 14 TL 50 780 Td " + b"".join(b"(" + line + b") Tj T* " for line in lines) + b"ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(zlib.compress(cmap))
        + zlib.compress(cmap)
        + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_characters_beyond_the_basic_plane(db_path: Path, tmp_path: Path) -> None:
    text = (
        b"Met deze brief informeer ik uw Kamer @ over de uitvoering van de motie van het lid Grinwis c.s. "
        b"(Kamerstuk 31 985, nr. 95) over het wetsvoorstel. Daarmee wordt deze motie als afgedaan beschouwd. "
        b"De formule ~ blijft zoals zij was."
    )
    pdf = tmp_path / "emoji.pdf"
    pdf.write_bytes(pdf_with_text(text, {ord("@"): "\U0001f600", ord("~"): "\U0001d465"}))
    document = load_bytes(pdf.read_bytes(), str(pdf), ".pdf")
    assert "uw Kamer \U0001f600 over" in document.text and "formule \U0001d465 blijft" in document.text
    items = {(i.key, i.status) for i in extract_document(document).items}
    assert ("kst-31985-95", "closed") in items
    result = run(db_path, "ingest", str(pdf), str(SEEDS))
    assert result.exit_code == 0, result.stderr
    assert "6 files: 6 ingested" in result.stderr


def test_control_characters_never_reach_the_terminal(db_path: Path, tmp_path: Path) -> None:
    name = tmp_path / "brief\x1b]0;owned\x07.txt"
    name.write_text(
        "Den Haag, 1 december 2025\n\nMet deze brief geef ik uitvoering aan de motie van het lid Grinwis c.s. "
        "(Kamerstuk 31 985, nr. 95) over het \x1b[2Jwetsvoorstel.\x1b[31m Daarmee wordt deze motie als afgedaan beschouwd.\n",
        encoding="utf-8",
    )
    table = runner.invoke(app, ["extract", str(name), "--format", "table"])
    ingest = run(db_path, "ingest", str(name))
    show = run(db_path, "show", "kst-31985-95")
    listing = run(db_path, "list")
    report = run(db_path, "report")
    for result in (table, ingest, show, listing, report):
        assert result.exit_code == 0, result.stderr
        assert not any(ch in result.stdout + result.stderr for ch in "\x1b\x07"), result.stdout + result.stderr
    assert "brief]0;owned.txt" in ingest.stderr and "het [2Jwetsvoorstel" in show.stdout
    stored = json.loads(run(db_path, "show", "kst-31985-95", "--format", "json").stdout)
    assert "het \x1b[2Jwetsvoorstel" in stored["timeline"][0]["quote"]  # the stored text keeps them


@pytest.mark.parametrize(
    "hidden",
    ["\u00a0", "\u202f", "\u200b", "\u00ad", "\u2060"],
    ids=["no-break space", "narrow no-break space", "zero-width space", "soft hyphen", "word joiner"],
)
def test_characters_that_hide_words_are_made_plain_and_quotes_keep_them(hidden: str) -> None:
    space = hidden if hidden in "\u00a0\u202f" else " " + hidden  # a space's stand-in, or an extra invisible
    text = (
        "Den Haag, 1 december 2025\n\n"
        f"Met deze brief geef ik uitvoering aan de motie{space}van het lid Grin{hidden if hidden not in chr(0xA0) + chr(0x202F) else ''}wis c.s. "
        f"(Kamerstuk 21{space}501-02, nr.{space}3). Daarmee wordt deze motie als afgedaan beschouwd.\n"
    )
    for suffix, data in ((".txt", text.encode()), (".html", f"<html><body><p>{text}</p></body></html>".encode())):
        extraction = extract_document(load_bytes(data, "brief" + suffix, suffix))
        found = {(i.key, i.name, i.status) for i in extraction.items}
        assert ("kst-21501-02-3", "Grinwis c.s.", "closed") in found, (suffix, found)
        quote = to_json(extraction)["items"][0]["quote"]
        assert hidden in quote or hidden in "\u00a0\u202f"  # spaces are folded in quotes, as all white space is
        if hidden not in "\u00a0\u202f":
            assert quote in " ".join(text.split())  # the document's own text, white space folded


def test_limits_give_one_line_each(db_path: Path, tmp_path: Path) -> None:
    """A file past a limit (size, unpacked XML, pages) is one line, found before it is read whole."""
    import io
    import zipfile

    import pypdfium2 as pdfium

    from tracker.pipeline.load import MAX_TEXT_BYTES
    from tracker.pipeline.readers.docx import MAX_PART_BYTES
    from tracker.pipeline.readers.pdf import MAX_PAGES

    big_text = tmp_path / "groot.txt"
    with big_text.open("wb") as out:
        out.truncate(MAX_TEXT_BYTES + 1)  # sparse: nothing is written
    bomb = tmp_path / "bom.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b" " * MAX_PART_BYTES + b">")
    source = pdfium.PdfDocument(ROOT / "tests" / "formats" / "000_eb112036e86ee879.pdf")
    long_pdf = pdfium.PdfDocument.new()
    long_pdf.import_pages(source, [0] * (MAX_PAGES + 1))
    buffer = io.BytesIO()
    long_pdf.save(buffer)
    (tmp_path / "lang.pdf").write_bytes(buffer.getvalue())
    result = run(db_path, "ingest", str(big_text), str(bomb), str(tmp_path / "lang.pdf"), str(LETTER))
    assert result.exit_code == 1 and result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [
        f"Error: {big_text}: is too large (6 MB; the limit is 6 MB)",
        f"Error: {bomb}: is too large: its word/document.xml unpacks to 64 MB (the limit is 64 MB)",
        f"Error: {tmp_path / 'lang.pdf'}: is too long (501 pages; the limit is 500): split it, for example with "
        "'qpdf --split-pages'",
    ]
    assert stored_documents(db_path) == [str(LETTER)]
