"""Stage 1: a file on disk becomes text. The only stage that reads files."""

from __future__ import annotations

import codecs
import hashlib
import html
import re
from html.parser import HTMLParser
from pathlib import Path

from tracker.pipeline.model import LoadedDocument

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
UNSUPPORTED_SUFFIXES = {".docx": "Word", ".doc": "Word 97-2003", ".pdf": "PDF", ".odt": "OpenDocument", ".rtf": "RTF"}
MAX_BYTES = 200 * 1024 * 1024
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")


class LoadError(Exception):
    """A file that cannot be used; the message names the problem in one line."""


def supported(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES


def load_document(path: Path) -> LoadedDocument:
    try:
        if path.is_dir():
            raise LoadError("is a folder, not a file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LoadError(f"too large ({size // (1024 * 1024)} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise LoadError("no such file") from None
    except PermissionError:
        raise LoadError("permission denied") from None
    except OSError as exc:
        raise LoadError(f"cannot be read ({exc.strerror or exc})") from None
    return load_bytes(data, str(path), path.suffix.lower())


def load_bytes(data: bytes, path: str, suffix: str) -> LoadedDocument:
    if suffix in UNSUPPORTED_SUFFIXES:
        raise LoadError(f"{UNSUPPORTED_SUFFIXES[suffix]} files are not supported yet; save the letter as .txt or .html")
    if not data.strip():
        raise LoadError("is empty")
    text = decode_text(data)
    fmt = "text"
    if suffix in HTML_SUFFIXES or (suffix not in {".txt", ".md"} and _looks_like_html(text)):
        text = html_to_text(text)
        fmt = "html"
    elif suffix in {".md", ".markdown"}:
        fmt = "markdown"
    if not text.strip():
        raise LoadError("contains no text")
    return LoadedDocument(path=path, sha256=hashlib.sha256(data).hexdigest(), format=fmt, text=text)


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 (with BOM, or detectable), or Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16")
    sample = data[:4096]
    if len(sample) >= 4:
        even_nul = sample[0::2].count(0) / len(sample[0::2])
        odd_nul = sample[1::2].count(0) / len(sample[1::2])
        if odd_nul > 0.3 and even_nul < 0.05:
            return _strict(data, "utf-16-le")
        if even_nul > 0.3 and odd_nul < 0.05:
            return _strict(data, "utf-16-be")
    if b"\x00" in data:
        raise LoadError("is binary data, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    _reject_binary(text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _strict(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise LoadError(f"is not valid {encoding} text ({exc.reason} at byte {exc.start})") from None
    text = text.lstrip("\ufeff")
    _reject_binary(text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _reject_binary(text: str) -> None:
    sample = text[:20000]
    controls = len(_CONTROL_CHARS.findall(sample)) + sample.count("\ufffd")
    if sample and controls / len(sample) > 0.02:
        raise LoadError("is binary data, not text")


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head


# --- HTML -------------------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "table", "ul", "ol", "blockquote", "header", "footer", "dd", "dt", "hr",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "nav", "noscript", "template", "svg", "head", "button", "form"}


class _TextExtractor(HTMLParser):
    """Keeps the text of the page, paragraphs separated by blank lines, without navigation."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
        elif tag == "sup" and not self.skip_depth:
            self.parts.append("<sup>")
        elif tag in _BLOCK_TAGS and not self.skip_depth:
            self.parts.append("\n\n" if tag != "br" else "\n")
        elif tag == "td" and not self.skip_depth:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "sup" and not self.skip_depth:
            self.parts.append("</sup>")
        elif tag in _BLOCK_TAGS and not self.skip_depth:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(source: str) -> str:
    parser = _TextExtractor()
    parser.feed(source)
    parser.close()
    text = html.unescape("".join(parser.parts))
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
