"""Writing extractions and manual corrections. One transaction per document; nothing is overwritten."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlite_utils import Database

from tracker.pipeline.deadlines import find_deadline
from tracker.pipeline.extract import motie_keys, unique_references
from tracker.pipeline.items import collapse
from tracker.pipeline.model import Extraction
from tracker.rules import Rules

MANUAL_STATUSES = ("open", "closed", "partial", "lapsed")


@dataclass
class SaveResult:
    path: str
    new: bool  # False when this exact file (same sha256) was ingested before
    items: int
    events: int
    references: int


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def save_extraction(db: Database, extraction: Extraction, rules: Rules) -> SaveResult:
    doc = extraction.document
    meta = extraction.meta
    with db.atomic():
        if db.table("documents").count_where("sha256 = ?", [doc.sha256]):
            return SaveResult(doc.path, False, 0, 0, 0)
        ingested = now_iso()
        letter_date = meta.date.isoformat() if meta.date else None
        db.table("documents").insert(
            {
                "sha256": doc.sha256, "path": doc.path, "title": meta.title, "date": letter_date,
                "number": meta.number, "kenmerk": meta.kenmerk, "dossier": meta.dossier, "ministry": meta.ministry, "format": doc.format,
                "footnote_style": extraction.normalised.note_style, "ingested_at": ingested,
            }
        )  # fmt: skip
        events = 0
        for item in extraction.items:
            existing = next(db.query("select * from items where id = ?", [item.key]), None)
            quotes = " ".join(collapse(m.status_quote or m.sentence.text) for m in item.mentions)
            deadline = find_deadline(item.text, meta.date, rules) if item.kind == "toezegging" else None
            row = {
                "id": item.key,
                "kind": item.kind,
                "public_id": item.public_id,
                "dossier": item.dossier,
                "ondernummer": item.ondernummer,
                "name": item.name,
                "text": item.text,
                "ek_nummer": item.ek_number,
                "ministry": meta.ministry,
                "deadline_phrase": deadline.phrase if deadline else None,
                "deadline_date": deadline.due.isoformat() if deadline and deadline.due else None,
                "search_text": quotes,
                "first_seen": doc.sha256,
            }
            if existing is None:
                db.table("items").insert(row)
            else:
                # Fill in what earlier letters did not say; never overwrite what is known.
                update = {k: v for k, v in row.items() if v and not existing.get(k) and k != "search_text"}
                update["search_text"] = f"{existing.get('search_text') or ''} {quotes}".strip()
                db.table("items").update(item.key, update)
            for mention in item.mentions:
                db.table("events").insert(
                    {
                        "item_id": item.key, "document_sha256": doc.sha256, "date": letter_date,
                        "status": mention.status, "quote": collapse(mention.status_quote or mention.sentence.text),
                        "rule": mention.status_rule or mention.rule, "source": "letter", "note": None,
                        "author": None, "recorded_at": ingested,
                    }
                )  # fmt: skip
                events += 1
        mkeys = motie_keys(extraction)
        refs = unique_references(extraction.references)
        db.table("references").insert_all(
            (
                {"document_sha256": doc.sha256, "dossier": r.dossier, "ondernummer": r.ondernummer, "text": r.text,
                 "motie": int(r.key in mkeys)}
                for r in refs
            ),
            pk=("document_sha256", "dossier", "ondernummer"),
        )  # fmt: skip
    return SaveResult(doc.path, True, len(extraction.items), events, len(refs))


def record_manual_status(
    db: Database, item_id: str, status: str, note: str, on: date | None = None
) -> dict[str, object]:
    """A correction by hand: an event in the same timeline, dated today unless told otherwise."""
    if status not in MANUAL_STATUSES:
        raise ValueError(f"status must be one of {', '.join(MANUAL_STATUSES)}")
    event: dict[str, object] = {
        "item_id": item_id,
        "document_sha256": None,
        "date": (on or date.today()).isoformat(),
        "status": status,
        "quote": None,
        "rule": "manual",
        "source": "manual",
        "note": note,
        "author": os.environ.get("TRACKER_USER") or getpass.getuser(),
        "recorded_at": now_iso(),
    }
    with db.atomic():
        db.table("events").insert(event)
    return event
