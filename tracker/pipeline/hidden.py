"""Characters that hide words from the patterns: made plain once, when a letter is loaded.

Word and web pages put a no-break space in "motie Grinwis" or "21 501-02", a zero-width space or
a soft hyphen inside a word ("Grin\u00adwis"). To the reader they are a space or nothing at all;
to a pattern they are a different character, and the item or reference would be missed. The text
the pipeline reads has them as a plain space or not at all; what was changed where is kept, so
that a quote shown to the user is the document's own text again (`HiddenCharacters.original`).
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass, field

# Spaces that do not break a line: a plain space to the patterns.
SPACES = "\u00a0\u2007\u202f"
# Characters with no width: soft hyphen, zero-width space / non-joiner / joiner, word joiner, and
# a byte-order mark in the middle of a text (a zero-width no-break space).
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_TO_PLAIN = str.maketrans(dict.fromkeys(SPACES, " ") | dict.fromkeys(INVISIBLE, None))
_HIDDEN = re.compile(f"[{SPACES}{INVISIBLE}]")
_INVISIBLE_RUN = re.compile(f"[{INVISIBLE}]+")
MAX_RESTORED = 500  # quotes looked up per letter; beyond that (a hostile file) they stay as read


def make_plain(text: str) -> tuple[str, HiddenCharacters | None]:
    """The text with hidden characters made plain, and what it takes to show the original again
    (None when the text has none: the common case costs one search)."""
    if not _HIDDEN.search(text):
        return text, None
    plain = text.translate(_TO_PLAIN)
    return plain, HiddenCharacters(text, plain)


@dataclass
class HiddenCharacters:
    """The original text beside the plain one, and where the invisible characters were taken out
    (spaces were replaced one for one, so only those shift positions)."""

    text: str
    plain: str
    # plain positions where a run was taken out, and the characters taken out up to that run (arrays
    # of machine integers: a hostile page has a run in every word)
    removed_at: array[int] = field(default_factory=lambda: array("i"))
    removed_before: array[int] = field(default_factory=lambda: array("i"))
    restored: dict[str, str] = field(default_factory=dict)
    cursor: int = 0  # quotes are asked for mostly in letter order: the search starts where the last ended

    def __post_init__(self) -> None:
        removed = 0
        for run in _INVISIBLE_RUN.finditer(self.text):
            self.removed_at.append(run.start() - removed)
            removed += len(run.group())
            self.removed_before.append(removed)

    def _position(self, plain_at: int) -> int:
        runs = bisect.bisect_right(self.removed_at, plain_at)
        return plain_at + (self.removed_before[runs - 1] if runs else 0)

    def original(self, quote: str | None) -> str | None:
        """The document's own text for a quote taken from the plain text, white space as in the
        quote (unchanged when it cannot be found, for instance where footnote markers were taken out)."""
        if not quote or not quote.strip():
            return quote
        if quote not in self.restored:
            if len(self.restored) >= MAX_RESTORED:
                return quote
            span = self._find(quote.strip())
            if span is None:
                self.restored[quote] = quote
            else:
                start, end = self._position(span[0]), self._position(span[1] - 1) + 1
                words = self.text[start:end].split()  # the quote's own white space, the text's characters
                self.restored[quote] = (quote[: len(quote) - len(quote.lstrip())] + " ".join(words)
                                        + quote[len(quote.rstrip()):])  # fmt: skip
        return self.restored[quote]

    def _find(self, wanted: str) -> tuple[int, int] | None:
        """Where the plain text has `wanted`: as it is, else with other white space between its words."""
        at = self.plain.find(wanted, self.cursor)
        if at < 0:
            at = self.plain.find(wanted)
        if at >= 0:
            self.cursor = at + len(wanted)
            return at, at + len(wanted)
        pattern = re.compile(r"\s+".join(re.escape(word) for word in wanted.split()))
        found = pattern.search(self.plain, self.cursor) or pattern.search(self.plain)
        if found is None:
            return None
        self.cursor = found.end()
        return found.span()
