"""Stage 2c: what the letter says about itself: date, number, kenmerk, title, ministry, signatories.

Dutch dates are parsed by python-dateutil with a Dutch parser configuration.
"""

from __future__ import annotations

import heapq
import re
from datetime import date

import regex
from dateutil import parser as dateparser

from tracker.pipeline.model import DocumentMeta
from tracker.pipeline.spaces import fold_spaces
from tracker.rules import keyword_starts, stretches


class DutchParserInfo(dateparser.parserinfo):
    MONTHS = [
        ("jan", "januari"), ("feb", "februari"), ("mrt", "maart", "mar"), ("apr", "april"), ("mei", "mei"),
        ("jun", "juni"), ("jul", "juli"), ("aug", "augustus"), ("sep", "sept", "september"),
        ("okt", "oktober", "oct"), ("nov", "november"), ("dec", "december"),
    ]  # fmt: skip
    WEEKDAYS = [
        ("ma", "maandag"), ("di", "dinsdag"), ("wo", "woensdag"), ("do", "donderdag"),
        ("vr", "vrijdag"), ("za", "zaterdag"), ("zo", "zondag"),
    ]  # fmt: skip
    JUMP = [" ", ".", ",", ";", "-", "/", "'", "de", "op", "van", "den", "d.d."]

    def __init__(self) -> None:
        super().__init__(dayfirst=True, yearfirst=False)


DUTCH = DutchParserInfo()
_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")  # fmt: skip
_MONTH_NAMES = "|".join(_MONTHS)
DUTCH_DATE = rf"\d{{1,2}}\s+(?:{_MONTH_NAMES})\s+(?:19|20)\d{{2}}"
ISO_DATE = r"(?:19|20)\d{2}-\d{2}-\d{2}"
_ISO_DATE = regex.compile(ISO_DATE)
# The shape a letter prints ("12 november 2025") is read directly; dateutil reads the rest.
_PLAIN_DUTCH_DATE = regex.compile(rf"(\d{{1,2}})\s+({_MONTH_NAMES})\s+(\d{{4}})", regex.IGNORECASE)

# Labelled dates, strongest first, each with the words (lower case) that every match holds: a text
# without them is not searched.
_DATE_PATTERNS = [
    # "datum" first, what precedes it looked at behind it: far faster than "^\W*datum" tried on every line
    (regex.compile(rf"(?im)datum(?<=^\W*datum)\W*[:\s]\s*(?P<d>{DUTCH_DATE}|{ISO_DATE})"), ("datum",)),
    (regex.compile(rf"(?i)\bdatum:\s*(?P<d>{ISO_DATE}|{DUTCH_DATE})"), ("datum",)),
    # these two run faster in the standard `re` engine
    (re.compile(rf"(?m)^\s*(?:Den Haag|'s-Gravenhage),?\s+(?P<d>{DUTCH_DATE})"), ("den haag", "'s-gravenhage")),
    (
        re.compile(
            rf"(?im)^\s*(?:Vastgesteld|Voorgesteld|Gepubliceerd:?|Publicatiedatum:?)\s+(?P<d>{DUTCH_DATE}|{ISO_DATE})"
        ),
        ("vastgesteld", "voorgesteld", "gepubliceerd", "publicatiedatum"),
    ),
]
_NUMBER = regex.compile(r"(?i)\bNummer:\s*((?:19|20)\d{2}D\d{5})\b")
# The look-ahead (a digit before the word ends) says early what the kenmerk's parts would find out
# only by trying every way to split the word: "kenmerk" before a word without digits fails at once.
_KENMERK = regex.compile(
    r"(?i)(?:Onze\s+referentie|Ons\s+kenmerk|Kenmerk)\W*\s*\n?\s*\**\s*"
    r"((?=[A-Z0-9/-]*\d)[A-Z][A-Z0-9]{1,}[-/]?[A-Z0-9-]*\d[A-Z0-9-]*)"
)
_BETREFT = regex.compile(r"(?m)^\W*Betreft\W*[:\s]\s*(.+)$")
_BRIEF_REGERING = regex.compile(r"(?m)^\s*Brief regering\s*:\s*(.+)$")
_LETTER_OF = regex.compile(
    r"(?m)^(?:Nr\.\s*\d+\s+)?BRIEF VAN DE (?:MINISTERS?|STAATSSECRETARIS(?:SEN)?)\s+(?:VAN|VOOR)\s+([A-ZËÏÖÜ ,]+?)(?:\s+EN\s+(?:VOOR|VAN|DE)\b|$)"
)
# Patterns that start with their literal (what precedes it is checked behind it) are searched fast.
_MINISTERIE = regex.compile(r"(?m)(?<=^\W*)Ministerie van ([A-Z][\w ,]{2,60}?)\W*$")
_SIGNER = regex.compile(
    r"(?m)ondertekenaar:[^,\n]+,\s+(?:minister|staatssecretaris)\s+(?:van|voor)\s+([A-Z][\w ]+?)\s*$"
)
_SIGNATURE = regex.compile(r"(?m)(?<=^\s*)De (?:[Mm]inister|[Ss]taatssecretaris) (?:van|voor) ([A-Z][\w ,]+?),")
_DOSSIER_TITLE = regex.compile(
    r"(?m)^\d{2} ?\d{3}(?: [IVXL]+| [A-Z])?\s+(\p{Lu}[^\n]{5,150})\n(?:[^\n]*\n){0,8}?Nr\. ?\d+"
)
_NAV = regex.compile(r"^\s*(?:\[[^\]]*\]\s*)+$")
_LETTER_START = re.compile(r"(?im)^\W*(?:Nr\.\s*\d+|Aan de Voorzitter|Geachte)")  # `re` is faster here
_NOT_A_TITLE = regex.compile(
    r"(?i)^(kamerstuk|direct naar|download|ministerie|onze referentie|datum|tweede kamer|den haag|[•\-*\d])"
)
_EMPHASIS = regex.compile(r"[*#_]+")
_SMALL_WORDS = {"en", "van", "voor", "de", "het", "der"}
_HEAD = 6000  # the letter's own details stand in its first characters


def parse_dutch_date(text: str) -> date | None:
    text = text.strip()
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
        if m := _PLAIN_DUTCH_DATE.fullmatch(text):
            return date(int(m.group(3)), _MONTHS.index(m.group(2).lower()) + 1, int(m.group(1)))
    except ValueError:
        return None
    try:
        return dateparser.parse(text, parserinfo=DUTCH).date()
    except (ValueError, OverflowError):
        return None


def read_metadata(text: str, hints: dict[str, str] | None = None) -> DocumentMeta:
    """What the letter says about itself; `hints` (a web page's own metadata) win where present."""
    meta = DocumentMeta()
    head = text[:_HEAD]
    head_lowered = head.lower()
    meta.date = _labelled_date(head, head_lowered)
    if "nummer:" in head_lowered and (m := _NUMBER.search(head)):
        meta.number = m.group(1)
    if (m := _kenmerk(text, head_lowered)) is not None:
        meta.kenmerk = m.group(1)
    meta.title = _title(head)
    meta.ministry = _ministry(text)
    meta.signatories = [_tidy(s) for s in _SIGNATURE.findall(text[-4000:])]
    if hints:
        _apply_hints(meta, hints)
    return meta


def _apply_hints(meta: DocumentMeta, hints: dict[str, str]) -> None:
    running = hints.get("running", "")  # a Word or PDF letter's page header: "Onze Referentie", "Datum"
    if meta.kenmerk is None and (m := _KENMERK.search(running)):
        meta.kenmerk = m.group(1)
    if meta.date is None:
        meta.date = _labelled_date(running, running.lower())
    if title := hints.get("title"):
        meta.title = title
    if (declared := hints.get("date")) and (parsed := parse_dutch_date(declared[:10])):
        meta.date = parsed
    if number := hints.get("number"):
        meta.number = number
    if dossier := hints.get("dossier"):
        meta.dossier = dossier.replace(" ", "")


def _kenmerk(text: str, head_lowered: str) -> regex.Match[str] | None:
    """The first kenmerk: searched only near "kenmerk" and "referentie" (a match starts at most
    "Onze" and some white space before its word), since the pattern is slow to try everywhere. Words
    close together share one stretch, so each part of the letter is searched once. They are looked
    for in the head first (almost always there), so the whole letter is seldom lowered."""
    parts = [(0, text[:_HEAD], head_lowered)]
    if len(text) > _HEAD:
        offset = _HEAD - len("referentie")  # a word across the head's end is found too
        parts.append((offset, text[offset:], ""))
    searched_to = 0
    for offset, part, lowered in parts:
        lowered = lowered or part.lower()
        if len(lowered) != len(part):  # lower-casing changed lengths (rare): the offsets do not hold
            return _KENMERK.search(text)
        positions = heapq.merge(*(keyword_starts(lowered, word) for word in ("kenmerk", "referentie")))
        for start, end in stretches((offset + at for at in positions), before=200, after=300):
            start = max(start, searched_to)
            if (found := _KENMERK.search(text, start, end)) is not None:
                return _KENMERK.match(text, found.start())  # whole, should the stretch have cut it
            searched_to = max(searched_to, end - 300)
    return None


def _labelled_date(text: str, lowered: str) -> date | None:
    for pattern, words in _DATE_PATTERNS:
        if not any(word in lowered for word in words):
            continue
        if (m := pattern.search(text)) and (parsed := parse_dutch_date(m.group("d"))):
            return parsed
    return None


def _title(head: str) -> str | None:
    for pattern, word in ((_BETREFT, "Betreft"), (_BRIEF_REGERING, "Brief regering")):
        if word in head and (m := pattern.search(head)):
            return _clean(m.group(1))
    # Otherwise the first title-like line above the letter itself, else the dossier's title.
    letter_start = _LETTER_START.search(head)
    for line in head[: letter_start.start() if letter_start else len(head)].split("\n"):
        line = _clean(line)
        if not line or _NAV.match(line) or len(line) < 8 or len(line) > 160 or line.endswith((".", ",")):
            continue
        if " " not in line or _NOT_A_TITLE.match(line):
            continue
        return line
    if m := _DOSSIER_TITLE.search(head):
        return _clean(m.group(1))
    return None


# Each pattern with a word that all its matches hold: a letter without the word is not searched.
_MINISTRY_PATTERNS = (
    (_LETTER_OF, ("BRIEF VAN DE ",)),
    (_SIGNER, ("ondertekenaar:",)),
    (_MINISTERIE, ("Ministerie van ",)),
    (_SIGNATURE, ("inister ", "taatssecretaris ")),
)


def _ministry(text: str) -> str | None:
    for pattern, words in _MINISTRY_PATTERNS:
        if (
            any(word in text for word in words)
            and (m := pattern.search(text))
            and (name := ministry_name(_tidy(m.group(1))))
        ):
            return name
    return None


# A ministry's name is capitalised words joined by "en" or commas ("Landbouw, Natuur en
# Voedselkwaliteit", "Basis- en Voortgezet Onderwijs en Media"); the first other word ends it, so
# "Infrastructuur en Milieu zegt de Kamer toe" gives "Infrastructuur en Milieu".
_NAME_WORD = regex.compile(r"\p{Lu}[\p{L}'-]*")


def ministry_name(candidate: str) -> str | None:
    words: list[str] = []
    for token in regex.findall(r"[^\s,]+|,", candidate):
        joins = token in ("en", ",") and bool(words) and words[-1] not in ("en", ",")
        if not (_NAME_WORD.fullmatch(token) or joins):
            break
        words.append(token)
    while words and words[-1] in ("en", ","):
        words.pop()
    return " ".join(words).replace(" ,", ",") or None


def _tidy(name: str) -> str:
    words = fold_spaces(name).strip(" ,").split(" ")
    if name.isupper():
        words = [w.lower() if w.lower() in _SMALL_WORDS else w.capitalize() for w in words]
    return " ".join(words)


def _clean(line: str) -> str:
    return fold_spaces(_EMPHASIS.sub("", line)).strip()
