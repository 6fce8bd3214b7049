"""Stage 2c: what the letter says about itself: date, number, kenmerk, title, ministry, signatories.

Dutch dates are parsed by python-dateutil with a Dutch parser configuration.
"""

from __future__ import annotations

from datetime import date

import regex
from dateutil import parser as dateparser

from tracker.pipeline.model import DocumentMeta


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
_MONTH_NAMES = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
DUTCH_DATE = rf"\d{{1,2}}\s+(?:{_MONTH_NAMES})\s+(?:19|20)\d{{2}}"
ISO_DATE = r"(?:19|20)\d{2}-\d{2}-\d{2}"

# Labelled dates, strongest first.
_DATE_PATTERNS = [
    regex.compile(rf"(?im)^\W*datum\W*[:\s]\s*(?P<d>{DUTCH_DATE}|{ISO_DATE})"),
    regex.compile(rf"(?i)\bdatum:\s*(?P<d>{ISO_DATE}|{DUTCH_DATE})"),
    regex.compile(rf"(?m)^\s*(?:Den Haag|'s-Gravenhage),?\s+(?P<d>{DUTCH_DATE})"),
    regex.compile(
        rf"(?im)^\s*(?:Vastgesteld|Voorgesteld|Gepubliceerd:?|Publicatiedatum:?)\s+(?P<d>{DUTCH_DATE}|{ISO_DATE})"
    ),
]
_NUMBER = regex.compile(r"(?i)\bNummer:\s*((?:19|20)\d{2}D\d{5})\b")
_KENMERK = regex.compile(
    r"(?i)(?:Onze\s+referentie|Ons\s+kenmerk|Kenmerk)\W*\s*\n?\s*\**\s*([A-Z][A-Z0-9]{1,}[-/]?[A-Z0-9-]*\d[A-Z0-9-]*)"
)
_BETREFT = regex.compile(r"(?m)^\W*Betreft\W*[:\s]\s*(.+)$")
_BRIEF_REGERING = regex.compile(r"(?m)^\s*Brief regering\s*:\s*(.+)$")
_LETTER_OF = regex.compile(
    r"(?m)^(?:Nr\.\s*\d+\s+)?BRIEF VAN DE (?:MINISTERS?|STAATSSECRETARIS(?:SEN)?)\s+(?:VAN|VOOR)\s+([A-ZËÏÖÜ ,]+?)(?:\s+EN\s+(?:VOOR|VAN|DE)\b|$)"
)
_MINISTERIE = regex.compile(r"(?m)^\W*Ministerie van ([A-Z][\w ,]{2,60}?)\W*$")
_SIGNER = regex.compile(
    r"(?m)ondertekenaar:[^,\n]+,\s+(?:minister|staatssecretaris)\s+(?:van|voor)\s+([A-Z][\w ]+?)\s*$"
)
_SIGNATURE = regex.compile(r"(?m)^\s*De (?:[Mm]inister|[Ss]taatssecretaris) (?:van|voor) ([A-Z][\w ,]+?),")
_DOSSIER_TITLE = regex.compile(
    r"(?m)^\d{2} ?\d{3}(?: [IVXL]+| [A-Z])?\s+(\p{Lu}[^\n]{5,150})\n(?:[^\n]*\n){0,8}?Nr\. ?\d+"
)
_NAV = regex.compile(r"^\s*(?:\[[^\]]*\]\s*)+$")
_SMALL_WORDS = {"en", "van", "voor", "de", "het", "der"}


def parse_dutch_date(text: str) -> date | None:
    text = text.strip()
    if regex.fullmatch(ISO_DATE, text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    try:
        return dateparser.parse(text, parserinfo=DUTCH).date()
    except (ValueError, OverflowError):
        return None


def read_metadata(text: str, hints: dict[str, str] | None = None) -> DocumentMeta:
    """What the letter says about itself; `hints` (a web page's own metadata) win where present."""
    meta = DocumentMeta()
    head = text[:6000]
    for pattern in _DATE_PATTERNS:
        m = pattern.search(head)
        if m and (parsed := parse_dutch_date(m.group("d"))):
            meta.date = parsed
            break
    if m := _NUMBER.search(head):
        meta.number = m.group(1)
    if m := _KENMERK.search(text):
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
        for pattern in _DATE_PATTERNS:
            if (m := pattern.search(running)) and (parsed := parse_dutch_date(m.group("d"))):
                meta.date = parsed
                break
    if title := hints.get("title"):
        meta.title = title
    if (declared := hints.get("date")) and (parsed := parse_dutch_date(declared[:10])):
        meta.date = parsed
    if number := hints.get("number"):
        meta.number = number
    if dossier := hints.get("dossier"):
        meta.dossier = dossier.replace(" ", "")


def _title(head: str) -> str | None:
    for pattern in (_BETREFT, _BRIEF_REGERING):
        if m := pattern.search(head):
            return _clean(m.group(1))
    # Otherwise the first title-like line above the letter itself, else the dossier's title.
    letter_start = regex.search(r"(?im)^\W*(?:Nr\.\s*\d+|Aan de Voorzitter|Geachte)", head)
    for line in head[: letter_start.start() if letter_start else len(head)].split("\n"):
        line = _clean(line)
        if not line or _NAV.match(line) or len(line) < 8 or len(line) > 160 or line.endswith((".", ",")):
            continue
        if " " not in line or regex.match(
            r"(?i)^(kamerstuk|direct naar|download|ministerie|onze referentie|datum|tweede kamer|den haag|[•\-*\d])",
            line,
        ):
            continue
        return line
    if m := _DOSSIER_TITLE.search(head):
        return _clean(m.group(1))
    return None


def _ministry(text: str) -> str | None:
    for pattern in (_LETTER_OF, _SIGNER, _MINISTERIE, _SIGNATURE):
        if m := pattern.search(text):
            return _tidy(m.group(1))
    return None


def _tidy(name: str) -> str:
    words = regex.sub(r"\s+", " ", name).strip(" ,").split(" ")
    if name.isupper():
        words = [w.lower() if w.lower() in _SMALL_WORDS else w.capitalize() for w in words]
    return " ".join(words)


def _clean(line: str) -> str:
    return regex.sub(r"\s+", " ", regex.sub(r"[*#_]+", "", line)).strip()
