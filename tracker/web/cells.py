"""How Datasette shows some cells of the tracker's views and queries: as links.

- an item's id (column `item`, or `id` in current_status) links to the item's timeline;
- a kamerstuk (column `kamerstuk`, kst-31985-95) links to its page on zoek.officielebekendmakingen.nl;
- a letter (column `letter`, with `letter_sha256` in the same row) links to its file's entry in
  `documents`, and so does the hash itself.

Every value is escaped: document text is data, a `<script>` in a letter shows as text.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import markupsafe
import regex
from datasette import hookimpl

from tracker.web import DATABASE_NAME

KAMERSTUK = regex.compile(r"kst-[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*")
OFFICIELE_BEKENDMAKINGEN = "https://zoek.officielebekendmakingen.nl/{}.html"


def _link(href: str, text: str, title: str | None = None) -> markupsafe.Markup:
    if title:
        return markupsafe.Markup('<a href="{}" title="{}">{}</a>').format(href, title, text)
    return markupsafe.Markup('<a href="{}">{}</a>').format(href, text)


def _column(row: Any, name: str) -> Any:
    try:
        return row[name]
    except (IndexError, KeyError):
        return None


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    if database != DATABASE_NAME or not isinstance(value, str) or not value:
        return None
    if column == "kamerstuk" and KAMERSTUK.fullmatch(value):
        return _link(OFFICIELE_BEKENDMAKINGEN.format(value), value, "on zoek.officielebekendmakingen.nl")
    if column == "item" or (table == "current_status" and column == "id"):
        href = datasette.urls.database(DATABASE_NAME) + "/item_timeline?" + urlencode({"item": value})
        return _link(href, value, "timeline")
    if column in ("letter", "letter_sha256"):
        sha256 = _column(row, "letter_sha256")
        if sha256:
            href = datasette.urls.table(DATABASE_NAME, "documents") + "/" + sha256
            text = value if column == "letter" else value[:12] + "…"
            return _link(href, text, "the letter's file")
    return None
