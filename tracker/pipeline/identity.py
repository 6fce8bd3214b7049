"""Who is who: the one place that decides which mentions are one item and which files are one letter.

Items. A motie with a kamerstuk is `kst-<dossier>-<nr>`, a toezegging with a register number is that
number (`TZ202511-004`, `ek-T01970`). A motie named only by its indieners is keyed by the indieners
and the subject words of its mention ("de motie van het lid Omtzigt over het pensioenakkoord" ->
`motie-omtzigt-pensioenakkoord`); without subject words, and for unnumbered toezeggingen, nothing
proves that two letters speak of the same one, so such an item belongs to its letter (the store
adds the letter to its key). Joins across letters happen in the store (tracker/store/save.py).

Letters. A letter is known by its Tweede Kamer document number, its kenmerk, or its own kamerstuk;
files that share one of these (and differ in none) are versions of one letter. A file without any is
the letter at its path, or the letter of the same date and title whose text it repeats.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from tracker.pipeline.model import DocumentMeta, Mention, Reference

_PARTY_LABEL = regex.compile(r"\s*\([^)]*\)")
_NAME_SPLIT = regex.compile(r"\s*,\s*|\s+en\s+|\s*/\s*")
_CS = regex.compile(r"\bc\.s\.", regex.IGNORECASE)
# "over het pensioenakkoord", after an optional kamerstuk in brackets or a footnote's punctuation
_SUBJECT = regex.compile(
    r"[\s,]*(?:\([^()]{0,160}\)[\s,]*)?(?:over|inzake|betreffende|aangaande|met\s+betrekking\s+tot|ten\s+aanzien\s+van)"
    r"\s+(?P<subject>[^.;:()\[\]]{2,200})",
    regex.IGNORECASE,
)
# where the subject ends: the verb or relative clause that follows it
_SUBJECT_END = frozenset(
    [
        "verzoekt",
        "verzoeken",
        "vraagt",
        "vragen",
        "roept",
        "verzocht",
        "gevraagd",
        "is",
        "wordt",
        "werd",
        "zijn",
        "worden",
        "werden",
        "heeft",
        "hebben",
        "had",
        "die",
        "dat",
        "waarin",
        "waarmee",
        "waarbij",
        "waarvan",
        "zal",
        "zou",
        "kan",
        "kunnen",
        "moet",
        "is",
        "aangenomen",
        "ingediend",
    ]
)
_FILLER = frozenset(
    [
        "de",
        "het",
        "een",
        "van",
        "en",
        "in",
        "op",
        "te",
        "voor",
        "met",
        "aan",
        "bij",
        "tot",
        "door",
        "om",
        "als",
        "of",
        "uit",
        "naar",
        "dit",
        "deze",
        "die",
        "dat",
        "ook",
        "meer",
        "zo",
        "nog",
        "er",
        "the",
    ]
)
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*")
_SLUG_WORDS = 6
# Two paragraphs saved without a break between them: "ministeriële regelingenIn deze motie".
_GLUED = regex.compile(r"(?<=\p{Ll}{2})(?=\p{Lu}\p{Ll})")


@lru_cache(maxsize=4096)  # the same indieners are named again and again
def surnames(name: str | None) -> tuple[str, ...]:
    """The indieners' surnames, sorted: "Brekelmans/Mulder" and "Brekelmans en Agnes Mulder" are one motie."""
    if not name:
        return ()
    plain = _CS.sub(" ", _PARTY_LABEL.sub("", name))
    found = set()
    for person in _NAME_SPLIT.split(plain):
        words = [w for w in person.split() if w[:1].isupper()]
        if words:
            found.add(words[-1].lower())
    return tuple(sorted(found))


def subject_of(mention: Mention) -> str | None:
    """The subject words after a named motie ("over het pensioenakkoord" -> "pensioenakkoord")."""
    if mention.kind != "motie" or not mention.name:
        return None
    m = _SUBJECT.match(mention.sentence.text, mention.end)
    if not m:
        return None
    words: list[str] = []
    for word in _WORD.findall(_GLUED.sub(" ", m.group("subject")).lower()):
        if word in _SUBJECT_END:
            break
        if word not in _FILLER:
            words.append(word)
    return " ".join(words[:8]) or None


def same_subject(one: str, other: str) -> bool:
    """Two mentions speak of the same subject when the words of one open the other: the same title,
    cut off at a different place ("... ministeriële regelingen (EK 35.526, I)" and "... ministeriële
    regelingen In deze motie"); a short subject must be the same."""
    a, b = sorted((one.split(), other.split()), key=len)
    return a == b or (len(a) >= 4 and b[: len(a)] == a)


def slug(text: str, words: int = _SLUG_WORDS) -> str:
    """The first words that say something, without accents, so that the key can be typed: "financien"."""
    found = [w for w in _WORD.findall(text.lower()) if w not in _FILLER]
    plain = unicodedata.normalize("NFKD", "-".join(found[:words]))
    return "".join(c for c in plain if not unicodedata.combining(c))


@dataclass(frozen=True)
class ItemKey:
    key: str
    public_id: str | None
    letter_scoped: bool = False  # the store adds the letter: nothing proves identity across letters


def numbered_key(mention: Mention) -> ItemKey | None:
    if mention.tz_number:
        return ItemKey(mention.tz_number, mention.tz_number)
    if mention.ek_number:
        return ItemKey(f"ek-{mention.ek_number}", None)
    if mention.kind == "motie" and mention.dossier and mention.ondernummer:
        key = f"kst-{mention.dossier}-{mention.ondernummer}"
        return ItemKey(key, key)
    return None


def name_key(names: tuple[str, ...], subject: str | None) -> ItemKey:
    base = "motie-" + "-".join(names)
    if subject:
        return ItemKey(f"{base}-{subject.replace(' ', '-')}", None)
    return ItemKey(base, None, letter_scoped=True)


def named_only(key: str) -> bool:
    """A motie known only by its indieners (and subject): the one kind of item that joins another by itself."""
    return key.startswith("motie-")


def toezegging_key(text: str) -> ItemKey:
    return ItemKey("tz-" + (slug(text) or "zonder-tekst"), None, letter_scoped=True)


def scoped_key(key: str, letter_id: int) -> str:
    """The store's key of an item that belongs to one letter: `tz-12-<words>`, `motie-omtzigt-12`."""
    if key.startswith("tz-"):
        return f"tz-{letter_id}-{key[3:]}"
    return f"{key}-{letter_id}"


# --- letters ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterIds:
    """What identifies a letter; each field is None when the letter does not say it."""

    number: str | None
    kenmerk: str | None
    kamerstuk: str | None

    def conflicts(self, other: dict[str, object]) -> bool:
        """True when a stored letter says a different number, kenmerk or kamerstuk: another letter."""
        return any(
            mine and other.get(field) and str(other[field]).upper() != mine.upper()
            for field, mine in (("number", self.number), ("kenmerk", self.kenmerk), ("kamerstuk", self.kamerstuk))
        )

    def any(self) -> bool:
        return bool(self.number or self.kenmerk or self.kamerstuk)


def letter_ids(meta: DocumentMeta, references: Sequence[Reference]) -> LetterIds:
    own = next((r for r in references if r.rule == "official_header"), None)
    return LetterIds(
        number=meta.number.upper() if meta.number else None,
        kenmerk=meta.kenmerk.upper() if meta.kenmerk else None,
        kamerstuk=f"kst-{own.dossier}-{own.ondernummer}" if own else None,
    )


_PLAIN_WORD = re.compile(r"\w+")  # the standard engine: several times faster than `regex` here
_SHINGLE_WORDS = 4
_SKETCH_WORDS = 5000  # the opening of a long letter says enough
_SKETCH_SIZE = 64
# share of the sketch that two files of one letter (formats, a corrected version) have in common at
# least: 0.98 to 1.0 for the seeds' formats and corrections, 0.05 at most between different letters,
# about 0.4 between two short letters on the same letterhead
SAME_TEXT = 0.5


def fingerprint(body: str) -> str:
    """A bottom-k sketch of the text's word shingles: files of one letter in different formats (page
    headers, notes and mark-up aside) share most of it; different letters share almost nothing."""
    words = _PLAIN_WORD.findall(body[: _SKETCH_WORDS * 12].lower())[:_SKETCH_WORDS]
    hashes = {
        zlib.crc32(" ".join(words[i : i + _SHINGLE_WORDS]).encode())
        for i in range(max(1, len(words) - _SHINGLE_WORDS + 1))
    }
    return " ".join(f"{h:08x}" for h in sorted(hashes)[:_SKETCH_SIZE])


def resemblance(a: str | None, b: str | None) -> float:
    """Estimated Jaccard similarity of two sketches."""
    if not a or not b:
        return 0.0
    return _estimate(set(a.split()), set(b.split()))


def _estimate(sa: set[str], sb: set[str]) -> float:
    """The share of the sketches' smallest hashes (bottom-k of their union) that both hold."""
    union = sorted(sa | sb)[:_SKETCH_SIZE]
    return sum(1 for h in union if h in sa and h in sb) / len(union)


def title_key(title: str | None) -> str | None:
    """A title as compared with another: its words in lower case (None for no title)."""
    return re.sub(r"\W+", " ", title).strip().lower() if title else None


def repeats_text(sketch: set[str], other: str | None) -> bool:
    """resemblance(sketch, other) >= SAME_TEXT, for a sketch split once and compared with many. The
    hashes both share bound the count, so most other letters are told apart without sorting."""
    if not sketch or not other:
        return False
    theirs = set(other.split())
    shared = len(sketch & theirs)
    if shared < SAME_TEXT * min(_SKETCH_SIZE, len(sketch) + len(theirs) - shared):
        return False
    return _estimate(sketch, theirs) >= SAME_TEXT
