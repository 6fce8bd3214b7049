"""Stage 3: kamerstuk references found by the rules in references.yaml, normalised and placed."""

from __future__ import annotations

import bisect
import heapq
import itertools
import re
from functools import lru_cache
from typing import NamedTuple

import regex

from tracker.pipeline.model import BODY, NormalisedText, Reference
from tracker.pipeline.sentences import Sentences
from tracker.pipeline.spaces import fold_spaces
from tracker.rules import Rule, Rules

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


def find_references(normalised: NormalisedText, sentences: Sentences, rules: Rules) -> list[Reference]:
    """Every kamerstuk reference in the body and the footnotes, each placed in its sentence."""
    body_segment = _Segment(BODY, 0, len(normalised.body))
    refs = _references_in(normalised.body, normalised.lowered_body, [body_segment], sentences, rules)
    if normalised.notes:
        segments = []
        at = 0
        for number in sorted(normalised.notes):
            length = len(normalised.notes[number].text)
            segments.append(_Segment(number, at, at + length))
            at += length + len(_NOTE_SEPARATOR)
        notes = _NOTE_SEPARATOR.join(normalised.notes[s.note].text for s in segments)
        refs += _references_in(notes, notes.lower(), segments, sentences, rules)
    refs.sort(key=lambda r: (r.note != BODY, r.note, r.start))
    return refs


def _references_in(
    text: str, lowered: str, segments: list[_Segment], sentences: Sentences, rules: Rules
) -> list[Reference]:
    refs: list[Reference] = []
    seen_spans: set[tuple[int, int, str, str]] = set()
    # the dossiers as printed -> normalised, with their warnings: a citation printed again is read once
    read: dict[tuple[str, bool], list[tuple[str, str | None]]] = {}
    matches = _longest(_matches(text, lowered, segments, rules))
    matches.reverse()  # taken from the end: each match (a few hundred bytes) is let go once it is read
    while matches:
        m, segment, rule = matches.pop()
        match_start, match_end = m.span()
        start, end = match_start - segment.start, match_end - segment.start
        printed = (m.group("dossiers"), bool(rule.get("split_dossiers")))
        dossiers = read.get(printed)
        if dossiers is None:
            dossiers = read[printed] = _read_dossiers(*printed, rules)
        numbers = ondernummers(m)
        if not numbers:
            continue
        quoted = fold_spaces(m.group(0)).strip()
        sentence = sentences.sentence_at(segment.note, start)
        for (dossier, warning), nr in itertools.product(dossiers, numbers):
            key = (match_start, match_end, dossier, nr)
            if key in seen_spans:
                continue
            seen_spans.add(key)
            refs.append(Reference(dossier, nr, quoted, rule.name, sentence, start, end, segment.note, warning))
    return refs


def _read_dossiers(printed: str, split: bool, rules: Rules) -> list[tuple[str, str | None]]:
    """The dossiers of a match, normalised: "36 600 B en 36 600 C" is two where the rule splits them."""
    dossiers = [printed]
    if split:
        dossiers = [d.group(0) for d in rules.patterns["dossier"].finditer(printed)] or dossiers
    return [normalise_dossier(raw.replace("\n", " ")) for raw in dossiers]


_Match = tuple[regex.Match[str], _Segment, Rule]


def _matches(text: str, lowered: str, segments: list[_Segment], rules: Rules) -> list[_Match]:
    """Every rule's matches, each with the note (or body) it lies in."""
    found: list[_Match] = []
    segment_starts = [segment.start for segment in segments]
    for rule in rules.references:
        if not rule.may_match(lowered):
            continue
        if len(segments) == 1 and segments[0].start == 0 and segments[0].end == len(text):
            found += [(m, segments[0], rule) for m in rule.find_all(text, lowered)]  # the body: one segment
            continue
        placed_matches = [(m, _segment_of(m, segments, segment_starts)) for m in rule.find_all(text, lowered)]
        if any(segment is None for _m, segment in placed_matches):
            # only a match across notes has none: the notes are searched again one by one
            placed_matches = [(m, seg) for seg in segments for m in rule.finditer(text, seg.start, seg.end)]
        found += [(m, segment, rule) for m, segment in placed_matches if segment is not None]
    return found


def _longest(matches: list[_Match]) -> list[_Match]:
    """Where matches of different rules overlap, the longest: "21501-02" read by the compact rule
    inside "Kamerstuk 21501-02, nr. 2903" is no stuk 2. Rules that look for overlapping matches on
    purpose (the header of a published kamerstuk, over several lines) stand apart."""
    contenders = [i for i, (_m, _segment, rule) in enumerate(matches) if not rule.get("overlapped")]
    if len({id(matches[i][2]) for i in contenders}) < 2:
        return matches  # the matches of one rule never overlap one another
    contenders.sort(key=lambda i: matches[i][0].start())
    # One sweep in order of start, with the earlier matches that still run: the longest of them
    # drops this one if it is longer, and this one drops those shorter than itself. Heaps keep it
    # in n log n, however many matches lie inside one long one.
    dropped: set[int] = set()
    longest_first: list[tuple[int, int, int]] = []  # (-length, end, index)
    shortest_first: list[tuple[int, int, int]] = []  # (length, end, index), none found shorter yet
    for i in contenders:
        match = matches[i][0]
        start, end = match.start(), match.end()
        length = end - start
        while longest_first and longest_first[0][1] <= start:  # ended before this one starts
            heapq.heappop(longest_first)
        if longest_first and -longest_first[0][0] > length:
            dropped.add(i)
        while shortest_first and shortest_first[0][0] < length:
            _length, other_end, other = heapq.heappop(shortest_first)
            if other_end > start:
                dropped.add(other)
        heapq.heappush(longest_first, (-length, end, i))
        heapq.heappush(shortest_first, (length, end, i))
    return [match for i, match in enumerate(matches) if i not in dropped] if dropped else matches


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
