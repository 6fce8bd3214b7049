"""Every item's current status, kept in SQL: the table `item_status` and the view `current_status`.

The status rules (README, "Status") are written once, as the query below: per letter the first
"open" event outweighs the others, else its first explicit one; a manual correction is an event
of its own; the latest by date wins, a correction over letters of the same date; undated letters
are older than every dated one; an item never declared closed is open. It is made of GROUP BYs
only, so its cost grows with the number of events it reads and no more.

`item_status` holds the result for all events, plus what `list` filters and sorts on, so that
listings filter, count, sort and page in SQL through indexes. Whatever adds, removes or moves
events calls `refresh_status` for the items concerned, in the same transaction. A listing as of a
date before some event is worked out from the same query into a temporary table.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

from sqlite_utils import Database

from tracker.registers.keys import item_register_key, register_deadlines_update

# Sorts after every ISO date: "no date limit".
ALL_DATES = "9999-99-99"

_COLUMNS = (
    "item_id, kind, dossier, ministry_id, deadline, status, decided_event, first_date, first_document, "
    "last_date, last_document, last_seen, last_letter_date, letters, list_order"
)

# {events}: the events to consider ("events" or a subquery restricted to some items); {event_rows}:
# where the first, last and deciding events are read back ("events", or the same table when it holds
# events no longer stored: a letter's replaced version).
# :as_of: only events dated on or before it (undated ones always count).
_STATUS_QUERY = """
with ev as (
    select * from {events} where coalesce(date, '') <= :as_of
),
-- One explicit event per letter (its first "open", else its first explicit one); each correction
-- on its own. The key sorts them as the rules do: date (undated first), correction after letter,
-- time recorded, event id; the event id is its last 20 characters.
choices as (
    select item_id,
        printf('%-10s', coalesce(max(date), '')) || max(source = 'manual') || printf('%-40s', coalesce(max(recorded_at), ''))
        || printf('%020d', coalesce(min(case when status = 'open' then id end), min(id))) as rank_key
    from ev where source = 'manual' or status in ('open', 'closed', 'partial', 'lapsed')
    group by item_id, coalesce(document_sha256, 'manual ' || id)
),
deciding as (
    select item_id, cast(substr(max(rank_key), -20) as integer) as event_id from choices group by item_id
),
spans as (
    select item_id,
        cast(substr(min(printf('%-10s', coalesce(date, '')) || printf('%020d', id)), -20) as integer) as first_event,
        cast(substr(max(printf('%-10s', coalesce(date, '')) || printf('%020d', id)), -20) as integer) as last_event,
        max(case when document_sha256 is not null then coalesce(date, '') end) as last_letter_date,
        count(distinct document_sha256) as letters
    from ev group by item_id
)
select
    i.id, i.kind, i.dossier, m.id, nullif(i.deadline_date, ''),
    coalesce(d.status, 'open'), d.id,
    nullif(f.date, ''), f.document_sha256,
    nullif(coalesce(d.date, l.date), ''), case when d.id is not null then d.document_sha256 else l.document_sha256 end,
    nullif(l.date, ''), nullif(sp.last_letter_date, ''), sp.letters,
    i.kind || char(1) || coalesce(nullif(i.dossier, ''), '~') || char(1) ||
    case when i.ondernummer glob '[0-9]*' and not i.ondernummer glob '*[^0-9]*'
         then '0' || printf('%020d', cast(i.ondernummer as integer))
         else '1' || printf('%03d', length(coalesce(i.ondernummer, ''))) || coalesce(i.ondernummer, '') end
    || char(1) || coalesce(nullif(i.public_id, ''), i.id)
from spans sp
join {event_rows} f on f.id = sp.first_event
join {event_rows} l on l.id = sp.last_event
join items i on i.id = sp.item_id
left join deciding dd on dd.item_id = sp.item_id
left join {event_rows} d on d.id = dd.event_id
left join ministries m on m.name = i.ministry
"""

_WANTED_EVENTS = "(select * from events where item_id in (select value from json_each(:ids)))"


def _add_ministries(db: Database, items_where: str, params: dict[str, str]) -> None:
    db.execute(
        "insert or ignore into ministries (name) select distinct ministry from items "
        f"where ministry is not null and ministry != '' and {items_where}",
        params,
    )


# The Eerste Kamer register's deadline over the one the letters give, row by row as the trigger on
# `item_status` does (an index look-up per row, not a scan of the items for the register's ones).
_REGISTER_DEADLINES = f"""
update temp.fresh_status set deadline = (
    select r.deadline from items i join register_records r on r.key = {item_register_key("i.")}
    where i.id = fresh_status.item_id and r.deleted = 0)
where exists (
    select 1 from items i join register_records r on r.key = {item_register_key("i.")}
    where i.id = fresh_status.item_id and r.register = 'EK' and r.deleted = 0 and r.deadline is not null)
"""


def refresh_status(db: Database, item_ids: Iterable[str]) -> None:
    """Recompute the stored status of these items from their events. Call it, inside the same
    transaction, after anything that adds, removes or re-assigns events or items.

    Each row is worked out in a scratch table first (with the register's deadline, as the trigger on
    `item_status` gives it), then written only where it differs, and only in the columns that
    differ: a new event of an item seen before moves its dates and count, and leaves most of the
    status table's indexes untouched. Items are taken a few thousand at a time, so that memory
    stays flat however many a bulk change touches."""
    wanted = sorted(set(item_ids))
    for start in range(0, len(wanted), _REFRESH_CHUNK):
        _refresh_some(db, json.dumps(wanted[start : start + _REFRESH_CHUNK]))


_REFRESH_CHUNK = 5000


def _refresh_some(db: Database, ids: str) -> None:
    params = {"ids": ids, "as_of": ALL_DATES}
    _add_ministries(db, "id in (select value from json_each(:ids))", params)
    db.execute(f"create temp table if not exists fresh_status as select {_COLUMNS} from item_status where 0")
    db.execute("delete from temp.fresh_status")
    db.execute(
        f"insert into temp.fresh_status ({_COLUMNS}) "
        + _STATUS_QUERY.format(events=_WANTED_EVENTS, event_rows="events"),
        params,
    )
    db.execute(_REGISTER_DEADLINES)
    wanted = "item_id in (select value from json_each(:ids))"
    stored = {row[0]: row for row in db.execute(f"select {_COLUMNS} from item_status where {wanted}", params)}
    columns = _COLUMNS.split(", ")
    new_rows, changes = [], defaultdict(list)
    for row in db.execute(f"select {_COLUMNS} from temp.fresh_status"):
        before = stored.pop(row[0], None)
        if before is None:
            new_rows.append(row)
        elif before != row:
            changed = tuple(c for c, old, now in zip(columns, before, row, strict=True) if old != now)
            changes[changed].append([now for old, now in zip(before, row, strict=True) if old != now] + [row[0]])
    if stored:  # items left without events
        db.conn.executemany("delete from item_status where item_id = ?", [[key] for key in stored])
    for changed, rows in changes.items():
        assignments = ", ".join(f"{column} = ?" for column in changed)
        db.conn.executemany(f"update item_status set {assignments} where item_id = ?", rows)
    marks = ", ".join("?" * len(columns))
    db.conn.executemany(f"insert into item_status ({_COLUMNS}) values ({marks})", new_rows)
    db.execute("delete from temp.fresh_status")


def rebuild_status(db: Database) -> None:
    """Recompute the stored status of every item (after a migration or a bulk change)."""
    params = {"as_of": ALL_DATES}
    _add_ministries(db, "1", params)
    db.execute("delete from item_status")
    db.execute(
        f"insert into item_status ({_COLUMNS}) " + _STATUS_QUERY.format(events="events", event_rows="events"), params
    )


def status_as_of(db: Database, as_of: str) -> str:
    """The name of a table with every item's status as of a date: `item_status` itself when no
    event is dated after it, else a temporary table worked out by the same query."""
    latest = db.execute("select max(date) from events").fetchone()[0]
    if latest is None or latest <= as_of:
        return "item_status"
    return _temporary_status(db, "status_as_of", "events", {"as_of": as_of})


def status_from(db: Database, name: str, events_table: str, as_of: str) -> str:
    """A temporary table with the status, as of a date, of the items in `events_table`: a table of
    events as the store held them at some moment (replaced letters' events included)."""
    return _temporary_status(db, name, events_table, {"as_of": as_of}, event_rows=events_table)


def _temporary_status(db: Database, name: str, events: str, params: dict[str, str], event_rows: str = "events") -> str:
    db.execute(f"drop table if exists temp.{name}")
    db.execute(f"create temp table {name} as select {_COLUMNS} from item_status where 0")
    query = _STATUS_QUERY.format(events=events, event_rows=event_rows)
    db.execute(f"insert into temp.{name} ({_COLUMNS}) " + query, params)
    db.execute(register_deadlines_update(f"temp.{name}"))  # the Eerste Kamer register's deadlines count
    return f"temp.{name}"


def create_status_schema(db: Database) -> None:
    """Tables, indexes and the view; used by the migration that introduces them."""
    db.execute("create table ministries (id integer primary key, name text not null unique)")
    db.execute(
        """create table item_status (
            item_id text primary key references items(id),
            kind text, dossier text, ministry_id integer references ministries(id), deadline text,
            status text not null, decided_event integer, first_date text, first_document text,
            last_date text, last_document text, last_seen text, last_letter_date text,
            letters integer, list_order text not null
        )"""
    )
    # One index per filter and per sort of `list`, each ending in the listing order, so that the
    # first rows of any listing are read in order and paging stops early.
    for name, columns in (
        ("order", "list_order"),
        ("kind", "kind, list_order"),
        ("status", "status, list_order"),
        ("dossier", "dossier, list_order"),
        ("ministry", "ministry_id, list_order"),
        ("deadline", "deadline, list_order"),
        ("last_date", "last_date, list_order"),
        ("open_deadline", "status, deadline, list_order"),
        ("open_stale", "status, last_letter_date"),
    ):
        db.execute(f"create index item_status_{name} on item_status ({columns})")
    # `show` and `set-status` find items by any spelling of their id without a scan.
    db.execute("create index items_public_id_nocase on items (public_id collate nocase)")
    db.execute("create index items_id_nocase on items (id collate nocase)")
    db.execute("create index items_ek_nummer_nocase on items (ek_nummer collate nocase)")
    db.execute("create index events_date on events (date)")
    create_current_status_view(db)
    rebuild_status(db)


def create_unlisted_items(db: Database) -> None:
    """The table `unlisted_items`: the items without a row in `item_status` (no event counts for
    them: only a replaced or a forgotten letter mentioned them; listings leave them out), kept by
    triggers on every way the two tables are written, and filled once from the stored data. A
    count of search hits takes these few off without a pass over every item."""
    db.execute("create table unlisted_items (item_id text primary key references items(id)) without rowid")
    db.execute(
        """create trigger unlisted_items_new_item after insert on items begin
            insert or ignore into unlisted_items (item_id)
            select new.id where not exists (select 1 from item_status where item_id = new.id);
        end"""
    )
    db.execute(
        """create trigger unlisted_items_gone_item after delete on items begin
            delete from unlisted_items where item_id = old.id;
        end"""
    )
    db.execute(
        """create trigger unlisted_items_new_status after insert on item_status begin
            delete from unlisted_items where item_id = new.item_id;
        end"""
    )
    db.execute(
        """create trigger unlisted_items_gone_status after delete on item_status begin
            insert or ignore into unlisted_items (item_id)
            select old.item_id where exists (select 1 from items where id = old.item_id);
        end"""
    )
    db.execute(
        """create trigger unlisted_items_moved_status after update of item_id on item_status begin
            delete from unlisted_items where item_id = new.item_id;
            insert or ignore into unlisted_items (item_id)
            select old.item_id where exists (select 1 from items where id = old.item_id)
                and not exists (select 1 from item_status where item_id = old.item_id);
        end"""
    )
    db.execute(f"insert into unlisted_items (item_id) {UNLISTED_ITEMS_QUERY}")


# The items without a status, found by a pass over every item: what `unlisted_items` holds.
UNLISTED_ITEMS_QUERY = "select id from items where not exists (select 1 from item_status where item_id = items.id)"


def add_listing_indexes(db: Database) -> None:
    """Indexes for the report's lists (open items by first date, stale ones by their last letter),
    each ending in the listing order."""
    db.execute("drop index if exists item_status_open_stale")
    db.execute("create index item_status_open_letters on item_status (status, last_letter_date, list_order)")
    db.execute("create index item_status_open_first on item_status (status, first_date, list_order)")
    create_current_status_view(db)


# Open or partly done: the items still to act on (the report's open, overdue and stale lists).
UNFINISHED_EXPRESSION = "status in ('open', 'partial')"


def add_report_indexes(db: Database) -> None:
    """The report's lists hold open and partly done items: indexes on that expression (a query
    names it as `(status in ('open', 'partial')) = 1`) read them in order as one range. Its counts
    come from one pass over an index of kind, dossier, ministry and status."""
    db.execute("create index item_status_groups on item_status (kind, dossier, ministry_id, status)")
    for name in ("open_deadline", "open_letters", "open_first"):
        db.execute(f"drop index if exists item_status_{name}")
    for name, columns in (("deadline", "deadline"), ("letters", "last_letter_date"), ("first", "first_date")):
        db.execute(
            f"create index item_status_unfinished_{name} on item_status (({UNFINISHED_EXPRESSION}), {columns}, list_order)"
        )


def create_current_status_view(db: Database) -> None:
    """The view `current_status` for other SQLite tools (Datasette, sqlite-utils), as of today."""
    view = CURRENT_STATUS_VIEW.format(
        status="item_status", today="date('now')", stale_before="date('now', '-180 days')"
    )
    db.execute("drop view if exists current_status")
    db.execute(f"create view current_status as {view}")


# The columns users see, for the view and for listings. {status}: the status table to read;
# {today}, {stale_before}: SQL for today's date and the date before which an open item is stale.
# A partly done item is still to be acted on: it can be overdue and stale, as an open one.
CURRENT_STATUS_VIEW = """
select
    coalesce(nullif(i.public_id, ''), i.id) as id, i.id as key, s.kind, i.name, i.text, s.dossier,
    i.ondernummer, i.ek_nummer, i.ministry, s.status,
    case s.status when 'open' then 'Openstaand' when 'closed' then 'Afgedaan'
        when 'partial' then 'Deels afgedaan' when 'lapsed' then 'Vervallen' else s.status end as register_status,
    s.deadline, i.deadline_phrase,
    s.status in ('open', 'partial') and s.deadline < {today} as overdue,
    s.status in ('open', 'partial') and s.last_letter_date < {stale_before} as stale,
    s.first_date, coalesce(nullif(fd.number, ''), nullif(fd.title, ''), fd.path) as first_document,
    s.last_date, coalesce(nullif(ld.number, ''), nullif(ld.title, ''), ld.path,
        case when de.source = 'manual' then 'manual' end) as last_document,
    s.last_seen, s.last_letter_date, s.letters,
    coalesce(de.quote, de.note) as status_quote, de.date as status_date,
    case when de.id is null then null when de.source = 'manual' then 'manual'
        else coalesce(nullif(ld.number, ''), nullif(ld.title, ''), ld.path) end as status_document,
    case when i.dossier != '' and i.ondernummer != ''
        then 'https://zoek.officielebekendmakingen.nl/kst-' || i.dossier || '-' || i.ondernummer || '.html'
    end as link,
    rr.register, rr.number as register_number, rr.raw_status as register_says, rr.deadline as register_deadline,
    s.list_order, s.ministry_id, s.item_id
from {status} s
join items i on i.id = s.item_id
left join documents fd on fd.sha256 = s.first_document
left join documents ld on ld.sha256 = s.last_document
left join events de on de.id = s.decided_event
left join register_records rr on rr.key = {register_key} and rr.deleted = 0
""".replace("{register_key}", item_register_key("i."))
