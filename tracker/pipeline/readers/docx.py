"""Word .docx: the body (paragraphs, headings, tables) and the real footnotes and endnotes.

A .docx is a zip of XML parts. The body is `word/document.xml`; notes live in `word/footnotes.xml`
and `word/endnotes.xml` and are tied to the body by `<w:footnoteReference w:id=..>` at the place of
the marker. Headers and footers are separate parts: not body text, but read for the metadata they
carry ("Onze Referentie"). Comments are not read. The XML is parsed with defusedxml, so a hostile
file cannot expand entities, declare a DTD or load anything from outside the archive.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from tracker.pipeline.readers import LoadError, marker, notes_block, table_rows

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Unpacked size of one XML part: a 5 MB letter has about 20 MB; the parsed tree takes some ten
# times the XML, so this bounds memory (and refuses zip bombs before a byte is unpacked).
MAX_PART_BYTES = 64 * 1024 * 1024
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # encrypted .docx files and old .doc files are OLE containers

# Elements whose text is not part of what the letter says.
_SKIPPED = {
    _W + "delText", _W + "instrText", _W + "del", _W + "footnoteRef", _W + "endnoteRef",
    _W + "commentReference", _W + "moveFrom", _W + "rPr", _W + "pPr", _W + "sectPr", _MC_FALLBACK,
}  # fmt: skip


def read_docx(data: bytes) -> tuple[str, dict[str, str]]:
    """The letter text, and as `running` the text of its headers and footers (kenmerk, date)."""
    if data.startswith(_OLE_SIGNATURE):
        raise LoadError(
            "is encrypted (password-protected) or an old Word 97-2003 file; save it as an unprotected .docx"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise LoadError("is not a valid .docx (the zip archive is damaged or truncated)") from None
    with archive:
        document = xml_part(archive, "word/document.xml", required=True)
        assert document is not None
        reader = _BodyReader(
            footnotes=_notes_by_id(xml_part(archive, "word/footnotes.xml"), "footnote"),
            endnotes=_notes_by_id(xml_part(archive, "word/endnotes.xml"), "endnote"),
        )
        running = [
            _BodyReader({}, {}).read(part)
            for name in sorted(archive.namelist())
            if name.startswith(("word/header", "word/footer"))
            and name.endswith(".xml")
            and (part := xml_part(archive, name)) is not None
        ]
    body = document.find(_W + "body")
    if body is None:
        raise LoadError("is not a Word document (word/document.xml has no body)")
    text = reader.read(body)
    return text + notes_block(reader.notes), {"running": "\n\n".join(running)}


def xml_part(archive: zipfile.ZipFile, name: str, required: bool = False, kind: str = "Word") -> Element | None:
    """One XML part of a zip package (.docx, .odt), parsed safely; damage is a one-line LoadError."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        if required:
            raise LoadError(f"is not a {kind} document (no {name} inside)") from None
        return None
    if info.file_size > MAX_PART_BYTES:
        raise LoadError(
            f"is too large: its {name} unpacks to {info.file_size / 2**20:.0f} MB (the limit is {MAX_PART_BYTES // 2**20} MB)"
        )
    try:
        return fromstring(archive.read(info))
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise LoadError(f"is damaged ({name} cannot be unpacked: {exc})") from None
    except ParseError as exc:
        raise LoadError(f"is damaged ({name} is not well-formed XML: {exc})") from None
    except DefusedXmlException:
        raise LoadError(f"is refused: {name} declares XML entities or a DTD") from None


def _notes_by_id(root: Element | None, kind: str) -> dict[str, Element]:
    if root is None:
        return {}
    return {
        note.get(_W + "id", ""): note
        for note in root.iter(_W + kind)
        if note.get(_W + "type") in (None, "normal")  # not the separator lines
    }


class _BodyReader:
    """Walks the XML in document order; numbers notes in the order their markers appear."""

    def __init__(self, footnotes: dict[str, Element], endnotes: dict[str, Element]) -> None:
        self.sources = {"footnote": footnotes, "endnote": endnotes}
        self.notes: list[str] = []
        self.numbers: dict[tuple[str, str], int] = {}

    def read(self, body: Element) -> str:
        blocks: list[str] = []
        self._blocks(body, blocks)
        return "\n\n".join(block for block in blocks if block.strip())

    def _blocks(self, element: Element, out: list[str]) -> None:
        for child in element:
            if child.tag == _W + "p":
                out.append(self._inline(child).strip())
            elif child.tag == _W + "tbl":
                out.extend(table_rows(child, _W + "tr", _W + "tc", self._blocks))
            elif child.tag not in _SKIPPED:
                self._blocks(child, out)  # content controls, smart tags, text boxes

    def _inline(self, element: Element) -> str:
        parts: list[str] = []
        self._collect(element, parts)
        return "".join(parts)

    def _collect(self, element: Element, parts: list[str]) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIPPED:
                continue
            if tag == _W + "t":
                parts.append(child.text or "")
            elif tag == _W + "tab":
                parts.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                parts.append("\n")
            elif tag == _W + "noBreakHyphen":
                parts.append("-")
            elif tag in (_W + "footnoteReference", _W + "endnoteReference"):
                kind = "footnote" if tag == _W + "footnoteReference" else "endnote"
                parts.append(self._note_marker(kind, child.get(_W + "id", "")))
            elif tag == _W + "p":  # a paragraph nested in a text box inside this one
                parts.append("\n" + self._inline(child))
            else:
                self._collect(child, parts)

    def _note_marker(self, kind: str, note_id: str) -> str:
        key = (kind, note_id)
        if key not in self.numbers:
            note = self.sources[kind].get(note_id)
            if note is None:
                return ""  # a reference to a note the file does not hold
            self.numbers[key] = len(self.notes) + 1
            self.notes.append(" ".join(self._inline(p).strip() for p in note.iter(_W + "p")).strip())
        return marker(self.numbers[key])
