"""The registers: every file shape of docs/registers.md read into records, stored once, and compared
with the seed letters (and the real Eerste Kamer pages in tests/corpus)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from tests.clirun import run
from tests.conftest import CORPUS, SEEDS
from tracker.registers.model import RegisterError, day, map_status, timestamp
from tracker.registers.readers import Deletion, read_register_file, read_register_text
from tracker.store.status import rebuild_status

FIXTURES = Path(__file__).resolve().parent / "registers"
EK_RAPPEL_121 = CORPUS / "121_ek-rappel-ienw-T02444-openstaand.txt"
EK_PAGES = sorted((CORPUS / "added").glob("22[5-7]_ek-toezegging-*.txt"))
AS_OF = "2026-03-01"


def records(path: Path) -> dict[str, object]:
    return {r.number: r for r in read_register_file(path).records}


# --- reading ------------------------------------------------------------------------------------


def test_odata_page_fields_statuses_and_edge_cases() -> None:
    result = read_register_file(FIXTURES / "tk_toezeggingen_page.json")
    assert result.format == "TK OData JSON"
    found = {r.number: r for r in result.records}
    assert sorted(found) == [
        "TZ202504-057", "TZ202508-002", "TZ202509-044", "TZ202510-031", "TZ202511-004", "TZ202511-005", "TZ202601-012",
    ]  # fmt: skip
    madlener = found["TZ202504-057"]
    assert madlener.status == "closed" and madlener.raw_status == "Afgedaan"
    assert madlener.letters == ["2025D31207"] and madlener.fulfilled_on == "2025-07-03"
    assert madlener.responsible == "Minister van Infrastructuur en Waterstaat, Madlener, B."
    assert madlener.version == "2025-07-04T08:13:02.118437+00:00"  # 7 decimals, Z
    assert found["TZ202511-004"].fulfilled_on is None  # 0001-01-01 is "none"
    assert found["TZ202509-044"].status == "partial"  # Deels Afgedaan
    assert found["TZ202508-002"].status == "unknown" and found["TZ202508-002"].raw_status is None
    assert result.deletions == [
        Deletion("0b6f1f3e-5d2a-4c1b-9e57-11a1c0de0019", "TK:TZ202507-019", "2025-09-02T07:00:00.000000+00:00")
    ]
    assert "record 9: no toezegging number (TZ...-...); skipped" in result.warnings
    assert any("an empty status" in w and "TZ202508-002" in w for w in result.warnings)


def test_odata_bare_array_and_json_lines() -> None:
    moties = records(FIXTURES / "tk_moties.json")
    assert sorted(moties) == ["kst-21501-02-2766", "kst-31985-95", "kst-36200-129"]  # the Brief regering is no motie
    assert moties["kst-31985-95"].vote == "aangenomen"  # "Ingediend" is no vote
    assert moties["kst-36200-129"].vote == "verworpen"  # the deleted later besluit does not count
    assert moties["kst-21501-02-2766"].status is None  # a vote, not a status
    lines = read_register_file(FIXTURES / "tk_toezeggingen_update.jsonl")
    assert lines.format == "TK OData JSON Lines" and [r.number for r in lines.records] == [
        "TZ202510-031",
        "TZ202511-004",
    ]


def test_syncfeed_prefixes_repeated_elements_deletions_and_versions() -> None:
    result = read_register_file(FIXTURES / "tk_syncfeed.xml")
    numbers = [r.number for r in result.records]
    assert numbers == ["TZ202511-031", "TZ202511-032", "TZ202511-031"]  # the change log, in file order
    second = result.records[1]
    assert second.letters == ["2025D49381", "2025D50012"] and second.status == "closed"  # tk: prefix, repeated
    assert result.records[2].raw_status == "Deels Afgedaan" and result.records[2].version > result.records[0].version
    assert result.deletions == [
        Deletion("0b6f1f3e-5d2a-4c1b-9e57-11a1c0de0044", None, "2026-01-10T08:00:00.000000+00:00")
    ]
    entity = records(FIXTURES / "tk_syncfeed_entity.xml")["TZ202503-008"]
    assert (
        entity.status == "closed"
        and entity.fulfilled_on is None
        and "evaluatie & de beleidsreactie" in (entity.text or "")
    )


def test_ek_html_page_read_by_label_in_both_responsibility_layouts() -> None:
    result = read_register_file(FIXTURES / "ek_rappel_bzk.html")
    found = {r.number: r for r in result.records}
    assert sorted(found) == ["T02867", "T02881"]  # not the T09999 of the script, nor T00001 of "Uit de stukken"
    wdo = found["T02867"]
    assert (wdo.status, wdo.deadline, wdo.promised_on) == ("open", "2024-01-01", "2021-02-09")
    assert wdo.responsible == "Minister van Binnenlandse Zaken en Koninkrijksrelaties"
    assert wdo.title == "Evaluatie Wet digitale overheid" and wdo.version == "2025-07-02"  # "rappel tot 02-07-25"
    monitor = found["T02881"]
    assert monitor.raw_status == "Deels voldaan" and monitor.status == "partial" and monitor.deadline == "2023-01-01"
    assert monitor.responsible == "Minister van Volkshuisvesting en Ruimtelijke Ordening"  # Huidige, not Voormalige
    assert monitor.title == "Monitor gemeentelijke herindelingen [overzicht]"


def test_real_ek_pages_as_text() -> None:
    rappel = records(EK_RAPPEL_121)["T02444"]
    assert (rappel.status, rappel.deadline, rappel.promised_on) == ("open", "2024-07-01", "2017-01-17")
    assert rappel.responsible == "Minister van Infrastructuur en Waterstaat"  # the current one
    assert rappel.kamerstukken == "Implementatie herziening mer-richtlijn (34.287)"
    pages = {p.name[:3]: read_register_file(p) for p in EK_PAGES}
    assert [(r.number, r.status, r.deadline) for r in pages["225"].records] == [("T01577", "closed", "2015-07-01")]
    assert [(r.number, r.status, r.deadline) for r in pages["227"].records] == [("T01753", "closed", "2015-12-31")]
    assert pages["226"].records == [] and pages["226"].warnings == ["record 1 (T02844): no Kerngegevens; skipped"]


MINUTES = [
    CORPUS / "123_ek-korte-aantekeningen-rappel-bzk-2021.txt",
    CORPUS / "125_ek-korte-aantekeningen-ez-2014-niet-voldaan.txt",
]


def test_real_committee_minutes_decide_status_and_deadline() -> None:
    bzk = read_register_file(MINUTES[0])
    assert bzk.format == "EK committee minutes (text)"
    found = {r.number: r for r in bzk.records}
    assert len(found) == 22  # not the five on which the committees ask for more explanation
    assert "T02867" not in found and "T02908" not in found
    assert (found["T02883"].status, found["T02883"].version) == ("closed", "2021-11-23")
    assert (found["T02881"].status, found["T02881"].deadline) == ("partial", "2023-01-01")
    assert (found["T02444"].raw_status, found["T02444"].deadline) == ("openstaand", "2023-01-01")
    assert (found["T02884"].deadline, found["T02906"].deadline) == ("2022-01-01", "2022-01-01")
    ez = records(MINUTES[1])
    assert list(ez) == ["T01556"] and ez["T01556"].raw_status == "niet voldaan" and ez["T01556"].status == "open"
    september = records(CORPUS / "added" / "204_ek-korte-aantekeningen-covid-2021-september.txt")
    assert september["T03141"].raw_status is None and september["T03141"].deadline == "2021-12-15"
    assert september["T03052"].status == "partial" and september["T03013"].raw_status == "doorlopend"
    negated = read_register_text(
        "Korte aantekeningen vergadering commissie EZ van 1 maart 2022\n- toezegging T01234 niet als voldaan te beschouwen;\n"
    )
    assert negated.records[0].status == "open"


def test_a_decision_changes_only_what_it_says_and_the_later_one_wins(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    run(db, "registers", "import", str(MINUTES[0]))  # 23 November 2021
    assert register_rows(db)["EK:T02444"]["deadline"] == "2023-01-01"
    run(db, "registers", "import", str(EK_RAPPEL_121))  # the rappel of 2 January 2023
    rappel = register_rows(db)["EK:T02444"]
    assert (rappel["deadline"], rappel["title"]) == ("2024-07-01", records(EK_RAPPEL_121)["T02444"].title)
    september = CORPUS / "added" / "204_ek-korte-aantekeningen-covid-2021-september.txt"
    result = run(db, "registers", "import", str(september), str(FIXTURES / "ek_rappel_bzk.html"), str(MINUTES[0]))
    assert "T03141: a new deadline for a record not imported; skipped" in result.stderr
    rows = register_rows(db)
    assert rows["EK:T02444"] == rappel  # the older decision leaves the newer page alone
    assert rows["EK:T02881"]["raw_status"] == "Deels voldaan" and rows["EK:T02881"]["responsible"]
    run(db, "registers", "import", str(CORPUS / "added" / "201_ek-korte-aantekeningen-korel-2015-rappel.txt"))
    run(db, "registers", "import", str(CORPUS / "added" / "202_ek-korte-aantekeningen-korel-2016-status-gewijzigd.txt"))
    korel = register_rows(db)["EK:T01224"]
    assert (korel["raw_status"], korel["deadline"], korel["version"]) == ("openstaand", "2015-12-31", "2016-09-13")


def test_csv_semicolon_with_bom_and_comma_without() -> None:
    ek = read_register_file(FIXTURES / "ek_register.csv")
    assert ek.format == "CSV (';')"
    found = {r.number: r for r in ek.records}
    assert sorted(found) == ["T02444", "T03013", "T03150"]
    assert found["T03013"].deadline == "2022-01-01" and found["T03013"].status == "open"  # doorlopend
    assert found["T03150"].title == "Stand van zaken; schrijnende situaties" and found["T03150"].status == "unknown"
    assert "line 4: 'T0301' is no register number (TZ...-... or T.....); skipped" in ek.warnings
    tk = records(FIXTURES / "tk_register.csv")
    assert tk["TZ202510-077"].status == "lapsed" and tk["TZ202510-077"].fulfilled_on is None
    assert tk["TZ202510-078"].letters == ["2025D45001", "2025D45002"] and tk["TZ202510-078"].status == "closed"


def test_status_words_and_dates() -> None:
    assert [map_status(w) for w in ("Openstaand", " deels  VOLDAAN ", "Voldaan", "Nagekomen", "niet voldaan", "", "x")] == [
        "open", "partial", "closed", "closed", "open", "unknown", "unknown",
    ]  # fmt: skip
    assert (
        day("0001-01-01T00:00:00Z") is None
        and day("1 januari 2024") == "2024-01-01"
        and day("02-07-25") == "2025-07-02"
    )
    assert timestamp("2025-07-04T10:12:45.1170000+02:00") == "2025-07-04T08:12:45.117000+00:00"
    assert timestamp("2025-01-04T10:12:45") == "2025-01-04T09:12:45.000000+00:00"  # naive: Dutch time


def test_hostile_and_foreign_files_are_refused(tmp_path: Path) -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><toezegging>&b;</toezegging>'
    with pytest.raises(RegisterError, match="refused"):
        read_register_text(bomb)
    with pytest.raises(RegisterError, match="not a register file"):
        read_register_text("Geachte voorzitter,\n\nHierbij zend ik u de brief.")
    with pytest.raises(RegisterError, match="not JSON"):
        read_register_text("{not json")
    assert (
        read_register_text('{"value": [{"Nummer": "TZ202501-001", "Status": {"x": 1}}]}').records[0].raw_status is None
    )


# --- storing ------------------------------------------------------------------------------------


def register_rows(db: Path) -> dict[str, dict[str, object]]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return {r["key"]: dict(r) for r in conn.execute("select * from register_records")}


def test_import_twice_changes_nothing_and_newer_exports_update(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    page = FIXTURES / "tk_toezeggingen_page.json"
    first = run(db, "registers", "import", str(page))
    assert first.exit_code == 0 and "7 added" in first.stderr
    before = register_rows(db)
    assert before["TK:TZ202511-004"]["raw_status"] == "Openstaand" and before["TK:TZ202511-004"]["status"] == "open"
    assert before["TK:TZ202511-004"]["source_file"] == str(page) and before["TK:TZ202511-004"]["imported_at"]
    again = run(db, "registers", "import", str(page))
    assert again.exit_code == 0 and "unchanged, skipped" in again.stderr and register_rows(db) == before
    update = run(db, "registers", "import", str(FIXTURES / "tk_toezeggingen_update.jsonl"))
    assert "1 updated" in update.stderr and "1 older than the stored ones, left alone" in update.stderr
    after = register_rows(db)
    assert after["TK:TZ202510-031"]["status"] == "closed" and after["TK:TZ202510-031"]["letters"] == "2026D07001"
    assert after["TK:TZ202511-004"] == before["TK:TZ202511-004"]  # its record there is older than the stored one
    # The change log: the later version wins, the deletion marks the record, never removes it.
    run(db, "registers", "import", str(FIXTURES / "tk_syncfeed.xml"))
    rows = register_rows(db)
    assert rows["TK:TZ202511-031"]["raw_status"] == "Deels Afgedaan"
    assert rows["TK:TZ202509-044"]["deleted"] == 1 and rows["TK:TZ202509-044"]["raw_status"] == "Deels Afgedaan"


def test_deletion_before_its_record_keeps_it_deleted(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    run(db, "registers", "import", str(FIXTURES / "tk_syncfeed.xml"))
    run(db, "registers", "import", str(FIXTURES / "tk_toezeggingen_page.json"))  # an older export
    assert register_rows(db).get("TK:TZ202509-044") is None


def test_bad_file_gets_one_line_and_the_others_are_imported(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    bad = tmp_path / "brief.txt"
    bad.write_text("Geachte voorzitter,\n", encoding="utf-8")
    result = run(db, "registers", "import", str(bad), str(FIXTURES / "ek_register.csv"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}: is not a register file")
    assert "T02444" in str(register_rows(db))


# --- comparing with the letters ----------------------------------------------------------------


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, object]]]:
    db = tmp_path_factory.mktemp("registers") / "t.db"
    assert run(db, "ingest", str(SEEDS), str(EK_RAPPEL_121)).exit_code == 0
    imported = run(db, "registers", "import", str(EK_RAPPEL_121), *map(str, EK_PAGES), str(FIXTURES))
    assert imported.exit_code == 0, imported.stderr
    result = run(db, "registers", "status", "--format", "json", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    return db, {row["id"]: row for row in json.loads(result.stdout)}


def test_every_finding_on_the_seeds(compared: tuple[Path, dict[str, dict[str, object]]]) -> None:
    _, rows = compared
    # The seed letter 2025D49381 answers TZ202511-004; the register still says Openstaand.
    assert rows["TZ202511-004"].items() >= {
        "finding": "letter-closed-register-open", "register": "TK", "register_status": "Openstaand",
        "letter_status": "closed", "letter": "2025D49381",
    }.items()  # fmt: skip
    assert rows["TZ202511-004"]["quote"] and "Mercosur" in str(rows["TZ202511-004"]["quote"])
    # The register closes TZ202601-012 with seed 2026D04646, which says nothing of it: a possible miss.
    assert rows["TZ202601-012"]["finding"] == "register-closed-letter-silent"
    assert rows["TZ202601-012"]["letter"] == "2026D04646"
    # The register (a later CSV) says T02444 is voldaan; the rappel page we ingested says openstaand.
    assert rows["T02444"]["finding"] == "register-closed-letter-missing" and rows["T02444"]["letter_status"] == "open"
    # Seed moties the imported motie register does not hold.
    assert rows["kst-21501-02-2903"]["finding"] == "not-in-register"
    # Register items no letter mentions: the EK ones overdue by the register's deadline, first.
    assert rows["T02867"]["finding"] == "unmentioned" and rows["T02867"]["overdue"] is True
    assert rows["TZ202511-031"]["finding"] == "unmentioned" and rows["TZ202511-031"]["overdue"] is False
    assert rows["TZ202511-005"]["finding"] == "agree" and rows["TZ202511-005"]["letter"] == "2025D49381"
    assert rows["TZ202508-002"]["finding"] == "differ"  # an empty status decides nothing
    assert rows["TZ202504-057"]["finding"] == "register-only" and rows["TZ202504-057"]["letter"] == "2025D31207"
    assert rows["kst-31985-95"]["vote"] == "aangenomen" and rows["kst-31985-95"]["letter_status"] == "closed"
    assert "TZ202509-044" not in rows  # deleted by the SyncFeed


def test_findings_are_sorted_by_what_needs_action(compared: tuple[Path, dict[str, dict[str, object]]]) -> None:
    from tracker.registers.compare import FINDINGS

    findings = [row["finding"] for row in compared[1].values()]
    assert findings == sorted(findings, key=FINDINGS.index)
    unmentioned = [r for r in compared[1].values() if r["finding"] == "unmentioned"]
    assert [r["overdue"] for r in unmentioned] == sorted((r["overdue"] for r in unmentioned), reverse=True)


def test_status_table_and_csv(compared: tuple[Path, dict[str, dict[str, object]]]) -> None:
    db, _ = compared
    table = run(db, "registers", "status", "--as-of", AS_OF, "--action")
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split()[:5] == ["finding", "id", "register", "register_status", "letter_status"]
    assert lines[1].split()[:2] == ["letter-closed-register-open", "TZ202511-004"]
    assert "agree" not in table.stdout
    csv_out = run(db, "registers", "status", "--format", "csv", "--finding", "unmentioned", "--as-of", AS_OF)
    assert csv_out.stdout.splitlines()[0].startswith("finding,id,kind,register,register_status")
    assert all(line.startswith("unmentioned,") for line in csv_out.stdout.splitlines()[1:])


def test_ek_register_deadline_counts_for_overdue(compared: tuple[Path, dict[str, dict[str, object]]]) -> None:
    db, _ = compared
    overdue = json.loads(run(db, "list", "--overdue", "--format", "json", "--as-of", AS_OF).stdout)
    t02444 = next(row for row in overdue if row["ek_nummer"] == "T02444")
    assert t02444["deadline"] == "2024-07-01" and t02444["register_deadline"] == "2024-07-01"
    assert (t02444["register"], t02444["register_number"], t02444["register_says"]) == ("EK", "T02444", "voldaan")
    # As of a date before some letters, the status is worked out apart; the register's deadline still counts.
    earlier = json.loads(run(db, "list", "--overdue", "--format", "json", "--as-of", "2025-06-01").stdout)
    assert [row["deadline"] for row in earlier if row["ek_nummer"] == "T02444"] == ["2024-07-01"]


def test_letters_stored_after_a_register_keep_its_deadline(
    compared: tuple[Path, dict[str, dict[str, object]]], tmp_path: Path
) -> None:
    """A letter stored after the register import works the status of its items out again; the
    status table then holds what a rebuild from all events gives, the register's deadline included."""
    db = tmp_path / "t.db"
    with sqlite3.connect(compared[0]) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    assert run(db, "ingest", str(CORPUS / "123_ek-korte-aantekeningen-rappel-bzk-2021.txt")).exit_code == 0
    conn = sqlite3.connect(db)
    maintained = conn.execute("select * from item_status order by item_id").fetchall()
    assert conn.execute("select deadline, letters from item_status where item_id = 'ek-T02444'").fetchone() == (
        "2024-07-01",
        2,
    )
    with conn:
        rebuild_status(Database(conn))
    assert conn.execute("select * from item_status order by item_id").fetchall() == maintained


def test_no_register_imported(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    run(db, "ingest", str(SEEDS))
    result = run(db, "registers", "status")
    assert result.exit_code == 1 and "registers import" in result.stderr


def test_list_show_export_and_report_show_the_register(compared: tuple[Path, dict[str, dict[str, object]]]) -> None:
    db, _ = compared
    shown = run(db, "show", "TZ202511-004")
    assert "  register: TK TZ202511-004 says Openstaand" in shown.stdout.splitlines()
    listed = run(db, "list", "--kind", "toezegging").stdout.splitlines()
    assert listed[0].split()[:4] == ["id", "kind", "status", "register_says"]
    assert any(line.split()[:4] == ["TZ202511-004", "toezegging", "closed", "Openstaand"] for line in listed)
    exported = run(db, "export", "--kind", "toezegging").stdout.lstrip("\ufeff").splitlines()
    assert exported[0].endswith(",register,register_number,register_says,register_deadline")
    assert any(line.startswith("TZ202511-005,") and line.endswith(",TK,TZ202511-005,Afgedaan,") for line in exported)
    report = json.loads(run(db, "report", "--as-of", AS_OF, "--format", "json").stdout)
    assert report["register_findings"]["letter-closed-register-open"] == 1
    assert report["registers"][0]["id"] == "TZ202511-004" and report["counts"]["registers"] == len(report["registers"])
    text = run(db, "report", "--as-of", AS_OF).stdout
    assert "Registers: a letter closes it, the register has it open (1)" in text
    assert "Registers: open in the register, in no letter (overdue first)" in text


def test_report_without_registers_has_no_register_section(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    run(db, "ingest", str(SEEDS))
    report = json.loads(run(db, "report", "--format", "json").stdout)
    assert report["register_findings"] is None and report["registers"] == []
    assert "Registers:" not in run(db, "report").stdout
    assert not run(db, "export").stdout.splitlines()[0].endswith("register_deadline")


def test_moties_from_a_zaak_record_and_from_csv() -> None:
    zaak = read_register_text(
        '{"value": [{"Soort": "Motie", "Nummer": "2023Z18653", "Volgnummer": 2766, "GewijzigdOp": "2023-11-08T10:00:00",'
        ' "Kamerstukdossier": [{"Nummer": 21501, "Toevoeging": "02"}],'
        ' "Besluit": [{"BesluitSoort": "Stemmen - ingetrokken", "GewijzigdOp": "2023-11-07T17:00:00"}]}]}'
    )
    assert [(r.number, r.vote) for r in zaak.records] == [("kst-21501-02-2766", "ingetrokken")]
    table = read_register_text("Dossier;Toevoeging;Volgnummer;BesluitSoort\n36 600;IV;22;Stemmen - aangenomen\n")
    assert [(r.number, r.vote) for r in table.records] == [("kst-36600-IV-22", "aangenomen")]


def test_status_as_of_needs_a_full_date(compared: tuple[Path, dict[str, dict[str, object]]]) -> None:
    result = run(compared[0], "registers", "status", "--as-of", "2026")
    assert result.exit_code == 2 and "not a full date" in result.stderr


def test_a_besluit_record_changes_only_the_vote(tmp_path: Path) -> None:
    besluiten = tmp_path / "besluiten.jsonl"
    besluiten.write_text(
        '{"Id": "b1", "BesluitSoort": "Stemmen - aangenomen", "GewijzigdOp": "2022-06-30T17:00:00+02:00",'
        ' "Zaak": [{"Soort": "Motie", "Volgnummer": 129, "Kamerstukdossier": [{"Nummer": 36200}]}]}\n'
        '{"Id": "b2", "BesluitSoort": "Ingediend", "Zaak": []}\n'
        '{"Id": "b3", "BesluitSoort": "Stemmen - verworpen", "Zaak_Id": "0000"}\n',
        encoding="utf-8",
    )
    read = read_register_file(besluiten)
    assert [(r.number, r.vote, r.decision) for r in read.records] == [("kst-36200-129", "aangenomen", True)]
    assert any("a vote without its motie" in w for w in read.warnings)
    db = tmp_path / "t.db"
    run(db, "registers", "import", str(FIXTURES / "tk_moties.json"))
    run(db, "registers", "import", str(besluiten))
    motie = register_rows(db)["TK:kst-36200-129"]
    assert (motie["vote"], motie["raw_status"], motie["title"]) == (
        "aangenomen",
        "aangenomen",
        "Motie van de leden Dassen en Omtzigt",
    )
