"""Stage 1: a file on disk becomes text. The only stage that reads files.

The reader is chosen by the file's suffix (and, for text without one, by a look at its start):
`readers/text.py` for .txt and .md in any common encoding, `readers/html.py` for web pages,
`readers/docx.py` for Word files, `readers/odt.py` for OpenDocument text and `readers/pdf.py` for PDFs
with a text layer.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tracker.pipeline.hidden import make_plain
from tracker.pipeline.model import LoadedDocument
from tracker.pipeline.readers import LoadError
from tracker.pipeline.readers.html import looks_like_html, read_html
from tracker.pipeline.readers.text import decode_text

__all__ = ["LoadError", "load_bytes", "load_document", "supported"]

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
DOCX_SUFFIXES = {".docx", ".docm"}
PDF_SUFFIXES = {".pdf"}
BINARY_FORMATS = {**dict.fromkeys(DOCX_SUFFIXES, "docx"), **dict.fromkeys(PDF_SUFFIXES, "pdf"), ".odt": "odt"}
UNSUPPORTED_SUFFIXES = {
    ".doc": "Word 97-2003 files are not supported; save the letter as .docx",
    ".rtf": "RTF files are not supported; save the letter as .docx or .pdf",
}
# Limits that keep time and memory bounded on any file (the README states them). Word and PDF files
# are also bounded by their unpacked XML and their pages (readers/docx.py, readers/pdf.py).
MAX_BYTES = 200 * 1024 * 1024  # Word, OpenDocument and PDF files
# plain text, Markdown and web pages: a hostile page (references back to back) takes up to 40 times its
# size while it is extracted, so this keeps any text well under 1 GB (the letters here have at most 45 KB)
MAX_TEXT_BYTES = 6 * 1024 * 1024


def supported(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | BINARY_FORMATS.keys()


def load_document(path: Path) -> LoadedDocument:
    try:
        # opened without waiting, so that a pipe or device named like a letter cannot block the run
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
            info = os.fstat(file.fileno())  # one open and one stat: letters are many and small
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(info.st_mode):
                raise LoadError("is not a regular file (a pipe, socket or device); only files are read")
            limit = MAX_BYTES if path.suffix.lower() in BINARY_FORMATS else MAX_TEXT_BYTES
            if info.st_size > limit:
                raise LoadError(f"is too large ({info.st_size / 2**20:.0f} MB; the limit is {limit // 2**20} MB)")
            data = file.read()
    except IsADirectoryError:
        raise LoadError("is a folder, not a file") from None
    except FileNotFoundError:
        raise LoadError("no such file") from None
    except PermissionError:
        raise LoadError("permission denied") from None
    except OSError as exc:
        raise LoadError(f"cannot be read ({exc.strerror or exc})") from None
    # a file name that is not UTF-8 is kept by Python as lone surrogates, which no output can encode
    return load_bytes(data, os.fsencode(path).decode("utf-8", "replace"), path.suffix.lower())


def load_bytes(data: bytes, path: str, suffix: str) -> LoadedDocument:
    if suffix in UNSUPPORTED_SUFFIXES:
        raise LoadError(UNSUPPORTED_SUFFIXES[suffix])
    if not data.strip():
        raise LoadError("is empty")
    hints: dict[str, str] = {}
    notes_known = False
    if suffix in BINARY_FORMATS:
        fmt, notes_known = BINARY_FORMATS[suffix], True
        text, hints = _read_binary_format(data, fmt)
    else:
        text = decode_text(data)
        fmt = "markdown" if suffix in {".md", ".markdown"} else "text"
        if suffix in HTML_SUFFIXES or (suffix not in {".txt", ".md"} and looks_like_html(text)):
            text, hints = _guarded(read_html, text, "html")
            fmt = "html"
    if not text.strip():
        raise LoadError("contains no text")
    text, hidden = make_plain(text)
    return LoadedDocument(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        text=text,
        notes_known=notes_known,
        hints=hints,
        hidden=hidden,
    )


def _read_binary_format(data: bytes, fmt: str) -> tuple[str, dict[str, str]]:
    # imported when needed, so that commands that read no Word or PDF file start fast
    if fmt == "docx":
        from tracker.pipeline.readers.docx import read_docx as read
    elif fmt == "odt":
        from tracker.pipeline.readers.odt import read_odt as read
    else:
        from tracker.pipeline.readers.pdf import read_pdf as read
    return _guarded(read, data, fmt)


def _guarded(
    read: Callable[[Any], tuple[str, dict[str, str]]], source: bytes | str, fmt: str
) -> tuple[str, dict[str, str]]:
    """A reader's unforeseen failure becomes a one-line error for this file."""
    try:
        return read(source)
    except LoadError:
        raise
    except Exception as exc:  # a damaged or hostile file (say, XML nested too deep) must not stop the others
        detail = " ".join(str(exc).split())[:160] or type(exc).__name__
        raise LoadError(f"cannot be read as {fmt.upper()} ({detail})") from None
