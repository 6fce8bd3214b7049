"""Identity in the store: which stored letter a new file belongs to, and which item an event counts for.

Every event keeps `extracted_key`, the item it was recorded for; `item_id` is where it counts now:
that key, followed through the links a user made (`tracker link`) and through the one join the store
makes by itself: a motie named only by indieners and subject words joins the numbered motie of the
same indieners and subject when exactly one is known. Whatever computes an item's status reads
`events.item_id`, so a link, an undo, a new or a forgotten letter only has to re-point events.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from tracker.pipeline.identity import LetterIds, repeats_text, title_key
from tracker.store.status import refresh_status

EVENT_COLUMNS = (
    "id, item_id, extracted_key, document_sha256, date, status, quote, rule, source, note, author, recorded_at"
)


def find_letter(
    db: Database, ids: LetterIds, path: str, date: str | None, title: str | None, fingerprint: str
) -> dict[str, Any] | None:
    """The stored letter a file is a version of: the one with its number, kenmerk or kamerstuk (in that
    order); else the letter last stored from the same path; else the one letter of the same date and
    title whose text it repeats. Never a letter whose number, kenmerk or kamerstuk differs."""
    for column, value in (("number", ids.number), ("kenmerk", ids.kenmerk), ("kamerstuk", ids.kamerstuk)):
        if value:
            for letter in db.query(f"select * from letters where upper({column}) = ? order by id", [value]):
                if not ids.conflicts(letter):
                    return letter
    sketch = set(fingerprint.split())  # compared with the letter at the path, or with the day's letters
    by_path = db.query(
        "select letters.* from documents join letters on letters.id = documents.letter_id"
        " where documents.path = ? order by documents.ingested_at desc, documents.rowid desc",
        [path],
    )
    for letter in by_path:
        # a corrected letter repeats most of its text; another letter saved under the same name does not
        repeats = not letter["fingerprint"] or repeats_text(sketch, letter["fingerprint"])
        if repeats and not ids.conflicts(letter):
            return letter
        break  # the file at this path now is another letter
    if date and title:
        wanted = title_key(title)
        alike = [
            letter
            for letter in db.query("select * from letters where date = ?", [date])
            if title_key(letter["title"]) == wanted and not ids.conflicts(letter) and repeats_text(sketch, letter["fingerprint"])
        ]
        if len(alike) == 1:
            return alike[0]
    return None


def retire_events(db: Database, where: str, params: list[Any], when: str, reason: str) -> int:
    """Move events to the history (kept, no longer counted)."""
    db.execute(
        f"insert into event_history ({EVENT_COLUMNS}, superseded_at, superseded_reason)"
        f" select {EVENT_COLUMNS}, ?, ? from events where {where}",
        [when, reason, *params],
    )
    return db.execute(f"delete from events where {where}", params).rowcount


def _auto_join(db: Database, key: str) -> str | None:
    item = next(db.query("select kind, public_id, names, subject from items where id = ?", [key]), None)
    if item is None or item["kind"] != "motie" or item["public_id"] or not item["subject"]:
        return None
    numbered = [
        row["item_id"]
        for row in db.query(
            "select distinct a.item_id from item_aliases a join items i on i.id = a.item_id"
            " where a.names = ? and a.subject = ? and i.public_id is not null",
            [item["names"], item["subject"]],
        )
    ]
    return numbered[0] if len(numbered) == 1 else None


def resolve(db: Database, key: str) -> str:
    """Where the events recorded for `key` count: through active links, then the automatic join. A link
    to an item not stored (yet) is passed by: it counts once that item's letter is ingested."""
    seen = [key]
    while True:
        link = next(
            db.query(
                "select l.to_id from item_links l join items i on i.id = l.to_id"
                " where l.from_id = ? and l.undone_at is null order by l.id desc limit 1",
                [key],
            ),
            None,
        )
        target = link["to_id"] if link else _auto_join(db, key)
        if target is None or target in seen:
            return key
        seen.append(target)
        key = target


def reresolve(db: Database, keys: set[str], groups: set[tuple[str, str]] | None = None) -> set[str]:
    """Re-point the events of `keys`, of the moties known by the (indieners, subject) `groups`, and of
    every linked item, after what is known about identity changed. Gives the items whose events moved
    (their status must be worked out again)."""
    keys = set(keys) | {row["from_id"] for row in db.query("select from_id from item_links where undone_at is null")}
    for names, subject in groups or ():
        keys |= {
            row["item_id"]
            for row in db.query("select item_id from item_aliases where names = ? and subject = ?", [names, subject])
        }
    moved: set[str] = set()
    for key in sorted(keys):
        target = resolve(db, key)
        was = {r["item_id"] for r in db.query("select distinct item_id from events where extracted_key = ?", [key])}
        if was - {target}:
            moved |= was | {target}
            db.execute("update events set item_id = ? where extracted_key = ? and item_id != ?", [target, key, target])
    return moved


def alias_groups(db: Database, letter_id: int) -> set[tuple[str, str]]:
    return {
        (row["names"], row["subject"])
        for row in db.query("select names, subject from item_aliases where letter_id = ?", [letter_id])
    }


class LinkError(ValueError):
    pass


def link_items(db: Database, from_id: str, to_id: str, note: str, author: str, when: str) -> set[str]:
    """Join `from_id` into `to_id` by hand: the events recorded for the first count for the second.
    Gives the items whose events moved."""
    if resolve(db, from_id) == resolve(db, to_id):
        raise LinkError(f"{from_id} and {to_id} are one item already")
    with db.atomic():
        db.table("item_links").insert(
            {"from_id": from_id, "to_id": to_id, "note": note, "author": author, "recorded_at": when}
        )
        moved = reresolve(db, {from_id})
        refresh_status(db, moved | {from_id, to_id})
    return moved


def undo_links(db: Database, one: str, other: str, author: str, when: str) -> int:
    """Undo the links made by hand between two items (either way round); their events go back."""
    where = "undone_at is null and ((from_id = :a and to_id = :b) or (from_id = :b and to_id = :a))"
    params = {"a": one, "b": other}
    if not db.execute(f"select count(*) from item_links where {where}", params).fetchone()[0]:
        raise LinkError(f"no link between {one} and {other}; 'tracker show ID' lists an item's links")
    with db.atomic():
        undone = db.execute(
            f"update item_links set undone_at = :when, undone_by = :author where {where}",
            params | {"when": when, "author": author},
        ).rowcount
        moved = reresolve(db, {one, other})
        refresh_status(db, moved | {one, other})
    return undone


def links_of(db: Database, item_id: str) -> list[dict[str, Any]]:
    """The links made by hand to or from an item, undone ones too."""
    return list(
        db.query(
            "select * from item_links where from_id = :i or to_id = :i order by id",
            {"i": item_id},
        )
    )
