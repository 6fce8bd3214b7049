"""Comparing an extraction with a gold annotation, by the same matching rules as the shared scorer
(toezeggingen by id, Eerste Kamer ones by `ek_nummer`, else by quote; moties by dossier and number,
else quote, else indiener names), with every miss kept under its cause."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tracker.pipeline.extract import extract_file, to_json

# Why an item was missed, by the stage that failed.
NOT_FOUND = "not found"
NOT_LINKED = "found, not linked to its kamerstuk or number"
WRONG_STATUS = "found, wrong status"
EXTRA = "extra (not in gold)"
MISSED_REFERENCE = "missed reference"
REGISTER_STATUS = "Eerste Kamer number found, not with its register status"
CAUSES = (NOT_FOUND, NOT_LINKED, WRONG_STATUS, REGISTER_STATUS, EXTRA, MISSED_REFERENCE)


def norm_dossier(d: Any) -> str | None:
    if d is None:
        return None
    d = unicodedata.normalize("NFKC", str(d)).upper()
    d = re.sub(r"(?<=\d)[ .](?=\d)", "", d)
    return re.sub(r"[\s\-–/.,]+", "-", d).strip("-")


def norm_nr(n: Any) -> str | None:
    """'nr. 095' -> '95'; Eerste Kamer letters ('AB', 'L') stay letters."""
    if n is None:
        return None
    n = re.sub(r"[\s.]", "", unicodedata.normalize("NFKC", str(n))).upper()
    if re.fullmatch(r"(?:NR|NRS)?\d+", n):
        return re.sub(r"\D", "", n).lstrip("0") or "0"
    return n.removeprefix("NR") or None


def words(s: str | None) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKC", s or "").lower())


def quote_match(gold: str | None, got: str | None) -> bool:
    g, o = " ".join(words(gold)), " ".join(words(got))
    if not g or not o:
        return False
    return g in o or o in g or len(set(words(gold)) & set(words(got))) >= 0.8 * len(set(words(gold)))


def name_words(s: str | None) -> set[str]:
    s = re.sub(r"c\.s\.|van de leden|van het lid|motie", " ", (s or "").lower())
    return set(re.findall(r"[a-zà-ÿ']{3,}", s)) - {"van", "den", "der", "het", "een"}


def register_status(gold_item: dict[str, Any]) -> str | None:
    """The status an Eerste Kamer register word means ("deels voldaan" is partial), else gold's status."""
    word = str(gold_item.get("register_status") or "").lower()
    if "deels" in word:
        return "partial"
    if "niet" in word or "openstaand" in word:
        return "open"
    if "voldaan" in word or "afgedaan" in word:
        return "closed"
    return gold_item.get("status")


@dataclass
class Miss:
    doc: str
    cause: str
    what: str

    def __str__(self) -> str:
        return f"{self.doc}: {self.cause}: {self.what}"


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    status_ok: int = 0
    false_closed: int = 0
    missed_closed: int = 0
    ref_tp: int = 0
    ref_fn: int = 0
    ref_extra: int = 0
    notmotie_as_motie: int = 0
    ek_found: int = 0  # Eerste Kamer T-numbers found with the status gold gives
    ek_total: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return [str(m) for m in self.misses]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def status_accuracy(self) -> float:
        return self.status_ok / self.tp if self.tp else 1.0

    @property
    def ref_recall(self) -> float:
        return self.ref_tp / (self.ref_tp + self.ref_fn) if self.ref_tp + self.ref_fn else 1.0

    def line(self) -> str:
        """The figures in the shared scorer's words."""
        return (
            f"items P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} (tp={self.tp} fp={self.fp} "
            f"fn={self.fn}) status={self.status_accuracy:.3f} false_closed={self.false_closed} "
            f"missed_closed={self.missed_closed} refs R={self.ref_recall:.3f} (extra={self.ref_extra}) "
            f"notmotie_as_motie={self.notmotie_as_motie} ek={self.ek_found}/{self.ek_total}"
        )


def _label(item: dict[str, Any]) -> str:
    number = f" {item.get('dossier')} nr. {item.get('ondernummer')}" if item.get("dossier") else ""
    return str(item.get("id") or item.get("ek_nummer") or item.get("name") or item.get("quote")) + number


def _match_toezeggingen(gold_items: list[dict[str, Any]], got: list[dict[str, Any]]) -> dict[int, int]:
    taken: dict[int, int] = {}  # gold index -> output index
    for g_at, g in enumerate(gold_items):
        hit = None
        for k, o in enumerate(got):
            if k in taken.values():
                continue
            if (g.get("id") and o.get("id") == g["id"]) or (
                g.get("ek_nummer") and g["ek_nummer"] in (o.get("ek_nummer"), o.get("id"))
            ):
                hit = k
                break
        if hit is None and not g.get("id"):
            hit = next(
                (
                    k
                    for k, o in enumerate(got)
                    if k not in taken.values()
                    and not o.get("id")
                    and not (g.get("ek_nummer") and o.get("ek_nummer"))
                    and quote_match(g.get("quote"), o.get("quote"))
                ),
                None,
            )
        if hit is not None:
            taken[g_at] = hit
    return taken


def _accept(g: dict[str, Any]) -> set[str | None]:
    return {norm_dossier(x) for x in (g.get("dossier_accept") or [g.get("dossier")]) if x}


def _match_moties(gold_items: list[dict[str, Any]], got: list[dict[str, Any]]) -> dict[int, int]:
    taken: dict[int, int] = {}
    for g_at, g in enumerate(gold_items):
        accept, nr = _accept(g), norm_nr(g.get("ondernummer"))
        free = [k for k in range(len(got)) if k not in taken.values()]
        hit = next(
            (
                k
                for k in free
                if accept
                and nr
                and norm_dossier(got[k].get("dossier")) in accept
                and norm_nr(got[k].get("ondernummer")) == nr
            ),
            None,
        )
        if hit is None:
            hit = next((k for k in free if quote_match(g.get("quote"), got[k].get("quote"))), None)
        if hit is None and not (accept and nr) and g.get("name"):
            hit = next((k for k in free if name_words(g["name"]) & name_words(got[k].get("name"))), None)
        if hit is not None:
            taken[g_at] = hit
    return taken


def _resembles(g: dict[str, Any], o: dict[str, Any]) -> bool:
    """An unmatched output item that is this gold item found without (or with the wrong) number."""
    return bool(name_words(g.get("name")) & name_words(o.get("name"))) or quote_match(g.get("quote"), o.get("quote"))


def score(gold: dict[str, Any], out: dict[str, Any], total: Score) -> None:
    name = gold["doc"]
    items = out["items"]
    not_motions = {(norm_dossier(x["dossier"]), norm_nr(x["ondernummer"])) for x in gold.get("not_motions") or []}
    pairs = []
    for kind, gold_items, match in (
        ("toezegging", gold.get("toezeggingen") or [], _match_toezeggingen),
        ("motie", gold.get("motions") or [], _match_moties),
    ):
        got = [i for i in items if i["kind"] == kind]
        taken = match(gold_items, got)
        unmatched = [o for k, o in enumerate(got) if k not in taken.values()]
        for g_at, g in enumerate(gold_items):
            if g_at in taken:
                pairs.append((g, got[taken[g_at]]))
                continue
            total.fn += 1
            near = next((o for o in unmatched if _resembles(g, o)), None)
            if near is not None:
                total.misses.append(Miss(name, NOT_LINKED, f"{kind} {_label(g)} (found as {_label(near)})"))
            else:
                total.misses.append(Miss(name, NOT_FOUND, f"{kind} {_label(g)}"))
        for o in unmatched:
            total.fp += 1
            total.misses.append(Miss(name, EXTRA, f"{kind} {_label(o)}"))
            if kind == "motie" and (norm_dossier(o.get("dossier")), norm_nr(o.get("ondernummer"))) in not_motions:
                total.notmotie_as_motie += 1
    total.tp += len(pairs)
    for g, o in pairs:
        gold_closed, got_closed = g.get("status") == "closed", o["status"] == "closed"
        if g.get("ek_nummer"):
            total.ek_total += 1
            if o.get("ek_nummer") == g["ek_nummer"] and o["status"] == register_status(g):
                total.ek_found += 1
            else:
                total.misses.append(
                    Miss(name, REGISTER_STATUS, f"{g['ek_nummer']} {o['status']} (gold {register_status(g)})")
                )
        if gold_closed == got_closed:
            total.status_ok += 1
        elif got_closed:
            total.false_closed += 1
            total.misses.append(Miss(name, WRONG_STATUS, f"FALSE CLOSED {_label(g)} (gold {g.get('status')})"))
        else:
            total.missed_closed += 1
            total.misses.append(Miss(name, WRONG_STATUS, f"missed closed {_label(g)} (got {o['status']})"))
    for g in gold.get("toezeggingen") or []:
        if g.get("ek_nummer") and not any(p[0] is g for p in pairs):
            total.ek_total += 1
    _score_references(gold, out, not_motions, name, total)


def _score_references(
    gold: dict[str, Any], out: dict[str, Any], wanted: set[tuple[str | None, str | None]], name: str, total: Score
) -> None:
    wanted = set(wanted)
    alias = {}
    for m in gold.get("motions") or []:
        if m.get("dossier") and m.get("ondernummer"):
            accept = m.get("dossier_accept") or [m["dossier"]]
            first = (norm_dossier(accept[0]), norm_nr(m["ondernummer"]))
            wanted.add(first)
            for a in accept:
                alias[(norm_dossier(a), norm_nr(m["ondernummer"]))] = first
    got_refs = set()
    for r in out["references"]:
        key = (norm_dossier(r["dossier"]), norm_nr(r["ondernummer"]))
        got_refs.add(alias.get(key, key))
    for ref in sorted(wanted, key=str):
        if ref in got_refs:
            total.ref_tp += 1
        else:
            total.ref_fn += 1
            total.misses.append(Miss(name, MISSED_REFERENCE, f"{ref[0]} nr. {ref[1]}"))
    total.ref_extra += len(got_refs - wanted)


def score_folder(gold_dir: Path, docs: Path, pattern: str = "*.yaml") -> Score:
    """Every gold file of a folder (or those matching `pattern`) against the extraction of its
    document, added up."""
    total = Score()
    for gold_file in sorted(gold_dir.glob(pattern)):
        gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
        score(gold, to_json(extract_file(docs / gold["doc"])), total)
    return total
