"""Stages one by one: loading, footnotes, status scope, deadlines."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tracker.pipeline.deadlines import find_deadline
from tracker.pipeline.extract import extract_document, to_json
from tracker.pipeline.load import LoadError, load_bytes, load_document
from tracker.pipeline.metadata import read_metadata
from tracker.pipeline.model import NormalisedText
from tracker.pipeline.normalise import normalise
from tracker.pipeline.sentences import split_sentences
from tracker.rules import RuleError, _cache_file, load_rules


def extract_text(text: str) -> dict:
    return to_json(extract_document(load_bytes(text.encode("utf-8"), "brief.txt", ".txt")))


def statuses(text: str) -> dict:
    return {(i["id"] or i["name"] or i["quote"]): i["status"] for i in extract_text(text)["items"]}


# --- loading ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Financiën en één motie".encode("utf-8-sig"), "Financiën en één motie"),
        ("Financiën en één motie".encode("utf-16"), "Financiën en één motie"),
        ("Financiën en één motie".encode("utf-16-le"), "Financiën en één motie"),
        ("Financiën en één motie".encode("cp1252"), "Financiën en één motie"),
        ("Financiën\r\nen één\rmotie".encode(), "Financiën\nen één\nmotie"),
        ("Financiën\r\nen één\rmotie".encode("utf-16"), "Financiën\nen één\nmotie"),
    ],
)
def test_encodings_are_detected(data: bytes, expected: str) -> None:
    assert load_bytes(data, "x.txt", ".txt").text.strip() == expected


def test_html_page_without_navigation() -> None:
    page = (
        "<html><head><title>t</title><script>var x = '[menu]';</script></head><body><nav>Home | Zoeken</nav>"
        "<p>Daarmee beantwoord ik tevens de motie van het lid De Lange<sup>1</sup>.</p>"
        "<p><sup>1</sup> Kamerstuk 24 515, nr. 431</p></body></html>"
    )
    doc = load_bytes(page.encode(), "brief.html", ".html")
    assert "Zoeken" not in doc.text and "menu" not in doc.text
    items = to_json(extract_document(doc))["items"]
    assert [(i["id"], i["status"]) for i in items] == [("kst-24515-431", "closed")]


def test_binary_and_empty_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="binary"):
        load_bytes(b"\x00\x01\x02\x03" * 500, "x.txt", ".txt")
    with pytest.raises(LoadError, match="empty"):
        load_bytes(b"  \n", "x.txt", ".txt")
    with pytest.raises(LoadError, match="no such file"):
        load_document(tmp_path / "absent.txt")
    (tmp_path / "map.txt").mkdir()
    with pytest.raises(LoadError, match="is a folder"):
        load_document(tmp_path / "map.txt")


# --- footnotes -------------------------------------------------------------------------------


def test_footnote_styles_of_the_seeds() -> None:
    styles = {p.name[:3]: normalise(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))}
    assert styles["000"].note_style == "endnotes" and len(styles["000"].notes) == 18
    assert styles["001"].note_style == "superscript" and styles["001"].notes[4].text == ""
    assert styles["002"].note_style == "endnotes" and styles["002"].notes[10].text == "Kamerstuk 35 925 V, nr. 84"
    assert styles["003"].note_style == "sup" and "voor het einde van het jaar" in styles["003"].notes[25].text
    assert styles["004"].note_style == "word-export" and sorted(styles["004"].notes) == [2, 3]
    for normalised in styles.values():
        assert "Onze Referentie" not in normalised.body
        assert [m.number for m in normalised.markers] == sorted(m.number for m in normalised.markers)


def test_markers_glued_to_words_and_years() -> None:
    text = "De motie Grinwis c.s.1 en (CU)2 over artikel 11.1 van het Belastingplan 20153 en de wet.\n\n1. Een.↩︎\n\n2. Twee.↩︎\n\n3. Drie.↩︎\n"
    normalised = normalise(text)
    assert "Belastingplan 2015 en" in normalised.body and "c.s. en" in normalised.body
    assert "artikel 11.1" in normalised.body
    assert sorted(m.number for m in normalised.markers) == [1, 2, 3]


@pytest.mark.parametrize(
    ("markers", "notes", "style"),
    [
        (("[^1]", "[^2]"), "[^1]: Kamerstuk 36 100, nr. 5\n[^2]: Kamerstuk 36 100,\n    nr. 6\n", "markdown"),
        (("[1]", "[2]"), "[1] Kamerstuk 36 100, nr. 5\n[2] Kamerstuk 36 100,\nnr. 6\n", "brackets"),
    ],
)
def test_markdown_and_bracket_footnotes(markers: tuple[str, str], notes: str, style: str) -> None:
    text = f"De motie Jansen{markers[0]} en de motie Pietersen.{markers[1]}\n\n{notes}"
    normalised = normalise(text)
    assert normalised.note_style == style
    assert normalised.body == "De motie Jansen en de motie Pietersen."
    assert {n: note.text for n, note in normalised.notes.items()} == {
        1: "Kamerstuk 36 100, nr. 5",
        2: "Kamerstuk 36 100, nr. 6",
    }
    assert [item["id"] for item in extract_text(text)["items"]] == ["kst-36100-5", "kst-36100-6"]


def test_notes_at_page_bottoms_of_a_pdf_saved_as_text() -> None:
    text = (
        "1 Inleiding\n\nMet deze brief geef ik invulling aan de motie van het lid Jansen1 en aan de motie "
        "Pietersen c.s.2 over de zorg.\n\n1 Kamerstuk 36 100, nr. 5\n2 Kamerstuk 36 100, nr. 6\n\n"
        "2 Uitvoering\n\nHet kabinet is begonnen.\n"
    )
    normalised = normalise(text)
    assert normalised.note_style == "page-bottom"
    assert {n: note.text for n, note in normalised.notes.items()} == {
        1: "Kamerstuk 36 100, nr. 5",
        2: "Kamerstuk 36 100, nr. 6",
    }
    assert "1 Inleiding" in normalised.body and "2 Uitvoering" in normalised.body
    assert "Jansen en" in normalised.body and "Kamerstuk" not in normalised.body
    assert statuses(text) == {"kst-36100-5": "closed", "kst-36100-6": "closed"}


def test_a_list_in_brackets_is_no_footnotes() -> None:
    text = "Drie punten:\n\n[1] de planning\n[2] de kosten\n[3] de risico's\n"
    normalised = normalise(text)
    assert normalised.note_style == "none" and "[2] de kosten" in normalised.body


def test_motie_cited_twice_is_one_item() -> None:
    items = to_json(extract_document(load_document(SEEDS / "003_deee28364741ce25.txt")))["items"]
    assert [i["id"] for i in items].count("kst-35925-V-97") == 1
    assert next(i for i in items if i["id"] == "kst-35925-V-97")["name"] == "Brekelmans/Mulder"


# --- status scope ----------------------------------------------------------------------------


def test_closing_phrase_closes_the_motie_of_its_section_only() -> None:
    text = (
        "Uitvoering motie Jansen\n\nMiddels deze brief wordt ingegaan op de motie Jansen (Kamerstuk 36 100, nr. 5). "
        "Het kabinet heeft veel gedaan.\n\nDaarmee wordt deze motie als afgedaan beschouwd.\n\n"
        "Overige moties\n\nDe motie Pietersen (Kamerstuk 36 100, nr. 6) wordt betrokken bij de evaluatie.\n"
    )
    assert statuses(text) == {"kst-36100-5": "closed", "kst-36100-6": "mentioned"}


def test_ambiguous_closing_phrase_closes_nothing() -> None:
    text = (
        "Met deze brief ga ik in op de motie Jansen (Kamerstuk 36 100, nr. 5) en de motie Pietersen (Kamerstuk 36 100, nr. 6). "
        "Het kabinet heeft veel gedaan.\n\nDaarmee wordt deze motie als afgedaan beschouwd.\n"
    )
    out = extract_text(text)
    assert {i["status"] for i in out["items"]} == {"mentioned"}
    assert any("not tied to exactly one item" in w for w in out["warnings"])


def test_announced_follow_up_keeps_the_motie_open() -> None:
    text = "Hiermee geef ik invulling aan de motie van het lid Jansen (Kamerstuk 36 100, nr. 5). Over de uitkomsten bericht ik uw Kamer voor de zomer.\n"
    assert statuses(text) == {"kst-36100-5": "open"}


def test_several_items_closed_by_one_sentence() -> None:
    text = (
        "Met dit verslag wordt tevens voldaan aan de toezegging om een terugkoppeling te geven van de reis naar Armenië, "
        "de motie van het lid Jansen (Kamerstuk 36 100, nr. 5) en de toezegging aan het lid Pietersen (TZ202601-003).\n"
    )
    found = statuses(text)
    assert found["kst-36100-5"] == "closed" and found["TZ202601-003"] == "closed"
    assert sum(1 for s in found.values() if s == "closed") == 3


def test_motie_in_uitvoering_in_a_subordinate_clause_is_open() -> None:
    text = "Over de motie-Omtzigt (Kamerstuk 21 501-20, nr. 2001) kan ik melden dat deze motie in uitvoering is.\n"
    assert statuses(text) == {"kst-21501-20-2001": "open"}


def test_a_plural_heading_is_no_toezegging() -> None:
    """ "Toezeggingen" over a section labels it; the toezegging is the one its text names."""
    text = (
        "Toezeggingen\n\nTijdens het commissiedebat heb ik toegezegd uw Kamer te informeren (TZ202610-011). "
        "Hierbij doe ik de toezegging gestand.\n\n"
        "Toezegging gedaan tijdens het commissiedebat over de beslisnota\n\nDe beslisnota is bijgevoegd.\n"
    )
    items = extract_text(text)["items"]
    assert [(i["id"], i["quote"], i["status"]) for i in items] == [
        (
            "TZ202610-011",
            "Tijdens het commissiedebat heb ik toegezegd uw Kamer te informeren (TZ202610-011).",
            "closed",
        ),
        (None, "Toezegging gedaan tijdens het commissiedebat over de beslisnota", "closed"),
    ]


def test_status_labels_in_a_flattened_annex_and_in_prose() -> None:
    """A status label right after the motie in a flattened annex row closes it; the same word
    opening a sentence of prose closes nothing, and a label in a row of two moties neither."""
    annex = "Verzoekt de regering een plan te maken.36 410 XIV, nr. 47, Motie Van der PlasUitgevoerd.\n"
    assert statuses(annex) == {"kst-36410-XIV-47": "closed"}
    prose = "De motie Jansen (Kamerstuk 36 100, nr. 5) vraagt om een onderzoek. Uitgevoerd wordt een verkenning.\n"
    assert statuses(prose) == {"kst-36100-5": "mentioned"}
    two = "Motie Jansen (Kamerstuk 36 100, nr. 5) en motie Pietersen (Kamerstuk 36 100, nr. 6). Afgedaan.\n"
    assert set(statuses(two).values()) == {"mentioned"}


def test_negated_closing_phrase_closes_nothing() -> None:
    assert statuses("De motie Jansen (Kamerstuk 36 100, nr. 5) wordt nog niet als afgedaan beschouwd.\n") == {
        "kst-36100-5": "mentioned"
    }
    assert statuses("Hiermee geef ik geen invulling aan de motie Jansen (Kamerstuk 36 100, nr. 5).\n") == {
        "kst-36100-5": "mentioned"
    }
    assert statuses("Hiermee is de motie Jansen (Kamerstuk 36 100, nr. 5) deels uitgevoerd.\n") == {
        "kst-36100-5": "mentioned"
    }
    # "niet alleen" is no negation
    closing = (
        "Hiermee geef ik niet alleen invulling aan de motie Jansen (Kamerstuk 36 100, nr. 5), maar ook aan de wet.\n"
    )
    assert statuses(closing) == {"kst-36100-5": "closed"}


def test_closing_phrase_that_names_the_motie() -> None:
    text = "De motie Van Dijk (Kamerstuk 36 200 XV, nr. 7) vraagt om een rapport. Hiermee beschouw ik de motie Van Dijk c.s. als afgedaan.\n"
    assert statuses(text) == {"kst-36200-XV-7": "closed"}


def test_motie_named_only_by_its_footnote() -> None:
    text = (
        "De door de leden Bikker en Ceder ingediende motie3 vraagt om een evaluatie. Deze motie wordt uitgevoerd.\n\n"
        "3. Kamerstukken II 2024/25, 36 600 XVI, nr. 55 ↩︎\n"
    )
    assert statuses(text) == {"kst-36600-XVI-55": "open"}
    # the kamerstuk after a bare "motie" is the letter's
    letter = "De brief inzake de reactie op de motie over letselschade (Kamerstuk 35 026, nr. 75) is ontvangen.\n"
    assert extract_text(letter)["items"] == []


def test_toezeggingen_told_as_made() -> None:
    """ "heb ik toegezegd" and "De minister zegt toe" name a toezegging; one made by the European
    Commission is none, and a footnote with a register number describes that numbered one."""
    text = (
        "Tijdens het debat van 3 oktober heb ik uw Kamer toegezegd een overzicht te sturen van de subsidies. "
        "Met deze brief kom ik die toezegging na.\n\n"
        "In het commissiedebat heb ik toegezegd om uw Kamer te informeren over de stand van zaken; dat doe ik met deze brief.\n\n"
        "De minister zegt toe de Kamer voor de zomer te informeren over de evaluatie.\n\n"
        "De Europese Commissie zegt toe een voorstel te doen.\n\n"
        "Ook de evaluatie komt er.1\n\n"
        "1. De staatssecretaris zegt toe terug te komen op de evaluatie. TZ202511-005. ↩︎\n"
    )
    items = {(i["id"], i["status"], i["quote"][:40]) for i in extract_text(text)["items"] if i["kind"] == "toezegging"}
    assert items == {
        (None, "closed", "Tijdens het debat van 3 oktober heb ik u"),
        (None, "closed", "In het commissiedebat heb ik toegezegd o"),
        (None, "mentioned", "De minister zegt toe de Kamer voor de zo"),
        ("TZ202511-005", "mentioned", "Ook de evaluatie komt er."),
    }


def test_more_closing_phrases_and_a_list_of_moties_with_their_kamerstukken() -> None:
    text = (
        "Met deze brief voldoe ik aan de motie Jansen (Kamerstuk 36 100, nr. 5).\n\n"
        "Hiermee is de motie Pietersen (Kamerstuk 36 100, nr. 6) uitgevoerd.\n\n"
        "Met deze brief geef ik invulling aan de moties Van Dijk (Kamerstuk 36 100, nr. 7) en De Vries (Kamerstuk 36 100, nr. 8).\n\n"
        "Met deze brief informeer ik uw Kamer over de uitvoering van de motie Bakker (Kamerstuk 36 100, nr. 9).\n"
    )
    assert statuses(text) == {
        "kst-36100-5": "closed",
        "kst-36100-6": "closed",
        "kst-36100-7": "closed",
        "kst-36100-8": "closed",
        "kst-36100-9": "mentioned",
    }


def test_closing_phrase_closes_its_own_clause_only() -> None:
    text = (
        "Met deze brief geef ik invulling aan de motie van het lid Jansen (Kamerstuk 36 100, nr. 5) "
        "en informeer ik u over de motie Pietersen (Kamerstuk 36 100, nr. 6).\n"
    )
    assert statuses(text) == {"kst-36100-5": "closed", "kst-36100-6": "mentioned"}
    text = (
        "Ik heb de motie Jansen (Kamerstuk 36 100, nr. 5) gelezen, en hiermee beschouw ik de motie Pietersen "
        "(Kamerstuk 36 100, nr. 6) als afgedaan.\n"
    )
    assert statuses(text) == {"kst-36100-5": "mentioned", "kst-36100-6": "closed"}
    listed = "De motie Jansen (Kamerstuk 36 100, nr. 5) en de motie Pietersen (Kamerstuk 36 100, nr. 6) worden hiermee als afgedaan beschouwd.\n"
    assert statuses(listed) == {"kst-36100-5": "closed", "kst-36100-6": "closed"}
    object_first = "De motie Jansen (Kamerstuk 36 100, nr. 5) beschouw ik hiermee als afgedaan.\n"
    assert statuses(object_first) == {"kst-36100-5": "closed"}


def test_motie_text_and_amendments_are_not_items() -> None:
    text = (
        "De Kamer, gehoord de beraadslaging, verzoekt de regering voor de zomer een plan te sturen.\n\n"
        "Het amendement Van Dijk is aangenomen. De gemeenteraad nam een motie aan over de bibliotheek.\n"
    )
    assert extract_text(text)["items"] == []


def test_eerste_kamer_numbers_stay_apart_from_tz_ids() -> None:
    items = extract_text("Hierbij doe ik de toezegging T01970 (toezegging aan het lid Van Dijk) gestand.\n")["items"]
    assert [(i["kind"], i["id"], i.get("ek_nummer"), i["status"]) for i in items] == [
        ("toezegging", None, "T01970", "closed")
    ]


def test_eerste_kamer_numbers_in_brackets_after_the_toezegging() -> None:
    text = (
        "Tijdens de plenaire behandeling heb ik de Eerste Kamer toegezegd de evaluatie voor 1 juli te sturen (T03456). "
        "Met deze brief doe ik deze toezegging gestand.\n\n"
        "Met deze brief wordt tevens voldaan aan toezegging T03123 over de monitoring.\n\n"
        "De toezegging aan het lid Van Hattem (T03200) wordt in het najaar afgedaan; ik zal u dan informeren.\n"
    )
    items = extract_text(text)["items"]
    assert [(i["ek_nummer"], i["status"]) for i in items] == [
        ("T03456", "closed"),
        ("T03123", "closed"),
        ("T03200", "open"),
    ]


# --- deadlines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "letter", "due"),
    [
        ("De minister zal de Kamer voor de zomer informeren", date(2025, 11, 21), date(2026, 7, 1)),
        ("voor de zomer van 2026", date(2024, 1, 5), date(2026, 7, 1)),
        ("voor het einde van het jaar", date(2025, 3, 1), date(2025, 12, 31)),
        ("voor de begrotingsbehandeling", date(2025, 3, 1), date(2025, 10, 1)),
        ("in het eerste kwartaal van 2026", date(2025, 11, 21), date(2026, 3, 31)),
        ("voor 1 april", date(2025, 11, 21), date(2026, 4, 1)),
        ("voor 1 april", date(2025, 2, 1), date(2025, 4, 1)),
        ("binnen drie weken", date(2025, 11, 21), date(2025, 12, 12)),
        ("na het zomerreces", date(2025, 5, 1), date(2025, 9, 30)),
        ("jaarlijks rapporteren", date(2025, 5, 1), date(2026, 5, 1)),
    ],
)
def test_deadline_phrases(phrase: str, letter: date, due: date) -> None:
    deadline = find_deadline(phrase, letter, load_rules())
    assert deadline is not None and deadline.due == due


@pytest.mark.parametrize(
    ("phrase", "letter", "due"),
    [
        ("Ik zeg toe u vóór de zomer te informeren", date(2025, 11, 3), date(2026, 7, 1)),
        ("Na de zomer stuur ik u de evaluatie", date(2025, 11, 3), date(2026, 9, 30)),
        ("dit najaar ontvangt u de brief", date(2025, 3, 3), date(2025, 12, 20)),
        ("voor Prinsjesdag", date(2025, 11, 3), date(2026, 9, 15)),  # third Tuesday of September
        ("voor Prinsjesdag", date(2025, 3, 3), date(2025, 9, 16)),
        ("begin volgend jaar", date(2025, 11, 3), date(2026, 3, 31)),
        ("medio 2026", date(2025, 11, 3), date(2026, 6, 30)),
        ("rond de jaarwisseling", date(2025, 11, 3), date(2026, 1, 31)),
    ],
)
def test_more_deadline_phrases(phrase: str, letter: date, due: date) -> None:
    deadline = find_deadline(phrase, letter, load_rules())
    assert deadline is not None and deadline.due == due


def test_no_deadline_rather_than_a_wrong_one() -> None:
    rules = load_rules()
    assert find_deadline("zo spoedig mogelijk", date(2025, 1, 1), rules) is None
    # a deadline phrase that gives no date is kept as a phrase, never given a guessed date
    no_year = find_deadline("in het eerste kwartaal", date(2025, 1, 1), rules)
    assert no_year is not None and no_year.phrase == "in het eerste kwartaal" and no_year.due is None
    undated_letter = find_deadline("voor de zomer", None, rules)
    assert undated_letter is not None and undated_letter.due is None


def test_rules_folder_extends_the_shipped_rules(tmp_path: Path) -> None:
    """A user adds a status phrase in a copy of status.yaml; no code changes."""
    shipped = (Path(__file__).parent.parent / "tracker" / "rules" / "status.yaml").read_text(encoding="utf-8")
    (tmp_path / "status.yaml").write_text(shipped.replace("status:\n", "status:\n" + _AFGEROND, 1), encoding="utf-8")
    letter = "Het rapport is verschenen (motie Jansen, Kamerstuk 36 100, nr. 5). Deze motie beschouw ik als afgerond.\n"
    doc = load_bytes(letter.encode(), "brief.txt", ".txt")
    assert [i["status"] for i in to_json(extract_document(doc))["items"]] == ["mentioned"]
    custom = load_rules(tmp_path)
    assert [i["status"] for i in to_json(extract_document(doc, custom))["items"]] == ["closed"]


def test_compiled_rules_are_kept_until_a_rule_file_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled catalogue comes from the cache folder the next time; an edited rule file is
    compiled again, and a cache file others could have changed is not read."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rules_dir = tmp_path / "rules"
    rules_dir.mkdir()
    shipped = (Path(__file__).parent.parent / "tracker" / "rules" / "status.yaml").read_text(encoding="utf-8")
    (rules_dir / "status.yaml").write_text(shipped, encoding="utf-8")
    first = load_rules(rules_dir)
    (cached,) = (tmp_path / "cache" / "tracker").glob("rules-*.pickle")
    load_rules.cache_clear()
    again = load_rules(rules_dir)
    assert again is not first and [r.name for r in again.all_rules()] == [r.name for r in first.all_rules()]
    letter = "Het rapport is verschenen (motie Jansen, Kamerstuk 36 100, nr. 5). Deze motie is uitgevoerd.\n"
    doc = load_bytes(letter.encode(), "brief.txt", ".txt")
    assert to_json(extract_document(doc, again)) == to_json(extract_document(doc, first))

    (rules_dir / "status.yaml").write_text(shipped.replace("status:\n", "status:\n" + _AFGEROND, 1), encoding="utf-8")
    load_rules.cache_clear()
    edited = load_rules(rules_dir)
    assert "afgerond" in [r.name for r in edited.status] and "afgerond" not in [r.name for r in first.status]
    assert len(list((tmp_path / "cache" / "tracker").glob("rules-*.pickle"))) == 2

    names = [r.name for r in first.all_rules()]
    (rules_dir / "status.yaml").write_text(shipped, encoding="utf-8")
    cached.write_bytes(b"not a pickle")  # damaged: compiled again
    load_rules.cache_clear()
    assert [r.name for r in load_rules(rules_dir).all_rules()] == names
    cached.write_bytes(pickle.dumps(edited))  # the cache is what is read ...
    load_rules.cache_clear()
    assert "afgerond" in [r.name for r in load_rules(rules_dir).status]
    cached.write_bytes(pickle.dumps(edited))
    cached.chmod(0o666)  # ... unless others could have written it
    load_rules.cache_clear()
    assert [r.name for r in load_rules(rules_dir).all_rules()] == names


def test_the_tests_keep_compiled_rules_out_of_the_users_home(tmp_path: Path) -> None:
    """tests/conftest.py points the cache at a folder of the test run, for the processes the tests
    start as well: a rules folder compiled here or in a new process leaves ~/.cache alone."""
    users_cache = Path.home() / ".cache" / "tracker"
    shipped = Path(__file__).parent.parent / "tracker" / "rules" / "status.yaml"
    here, started = tmp_path / "here", tmp_path / "started"
    for rules_dir in (here, started):
        rules_dir.mkdir()
        (rules_dir / "status.yaml").write_bytes(shipped.read_bytes())
    load_rules(here)
    letter = SEEDS / "000_eb112036e86ee879.txt"
    run = subprocess.run(
        [sys.executable, "-m", "tracker", "--rules", str(started), "extract", str(letter)], capture_output=True
    )
    assert run.returncode == 0, run.stderr
    for rules_dir in (here, started):
        cached = _cache_file(rules_dir)  # named after the folder and its files: no other run writes it
        assert cached is not None and cached.is_file()
        assert not (users_cache / cached.name).exists() and not cached.is_relative_to(Path.home())
        assert cached.parent == Path(os.environ["XDG_CACHE_HOME"]) / "tracker"


_AFGEROND = (
    "  - name: afgerond\n    status: closed\n    applies_to: motie\n    scope: sentence\n"
    "    pattern: '\\bals\\s+afgerond\\b'\n    examples: ['Deze motie beschouw ik als afgerond.']\n"
    "    counter_examples: ['niet afgerond']\n"
)


@pytest.mark.parametrize("filler", [0, 5970, 9000])
def test_kenmerk_is_found_wherever_it_stands(filler: int) -> None:
    """The kenmerk is looked for in the letter's head first; a long letter that names it only
    further down (or right across the head's end) still gets it."""
    seed = (SEEDS / "002_ac8c429a2c3b4c50.txt").read_text(encoding="utf-8")
    body = seed.replace("Onze referentie", "").replace("kenmerk", "")
    assert read_metadata(body).kenmerk is None
    padded = (
        "Geachte voorzitter,\n\n" + ("Tekst van de brief. " * 1000)[:filler] + "\nOns kenmerk\nBZ2408859\n\n" + body
    )
    assert read_metadata(padded).kenmerk == "BZ2408859"


def test_a_keyword_pattern_that_does_not_compile_is_a_rule_error(tmp_path: Path) -> None:
    shipped = (Path(__file__).parent.parent / "tracker" / "rules" / "items.yaml").read_text(encoding="utf-8")
    (tmp_path / "items.yaml").write_text(shipped.replace("keyword_patterns: ['to?\\d']", "keyword_patterns: ['t(']"))
    with pytest.raises(RuleError, match=r"ek_number: keyword pattern 't\(' does not compile"):
        load_rules(tmp_path)


def test_abbreviations_end_no_sentence_even_at_a_paragraph_start() -> None:
    body = "Het rapport van prof. Jansen ligt er. Zie ook art. 3.\n\nDr. Jansen schreef het, t.a.v. De Vries. Nu volgt meer."
    normalised = NormalisedText(body=body, notes={}, markers=[], note_style="none")
    assert [s.text for s in split_sentences(normalised)] == [
        "Het rapport van prof. Jansen ligt er.",
        "Zie ook art. 3.",
        "Dr. Jansen schreef het, t.a.v. De Vries.",
        "Nu volgt meer.",
    ]


@pytest.mark.parametrize("tag_across_lines", [False, True])
def test_running_headers_are_removed_with_or_without_markup(tag_across_lines: bool) -> None:
    """A page header repeated on every page goes, whether or not it carries markup ("**...**",
    "## ..."); a tag that runs across a line end elsewhere changes nothing."""
    page = "Daarom informeer ik u over de voortgang van het programma en de uitvoering ervan."
    headers = ["Onze referentie BZ2408859", "**Onze referentie** BZ2408859", "## Onze referentie BZ2408859"]
    odd_tag = '<span\nclass="x">Zie de bijlage.</span>' if tag_across_lines else "Zie de bijlage."
    text = "\n\n".join(f"{header}\n\n{page}" for header in headers) + "\n\n" + odd_tag + "\n"
    normalised = normalise(text)
    assert normalised.removed_headers == ["Onze referentie BZ2408859"]
    assert "referentie" not in normalised.body
    assert normalised.body.count(page) == 3 and "Zie de bijlage." in normalised.body


def test_letters_whose_lower_case_is_longer_are_read_the_same() -> None:
    """ "İ" becomes two characters in lower case, so offsets in the lowered text no longer hold; the
    stages then look at each sentence on its own and find the same."""
    letter = (
        "Met deze brief geef ik uitvoering aan de motie Grinwis c.s. (Kamerstuk 31 985, nr. 95). "
        "Daarmee wordt deze motie als afgedaan beschouwd. Over de toezegging TZ202511-004 zal ik u later informeren.\n"
    )
    plain = to_json(extract_document(load_bytes(letter.encode(), "brief.txt", ".txt")))
    turkish = to_json(extract_document(load_bytes(("İstanbul. " + letter).encode(), "brief.txt", ".txt")))
    summary = [(i["id"], i["status"], i["quote"]) for i in plain["items"]]
    assert summary == [(i["id"], i["status"], i["quote"]) for i in turkish["items"]]
    assert [(i, s) for i, s, _q in summary] == [("kst-31985-95", "closed"), ("TZ202511-004", "open")]
    assert plain["references"] == turkish["references"]


def test_a_sentence_without_end_is_cut_at_white_space() -> None:
    """A file without punctuation would be one sentence of any length; it is cut into pieces that
    bound the work per item, at spaces, losing no text."""
    words = [f"woord{i}" for i in range(2000)]
    body = "Begin " + " ".join(words) + " TZ202511-004 einde"
    normalised = NormalisedText(body=body, notes={}, markers=[], note_style="none")
    sentences = split_sentences(normalised)
    assert len(sentences) > 1 and all(len(s.text) <= 3000 for s in sentences)
    assert " ".join(s.text for s in sentences) == body
    assert all(body[s.start : s.end] == s.text for s in sentences)


@pytest.mark.parametrize(
    "text",
    [
        "De motie (Kamerstuk 30 000, nr. 19001) is aangenomen.",
        "Zie Kamerstuk 30 000, nr. 20991 en de brief van 2024.",
        "De motie (Kamerstuk 30 000, nr. 19001) is aangenomen.\n\n1. Een.↩︎\n",
    ],
)
def test_numbers_that_look_like_years_keep_their_last_digit(text: str) -> None:
    """A marker is split off a number only where a note of that number exists, and never off an
    ondernummer."""
    normalised = normalise(text)
    number = "19001" if "19001" in text else "20991"
    assert f"nr. {number}" in normalised.body
    assert not [m for m in normalised.markers if m.offset == normalised.body.find(number) + 4]


def test_a_marker_glued_to_a_year_needs_its_note() -> None:
    text = "De motie Grinwis c.s.1 staat in het Belastingplan 20152 en elders.\n\n1 Kamerstuk 34 302, nr. 3\n"
    with_note = normalise(text + "2 Kamerstuk 34 302, nr. 4\n")
    without = normalise(text)
    assert "Belastingplan 2015 en" in with_note.body and [m.number for m in with_note.markers] == [1, 2]
    assert "Belastingplan 20152 en" in without.body and [m.number for m in without.markers] == [1]
