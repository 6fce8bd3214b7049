"""Moties numbered the way vote lists and members number them: Eerste Kamer letters written out
("(33750, letter A)", "met letter E"), a stuk number alone ("de motie op stuk nr. 155"), a changed
motie under its new number. On the real documents 901-909 of tests/corpus/added, and on the documents
around them that must not change."""

from __future__ import annotations

from typing import Any

from tests.conftest import CORPUS
from tracker.pipeline.extract import extract_document, extract_file, to_json
from tracker.pipeline.load import load_bytes


def extracted(prefix: str) -> dict[str, Any]:
    (path,) = (CORPUS / "added").glob(f"{prefix}_*.txt")
    return to_json(extract_file(path))


def moties(prefix: str) -> dict[str | None, dict[str, Any]]:
    return {i["id"] or i["name"]: i for i in extracted(prefix)["items"] if i["kind"] == "motie"}


def extract_text(text: str) -> dict[str, Any]:
    return to_json(extract_document(load_bytes(text.encode("utf-8"), "brief.txt", ".txt")))


def test_eerste_kamer_vote_list_with_letters_written_out() -> None:
    found = moties("901")
    assert sorted(found) == [f"kst-33750-{letter}" for letter in "ABCDEFGH"]
    assert found["kst-33750-G"]["name"] == "Kox c.s."
    assert {m["status"] for m in found.values()} == {"mentioned"}  # a vote is no execution


def test_motie_named_by_indiener_and_letter_takes_the_dossier_of_the_list() -> None:
    found = moties("902")
    # "de motie-Kox c.s. met letter E" is not the listed Kox motie D, and "met letter F" is Barth's
    assert sorted(found) == [f"kst-34775-{letter}" for letter in "BCDEFGHI"]
    assert found["kst-34775-E"]["name"] == "Kox c.s."
    assert found["kst-34775-D"]["name"] == "Kox c.s."
    assert found["kst-34775-F"]["name"] == "Barth c.s."


def test_letter_without_a_dossier_in_the_document_is_not_guessed() -> None:
    (motie,) = extracted("906")["items"]
    assert (motie["name"], motie["id"], motie["dossier"]) == ("Schalk c.s.", None, None)


def test_herdruk_and_a_heading_stemming_motie_are_no_parts_of_a_motie() -> None:
    assert list(moties("903")) == ["kst-35300-VI-Y"]
    assert list(moties("904")) == ["kst-CLVI-E"]  # the heading "Stemming motie Herziening ..." names no indiener


def test_amendments_numbered_like_moties_are_references_not_items() -> None:
    out = extracted("905")
    assert out["items"] == []
    assert [(r["dossier"], r["ondernummer"], r["motie"]) for r in out["references"]] == [("CLVI", "R", False)]
    assert ("CLVI", "AA", False) in [(r["dossier"], r["ondernummer"], r["motie"]) for r in extracted("904")["references"]]
    # the Chair names a minister's letter "onder letter H (31953)": a reference, no item
    out = extracted("909")
    assert out["items"] == []
    assert [(r["dossier"], r["ondernummer"], r["motie"]) for r in out["references"]] == [("31953", "H", False)]


def test_changed_motie_is_one_item_under_its_newest_number() -> None:
    # "(19637, nr. 2296) is in die zin gewijzigd (nr. 2300) en nader gewijzigd dat zij thans luidt"
    found = moties("907")
    assert "kst-19637-2300" in found and "kst-19637-2296" not in found
    assert found["kst-19637-2300"]["name"] == "Voordewind c.s."
    assert len(found) == 9
    # "(29515, nr. 229) is in die zin gewijzigd ... Zij krijgt nr. 234 (29515).": 229 in the vote list is 234
    found = moties("908")
    assert sorted(found) == ["kst-29515-228", "kst-29515-230", "kst-29515-231", "kst-29515-232", "kst-29515-234"]


def test_motie_by_stuk_number_takes_the_dossier_only_where_the_document_gives_it() -> None:
    # 615: "de motie op stuk nr. 157" is "haar motie (30545, nr. 157)" of the same page; "de motie op stuk
    # nr. 155" has no kamerstuk of that number on the page: no dossier is guessed, and the member who
    # holds it ("De heer Ulenbelt (SP): Voorzitter. Ik wil de motie op stuk nr. 155 aanhouden") is its indiener
    found = moties("615")
    assert "kst-30545-157" in found
    assert not any(m["ondernummer"] == "155" for m in found.values())
    assert (found["Ulenbelt"]["dossier"], found["Ulenbelt"]["ondernummer"]) == (None, None)
    # Kerstens holds nr. 157 "namens mevrouw Vermeij": not his
    assert not any(m["name"] == "Kerstens" for m in found.values())
    # 402: "de motie op stuk nr. 10 van de heer Pechtold c.s." is the listed (32710, nr. 10)
    assert moties("402")["kst-32710-10"]["name"] == "Pechtold c.s."


def test_a_letter_about_one_dossier_gives_its_dossier_to_a_stuk_number() -> None:
    letter = (
        "19 637 Vreemdelingenbeleid\n\nNr. 2400 BRIEF VAN DE STAATSSECRETARIS\n\n"
        "Met deze brief reageer ik op de moties-Voortman (19637, nrs. 32, 33 en 35) en op de motie op stuk "
        "nr. 155 van het lid Fritsma.\n"
    )
    found = {i["id"]: i["name"] for i in extract_text(letter)["items"]}
    assert found == {
        "kst-19637-32": "Voortman",
        "kst-19637-33": "Voortman",
        "kst-19637-35": "Voortman",
        "kst-19637-155": "Fritsma",
    }
    # the same sentence in a page of several dossiers: the number alone is no kamerstuk
    page = "Mevrouw Voortman (29628, nr. 5) en de heer Fritsma (19637, nr. 2) spraken. Ik houd de motie op stuk nr. 155 van het lid Fritsma aan.\n"
    assert [i["id"] for i in extract_text(page)["items"]] == [None]


def test_eerste_kamer_letters_in_a_list_and_a_changed_letter() -> None:
    out = extract_text(
        "De Kamer heeft de moties 35 300, letters E, F en H aangenomen. Daarna kwam de gewijzigde "
        "motie-Gerbrandy c.s. over de verhuurderheffing (35300, letter M, was letter B) in stemming. "
        "De motie 35300, letter B van het lid Gerbrandy is niet meer aan de orde.\n"
    )
    assert sorted(i["id"] for i in out["items"]) == ["kst-35300-E", "kst-35300-F", "kst-35300-H", "kst-35300-M"]


def test_a_wetsvoorstel_numbered_with_a_letter_is_no_motie() -> None:
    out = extract_text(
        "De memorie van antwoord bij het wetsvoorstel (35 300, letter A) gaat in op de vragen van de leden.\n"
    )
    assert out["items"] == []
    assert [(r["dossier"], r["ondernummer"], r["motie"]) for r in out["references"]] == [("35300", "A", False)]
