"""Stage 2b: the clean body (and each footnote) split into sentences, paragraphs and sections.

Sections start at headings, so that "deze motie" under "Uitvoering motie De Korte" can be tied to
the motie the section is about.
"""

from __future__ import annotations

import bisect
import copy
import re
import unicodedata
from array import array
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple, overload

import regex

from tracker.pipeline.model import BODY, NormalisedText, Sentence
from tracker.rules import Keyword, KeywordFilter, Rule, may_hold

_PARAGRAPH_BREAK = regex.compile(r"\n[ \t\u00a0]*\n")
_ABBREVIATIONS = (
    "c.s", "nr", "o.a", "d.d", "t.a.v", "i.o", "e.a", "bijv", "blz", "dhr", "mevr", "mr", "drs", "dr", "prof", "ir",
    "ing", "art", "resp", "incl", "excl", "ca", "vgl", "zgn", "m.b.t", "i.v.m", "t.v.v", "a.s", "z.s.m", "m.n", "st",
    "stb", "stcrt",
)  # fmt: skip
# Sentence end: the punctuation (kept in the sentence), not the period of an abbreviation ("nr.",
# "c.s." after a space, a bracket or at the start; initials "M.B."), closing quotes or brackets, then white space
# before a letter or a bullet; `_SentenceEnds` keeps those before a capital. The standard `re`
# engine runs this several times faster than `regex`; it wants look-behinds of one length, hence one
# per length of abbreviation.
_ABBREVIATIONS_BY_LENGTH = [
    "|".join(re.escape(a) for a in _ABBREVIATIONS if len(a) == length)
    for length in sorted({len(a) for a in _ABBREVIATIONS})
]
_BOUNDARY = re.compile(
    r"[.!?…]"
    + "".join(rf"(?<![\s(](?i:{words})\.)(?<!^(?i:{words})\.)" for words in _ABBREVIATIONS_BY_LENGTH)
    + r"(?<![A-Z]\.[A-Z]\.)"  # initials: "de motie-M.B. Vos"
    + r"[\"”’)\]]*[ \t\n]+(?=[\"“‘]?(?:[^\W\d_]|•))"
)
_OPENING_QUOTES = '"“‘'
_LONGEST_SENTENCE = 3000  # characters; the longest in the letters here has about 1,100
_BULLET = regex.compile(r"^[ \t]*(?:[•▪◦·*\-–]|\d{1,2}[.)])[ \t]+")
_TWO_LETTERS = regex.compile(r"\p{L}{2}")
_MADE_AT_MOST = 2048  # sentences kept once made; a letter here asks for a few hundred
# from how many words a filter's words are located in one pass over the text rather than a scan for
# each (a pass costs about as much as a dozen or two scans)
_ONE_PASS_FROM = 16
_NUMBERED_HEADING = regex.compile(r"^[ \t]*\d{1,2}(?:\.\d{1,2})*\.?[ \t]+\p{Lu}[^\n]{0,100}$")


def split_sentences(normalised: NormalisedText) -> Sentences:
    body = normalised.body
    sentences = Sentences(body, {number: note.text for number, note in normalised.notes.items()})
    paragraph = 0
    section = 0
    ends = _SentenceEnds(body)
    for para_start, para_end in _spans(body, _PARAGRAPH_BREAK):
        para = body[para_start:para_end]
        if not para.strip():
            continue
        paragraph += 1
        if _is_heading(para):
            section += 1
            start, end = _trim(body, para_start, para_end)
            sentences.add(start, end, paragraph, section, True)
            continue
        for block_start, block_end, heading in _blocks(body, para_start, para_end):
            if heading:
                section += 1
                sentences.add(block_start, block_end, paragraph, section, True)
                continue
            for s, e in ends.spans(block_start, block_end):
                sentences.add(s, e, paragraph, section, False)
    sentences.body_count = len(sentences)
    for number in sorted(normalised.notes):
        text = normalised.notes[number].text
        paragraph += 1
        for s, e in _SentenceEnds(text).spans(0, len(text)):
            sentences.add(s, e, paragraph, -number, False, number)
    return sentences


class Sentences(Sequence[Sentence]):
    """The sentences of a letter: the body's first, then each footnote's. Kept as arrays of machine
    integers (where each stands, its paragraph, section and note); a `Sentence` is made when one is
    asked for, so that a page of very short "sentences" costs no Python object for each."""

    def __init__(self, body: str, notes: dict[int, str]) -> None:
        self.body = body
        self.note_texts = notes
        self.starts = array("i")  # offsets in the body, or in the note's text
        self.ends = array("i")
        self.paragraphs = array("i")
        self.sections = array("i")
        self.notes = array("i")  # BODY, or the footnote's number
        self.headings = bytearray()
        self.body_count = 0  # the body's sentences come first
        self.length: int | None = None  # a view of the first sentences only (`body_sentences`)
        # the sentences asked for by index, made once for all stages (those that hold a keyword or a
        # reference: few in a letter, at most _MADE_AT_MOST kept)
        self.made: dict[int, Sentence] = {}

    def add(self, start: int, end: int, paragraph: int, section: int, heading: bool, note: int = BODY) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self.paragraphs.append(paragraph)
        self.sections.append(section)
        self.headings.append(heading)
        self.notes.append(note)

    def __len__(self) -> int:
        return len(self.starts) if self.length is None else self.length

    @overload
    def __getitem__(self, index: int) -> Sentence: ...

    @overload
    def __getitem__(self, index: slice) -> list[Sentence]: ...

    def __getitem__(self, index: int | slice) -> Sentence | list[Sentence]:
        # made already (kept from 0 up; a view of the first sentences shares what the whole has made)
        if (
            type(index) is int
            and (made := self.made.get(index)) is not None
            and (self.length is None or index < self.length)
        ):
            return made
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if self.length is not None and not -self.length <= index < self.length:
            raise IndexError(index)
        if index < 0:
            index += len(self)
            if index < 0:
                raise IndexError(index)
        if (made := self.made.get(index)) is not None:
            return made
        if len(self.made) >= _MADE_AT_MOST:
            self.made.clear()  # a page of short sentences that each hold a keyword: not all of them kept
        self.made[index] = made = self._make(index)
        return made

    def _make(self, index: int) -> Sentence:
        start, end, note = self.starts[index], self.ends[index], self.notes[index]
        text = self.body if note == BODY else self.note_texts[note]
        return Sentence(
            index,
            text[start:end],
            start,
            end,
            self.paragraphs[index],
            self.sections[index],
            bool(self.headings[index]),
            note,
        )

    def __iter__(self) -> Iterator[Sentence]:
        """Every sentence, made for the one who asks and not kept (a stage that reads them all)."""
        for index in range(len(self)):
            yield self.made.get(index) or self._make(index)

    def body_sentences(self) -> Sentences:
        """The body's sentences (the first ones), made when asked for: a view on the same arrays."""
        view = copy.copy(self)
        view.length = self.body_count
        return view

    def sentence_at(self, note: int, offset: int) -> int | None:
        """The index of the sentence of the body (BODY) or of a footnote that holds this offset: the
        last one that starts at or before it."""
        if note == BODY:
            lo, hi = 0, self.body_count
        else:
            lo = bisect.bisect_left(self.notes, note, self.body_count)
            hi = bisect.bisect_right(self.notes, note, lo)
        index = bisect.bisect_right(self.starts, offset, lo, hi) - 1
        return index if index >= lo else None

    def in_paragraph(self, paragraph: int) -> list[Sentence]:
        """The body's sentences of one paragraph."""
        lo = bisect.bisect_left(self.paragraphs, paragraph, 0, self.body_count)
        hi = bisect.bisect_right(self.paragraphs, paragraph, lo, self.body_count)
        return [self[i] for i in range(lo, hi)]


class _SentenceEnds:
    """The sentence ends of a text, found in one pass over all of it; `spans` splits one block.
    Each end is kept as two machine integers (where its punctuation stands, where the next sentence
    starts): a page of short "sentences" costs no Python object per end."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = array("i")
        self.afters = array("i")
        for m in _BOUNDARY.finditer(text):
            if _capital_at(text, m.end()):
                self.starts.append(m.start())
                self.afters.append(m.end())

    def spans(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """The sentences of text[start:end], a block without white space at its ends; none of its
        sentences has any either, as each starts at a capital and ends at its punctuation."""
        if start >= end:
            return
        cut = end - start > _LONGEST_SENTENCE
        sentence_start = start
        for i in range(bisect.bisect_left(self.starts, start), len(self.starts)):
            after = self.afters[i]
            if after >= end:
                break  # an end is followed by the next sentence inside the block, never by its end
            if cut:
                yield from _cut_long(self.text, sentence_start, self.starts[i] + 1)
            else:
                yield sentence_start, self.starts[i] + 1
            sentence_start = after
        if cut:
            yield from _cut_long(self.text, sentence_start, end)
        else:
            yield sentence_start, end


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A "sentence" longer than any a letter has (a broken or hostile file without punctuation) is
    cut at white space into pieces of at most `_LONGEST_SENTENCE`, so that the work done per item
    on its sentence stays bounded."""
    pieces = []
    while end - start > _LONGEST_SENTENCE:
        limit = start + _LONGEST_SENTENCE
        cut = max(text.rfind(" ", start, limit), text.rfind("\n", start, limit))
        cut = cut if cut > start else limit
        pieces.append(_trim(text, start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    pieces.append((start, end))
    return [(s, e) for s, e in pieces if s < e]


def _capital_at(text: str, at: int) -> bool:
    """Does a capital (or a bullet) stand here, after an opening quote if there is one?"""
    first = text[at + 1] if text[at] in _OPENING_QUOTES else text[at]
    if first.isascii():
        return "A" <= first <= "Z"
    return first == "•" or unicodedata.category(first) == "Lu"


def _spans(text: str, separator: regex.Pattern[str]) -> Iterator[tuple[int, int]]:
    pos = 0
    for m in separator.finditer(text):
        yield pos, m.start()
        pos = m.end()
    yield pos, len(text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_heading(para: str) -> bool:
    line = para.strip()
    if "\n" in line or not line or len(line) > 160:
        return False
    if (line[-1] in ".;:,!?" and not line.endswith("c.s.")) or _BULLET.match(line):
        return False
    return _TWO_LETTERS.search(line) is not None


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Split a paragraph at bullet lines and numbered heading lines (hard-wrapped PDF text)."""
    if text.find("\n", start, end) < 0:  # one line: the common case, one block
        line = text[start:end]
        heading = (
            line.lstrip(" \t")[:1].isdigit()  # a cheap look before the pattern
            and _NUMBERED_HEADING.match(line) is not None
            and not line.rstrip().endswith((".", ":", ";", ","))
        )
        start, end = _trim(text, start, end)
        return [(start, end, heading)] if start < end else []
    blocks: list[tuple[int, int, bool]] = []
    block_start = start
    pos = start
    for line in text[start:end].split("\n"):
        line_end = pos + len(line)
        numbered = _NUMBERED_HEADING.match(line)
        if pos > block_start and (numbered or _BULLET.match(line)):
            blocks.append((block_start, pos, False))
            block_start = pos
        if numbered and not line.rstrip().endswith((".", ":", ";", ",")):
            if pos > block_start:
                blocks.append((block_start, pos, False))
            s, e = _trim(text, pos, line_end)
            blocks.append((s, e, True))
            block_start = line_end + 1
        pos = line_end + 1
    if block_start < end:
        blocks.append((block_start, end, False))
    return [(*_trim(text, s, e), h) for s, e, h in blocks if text[s:e].strip()]


class _Part(NamedTuple):
    """Text in lower case and where each of its sentences stands in it (machine integers: a page of
    short sentences costs no Python object per sentence here)."""

    lowered: str
    starts: array[int]
    ends: array[int]
    indices: array[int]  # the sentences' numbers in the letter


class SentenceIndex:
    """The sentences of a letter in lower case, so that the stages look for their rules' keywords
    once per letter (one `str.find` scan per keyword, shared by all stages) rather than once per
    sentence. Body sentences are found in the body lowered once (`normalised`, shared with the
    reference stage, given with the letter's `Sentences`); footnote sentences are joined."""

    def __init__(self, sentences: Sequence[Sentence], normalised: NormalisedText | None = None) -> None:
        self.sentences = sentences
        self.parts: list[_Part] = []
        self.offsets_hold = True  # lower-casing changed no length
        joined: Sequence[Sentence] = sentences
        if (
            normalised is not None
            and isinstance(sentences, Sentences)  # the body's sentences come first: their arrays, cut
            and len(normalised.lowered_body) == len(normalised.body)
        ):
            count = sentences.body_count
            body_part = _Part(
                normalised.lowered_body, sentences.starts[:count], sentences.ends[:count], array("i", range(count))
            )
            self.parts.append(body_part)
            if len(sentences.starts) > count:
                self._add_notes(sentences, count)
            joined = ()
        if joined:
            self._add_joined([s.text for s in joined], array("i", (s.index for s in joined)))
        self._located: dict[Keyword, tuple[array[int], set[int]]] = {}

    def candidates(self, rules_for: KeywordFilter) -> Iterator[tuple[Sentence, list[Rule]]]:
        """The sentences, in order, for which `rules_for` picks any rule, each with those rules."""
        if rules_for.always or not self.offsets_hold:  # rules without keywords are tried everywhere
            for sentence in self.sentences:
                if rules := rules_for(sentence.lowered):
                    yield sentence, rules
            return
        # The keywords inside each sentence as the bits of one integer (a set of them for each
        # sentence would take ten times as much); the rules for each combination worked out once.
        found: dict[int, int] = {}
        across: set[int] = set()  # sentences a keyword runs out of: rare, and looked at whole
        words = [word for word in rules_for.literal_words if word not in self._located]
        if len(words) >= _ONE_PASS_FROM:
            self._locate_all(rules_for, words)
        for n, word in enumerate(rules_for.words):
            inside, running_out = self._locate(word)
            bit = 1 << n
            for i in inside:
                found[i] = found.get(i, 0) | bit
            across |= running_out
        for i in sorted(found.keys() | across) if across else sorted(found):
            sentence = self.sentences[i]
            rules = rules_for(sentence.lowered) if i in across else _holding(rules_for, found[i])
            if rules:
                yield sentence, rules

    def _add_notes(self, sentences: Sentences, count: int) -> None:
        """The footnotes' sentences joined, read from the letter's arrays (no `Sentence` made)."""
        note_texts, notes = sentences.note_texts, sentences.notes
        note_starts, note_ends = sentences.starts, sentences.ends
        texts = [note_texts[notes[i]][note_starts[i] : note_ends[i]] for i in range(count, len(note_starts))]
        self._add_joined(texts, array("i", range(count, len(note_starts))))

    def _add_joined(self, texts: list[str], indices: array[int]) -> None:
        """Sentences' texts joined by line ends, as one part."""
        starts, ends, at = array("i"), array("i"), 0
        for text in texts:
            starts.append(at)
            at += len(text)
            ends.append(at)
            at += 1  # the line end between two sentences
        joined = "\n".join(texts)
        lowered = joined.lower()
        self.offsets_hold = len(lowered) == len(joined)
        self.parts.append(_Part(lowered, starts, ends, indices))

    def _locate(self, word: Keyword) -> tuple[array[int], set[int]]:
        """The sentences that hold the word (in order, each once), and those that an occurrence
        runs out of."""
        located = self._located.get(word)
        if located is None:
            located = self._located[word] = self._find(word)
        return located

    def _find(self, word: Keyword) -> tuple[array[int], set[int]]:
        located: tuple[array[int], set[int]] = (array("i"), set())
        for part in self.parts:
            lowered = part.lowered
            if isinstance(word, str):
                first = lowered.find(word)
                if first < 0:
                    continue  # most keywords are in few letters: one scan and nothing more
                spans: Iterable[tuple[int, int]] = _str_occurrences(lowered, word, first)
            elif may_hold(lowered, word):
                spans = (m.span() for m in word.finditer(lowered))
            else:
                continue
            _place(part, spans, located)
        return located

    def _locate_all(self, rules_for: KeywordFilter, words: list[str]) -> None:
        """Locate these words of the filter in one pass over each text (`KeywordFilter.word_starts`)
        rather than one scan for each; the same occurrences, in the same order."""
        located: dict[str, tuple[array[int], set[int]]] = {word: (array("i"), set()) for word in words}
        for part in self.parts:
            starts: dict[str, array[int]] = {}
            for start, word in rules_for.word_starts(part.lowered):
                if word in located:
                    if (at := starts.get(word)) is None:
                        at = starts[word] = array("i")
                    at.append(start)
            for word, at in starts.items():
                _place(part, ((start, start + len(word)) for start in at), located[word])
        self._located.update(located)


def _place(part: _Part, spans: Iterable[tuple[int, int]], located: tuple[array[int], set[int]]) -> None:
    """Adds the sentences of a part that hold each occurrence (in order, each once) and those
    that an occurrence runs out of."""
    _lowered, starts, ends, indices = part
    inside, running_out = located
    for at, end in spans:
        i = bisect.bisect_right(starts, at) - 1
        if i >= 0 and end <= ends[i]:
            if not inside or inside[-1] != indices[i]:
                inside.append(indices[i])
            continue
        # across a sentence end, or from between two sentences into the next
        for j in range(max(i, 0), bisect.bisect_left(starts, end)):
            if ends[j] > at:
                running_out.add(indices[j])


def _str_occurrences(lowered: str, word: str, at: int) -> Iterator[tuple[int, int]]:
    """The (start, end) of each occurrence of a word from its first at `at`, found one at a time (a
    text with the word in every word costs no list of them)."""
    length = len(word)
    while at >= 0:
        yield at, at + length
        at = lowered.find(word, at + 1)


@lru_cache(maxsize=4096)  # few combinations of keywords recur, letter after letter
def _holding(rules_for: KeywordFilter, bits: int) -> list[Rule]:
    """The rules for a sentence that holds the keywords these bits stand for."""
    return rules_for.holding({word for n, word in enumerate(rules_for.words) if bits >> n & 1})
