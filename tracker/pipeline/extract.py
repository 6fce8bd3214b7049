"""The whole pipeline for one document: file -> text -> body + notes -> references -> items + status."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from tracker.pipeline.hidden import HiddenCharacters
from tracker.pipeline.items import ItemFinder, merge_items
from tracker.pipeline.load import load_document
from tracker.pipeline.metadata import read_metadata
from tracker.pipeline.model import Extraction, Item, LoadedDocument
from tracker.pipeline.normalise import normalise
from tracker.pipeline.references import find_identifiers, find_references
from tracker.pipeline.sentences import split_sentences
from tracker.pipeline.status import assign_status
from tracker.rules import Rules, load_rules


def extract_file(path: Path, rules: Rules | None = None) -> Extraction:
    return extract_document(load_document(path), rules)


def extract_document(document: LoadedDocument, rules: Rules | None = None) -> Extraction:
    with _without_cycle_collection():
        return _extract(document, rules)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Extraction makes many objects (a sentence, reference or mention each) but no reference cycles,
    so Python's cycle collector, which walks every live object again each time enough new ones were
    made, finds nothing; off while a letter is extracted, it costs no time that grows faster than the
    letter (a tenth of the time of a 10 MB page of closing sentences)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _extract(document: LoadedDocument, rules: Rules | None) -> Extraction:
    rules = rules or load_rules()
    meta = read_metadata(document.text, document.hints)
    normalised = normalise(document.text, document.notes_known)
    sentences = split_sentences(normalised)
    references = find_references(normalised, sentences, rules)
    finder = ItemFinder(normalised, sentences, references, rules)
    mentions = finder.motie_mentions() + finder.toezegging_mentions()
    items = merge_items(mentions)
    warnings = finder.warnings + assign_status(items, sentences, rules, finder.index)
    warnings += [r.warning for r in references.first_of_each() if r.warning]
    if document.hidden is not None:
        quote_as_written(items, document.hidden)
    return Extraction(
        document=document,
        meta=meta,
        items=items,
        references=references,
        identifiers=find_identifiers(document.text),
        warnings=list(dict.fromkeys(warnings)),
        normalised=normalised,
        sentences=sentences,
    )


def quote_as_written(items: list[Item], hidden: HiddenCharacters) -> None:
    """Quotes are shown as the document has them: with the no-break spaces, zero-width characters
    and soft hyphens that were made plain for the patterns."""
    for item in items:
        item.quote = hidden.original(item.quote) or item.quote
        for mention in item.mentions:
            mention.status_quote = hidden.original(mention.status_quote)
            mention.mentions.write_as_in_document(mention.sentence_index, hidden)


def motie_keys(extraction: Extraction) -> set[tuple[str, str]]:
    return {(i.dossier, i.ondernummer) for i in extraction.items if i.kind == "motie" and i.dossier and i.ondernummer}


def decisive_mention(item: Item) -> Any:
    """The mention whose phrase set the item's status (the first mention when none did)."""
    for mention in item.mentions:
        if mention.status == item.status and mention.status_rule:
            return mention
    return item.mentions[0]


def json_text(extraction: Extraction, explain: bool = False) -> str:
    """to_json as text, indented by two spaces: the same text as the standard library's
    json.dumps(..., ensure_ascii=False, indent=2), written by orjson in a tenth of the time (the
    standard library indents in pure Python, which cost a tenth of the extraction)."""
    return orjson.dumps(to_json(extraction, explain), default=str, option=orjson.OPT_INDENT_2).decode()


def to_json(extraction: Extraction, explain: bool = False) -> dict[str, Any]:
    """The `extract --format json` shape that scripts rely on."""
    meta = extraction.meta
    mkeys = motie_keys(extraction)
    items = []
    for item in extraction.items:
        first = next((m for m in item.mentions if not m.anaphoric), item.mentions[0])
        decisive = decisive_mention(item)
        entry: dict[str, Any] = {
            "kind": item.kind,
            "id": item.public_id,
            "dossier": item.dossier,
            "ondernummer": item.ondernummer,
            "name": item.name,
            "status": item.status,
            "quote": item.quote,
            "text": item.text,
        }
        if item.ek_number:
            entry["ek_nummer"] = item.ek_number
        if decisive.status_quote and decisive.status_quote != item.quote:
            entry["status_quote"] = decisive.status_quote
        if explain:
            entry["explain"] = {
                "found_by": sorted({m.rule for m in item.mentions if not m.anaphoric}),
                "linked_by": sorted({m.linked_by for m in item.mentions if m.linked_by}),
                "status_rule": decisive.status_rule,
                "status_phrase": decisive.status_quote,
                "first_mention": {"quote": item.quote, "footnote": first.sentence.note or None},
                "mentions": [
                    {
                        "quote": m.status_quote or m.sentence.text,
                        "status": m.status,
                        "rule": m.rule,
                        "status_rule": m.status_rule,
                        "footnote": m.sentence.note or None,
                    }
                    for m in item.mentions
                ],
            }
        items.append(entry)
    references = [
        {"dossier": r.dossier, "ondernummer": r.ondernummer, "text": r.text, "motie": r.key in mkeys}
        | ({"rule": r.rule, "footnote": r.note or None} if explain else {})
        for r in extraction.references.first_of_each()
    ]
    return {
        "document": {
            "path": extraction.document.path,
            "sha256": extraction.document.sha256,
            "title": meta.title,
            "date": meta.date.isoformat() if meta.date else None,
            "number": meta.number,
            "kenmerk": meta.kenmerk,
            "dossier": meta.dossier,
            "ministry": meta.ministry,
            "format": extraction.document.format,
        },
        "items": items,
        "references": references,
        "identifiers": extraction.identifiers,
        "warnings": extraction.warnings,
    } | ({"footnote_style": extraction.normalised.note_style} if explain else {})
