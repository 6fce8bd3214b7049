"""Identity in the store: which mentions are one item, which files are one letter, what replaced what."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from tests.conftest import CORPUS, ROOT, SEEDS
from tracker.cli import app

runner = CliRunner()
FORMATS = ROOT / "tests" / "formats"
SEED_000 = SEEDS / "000_eb112036e86ee879.txt"
OLD_DATABASE = ROOT / "tests" / "data" / "before_letter_versions.sqlite"

# The opening of a real letter (seed 001) with the paragraphs of two letters about two moties of one member.
HEADER = (SEEDS / "001_d64714fac5e013c7.txt").read_text(encoding="utf-8").split("Datum 13 december 2024")[0]
PENSION = (
    "Datum 2 maart 2026\nBetreft Pensioenakkoord\n\nGeachte voorzitter,\n\n"
    "De motie van het lid Omtzigt over het pensioenakkoord verzoekt de regering de gevolgen voor jongeren in kaart "
    "te brengen. Om uitvoering aan deze motie te kunnen geven zal het kabinet een verkenning starten.\n"
)
ALLOWANCES = (
    "Datum 4 maart 2026\nBetreft Toeslagen\n\nGeachte voorzitter,\n\n"
    "De motie van het lid Omtzigt over de toeslagen verzoekt de regering de terugbetaling te versnellen. "
    "Daarmee wordt deze motie als afgedaan beschouwd.\n"
)
PENSION_NUMBERED = (
    "Datum 9 maart 2026\nBetreft Pensioenakkoord, vervolg\n\nGeachte voorzitter,\n\n"
    "De motie van het lid Omtzigt over het pensioenakkoord (Kamerstuk 32 043, nr. 600) vraagt om een verkenning. "
    "Over de uitkomsten zal ik uw Kamer later dit jaar informeren.\n"
)


def run(db: Path, *args: str) -> Any:
    result = runner.invoke(app, ["--db", str(db), *args])
    assert "Traceback" not in result.stderr, result.stderr
    return result


def rows(db: Path, *args: str) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in json.loads(run(db, "list", "--format", "json", *args).stdout)}


def letter(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def query(db: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def test_two_moties_of_one_member_stay_two_in_either_order(tmp_path: Path) -> None:
    a, b = letter(tmp_path, "a.txt", PENSION), letter(tmp_path, "b.txt", ALLOWANCES)
    for order, db in (((a, b), tmp_path / "ab.db"), ((b, a), tmp_path / "ba.db")):
        assert run(db, "ingest", *map(str, order)).exit_code == 0
        found = rows(db)
        assert {k: r["status"] for k, r in found.items()} == {
            "motie-omtzigt-pensioenakkoord": "open",
            "motie-omtzigt-toeslagen": "closed",
        }


def test_a_named_motie_joins_the_one_numbered_motie_of_its_indieners_and_subject(tmp_path: Path) -> None:
    a, numbered = letter(tmp_path, "a.txt", PENSION), letter(tmp_path, "c.txt", PENSION_NUMBERED)
    for order, db in (((a, numbered), tmp_path / "an.db"), ((numbered, a), tmp_path / "na.db")):
        run(db, "ingest", *map(str, order))
        found = rows(db)
        assert set(found) == {"kst-32043-600"}
        shown = json.loads(run(db, "show", "motie-omtzigt-pensioenakkoord", "--format", "json").stdout)
        assert shown["id"] == "kst-32043-600" and len({e["document"] for e in shown["timeline"]}) == 2


def test_a_name_without_subject_joins_nothing_in_another_letter(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    bare = letter(tmp_path, "d.txt", ALLOWANCES.replace(" over de toeslagen", ""))
    run(db, "ingest", str(letter(tmp_path, "a.txt", PENSION)), str(bare))
    found = rows(db)
    assert found["motie-omtzigt-pensioenakkoord"]["status"] == "open"  # the closure did not travel
    assert [r["status"] for k, r in found.items() if k.startswith("motie-omtzigt-") and k[-1].isdigit()] == ["closed"]


def test_a_corrected_letter_replaces_its_earlier_version(tmp_path: Path) -> None:
    db, path = tmp_path / "t.db", tmp_path / "verslag.txt"
    text = SEED_000.read_text(encoding="utf-8")
    closing = "Daarmee wordt deze motie als afgedaan beschouwd."
    assert text.count(closing) == 2  # Grinwis c.s. first, then De Korte
    path.write_text(text, encoding="utf-8")
    run(db, "ingest", str(path))
    assert rows(db)["kst-31985-95"]["status"] == "closed"
    path.write_text(
        text.replace(closing, "Daarmee wordt deze motie nog niet als afgedaan beschouwd.", 1), encoding="utf-8"
    )
    result = run(db, "ingest", str(path))
    assert "replaces the earlier version of letter L1" in result.stderr
    after = rows(db)
    assert (after["kst-31985-95"]["status"], after["kst-2150-02-3258"]["status"]) == ("open", "closed")
    assert query(db, "select count(*) from letters") == [(1,)]
    assert query(db, "select count(*) from documents where superseded_at is null") == [(1,)]
    assert query(db, "select count(*) from event_history where status = 'closed'")[0][0] >= 1  # the old version is kept
    timeline = json.loads(run(db, "show", "kst-31985-95", "--format", "json").stdout)["timeline"]
    assert not any(e["status"] == "closed" for e in timeline)


def test_another_letter_under_the_same_name_is_a_letter_of_its_own(tmp_path: Path) -> None:
    db, path = tmp_path / "t.db", tmp_path / "brief.txt"
    path.write_text((CORPUS / "001_vreemdelingen-motie-voordewind.txt").read_text(encoding="utf-8"), encoding="utf-8")
    run(db, "ingest", str(path))
    first = set(rows(db))
    path.write_text((CORPUS / "010_deltafonds-uitstel-motie-geurts.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert "replaces" not in run(db, "ingest", str(path)).stderr
    assert query(db, "select count(*) from letters") == [(2,)]
    assert first < set(rows(db))


def test_one_letter_in_four_formats_gives_each_event_once(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    run(db, "ingest", str(SEEDS))
    before = {key: json.loads(run(db, "show", key, "--format", "json").stdout) for key in rows(db)}
    result = run(db, "ingest", str(FORMATS))
    assert result.exit_code == 0, result.stderr
    assert query(db, "select count(*) from letters") == [(5,)]
    files = sorted(FORMATS.glob("*.*"))
    assert query(db, "select count(*) from documents") == [(5 + len(files),)]
    after = rows(db)
    assert set(after) == set(before)
    mentions: dict[str, int] = {}  # per item, the mentions in the files that are now current
    for (path,) in query(db, "select path from documents where superseded_at is null"):
        extracted = json.loads(runner.invoke(app, ["extract", path, "--explain"]).stdout)
        for item in extracted["items"]:
            mentions[item["id"]] = mentions.get(item["id"], 0) + len(item["explain"]["mentions"])
    for key, shown in before.items():
        now = json.loads(run(db, "show", key, "--format", "json").stdout)
        assert now["status"] == shown["status"], key
        assert len(now["timeline"]) == mentions[key] <= len(shown["timeline"]), key
        assert len({e["document_path"] for e in now["timeline"]}) == 1, key
    # the web page of seed 001 has no kenmerk: it is the same letter by date, title and text
    web = query(db, "select letter_id from documents where path like '%001_d64714fac5e013c7.html'")
    assert web == query(db, "select letter_id from documents where path like '%001_d64714fac5e013c7.txt'")
    assert f"0 ingested, {len(files)} unchanged" in run(db, "ingest", str(FORMATS)).stderr


def test_unnumbered_toezeggingen_keep_their_words_and_deadline(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    promise = tmp_path / "prorail.txt"
    # Kamerstuk 29 984, nr. 622 (8 October 2015), as published
    promise.write_text(
        "29 984 Spoor: vervoer- en beheerplan\n\nNr. 622 BRIEF VAN DE STAATSSECRETARIS VAN INFRASTRUCTUUR EN MILIEU\n\n"
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 8 oktober 2015\n\n"
        "Tijdens het Algemeen Overleg ProRail van 10 september 2015 heb ik toegezegd uw Kamer binnen 4 weken een brief "
        "te sturen over de stand van zaken van grote stationsprojecten van ProRail.\n",
        encoding="utf-8",
    )
    run(db, "ingest", str(CORPUS / "004_toezeggingen-financien-decentrale-overheden.txt"), str(promise))
    found = rows(db, "--kind", "toezegging", "--as-of", "2025-01-01")
    texts = {r["text"] for r in found.values()}
    assert "Het Integraal Overzicht Financiën gemeentes en provincies 2024." in texts
    assert len(texts) == 5 and all(texts)
    for key, row in found.items():  # an id made of the promise's own words, not a hash
        words = key.split("-")[2:]
        assert len(words) >= 3 and all(w in row["text"].lower().replace("ë", "e") for w in words), key
    prorail = next(r for r in found.values() if "ProRail" in r["text"])
    assert (prorail["deadline"], prorail["deadline_phrase"]) == ("2015-11-05", "binnen 4 weken")
    assert prorail["overdue"] and prorail["id"] == "tz-2-uw-kamer-binnen-4-weken-brief"
    shown = run(db, "show", prorail["id"]).stdout
    assert "binnen 4 weken een brief" in shown
    export = run(db, "export", "--as-of", "2025-01-01").stdout
    assert "Een lijst van de specifieke uitkeringen die vanaf 2026 doorlopen." in export
    report = run(db, "report", "--as-of", "2025-01-01", "--format", "markdown").stdout
    assert f"| {prorail['id']} | toezegging | 2015-11-05 | binnen 4 weken | uw Kamer binnen 4 weken een brief" in report


def test_migration_keeps_corrections_and_rereads_old_letters(tmp_path: Path) -> None:
    """A database written before letters had versions: seeds, seed 000 again as .docx, the two Omtzigt
    letters (then one item `motie-omtzigt`), corpus letter 004, and two corrections by hand."""
    db = tmp_path / "old.db"
    shutil.copy(OLD_DATABASE, db)
    assert query(db, "select count(*) from documents") == [(9,)]
    found = rows(db)
    assert found["kst-36600-IV-22"]["status"] == "closed"  # the correction
    assert query(db, "select count(*) from letters") == [(8,)]  # seed 000 twice is one letter
    shown = json.loads(run(db, "show", "kst-31985-95", "--format", "json").stdout)
    assert [e["status"] for e in shown["timeline"]].count("closed") == 1
    # letters stored before are read again under the identity rules when ingested
    a, b = letter(tmp_path, "a.txt", PENSION), letter(tmp_path, "b.txt", ALLOWANCES)
    old_paths = {p: sha for p, sha in query(db, "select path, sha256 from documents")}
    assert {Path(p).name for p in old_paths} >= {"a.txt", "b.txt"}
    run(db, "ingest", str(a), str(b))
    found = rows(db)
    assert found["motie-omtzigt-pensioenakkoord"]["status"] == "open"
    assert found["motie-omtzigt-toeslagen"]["status"] == "closed"
    manual = query(db, "select item_id, status, note, author from events where source = 'manual' order by id")
    assert manual == [
        ("kst-36600-IV-22", "closed", "Strategie verstuurd", "griffier"),
        ("motie-omtzigt", "open", "pensioenmotie loopt nog", "griffier"),
    ]


def backdate_arrival(db: Path, days: int) -> None:
    """Make everything stored so far look as if it arrived `days` ago."""
    then = (datetime.now(UTC) - timedelta(days=days)).replace(microsecond=0).isoformat()
    with sqlite3.connect(db) as conn:
        conn.execute("update events set recorded_at = ?", [then])
        conn.execute("update letters set ingested_at = ?, first_ingested_at = ?", [then, then])
        conn.execute("update documents set ingested_at = ?", [then])


def test_a_late_letter_is_in_the_weekly_report(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    run(db, "ingest", str(SEEDS / "000_eb112036e86ee879.txt"))
    backdate_arrival(db, 30)  # stored a month ago
    late = SEEDS / "003_deee28364741ce25.txt"  # dated 8 November 2022, arrives only now
    run(db, "ingest", str(late))
    week_ago = (date.today() - timedelta(days=7)).isoformat()
    data = json.loads(run(db, "report", "--since", week_ago, "--format", "json").stdout)
    assert [letter["reference"] for letter in data["letters"]] == ["BZDOC-1239418757-71"]
    assert {c["id"]: c["change"] for c in data["changes"]} == {
        "kst-35925-V-97": "new", "kst-36200-129": "new", "kst-21501-02-2531": "new",
    }  # fmt: skip
    text = run(db, "report", "--since", week_ago).stdout
    assert f"Letters stored since {week_ago} (by arrival, whatever their date)" in text
    assert f"Changed in the store since {week_ago}" in text
    changed = rows(db, "--changed-since", week_ago)
    assert set(changed) == {"kst-35925-V-97", "kst-36200-129", "kst-21501-02-2531"}
    assert set(rows(db, "--since", "2022-01-01", "--until", "2022-12-31")) == set(changed)  # letter dates still work
    # a corrected letter arriving this week shows its motie as reopened
    corrected = tmp_path / "000.txt"
    text_000 = (SEEDS / "000_eb112036e86ee879.txt").read_text(encoding="utf-8")
    corrected.write_text(
        text_000.replace("Daarmee wordt deze motie als afgedaan", "Daarmee wordt deze motie nog niet als afgedaan", 1),
        encoding="utf-8",
    )
    run(db, "ingest", str(corrected))
    data = json.loads(run(db, "report", "--since", week_ago, "--format", "json").stdout)
    changes = {c["id"]: c["change"] for c in data["changes"]}
    assert changes["kst-31985-95"] == "open" and "kst-2150-02-3258" not in changes
    assert {letter["state"] for letter in data["letters"]} == {"new", "new version"}


def test_letters_since_tells_new_letters_from_new_versions(tmp_path: Path) -> None:
    """`letters --since` gives each letter's state as `report --since` does: new, a new version of a
    letter stored before, or forgotten; without --since a letter is stored or forgotten."""
    db = tmp_path / "t.db"
    run(db, "ingest", str(SEED_000), str(SEEDS / "001_d64714fac5e013c7.txt"))
    backdate_arrival(db, 30)
    corrected = tmp_path / "000.txt"
    corrected.write_text(SEED_000.read_text(encoding="utf-8") + "\nMet vriendelijke groet,\n", encoding="utf-8")
    run(db, "ingest", str(corrected), str(SEEDS / "003_deee28364741ce25.txt"), str(SEEDS / "004_869d32280b3c1c42.txt"))
    assert run(db, "forget", "L4").exit_code == 0
    week_ago = (date.today() - timedelta(days=7)).isoformat()

    def states(*args: str) -> dict[str, str]:
        return {letter["id"]: letter["state"] for letter in json.loads(run(db, *args, "--format", "json").stdout)}

    stored = query(db, "select * from letters order by id")
    expected = {"L1": "new version", "L3": "new", "L4": "forgotten"}
    assert states("letters", "--since", week_ago) == expected
    report = json.loads(run(db, "report", "--since", week_ago, "--format", "json").stdout)
    assert {letter["id"]: letter["state"] for letter in report["letters"]} == expected
    assert states("letters") == {"L1": "stored", "L2": "stored", "L3": "stored", "L4": "forgotten"}
    table = run(db, "letters", "--since", week_ago).stdout
    assert "new version" in table and "forgotten" in table
    assert query(db, "select * from letters order by id") == stored  # listing only reads


def test_link_by_hand_is_recorded_undone_and_survives_reingest(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    bare = letter(tmp_path, "d.txt", ALLOWANCES.replace(" over de toeslagen", ""))
    a = letter(tmp_path, "a.txt", PENSION)
    run(db, "ingest", str(a), str(bare))
    scoped = next(k for k in rows(db) if k != "motie-omtzigt-pensioenakkoord")
    assert run(db, "link", scoped, "motie-omtzigt-pensioenakkoord").exit_code == 2  # a note is required
    result = run(db, "link", scoped, "motie-omtzigt-pensioenakkoord", "--note", "zelfde motie, zie Handelingen")
    assert result.exit_code == 0, result.stderr
    found = rows(db)
    assert (
        set(found) == {"motie-omtzigt-pensioenakkoord"} and found["motie-omtzigt-pensioenakkoord"]["status"] == "closed"
    )
    shown = run(db, "show", scoped).stdout
    assert "motie-omtzigt-pensioenakkoord" in shown and "zelfde motie, zie Handelingen" in shown
    # the link holds when the letters are read again (a corrected letter, too)
    bare.write_text(bare.read_text(encoding="utf-8") + "\nMet vriendelijke groet,\n", encoding="utf-8")
    run(db, "ingest", str(a), str(bare))
    assert set(rows(db)) == {"motie-omtzigt-pensioenakkoord"}
    assert run(db, "link", scoped, "motie-omtzigt-pensioenakkoord", "--note", "x").exit_code == 1  # one item already
    assert run(db, "link", scoped, "motie-omtzigt-pensioenakkoord", "--undo").exit_code == 0
    assert {k: r["status"] for k, r in rows(db).items()} == {"motie-omtzigt-pensioenakkoord": "open", scoped: "closed"}
    assert query(db, "select count(*) from item_links where undone_at is not null") == [(1,)]


def test_a_numbered_item_is_the_one_kept_by_a_link(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    run(db, "ingest", str(SEED_000), str(letter(tmp_path, "a.txt", PENSION)))
    run(db, "link", "kst-31985-95", "motie-omtzigt-pensioenakkoord", "--note", "zelfde")
    assert "motie-omtzigt-pensioenakkoord" not in rows(db) and "kst-31985-95" in rows(db)


def test_letters_lists_versions_and_forget_keeps_corrections(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    run(db, "ingest", str(SEEDS), str(FORMATS / "000_eb112036e86ee879.docx"))
    listed = json.loads(run(db, "letters", "--format", "json").stdout)
    assert len(listed) == 5
    verslag = next(x for x in listed if x["reference"] == "2025D49381")
    assert verslag["file_count"] == 2 and verslag["items"] == 4
    assert [f["superseded_at"] is None for f in verslag["files"]] == [False, True]
    run(
        db,
        "set-status",
        "kst-31985-95",
        "open",
        "--note",
        "Nog niet uitgevoerd volgens de griffie",
        "--date",
        "2025-12-02",
    )
    result = run(db, "forget", "2025D49381")
    assert result.exit_code == 0 and "10 events taken out" in result.stderr
    found = rows(db)
    assert set(found) == {k for k in found if not k.startswith(("TZ202511", "kst-2150-02"))}
    assert found["kst-31985-95"]["status"] == "open" and found["kst-31985-95"]["last_document"] == "manual"
    assert "was forgotten" in run(db, "ingest", str(SEED_000)).stderr  # stays forgotten
    assert "kst-2150-02-3258" not in rows(db)
    assert run(db, "forget", verslag["id"], "--undo").exit_code == 0
    found = rows(db)
    assert found["kst-2150-02-3258"]["status"] == "closed" and found["kst-31985-95"]["status"] == "open"
    assert run(db, "forget", "no-such-letter").exit_code == 1


def test_a_title_cut_off_elsewhere_is_the_same_subject() -> None:
    from tracker.pipeline.identity import same_subject

    long = "vastleggen concreet toetsbare indicatoren maatregelen ministeriële regelingen motie"
    assert same_subject(long, "vastleggen concreet toetsbare indicatoren maatregelen ministeriële regelingen")
    assert not same_subject("zorg", "zorg ouderen")  # a short subject must be the same
    assert not same_subject("pensioenakkoord", "toeslagen")


def test_a_motie_page_title_glued_to_its_text_is_the_numbered_motie() -> None:
    from tracker.pipeline.extract import extract_file, to_json

    items = to_json(extract_file(CORPUS / "added" / "306_ek-motie-van-hattem-35526-I-niet-uitgevoerd.txt"))["items"]
    assert [(i["dossier"], i["ondernummer"], i["status"]) for i in items if i["kind"] == "motie"] == [
        ("35526", "I", "mentioned")  # open: nothing closes it
    ]


def test_the_quick_comparison_of_sketches_decides_as_the_full_one() -> None:
    from tracker.pipeline.extract import extract_document
    from tracker.pipeline.identity import SAME_TEXT, fingerprint, repeats_text, resemblance
    from tracker.pipeline.load import load_document
    from tracker.rules import load_rules

    files = sorted((ROOT / "tests" / "formats").iterdir())[:24] + sorted(SEEDS.glob("*.txt"))
    rules = load_rules()
    sketches = [fingerprint(extract_document(load_document(path), rules).normalised.body) for path in files]
    hashes = sketches[0].split()
    sketches.append(" ".join(hashes[:20]))  # a short letter: fewer hashes than a sketch holds
    for kept in range(0, len(hashes) + 1, 3):  # letters sharing ever more with the first, around SAME_TEXT
        for other in ("0000{:04x}", "ffff{:04x}"):  # the hashes not shared sort before or after the shared
            sketches.append(" ".join(sorted(hashes[:kept] + [other.format(i) for i in range(len(hashes) - kept)])))
    decided = [
        (resemblance(a, b) >= SAME_TEXT, repeats_text(set(a.split()), b)) for a in sketches for b in sketches
    ]
    assert all(full == quick for full, quick in decided)
    assert 0 < sum(full for full, _ in decided) < len(decided)  # both outcomes occur
