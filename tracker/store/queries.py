"""Reading the store: items with their current status, timelines, changes. Explicit ordering throughout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from tracker.pipeline.references import normalise_dossier

REGISTER_WORDS = {"open": "Openstaand", "closed": "Afgedaan", "partial": "Deels afgedaan", "lapsed": "Vervallen"}
EXPLICIT = {"open", "closed", "partial", "lapsed"}
KST_URL = "https://zoek.officielebekendmakingen.nl/kst-{dossier}-{nr}.html"


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


def _event_date(event: dict[str, Any]) -> str:
    """The date of the letter (or correction). Undated letters sort before every dated one, so
    they never override what a dated letter said."""
    return event.get("date") or ""


def documents_by_sha(db: Database) -> dict[str, dict[str, Any]]:
    return {row["sha256"]: row for row in db.query("select * from documents")}


def _events_by_item(db: Database) -> dict[str, list[dict[str, Any]]]:
    events: dict[str, list[dict[str, Any]]] = {}
    for event in db.query("select * from events order by id"):
        events.setdefault(event["item_id"], []).append(event)
    return events


def current_status(events: list[dict[str, Any]]) -> tuple[str, dict[str, Any] | None]:
    """The latest explicit status (per letter: open outweighs closed) by date; a manual correction
    wins over letters of the same date or before. An item never declared closed is open."""
    per_letter: dict[str, dict[str, Any]] = {}
    explicit: list[dict[str, Any]] = []
    for event in events:
        if event["source"] == "manual":
            explicit.append(event)
            continue
        status = event["status"]
        if status not in EXPLICIT:
            continue
        held = per_letter.get(event["document_sha256"])
        if held is None or (status == "open" and held["status"] != "open"):
            per_letter[event["document_sha256"]] = event
    explicit += per_letter.values()
    if not explicit:
        return "open", None
    latest = max(explicit, key=lambda e: (_event_date(e), e["source"] == "manual", e.get("recorded_at") or "", e["id"]))
    return latest["status"], latest


def _number_order(ondernummer: str | None) -> tuple[int, int, str]:
    """Ondernummers in numeric order; Eerste Kamer letters ("A", "AB") after the numbers."""
    text = ondernummer or ""
    return (0, int(text), "") if text.isdigit() else (1, len(text), text)


def item_rows(
    db: Database, filters: Filters | None = None, as_of: date | None = None, stale_days: int = 180
) -> list[dict[str, Any]]:
    filters = filters or Filters()
    as_of = as_of or date.today()
    where, params = [], []
    if filters.kind:
        where.append("kind = ?")
        params.append(filters.kind)
    if filters.dossier:
        where.append("dossier = ?")
        params.append(normalise_dossier(filters.dossier)[0])
    if filters.ministry:
        where.append("ministry like ?")
        params.append(f"%{filters.ministry}%")
    if filters.search:
        ids = [row["id"] for row in db.table("items").search(filters.search, columns=["id"], quote=True)]
        if not ids:
            return []
        where.append(f"id in ({', '.join('?' for _ in ids)})")
        params += ids
    sql = "select * from items" + (" where " + " and ".join(where) if where else "") + " order by kind, id"
    items = list(db.query(sql, params))
    events_by_item = _events_by_item(db)
    documents = documents_by_sha(db)
    rows = []
    for item in items:
        events = events_by_item.get(item["id"], [])
        events = [e for e in events if _event_date(e) <= as_of.isoformat()]
        if not events:
            continue
        row = describe_item(item, events, documents, as_of, stale_days)
        if filters.status and row["status"] != filters.status:
            continue
        # an undated item has no date to compare: a date filter leaves it out
        if filters.since and (not row["last_date"] or row["last_date"] < filters.since.isoformat()):
            continue
        if filters.until and (not row["last_date"] or row["last_date"] > filters.until.isoformat()):
            continue
        if filters.overdue and not row["overdue"]:
            continue
        rows.append(row)
    rows.sort(key=lambda r: (r["kind"], r["dossier"] or "~", _number_order(r["ondernummer"]), r["id"]))
    return rows


def describe_item(
    item: dict[str, Any],
    events: list[dict[str, Any]],
    documents: dict[str, dict[str, Any]],
    as_of: date,
    stale_days: int | None,
) -> dict[str, Any]:
    status, deciding = current_status(events)
    ordered = sorted(events, key=lambda e: (_event_date(e), e["id"]))
    letters = [e for e in ordered if e["document_sha256"]]
    first, last = ordered[0], (deciding if deciding else ordered[-1])
    last_seen = ordered[-1]
    first_doc = documents.get(first["document_sha256"] or "", {})
    last_doc = documents.get(last["document_sha256"] or "", {})
    deadline = item.get("deadline_date")
    overdue = bool(status == "open" and deadline and deadline < as_of.isoformat())
    last_letter_date = _event_date(letters[-1]) if letters else None
    stale = bool(
        stale_days
        and status == "open"
        and last_letter_date
        and last_letter_date < (as_of - timedelta(days=stale_days)).isoformat()
    )
    return {
        "id": item["public_id"] or item["id"],
        "key": item["id"],
        "kind": item["kind"],
        "name": item["name"],
        "text": item["text"],
        "dossier": item["dossier"],
        "ondernummer": item["ondernummer"],
        "ek_nummer": item["ek_nummer"],
        "ministry": item["ministry"],
        "status": status,
        "register_status": REGISTER_WORDS.get(status, status),
        "last_date": _event_date(last),
        "last_document": last_doc.get("number")
        or last_doc.get("title")
        or last_doc.get("path")
        or ("manual" if last["source"] == "manual" else None),
        "last_seen": _event_date(last_seen),
        "first_date": _event_date(first),
        "first_document": first_doc.get("number") or first_doc.get("title") or first_doc.get("path"),
        "deadline_phrase": item["deadline_phrase"],
        "deadline": deadline,
        "overdue": overdue,
        "stale": stale,
        "letters": len({e["document_sha256"] for e in letters}),
        "link": KST_URL.format(dossier=item["dossier"], nr=item["ondernummer"])
        if item["dossier"] and item["ondernummer"]
        else None,
        "label": item["name"] or item["text"] or item["public_id"] or item["id"],
    }


def find_item(db: Database, identifier: str) -> dict[str, Any] | None:
    wanted = identifier.strip()
    for sql in ("select * from items where id = ?", "select * from items where upper(public_id) = upper(?)",
                "select * from items where upper(id) = upper(?)", "select * from items where upper(ek_nummer) = upper(?)"):  # fmt: skip
        rows = list(db.query(sql, [wanted]))
        if rows:
            return rows[0]
    if not wanted.lower().startswith("kst-"):
        return find_item(db, "kst-" + wanted) if "-" in wanted else None
    return None


def timeline(db: Database, item_id: str) -> list[dict[str, Any]]:
    documents = documents_by_sha(db)
    rows = []
    for event in db.query("select * from events where item_id = ? order by id", [item_id]):
        doc = documents.get(event["document_sha256"] or "", {})
        rows.append(
            event
            | {
                "when": _event_date(event),
                "document": doc.get("number") or doc.get("title") or doc.get("path") or "manual correction",
                "document_path": doc.get("path"),
            }
        )
    rows.sort(key=lambda e: (e["when"], e["source"] == "manual", e["id"]))
    return rows


def changes_since(db: Database, since: date, as_of: date) -> list[dict[str, Any]]:
    """Items whose current status was set by an event dated after `since` (closed or newly opened)."""
    events_by_item = _events_by_item(db)
    documents = documents_by_sha(db)
    out = []
    for item in db.query("select * from items order by kind, id"):
        events = [e for e in events_by_item.get(item["id"], []) if _event_date(e) <= as_of.isoformat()]
        if not events:
            continue
        before = [e for e in events if _event_date(e) <= since.isoformat()]
        now_status, deciding = current_status(events)
        was_status = current_status(before)[0] if before else None
        if was_status == now_status:
            continue
        doc = documents.get((deciding or events[-1])["document_sha256"] or "", {})
        change = "closed" if now_status == "closed" else ("new" if was_status is None else now_status)
        out.append(
            describe_item(item, events, documents, as_of, None)
            | {
                "change": change,
                "was": was_status,
                "by_document": doc.get("number") or doc.get("title") or doc.get("path") or "manual",
            }
        )
    return out
