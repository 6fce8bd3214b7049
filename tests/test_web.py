"""`tracker serve`: Datasette over the tracker database, through Datasette's own test client.

Two databases: the seed letters alone, and the seeds plus one letter (tests/web/reopened_motie.txt)
that says motie Grinwis c.s. is still being carried out (seed 000 closed it), promises something
"voor 1 maart 2026", and has `<script>` in its title and in a quote."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.clirun import run
from tests.conftest import SEEDS

datasette = pytest.importorskip("datasette")

from tracker import web  # noqa: E402

REOPENED = Path(__file__).resolve().parent / "web" / "reopened_motie.txt"
SEED_000 = "520c9d6973029a5a56821bb5f6b2c9d7f5b94f90767d52ca42a40f5443a64d35"


def ingest(db: Path, *paths: Path) -> None:
    result = run(db, "--quiet", "ingest", *map(str, paths))
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seeds") / "tracker.db"
    ingest(db, SEEDS)
    return db


@pytest.fixture(scope="module")
def reopened_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("reopened") / "tracker.db"
    ingest(db, SEEDS, REOPENED)
    return db


def fetch(db: Path, *paths: str) -> list[Any]:
    """The responses of one Datasette instance for these paths, in order."""

    async def go() -> list[Any]:
        ds = web.make_datasette(db)
        await ds.invoke_startup()
        return [await ds.client.get(path) for path in paths]

    return asyncio.run(go())


def rows(db: Path, path: str) -> list[dict[str, Any]]:
    """The rows of a table, view or query page as JSON objects."""
    page, _, query = path.partition("?")
    (response,) = fetch(db, f"{page}.json?_shape=objects" + (f"&{query}" if query else ""))
    assert response.status_code == 200, response.text
    result: list[dict[str, Any]] = response.json()["rows"]
    return result


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_table_view_and_column_is_described(seeds_db: Path) -> None:
    tables = web.metadata()["databases"]["tracker"]["tables"]
    with sqlite3.connect(seeds_db) as conn:
        names = [
            name
            for (name,) in conn.execute("select name from sqlite_master where type in ('table', 'view')")
            if not name.startswith(("sqlite_", "items_fts"))
        ]
        assert {"current_status", "timeline", "disagreements"} <= set(names)
        for name in names:
            assert tables.get(name, {}).get("description"), f"{name} has no description"
            columns = [row[1] for row in conn.execute(f'pragma table_info("{name}")')]
            described = tables[name].get("columns", {})
            assert [c for c in columns if not described.get(c)] == [], f"{name}: columns without a description"
            assert set(described) <= set(columns), f"{name}: descriptions of columns it does not have"


def test_moties_closed_since_on_the_seeds(seeds_db: Path) -> None:
    closed = rows(seeds_db, "/tracker/moties_closed_since?since=2025-01-01")
    assert [r["item"] for r in closed] == ["kst-2150-02-3258", "kst-31985-95"]
    for row in closed:
        assert row["closed_on"] == "2025-12-01" and row["letter"] == "2025D49381"
        assert row["letter_sha256"] == SEED_000
        assert row["closing_quote"] == "Daarmee wordt deze motie als afgedaan beschouwd."
        assert row["kamerstuk"] == row["item"]
    assert rows(seeds_db, "/tracker/moties_closed_since?since=2025-12-02") == []


def test_every_canned_query_on_the_seeds(seeds_db: Path) -> None:
    queries = web.metadata()["databases"]["tracker"]["queries"]
    assert set(queries) == {
        "open_toezeggingen", "moties_closed_since", "overdue", "item_timeline", "letters_this_week",
        "disagreeing_letters",
    }  # fmt: skip
    for name, query in queries.items():
        assert query["title"] and query["description"], name
    assert rows(seeds_db, "/tracker/open_toezeggingen?ministry=") == []  # both seed toezeggingen are done
    assert rows(seeds_db, "/tracker/overdue?as_of=2099-01-01") == []  # no seed item has a deadline
    assert rows(seeds_db, "/tracker/disagreeing_letters") == []
    letters = rows(seeds_db, "/tracker/letters_this_week?since=")
    assert sorted(Path(r["file"]).name for r in letters) == sorted(p.name for p in SEEDS.glob("*.txt"))
    seed_000 = next(r for r in letters if r["letter_sha256"] == SEED_000)
    assert seed_000["letter"] == "2025D49381" and seed_000["closing"] == 4
    assert rows(seeds_db, "/tracker/letters_this_week?since=2999-01-01") == []
    timeline = rows(seeds_db, "/tracker/item_timeline?item=TZ202511-004")
    assert [(r["date"], r["status"], r["letter"]) for r in timeline][-1] == ("2025-12-01", "closed", "2025D49381")


def test_canned_queries_on_a_reopened_motie(reopened_db: Path) -> None:
    toezeggingen = rows(reopened_db, "/tracker/open_toezeggingen?ministry=economische")
    assert [(r["ministry"], r["deadline"], r["deadline_phrase"]) for r in toezeggingen] == [
        ("Economische Zaken", "2026-03-01", "voor 1 maart 2026")
    ]
    assert "uitkomst van de verkenning" in toezeggingen[0]["promise"]
    assert rows(reopened_db, "/tracker/open_toezeggingen?ministry=Defensie") == []

    overdue = rows(reopened_db, "/tracker/overdue?as_of=2026-06-01")
    assert [(r["item"], r["deadline"], r["deadline_phrase"]) for r in overdue] == [
        (toezeggingen[0]["item"], "2026-03-01", "voor 1 maart 2026")
    ]
    assert rows(reopened_db, "/tracker/overdue?as_of=2026-03-01") == []  # due that day, not yet overdue

    # Reopened by the later letter: no longer among the closed moties.
    assert [r["item"] for r in rows(reopened_db, "/tracker/moties_closed_since?since=")] == ["kst-2150-02-3258"]

    timeline = rows(reopened_db, "/tracker/item_timeline?item=KST-31985-95")
    assert [(r["date"], r["status"]) for r in timeline] == [("2025-12-01", "mentioned")] * 3 + [
        ("2025-12-01", "closed"), ("2026-02-16", "mentioned"), ("2026-02-16", "mentioned"), ("2026-02-16", "open"),
    ]  # fmt: skip
    assert timeline[3]["quote"] == "Daarmee wordt deze motie als afgedaan beschouwd."
    assert timeline[-1]["quote"].startswith("Om uitvoering aan deze motie te kunnen geven zal het kabinet")
    assert timeline[-1]["letter"] == "Voortgang motie Grinwis c.s. <script>alert('x')</script>"

    disagreeing = rows(reopened_db, "/tracker/disagreeing_letters")
    assert [(r["item"], r["says"], r["letter"], r["current_status"]) for r in disagreeing] == [
        ("kst-31985-95", "closed", "2025D49381", "open"),
        ("kst-31985-95", "open", timeline[-1]["letter"], "open"),
    ]
    assert disagreeing[1]["quote"] == timeline[-1]["quote"]


def test_pages_link_items_kamerstukken_and_letters(reopened_db: Path) -> None:
    status, timeline, closed = fetch(
        reopened_db,
        "/tracker/current_status?kind=motie&status=open",
        "/tracker/item_timeline?item=kst-31985-95",
        "/tracker/moties_closed_since?since=",
    )
    assert status.status_code == timeline.status_code == closed.status_code == 200
    assert '<a href="/tracker/item_timeline?item=kst-31985-95" title="timeline">kst-31985-95</a>' in status.text
    assert 'href="https://zoek.officielebekendmakingen.nl/kst-31985-95.html"' in status.text
    assert 'href="https://zoek.officielebekendmakingen.nl/kst-31985-95.html"' in timeline.text
    assert f'<a href="/tracker/documents/{SEED_000}" title="the letter&#39;s file">2025D49381</a>' in timeline.text
    assert 'href="https://zoek.officielebekendmakingen.nl/kst-2150-02-3258.html"' in closed.text
    assert "kst-2150-02-3258" not in status.text  # closed, so not among the open moties


def test_facets_and_foreign_key_labels(reopened_db: Path) -> None:
    (status,) = fetch(reopened_db, "/tracker/current_status.json?_facet=kind")
    facets = status.json()["facet_results"]
    assert {"kind", "status", "ministry", "dossier"} <= set(facets)
    kinds = {f["value"]: f["count"] for f in facets["kind"]["results"]}
    assert kinds == {"motie": 9, "toezegging": 3}
    (events,) = fetch(
        reopened_db, f"/tracker/events.json?_labels=on&_shape=objects&document_sha256={SEED_000}&status=closed"
    )
    labelled = {(r["item_id"]["label"], r["document_sha256"]["label"]) for r in events.json()["rows"]}
    assert ("Grinwis c.s.", "Verslag Raad Buitenlandse Zaken Handel van 24 november 2025") in labelled


def test_document_text_is_escaped(reopened_db: Path) -> None:
    pages = fetch(
        reopened_db,
        "/tracker/documents",
        "/tracker/disagreeing_letters",
        "/tracker/item_timeline?item=kst-31985-95",
        "/tracker/timeline?item_key=kst-31985-95",
    )
    for page in pages:
        assert page.status_code == 200
        assert "<script>alert(" not in page.text
        assert "&lt;script&gt;alert(" in page.text


def test_serving_never_changes_the_file(reopened_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "served.db"
    shutil.copy(reopened_db, db)
    before = digest(db)
    queries = web.metadata()["databases"]["tracker"]["queries"]
    tables = web.metadata()["databases"]["tracker"]["tables"]
    pages = ["/", "/tracker", *(f"/tracker/{t}" for t in tables), *(f"/tracker/{q}" for q in queries)]
    responses = fetch(db, *pages, "/tracker?sql=delete+from+items", "/tracker?sql=update+items+set+name%3D'x'")
    assert [r.status_code for r in responses[: len(pages)]] == [200] * len(pages)
    assert all(r.status_code == 400 and "Statement must be a SELECT" in r.text for r in responses[-2:])
    assert digest(db) == before

    async def write_through_the_connection() -> str:
        ds = web.make_datasette(db)
        try:
            await ds.get_database("tracker").execute("delete from items")
        except Exception as exc:  # noqa: BLE001 - whatever SQLite says
            return str(exc)
        return "written"

    assert "readonly database" in asyncio.run(write_through_the_connection())
    assert digest(db) == before


def test_letters_stored_while_serving_are_shown(seeds_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    shutil.copy(seeds_db, db)

    async def go() -> tuple[Any, Any]:
        ds = web.make_datasette(db)
        await ds.invoke_startup()
        first = await ds.client.get("/tracker/disagreeing_letters.json")
        ingest(db, REOPENED)
        return first, await ds.client.get("/tracker/disagreeing_letters.json")

    first, second = asyncio.run(go())
    assert first.json()["rows"] == [] and len(second.json()["rows"]) == 2


def test_serve_refuses_an_older_schema_and_leaves_it_unchanged(seeds_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copy(seeds_db, db)
    with sqlite3.connect(db) as conn:
        conn.execute("delete from _sqlite_migrations where name = 'm014_web_views'")
    conn.close()
    before = digest(db)
    result = run(db, "serve")
    assert result.exit_code == 1
    assert "made by an older tracker" in result.stderr and "tracker list --count" in result.stderr
    assert digest(db) == before


def test_serve_without_datasette_says_how_to_install_it(seeds_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "datasette.app", None)  # import fails as if not installed
    result = run(seeds_db, "serve")
    assert result.exit_code == 1 and result.stdout == ""
    assert "pip install 'tracker[web]'" in result.stderr


def test_serve_of_a_missing_database(tmp_path: Path) -> None:
    result = run(tmp_path / "none.db", "serve")
    assert result.exit_code == 1 and "does not exist" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_serve_on_a_port_in_use_says_so(seeds_db: Path) -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = run(seeds_db, "serve", "--port", str(port))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: address 127.0.0.1:{port} is in use; pass --port with another port or --host with another address"
    )
