"""The 184 further real documents of tests/corpus/added against their gold annotations, above floors.

These documents were annotated from their text alone, so they check that the rules generalise beyond
the documents they were written for. The floors are what the extractor reaches on them today, rounded
down; raise them as the rules improve (`python scripts/misses.py` lists what is still missed).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import CORPUS, GOLD
from tests.gold_check import score_folder
from tracker.pipeline.extract import extract_file, to_json

ADDED_DOCS = CORPUS / "added"
ADDED_GOLD = GOLD / "added"

# F1 0.9896 since 1101-1120 came in (their misses below), so 0.98; every earlier batch keeps its own floor
ADDED_FLOORS = {"f1": 0.98, "status_accuracy": 0.99, "ref_recall": 0.99}
EK_FOUND_FLOOR = 66  # Eerste Kamer T-numbers found with their register status, of 72
# 401-420 were annotated before the extractor was run on them; they first scored F1 0.921, status 0.971
BATCH_400_FLOORS = {"f1": 0.99, "status_accuracy": 0.97, "ref_recall": 0.99}
# 501-520 were annotated before the extractor was run on them; they first scored F1 1.000 (8 moties),
# status 1.000, references 0.952 (two Eerste Kamer letters cited as "30300 VII A" and "36505; 36405,
# nr. B" missed; both are read since)
BATCH_500_FLOORS = {"f1": 0.99, "status_accuracy": 0.99, "ref_recall": 0.99}
# 601-620 were annotated before the extractor was run on them; they first scored
# items P=0.923 R=0.480 F1=0.632, status 0.875, no false "closed", references R=1.000
BATCH_600_FLOORS = {"f1": 0.98, "status_accuracy": 0.99, "ref_recall": 0.99}
# 801-820 were annotated before the extractor was run on them; they first scored
# items P=0.875 R=0.636 F1=0.737, status 1.000, no false "closed", references R=1.000
BATCH_800_FLOORS = {"f1": 0.95, "status_accuracy": 0.90, "ref_recall": 0.99}
# 901-908 (vote lists with Eerste Kamer letters, moties by stuk number, changed moties) were annotated
# before the extractor was run on them; they first scored items P=0.886 R=0.939 F1=0.912, status 1.000,
# references R=0.412. Three numbers the document gives without printing a kamerstuk ("met letter E",
# "gewijzigd (nr. 2300)") are items but no references.
BATCH_900_FLOORS = {"f1": 0.99, "status_accuracy": 0.99, "ref_recall": 0.9}
# 1001-1020 were annotated before the extractor was run on them; they first scored
# items P=0.882 R=0.857 F1=0.870, status 0.833, one false "closed" (1007: "Daarin beantwoord ik tevens de
# motie", said of a report still to come), references R=1.000
BATCH_1000_FLOORS = {"f1": 0.95, "status_accuracy": 0.99, "ref_recall": 0.99}
# 1101-1120 were annotated before the extractor was run on them; they first scored
# items P=0.950 R=0.760 F1=0.844, status 0.895, no false "closed", references R=0.975. Still missed: a
# motie read out in a debate whose page ends before the Chair names and numbers it (1107; 303, 405 and
# 507 count such a motie as no item), a promise told as "Bruins Slot belooft ..." and a motie known by
# its month and subject only (1114), the amendement "(stuk nr. 12)" whose dossier the page does not
# print (1101), and a toezegging closed by a letter whose opening does not say it fulfils it (1109: it
# stays open, the safe error)
BATCH_1100_FLOORS = {"f1": 0.93, "status_accuracy": 0.95, "ref_recall": 0.98}


def _gold_files() -> list[Path]:
    return sorted(ADDED_GOLD.glob("*.yaml"))


def test_every_added_document_has_gold_and_a_source() -> None:
    docs = {p.name for p in ADDED_DOCS.glob("*.txt")}
    golds = {yaml.safe_load(p.read_text(encoding="utf-8"))["doc"] for p in _gold_files()}
    sources = (ADDED_DOCS / "sources.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(docs) >= 184
    assert docs == golds
    assert {line.split("\t")[0] for line in sources} == docs


def test_gold_quotes_are_exact_text() -> None:
    for gold_file in _gold_files():
        gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
        text = (ADDED_DOCS / gold["doc"]).read_text(encoding="utf-8")
        for item in (gold.get("toezeggingen") or []) + (gold.get("motions") or []):
            assert item["quote"] in text, (gold["doc"], item["quote"])


def test_added_documents_above_floors() -> None:
    total = score_folder(ADDED_GOLD, ADDED_DOCS)
    assert total.false_closed == 0, total.problems
    assert total.notmotie_as_motie == 0, total.problems
    for figure, floor in ADDED_FLOORS.items():
        assert getattr(total, figure) >= floor, (figure, total.line(), total.problems)
    assert total.ek_total == 72
    assert total.ek_found >= EK_FOUND_FLOOR, (total.line(), [m for m in total.problems if "T0" in m])


@pytest.mark.parametrize(
    ("pattern", "floors"),
    [
        ("4*.yaml", BATCH_400_FLOORS),
        ("5*.yaml", BATCH_500_FLOORS),
        ("6*.yaml", BATCH_600_FLOORS),
        ("8*.yaml", BATCH_800_FLOORS),
        ("9*.yaml", BATCH_900_FLOORS),
        ("10*.yaml", BATCH_1000_FLOORS),
        ("11*.yaml", BATCH_1100_FLOORS),
    ],
)
def test_blind_batch_above_floors(pattern: str, floors: dict[str, float]) -> None:
    total = score_folder(ADDED_GOLD, ADDED_DOCS, pattern)
    assert total.false_closed == 0, total.problems
    assert total.notmotie_as_motie == 0, total.problems
    for figure, floor in floors.items():
        assert getattr(total, figure) >= floor, (figure, total.line(), total.problems)


def test_negatives_stay_empty() -> None:
    negatives = 0
    for gold_file in _gold_files():
        gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
        if gold.get("toezeggingen") or gold.get("motions"):
            continue
        negatives += 1
        items = to_json(extract_file(ADDED_DOCS / gold["doc"]))["items"]
        assert items == [], (gold["doc"], [i.get("quote") for i in items])
    assert negatives >= 5
