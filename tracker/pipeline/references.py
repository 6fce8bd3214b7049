"""Stage 3: kamerstuk references found by the rules in references.yaml, normalised and placed."""

from __future__ import annotations

import bisect
import itertools

import regex

from tracker.pipeline.model import BODY, NormalisedText, Reference, Sentence
from tracker.pipeline.spaces import fold_spaces
from tracker.rules import Rules

_DOSSIER_PARTS = regex.compile(r"^(\d{2})[ .]?(\d{3})(?!\d)\s*-?\s*(.*)$|^(\d{4})\s*-?\s*(.*)$", regex.DOTALL)
# "2025D49381": four digits from 19xx or 20xx, D/Z/A, five digits, standing on their own. The
# bare shape is found first (fast); the year and the edges are checked for each one found.
_IDENTIFIER_SHAPE = regex.compile(r"\d{4}([DZA])\d{5}")
_WORD_OR_HYPHEN = regex.compile(r"[\w-]")
_WORD = regex.compile(r"\w")
_IDENTIFIER_KINDS = {"D": "document", "Z": "zaak", "A": "activiteit"}
_SPACES = regex.compile(r"\s+")
_TOEVOEGING_SEPARATORS = regex.compile(r"[\s-]+")
_KENMERK = regex.compile(r"(?<![\w-])(?:BZ|BZDOC|DGB|IENW|EZK|FIN|BSK|MinBZK)[-]?\d[\w-]{4,}(?![\w-])")
_NUMBER_OR_RANGE = regex.compile(r"(\d{1,5})(?:\s*t/m\s*(\d{1,5}))?")
_KENMERK_PREFIXES = ("BZ", "DGB", "IENW", "EZK", "FIN", "BSK")  # a text without any holds no kenmerk


def normalise_dossier(raw: str) -> tuple[str, str | None]:
    """'21 501-02' -> '21501-02'; '36 600 IV' -> '36600-IV'; returns a warning for doubtful ones."""
    raw = raw.strip()
    m = _DOSSIER_PARTS.match(raw)
    if not m:
        return _SPACES.sub("-", raw), f"dossier {raw!r} has an unexpected shape"
    if m.group(4):
        base, rest = m.group(4), m.group(5)
        warning = f"dossier {raw!r} has four digits; it looks like no dossier (kept as printed)"
    else:
        base, rest = m.group(1) + m.group(2), m.group(3)
        warning = None
    toevoeging = _TOEVOEGING_SEPARATORS.sub("", rest or "").upper()
    if toevoeging.isdigit() and len(toevoeging) == 1:
        warning = f"dossier {raw!r} has a one-digit toevoeging; it looks incomplete (kept as printed)"
    return (f"{base}-{toevoeging}" if toevoeging else base), warning


def find_references(normalised: NormalisedText, sentences: list[Sentence], rules: Rules) -> list[Reference]:
    """Every kamerstuk reference in the body and the footnotes, each placed in its sentence."""
    texts = [(BODY, normalised.body)] + [(n, note.text) for n, note in sorted(normalised.notes.items())]
    refs: list[Reference] = []
    by_note: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_note.setdefault(s.note, []).append(s)
    for note, text in texts:
        placed = by_note.get(note, [])
        starts = [s.start for s in placed]
        seen_spans: set[tuple[int, int, str, str]] = set()
        lowered = text.lower()
        for rule in rules.references:
            if not rule.may_match(lowered):
                continue
            for m in rule.find_all(text, lowered):
                dossier_text = m.group("dossiers")
                parts = [d.group(0) for d in rules.patterns["dossier"].finditer(dossier_text)]
                dossiers = parts if rule.get("split_dossiers") and parts else [dossier_text]
                for raw, nr in itertools.product(dossiers, ondernummers(m)):
                    dossier, warning = normalise_dossier(raw.replace("\n", " "))
                    key = (m.start(), m.end(), dossier, nr)
                    if key in seen_spans:
                        continue
                    seen_spans.add(key)
                    index = bisect.bisect_right(starts, m.start()) - 1
                    sentence = placed[index].index if index >= 0 else None
                    refs.append(
                        Reference(
                            dossier=dossier,
                            ondernummer=str(int(nr)) if nr.isdigit() else nr,  # Eerste Kamer: letters
                            text=fold_spaces(m.group(0)).strip(),
                            rule=rule.name,
                            sentence=sentence,
                            start=m.start(),
                            end=m.end(),
                            note=note,
                            warning=warning,
                        )
                    )
    refs.sort(key=lambda r: (r.note != BODY, r.note, r.start))
    return refs


def ondernummers(match: regex.Match[str]) -> list[str]:
    """The ondernummer of a reference, or its several ones ("nrs. 1200 en 1201", "nrs. 4 t/m 6")."""
    several = match.groupdict().get("nrs")
    if not several:
        return [match.group("nr")]
    numbers: list[str] = []
    for m in _NUMBER_OR_RANGE.finditer(several):
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        if last - first > 50:  # not a range of stukken: keep the two numbers printed
            numbers += [m.group(1), m.group(2)]
        else:
            numbers += [str(n) for n in range(first, last + 1)]
    return numbers


def find_identifiers(text: str) -> list[dict[str, str]]:
    """Document, zaak and activiteit numbers and ministry kenmerken: never kamerstukken."""
    found: dict[str, str] = {}
    for m in _IDENTIFIER_SHAPE.finditer(text):
        start, end = m.span()
        if (
            text.startswith(("19", "20"), start)
            and not (start and _WORD_OR_HYPHEN.match(text, start - 1))
            and not _WORD.match(text, end)
        ):
            found.setdefault(m.group(0), _IDENTIFIER_KINDS[m.group(1)])
    if any(prefix in text for prefix in _KENMERK_PREFIXES):
        for m in _KENMERK.finditer(text):
            found.setdefault(m.group(0), "kenmerk")
    return [{"kind": kind, "value": value} for value, kind in found.items()]
