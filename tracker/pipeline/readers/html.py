"""Web pages (officielebekendmakingen, tweedekamer.nl, opentk): the letter text without navigation.

Footnote markers are kept as `<sup>N</sup>`, and a footnote list item (`<li id="fn3">`, or an element
labelled with class "nootnum") starts its own paragraph with `<sup>N</sup>`, the shape the
normaliser reads. The page's own metadata (`DC.title`, `DCTERMS.issued`, `DC.identifier`,
`OVERHEIDop.dossiernummer`, ...) is returned beside the text.
"""

from __future__ import annotations

import html
import re

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


# One pattern walks the page from tag to tag; the text between two tags is data. The standard
# library's HTMLParser does the same in Python, character class by character class, and costs
# several times more. Comments, doctypes and processing instructions are dropped; an unclosed "<"
# that starts no tag is text. A tag never holds another "<", so that a page full of unclosed ones
# costs one look each, not a look to the end of the page each.
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<[!?][^>]*+>?"
    r"|<(/?)([a-zA-Z][^\s/<>]*+)((?:[^<>\"']++|\"[^<\"]*+\"|'[^<']*+')*+)>",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_RAW_TEXT_TAGS = {"script", "style"}  # their content is not markup: it ends only at their end tag
_VOID_TAGS = {"br", "hr", "img", "meta", "input", "link", "wbr", "col", "area", "source"}  # never closed
# Breaks are written as two private-use characters while the page is read, so that the white space
# of all text can be folded in one pass afterwards without folding the breaks.
_LINE_BREAK, _PARAGRAPH_BREAK = "\ue000", "\ue001"
_SUP = re.compile(r"<sup>\s*(\d+)\s*</sup>(?:\s*<sup>\s*</sup>)*")
_LABEL_LINE = re.compile(r"(?m)^[ \t]*<sup>(\d+)</sup>[ \t]*\n\n")
_COMMON_REFERENCES = (
    ("&quot;", '"'),
    ("&#x27;", "'"),
    ("&#39;", "'"),
    ("&lt;", "<"),
    ("&gt;", ">"),
    ("&nbsp;", "\xa0"),
)


def _attributes(source: str) -> dict[str, str]:
    attributes: dict[str, str] = {}
    for m in _ATTRIBUTE.finditer(source):
        value = m.group(2) if m.group(2) is not None else m.group(3) if m.group(3) is not None else m.group(4)
        attributes.setdefault(m.group(1).lower(), html.unescape(value) if value else "")
    return attributes


class _TextExtractor:
    """Keeps the text of the page, paragraphs separated by blank lines, without navigation."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.skip_depth = 0
        self.hints: dict[str, str] = {}
        self.label_tags: list[str] = []  # open elements that we render as a note label
        self.sup_depth = 0  # inside <sup>, a "nootnum" link is the marker, not a note's label

    def feed(self, source: str) -> None:
        pos = 0
        end = len(source)
        while pos < end:
            m = _MARKUP.search(source, pos)
            if m is None:
                self.handle_data(source[pos:])
                return
            if m.start() > pos:
                self.handle_data(source[pos : m.start()])
            pos = m.end()
            name = m.group(2)
            if name is None:
                continue  # comment, doctype, processing instruction
            tag = name.lower()
            if m.group(1):
                self.handle_endtag(tag)
                continue
            attribute_text = m.group(3)
            # most tags carry no attribute this reader looks at: parse only those that may
            wanted = attribute_text and (tag in ("meta", "li") or "class" in attribute_text.lower())
            self.handle_starttag(tag, _attributes(attribute_text) if wanted else {})
            if attribute_text.endswith("/") and tag not in _VOID_TAGS:  # "<br/>" is one line break
                self.handle_endtag(tag)
            elif tag in _RAW_TEXT_TAGS:
                closing = re.compile(rf"</{tag}\s*>", re.IGNORECASE).search(source, pos)
                pos = closing.start() if closing else end

    def handle_starttag(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == "meta":
            self._meta(attributes)
            return
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag == "li" and (note := _NOTE_ID.match(attributes.get("id", ""))):
            self.parts.append(f"{_PARAGRAPH_BREAK}<sup>{int(note.group(1))}</sup> ")
        elif attributes and self._note_label(tag, attributes):
            self.parts.append(f"{_PARAGRAPH_BREAK}<sup>")
            self.label_tags.append(tag)
        elif tag == "sup":
            self.sup_depth += 1
            self.parts.append("<sup>")
        elif tag in _BLOCK_TAGS:
            self.parts.append(_PARAGRAPH_BREAK if tag != "br" else _LINE_BREAK)
        elif tag == "td":
            self.parts.append(" ")

    def _note_label(self, tag: str, attributes: dict[str, str]) -> bool:
        """An element labelled as a note's number (class "nootnum"), not inside a marker."""
        return (
            bool(_NOTE_LABEL_CLASSES & set(attributes.get("class", "").split())) and not self.sup_depth and tag != "sup"
        )

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
            self.parts.append(_PARAGRAPH_BREAK)

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(data)

    def _meta(self, attributes: dict[str, str]) -> None:
        key = _META_NAMES.get((attributes.get("name") or attributes.get("property") or "").lower())
        content = " ".join(attributes.get("content", "").split())
        if key and content:
            self.hints.setdefault(key, content)


def read_html(source: str) -> tuple[str, dict[str, str]]:
    """The page text and the metadata the page declares about itself."""
    parser = _TextExtractor()
    parser.feed(source.replace(_LINE_BREAK, "").replace(_PARAGRAPH_BREAK, ""))
    text = fold_spaces(_unescape("".join(parser.parts)))
    text = text.replace(_PARAGRAPH_BREAK, "\n\n").replace(_LINE_BREAK, "\n")
    if "<sup>" in text:
        text = _SUP.sub(r"<sup>\1</sup>", text)
        text = _LABEL_LINE.sub(r"<sup>\1</sup> ", text)  # a note's label on its own line, then its text
    # White space is spaces now (one, or two where a label was joined): each line is stripped by
    # taking the spaces at its ends, and runs of blank lines shrink to one.
    for run, shorter in ((" \n", "\n"), ("\n ", "\n"), ("\n\n\n", "\n\n")):
        while run in text:
            text = text.replace(run, shorter)
    return text.strip() + "\n", parser.hints


def _unescape(text: str) -> str:
    """Character references resolved; the common ones by plain replacement (fast), the rest by the
    standard library. "&amp;" is left to it, so that nothing is resolved twice."""
    if "&" not in text:
        return text
    for reference, character in _COMMON_REFERENCES:
        text = text.replace(reference, character)
    return html.unescape(text) if "&" in text else text
