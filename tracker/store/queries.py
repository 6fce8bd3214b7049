"""Reading the store: items with their current status, timelines, changes.

Filters, counts, sorting and paging run in SQL on the stored status (tracker/store/status.py), and
rows are handed out as they are read, so memory does not grow with the number of items."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlite_utils import Database

from tracker.pipeline.references import normalise_dossier
from tracker.store.identity import EVENT_COLUMNS
from tracker.store.letters import arrival_moment
from tracker.store.status import CURRENT_STATUS_VIEW, UNFINISHED_EXPRESSION, status_as_of, status_from

REGISTER_WORDS = {"open": "Openstaand", "closed": "Afgedaan", "partial": "Deels afgedaan", "lapsed": "Vervallen"}

# Open or partly done, as the index on that expression has it (status.py): still to act on.
UNFINISHED = f"({UNFINISHED_EXPRESSION}) = 1"

_Row = TypeVar("_Row")  # a row as `Listing._ordered`'s reader makes it: a dict, or a tuple of expressions

# `--sort` choices: the column, and whether it can be empty (empty values come last either way).
SORTS = {"deadline": "deadline", "last-date": "last_date", "status": "status", "dossier": "dossier"}


def misprints(dossier: str) -> list[str]:
    """The dossier with one digit left out of its five-digit number ('21501-02' printed as
    '2150-02') or of a two-digit toevoeging ('21501-0'): extraction keeps such a number as printed
    and warns that it looks like no dossier, or an incomplete one."""
    found = re.fullmatch(r"(\d{5})(?:-(\d{2}))?(\D.*)?", dossier)
    if found is None:
        return []
    digits, toevoeging, rest = found.group(1), found.group(2), found.group(3) or ""
    tail = f"-{toevoeging}{rest}" if toevoeging else rest
    variants = {digits[:i] + digits[i + 1 :] + tail for i in range(5)}
    if toevoeging:
        variants |= {f"{digits}-{toevoeging[:i] + toevoeging[i + 1 :]}{rest}" for i in range(2)}
    return sorted(variants - {dossier})


@dataclass
class Filters:
    kind: str | None = None
    status: str | None = None
    dossier: str | None = None
    since: date | None = None
    until: date | None = None
    search: str | None = None
    ministry: str | None = None
    overdue: bool = False
    stale: bool = False
    unfinished: bool = False  # open or partly done: what the report lists as open
    changed_since: date | None = None  # a letter or correction about it arrived (or was replaced) since


# `--search`: the items whose row in the full-text table matches. Ways to apply it, with the same
# result: the list of every hit, made once (the ids of the hits when they are few: the query can
# start from them; their rowids when they are many), or a look-up of one item's row in the full-text
# table as the rows are read in order (cheap when the hits are many and only a page of them is
# wanted: reading stops at the page's end).
SEARCH_HITS = (
    "item_id in (select id from items where rowid in (select rowid from items_fts where items_fts match :search))"
)
# Many hits: their rowids, a list of numbers straight from the full-text table, and each row's item
# looked for in it (a list of their ids would need every hit's item looked up first).
SEARCH_AMONG_HITS = (
    "(select rowid from items where id = item_id) in (select rowid from items_fts where items_fts match :search)"
)
SEARCH_LOOKUP = (  # of the item whose id is `value`
    "exists (select 1 from items_fts where items_fts match :search"
    " and rowid = (select rowid from items where id = value))"
)
# What one look-up costs, per word searched, against one hit of the list (measured on an archive of
# 100,000 items: 60-350 µs a word, a look-up reads each segment of the full-text index; 2-4 µs a hit).
PROBE_COST = 40


def fts_query(text: str) -> str:
    """The user's words as FTS5 phrases: every word must occur; quotes and operators are plain text."""
    words = text.split()
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


class Listing:
    """The items that match some filters, as of a date, for one query."""

    def __init__(self, db: Database, filters: Filters | None = None, as_of: date | None = None,
                 stale_days: int | None = 180) -> None:  # fmt: skip
        self.db = db
        self.filters = filters or Filters()
        self.as_of = as_of or date.today()
        self.status_table = status_as_of(db, self.as_of.isoformat())
        stale_before = (self.as_of - timedelta(days=stale_days)).isoformat() if stale_days else ""
        self.source = CURRENT_STATUS_VIEW.format(status=self.status_table, today=":as_of", stale_before=":stale_before")
        self.params: dict[str, Any] = {"as_of": self.as_of.isoformat(), "stale_before": stale_before}
        self.search: str | None = None  # the condition `--search` adds: SEARCH_HITS or SEARCH_AMONG_HITS
        self.where = self._where()

    def _has_dossier(self, dossier: str) -> bool:
        return bool(self.db.execute("select 1 from items where dossier = ? limit 1", [dossier]).fetchone())

    def _where(self) -> list[str]:
        """Conditions on columns that the status table and the view share."""
        f, where = self.filters, []
        if f.kind:
            where.append("kind = :kind")
            self.params["kind"] = f.kind
        if f.status:
            where.append("status = :status")
            self.params["status"] = f.status
        if f.dossier:
            # the dossier as asked, and as a letter may have misprinted it (kept so, and flagged)
            wanted = normalise_dossier(f.dossier)[0]
            found = [d for d in misprints(wanted) if self._has_dossier(d)]  # rare: usually none
            spellings = {f"dossier{n}": d for n, d in enumerate([wanted, *found])}
            where.append(f"dossier in ({', '.join(':' + name for name in spellings)})")
            self.params.update(spellings)
        if f.ministry:
            # Ministries are a small table: the part of the name is looked for there, not per item;
            # one ministry found is one index range, in the listing order.
            pattern = "%" + f.ministry.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            found = [row[0] for row in self.db.execute(
                "select id from ministries where name like ? escape '\\'", [pattern])]  # fmt: skip
            where.append(f"ministry_id in ({', '.join(str(int(i)) for i in found)})" if found else "0")
        if f.search:
            if not f.search.split():
                where.append("0")
            else:
                self.params["search"] = fts_query(f.search)
                self.search = SEARCH_AMONG_HITS if self._hits_at_least(self._items() // 10) else SEARCH_HITS
                where.append(self.search)
        # An undated item has no date to compare: a date filter leaves it out.
        if f.since:
            where.append("last_date >= :since")
            self.params["since"] = f.since.isoformat()
        if f.until:
            where.append("last_date <= :until")
            self.params["until"] = f.until.isoformat()
        if f.changed_since:
            where.append(
                "item_id in (select item_id from events where recorded_at >= :changed_since"
                " union select item_id from event_history where superseded_at >= :changed_since)"
            )
            self.params["changed_since"] = arrival_moment(f.changed_since)
        if f.unfinished:
            where.append(UNFINISHED)
        if f.overdue:
            where.append(f"{UNFINISHED} and deadline < :as_of")
        if f.stale:
            where.append(f"{UNFINISHED} and last_letter_date < :stale_before")
        return where

    def _where_sql(self, extra: list[str], conditions: list[str] | None = None) -> str:
        where = (self.where if conditions is None else conditions) + extra
        return " where " + " and ".join(where) if where else ""

    def _page(self, extra: list[str], order: str, limit: int, conditions: list[str] | None = None) -> str:
        """The ids of a page, chosen and ordered in the status table alone."""
        where = self._where_sql(extra, conditions)
        return f"select item_id from {self.status_table}{where} order by {order} limit {int(limit)}"

    def _select(self, extra: list[str], order: str, limit: int | None) -> str:
        if limit is None:  # every row, streamed in the order an index gives
            return f"select * from ({self.source}){self._where_sql(extra)} order by {order}"
        # A page's rows are joined for display only once it is chosen: the other tables meet only
        # the rows shown.
        found = self._searched_page(extra, order, limit)
        if found is None:
            page = self._page(extra, order, limit)
        else:
            self.params["page"] = json.dumps(found)
            page = "select value as item_id from json_each(:page)"
        return f"select v.* from ({page}) p join ({self.source}) v on v.item_id = p.item_id order by {order}"

    def _searched_page(self, extra: list[str], order: str, limit: int) -> list[str] | None:
        """With `--search` and many hits: the ids of a page, found by reading the rows in order and
        looking each up in the full-text table until the page is full. None when the hits are few
        (listing them all is cheaper), or when they turn out to be rare among the rows read first
        (a filter or an order that puts them late): then the hits are listed after all."""
        if self.search is None or limit <= 0:
            return None
        # A look-up costs PROBE_COST hits listed per word. Looking up costs about limit × items / hits
        # look-ups, listing one step per hit: looking up pays when hits² > cost × limit × items.
        cost = PROBE_COST * max(1, len(re.findall(r"\w+", self.filters.search or "")))
        enough = math.isqrt(cost * limit * self._items()) + 1
        if not self._hits_at_least(enough):
            return None
        # The rows in order first (a sort meets no look-up), then looked up a batch at a time; more
        # look-ups than `most` would cost more than listing the hits.
        batch = limit + limit // 2 + 10
        most = 2 * enough // cost + 2 * batch
        conditions = [c for c in self.where if c != self.search]
        candidates = [row[0] for row in self.db.execute(self._page(extra, order, most, conditions), self.params)]
        found: list[str] = []
        looked = 0
        while looked < len(candidates) and len(found) < limit:
            ids = json.dumps(candidates[looked : looked + batch])
            sql = f"select value from json_each(:ids) where {SEARCH_LOOKUP} order by key"
            found += [row[0] for row in self.db.execute(sql, {"ids": ids, "search": self.params["search"]})]
            looked, batch = looked + batch, 2 * batch
            # at the rate of hits so far, the look-ups still needed cost more than listing the hits
            if (limit - len(found)) * looked / max(len(found), 1) * cost > enough:
                break
        if len(found) >= limit or (looked >= len(candidates) and len(candidates) < most):
            return found[:limit]  # a full page, or every row looked up
        return None  # the hits are rare among the first rows after all

    def count(self) -> int:
        status = self.status_table
        if self.where == [SEARCH_AMONG_HITS] and status == "item_status":
            # Many hits: the full-text table counts them in one pass. An item without a status is not
            # listed (only a replaced or a forgotten letter mentioned it): the table `unlisted_items`
            # holds those few, and the pass leaves out their rowids (a look-up of each in the
            # full-text table would cost more than the pass).
            hits = "select count(*) from items_fts where items_fts match :search"
            if self.db.execute("select exists (select 1 from unlisted_items)").fetchone()[0]:
                hits += " and +rowid not in (select i.rowid from unlisted_items u join items i on i.id = u.item_id)"
            return int(self.db.execute(hits, self.params).fetchone()[0])
        # The filters name columns of the status table itself: counting needs no other table.
        return int(self.db.execute(f"select count(*) from {status}{self._where_sql([])}", self.params).fetchone()[0])

    def _items(self) -> int:
        """About the number of items (never fewer), from the end of their table alone."""
        return int(self.db.execute("select max(rowid) from items").fetchone()[0] or 0)

    def _hits_at_least(self, enough: int) -> bool:
        """Whether the full-text table has `enough` hits, counted no further."""
        sql = "select count(*) from (select 1 from items_fts where items_fts match :search limit :enough)"
        return bool(self.db.execute(sql, {"search": self.params["search"], "enough": enough}).fetchone()[0] >= enough)

    def rows(
        self, sort: str | None = None, desc: bool = False, limit: int | None = None, order: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """Matching items in the listing order (kind, dossier, number), or by `sort` with the
        listing order breaking ties; items without a value for `sort` come last. `order`: an
        ORDER BY of the caller's own."""
        return self._ordered(self._rows, sort, desc, limit, order)

    def select(
        self, expressions: Sequence[str], sort: str | None = None, desc: bool = False, limit: int | None = None
    ) -> Iterator[tuple[Any, ...]]:
        """The rows `rows` gives, in the same order, as these SQL expressions over their columns."""
        columns = ", ".join(expressions)

        def selected(sql: str) -> Iterator[tuple[Any, ...]]:
            # Expressions without functions over a subquery with ORDER BY keep SQLite's flattening: the
            # view's columns that are not asked for are never worked out.
            return self.db.execute(f"select {columns} from ({sql})", self.params)

        return self._ordered(selected, sort, desc, limit)

    def _ordered(
        self,
        read: Callable[[str], Iterator[_Row]],
        sort: str | None,
        desc: bool,
        limit: int | None,
        order: str | None = None,
    ) -> Iterator[_Row]:
        """What `read` makes of the queries of `rows`, one after the other."""
        direction = " desc" if desc else ""
        if sort is None:
            yield from read(self._select([], order or f"list_order{direction}", limit))
            return
        column = SORTS[sort]
        order = f"{column}{direction}, list_order{direction}"
        given = 0
        for row in read(self._select([f"{column} is not null"], order, limit)):
            given += 1
            yield row
        if limit is None or given < limit:
            rest = None if limit is None else limit - given
            yield from read(self._select([f"{column} is null"], f"list_order{direction}", rest))

    def _rows(self, sql: str) -> Iterator[dict[str, Any]]:
        cursor = self.db.execute(sql, self.params)
        names = [d[0] for d in cursor.description]
        for values in cursor:
            yield present(dict(zip(names, values, strict=True)))


def present(row: dict[str, Any]) -> dict[str, Any]:
    """A row of `current_status` as listings and exports show it."""
    for key in ("item_id", "list_order", "ministry_id"):
        row.pop(key, None)
    for key in ("first_date", "last_date", "last_seen"):
        row[key] = row[key] or ""  # undated letters: an empty date, as in the timeline
    row["overdue"] = bool(row["overdue"])
    row["stale"] = bool(row["stale"])
    row["label"] = row["name"] or row["text"] or row["id"]
    return row


def find_item(db: Database, identifier: str) -> dict[str, Any] | None:
    """An item by its key, public id, id or Eerste Kamer number, in any case (indexed look-ups)."""
    wanted = identifier.strip()
    for sql in ("select * from items where id = ?", "select * from items where public_id = ? collate nocase",
                "select * from items where id = ? collate nocase", "select * from items where ek_nummer = ? collate nocase"):  # fmt: skip
        row = next(db.query(sql + " limit 1", [wanted]), None)
        if row:
            return row
    if not wanted.lower().startswith("kst-"):
        return find_item(db, "kst-" + wanted) if "-" in wanted else None
    return None


def describe(db: Database, item_key: str, as_of: date, stale_days: int | None = 180) -> dict[str, Any] | None:
    """One item's listing row (its current status and what decided it)."""
    listing = Listing(db, as_of=as_of, stale_days=stale_days)
    listing.where.append("item_id = :key")
    listing.params["key"] = item_key
    return next(listing.rows(), None)


def timeline(db: Database, item_id: str) -> list[dict[str, Any]]:
    sql = """select e.*, coalesce(nullif(d.number, ''), nullif(d.title, ''), d.path, 'manual correction') as document,
                    d.path as document_path
             from events e left join documents d on d.sha256 = e.document_sha256 where e.item_id = ?"""
    rows = [event | {"when": event["date"] or ""} for event in db.query(sql, [item_id])]
    rows.sort(key=lambda e: (e["when"], e["source"] == "manual", e["id"]))
    return rows


def changes_since(db: Database, since: date, as_of: date, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Items whose status changed in the store since the start of `since`, by arrival: a letter or a
    correction stored since then (whatever the letter's own date), a letter replaced or forgotten
    since then, or a deadline that passed since then. `change` says what: new, closed, open
    (reopened), partial, lapsed, overdue."""
    moment = arrival_moment(since)
    params = {"moment": moment}
    db.execute("drop table if exists temp.changed_items")
    db.execute(
        "create temp table changed_items as select item_id from events where recorded_at >= :moment"
        " union select item_id from event_history where superseded_at >= :moment",
        params,
    )
    db.execute("drop table if exists temp.events_then")
    db.execute(
        f"create temp table events_then as select {EVENT_COLUMNS} from events"
        " where recorded_at < :moment and item_id in (select item_id from temp.changed_items)"
        f" union all select {EVENT_COLUMNS} from event_history"
        " where recorded_at < :moment and superseded_at >= :moment and item_id in (select item_id from temp.changed_items)",
        params,
    )
    db.execute("create index temp.events_then_id on events_then (id)")
    was = status_from(db, "changes_was", "temp.events_then", as_of.isoformat())
    now = status_from(
        db, "changes_now", "(select * from events where item_id in (select item_id from temp.changed_items))",
        as_of.isoformat(),
    )  # fmt: skip
    source = CURRENT_STATUS_VIEW.format(status=now, today=":as_of", stale_before="''")
    sql = f"""select c.*, w.status as was, coalesce(c.last_document, 'manual') as by_document
              from ({source}) c left join {was} w on w.item_id = c.key
              where w.status is null or w.status != c.status
              union all
              select c.*, c.status as was, 'deadline ' || c.deadline as by_document
              from ({CURRENT_STATUS_VIEW.format(status="item_status", today=":as_of", stale_before="''")}) c
              where c.status in ('open', 'partial') and c.deadline >= :since and c.deadline < :as_of
                  and c.key not in (select item_id from temp.changed_items)
              order by list_order"""
    sql += f" limit {int(limit)}" if limit is not None else ""
    cursor = db.execute(sql, {"as_of": as_of.isoformat(), "since": since.isoformat()})
    names = [d[0] for d in cursor.description]
    for values in cursor:
        row = present(dict(zip(names, values, strict=True)))
        was_status = row["was"]
        if was_status == row["status"]:
            row["change"] = "overdue"
        elif row["status"] == "closed" or was_status is not None:
            row["change"] = row["status"]
        else:
            row["change"] = "new"
        yield row
