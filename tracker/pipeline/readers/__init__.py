"""Readers turn one file format into letter text; `tracker.pipeline.load` picks the reader.

Every reader returns plain text. Readers that know exactly where the footnotes are (.docx, .pdf)
write them in the Word-export shape the normaliser reads without guessing: `[footnoteRef:N]` at the
marker and one `[N: note text]` line per note after the body.
"""

from __future__ import annotations


class LoadError(Exception):
    """A file that cannot be read; the message names the problem in one line."""


def notes_block(notes: list[str]) -> str:
    """The notes after the body, numbered from 1 in order of their markers."""
    lines = [f"[{number}: {' '.join(text.split())}]" for number, text in enumerate(notes, start=1)]
    return "\n\n" + "\n".join(lines) + "\n" if lines else ""


def marker(number: int) -> str:
    return f"[footnoteRef:{number}]"
