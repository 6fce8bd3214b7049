"""Readers turn one file format into letter text; `tracker.pipeline.load` picks the reader.

Every reader returns plain text. Readers that know exactly where the footnotes are (.docx, .pdf)
write them in the Word-export shape the normaliser reads without guessing: `[footnoteRef:N]` at the
marker and one `[N: note text]` line per note after the body.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the XML readers are imported only when a .docx or .odt is read
    from xml.etree.ElementTree import Element


class LoadError(Exception):
    """A file that cannot be read; the message names the problem in one line."""


def notes_block(notes: list[str]) -> str:
    """The notes after the body, numbered from 1 in order of their markers."""
    lines = [f"[{number}: {' '.join(text.split())}]" for number, text in enumerate(notes, start=1)]
    return "\n\n" + "\n".join(lines) + "\n" if lines else ""


def table_rows(table: Element, row_tag: str, cell_tag: str, blocks: Callable[[Element, list[str]], None]) -> list[str]:
    """A table of a .docx or .odt: one paragraph per row, each cell on its own line, so that cells
    never run into each other. `blocks` collects a cell's paragraphs."""
    rows = []
    for row in table.iter(row_tag):
        cells = []
        for cell in row.findall(cell_tag):
            paragraphs: list[str] = []
            blocks(cell, paragraphs)
            if text := "\n".join(p for p in paragraphs if p.strip()):
                cells.append(text)
        rows.append("\n".join(cells))
    return rows


def marker(number: int) -> str:
    return f"[footnoteRef:{number}]"
