"""White space folded to single spaces, as quotes and names are shown."""

from __future__ import annotations


def fold_spaces(text: str) -> str:
    """Every run of white space becomes one plain space (at the edges too: they are not stripped)."""
    if text.isprintable() and "  " not in text:
        return text  # every white space character but the plain space is unprintable: nothing to fold
    # str.split() finds the runs in C, several times faster than a pattern replacing them
    folded = " ".join(text.split())
    if text[:1].isspace():
        folded = " " + folded
    if text[-1:].isspace() and folded != " ":
        folded += " "
    return folded
