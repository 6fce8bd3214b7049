"""Stage 2: raw letter text becomes a clean body plus its footnotes.

Letters reach us in many shapes; each footnote style in domain.md is recognised here:
- `[footnoteRef:N]` markers with `[N: text ]` bodies (Word export);
- `<sup>N</sup>` markers with note paragraphs that start with `<sup>N</sup>` (Markdown/HTML);
- Unicode superscript markers (¹¹) with note lines at page bottoms (PDF converted);
- Markdown `[^N]` markers with `[^N]: text` lines, and `[N]` markers with `[N] text` lines;
- endnotes `N. text ↩︎` (pandoc), or `text ↩︎` lines that lost their numbers (the N-th is note N),
  with bare digit markers glued to words ("Grinwis c.s.1", "Belastingplan 20153");
- the same markers with notes as plain lines "N text" at page bottoms (a PDF saved as text).
Repeated short lines (page headers such as "Onze Referentie / BZ2408859") and Markdown markup are
removed as well. The body keeps the document's own characters; only removed spans are gone, so a
quote cut from the body is text of the document.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator
from functools import lru_cache
from typing import Any, NamedTuple

import regex

from tracker.pipeline.model import Marker, NormalisedText, Note

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_DIGIT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

_WORD_REF_MARKER = regex.compile(r"\[footnoteRef:(\d+)\]")
_WORD_REF_NOTE = regex.compile(r"\[(\d+):[ \t]*(.*?)[ \t]*\](?=[ \t]*(?:\n|$|\[))", regex.DOTALL)
_SUP_MARKER = regex.compile(r"<sup>\s*(\d+)\s*</sup>")
_SUP_NOTE_START = regex.compile(r"(?m)^[ \t]*<sup>\s*(\d+)\s*</sup>")
_MD_NOTE_START = regex.compile(r"(?m)^[ \t]*\[\^(\d{1,3})\]:[ \t]*")
_MD_NOTE_MARKER = regex.compile(r"\[\^(\d{1,3})\]")
_BRACKET_NOTE_START = regex.compile(r"(?m)^[ \t]*\[(\d{1,3})\][ \t]+")
_BRACKET_MARKER = regex.compile(r"\[(\d{1,3})\]")
_PLAIN_NOTE_LINE = regex.compile(r"(?m)^[ \t]*(\d{1,3})[ \t]+(\S[^\n]*)$")
_NOTE_LIKE = regex.compile(r"(?i)kamerstuk|kst-|\bnr\.|https?://|www\.|\bTZ\d|\bT\d{5}\b|handelingen|\bzie\b")
_UNI_MARKER = regex.compile(rf"[{SUPERSCRIPT_DIGITS}]+")
_UNI_NOTE_START = regex.compile(rf"(?m)^[ \t]*([{SUPERSCRIPT_DIGITS}]+)(?=[ \t]|$)")
_NUMBERED_ENDNOTE = regex.compile(r"^\s*(\d{1,3})\.\s+(.*?)\s*(?:↩︎?\s*)+$", regex.DOTALL)
# Character-class scans run about twice as fast in the standard `re` engine as in `regex`, so the
# markup patterns (which need nothing of `regex`) use `re`.
_RULE_LINE = re.compile(r"(?m)^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$")
# Markdown and inline HTML markup. Every alternative starts with the markup character itself (the
# lookbehinds come after it), so the engine skips plain text quickly. A link's text holds no "[",
# its address no "(", a tag no "<": each try then stops at the next one, and a line full of
# unclosed brackets costs one look per bracket, not one look to the line's end.
_MD_EMPHASIS_AND_LINKS = (
    r"\*\*|__(?=\S)|__(?<=\S__)|\*(?<![\*\w]\*)(?=[^\s*])|\*(?<=[^\s*]\*)(?![\*\w])"
    r"|\[(?=[^\[\]\n]*\]\([^()\n]*\))|\]\([^()\n]*\)"
)
_MD_TAG = r"</?(?:sup|sub|em|strong|b|i|u|span)[^<>]*>"
_MD_TAG_IN_LINE = r"</?(?:sup|sub|em|strong|b|i|u|span)[^<>\n]*>"
_MD_HEADING = r"(?m:^[ \t]*#{1,6}[ \t]+)"
_MD_MARKUP = re.compile(f"{_MD_EMPHASIS_AND_LINKS}|{_MD_TAG}|{_MD_HEADING}")
_MD_INLINE_MARKUP = re.compile(f"{_MD_EMPHASIS_AND_LINKS}|{_MD_TAG}")
# Inline markup, none of it across a line end: see _line_blocks.
_MD_INLINE_IN_LINES = re.compile(f"{_MD_EMPHASIS_AND_LINKS}|{_MD_TAG_IN_LINE}")
_MARKUP_CHARS = "*_[]<"  # every inline markup match starts with one of these
# A heading mark, found from its first '#' (fast) and removed with the white space before it.
_MD_HEADING_MARK = regex.compile(r"(?m)#(?<=^[ \t]*#)#{0,5}[ \t]+")
_LETTER_OR_DIGIT = regex.compile(r"\p{L}|\d")
_BLANK_LINE = regex.compile(r"\n[ \t]*\n")
_AFTER_RULE_LINE = regex.compile(r"(?:^|\n)[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*\s*\Z")


def _anchored(pattern: re.Pattern[str] | regex.Pattern[str], text: str, anchors: str) -> Iterator[Any]:
    """What `pattern.finditer(text)` gives, for a pattern whose every match starts with one of the
    `anchors` characters: the pattern is tried only where they stand. `str.find` locates them far
    faster than an engine scanning for a class of characters; they are found one at a time, so
    that a page made of them costs no list of their positions."""
    end = 0
    for at in _positions(text, anchors):
        if at >= end and (m := pattern.match(text, at)):
            yield m
            end = m.end()


def _positions(text: str, marks: Iterable[str], skip_to: Callable[[int], int] | None = None) -> Iterator[int]:
    """Where any of the marks stands, in order, found one at a time by `str.find` (a mark per
    character costs no memory). `skip_to(at)`, when given, says where to look on after a mark found
    at `at`: every mark before that position is passed over without a look."""
    heap = [(at, mark) for mark in marks if (at := text.find(mark)) >= 0]
    heapq.heapify(heap)
    while heap:
        at, mark = heap[0]
        yield at
        resume = max(at + 1, skip_to(at)) if skip_to else at + 1
        while heap and heap[0][0] < resume:
            _at, mark = heap[0]
            following = text.find(mark, resume)
            if following >= 0:
                heapq.heapreplace(heap, (following, mark))
            else:
                heapq.heappop(heap)


def _rule_lines(text: str) -> list[tuple[int, int]]:
    """The spans of lines that are only a rule ("---", "***", "___"), found from their marks."""
    if "---" not in text and "***" not in text and "___" not in text:
        return []
    return [m.span() for start in _line_starts(text, ("---", "***", "___")) if (m := _RULE_LINE.match(text, start))]


def _line_starts(text: str, marks: tuple[str, ...]) -> list[int]:
    """Where the lines that hold any of these marks start, each line once (and each looked at once,
    however many marks it holds: the search goes on at the line's end)."""

    def line_end(at: int) -> int:
        end = text.find("\n", at)
        return len(text) if end < 0 else end

    return [text.rfind("\n", 0, at) + 1 for at in _positions(text, marks, line_end)]


class _Removal(NamedTuple):  # a tuple, so that sorting thousands of them stays cheap
    start: int
    end: int
    block: bool = False  # a whole paragraph or line: the text around it is rejoined
    marker: int | None = None  # footnote number when the removal is a marker


class _Spans:
    """Spans already taken by notes: is a position inside one of them? (A binary search over the
    spans merged into disjoint ones.)"""

    def __init__(self, removals: list[_Removal]) -> None:
        merged: list[list[int]] = []
        for start, end, *_rest in sorted(removals):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [start for start, _end in merged]
        self.ends = [end for _start, end in merged]

    def __contains__(self, position: int) -> bool:
        i = bisect.bisect_right(self.starts, position) - 1
        return i >= 0 and position < self.ends[i]


def normalise(text: str, notes_known: bool = False) -> NormalisedText:
    """`notes_known`: the reader wrote every marker as `[footnoteRef:N]` (Word and PDF files), so no
    other style is guessed at; a letter without notes then has none."""
    removals: list[_Removal] = []
    notes: dict[int, Note] = {}
    style = "none"

    word_markers = _WORD_REF_MARKER.search(text) is not None
    if notes_known or word_markers:
        style = "word-export" if word_markers else "none"
        for m in _WORD_REF_NOTE.finditer(text):
            notes[int(m.group(1))] = Note(int(m.group(1)), m.group(2).strip())
            removals.append(_Removal(m.start(), m.end()))
        removals += [_Removal(m.start(), m.end(), marker=int(m.group(1))) for m in _WORD_REF_MARKER.finditer(text)]
    elif "<sup>" in text and _SUP_NOTE_START.search(text):
        style = "sup"
        removals += _paragraph_notes(text, _SUP_NOTE_START, notes, lambda s: int(s))
        removals += _inline_markers(text, _SUP_MARKER, removals, lambda s: int(s))
    elif _has_any(text, SUPERSCRIPT_DIGITS) and _UNI_NOTE_START.search(text):
        style = "superscript"
        removals += _paragraph_notes(text, _UNI_NOTE_START, notes, _superscript_int)
        removals += _inline_markers(text, _UNI_MARKER, removals, _superscript_int, SUPERSCRIPT_DIGITS)
    elif "[^" in text and _MD_NOTE_START.search(text):
        style = "markdown"
        removals += _line_notes(text, _MD_NOTE_START, notes)
        removals += _inline_markers(text, _MD_NOTE_MARKER, removals, lambda s: int(s))
    elif (bracket_notes := _bracket_notes(text, notes)) is not None:
        style = "brackets"
        removals += bracket_notes
        removals += _inline_markers(text, _BRACKET_MARKER, removals, lambda s: int(s))
    else:
        endnotes = _endnotes(text, notes)
        if endnotes:
            style = "endnotes"
            removals += endnotes
            removals += _glued_markers(text, removals, max(notes), notes)
        else:
            glued, page_notes = _glued_markers_with_page_notes(text, removals, notes)
            if page_notes:
                style = "page-bottom"
                removals += page_notes
            removals += glued

    removals += [_Removal(start, end, block=True) for start, end in _rule_lines(text)]
    markup = [m.span() for m in _anchored(_MD_INLINE_MARKUP, text, _MARKUP_CHARS)]
    if "#" in text:
        markup += [(text.rfind("\n", 0, m.start()) + 1, m.end()) for m in _MD_HEADING_MARK.finditer(text)]
    marker_starts = sorted(r.start for r in removals if r.marker is not None)
    header_spans, removed_headers = _repeated_lines(text, markup, marker_starts)
    removals += [_Removal(start, end, block=True) for start, end in header_spans]
    removals += [_Removal(start, end) for start, end in markup]
    body, markers = _build_body(text, removals)
    for note in notes.values():
        note.text = (_MD_MARKUP.sub("", note.text) if _has_any(note.text, "*_#[]<") else note.text).strip()
    return NormalisedText(
        body=body,
        notes=notes,
        markers=markers,
        note_style=style,
        removed_headers=removed_headers,
    )


def _has_any(text: str, chars: str) -> bool:
    """A cheap look before an expensive pattern: does the text hold any of these characters?"""
    return any(char in text for char in chars)


def _superscript_int(s: str) -> int:
    return int(s.translate(_SUPER_TO_DIGIT))


def _paragraph_notes(
    text: str, start_re: regex.Pattern[str], notes: dict[int, Note], to_int: Callable[[str], int]
) -> list[_Removal]:
    """Notes that open a paragraph with their marker. A paragraph right after a rule line (---)
    that opens with no marker continues the last note (a note split over two pages)."""
    removals: list[_Removal] = []
    last_note: int | None = None
    for para_start, para_end in _paragraphs(text):
        para = text[para_start:para_end]
        if para.lstrip()[:1] in ("-", "*", "_") and _RULE_LINE.fullmatch(para.strip()):
            continue
        m = start_re.match(para)
        if m:
            number = to_int(m.group(1))
            notes[number] = Note(number, para[m.end() :].strip())
            removals.append(_Removal(para_start, para_end, block=True))
            last_note = number
        elif last_note is not None and _after_rule_line(text, para_start):
            notes[last_note].text += " " + para.strip()
            removals.append(_Removal(para_start, para_end, block=True))
    return removals


def _after_rule_line(text: str, position: int) -> bool:
    """Does a rule line ("---") come right before this position (white space between)?"""
    before = text[max(0, position - 200) : position].rstrip()
    return (
        before.endswith(("---", "***", "___"))
        and _AFTER_RULE_LINE.search(text, max(0, position - 200), position) is not None
    )


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for m in _BLANK_LINE.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _line_notes(text: str, start_re: regex.Pattern[str], notes: dict[int, Note]) -> list[_Removal]:
    """Notes that each open a line with their label ("[^3]: text", "[3] text"); the lines after one,
    up to a blank line or the next label, continue it."""
    removals: list[_Removal] = []
    current: int | None = None
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if m := start_re.match(line):
            current = int(m.group(1))
            notes[current] = Note(current, line[m.end() :].strip())
            removals.append(_Removal(start, end, block=True))
        elif current is not None and line.strip():
            notes[current].text += " " + line.strip()
            removals.append(_Removal(start, end, block=True))
        else:
            current = None
        start = end + 1
    return removals


def _bracket_notes(text: str, notes: dict[int, Note]) -> list[_Removal] | None:
    """Notes listed as "[3] text" lines, taken as notes only when every one has its marker "[3]" in
    the text before the list (a numbered list in brackets has none)."""
    if "[" not in text or not _BRACKET_NOTE_START.search(text):
        return None
    found: dict[int, Note] = {}
    removals = _line_notes(text, _BRACKET_NOTE_START, found)
    first_note = min(r.start for r in removals)
    for number in found:
        if text.find(f"[{number}]", 0, first_note) < 0:
            return None
    notes.update(found)
    return removals


def _inline_markers(
    text: str, marker_re: regex.Pattern[str], taken: list[_Removal], to_int: Callable[[str], int], anchors: str = ""
) -> list[_Removal]:
    blocks = _Spans(taken)
    out = []
    for m in _anchored(marker_re, text, anchors) if anchors else marker_re.finditer(text):
        if m.start() not in blocks:
            out.append(_Removal(m.start(), m.end(), marker=to_int(m.group(1) if m.groups() else m.group(0))))
    return out


def _endnotes(text: str, notes: dict[int, Note]) -> list[_Removal]:
    """Pandoc endnotes ("N. text ↩︎") or ↩︎-lines without numbers, where the N-th line is note N."""
    if "↩" not in text:
        return []
    line_starts = _line_starts(text, ("↩",))
    removals = []
    for position, start in enumerate(line_starts, start=1):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        numbered = _NUMBERED_ENDNOTE.match(line)
        number = int(numbered.group(1)) if numbered else position
        body = numbered.group(2) if numbered else line
        notes[number] = Note(number, body.replace("↩︎", "").replace("↩", "").strip())
        removals.append(_Removal(start, end, block=True))
    return removals


@lru_cache(maxsize=256)
def _glued_marker_pattern(n: int) -> regex.Pattern[str]:
    # A note number glued to the word, closing punctuation or year before it ("c.s.1", "(CU)1",
    # "Point5", "februari 20212"), not part of a longer number or of a spaced dossier ("zijn.30 252"),
    # nor of an ondernummer ("nr. 19001").
    # The number comes first and the look back includes it, so that the engine looks for the
    # number itself (fast) before it looks at what precedes.
    number = str(n)
    return regex.compile(
        number
        + rf"(?<=(?:[\p{{L}}.,;:)’”»\]'\"!?%]|(?:^|(?<!\b[Nn]rs?\.?)\s)(?:19|20)\d\d){number})"
        + rf"(?<!\d[.,:]{number})"
        + r"(?!\d)(?=[\s.,;:)\]’”]|\p{Lu}|$)(?! \d{3}\b)"
    )


def _glued_markers_with_page_notes(
    text: str, taken: list[_Removal], notes: dict[int, Note]
) -> tuple[list[_Removal], list[_Removal]]:
    """Glued markers and the page-bottom notes they point to. A marker glued to a number ("2015" +
    "3") stands only where note 3 exists; the notes are found after the markers, so when a marker
    glued to a number has no note ("nr. 19001" is no "1900" + "1"), the markers are looked for
    again with only the notes found allowed after numbers."""
    glued = _glued_markers(text, taken, None)
    found: dict[int, Note] = {}
    page_notes = _page_bottom_notes(text, glued, found) if glued else []
    if any(r.marker not in found and _after_digit(text, r.start) for r in glued):
        glued = _glued_markers(text, taken, None, found)
        found = {}
        page_notes = _page_bottom_notes(text, glued, found) if glued else []
    notes.update(found)
    return glued, page_notes


def _after_digit(text: str, position: int) -> bool:
    return position > 0 and text[position - 1].isdigit()


def _glued_markers(
    text: str, taken: list[_Removal], note_count: int | None, after_numbers: Container[int] | None = None
) -> list[_Removal]:
    """Find markers 1, 2, 3, ... in reading order; each is searched after the previous one. A
    marker glued to a number (a year) is taken only when `after_numbers` holds its number (the
    notes that exist), or when that is not known yet (None)."""
    blocks = _Spans(taken)
    limit = note_count if note_count is not None else 99
    out: list[_Removal] = []
    pos = 0
    for n in range(1, limit + 1):
        pattern = _glued_marker_pattern(n)
        found = None
        search_from = pos
        while True:
            m = pattern.search(text, search_from)
            if m is None:
                break
            if m.start() in blocks or (
                after_numbers is not None and n not in after_numbers and _after_digit(text, m.start())
            ):
                search_from = m.end()
                continue
            found = m
            break
        if found is None:
            if note_count is None:
                break  # without a note list, stop at the first gap rather than guess further
            continue
        out.append(_Removal(found.start(), found.end(), marker=n))
        pos = found.end()
    return out


def _page_bottom_notes(text: str, markers: list[_Removal], notes: dict[int, Note]) -> list[_Removal]:
    """Notes of a PDF saved as plain text: a line "3 Kamerstuk 36 100, nr. 5" somewhere below the
    marker glued to a word ("Jansen3"). A line is note N only after marker N, in increasing order,
    and when it reads like a note (a kamerstuk, a number, a web address), so that a numbered
    heading or a wrapped line that starts with a number stays body text."""
    marker_at = {r.marker: r.start for r in markers if r.marker is not None}
    removals: list[_Removal] = []
    last = 0
    for m in _PLAIN_NOTE_LINE.finditer(text):
        number = int(m.group(1))
        if number <= last or marker_at.get(number, len(text)) >= m.start() or not _NOTE_LIKE.search(m.group(2)):
            continue
        notes[number] = Note(number, m.group(2).strip())
        removals.append(_Removal(m.start(), m.end(), block=True))
        last = number
    return removals


def _repeated_lines(
    text: str, markup: list[tuple[int, int]], marker_starts: list[int]
) -> tuple[list[tuple[int, int]], list[str]]:
    """Short lines that recur on every page (running headers): three or more times, compared
    without their markup (`markup`: the spans of inline markup and heading marks). Gives the spans
    to remove and the lines removed. The lines are counted by their text, a block of lines at a
    time, so that a file of one short line repeated costs no object per line; headers on
    consecutive lines make one span (removing them one by one leaves the same body), except where
    a footnote marker (`marker_starts`, sorted) stands in the later line or runs into it."""
    counts: Counter[str] = Counter()
    for _start, _lines, bare in _line_blocks(text, markup):
        counts.update(bare)
    repeated = {
        line for line, count in counts.items()
        if count >= 3 and line and len(line) <= 60 and _LETTER_OR_DIGIT.search(line) and not line.startswith(("•", "-", "*"))
    }  # fmt: skip
    del counts
    if not repeated:
        return [], []
    spans: list[tuple[int, int]] = []
    last_line_start = -1  # where the last line taken starts
    for pos, lines, bare in _line_blocks(text, markup):
        for line, bare_line in zip(lines, bare, strict=True):
            end = pos + len(line)
            if bare_line in repeated:
                if spans and spans[-1][1] + 1 == pos and not _any_between(marker_starts, last_line_start + 1, end):
                    spans[-1] = (spans[-1][0], end)
                else:
                    spans.append((pos, end))
                last_line_start = pos
            pos = end + 1
    return spans, sorted(repeated)


def _any_between(positions: list[int], start: int, end: int) -> bool:
    """Does a position of this sorted list lie in [start, end)?"""
    i = bisect.bisect_left(positions, start)
    return i < len(positions) and positions[i] < end


_LINE_BLOCK = 1 << 16  # characters of lines looked at together


def _line_blocks(text: str, markup: list[tuple[int, int]]) -> Iterator[tuple[int, list[str], list[str]]]:
    """The text's lines a block at a time (about _LINE_BLOCK characters of whole lines): where the
    block starts, its lines, and those lines as `_MD_MARKUP.sub("", line).strip()` leaves them (the
    markup spans cut out). Markup of the whole text equals markup line by line unless a tag runs
    across a line end (rare); then the lines are looked at again, all at once, with a pattern that
    stops at line ends. A heading mark starts a line, where no inline markup can, so taking it out
    first changes nothing."""
    if any(text.find("\n", start, end) >= 0 for start, end in markup):
        in_lines = _MD_HEADING_MARK.sub("", text) if "#" in text else text
        spans = [m.span() for m in _anchored(_MD_INLINE_IN_LINES, in_lines, _MARKUP_CHARS)]
        yield 0, text.split("\n"), list(map(str.strip, _cut(in_lines, spans).split("\n")))
        return
    markup = sorted(markup)
    taken = 0  # markup spans of the blocks before
    start = 0
    while True:
        end = text.find("\n", start + _LINE_BLOCK)
        end = len(text) if end < 0 else end
        first = taken
        while taken < len(markup) and markup[taken][0] < end:
            taken += 1
        block = text[start:end]
        bare = _cut(block, [(s - start, e - start) for s, e in markup[first:taken]]) if taken > first else block
        yield start, block.split("\n"), list(map(str.strip, bare.split("\n")))
        if end == len(text):
            return
        start = end + 1


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """The text without these spans (in order, not overlapping)."""
    kept = []
    pos = 0
    for start, end in spans:
        kept.append(text[pos:start])
        pos = max(pos, end)
    kept.append(text[pos:])
    return "".join(kept)


def _build_body(text: str, removals: list[_Removal]) -> tuple[str, list[Marker]]:
    parts: list[str] = []
    length = 0
    markers: list[Marker] = []
    pending_break = False
    pos = 0

    def last_char() -> str:
        return parts[-1][-1] if parts else ""

    def emit(chunk: str) -> None:
        nonlocal length, pending_break
        if pending_break:
            chunk = chunk.lstrip()
            if not chunk:
                return
            if not parts:
                separator = ""
            elif last_char() not in ".!?:;" and chunk[0].islower():
                separator = " "  # the sentence runs on across a removed footnote block or page header
            else:
                separator = "\n\n"
            chunk = separator + chunk
            pending_break = False
        if chunk:
            parts.append(chunk)
            length += len(chunk)

    for r in sorted(removals):
        if r.end <= pos:
            continue
        emit(text[pos : max(r.start, pos)])
        if r.marker is not None:
            markers.append(Marker(r.marker, length))
        if r.block:
            while parts and parts[-1][-1:] in (" ", "\t", "\n"):
                trimmed = parts[-1].rstrip()
                length -= len(parts[-1]) - len(trimmed)
                if trimmed:
                    parts[-1] = trimmed
                else:
                    parts.pop()
            pending_break = True
        pos = r.end
    emit(text[pos:])
    body = "".join(parts)
    return body, [Marker(m.number, min(m.offset, len(body))) for m in markers]
