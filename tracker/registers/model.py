"""A register record as every reader hands it over, and the register's status words.

Nothing in a register file is trusted: values are plain text, cut to a sane length, with control
characters removed; numbers must have the register's own shape or the record is skipped."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from tracker.pipeline.metadata import parse_dutch_date

# The register's words, compared case- and space-insensitively. Anything else is "unknown" (and
# said once per import); an empty status is "unknown" too, never open or closed.
STATUS_WORDS = {
    "openstaand": "open", "niet voldaan": "open", "doorlopend": "open",
    "afgedaan": "closed", "voldaan": "closed", "nagekomen": "closed",
    "deels afgedaan": "partial", "deels voldaan": "partial",
    "vervallen": "lapsed",
}  # fmt: skip

TK_NUMBER = re.compile(r"TZ\d{6}-\d{3}")
EK_NUMBER = re.compile(r"T\d{5}")
MAX_FIELD = 20_000  # characters kept of any one value
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class RegisterError(Exception):
    """A register file that cannot be read at all (the message names the problem)."""


@dataclass
class RegisterRecord:
    register: str  # "TK" or "EK"
    kind: str  # "toezegging" or "motie"
    number: str  # TZ202504-057, T01237, kst-21501-02-2766
    raw_status: str | None = None
    title: str | None = None
    text: str | None = None
    ministry: str | None = None
    responsible: str | None = None
    committee: str | None = None
    kamerstukken: str | None = None
    promised_on: str | None = None
    deadline: str | None = None
    fulfilled_on: str | None = None
    letters: list[str] = field(default_factory=list)  # TK document numbers of the fulfilling letters
    vote: str | None = None  # moties: aangenomen, verworpen, ingetrokken, aangehouden
    guid: str | None = None
    version: str | None = None  # when the register last changed it (UTC), where the file says
    deleted: bool = False
    decision: bool = False  # a committee's decision or a vote: changes only the fields it gives

    def given(self) -> dict[str, str]:
        given = (("raw_status", self.raw_status), ("deadline", self.deadline), ("vote", self.vote))
        return {k: v for k, v in given if v}

    @property
    def key(self) -> str:
        return f"{self.register}:{self.number}"

    @property
    def status(self) -> str | None:
        """open, closed, partial, lapsed or unknown; a motie's register holds a vote, not a status."""
        if self.kind == "motie":
            return None
        return map_status(self.raw_status)


def map_status(raw: str | None) -> str:
    return STATUS_WORDS.get(" ".join((raw or "").lower().split()), "unknown")


def clean(value: object) -> str | None:
    """A value from a file as plain, bounded text; empty is None."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = _CONTROL.sub("", str(value))
    text = " ".join(text.split())[:MAX_FIELD]
    return text or None


def tk_number(value: object) -> str | None:
    text = (clean(value) or "").upper().replace(" ", "")
    return text if TK_NUMBER.fullmatch(text) else None


def ek_number(value: object) -> str | None:
    text = (clean(value) or "").upper().replace(" ", "")
    return text if EK_NUMBER.fullmatch(text) else None


def document_numbers(value: object) -> list[str]:
    """TK document numbers (2025D31207) in a value; anything else is left out."""
    return re.findall(r"\b(?:19|20)\d{2}D\d{5}\b", clean(value) or "")


def timestamp(value: object) -> str | None:
    """A register timestamp as UTC ISO (naive ones are Dutch time; 7 decimals are allowed)."""
    text = clean(value)
    if not text:
        return None
    text = re.sub(r"(\.\d{6})\d+", r"\1", text.replace("Z", "+00:00"))
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_AMSTERDAM)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def day(value: object) -> str | None:
    """A date as YYYY-MM-DD: ISO timestamps (their own date, not shifted), "1 juli 2024", "02-07-25".
    OData's 0001-01-01 means "none"."""
    text = clean(value)
    if not text:
        return None
    if m := re.match(r"(\d{4})-(\d{2})-(\d{2})", text):
        if m.group(1) == "0001":
            return None
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            return None
    if m := re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{2}|\d{4})", text):
        year = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0)
        try:
            return date(year, int(m.group(2)), int(m.group(1))).isoformat()
        except ValueError:
            return None
    if not re.search(r"\d{4}", text):
        return None  # no year: not a date to compare with
    parsed = parse_dutch_date(text)
    return parsed.isoformat() if parsed else None
