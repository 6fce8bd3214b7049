"""Web pages (officielebekendmakingen, tweedekamer.nl, opentk, pages saved by Word or LibreOffice):
the letter text without navigation.

Notes are found by their links, whatever the class names: a marker is a small in-page link whose
text is a label ("5", "[5]", "xiv") and whose target comes later in the page, and that sits in a
`<sup>` or is linked back to from the note (LibreOffice's `sdfootnote5anc`/`sdfootnote5sym`, Word's
`_ftnref5`/`_ftn5`, pandoc's `fnref5`/`fn5`, officielebekendmakingen's `#n5`). The note is the
element the target opens, up to the next note; its label and its links back are left out. Such
notes are written in the Word-export shape the normaliser reads without guessing (`[footnoteRef:N]`
at the marker, `[N: text]` after the body). Without links, `<sup>N</sup>` markers are kept and a
footnote list item (`<li id="fn3">`, or an element labelled with class "nootnum") starts its own
paragraph with `<sup>N</sup>`. LibreOffice's page header and footer (`<div title="header">`) are
not body text but are returned, like a Word file's, for the kenmerk and date they carry. The page's
own metadata (`DC.title`, `DCTERMS.issued`, `DC.identifier`, `OVERHEIDop.dossiernummer`, ...) is
returned beside the text.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from tracker.pipeline.readers import marker, notes_block
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
# In-page links and the elements they may point at, found before the page is walked.
_FRAGMENT_LINK = re.compile(r"""href\s*=\s*["']?#([^"'\s<>]+)""", re.IGNORECASE)
_ANCHOR = re.compile(r"""\s(?:id|name)\s*=\s*["']?([^"'\s<>]+)""", re.IGNORECASE)
_NOTE_LABEL = re.compile(r"[\[(]?\s*(?:\d{1,3}|[ivxlc]{1,7}|[IVXLC]{1,7}|\*{1,3}|†)\s*[\])]?")
_CONTAINER_TAGS = (_BLOCK_TAGS - _VOID_TAGS) | {"td", "th", "aside", "main", "body", "figure", "figcaption"}
_RUNNING_TITLES = {"header", "footer"}  # LibreOffice's page header and footer
_RUNNING_TITLE = re.compile(r"""<div\s[^<>]*title\s*=\s*["']?(?:header|footer)\b""", re.IGNORECASE)
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


class _Diversion:
    """Text that is not body text: a note (`number`) or a running header or footer (None), kept
    until the element that holds it closes."""

    def __init__(self, number: int | None, container: list[object] | None, body: list[str]) -> None:
        self.number = number
        self.container = container
        self.body = body  # the body's parts, to return to
        self.labelled = False  # a note's own label (its first text, if a label) is behind us


class _TextExtractor:
    """Keeps the text of the page, paragraphs separated by blank lines, without navigation."""

    def __init__(self, source: str = "") -> None:
        self.parts: list[str] = []
        self.skip_depth = 0
        self.hints: dict[str, str] = {}
        self.label_tags: list[str] = []  # open elements that we render as a note label
        self.sup_depth = 0  # inside <sup>, a "nootnum" link is the marker, not a note's label
        # Linked notes: the targets of in-page links, those that exist, and what has been seen.
        self.link_targets = set(_FRAGMENT_LINK.findall(source)) if "#" in source else set()
        self.anchors = {a for a in _ANCHOR.findall(source) if a in self.link_targets} if self.link_targets else set()
        self.seen_anchors: set[str] = set()
        self.note_numbers: dict[str, int] = {}  # a marker's target -> its note's number
        self.marker_names: dict[str, int] = {}  # ids and names of the markers: links to them lead back
        self.started: set[int] = set()  # notes whose text has begun
        self.link: tuple[int, str, set[str], bool] | None = None  # an open link that may be a marker
        self.back_link_depth = 0  # inside a link back to a marker: its text is not the note's
        self.stack: list[list[object]] = []  # open elements that may hold a note: [tag, text count]
        self.open_counts: Counter[str] = Counter()  # per tag, how many are on the stack
        self.text_count = 0  # pieces of text so far: an element with none since it opened is empty
        self.diversion: _Diversion | None = None
        self.notes: dict[int, str] = {}
        self.running: list[str] = []
        self.running_titles = _RUNNING_TITLE.search(source) is not None
        self.tracking = bool(self.anchors) or self.running_titles  # elements are followed only then

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
            wanted = attribute_text and (
                tag in ("meta", "li")
                or "class" in (lowered := attribute_text.lower())
                or (self.anchors and ("id" in lowered or "name" in lowered or "href" in lowered))
                or (self.running_titles and tag == "div" and "title" in lowered)
            )
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
        if self.tracking:
            if tag in _CONTAINER_TAGS:
                self.stack.append([tag, self.text_count])
                self.open_counts[tag] += 1
                if self.link is not None:
                    self.link = None  # a block inside a link: not a marker
                if attributes.get("title") in _RUNNING_TITLES and tag == "div" and self.diversion is None:
                    self.diversion = _Diversion(None, self.stack[-1], self.parts)
                    self.parts = []
                    return
            if self.anchors and self._linked_note(tag, attributes):
                return
        if tag == "li" and (note := _NOTE_ID.match(attributes.get("id", ""))):
            self.parts.append(f"{_PARAGRAPH_BREAK}<sup>{int(note.group(1))}</sup> ")
        elif attributes and self._note_label(tag, attributes) and not (self.diversion and self.diversion.number):
            self.parts.append(f"{_PARAGRAPH_BREAK}<sup>")
            self.label_tags.append(tag)
        elif tag == "sup":
            self.sup_depth += 1
            self.parts.append("<sup>")
        elif tag in _BLOCK_TAGS:
            self.parts.append(_PARAGRAPH_BREAK if tag != "br" else _LINE_BREAK)
        elif tag == "td":
            self.parts.append(" ")

    def _linked_note(self, tag: str, attributes: dict[str, str]) -> bool:
        """Markers, notes and links back, by their in-page links. True when the tag is dealt with."""
        for key in ("id", "name"):
            anchor = attributes.get(key)
            if anchor and anchor in self.anchors:
                self.seen_anchors.add(anchor)
                if anchor in self.note_numbers and self.note_numbers[anchor] not in self.started:
                    self._start_note(self.note_numbers[anchor], tag)
                    if tag != "a":
                        return True  # the note's element: its label, if any, is its first text
        if tag != "a":
            return False
        href = attributes.get("href", "")
        target = href[1:] if href.startswith("#") else ""
        if self.back_link_depth or (target and target in self.marker_names):
            if not self.back_link_depth and self.marker_names[target] not in self.started:
                self._start_note(self.marker_names[target], tag)  # a note whose target was lost: its link back
            self.back_link_depth += 1
            return True
        names = {attributes[key] for key in ("id", "name") if attributes.get(key)}
        # The target comes later; or, where a copy of the page lost it, the marker is linked back to.
        later = target in self.anchors and target not in self.seen_anchors
        if later or (target and target not in self.anchors and names & self.link_targets):
            self.link = (len(self.parts), target, names, self.sup_depth > 0)
        return False

    def _end_link(self) -> None:
        """A link that closes: a marker if its text is a note's label and it is raised or linked back."""
        assert self.link is not None
        start, target, names, raised = self.link
        self.link = None
        content = "".join(self.parts[start:])
        label = content.replace("<sup>", "").replace("</sup>", "").strip()
        if not _NOTE_LABEL.fullmatch(label) or not (raised or "<sup>" in content or names & self.link_targets):
            return
        number = self.note_numbers.setdefault(target, len(self.note_numbers) + 1)
        self.marker_names.update(dict.fromkeys(names, number))
        self.parts[start:] = [marker(number)]

    def _start_note(self, number: int, tag: str) -> None:
        """The note held by the outermost element that opened with its target (no text in between)."""
        self._end_diversion()
        self.started.add(number)
        container = None
        for entry in reversed(self.stack[-50:]):  # bounded: a page of empty nested elements costs no more
            if entry[1] != self.text_count:
                break
            container = entry
        if container is None and self.stack and tag not in _CONTAINER_TAGS:
            container = self.stack[-1]
        self.diversion = _Diversion(number, container, self.parts)
        self.parts = []

    def _end_diversion(self) -> None:
        diversion = self.diversion
        if diversion is None:
            return
        text = "".join(self.parts)
        for mark in ("<sup>", "</sup>", _LINE_BREAK, _PARAGRAPH_BREAK):
            text = text.replace(mark, " ")
        text = " ".join(_unescape(text).split())
        if diversion.number is None:
            self.running.append(text)
        else:
            self.notes[diversion.number] = text
        self.parts = diversion.body
        self.diversion = None

    def _note_label(self, tag: str, attributes: dict[str, str]) -> bool:
        """An element labelled as a note's number (class "nootnum"), not inside a marker."""
        return (
            bool(_NOTE_LABEL_CLASSES & set(attributes.get("class", "").split())) and not self.sup_depth and tag != "sup"
        )

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if self.skip_depth:
            return
        if tag == "a" and self.back_link_depth:
            self.back_link_depth -= 1
            return
        if tag == "a" and self.link is not None:
            self._end_link()
        if self.stack and tag in _CONTAINER_TAGS:
            self._close_container(tag)
        if self.label_tags and self.label_tags[-1] == tag:
            self.label_tags.pop()
            self.parts.append("</sup> ")
        elif tag == "sup":
            self.sup_depth = max(0, self.sup_depth - 1)
            if len(self.parts) >= 2 and self.parts[-2] == "<sup>" and self.parts[-1].startswith("[footnoteRef:"):
                del self.parts[-2]  # a marker needs no <sup> around it
            else:
                self.parts.append("</sup>")
        elif tag in _BLOCK_TAGS:
            self.parts.append(_PARAGRAPH_BREAK)

    def _close_container(self, tag: str) -> None:
        """Elements left open inside this one close with it; a note or header held by one ends. An
        end tag with no open element of its name is passed over without a look down the stack."""
        if not self.open_counts[tag]:
            return
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                closed = self.stack[index:]
                del self.stack[index:]
                self.open_counts.subtract(str(entry[0]) for entry in closed)
                if self.diversion is not None and any(entry is self.diversion.container for entry in closed):
                    self._end_diversion()
                return

    def handle_data(self, data: str) -> None:
        if self.skip_depth or self.back_link_depth:
            return
        if self.stack and not data.isspace():
            self.text_count += 1
            diversion = self.diversion
            if diversion is not None and diversion.number and not diversion.labelled:
                diversion.labelled = True
                if _NOTE_LABEL.fullmatch(data.strip()):
                    return  # the note's own label ("5", "[5]"): its number is known
        self.parts.append(data)

    def finish(self) -> None:
        self._end_diversion()

    def _meta(self, attributes: dict[str, str]) -> None:
        key = _META_NAMES.get((attributes.get("name") or attributes.get("property") or "").lower())
        content = " ".join(attributes.get("content", "").split())
        if key and content:
            self.hints.setdefault(key, content)


def read_html(source: str) -> tuple[str, dict[str, str]]:
    """The page text and the metadata the page declares about itself."""
    source = source.replace(_LINE_BREAK, "").replace(_PARAGRAPH_BREAK, "")
    parser = _TextExtractor(source)
    parser.feed(source)
    parser.finish()
    text = "".join(parser.parts)
    parser.parts = []  # the pieces are let go before the text is copied again
    text = fold_spaces(_unescape(text))
    text = text.replace(_PARAGRAPH_BREAK, "\n\n").replace(_LINE_BREAK, "\n")
    if "<sup>" in text:
        text = _SUP.sub(r"<sup>\1</sup>", text)
        text = _LABEL_LINE.sub(r"<sup>\1</sup> ", text)  # a note's label on its own line, then its text
    # White space is spaces now (one, or two where a label was joined): each line is stripped by
    # taking the spaces at its ends, and runs of blank lines shrink to one.
    for run, shorter in ((" \n", "\n"), ("\n ", "\n"), ("\n\n\n", "\n\n")):
        while run in text:
            text = text.replace(run, shorter)
    if parser.note_numbers:
        notes = [parser.notes.get(number, "") for number in range(1, len(parser.note_numbers) + 1)]
        text = text.strip() + notes_block(notes)
    if running := [line for line in parser.running if line]:
        parser.hints.setdefault("running", "\n\n".join(running))
    return text.strip() + "\n", parser.hints


def _unescape(text: str) -> str:
    """Character references resolved; the common ones by plain replacement (fast), the rest by the
    standard library. "&amp;" is left to it, so that nothing is resolved twice."""
    if "&" not in text:
        return text
    for reference, character in _COMMON_REFERENCES:
        text = text.replace(reference, character)
    return html.unescape(text) if "&" in text else text
