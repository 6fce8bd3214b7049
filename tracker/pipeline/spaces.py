"""White space folded to single spaces, as quotes and names are shown."""

from __future__ import annotations

import re

# A long text is folded in pieces of about this many characters, so that the list of its words
# (a Python string for each) never holds more than one piece: a page of two-letter words would
# otherwise take fifteen times its size while it is folded.
_PIECE = 1 << 16
_SPACE_THEN_WORD = re.compile(r"\s(?=\S)")


def fold_spaces(text: str) -> str:
    """Every run of white space becomes one plain space (at the edges too: they are not stripped)."""
    if text.isprintable() and "  " not in text:
        return text  # every white space character but the plain space is unprintable: nothing to fold
    if len(text) <= _PIECE:
        return _fold(text)
    # Each piece but the last ends in white space and the next starts with a word, so that no run
    # of white space is split and the folded pieces join as the whole text would fold.
    pieces = []
    start = 0
    while start < len(text):
        cut = _SPACE_THEN_WORD.search(text, start + _PIECE)
        end = cut.end() if cut else len(text)
        pieces.append(_fold(text[start:end]))
        start = end
    return "".join(pieces)


def _fold(text: str) -> str:
    # str.split() finds the runs in C, several times faster than a pattern replacing them
    folded = " ".join(text.split())
    if text[:1].isspace():
        folded = " " + folded
    if text[-1:].isspace() and folded != " ":
        folded += " "
    return folded
