"""Letters as the store holds them: their files and versions, what arrived since a moment, and
removing a letter's events by hand (`tracker forget`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlite_utils import Database

from tracker.store.identity import EVENT_COLUMNS, alias_groups, reresolve, retire_events
from tracker.store.status import refresh_status


class LetterNotFound(LookupError):
    pass


def arrival_moment(since: date) -> str:
    """The start of the day `since` (local time) in the form events and letters record their arrival."""
    return datetime.combine(since, time()).astimezone(UTC).isoformat()


def letter_label(letter: dict[str, Any]) -> str:
    return f"L{letter['id']}"


_LETTER_ROWS = """
select l.id, l.date, coalesce(l.number, l.kenmerk, l.kamerstuk) as reference, l.title,
    l.first_ingested_at, l.ingested_at, l.forgotten_at,
    (select count(*) from documents d where d.letter_id = l.id) as files,
    (select count(distinct e.item_id) from events e join documents d on d.sha256 = e.document_sha256
        where d.letter_id = l.id) as items,
    (select d.path from documents d where d.letter_id = l.id and d.superseded_at is null
        order by d.ingested_at desc limit 1) as current_file
from letters l
"""


def letter_rows(db: Database, since: str | None = None) -> list[dict[str, Any]]:
    """Every stored letter (or those stored since a moment), newest letter date first. Its state:
    forgotten, else stored (since a moment: new, or a new version of a letter stored before it)."""
    sql = _LETTER_ROWS + (" where l.ingested_at >= :since" if since else "")
    sql += " order by coalesce(l.date, '') desc, l.id desc"
    rows = []
    for row in db.query(sql, {"since": since} if since else {}):
        if row["forgotten_at"]:
            state = "forgotten"
        elif since:
            state = "new" if row["first_ingested_at"] >= since else "new version"
        else:
            state = "stored"
        rows.append(row | {"id": f"L{row['id']}", "state": state})
    return rows


def files_of(db: Database, letter_id: int) -> list[dict[str, Any]]:
    return list(
        db.query(
            "select path, format, sha256, ingested_at, superseded_at from documents where letter_id = ?"
            " order by ingested_at, rowid",
            [letter_id],
        )
    )


def find_stored_letter(db: Database, ref: str) -> dict[str, Any]:
    """A letter by `L12`, its document number, kenmerk, own kamerstuk, a file's path or sha256."""
    wanted = ref.strip()
    if wanted[:1] in "Ll" and wanted[1:].isdigit():
        found = list(db.query("select * from letters where id = ?", [int(wanted[1:])]))
    else:
        found = list(
            db.query(
                "select * from letters where upper(number) = upper(:r) or upper(kenmerk) = upper(:r)"
                " or kamerstuk = :r collate nocase or id in (select letter_id from documents where path = :r"
                " or path like '%/' || :r or sha256 = lower(:r)) order by id",
                {"r": wanted},
            )
        )
    if not found:
        raise LetterNotFound(f"no letter {ref!r}; 'tracker letters' shows them")
    if len(found) > 1:
        ids = ", ".join(letter_label(letter) for letter in found)
        raise LetterNotFound(f"{ref!r} names {len(found)} letters ({ids}); give one of these ids")
    return found[0]


def forget_letter(db: Database, letter_id: int, when: str) -> int:
    """Take a letter's events out of the count (into the history); corrections by hand stay.
    Its files stay known, so ingesting them again does not bring the letter back."""
    files = [row["sha256"] for row in db.query("select sha256 from documents where letter_id = ?", [letter_id])]
    marks = ", ".join("?" for _ in files) or "null"
    with db.atomic():
        touched = {
            (row["item_id"], row["extracted_key"])
            for row in db.query(
                f"select distinct item_id, extracted_key from events where document_sha256 in ({marks})", files
            )
        }
        groups = alias_groups(db, letter_id)
        moved = retire_events(db, f"document_sha256 in ({marks})", files, when, "forgotten")
        db.execute("delete from item_aliases where letter_id = ?", [letter_id])
        db.execute("update letters set forgotten_at = ? where id = ?", [when, letter_id])
        counted = {item for item, _ in touched} | reresolve(db, {key for _, key in touched}, groups)
        refresh_status(db, counted)
    return moved


def restore_letter(db: Database, letter: dict[str, Any]) -> int:
    """Undo `forget`: the events it took out count again."""
    files = [row["sha256"] for row in db.query("select sha256 from documents where letter_id = ?", [letter["id"]])]
    marks = ", ".join("?" for _ in files) or "null"
    columns = EVENT_COLUMNS.removeprefix("id, ")
    where = f"superseded_reason = 'forgotten' and superseded_at = ? and document_sha256 in ({marks})"
    params = [letter["forgotten_at"], *files]
    with db.atomic():
        back = db.execute(f"insert into events ({columns}) select {columns} from event_history where {where}", params)
        db.execute(f"delete from event_history where {where}", params)
        db.execute(
            "insert or ignore into item_aliases (item_id, names, subject, letter_id)"
            " select distinct i.id, i.names, i.subject, ? from events e join items i on i.id = e.extracted_key"
            f" where e.document_sha256 in ({marks}) and i.kind = 'motie' and i.names is not null and i.subject is not null",
            [letter["id"], *files],
        )
        db.execute("update letters set forgotten_at = null where id = ?", [letter["id"]])
        keys = {
            row["extracted_key"]
            for row in db.query(f"select extracted_key from events where document_sha256 in ({marks})", files)
        }
        # the items the events count for once reresolve has moved them
        counted = reresolve(db, keys, alias_groups(db, letter["id"])) | {
            row["item_id"] for row in db.query(f"select item_id from events where document_sha256 in ({marks})", files)
        }
        refresh_status(db, counted)
    return back.rowcount
