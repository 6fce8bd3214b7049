"""PDF with a text layer, read with PDFium (pypdfium2): text, font size and position of each character.

A printed letter puts its footnotes at the bottom of each page in a smaller font, marks them in the
body with raised small digits (or roman numerals for endnotes), and repeats a header and footer on
every page. From the positions we rebuild lines, drop the running header and footer, take the small
lines at the page bottom that start with a note label as notes, turn raised labels in the body into
note markers, rejoin lines into paragraphs and undo hyphenation at line ends.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from tracker.pipeline.readers import LoadError, marker, notes_block

# Pages read from one PDF: reading costs some 40-70 ms a page, so this keeps a file within a minute
# (a letter with its annexes has tens of pages; a PDF of thousands of copied pages is refused).
MAX_PAGES = 500
_SUPERSCRIPT_RATIO = 0.85  # raised characters this much smaller than their line are markers
_NOTE_RATIO = 0.92  # note lines are set smaller than the body
# "Pagina 2 van 11", "2/11"; a bare number at a page edge may be a note label, so it is left to the
# running-line check (the same "#" at the same height on most pages).
_PAGE_NUMBER = re.compile(
    r"^\W*(?:(?:pagina|page|blad)\s*\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?|\d{1,4}\s*(?:van|of|/)\s*\d{1,4})\W*$",
    re.IGNORECASE,
)
_ROMAN = re.compile(r"^[ivxlc]{1,7}$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_LINE_END_CONJUNCTIONS = {"en", "of", "tot", "noch", "als", "and", "or"}  # "innovatie- en verdienvermogen"


@dataclass
class _Char:
    text: str
    size: float
    x: float
    y: float  # baseline


@dataclass
class _Line:
    chars: list[_Char] = field(default_factory=list)
    size: float = 0.0
    base: float = 0.0
    page: int = 0

    def measure(self) -> None:
        sized = [c for c in self.chars if c.text.strip()]
        if not sized:
            return
        self.size = Counter(round(c.size, 1) for c in sized).most_common(1)[0][0]
        self.base = median(c.y for c in sized if round(c.size, 1) == self.size)

    @property
    def left(self) -> float:
        return min((c.x for c in self.chars if c.text.strip()), default=0.0)

    @property
    def right(self) -> float:
        last = [c for c in self.chars if c.text.strip()]
        return last[-1].x + last[-1].size * 0.5 if last else 0.0

    def is_raised(self, char: _Char) -> bool:
        return char.size < self.size * _SUPERSCRIPT_RATIO and char.y - self.base > self.size * 0.15

    def pieces(self) -> list[tuple[str, bool]]:
        """The text as runs of (text, raised)."""
        runs: list[tuple[str, bool]] = []
        for char in self.chars:
            raised = bool(char.text.strip()) and self.is_raised(char)
            if runs and runs[-1][1] == raised:
                runs[-1] = (runs[-1][0] + char.text, raised)
            else:
                runs.append((char.text, raised))
        return runs

    @property
    def first_word_width(self) -> float:
        """How much room the first word needs: had the line before a gap this wide, it would have wrapped here."""
        chars = [c for c in self.chars if c.text]
        start = next((i for i, c in enumerate(chars) if c.text.strip()), 0)
        for char in chars[start:]:
            if not char.text.strip():
                return char.x - chars[start].x
        return self.right - self.left

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars).strip()


def read_pdf(data: bytes) -> tuple[str, dict[str, str]]:
    """The letter text, and as `running` the running header and footer of the first page."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise LoadError("is encrypted (password-protected); save an unprotected copy first") from None
        # PDFium says "Failed to load document (PDFium: Data format error)."; keep only its reason
        reason = message.rpartition("PDFium:")[2].strip(" ().").lower() or "unknown error"
        raise LoadError(f"is not a readable PDF ({reason}: damaged, truncated or not a PDF)") from None
    try:
        if len(document) > MAX_PAGES:
            raise LoadError(
                f"is too long ({len(document)} pages; the limit is {MAX_PAGES}): split it, for example with "
                "'qpdf --split-pages'"
            )
        pages = [_page_lines(document[index], index) for index in range(len(document))]
    finally:
        document.close()
    if not pages:
        raise LoadError("is a PDF without pages")
    if sum(len(line.text) for lines in pages for line in lines) < 20 * len(pages):
        raise LoadError("has no text layer (a scan?); it needs OCR first, for example with ocrmypdf")
    layout = _Layout(pages)
    return layout.text(), {"running": layout.running_text()}


def _page_lines(page: pdfium.PdfPage, number: int) -> list[_Line]:
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        x, y = ctypes.c_double(), ctypes.c_double()
        x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
        unicode_of, origin_of, size_of = (
            pdfium_c.FPDFText_GetUnicode,
            pdfium_c.FPDFText_GetCharOrigin,
            pdfium_c.FPDFText_GetFontSize,
        )
        segments: list[_Line] = [_Line(page=number)]
        chars = segments[-1].chars
        lone_surrogates = False
        for index in range(pdfium_c.FPDFText_CountChars(raw)):
            code = unicode_of(raw, index)
            if code in (10, 13):
                if chars:
                    segments.append(_Line(page=number))
                    chars = segments[-1].chars
                continue
            if 0xD800 <= code <= 0xDFFF:  # PDFium gives UTF-16 units: a character beyond U+FFFF is two
                if code >= 0xDC00 and chars and "\ud800" <= chars[-1].text <= "\udbff":
                    high = ord(chars[-1].text) - 0xD800
                    chars[-1].text = chr(0x10000 + (high << 10) + (code - 0xDC00))
                    continue
                lone_surrogates = True
            # 0x02 and U+00AD are soft hyphens: only there to break the line
            text = "\u00ad" if code in (0x02, 0xAD) else chr(code) if code else ""
            origin_of(raw, index, x_ref, y_ref)
            chars.append(_Char(text, size_of(raw, index), x.value, y.value))
    finally:
        textpage.close()
        page.close()
    if lone_surrogates:  # half a pair cannot be stored or printed
        for segment in segments:
            for char in segment.chars:
                if len(char.text) == 1 and "\ud800" <= char.text <= "\udfff":
                    char.text = "\ufffd"
    for segment in segments:
        segment.measure()
    return _merge_segments([s for s in segments if s.text])


def _merge_segments(segments: list[_Line]) -> list[_Line]:
    """PDFium starts a new line at every raised marker; put the pieces of one printed line together."""
    lines: list[_Line] = []
    for segment in segments:
        if lines:
            line = lines[-1]
            size = max(line.size, segment.size)
            rise = segment.base - line.base
            small_segment = segment.size < line.size * _SUPERSCRIPT_RATIO
            small_line = line.size < segment.size * _SUPERSCRIPT_RATIO
            if (
                abs(rise) <= size * 0.35
                or (small_segment and 0 < rise <= line.size * 0.8)
                or (small_line and 0 < -rise <= segment.size * 0.8)
            ):
                line.chars += segment.chars
                line.measure()
                continue
        lines.append(segment)
    return lines


def _roman(label: str) -> int:
    total = 0
    for char, following in zip(label, label[1:] + " ", strict=True):
        value = _ROMAN_VALUES[char]
        total += -value if _ROMAN_VALUES.get(following, 0) > value else value
    return total


def _label(text: str, roman: bool) -> int | None:
    text = text.strip()
    if text.isdigit() and len(text) <= 3:
        return int(text)
    if roman and _ROMAN.match(text):
        return _roman(text)
    return None


def _labels(text: str, notes: dict[int, str], roman: bool, after: int | None = None) -> list[int] | None:
    """The note labels in a raised run: one ("12"), or consecutive ones printed side by side, as two
    notes on one word are ("1213" for 12 and 13, "xiixiii")."""
    label = _label(text, roman)
    if label is not None and label in notes and (after is None or label == after + 1):
        return [label]
    if len(text) > 24:
        return None
    for cut in range(1, len(text)):
        first = _label(text[:cut], roman)
        if (
            first is not None
            and first in notes
            and (after is None or first == after + 1)
            and (rest := _labels(text[cut:], notes, roman, first))
        ):
            return [first, *rest]
    return None


class _Layout:
    def __init__(self, pages: list[list[_Line]]) -> None:
        self.pages = pages
        all_lines = [line for lines in pages for line in lines]
        weights: Counter[float] = Counter()
        for line in all_lines:
            weights[line.size] += len(line.text)
        self.body_size = weights.most_common(1)[0][0]
        body_lines = [line for line in all_lines if line.size == self.body_size]
        rights = sorted(line.right for line in body_lines)
        self.right_margin = rights[int(len(rights) * 0.9)] if rights else 0.0
        self.left_margin = min((line.left for line in body_lines), default=0.0)
        gaps = [
            a.base - b.base
            for a, b in zip(body_lines, body_lines[1:], strict=False)
            if a.page == b.page and 0 < a.base - b.base < self.body_size * 2.5
        ]
        self.line_gap = median(gaps) if gaps else self.body_size * 1.2
        self.running = self._running_lines()

    def _running_lines(self) -> set[tuple[str, int]]:
        """Lines at the top or bottom of most pages, page numbers aside: running headers and footers.
        The last note lines of several pages may read alike at the same height ("3 Kamerstukken II,
        2025-2026, 31 985, nr. 107."), but their numbers do not count the pages."""
        if len(self.pages) < 2:
            return set()
        found: dict[tuple[str, int], dict[int, list[int]]] = {}
        for page, lines in enumerate(self.pages):
            for line in lines[:3] + lines[-3:]:
                numbers = [int(digits) for digits in re.findall(r"\d+", line.text)]
                found.setdefault(_running_key(line), {}).setdefault(page, numbers)
        return {
            key
            for key, numbers in found.items()
            if len(numbers) >= max(2, len(self.pages) // 2) and _only_pages_counted(numbers)
        }

    def _is_running(self, line: _Line, position: int, count: int) -> bool:
        at_edge = position < 3 or position >= count - 3
        return at_edge and (_running_key(line) in self.running or bool(_PAGE_NUMBER.match(line.text)))

    def running_text(self) -> str:
        lines = self.pages[0]
        return "\n".join(line.text for i, line in enumerate(lines) if self._is_running(line, i, len(lines)))

    def text(self) -> str:
        page_bodies: list[list[_Line]] = []
        page_notes: list[list[_Line]] = []
        for lines in self.pages:
            kept = [line for i, line in enumerate(lines) if not self._is_running(line, i, len(lines))]
            split = len(kept)
            while split > 0 and kept[split - 1].size < self.body_size * _NOTE_RATIO:
                split -= 1
            page_bodies.append(kept[:split])
            page_notes.append(kept[split:])
        roman = any(_ROMAN.match(_leading_run(lines[0])[0]) for lines in page_notes if lines)
        notes, leftovers = self._notes(page_notes, roman)
        for index, extra in leftovers.items():
            page_bodies[index] += extra  # small print at a page bottom that is not a note
        order: dict[int, int] = {}
        body = self._body(page_bodies, notes, roman, order)
        numbered = sorted(notes, key=lambda label: order.get(label, len(order) + label))
        return body + notes_block([notes[label] for label in numbered])

    def _notes(self, page_notes: list[list[_Line]], roman: bool) -> tuple[dict[int, str], dict[int, list[_Line]]]:
        notes: dict[int, str] = {}
        leftovers: dict[int, list[_Line]] = {}
        last: int | None = None
        for index, lines in enumerate(page_notes):
            for line in lines:
                first, raised, rest = _leading_run(line)
                raised_label = _label(first, roman) if raised else None
                words = line.text.split(maxsplit=1)
                plain_label = _label(words[0], roman) if words else None
                expected = (last or 0) + 1
                if raised_label is not None:
                    last = raised_label
                    notes[last] = rest
                elif plain_label == expected:
                    last = plain_label
                    notes[last] = words[1] if len(words) > 1 else ""  # a note may be empty
                elif last is not None:
                    notes[last] = _join(notes[last], line.text)
                else:
                    leftovers.setdefault(index, []).append(line)
        return notes, leftovers

    def _body(self, page_bodies: list[list[_Line]], notes: dict[int, str], roman: bool, order: dict[int, int]) -> str:
        parts: list[str] = []
        previous: _Line | None = None
        for lines in page_bodies:
            for line in lines:
                text = self._line_text(line, notes, roman, order)
                if previous is not None:
                    separator = self._separator(previous, line)
                    if separator == " ":
                        parts[-1], text = _line_join(parts[-1], text)
                    else:
                        text = separator + text
                parts.append(text)
                previous = line
        return "".join(parts).replace("\u00ad", "")

    def _line_text(self, line: _Line, notes: dict[int, str], roman: bool, order: dict[int, int]) -> str:
        parts = []
        for text, raised in line.pieces():
            labels = _labels(text.strip(), notes, roman) if raised else None
            if labels:
                for label in labels:
                    order.setdefault(label, len(order) + 1)
                    parts.append(marker(order[label]))
            else:
                parts.append(text)
        return "".join(parts).strip()

    def _separator(self, previous: _Line, line: _Line) -> str:
        # A line that stopped although the next line's first word would have fitted ends on purpose.
        full = previous.right + line.first_word_width + previous.size * 0.5 >= self.right_margin
        if previous.page != line.page:
            blank = not full
        else:
            blank = previous.base - line.base > self.line_gap * 1.4 or line.size != previous.size
        if blank:
            return "\n\n"
        return " " if full else "\n"


def _only_pages_counted(numbers_by_page: dict[int, list[int]]) -> bool:
    """Is every number that differs from page to page a page number ("Pagina 2 van 6"): one that
    grows with the page, not a note's label or a kamerstuk's number?"""
    pages = list(numbers_by_page)
    for values in zip(*numbers_by_page.values(), strict=True):
        if len(set(values)) > 1 and len({value - page for page, value in zip(pages, values, strict=True)}) > 1:
            return False
    return True


def _running_key(line: _Line) -> tuple[str, int]:
    """A running header or footer has the same text, page numbers aside, at the same height."""
    return re.sub(r"\d+", "#", " ".join(line.text.split())), round(line.base)


def _leading_run(line: _Line) -> tuple[str, bool, str]:
    """Where a note label would stand: the line's first raised run (else its first word), whether
    that run is raised, and the text after it."""
    pieces = line.pieces()
    while pieces and not pieces[0][0].strip():
        pieces.pop(0)
    if not pieces:
        return "", False, ""
    if pieces[0][1]:
        return pieces[0][0].strip(), True, "".join(text for text, _ in pieces[1:]).strip()
    words = line.text.split(maxsplit=1)
    return words[0], False, words[1] if len(words) > 1 else ""


def _join(before: str, after: str) -> str:
    return "".join(_line_join(before, after)) if before else after


def _line_join(before: str, after: str) -> tuple[str, str]:
    """A wrapped line and the next, ready to be concatenated: hyphenation undone, real hyphens kept."""
    if before.endswith("\u00ad"):
        return before[:-1], after
    if len(before) >= 2 and before.endswith("-") and before[-2].isalpha():  # "EV-" + "normen" stays
        first_word = after.split(maxsplit=1)[0].lower().strip(",.;:") if after.split() else ""
        if first_word in _LINE_END_CONJUNCTIONS:
            return before, " " + after  # "innovatie- en verdienvermogen"
        if after[:1].islower() and before[-2].islower():
            return before[:-1], after  # "beleids-" + "terrein"
        return before, after  # "Noord-" + "Holland"
    return before, " " + after
