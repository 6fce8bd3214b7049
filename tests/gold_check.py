"""Comparing an extraction with a gold annotation (the same matching rules as the shared scorer:
toezeggingen by id or quote, moties by dossier and number, else quote, else indiener names)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any


def norm_dossier(d: Any) -> str | None:
    if d is None:
        return None
    d = unicodedata.normalize("NFKC", str(d)).upper()
    d = re.sub(r"(?<=\d)[ .](?=\d)", "", d)
    return re.sub(r"[\s\-–/.,]+", "-", d).strip("-")


def norm_nr(n: Any) -> str | None:
    return None if n is None else (re.sub(r"\D", "", str(n)).lstrip("0") or "0")


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
    notmotie_as_motie: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def f1(self) -> float:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def status_accuracy(self) -> float:
        return self.status_ok / self.tp if self.tp else 1.0

    @property
    def ref_recall(self) -> float:
        return self.ref_tp / (self.ref_tp + self.ref_fn) if self.ref_tp + self.ref_fn else 1.0


def score(gold: dict[str, Any], out: dict[str, Any], total: Score) -> None:
    name = gold["doc"]
    items = out["items"]
    pairs = []
    for kind, gold_items in (("toezegging", gold.get("toezeggingen") or []), ("motie", gold.get("motions") or [])):
        got = [i for i in items if i["kind"] == kind]
        taken: set[int] = set()
        for g in gold_items:
            hit = None
            accept = {norm_dossier(x) for x in (g.get("dossier_accept") or [g.get("dossier")]) if x}
            nr = norm_nr(g.get("ondernummer"))
            for k, o in enumerate(got):
                if k in taken:
                    continue
                if (
                    kind == "toezegging"
                    and g.get("id")
                    and o.get("id") == g["id"]
                    or (
                        kind == "motie"
                        and accept
                        and nr
                        and norm_dossier(o.get("dossier")) in accept
                        and norm_nr(o.get("ondernummer")) == nr
                    )
                ):
                    hit = k
                if hit is not None:
                    break
            if hit is None and not g.get("id"):
                hit = next((k for k, o in enumerate(got) if k not in taken and not (kind == "toezegging" and o.get("id"))
                            and quote_match(g.get("quote"), o.get("quote"))), None)  # fmt: skip
            if hit is None and kind == "motie" and not (accept and nr) and g.get("name"):
                hit = next(
                    (
                        k
                        for k, o in enumerate(got)
                        if k not in taken and name_words(g["name"]) & name_words(o.get("name"))
                    ),
                    None,
                )
            if hit is None:
                total.fn += 1
                total.problems.append(f"{name}: missed {kind} {g.get('id') or g.get('name') or g.get('quote')}")
            else:
                taken.add(hit)
                pairs.append((g, got[hit]))
        not_motions = {(norm_dossier(x["dossier"]), norm_nr(x["ondernummer"])) for x in gold.get("not_motions") or []}
        for k, o in enumerate(got):
            if k not in taken:
                total.fp += 1
                total.problems.append(f"{name}: extra {kind} {o.get('id') or o.get('name') or o.get('quote')}")
                if (norm_dossier(o.get("dossier")), norm_nr(o.get("ondernummer"))) in not_motions:
                    total.notmotie_as_motie += 1
    total.tp += len(pairs)
    for g, o in pairs:
        gold_closed, got_closed = g.get("status") == "closed", o["status"] == "closed"
        if gold_closed == got_closed:
            total.status_ok += 1
        elif got_closed:
            total.false_closed += 1
            total.problems.append(f"{name}: FALSE CLOSED {o.get('id') or o.get('name')}")
        else:
            total.missed_closed += 1
            total.problems.append(f"{name}: missed closed {o.get('id') or o.get('name')}")
    wanted = {(norm_dossier(x["dossier"]), norm_nr(x["ondernummer"])) for x in gold.get("not_motions") or []}
    alias = {}
    for m in gold.get("motions") or []:
        if m.get("dossier") and m.get("ondernummer"):
            accept = m.get("dossier_accept") or [m["dossier"]]
            wanted.add((norm_dossier(accept[0]), norm_nr(m["ondernummer"])))
            for a in accept:
                alias[(norm_dossier(a), norm_nr(m["ondernummer"]))] = (
                    norm_dossier(accept[0]),
                    norm_nr(m["ondernummer"]),
                )
    got_refs = set()
    for r in out["references"]:
        key = (norm_dossier(r["dossier"]), norm_nr(r["ondernummer"]))
        got_refs.add(alias.get(key, key))
    for ref in sorted(wanted, key=str):
        if ref in got_refs:
            total.ref_tp += 1
        else:
            total.ref_fn += 1
            total.problems.append(f"{name}: missed reference {ref}")
