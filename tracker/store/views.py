"""Views for other SQLite tools (Datasette's page, sqlite-utils): every item's timeline, and the
items whose letters disagree. They read the same tables `tracker show` does."""

from __future__ import annotations

from sqlite_utils import Database

# One row per event, in the order `tracker show` lists them: by date (undated first), a manual
# correction after the letters of its date, then as recorded.
TIMELINE_VIEW = """
select
    coalesce(nullif(i.public_id, ''), i.id) as item, e.item_id as item_key, i.kind,
    case when i.dossier != '' and i.ondernummer != '' then 'kst-' || i.dossier || '-' || i.ondernummer end as kamerstuk,
    e.date, e.status, coalesce(e.quote, e.note) as quote,
    case when e.source = 'manual' then 'manual correction'
        else coalesce(nullif(d.number, ''), nullif(d.kenmerk, ''), nullif(d.title, ''), d.path) end as letter,
    d.title as letter_title, d.path as file, e.document_sha256 as letter_sha256,
    e.rule, e.source, e.author, e.recorded_at, e.id as event_id,
    printf('%-10s', coalesce(e.date, '')) || (e.source = 'manual') || printf('%020d', e.id) as timeline_order
from events e
join items i on i.id = e.item_id
left join documents d on d.sha256 = e.document_sha256
"""

# What each letter says of an item by the status rules (partly done, else open when any mention
# announces further work, else closed), for the items of which one letter says closed and another
# open or partly done. One row per letter, with the quote that decided its verdict.
DISAGREEMENTS_VIEW = """
with verdicts as (
    select item_id, document_sha256,
        case when max(status = 'partial') then 'partial' when max(status = 'open') then 'open' else 'closed' end
            as says,
        coalesce(min(case when status = 'partial' then id end), min(case when status = 'open' then id end), min(id))
            as event_id
    from events
    where document_sha256 is not null and status in ('open', 'closed', 'partial')
    group by item_id, document_sha256
),
disputed as (
    select item_id from verdicts group by item_id
    having max(says = 'closed') and max(says != 'closed')
)
select
    t.item, t.item_key, t.kind, t.kamerstuk, coalesce(nullif(i.name, ''), i.text) as name, s.status as current_status,
    v.says, t.date, t.quote, t.letter, t.file, t.letter_sha256, t.timeline_order
from verdicts v
join disputed using (item_id)
join item_status s on s.item_id = v.item_id
join items i on i.id = v.item_id
join timeline t on t.event_id = v.event_id
"""


def create_web_views(db: Database) -> None:
    """The views `timeline` and `disagreements`; used by the migration that introduces them."""
    db.execute("drop view if exists disagreements")
    db.execute("drop view if exists timeline")
    db.execute(f"create view timeline as {TIMELINE_VIEW}")
    db.execute(f"create view disagreements as {DISAGREEMENTS_VIEW}")
