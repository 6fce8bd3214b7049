"""`tracker extract` on several letters: worker processes (--jobs), the order of the output, its text
and what a bad file among good ones gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tracker.ingest
from tests.clirun import runner
from tests.conftest import CORPUS, ROOT, SEEDS
from tracker.cli import app
from tracker.pipeline.extract import extract_file, to_json

FORMATS = ROOT / "tests" / "formats"
# real letters of every kind the readers take, in an order that is not the sorted one
LETTERS = [
    CORPUS / "018_lnv-begroting-bijlage-moties-toezeggingen.txt",
    SEEDS / "000_eb112036e86ee879.txt",
    FORMATS / "001_d64714fac5e013c7.pdf",
    FORMATS / "000_eb112036e86ee879.docx",
    CORPUS / "109_szw-ek-gewijzigde-motie-van-apeldoorn.txt",
    FORMATS / "002_ac8c429a2c3b4c50.word.html",
    SEEDS / "004_869d32280b3c1c42.txt",
    FORMATS / "002_ac8c429a2c3b4c50.odt",
    CORPUS / "121_ek-rappel-ienw-T02444-openstaand.txt",
]


def extract(*args: str | Path) -> object:
    return runner.invoke(app, ["extract", *map(str, args)])


@pytest.mark.parametrize("explain", [[], ["--explain"]])
def test_jobs_give_the_text_of_one_process_in_the_order_given(explain: list[str]) -> None:
    one = extract("--jobs", "1", *explain, *LETTERS)
    two = extract("--jobs", "2", *explain, *LETTERS)
    assert one.exit_code == two.exit_code == 0, one.stderr + two.stderr  # type: ignore[attr-defined]
    assert two.stdout == one.stdout  # type: ignore[attr-defined]
    # the standard library's text of the same data: an array in the order of the files
    expected = [to_json(extract_file(path), explain=bool(explain)) for path in LETTERS]
    assert one.stdout == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"  # type: ignore[attr-defined]
    assert [d["document"]["path"] for d in json.loads(two.stdout)] == [str(p) for p in LETTERS]  # type: ignore[attr-defined]


def test_a_bad_file_among_good_ones_is_one_line_and_the_others_are_printed(tmp_path: Path) -> None:
    damaged = tmp_path / "brief.pdf"
    damaged.write_bytes(b"%PDF-1.7 not really")
    missing = tmp_path / "missing.txt"
    good = extract("--jobs", "1", *LETTERS[:4])
    for jobs in ("1", "2"):
        result = extract("--jobs", jobs, LETTERS[0], damaged, LETTERS[1], missing, LETTERS[2], LETTERS[3])
        assert result.exit_code == 1  # type: ignore[attr-defined]
        assert result.stdout == good.stdout  # type: ignore[attr-defined]
        lines = result.stderr.splitlines()  # type: ignore[attr-defined]
        assert lines == [
            f"Error: {damaged}: is not a readable PDF (data format error: damaged, truncated or not a PDF)",
            f"Error: {missing}: no such file",
        ], result.stderr  # type: ignore[attr-defined]


def test_several_files_are_an_array_whatever_fails(tmp_path: Path) -> None:
    seed = SEEDS / "000_eb112036e86ee879.txt"
    missing = tmp_path / "missing.txt"
    damaged = tmp_path / "brief.pdf"
    damaged.write_bytes(b"%PDF-1.7 not really")
    alone = extract(seed)
    for bad in (missing, damaged):
        for args in ((seed, bad), (bad, seed)):
            result = extract(*args)
            assert result.exit_code == 1  # type: ignore[attr-defined]
            assert len(result.stderr.splitlines()) == 1, result.stderr  # type: ignore[attr-defined]
            letters = json.loads(result.stdout)  # type: ignore[attr-defined]
            assert letters == [json.loads(alone.stdout)]  # type: ignore[attr-defined]
            assert letters[0]["document"]["number"] == "2025D49381"
    # none of several read: still an array; one file that fails: nothing on stdout
    assert extract(missing, damaged).stdout == "[]\n"  # type: ignore[attr-defined]
    assert extract(missing).stdout == ""  # type: ignore[attr-defined]


def test_one_file_is_one_object_read_without_worker_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started for one file")

    monkeypatch.setattr(tracker.ingest, "ProcessPoolExecutor", no_pool)
    result = extract("--jobs", "2", LETTERS[1])
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert json.loads(result.stdout)["document"]["number"] == "2025D49381"  # type: ignore[attr-defined]
    # the same file twice is two letters: the pool starts
    with pytest.raises(AssertionError, match="a pool was started"):
        runner.invoke(app, ["extract", "--jobs", "2", str(LETTERS[1]), str(LETTERS[1])], catch_exceptions=False)


def test_table_with_jobs_keeps_the_order_given() -> None:
    one = extract("--jobs", "1", "--format", "table", *LETTERS[:3])
    two = extract("--jobs", "2", "--format", "table", *LETTERS[:3])
    assert one.exit_code == two.exit_code == 0
    assert two.stdout == one.stdout  # type: ignore[attr-defined]
    headers = [line.split("  date")[0] for line in one.stdout.splitlines() if "  date " in line]  # type: ignore[attr-defined]
    assert headers == [str(p) for p in LETTERS[:3]]
