"""White space folded to single spaces, as quotes and names are shown."""

from __future__ import annotations

import regex

# A run of white space that is more than one plain space. The result equals that of `\s+` -> " ",
# but a lone space (between most words) is not replaced by itself, which is several times faster.
_FOLDABLE = regex.compile(r"[^\S ]\s*| \s+")


def fold_spaces(text: str) -> str:
    if text.isprintable() and "  " not in text:
        return text  # every white space character but the plain space is unprintable: nothing to fold
    return _FOLDABLE.sub(" ", text)
