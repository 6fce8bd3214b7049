"""OpenDocument text (.odt, LibreOffice's own format): the body and its real footnotes and endnotes.

Like a .docx, an .odt is a zip of XML parts. The body is `office:text` in `content.xml`; a note sits
where its marker is, as `text:note` holding its printed label (`text:note-citation`) and its text
(`text:note-body`). Headers and footers live in `styles.xml` (`style:master-page`): not body text,
but read for the kenmerk and date they carry. Text deleted in tracked changes, comments and indexes
(a table of contents repeats the headings) are left out. Parsed with defusedxml, as .docx is.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree.ElementTree import Element

from tracker.pipeline.readers import LoadError, marker, notes_block, table_rows
from tracker.pipeline.readers.docx import xml_part

_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"

_PARAGRAPHS = {_TEXT + "p", _TEXT + "h"}
# Elements whose text is not part of what the letter says.
_SKIPPED = {
    _TEXT + "tracked-changes", _OFFICE + "annotation", _TEXT + "note-citation", _TEXT + "sequence-decls",
    _TEXT + "table-of-content", _TEXT + "alphabetical-index", _TEXT + "illustration-index",
    _TEXT + "table-index", _TEXT + "object-index", _TEXT + "user-index", _TEXT + "bibliography",
    _DRAW + "image", _TABLE + "covered-table-cell",
}  # fmt: skip
_RUNNING_PARTS = {
    _STYLE + "header", _STYLE + "footer", _STYLE + "header-left", _STYLE + "footer-left",
    _STYLE + "header-first", _STYLE + "footer-first",
}  # fmt: skip
_WHITE_SPACE = re.compile(r"[ \t\r\n]+")  # in ODF text, a run of white space is one space


def read_odt(data: bytes) -> tuple[str, dict[str, str]]:
    """The letter text, and as `running` the text of its headers and footers (kenmerk, date)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise LoadError("is not a valid .odt (the zip archive is damaged or truncated)") from None
    with archive:
        content = xml_part(archive, "content.xml", required=True, kind="OpenDocument")
        styles = xml_part(archive, "styles.xml", kind="OpenDocument")
    assert content is not None
    body = content.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise LoadError("is not an OpenDocument text (content.xml has no office:text; a spreadsheet or slides?)")
    reader = _BodyReader()
    text = reader.read(body)
    running = []
    if styles is not None:
        for page in styles.iter(_STYLE + "master-page"):
            running += [_BodyReader().read(part) for part in page if part.tag in _RUNNING_PARTS]
    return text + notes_block(reader.notes), {"running": "\n\n".join(part for part in running if part)}


class _BodyReader:
    """Walks the XML in document order; numbers notes in the order their markers appear."""

    def __init__(self) -> None:
        self.notes: list[str] = []

    def read(self, element: Element) -> str:
        blocks: list[str] = []
        self._blocks(element, blocks)
        return "\n\n".join(block for block in blocks if block.strip())

    def _blocks(self, element: Element, out: list[str]) -> None:
        for child in element:
            if child.tag in _PARAGRAPHS:
                out.append(self._inline(child).strip())
            elif child.tag == _TABLE + "table":
                out.extend(table_rows(child, _TABLE + "table-row", _TABLE + "table-cell", self._blocks))
            elif child.tag not in _SKIPPED:
                self._blocks(child, out)  # lists, sections, frames and text boxes

    def _inline(self, element: Element) -> str:
        parts: list[str] = []
        self._collect(element, parts)
        return "".join(parts)

    def _collect(self, element: Element, parts: list[str]) -> None:
        if element.text:
            parts.append(_WHITE_SPACE.sub(" ", element.text))
        for child in element:
            tag = child.tag
            if tag == _TEXT + "s":
                parts.append(" " * _count(child.get(_TEXT + "c")))
            elif tag == _TEXT + "tab":
                parts.append("\t")
            elif tag == _TEXT + "line-break":
                parts.append("\n")
            elif tag == _TEXT + "note":
                parts.append(self._note_marker(child))
            elif tag in _PARAGRAPHS:  # a paragraph in a frame or text box inside this one
                parts.append("\n" + self._inline(child))
            elif tag not in _SKIPPED:
                self._collect(child, parts)
            if child.tail:
                parts.append(_WHITE_SPACE.sub(" ", child.tail))

    def _note_marker(self, note: Element) -> str:
        body = note.find(_TEXT + "note-body")
        if body is None:
            return ""  # a note without text
        self.notes.append(" ".join(self._inline(p).strip() for p in body.iter() if p.tag in _PARAGRAPHS).strip())
        return marker(len(self.notes))


def _count(value: str | None) -> int:
    """`text:s text:c="3"`: three spaces; bounded, since the number is the file's."""
    return min(int(value), 100) if value and value.isdigit() else 1
