"""Letters against the registers: per item, what the register says beside what the letters say,
and what that difference asks of the reader.

Findings, in the order they need action:
- letter-closed-register-open: a letter closes it, the register still has it open (or partly
  done): the register may be behind, or the letter over-claims (the quote says which);
- register-closed-letter-silent: the register names a fulfilling letter that is in the store, but no
  closing statement about the item was found in it: a possible miss of the extraction;
- register-closed-letter-missing: the register says closed, no letter in the store says so (the
  register's letter numbers, where it gives them, are the letters to fetch);
- not-in-register: a number in the letters that the imported register does not know;
- unmentioned: an open register item that no letter mentions (overdue by the register's deadline
  first);
- differ: other differences (partial, lapsed, a status word the register mapping does not know);
- register-only: closed or lapsed register items no letter mentions, and moties' votes: nothing to do;
- agree."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlite_utils import Database

from tracker.registers.keys import item_register_key
from tracker.registers.store import has_records
from tracker.store.queries import Listing

FINDINGS = (
    "letter-closed-register-open", "register-closed-letter-silent", "register-closed-letter-missing",
    "not-in-register", "unmentioned", "differ", "register-only", "agree",
)  # fmt: skip
ACTION = FINDINGS[:5]  # what the report lists
NOT_CLOSED = ("open", "partial")


def compare(db: Database, as_of: date) -> list[dict[str, Any]]:
    """Every register record and every item with a register number, classified and sorted by
    FINDINGS (within unmentioned: overdue first, oldest deadline first)."""
    kinds = {(r[0], r[1]) for r in db.execute("select distinct register, kind from register_records where deleted = 0")}
    rows = list(_items(db, as_of, kinds)) + list(_unmentioned(db, as_of))
    _letters_in_store(db, rows)
    for row in rows:
        _classify(db, row, as_of)
    rows.sort(key=lambda r: (FINDINGS.index(r["finding"]), not r["overdue"], r["deadline"] or "9999", r["number"]))
    return [_public(row) for row in rows]


def counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    return {finding: sum(r["finding"] == finding for r in rows) for finding in FINDINGS}


def register_summary(db: Database, as_of: date, limit: int | None) -> dict[str, Any] | None:
    """For the report: the first `limit` rows that need action, their number and every finding
    counted; None when no register was imported."""
    if not has_records(db):
        return None
    rows = compare(db, as_of)
    action = [row for row in rows if row["finding"] in ACTION]
    return {"rows": action if limit is None else action[:limit], "total": len(action), "counts": counts(rows)}


# The report's sections: one per finding that needs action, with the columns that explain it.
REPORT_SECTIONS = {
    "letter-closed-register-open": ("Registers: a letter closes it, the register has it open", ("id", "register_status", "letter", "quote")),
    "register-closed-letter-silent": ("Registers: closed by a stored letter that says nothing closing (a possible miss)", ("id", "register_status", "letter", "note")),
    "register-closed-letter-missing": ("Registers: closed by a letter not in the store", ("id", "register_status", "letter_status", "letter", "note")),
    "not-in-register": ("Registers: numbers in letters the register does not know", ("id", "kind", "letter_status", "letter")),
    "unmentioned": ("Registers: open in the register, in no letter (overdue first)", ("id", "register_status", "deadline", "overdue", "title")),
}  # fmt: skip


def register_sections(
    rows: list[dict[str, Any]], found: dict[str, int]
) -> list[tuple[str, list[dict[str, Any]], tuple[str, ...]]]:
    """Sections for the report: the rows it holds of each finding, titled with the total."""
    sections = []
    for finding, (title, columns) in REPORT_SECTIONS.items():
        shown = [row for row in rows if row["finding"] == finding]
        if len(shown) < found[finding]:
            title += f" (first {len(shown)} of {found[finding]}; tracker registers status)"
        elif found[finding]:
            title += f" ({found[finding]})"
        sections.append((title, shown, columns))
    return sections


def _items(db: Database, as_of: date, kinds: set[tuple[str, str]]) -> Iterator[dict[str, Any]]:
    listing = Listing(db, as_of=as_of, stale_days=None)
    key = item_register_key("i.")
    sql = f"""select c.key as item, c.id as item_id, c.kind as item_kind, c.status as letter_status,
                     c.status_quote, c.status_document, c.last_document, coalesce(c.name, c.text, c.id) as label,
                     {key} as register_key,
                     r.*
              from ({listing.source}) c join items i on i.id = c.key
              left join register_records r on r.key = {key} and r.deleted = 0
              where {key} is not null order by c.list_order"""
    for row in db.query(sql, listing.params):
        register = row["register_key"].split(":", 1)[0]
        kind = "motie" if row["register_key"].startswith("TK:kst-") else "toezegging"
        if row["key"] is None and (register, kind) not in kinds:
            continue  # no register of this kind imported: nothing to compare with
        yield row | {"register": register, "kind": kind, "number": row["register_key"].split(":", 1)[1]}


def _unmentioned(db: Database, as_of: date) -> Iterator[dict[str, Any]]:
    sql = f"""select null as item, null as letter_status, r.* from register_records r
              where r.deleted = 0 and not exists (select 1 from items where {item_register_key()} = r.key)"""
    yield from db.query(sql)


def _letters_in_store(db: Database, rows: list[dict[str, Any]]) -> None:
    """Which of the register's fulfilling letters (TK document numbers) the store has."""
    wanted = {n for row in rows if row.get("letters") for n in row["letters"].split(", ")}
    found: dict[str, list[str]] = {}
    sql = "select upper(number), sha256 from documents where upper(number) in (select value from json_each(?))"
    for number, sha in db.execute(sql, [json.dumps(sorted(wanted))]):
        found.setdefault(number, []).append(sha)
    for row in rows:
        numbers = row["letters"].split(", ") if row.get("letters") else []
        row["letters_had"] = {n: found[n] for n in numbers if n in found}
        row["letters_missing"] = [n for n in numbers if n not in found]


def _classify(db: Database, row: dict[str, Any], as_of: date) -> None:
    letter, register = row.get("letter_status"), row.get("status")
    deadline = row.get("deadline")
    row["overdue"] = bool(deadline and deadline < as_of.isoformat() and register in NOT_CLOSED)
    row["letter"], row["quote"], row["note"] = row.get("status_document"), row.get("status_quote"), None
    if row["key"] is None:
        row["finding"] = "not-in-register"
        row["letter"] = row.get("status_document") or row.get("last_document")
        return
    if row["kind"] == "motie":
        _classify_motie(row)
        return
    if row["item"] is None:
        if register == "closed" and row["letters_had"]:
            row["finding"] = "register-closed-letter-silent"
            row["letter"], row["quote"] = ", ".join(row["letters_had"]), None
            row["note"] = "the register's fulfilling letter is stored, but the item was not found in it"
        elif register in NOT_CLOSED:
            row["finding"] = "unmentioned"
            row["note"] = f"overdue since {deadline}" if row["overdue"] else None
        elif register == "unknown":
            row["finding"], row["note"] = "differ", _unknown_note(row)
        else:
            row["finding"] = "register-only"
            row["letter"] = ", ".join(row["letters_missing"]) or None
        return
    if register == "unknown":
        row["finding"], row["note"] = "differ", _unknown_note(row)
    elif letter == "closed" and register in NOT_CLOSED:
        row["finding"] = "letter-closed-register-open"
    elif register == "closed" and letter != "closed":
        _register_closed(db, row)
    elif letter == register or (letter == "open" and register == "open"):
        row["finding"] = "agree"
    else:
        row["finding"] = "differ"
        row["note"] = f"the register says {register}, the letters {letter}"


def _unknown_note(row: dict[str, Any]) -> str:
    word = row.get("raw_status")
    return f"the register's status {word!r} is no known status word" if word else "the register gives no status"


def _register_closed(db: Database, row: dict[str, Any]) -> None:
    """The register says closed, the letters do not (yet): is the register's letter in the store?"""
    shas = [sha for shas in row["letters_had"].values() for sha in shas]
    if shas:
        events = list(
            db.query(
                "select status, quote from events where item_id = ? and document_sha256 in (select value from json_each(?))"
                " order by status = 'closed' desc, id",
                [row["item"], json.dumps(shas)],
            )
        )
        row["letter"] = ", ".join(row["letters_had"])
        if events and events[0]["status"] == "closed":
            row["finding"] = "differ"
            row["note"] = "the register's letter closes it, a later letter or correction reopened it"
            return
        row["finding"] = "register-closed-letter-silent"
        row["quote"] = events[0]["quote"] if events else None
        row["note"] = (
            f"the letter mentions it as {events[0]['status']}, with no closing statement"
            if events
            else "the item was not found in the register's letter"
        )
        return
    row["finding"] = "register-closed-letter-missing"
    row["letter"] = ", ".join(row["letters_missing"]) or None
    row["note"] = (
        "the register's fulfilling letter is not in the store"
        if row["letters_missing"]
        else "the register names no fulfilling letter; none in the store closes it"
    )


def _classify_motie(row: dict[str, Any]) -> None:
    """The register has a motie's vote, not whether it was carried out: that is the letters' part."""
    vote = row.get("vote")
    if row["item"] is None:
        row["finding"] = "unmentioned" if vote == "aangenomen" else "register-only"
        row["note"] = "adopted; no letter mentions it" if vote == "aangenomen" else None
        return
    row["finding"] = "register-only"
    row["note"] = f"voted: {vote}" if vote else "no vote recorded"


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["number"], "kind": row["kind"], "register": row["register"] if row["key"] else None,
        "register_status": row.get("raw_status") if row["key"] else None, "register_mapped": row.get("status"),
        "letter_status": row.get("letter_status"), "finding": row["finding"], "letter": row["letter"],
        "quote": row["quote"], "deadline": row.get("deadline"), "overdue": row["overdue"],
        "vote": row.get("vote"), "item": row["item"], "title": row.get("label") or row.get("title") or row.get("text"),
        "note": row["note"], "source_file": row.get("source_file"), "imported_at": row.get("imported_at"),
    }  # fmt: skip
