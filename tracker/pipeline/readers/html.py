"""Web pages (officielebekendmakingen, tweedekamer.nl, opentk): the letter text without navigation.

Footnote markers are kept as `<sup>N</sup>`, and a footnote list item (`<li id="fn3">`, or an element
labelled with class "nootnum") starts its own paragraph with `<sup>N</sup>`, the shape the
normaliser reads. The page's own metadata (`DC.title`, `DCTERMS.issued`, `DC.identifier`,
`OVERHEIDop.dossiernummer`, ...) is returned beside the text.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from tracker.pipeline.spaces import fold_spaces

_BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "table", "ul", "ol", "blockquote", "header", "footer", "dd", "dt", "hr",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "nav", "noscript", "template", "svg", "head", "button", "form"}
_NOTE_ID = re.compile(r"^(?:fn|footnote|noot|note|endnote)[-_:]?(\d{1,3})$", re.IGNORECASE)
_NOTE_LABEL_CLASSES = {"nootnum", "noot-nummer", "footnote-number", "footnote-label"}
_META_NAMES = {
    "dc.title": "title",
    "og:title": "title",
    "dcterms.issued": "date",
    "dcterms.available": "date",
    "dc.date": "date",
    "dc.identifier": "number",
    "overheidop.dossiernummer": "dossier",
    "overheidop.ondernummer": "ondernummer",
}


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head


class _TextExtractor(HTMLParser):
    """Keeps the text of the page, paragraphs separated by blank lines, without navigation."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.hints: dict[str, str] = {}
        self.label_tags: list[str] = []  # open elements that we render as a note label
        self.sup_depth = 0  # inside <sup>, a "nootnum" link is the marker, not a note's label

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "meta":
            self._meta(attributes)
            return
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        note = _NOTE_ID.match(attributes.get("id", ""))
        if tag == "li" and note:
            self.parts.append(f"\n\n<sup>{int(note.group(1))}</sup> ")
        elif _NOTE_LABEL_CLASSES & set(attributes.get("class", "").split()) and not self.sup_depth and tag != "sup":
            self.parts.append("\n\n<sup>")
            self.label_tags.append(tag)
        elif tag == "sup":
            self.sup_depth += 1
            self.parts.append("<sup>")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n" if tag != "br" else "\n")
        elif tag == "td":
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif self.skip_depth:
            return
        elif self.label_tags and self.label_tags[-1] == tag:
            self.label_tags.pop()
            self.parts.append("</sup> ")
        elif tag == "sup":
            self.sup_depth = max(0, self.sup_depth - 1)
            self.parts.append("</sup>")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(fold_spaces(data))

    def _meta(self, attributes: dict[str, str]) -> None:
        key = _META_NAMES.get((attributes.get("name") or attributes.get("property") or "").lower())
        content = " ".join(attributes.get("content", "").split())
        if key and content:
            self.hints.setdefault(key, content)


def read_html(source: str) -> tuple[str, dict[str, str]]:
    """The page text and the metadata the page declares about itself."""
    parser = _TextExtractor()
    parser.feed(source)
    parser.close()
    text = html.unescape("".join(parser.parts))
    text = re.sub(r"<sup>\s*(\d+)\s*</sup>(?:\s*<sup>\s*</sup>)*", r"<sup>\1</sup>", text)
    text = re.sub(r"(?m)^[ \t]*<sup>(\d+)</sup>[ \t]*\n\n", r"<sup>\1</sup> ", text)  # label, then its text
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n", parser.hints
