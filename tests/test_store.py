"""The store at scale: status kept in SQL agrees with the status rules, listings are filtered,
sorted, paged and streamed in SQL, ingest on several processes stores what one process stores,
and a letter is saved whole or not at all."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.clirun import run
from tests.conftest import CORPUS, SEEDS
from tracker.cli import app
from tracker.export import EXPORT_COLUMNS, ListingRows, write_export
from tracker.ingest import ingest_files
from tracker.output import (
    CELL_JOIN,
    spreadsheet_cell,
    spreadsheet_row,
    write_json,
    write_json_rows,
    write_yaml,
    write_yaml_rows,
)
from tracker.pipeline.extract import extract_document
from tracker.pipeline.load import load_document
from tracker.report import build_report
from tracker.rules import load_rules
from tracker.store import queries
from tracker.store.check import check_database
from tracker.store.database import open_db
from tracker.store.queries import Filters, Listing, find_item
from tracker.store.save import BatchWriter, prepare_document, record_manual_status
from tracker.store.status import UNLISTED_ITEMS_QUERY, rebuild_status, refresh_status

runner = CliRunner()
EXPLICIT = {"open", "closed", "partial", "lapsed"}


def reference_status(events: list[dict[str, Any]]) -> tuple[str, int | None]:
    """The status rules of the README, event by event in Python: per letter an "open" outweighs
    the rest; the latest explicit event by date wins, a manual correction over letters of the same
    date; undated letters are older than every dated one; never declared closed means open."""
    per_letter: dict[str, dict[str, Any]] = {}
    explicit: list[dict[str, Any]] = []
    for event in sorted(events, key=lambda e: e["id"]):
        if event["source"] == "manual":
            explicit.append(event)
            continue
        if event["status"] not in EXPLICIT:
            continue
        held = per_letter.get(event["document_sha256"])
        if held is None or (event["status"] == "open" and held["status"] != "open"):
            per_letter[event["document_sha256"]] = event
    explicit += per_letter.values()
    if not explicit:
        return "open", None
    latest = max(explicit, key=lambda e: (e["date"] or "", e["source"] == "manual", e["recorded_at"] or "", e["id"]))
    return latest["status"], latest["id"]


def letter(folder: Path, name: str, when: str | None, sentence: str) -> None:
    header = f"Den Haag, {when}\n\n" if when else ""
    (folder / name).write_text(f"{header}Geachte voorzitter,\n\n{sentence}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seeds, corpus and letters that speak of one motie on several dates (and undated), plus
    manual corrections before, on and after a letter's date."""
    folder = tmp_path_factory.mktemp("letters")
    motie = "de motie van het lid Grinwis c.s. (Kamerstuk 31 985, nr. 95)"
    letter(folder, "a_open.txt", "1 maart 2026", f"Om uitvoering te geven aan {motie} zal het kabinet een plan maken.")
    letter(folder, "b_closed.txt", "1 april 2026", f"Met deze brief geef ik uitvoering aan {motie}. Daarmee wordt deze motie als afgedaan beschouwd.")  # fmt: skip
    letter(folder, "c_undated.txt", None, f"Om uitvoering te geven aan {motie} zal het kabinet nog een plan maken.")
    letter(folder, "d_mentioned.txt", "2 april 2026", f"Ik verwijs naar {motie}.")
    letter(folder, "e_promises.txt", "1 maart 2026",
           "Tijdens het debat heb ik toegezegd de Kamer voor de zomer te informeren over de voortgang (TZ202603-010).\n\n"
           "Toezegging TZ202603-011: de minister informeert de Kamer voor 1 april over het plan.")  # fmt: skip
    db_path = tmp_path_factory.mktemp("db") / "archive.db"
    for source in (SEEDS, CORPUS, folder):
        result = run(db_path, "--quiet", "ingest", "--jobs", "1", str(source))
        assert result.exit_code in (0, 1), result.stderr
    db = open_db(db_path)
    record_manual_status(db, "kst-31985-95", "open", "heropend", date(2026, 4, 1))  # same date as the closing letter
    record_manual_status(db, "kst-36600-IV-22", "closed", "afgedaan in overleg", date(2020, 1, 1))  # before its letters
    record_manual_status(db, "TZ202511-004", "lapsed", "vervallen", date(2027, 1, 1))  # after everything
    return db_path


def events_by_item(db_path: Path) -> dict[str, list[dict[str, Any]]]:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in conn.execute("select * from events"):
        grouped.setdefault(row["item_id"], []).append(dict(row))
    return grouped


def test_status_in_sql_equals_the_status_rules(archive: Path) -> None:
    grouped = events_by_item(archive)
    conn = sqlite3.connect(archive)
    stored = {key: (status, event) for key, status, event in conn.execute(
        "select key, s.status, s.decided_event from current_status c join item_status s on s.item_id = c.key")}  # fmt: skip
    assert len(stored) == len(grouped) > 30
    assert {key: reference_status(events) for key, events in grouped.items()} == stored
    statuses = {status for status, _ in stored.values()}
    assert {"open", "closed", "lapsed"} <= statuses
    assert stored["kst-31985-95"][0] == "open"  # the correction wins over the closing letter of its date
    assert stored["kst-36600-IV-22"][0] != "closed"  # a later letter wins over an older correction


def test_status_as_of_a_past_date_equals_the_status_rules(archive: Path) -> None:
    grouped = events_by_item(archive)
    db = open_db(archive)
    for as_of in ("2025-06-01", "2026-03-15", "2026-04-01", "2026-12-31"):
        expected = {}
        for key, events in grouped.items():
            known = [e for e in events if (e["date"] or "") <= as_of]
            if known:
                expected[key] = reference_status(known)[0]
        rows = Listing(db, as_of=date.fromisoformat(as_of)).rows()
        assert {row["key"]: row["status"] for row in rows} == expected, as_of


def test_rebuild_gives_what_ingest_maintained(archive: Path) -> None:
    conn = sqlite3.connect(archive)
    before = conn.execute("select * from item_status order by item_id").fetchall()
    db = open_db(archive)
    with db.atomic():
        rebuild_status(db)
    assert conn.execute("select * from item_status order by item_id").fetchall() == before


def test_refreshing_some_items_writes_what_a_rebuild_gives(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows that changed are rewritten in the columns that changed, missing rows are added, rows of
    items left without events go, however many items are taken at a time."""
    copy = tmp_path / "copy.db"
    with sqlite3.connect(archive) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    conn = sqlite3.connect(copy)
    rebuilt = conn.execute("select * from item_status order by item_id").fetchall()
    monkeypatch.setattr("tracker.store.status._REFRESH_CHUNK", 7)
    db = open_db(copy)
    with db.atomic():
        db.execute("update item_status set status = 'open', letters = 0 where rowid % 2 = 0")
        db.execute("delete from item_status where rowid % 3 = 0")
        db.execute("insert into items (id, kind) values ('kst-1-1', 'motie')")
        db.execute(f"insert into item_status select 'kst-1-1', {', '.join(['null'] * 4)}, 'open', {', '.join(['null'] * 8)}, ''")
        refresh_status(db, [row[0] for row in rebuilt] + ["kst-1-1"])
    assert conn.execute("select * from item_status order by item_id").fetchall() == rebuilt


def test_listing_filters_sorts_counts_and_pages_in_sql(archive: Path) -> None:
    db = open_db(archive)
    everything = list(Listing(db).rows())
    assert Listing(db).count() == len(everything)
    for filters in (Filters(kind="motie"), Filters(status="closed"), Filters(dossier="31 985"),
                    Filters(ministry="financiën"), Filters(search="afgedaan"), Filters(overdue=True)):  # fmt: skip
        rows = list(Listing(db, filters).rows())
        assert Listing(db, filters).count() == len(rows)
        assert [r["key"] for r in rows] == [r["key"] for r in everything if r["key"] in {x["key"] for x in rows}]
    assert {r["kind"] for r in Listing(db, Filters(kind="motie")).rows()} == {"motie"}
    assert all(r["dossier"] == "31985" for r in Listing(db, Filters(dossier="31 985")).rows())
    assert [r["key"] for r in Listing(db).rows(limit=5)] == [r["key"] for r in everything[:5]]
    by_deadline = list(Listing(db).rows(sort="deadline"))
    dated = [r["deadline"] for r in by_deadline if r["deadline"]]
    assert dated and dated == sorted(dated) and by_deadline[len(dated)]["deadline"] is None
    newest = list(Listing(db).rows(sort="last-date", desc=True, limit=3))
    assert [r["last_date"] for r in newest] == sorted((r["last_date"] for r in everything), reverse=True)[:3]


def test_search_is_words_not_syntax(archive: Path) -> None:
    db = open_db(archive)
    for text in ('"', 'motie"', "motie OR", "NOT", "*", "(", "a:b", "'"):
        assert Listing(db, Filters(search=text)).count() >= 0  # no FTS syntax error
    assert Listing(db, Filters(search="Grinwis")).count() >= 1
    result = run(archive, "list", "--search", '"')
    assert result.exit_code == 0 and "Traceback" not in result.output


def test_search_pages_alike_by_lookup_and_by_list_of_hits(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page of `--search` found by looking the rows up in order (many hits) is the page found
    from the list of every hit (few hits): same rows, same order, with other filters and sorts."""
    db = open_db(archive)
    cases = [
        (search, filters, sort, desc, limit)
        for search in ("motie", "de motie", "Kamer", "toegezegd voor", "Grinwis", "TZ202511-004", '"motie', "zzz")
        for filters in ({}, {"status": "closed"}, {"kind": "motie"}, {"dossier": "31 985"}, {"unfinished": True})
        for sort, desc, limit in ((None, False, 5), (None, True, 3), ("deadline", False, 4), ("last-date", True, 1))
    ]
    looked_up = 0
    for search, filters, sort, desc, limit in cases:
        pages = []
        for cost in (10**9, 1):  # never look up; look up whenever a page's rows are among the hits
            monkeypatch.setattr(queries, "PROBE_COST", cost)
            listing = Listing(db, Filters(search=search, **filters))
            pages.append([r["key"] for r in listing.rows(sort=sort, desc=desc, limit=limit)])
            looked_up += cost == 1 and "page" in listing.params
        assert pages[0] == pages[1], (search, filters, sort, desc, limit)
        everything = [r["key"] for r in Listing(db, Filters(search=search, **filters)).rows(sort=sort, desc=desc)]
        assert pages[0] == everything[:limit]
        assert Listing(db, Filters(search=search, **filters)).count() == len(everything)
        then = Listing(db, Filters(search=search, **filters), as_of=date(2024, 1, 1))  # a status of its own
        assert then.count() == len(list(then.rows()))
    assert looked_up > len(cases) / 4, looked_up


def test_changed_since_counts_and_pages(archive: Path) -> None:
    db = open_db(archive)
    yesterday = date.today() - timedelta(days=1)
    changed = [r["key"] for r in Listing(db, Filters(changed_since=yesterday)).rows()]
    assert changed == [r["key"] for r in Listing(db).rows()]  # every letter arrived today
    assert Listing(db, Filters(changed_since=yesterday)).count() == len(changed)
    assert [r["key"] for r in Listing(db, Filters(changed_since=yesterday)).rows(limit=3)] == changed[:3]
    assert Listing(db, Filters(changed_since=date.today() + timedelta(days=1))).count() == 0


def test_report_counts_are_the_listings_counts(archive: Path) -> None:
    db = open_db(archive)
    for as_of, stale_days in ((date(2026, 11, 22), 180), (date(2026, 4, 15), 30), (date(2026, 11, 22), 0)):
        counts = build_report(db, as_of, None, stale_days)["counts"]
        for name, filters in (("stale", Filters(stale=True)), ("open", Filters(unfinished=True)),
                              ("overdue", Filters(overdue=True))):  # fmt: skip
            assert counts[name] == Listing(db, filters, as_of, stale_days).count(), (name, as_of, stale_days)
    assert build_report(db, date(2026, 11, 22), None, 180)["counts"]["stale"] > 0


def test_search_count_leaves_out_items_without_status(tmp_path: Path) -> None:
    """An item that only a replaced version of a letter mentioned has no status and is not listed:
    `--count` with `--search` does not count it either."""
    db_path = tmp_path / "t.db"
    folder = tmp_path / "letters"
    folder.mkdir()
    letter(folder, "brief.txt", "1 maart 2026", "Ik verwijs naar de motie van het lid Pietersen (Kamerstuk 31 985, nr. 7) "
           "en naar de motie van het lid Jansen (Kamerstuk 31 985, nr. 8).")  # fmt: skip
    run(db_path, "--quiet", "ingest", str(folder))
    letter(
        folder, "brief.txt", "1 maart 2026", "Ik verwijs naar de motie van het lid Jansen (Kamerstuk 31 985, nr. 8)."
    )
    run(db_path, "--quiet", "ingest", str(folder))
    db = open_db(db_path)
    assert db.execute("select count(*) from items").fetchone()[0] == 2
    listing = Listing(db, Filters(search="motie"))
    assert [r["key"] for r in listing.rows()] == ["kst-31985-8"]
    assert listing.count() == 1


def test_lookups_and_filters_use_indexes(archive: Path) -> None:
    conn = sqlite3.connect(archive)
    for sql in ("select * from items where public_id = 'tz202511-004' collate nocase",
                "select * from items where id = 'KST-31985-95' collate nocase"):  # fmt: skip
        plan = " ".join(row[3] for row in conn.execute("explain query plan " + sql))
        assert "USING INDEX" in plan and "SCAN" not in plan, plan
    db = open_db(archive)
    assert find_item(db, "tz202511-004")["id"] == "TZ202511-004"  # type: ignore[index]
    # each listing and each list of the report is read in its order from an index, so that its
    # first rows come without reading the others
    for filters, order in (
        (Filters(status="open"), "list_order"),
        (Filters(kind="motie"), "list_order"),
        (Filters(dossier="31985"), "list_order"),
        (Filters(ministry="buitenlandse"), "list_order"),
        (Filters(unfinished=True), "first_date, list_order"),
        (Filters(overdue=True), "deadline, list_order"),
        (Filters(stale=True), "last_letter_date, list_order"),
    ):
        listing = Listing(db, filters, as_of=date(2030, 1, 1))  # after every event: the stored status
        assert "0" not in listing.where  # the ministry is known
        sql = listing._page([], order, 50)
        plan = " ".join(row[3] for row in db.execute("explain query plan " + sql, listing.params))
        assert "SCAN" not in plan and "USE TEMP B-TREE" not in plan, (filters, plan)


def test_output_streams_rows_as_they_are_read() -> None:
    rows = [{"id": f"kst-1-{n}", "kind": "motie", "quote": "[overzicht] ë"} for n in range(3)]
    for streamed, whole in ((write_json_rows, write_json), (write_yaml_rows, write_yaml)):
        a, b = io.StringIO(), io.StringIO()
        streamed(iter(rows), a)
        whole(rows, b)
        assert a.getvalue() == b.getvalue()
        empty_a, empty_b = io.StringIO(), io.StringIO()
        streamed(iter([]), empty_a)
        whole([], empty_b)
        assert empty_a.getvalue() == empty_b.getvalue()

    written_before: list[int] = []
    stream = io.StringIO()

    def produced() -> Any:
        for n, row in enumerate(rows):
            written_before.append(len(stream.getvalue()))
            yield row | {"n": n}

    write_export(produced(), "csv", stream)
    # each row is written before the next is read: the output grows between reads
    assert written_before[0] < written_before[1] < written_before[2]


# Corrections whose notes (shown as status_quote) hold what a spreadsheet cell must not keep: formula
# starts, uneven white space, line breaks, no-break and line separators, escape sequences, quotes.
AWKWARD_NOTES = [
    "=SOM(A1)  met\ttab", "-min vooraan", "@apenstaart", "+plus", "twee\nregels\u00a0nbsp",
    '"aanhaling", komma;punt', "scheiding\u2028regel", "escape \x1b[31m rood\x7f", " spatie vooraan",
    "eind spatie ", "  ", "\u241f =na het scheidingsteken", "",
]  # fmt: skip


def test_exports_written_from_sql_equal_the_rows_listed(archive: Path, tmp_path: Path) -> None:
    """CSV, TSV, JSON and NDJSON written from SQL's text are the text the rows themselves (dicts, as
    `list` and `export` have them) are written as, for every column and order."""
    copy = tmp_path / "awkward.db"
    with sqlite3.connect(archive) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    db = open_db(copy)
    keys = [row[0] for row in db.execute("select id from items order by id limit ?", [len(AWKWARD_NOTES)])]
    for key, note in zip(keys, AWKWARD_NOTES, strict=True):
        record_manual_status(db, key, "closed", note, date(2026, 5, 1))
    listing = Listing(db, as_of=date(2026, 6, 1))
    every = ListingRows(listing).columns()
    assert {"label", "stale", "letters", "key"} <= set(every) and "item_id" not in every
    searched = Listing(db, Filters(search="motie", status="closed"), as_of=date(2026, 6, 1))
    for columns in (EXPORT_COLUMNS, every):
        for sort, desc, limit in ((None, False, None), ("deadline", True, None), ("last-date", False, 7)):
            for source in (listing, searched):
                rows = ListingRows(source, sort=sort, desc=desc, limit=limit)
                listed = list(rows)
                assert listed
                for fmt, excel in (("csv", False), ("csv", True), ("tsv", False), ("json", False), ("ndjson", False)):
                    from_sql, from_rows = io.StringIO(), io.StringIO()
                    assert write_export(rows, fmt, from_sql, excel, columns) == len(listed)
                    write_export(iter(listed), fmt, from_rows, excel, columns)
                    assert from_sql.getvalue() == from_rows.getvalue(), (fmt, excel, sort, columns)
    exported = io.StringIO()
    write_export(ListingRows(listing), "csv", exported)
    cells = {cell for row in csv.reader(io.StringIO(exported.getvalue().lstrip("\ufeff"))) for cell in row}
    assert {"'=SOM(A1) met tab", "'-min vooraan", "twee regels nbsp", '"aanhaling", komma;punt'} <= cells
    json_quotes = {row["status_quote"] for row in map(json.loads, exported_ndjson(listing))}
    assert set(AWKWARD_NOTES) - {""} <= json_quotes  # JSON keeps the text as it is


def test_columns_are_those_of_the_rows_also_when_none_match(archive: Path) -> None:
    shown = run(archive, "export", "--search", "zzqqx", "--columns", "key,stale")
    assert shown.exit_code == 0 and shown.stdout == "\ufeffkey,stale\n"
    wrong = run(archive, "list", "--search", "zzqqx", "--columns", "key,colour")
    assert wrong.exit_code == 2 and "no column colour; choose from id, key," in wrong.stderr


def exported_ndjson(listing: Listing) -> list[str]:
    out = io.StringIO()
    write_export(ListingRows(listing), "ndjson", out)
    return out.getvalue().split("\n")[:-1]  # by line feeds only: JSON keeps U+2028 as it is


def test_one_look_at_a_row_finds_every_cell_a_spreadsheet_needs_changed() -> None:
    # every white space but the space is not printable: str.isprintable finds them all at once
    assert not any(c.isprintable() for c in map(chr, range(0x110000)) if c.isspace() and c != " ")
    values = ["ok", "", " x", "x ", "a  b", "=1", "+1", "-1", "@a", "\tx", "a\rb", "a\u00a0b", "a\u3000b",
              "\x1b[2J", f"a{CELL_JOIN} b", f"a{CELL_JOIN}=b", "'=al veilig", None, True, False, 5, -5]  # fmt: skip
    for first in values:
        for second in values:
            row = ("kst-1-2", first, second)
            assert list(spreadsheet_row(row)) == [spreadsheet_cell(v) for v in row], row


def test_json_quote_escapes_as_json_dumps() -> None:
    """JSON written from SQL escapes text with SQLite's json_quote: the same text as json.dumps."""
    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    (quoted,) = sqlite3.connect(":memory:").execute("select json_quote(?)", [text]).fetchone()
    assert quoted == json.dumps(text, ensure_ascii=False)


def table_dump(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(db_path)
    skip = {"ingested_at", "recorded_at", "first_ingested_at", "ministry_id"}  # clock times; ids of batches
    dump = {}
    for table in ("documents", "items", "events", "references", "letters"):
        columns = [row[1] for row in conn.execute(f'pragma table_info("{table}")') if row[1] not in skip]
        dump[table] = conn.execute(f'select {", ".join(columns)} from "{table}" order by rowid').fetchall()
    # the status is worked out per batch, and batches end by time as well as by size
    columns = [f"s.{row[1]}" for row in conn.execute("pragma table_info(item_status)") if row[1] not in skip]
    dump["item_status"] = conn.execute(
        f"select {', '.join(columns)}, m.name from item_status s left join ministries m on m.id = s.ministry_id"
        " order by s.item_id"
    ).fetchall()
    return dump


def test_ingest_on_two_processes_stores_what_one_stores(tmp_path: Path) -> None:
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    for db_path, jobs in ((one, "1"), (two, "2")):
        result = run(db_path, "ingest", "--jobs", jobs, str(SEEDS), str(CORPUS))
        assert result.exit_code == 0, result.stderr
    assert table_dump(one) == table_dump(two)
    again = run(two, "ingest", "--jobs", "2", str(SEEDS), str(CORPUS))
    assert again.exit_code == 0 and " 0 ingested," in again.stderr
    assert table_dump(one) == table_dump(two)


def prepared_seeds() -> list[Any]:
    rules = load_rules()
    return [prepare_document(extract_document(load_document(p), rules), rules) for p in sorted(SEEDS.glob("*.txt"))]


def test_a_bad_letter_in_a_batch_takes_no_other_with_it(tmp_path: Path) -> None:
    db = open_db(tmp_path / "t.db")
    letters = prepared_seeds()
    broken = letters[1]
    broken.events.append(dict(broken.events[0]) | {"item_id": "no-such-item"})  # breaks the foreign key
    writer = BatchWriter(db, batch_size=100)
    failed = []
    for prepared in letters:
        try:
            writer.save(prepared)
        except sqlite3.IntegrityError:
            failed.append(prepared.path)
    saved = writer.commit()
    assert failed == [broken.path] and len(saved) == len(letters) - 1
    stored = {row["path"] for row in db.query("select path from documents")}
    assert stored == {p.path for p in letters} - {broken.path}
    sha = broken.document["sha256"]
    assert not list(db.query("select 1 from events where document_sha256 = ?", [sha]))
    orphans = "select count(*) from items where id not in (select item_id from events)"
    assert db.execute(orphans).fetchone()[0] == 0
    assert (
        db.execute("select count(*) from item_status").fetchone()[0]
        == db.execute("select count(*) from items").fetchone()[0]
    )


def test_a_killed_batch_leaves_no_partial_letter(tmp_path: Path) -> None:
    db_path = tmp_path / "t.db"
    db = open_db(db_path)
    letters = prepared_seeds()
    writer = BatchWriter(db, batch_size=2)
    writer.save(letters[0])
    writer.save(letters[1])
    writer.commit()
    writer.save(letters[2])
    writer.save(letters[3])
    db.conn.close()  # the process ends before the batch's commit
    conn = sqlite3.connect(db_path)
    assert conn.execute("select count(*) from documents").fetchone()[0] == 2
    rules = load_rules()
    db = open_db(db_path)
    ingest_files(db, sorted(SEEDS.glob("*.txt")), rules, jobs=1)  # running again adds the rest
    assert conn.execute("select count(*) from documents").fetchone()[0] == len(letters)


def test_list_and_export_options(archive: Path, tmp_path: Path) -> None:
    def run(*args: str) -> Any:
        result = runner.invoke(app, ["--db", str(archive), *args])
        assert result.exit_code == 0, result.stderr
        return result

    total = int(run("list", "--count").stdout)
    assert total == len(json.loads(run("list", "--format", "json").stdout))
    closed = int(run("list", "--count", "--status", "closed").stdout)
    assert 0 < closed < total
    page = json.loads(run("list", "--format", "json", "--limit", "2", "--sort", "last-date", "--desc").stdout)
    assert len(page) == 2 and page[0]["last_date"] >= page[1]["last_date"]
    decided = [r for r in json.loads(run("list", "--status", "closed", "--format", "json").stdout)]
    assert decided and all(r["status_quote"] and r["status_document"] for r in decided)
    assert all(r["status_date"] == (r["last_date"] or None) for r in decided)  # undated letters: no date
    out = tmp_path / "closed.csv"
    run("export", "--status", "closed", "--kind", "motie", "--output", str(out))
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].endswith("status_quote,status_document,status_date")
    assert len(lines) - 1 == int(run("list", "--count", "--status", "closed", "--kind", "motie").stdout)
    assert all(",closed,Afgedaan," in line for line in lines[1:])


def test_status_follows_the_order_letters_are_stored_not_extracted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two undated letters on one toezegging: the later stored decides, also when a worker extracted
    it a second before the other (workers finish out of order)."""
    rules = load_rules()
    first, second = (
        CORPUS / "added" / name
        for name in ("201_ek-korte-aantekeningen-korel-2015-rappel.txt", "202_ek-korte-aantekeningen-korel-2016-status-gewijzigd.txt")
    )
    clock = iter(["2026-01-01T10:00:01+00:00", "2026-01-01T10:00:00+00:00"])  # `second` extracted first
    with monkeypatch.context() as patched:
        patched.setattr("tracker.store.save.now_iso", lambda: next(clock))
        prepared = [prepare_document(extract_document(load_document(p), rules), rules) for p in (first, second)]
    db = open_db(tmp_path / "t.db")
    writer = BatchWriter(db)
    for letter in prepared:
        writer.save(letter)
    writer.commit()
    status = next(db.query("select last_document from item_status where item_id = 'ek-T01223'"))
    assert status["last_document"] == prepared[1].document["sha256"]


def search_index_mismatch(db_path: Path) -> str | None:
    """`tracker check`'s verdict on the full-text index: None when it holds exactly the words of `items`."""
    database = check_database(db_path)
    if "full-text index ok" in database.notes:
        return None
    return "; ".join(database.problems or database.notes)


def test_the_full_text_index_equals_the_items_after_every_command(tmp_path: Path) -> None:
    db_path, folder = tmp_path / "t.db", tmp_path / "letters"
    folder.mkdir()
    motie = "de motie van het lid Grinwis c.s. (Kamerstuk 31 985, nr. 95)"
    letter(folder, "a.txt", "1 maart 2026", f"Om uitvoering te geven aan {motie} zal het kabinet een plan maken.")
    steps = [
        ("ingest", "--jobs", "1", str(SEEDS), str(CORPUS), str(folder)),
        ("ingest", "--jobs", "2", str(SEEDS), str(CORPUS)),  # again: nothing new
        ("set-status", "kst-36600-IV-22", "closed", "--note", "verstuurd", "--date", "2026-01-15"),
        ("set-status", "kst-36600-IV-22", "--undo"),
        ("link", "kst-2150-02-3258", "kst-21501-02-2531", "--note", "zelfde motie"),
        ("link", "kst-2150-02-3258", "kst-21501-02-2531", "--undo"),
        ("forget", "2025D49381"),
        ("registers", "import", str(Path(__file__).parent / "registers" / "tk_moties.json")),
    ]
    for step in steps:
        result = run(db_path, "--quiet", *step)
        assert result.exit_code == 0, (step, result.stderr)
        assert search_index_mismatch(db_path) is None, step
    # a new version of a letter: the items it shares with the first get its words added
    letter(folder, "a.txt", "1 maart 2026", f"Met deze brief geef ik uitvoering aan {motie}. Daarmee wordt deze motie als afgedaan beschouwd.")  # fmt: skip
    before = sqlite3.connect(db_path).execute("select search_text from items where id = 'kst-31985-95'").fetchone()[0]
    assert run(db_path, "--quiet", "ingest", str(folder)).exit_code == 0
    conn = sqlite3.connect(db_path)
    after = conn.execute("select search_text from items where id = 'kst-31985-95'").fetchone()[0]
    assert after != before and "afgedaan" in after
    assert search_index_mismatch(db_path) is None
    hits = "select count(*) from items_fts where items_fts match 'afgedaan' and rowid = (select rowid from items where id = 'kst-31985-95')"  # fmt: skip
    assert conn.execute(hits).fetchone()[0] == 1
    # the check sees an index that misses a change
    conn.execute("update items set search_text = 'verdwenen' where id = 'kst-31985-95'")
    conn.commit()
    assert search_index_mismatch(db_path) is not None


def unlisted_items(db_path: Path) -> tuple[set[str], set[str]]:
    """The table `unlisted_items`, and the items without a status found by a pass over every item."""
    conn = sqlite3.connect(db_path)
    try:
        kept = {row[0] for row in conn.execute("select item_id from unlisted_items")}
        found = {row[0] for row in conn.execute(UNLISTED_ITEMS_QUERY)}
    finally:
        conn.close()
    return kept, found


def test_unlisted_items_kept_by_every_command_and_counted_off_a_search(tmp_path: Path) -> None:
    """The items without a status (not listed) are kept in a table by triggers: after every command
    that writes items or statuses it holds exactly the items a pass over all of them finds, and a
    search's count is the number of rows the search lists."""
    db_path, folder = tmp_path / "t.db", tmp_path / "letters"
    folder.mkdir()
    two = "de motie van het lid Pietersen (Kamerstuk 31 985, nr. 7) en de motie van het lid Jansen (Kamerstuk 31 985, nr. 8)"
    letter(folder, "a.txt", "1 maart 2026", f"Ik verwijs naar {two}.")
    one = "de motie van het lid Jansen (Kamerstuk 31 985, nr. 8)"
    steps: list[tuple[str, ...]] = [
        ("ingest", "--jobs", "1", str(SEEDS), str(CORPUS), str(folder)),
        ("changed-letter",),  # a new version of a.txt that no longer mentions nr. 7
        ("forget", "2025D49381"),
        ("set-status", "kst-31985-7", "closed", "--note", "afgedaan", "--date", "2026-03-02"),
        ("set-status", "kst-31985-7", "--undo"),
        ("link", "kst-2150-02-3258", "kst-21501-02-2531", "--note", "zelfde motie"),
        ("link", "kst-2150-02-3258", "kst-21501-02-2531", "--undo"),
        ("registers", "import", str(Path(__file__).parent / "registers" / "tk_moties.json")),
        ("forget", "2025D49381", "--undo"),
    ]
    sizes = []
    for step in steps:
        if step == ("changed-letter",):
            letter(folder, "a.txt", "1 maart 2026", f"Ik verwijs naar {one}.")
            step = ("ingest", str(folder))
        result = run(db_path, "--quiet", *step)
        assert result.exit_code == 0, (step, result.stderr)
        kept, found = unlisted_items(db_path)
        assert kept == found, step
        sizes.append(len(kept))
    assert "kst-31985-7" in unlisted_items(db_path)[0]
    # the replaced version leaves nr. 7 without a status; forgetting a letter leaves its items so
    # too, until --undo counts it again; a correction by hand gives nr. 7 a status for a while
    assert sizes[1] == 1 and sizes[2] > 1 and sizes[3] == sizes[2] - 1 and sizes[-1] == 1, sizes
    db = open_db(db_path)
    rebuild_status(db)
    db.conn.commit()
    assert unlisted_items(db_path)[0] == unlisted_items(db_path)[1] == {"kst-31985-7"}
    for word in ("motie", "Jansen", "Pietersen", "kamer"):
        listed = run(db_path, "list", "--search", word, "--format", "ndjson")
        counted = run(db_path, "list", "--search", word, "--count")
        assert listed.exit_code == counted.exit_code == 0, word
        assert int(counted.stdout) == len(listed.stdout.splitlines()), word
    # "motie" is a word of most items: counted from the full-text table, the unlisted hit taken off
    listing = Listing(db, Filters(search="motie"))
    assert listing.search == queries.SEARCH_AMONG_HITS
    hit = "select count(*) from items_fts where items_fts match 'motie' and rowid = (select rowid from items where id = ?)"
    assert db.execute(hit, ["kst-31985-7"]).fetchone()[0] == 1
    assert "kst-31985-7" not in {r["key"] for r in listing.rows()}


def test_the_migration_fills_the_unlisted_items_from_the_stored_data(tmp_path: Path) -> None:
    db_path, folder = tmp_path / "t.db", tmp_path / "letters"
    folder.mkdir()
    letter(folder, "a.txt", "1 maart 2026", "Ik verwijs naar de motie van het lid Pietersen (Kamerstuk 31 985, nr. 7).")
    run(db_path, "--quiet", "ingest", str(SEEDS), str(folder))
    letter(folder, "a.txt", "1 maart 2026", "Ik verwijs naar de motie van het lid Jansen (Kamerstuk 31 985, nr. 8).")
    run(db_path, "--quiet", "ingest", str(folder))
    conn = sqlite3.connect(db_path)  # as the store was before the table existed
    for trigger in ("new_item", "gone_item", "new_status", "gone_status", "moved_status"):
        conn.execute(f"drop trigger unlisted_items_{trigger}")
    conn.execute("drop table unlisted_items")
    conn.execute("delete from _sqlite_migrations where name = 'm017_unlisted_items'")
    conn.commit()
    conn.close()
    open_db(db_path)
    assert unlisted_items(db_path) == ({"kst-31985-7"}, {"kst-31985-7"})
