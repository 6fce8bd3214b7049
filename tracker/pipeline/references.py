"""Stage 3: kamerstuk references found by the rules in references.yaml, normalised and placed."""

from __future__ import annotations

import bisect
import heapq
import itertools
import re
from array import array
from collections import deque
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import repeat
from typing import NamedTuple, overload

import regex

from tracker.pipeline.model import BODY, NormalisedText, Reference
from tracker.pipeline.sentences import Sentences
from tracker.pipeline.spaces import fold_spaces
from tracker.rules import KeywordLook, Rule, Rules

_DOSSIER_PARTS = regex.compile(r"^(\d{2})[ .-]?(\d{3})(?!\d)\s*-?\s*(.*)$|^(\d{4})\s*-?\s*(.*)$", regex.DOTALL)
_ROMAN_DOSSIER = regex.compile(r"[CLXVI]+")  # a non-legislative Eerste Kamer dossier ("CII")
# "2025D49381": four digits from 19xx or 20xx, D/Z/A, five digits, standing on their own. The
# bare shape is found first, from its letter (`re` finds that fast); the year and the edges are
# checked for each one found.
_IDENTIFIER_SHAPE = re.compile(r"[DZA](?<=\d{4}[DZA])\d{5}")
_WORD_OR_HYPHEN = regex.compile(r"[\w-]")
_WORD = regex.compile(r"\w")
_IDENTIFIER_KINDS = {"D": "document", "Z": "zaak", "A": "activiteit"}
_SPACES = regex.compile(r"\s+")
_TOEVOEGING_SEPARATORS = regex.compile(r"[\s.-]+|[Hh]oofdstuk")  # "31700.VIII", "19 700 hoofdstuk XV"
# A kenmerk stands on its own: what precedes it is checked for each one found (a look-behind first
# would make the engine try it everywhere). `re` scans for the prefixes faster than `regex`.
_KENMERK = re.compile(r"(?:BZ|BZDOC|DGB|IENW|EZK|FIN|BSK|MinBZK)-?\d[\w-]{4,}(?![\w-])")
_NUMBER_OR_RANGE = regex.compile(r"(\d{1,5})(?:\s*(?:t/m|–|-)\s*(\d{1,5}))?")
_NUMBER_AND_LETTER = regex.compile(r"(\d+)([a-z]?)")
_KENMERK_PREFIXES = ("BZ", "DGB", "IENW", "EZK", "FIN", "BSK")  # a text without any holds no kenmerk


@lru_cache(maxsize=4096)  # the same dossiers recur in letter after letter
def normalise_dossier(raw: str) -> tuple[str, str | None]:
    """'21 501-02' -> '21501-02'; '36 600 IV' -> '36600-IV'; returns a warning for doubtful ones."""
    raw = raw.strip()
    m = _DOSSIER_PARTS.match(raw)
    if not m:
        if _ROMAN_DOSSIER.fullmatch(raw):
            return raw, None
        return _SPACES.sub("-", raw), f"dossier {raw!r} has an unexpected shape"
    if m.group(4):
        base, rest = m.group(4), m.group(5)
        # four digits alone are a dossier of the 1950s-60s; with a toevoeging, a typo ("2150-02")
        warning = f"dossier {raw!r} has four digits; it looks like no dossier (kept as printed)" if rest else None
    else:
        base, rest = m.group(1) + m.group(2), m.group(3)
        warning = None
    toevoeging = _TOEVOEGING_SEPARATORS.sub("", rest or "").upper()
    if toevoeging.isdigit() and len(toevoeging) == 1:
        warning = f"dossier {raw!r} has a one-digit toevoeging; it looks incomplete (kept as printed)"
    return (f"{base}-{toevoeging}" if toevoeging else base), warning


# The footnotes are searched as one text, one note after the other between separators that no
# reference pattern crosses (a match that does is looked for again in each note on its own).
_NOTE_SEPARATOR = "\n\x00\n"


class _Segment(NamedTuple):
    note: int
    start: int
    end: int


class _Citation(NamedTuple):
    """What a reference cites and how it was printed: the same for every time it is printed again."""

    dossier: str
    ondernummer: str
    text: str
    rule: str
    warning: str | None


class References(Sequence[Reference]):
    """The kamerstuk references of a letter: the body's, then each footnote's, each part in order of
    start. Kept as arrays of machine integers (where each stands, its note and sentence) and the
    number of what it cites, each distinct citation kept once; a `Reference` is made when one is
    asked for, so that a page of one reference printed again and again costs no Python object for
    each."""

    def __init__(self) -> None:
        self.starts = array("i")  # offsets in the body, or in the note's text
        self.ends = array("i")
        self.notes = array("i")  # BODY, or the footnote's number: ascending, as the body comes first
        self.sentences = array("i")  # the sentence holding it, -1 for none
        self.cited = array("i")  # a number in `citations`
        self.citations: list[_Citation] = []
        self._numbers: dict[_Citation, int] = {}

    def add(self, citation: _Citation, sentence: int | None, start: int, end: int, note: int) -> None:
        number = self._numbers.get(citation)
        if number is None:
            number = self._numbers[citation] = len(self.citations)
            self.citations.append(citation)
        self.starts.append(start)
        self.ends.append(end)
        self.notes.append(note)
        self.sentences.append(-1 if sentence is None else sentence)
        self.cited.append(number)

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> Reference: ...

    @overload
    def __getitem__(self, index: slice) -> list[Reference]: ...

    def __getitem__(self, index: int | slice) -> Reference | list[Reference]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        dossier, ondernummer, text, rule, warning = self.citations[self.cited[index]]
        sentence = self.sentences[index]
        return Reference(
            dossier,
            ondernummer,
            text,
            rule,
            None if sentence < 0 else sentence,
            self.starts[index],
            self.ends[index],
            self.notes[index],
            warning,
        )

    def __iter__(self) -> Iterator[Reference]:
        for index in range(len(self)):
            yield self[index]

    def in_note(self, note: int) -> range:
        """The positions of a footnote's references (or the body's)."""
        lo = bisect.bisect_left(self.notes, note)
        return range(lo, bisect.bisect_right(self.notes, note, lo))

    def in_sentence(self, note: int, index: int) -> range:
        """The positions of the references of one sentence of the body or of a footnote, in order
        of start (within a note, the sentences follow their starts)."""
        part = self.in_note(note)
        lo = bisect.bisect_left(self.sentences, index, part.start, part.stop)
        return range(lo, bisect.bisect_right(self.sentences, index, lo, part.stop))

    def sentences_holding(self) -> list[int]:
        """The sentences that hold a reference, each once, in order."""
        return sorted(set(self.sentences) - {-1})

    def first_of_each(self) -> list[Reference]:
        """Each kamerstuk once, at its first occurrence."""
        seen_citations: set[int] = set()
        first: dict[tuple[str, str], Reference] = {}
        for i, number in enumerate(self.cited):
            if number not in seen_citations:
                seen_citations.add(number)
                ref = self[i]
                first.setdefault(ref.key, ref)
        return list(first.values())


def find_references(normalised: NormalisedText, sentences: Sentences, rules: Rules) -> References:
    """Every kamerstuk reference in the body and the footnotes, each placed in its sentence."""
    refs = References()
    body_segment = _Segment(BODY, 0, len(normalised.body))
    _references_in(refs, normalised.body, normalised.lowered_body, [body_segment], sentences, rules)
    if normalised.notes:
        segments = []
        at = 0
        for number in sorted(normalised.notes):
            length = len(normalised.notes[number].text)
            segments.append(_Segment(number, at, at + length))
            at += length + len(_NOTE_SEPARATOR)
        notes = _NOTE_SEPARATOR.join(normalised.notes[s.note].text for s in segments)
        _references_in(refs, notes, notes.lower(), segments, sentences, rules)
    return refs


def _references_in(
    refs: References, text: str, lowered: str, segments: list[_Segment], sentences: Sentences, rules: Rules
) -> None:
    """Adds the references of the text (the body, or the footnotes joined), in order of start; a
    match is read as it is found and let go, never all of them kept at once."""
    # the dossiers as printed -> normalised, with their warnings: a citation printed again is read once
    read: dict[tuple[str, bool], list[tuple[str, str | None]]] = {}
    # two rules may read the same span: each (span, kamerstuk) once; such matches start together
    seen_spans: set[tuple[int, str, str]] = set()
    seen_start = -1
    for m, segment, rule in _longest(_matches(text, lowered, segments, rules)):
        match_start, match_end = m.span()
        start, end = match_start - segment.start, match_end - segment.start
        printed = (m.group("dossiers"), bool(rule.get("split_dossiers")))
        dossiers = read.get(printed)
        if dossiers is None:
            dossiers = read[printed] = _read_dossiers(*printed, rules)
        numbers = ondernummers(m)
        if not numbers:
            continue
        if match_start != seen_start:
            seen_spans.clear()
            seen_start = match_start
        quoted = fold_spaces(m.group(0)).strip()
        sentence = sentences.sentence_at(segment.note, start)
        for (dossier, warning), nr in itertools.product(dossiers, numbers):
            key = (match_end, dossier, nr)
            if key in seen_spans:
                continue
            seen_spans.add(key)
            refs.add(_Citation(dossier, nr, quoted, rule.name, warning), sentence, start, end, segment.note)


def _read_dossiers(printed: str, split: bool, rules: Rules) -> list[tuple[str, str | None]]:
    """The dossiers of a match, normalised: "36 600 B en 36 600 C" is two where the rule splits them."""
    dossiers = [printed]
    if split:
        dossiers = [d.group(0) for d in rules.patterns["dossier"].finditer(printed)] or dossiers
    return [normalise_dossier(raw.replace("\n", " ")) for raw in dossiers]


_Match = tuple[regex.Match[str], _Segment, Rule]


def _matches(text: str, lowered: str, segments: list[_Segment], rules: Rules) -> Iterator[_Match]:
    """Every rule's matches, each with the note (or body) it lies in, in order of start (of two that
    start together, the earlier rule's first). Each rule's matches are found as they are read."""
    found: list[Iterator[_Match]] = []
    segment_starts = [segment.start for segment in segments]
    look = KeywordLook(lowered)  # several rules share a keyword: each is looked for once
    for rule in rules.references:
        if not rule.may_match(lowered, look):
            continue
        if len(segments) == 1 and segments[0].start == 0 and segments[0].end == len(text):
            # the body: one segment
            found.append(zip(rule.find_all(text, lowered, look), repeat(segments[0]), repeat(rule)))
            continue
        placed_matches = [(m, _segment_of(m, segments, segment_starts)) for m in rule.find_all(text, lowered, look)]
        if any(segment is None for _m, segment in placed_matches):
            # only a match across notes has none: the notes are searched again one by one
            placed_matches = [(m, seg) for seg in segments for m in rule.finditer(text, seg.start, seg.end)]
        found.append(iter([(m, segment, rule) for m, segment in placed_matches if segment is not None]))
    return found[0] if len(found) == 1 else heapq.merge(*found, key=_start)


def _start(match: _Match) -> int:
    return match[0].start()


def _longest(matches: Iterator[_Match]) -> Iterator[_Match]:
    """Where matches of different rules overlap, the longest: "21501-02" read by the compact rule
    inside "Kamerstuk 21501-02, nr. 2903" is no stuk 2. Rules that look for overlapping matches on
    purpose (the header of a published kamerstuk, over several lines) stand apart. The matches come
    in order of start and go on in that order, each as soon as no later one can overlap it."""
    # One sweep in order of start, with the earlier matches that still run: the longest of them
    # drops this one if it is longer, and this one drops those shorter than itself. Heaps keep it
    # in n log n, however many matches lie inside one long one.
    waiting: deque[_Waiting] = deque()  # read, not passed on yet: a later match may still drop them
    longest_first: list[tuple[int, int, int, _Waiting]] = []  # (-length, end, order, match)
    shortest_first: list[tuple[int, int, int, _Waiting]] = []  # (length, end, order, match), none found shorter yet
    for order, match in enumerate(matches):
        start, end = match[0].span()
        while waiting and (waiting[0].end <= start or waiting[0].kept):  # nothing can drop it now
            done = waiting.popleft()
            if not done.dropped:
                yield done.match
        entry = _Waiting(match, end, kept=bool(match[2].get("overlapped")))
        waiting.append(entry)
        if entry.kept:
            continue
        length = end - start
        while longest_first and longest_first[0][1] <= start:  # ended before this one starts
            heapq.heappop(longest_first)
        if longest_first and -longest_first[0][0] > length:
            entry.dropped = True
        while shortest_first and shortest_first[0][0] < length:
            _length, other_end, _order, other = heapq.heappop(shortest_first)
            if other_end > start:
                other.dropped = True
        heapq.heappush(longest_first, (-length, end, order, entry))
        heapq.heappush(shortest_first, (length, end, order, entry))
        if len(shortest_first) > 2 * len(waiting) + 64:
            # matches of equal length (one rule's, back to back) are never popped: those that ended
            # can neither drop nor be dropped any more, and are let go
            longest_first = [e for e in longest_first if e[1] > start]
            shortest_first = [e for e in shortest_first if e[1] > start]
            heapq.heapify(longest_first)
            heapq.heapify(shortest_first)
    for done in waiting:
        if not done.dropped:
            yield done.match


class _Waiting:
    """A match read by `_longest` and not passed on yet."""

    __slots__ = ("match", "end", "kept", "dropped")

    def __init__(self, match: _Match, end: int, kept: bool) -> None:
        self.match = match
        self.end = end
        self.kept = kept  # a rule that looks for overlapping matches on purpose: never dropped
        self.dropped = False


def _segment_of(match: regex.Match[str], segments: list[_Segment], starts: list[int]) -> _Segment | None:
    """The note a match lies in; None when it runs across a separator."""
    segment = segments[bisect.bisect_right(starts, match.start()) - 1]
    return segment if match.end() <= segment.end else None


def ondernummers(match: regex.Match[str]) -> list[str]:
    """The ondernummers of a reference: one, or several ("nrs. 1200 en 1201", "nrs. 4 t/m 6",
    "nr. 6; nr. 7"), normalised ("095" -> "95", "42e"; Eerste Kamer letters as printed)."""
    has_nrs, has_nr = _number_groups(match.re)
    numbers: list[str] = []
    for several in match.captures("nrs") if has_nrs else ():
        for m in _NUMBER_OR_RANGE.finditer(several):
            first, last = int(m.group(1)), int(m.group(2) or m.group(1))
            if last - first > 50:  # not a range of stukken: keep the two numbers printed
                numbers += [str(first), str(last)]
            else:
                numbers += [str(n) for n in range(first, last + 1)]
    for nr in match.captures("nr") if has_nr else ():
        numbers.append(_ondernummer(nr))
    return numbers


@lru_cache(maxsize=256)
def _number_groups(pattern: regex.Pattern[str]) -> tuple[bool, bool]:
    """Does the pattern have the groups `nrs` and `nr`?"""
    return "nrs" in pattern.groupindex, "nr" in pattern.groupindex


@lru_cache(maxsize=4096)  # the same numbers recur
def _ondernummer(nr: str) -> str:
    digits = _NUMBER_AND_LETTER.fullmatch(nr)
    return str(int(digits.group(1))) + digits.group(2) if digits else nr


def find_identifiers(text: str) -> list[dict[str, str]]:
    """Document, zaak and activiteit numbers and ministry kenmerken: never kamerstukken."""
    found: dict[str, str] = {}
    for m in _IDENTIFIER_SHAPE.finditer(text):
        start, end = m.start() - 4, m.end()
        if (
            text.startswith(("19", "20"), start)
            and not (start and _WORD_OR_HYPHEN.match(text, start - 1))
            and not _WORD.match(text, end)
        ):
            found.setdefault(text[start:end], _IDENTIFIER_KINDS[m.group(0)[0]])
    if any(prefix in text for prefix in _KENMERK_PREFIXES):
        for m in _KENMERK.finditer(text):
            if not (m.start() and _WORD_OR_HYPHEN.match(text, m.start() - 1)):
                found.setdefault(m.group(0), "kenmerk")
    return [{"kind": kind, "value": value} for value, kind in found.items()]
