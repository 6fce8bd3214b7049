"""Item and status rules by phrase family, on the real documents of tests/corpus."""

from __future__ import annotations

from typing import Any

from tests.conftest import CORPUS
from tracker.pipeline.extract import extract_file, to_json


def items_of(prefix: str) -> list[dict[str, Any]]:
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    return to_json(extract_file(path))["items"]


def ek_statuses(prefix: str) -> dict[str, str]:
    return {i["ek_nummer"]: i["status"] for i in items_of(prefix) if i.get("ek_nummer")}


def test_register_record_takes_its_status_row_not_its_heading() -> None:
    # "Toezegging <title> (34.287) (T02444)" heads the record; "Status openstaand" is its status
    (item,) = items_of("121")
    assert item["ek_nummer"] == "T02444" and item["id"] is None
    assert item["status"] == "open"
    assert item["text"].startswith("Het bekijken van mogelijkheden voor burgers")


def test_committee_minutes_list_each_number_with_the_status_of_its_line() -> None:
    statuses = ek_statuses("123")
    assert len(statuses) == 27
    for number in ("T02867", "T02849", "T02857", "T02887", "T02908"):  # asked for explanation: no decision
        assert statuses[number] == "mentioned"
    for number in ("T02883", "T02889", "T02897", "T02901", "T03131"):  # als "voldaan" aan te merken
        assert statuses[number] == "closed"
    assert statuses["T02853"] == statuses["T02881"] == "partial"  # als "deels voldaan"
    for number in ("T02442", "T02884", "T02906", "T02869", "T02874", "T03129", "T02444"):  # als "openstaand"
        assert statuses[number] == "open"


def test_number_alone_above_its_agenda_point_is_not_voldaan() -> None:
    # "2.\nT01556\n<title>\nDe commissie besluit ... de toezegging als niet voldaan te beschouwen."
    assert ek_statuses("125") == {"T01556": "open"}
