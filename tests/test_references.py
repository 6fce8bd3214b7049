"""Reference forms of domain.md, parsed from real sentences into (dossier, ondernummer)."""

from __future__ import annotations

import dataclasses
import random
import re

import pytest

from tests.conftest import CORPUS, SEEDS
from tracker.pipeline.extract import extract_document, extract_file
from tracker.pipeline.model import LoadedDocument, NormalisedText, Note
from tracker.pipeline.references import find_identifiers, find_references, normalise_dossier
from tracker.pipeline.sentences import split_sentences
from tracker.rules import check_rules, keyword_filter, keyword_starts, load_rules, required_words


def refs(text: str) -> list[tuple[str, str]]:
    normalised = NormalisedText(body=text, notes={}, markers=[], note_style="none")
    found = find_references(normalised, split_sentences(normalised), load_rules())
    return sorted({r.key for r in found})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zie Kamerstuk 21 501-02, nr. 2903.", [("21501-02", "2903")]),
        ("Kamerstuk 34 775 IX, nr. 8", [("34775-IX", "8")]),
        ("Kamerstukken II, 2024-2025, 31 985, nr. 95.", [("31985", "95")]),
        ("Kamerstukken II 2022/23, 36200 IV, nr. 12", [("36200-IV", "12")]),
        ("Kamerstuk 2022-2023, 36 200, nr. 129.", [("36200", "129")]),
        ("conform 35925-V-97 en 30821-241", [("30821", "241"), ("35925-V", "97")]),
        ("zie 21501-32-1740 en 23908-(R1519)-131", [("21501-32", "1740"), ("23908-(R1519)", "131")]),
        ("de verdragen (36.496, nr. 3)", [("36496", "3")]),
        ("Zij krijgt nr. 30 (32563).", [("32563", "30")]),
        ("De motie-Van Dijk (t.v.v. 31497-297) is aangenomen.", [("31497", "297")]),
        ("Kamerstuk 31 031/29 949, nr. 19", [("29949", "19"), ("31031", "19")]),
        ("(Kamerstukken 36 600 B en 36 600 C, nr. 6)", [("36600-B", "6"), ("36600-C", "6")]),
        ("Kamerstuk 30 821. nr. 241", [("30821", "241")]),
        ("Kamerstuk 35 663, nr.19", [("35663", "19")]),
        ("Kamerstuk 34 000 J, nr. 14", [("34000-J", "14")]),
        ("kst-21501-02-2377", [("21501-02", "2377")]),
        ("de motie-Van Apeldoorn (EK 36 600 B, A)", [("36600-B", "A")]),
        ("Zie kst-36600-B-K.", [("36600-B", "K")]),
        ("Kamerstukken I 2023/24, 36 410, E", [("36410", "E")]),
        ("Kamerstukken II 2023-2024, 29 544, nrs. 1200 en 1201", [("29544", "1200"), ("29544", "1201")]),
        ("(Kamerstuk 36 200 VII, nrs. 4 t/m 6)", [("36200-VII", "4"), ("36200-VII", "5"), ("36200-VII", "6")]),
        ("(Kamerstuk 36 200 VII, nr. 4 t/m 6)", [("36200-VII", "4"), ("36200-VII", "5"), ("36200-VII", "6")]),
        ("Kamerstuk 36 200 VII, nr. 4; nr. 6, p. 3 en nr. 8", [("36200-VII", "4"), ("36200-VII", "6"), ("36200-VII", "8")]),
        ("(36 200 XV, nr. 34, was nr. 22)", [("36200-XV", "34")]),
        ("Kamerstuk 21501-02, nr. 2903", [("21501-02", "2903")]),
        ("de Europese Raad (21501-20)", []),
        ("(Kamerstuk 34 300, AB)", [("34300", "AB")]),
        ("motie-Vliegenthart (Kamerstuknr. 2012–2013, CII, B)", [("CII", "B")]),
        ("de brief (35925 VII / 35925 IV, A) en de motie-Vos c.s. (33493, F)",
         [("33493", "F"), ("35925-IV", "A"), ("35925-VII", "A")]),
        ("Kamerstukken II 2015/16, 34 356 (R 2064), nr. 3", [("34356-(R2064)", "3")]),
        ("Kamerstuk 31 700 IXB, nr. 5", [("31700-IXB", "5")]),
        ("Kamerstukken II, Zitting 1958-1959-5380, Nr. 3", [("5380", "3")]),
        ("aangehouden moties: 29911-226; 31015-168; 21501-08-765", [("21501-08", "765"), ("29911", "226"), ("31015", "168")]),
        ("de motie (Kamerstuk 26 485, nr. 225)", [("26485", "225")]),
        ("Kamerstuk 32 793, nr. 176 (Dik-Faber)", [("32793", "176")]),
    ],
)
def test_reference_forms(text: str, expected: list[tuple[str, str]]) -> None:
    assert refs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Nummer: 2025D49381, zaak 2026Z02007, activiteit 2024A05766, kenmerk BZ2408859.",
        "Handelingen II 2016/17, nr. 55",
        "Staatscourant Nr. 38653, 24 november 2025.",
        "Verordening (EG) nr. 2271/96",
        "Kamerstukken II 2025-26, 2025D47467",
        "Tussen 2017-2020 en COVID-19.",
        "EK 36 600 B, Aan de voorzitter van de Eerste Kamer",
        "Handelingen Tweede Kamer 2007-08, nr. 49, p. 3623",
        "Kamerstukken II 2019/20, 35 300, 35 301 en 35 302",
        "(Kamerstuk 36 200, 2023)",
        "De wetsvoorstellen (35124) en (31.571)",
    ],
)
def test_not_kamerstukken(text: str) -> None:
    assert refs(text) == []


def test_identifiers_are_recognised_for_what_they_are() -> None:
    found = find_identifiers("Nummer: 2025D49381, zaak 2026Z02007, activiteit 2024A05766, Onze Referentie BZ2408859")
    assert {(i["kind"], i["value"]) for i in found} == {
        ("document", "2025D49381"), ("zaak", "2026Z02007"), ("activiteit", "2024A05766"), ("kenmerk", "BZ2408859"),
    }  # fmt: skip


def test_an_ondernummer_that_looks_like_a_year_keeps_its_digits() -> None:
    document = LoadedDocument(path="brief.txt", sha256="", format="txt", text="De motie (Kamerstuk 30 000, nr. 19001) is aangenomen.")
    assert [r.key for r in extract_document(document).references] == [("30000", "19001")]


def test_typos_are_kept_and_flagged() -> None:
    assert normalise_dossier("2150-02")[0] == "2150-02"
    assert "four digits" in (normalise_dossier("2150-02")[1] or "")
    assert normalise_dossier("21 501-0")[0] == "21501-0"
    assert normalise_dossier("21 501-0")[1] is not None
    assert normalise_dossier("21 501-02") == ("21501-02", None)
    assert normalise_dossier("36 600 iv") == ("36600-IV", None)
    assert normalise_dossier("31700.VIII") == ("31700-VIII", None)
    assert normalise_dossier("31-700 XII") == ("31700-XII", None)
    assert normalise_dossier("19 700 hoofdstuk XV") == ("19700-XV", None)
    assert normalise_dossier("CII") == ("CII", None)
    assert normalise_dossier("5380") == ("5380", None)  # a dossier of the 1950s


def test_official_header_gives_the_letter_its_own_number() -> None:
    header = "36 600 B Vaststelling van de begrotingsstaat\n36 600\nC Vaststelling van de begrotingsstaat\nNr. 9\nBRIEF VAN DE MINISTER"
    assert refs(header) == [("36600-B", "9"), ("36600-C", "9")]


def test_shipped_rules_pass_their_own_examples() -> None:
    rules = load_rules()
    assert check_rules(rules) == []
    assert all(rule.examples for rule in rules.all_rules())


def test_keywords_never_hide_a_match() -> None:
    """A rule's keywords let sentences without them be skipped; on every real letter here, each
    sentence a keyworded rule matches must hold one of its keywords."""
    rules = load_rules()
    keyworded = [r for r in rules.moties + rules.toezeggingen + rules.status if r.get("keywords")]
    letters = [*SEEDS.glob("*.txt"), *CORPUS.glob("*.txt")]
    checked = 0
    for path in letters:
        extraction = extract_file(path, rules)
        for sentence in extraction.sentences:
            for rule in keyworded:
                if rule.pattern.search(sentence.text):
                    checked += 1
                    assert rule.may_match(sentence.text.lower()), (rule.name, sentence.text)
    assert checked > 50


def test_reference_keywords_never_hide_a_match() -> None:
    """Reference rules skip a text (the body or a footnote) without their keywords: every match on
    the real letters here must itself hold one."""
    rules = load_rules()
    keyworded = [r for r in rules.references if r.get("keywords")]
    checked = 0
    for path in [*SEEDS.glob("*.txt"), *CORPUS.glob("*.txt")]:
        normalised = extract_file(path, rules).normalised
        for text in [normalised.body, *(note.text for note in normalised.notes.values())]:
            for rule in keyworded:
                for m in rule.finditer(text):
                    checked += 1
                    assert rule.may_match(m.group(0).lower()), (rule.name, m.group(0))
    assert checked > 50


def test_searching_within_reach_finds_what_a_whole_search_finds() -> None:
    """Rules with `reach` are tried only near their keywords (with `starts_at_keyword`, only at
    them); on the real letters here that must give the very matches a search of the whole text gives."""
    rules = load_rules()
    reaching = [r for r in rules.references if r.get("reach") or r.get("starts_at_keyword")]
    assert any(r.get("starts_at_keyword") for r in reaching)
    found = 0
    for path in [*SEEDS.glob("*.txt"), *CORPUS.glob("*.txt")]:
        normalised = extract_file(path, rules).normalised
        for text in [normalised.body, *(note.text for note in normalised.notes.values())]:
            for rule in reaching:
                whole = [m.span() for m in rule.finditer(text)]
                assert [m.span() for m in rule.find_all(text, text.lower())] == whole, (path.name, rule.name)
                found += len(whole)
    assert found > 50


def test_words_found_in_one_pass_are_those_a_scan_for_each_finds() -> None:
    """A filter of many words finds them in one pass over a letter, read in pieces; on the real
    letters here run together, and then each word once more across the end of a piece, that must
    give every place where each word starts, as a scan for each gives."""
    rules = load_rules()
    rules_for = keyword_filter([r for r in rules.status if r.get("scope") != "after_mention"])
    assert len(rules_for.literal_words) >= 16
    paths = [*SEEDS.glob("*.txt"), *CORPUS.glob("*.txt"), *(CORPUS / "added").glob("*.txt")]
    text = "".join(p.read_text(encoding="utf-8") for p in paths).lower()
    piece = 2**16
    assert len(text) > 4 * piece
    for word in rules_for.literal_words:  # its first character the last of a piece
        text += " " * (-len(text) % piece - 1 if -len(text) % piece else piece - 1) + word
    found: dict[str, list[int]] = {}
    for start, word in rules_for.word_starts(text):
        found.setdefault(word, []).append(start)
    for word in rules_for.literal_words:
        assert found.get(word, []) == list(keyword_starts(text, word)), word
        assert any(start % piece == piece - 1 for start in found[word]), word


def test_without_the_one_pass_library_the_same_places_are_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """An environment made before pyahocorasick was required still extracts: a scan for each word
    gives the places the one pass gives."""
    import tracker.rules

    rules_for = keyword_filter([r for r in load_rules().status if r.get("scope") != "after_mention"])
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))).lower()
    one_pass = sorted(rules_for.word_starts(text))
    monkeypatch.setattr(tracker.rules, "ahocorasick", None)
    assert sorted(rules_for.word_starts(text)) == one_pass
    assert len(one_pass) > 20


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"niet\s+mogelijk|lukt|lukken", ("lukken", "lukt", "mogelijk")),
        (r"ze(?:gt|gde|i)\s+(?:hij|zij|ze)\b|(?:hij|zij|ze)\s+ze(?:gt|gde|i)\b", ("zegde", "zegt", "zei")),
        (r"(?:\n|^)(?!de )[a-z]{1,2} (?:brief|nota)", (" brief", " nota")),
        (r"(?:bied|stuur)(?:en)?\s+(?:ik|wij)", ("bied", "bieden", "stuur", "stuuren")),
        (r"verwacht(?:en)?\s+(?:ik|wij)", None),  # opens with a literal: searched as fast as the words
        (r"to?\d", None),  # "t" or "to": too short to rule a text out
        (r"ze(?:g[\s,]|i)", None),
        (r"(?i)motie", None),  # the words would have to be in every case
        (r"motie|\d{4}", None),  # an alternative without words
    ],
)
def test_words_every_match_of_a_keyword_pattern_holds(pattern: str, words: tuple[str, ...] | None) -> None:
    assert required_words(re.compile(pattern)) == words


def test_keyword_patterns_match_only_where_their_required_words_stand() -> None:
    """A keyword pattern is searched only in a text that holds one of its required words: on the
    real letters here, every match of every shipped keyword pattern holds one."""
    rules = load_rules()
    patterns = {
        keyword
        for rule in rules.all_rules()
        for keywords in [rule.get("keywords") or (), *(part for part, _pattern in rule.get("parts") or ())]
        for keyword in keywords
        if not isinstance(keyword, str)
    }
    with_words = {pattern: words for pattern in patterns if (words := required_words(pattern))}
    assert len(with_words) >= 2
    matches = 0
    for path in [*SEEDS.glob("*.txt"), *CORPUS.glob("*.txt"), *(CORPUS / "added").glob("*.txt")]:
        text = path.read_text(encoding="utf-8").lower()
        for pattern, words in with_words.items():
            for m in pattern.finditer(text):
                assert any(word in m.group(0) for word in words), (path.name, pattern.pattern, m.group(0))
                matches += 1
    assert matches > 20


def test_a_rule_in_parts_finds_what_its_whole_pattern_finds() -> None:
    """A rule written in `parts` tries in a sentence only the parts whose keywords it holds; on every
    sentence of the real letters here that must give the very matches of the whole alternation."""
    rules = load_rules()
    in_parts = [r for r in rules.status if r.get("parts")]
    assert in_parts
    found = 0
    for path in [*SEEDS.glob("*.txt"), *CORPUS.glob("*.txt"), *(CORPUS / "added").glob("*.txt")]:
        for sentence in extract_file(path, rules).sentences:
            for rule in in_parts:
                whole = [m.span() for m in rule.pattern.finditer(sentence.text)]
                assert [m.span() for m in rule.matches_in(sentence.text)] == whole, (path.name, sentence.text)
                found += len(whole)
    assert found >= 2


def test_a_rule_in_parts_takes_the_alternative_an_alternation_takes() -> None:
    """Where two parts match, each apart, the matches are those of the alternation: the first to
    start, of the earlier part where both start at one place, then on from its end."""
    rule = next(r for r in load_rules().status if r.name == "aangekondigde_levering")
    text = (
        "U ontvangt het rapport na de zomer; de evaluatie volgt eind 2026 en ik houd u op de hoogte, "
        "maar ik verwacht u in het najaar te kunnen informeren."
    )
    spans = [m.span() for m in rule.matches_in(text)]
    assert spans == [m.span() for m in rule.pattern.finditer(text)]
    assert len(spans) == 4
    # the rule's phrases in any order, several in one sentence
    phrases = [
        "stuur ik u", "informeer ik uw Kamer", "zend wij u", "na de zomer", "In het najaar", "Binnenkort",
        "volgt eind 2026", "volgen later", "Ik verwacht u", "verwachten wij uw Kamer", "te kunnen informeren",
        "houd ik u op de hoogte", "Ik houd u", "houden wij uw Kamer geïnformeerd", "U ontvangt", "krijgt u",
        "de evaluatie", "het rapport", "hierbij", ".", ";", "over de voortgang", "eind 2026", "NA DE ZOMER",
    ]  # fmt: skip
    chance = random.Random(14)
    found = 0
    for _ in range(3000):
        text = " ".join(chance.choice(phrases) for _ in range(chance.randint(3, 12)))
        whole = [m.span() for m in rule.pattern.finditer(text)]
        assert [m.span() for m in rule.matches_in(text)] == whole, text
        found += len(whole)
    assert found > 1000


def test_rules_check_reports_a_part_whose_keywords_its_example_lacks() -> None:
    rules = load_rules()
    rule = next(r for r in rules.status if r.name == "aangekondigde_levering")
    parts = [(("zzz",) if n == 2 else keywords, pattern) for n, (keywords, pattern) in enumerate(rule.get("parts"))]
    wrong = dataclasses.replace(rule, options={**rule.options, "parts": tuple(parts)})
    problems = check_rules(dataclasses.replace(rules, status=[wrong]))
    assert [(p.problem, p.example) for p in problems] == [
        ("example is not found by the parts whose keywords it holds", "De evaluatie volgt in het voorjaar van 2022.")
    ]


def test_rules_check_reports_a_reach_too_short_for_an_example() -> None:
    rules = load_rules()
    spaced = next(r for r in rules.references if r.name == "kamerstuk_spaced")
    short = dataclasses.replace(spaced, options={**spaced.options, "reach": 10})
    shortened = dataclasses.replace(rules, references=[short])
    problems = check_rules(shortened)
    assert any(p.problem == "example is not found within reach of a keyword" for p in problems)
    assert "Kamerstukken II, 2024-2025, 31 985, nr. 95" in {p.example for p in problems}


def test_a_reference_never_runs_from_one_footnote_into_the_next() -> None:
    """The notes are searched together; a match across two of them is not taken, and the notes are
    then searched one by one (the header shape "36 600 B ... Nr. 9" would otherwise span both)."""
    notes = {
        1: Note(1, "36 600 B Vaststelling van de begrotingsstaat"),
        2: Note(2, "Nr. 9 en Kamerstuk 21 501-02, nr. 5."),
    }
    normalised = NormalisedText(body="Tekst.", notes=notes, markers=[], note_style="sup")
    found = find_references(normalised, split_sentences(normalised), load_rules())
    assert [(r.key, r.note, r.text, normalised.notes[r.note].text[r.start : r.end]) for r in found] == [
        (("21501-02", "5"), 2, "Kamerstuk 21 501-02, nr. 5", "Kamerstuk 21 501-02, nr. 5")
    ]
