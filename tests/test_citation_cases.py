"""Kamerstuk citations as other readers of Dutch parliamentary text test them, run through our extraction.

The cases are those of the citation parser nllegalcit (github.com/mastaal/nllegalcit, EUPL-1.2):
`tests/test_kamerstukken.py` (citations found in kamerstukken and case law) and
`tests/linkextractor/test_oebp11.py`, `test_oebp12.py`, `test_oebp23.py`, which copy the reference
cases of KOOP's linkextractor, the publisher's own link extractor. Each case is the text as given
there (leading spaces and glued footnote numbers included) with the kamerstukken a careful reader
takes from it as (dossier, ondernummer). Cases that nllegalcit skips are here too ("skipped
there"); where our reading differs from nllegalcit's expectation, a comment says why.
"""

from __future__ import annotations

import pytest

from tracker.pipeline.extract import extract_document
from tracker.pipeline.model import LoadedDocument

KST = "test_kamerstukken.py"
OEBP11 = "linkextractor/test_oebp11.py"
OEBP12 = "linkextractor/test_oebp12.py"
OEBP23 = "linkextractor/test_oebp23.py"

AARHUS = """zo blijkt uit de memorie van toelichting bij de Wet uitvoering Verdrag van Aarhus
                                    (Kamerstukken II 2002/03, 28 835, nr. 3, blz. 9). Dit betekent dat het in artikel 10
                                    van de Wet openbaarheid van bestuur opgenomen toetsingskader voor milieu-informatie
                                    terugtreedt indien sprake is van een bijzondere wettelijke regeling die een uitputtend
                                    kader bevat voor openbaarhe"""
AFTREKBARE_KOSTEN = """ gegeven toelichting ertoe strekte het begrip aftrekbare kosten aan te scherpen
                                    (Kamerstukken II, 1988/89, 20 873, nr. 39). 3.5. In het verdere verloop van de parlementaire
                                    behandeling zijn met betrekking tot dit amendement in het bijzonder de arresten van de Hoge
                                    Raad van 30 november 1977, nr. 18 586, BNB 1978/7, en van 7 mei 1980, nr. 19 874, BNB 1980/186,
                                    ter sprake gebracht (Handelingen II, 1988/89, blz. 39-2410 en 2435 en
                                    Handelingen UCV, 1988/89, nr. 26, blz. 50 en 53)."""
MEMORIE_VAN_ANTWOORD = """ Door de Regering is hierop in de Tweede Kamer als volgt gereageerd (Memorie van Antwoord,
                                    Kamerstukken II, 1985/- 86, 19 559, nr. 6, blz. 7): "De door ons in artikel III voorgestelde
                                    regeling is, zoals"""
AWW = """In het kader van de heroverwegingsoperaties (kamerstukken II 1980/81, 16 625, nr. 4) werd
                                    onder meer een herziening van de AWW aangekondigd. In de begroting voor het jaar 1987
                                    (kamerstukken II 1986/87, 19 700 hoofdstuk XV, nr. 2) werd nogmaals het voornemen tot een
                                    algehele herstructructuering van de AWW uitgesproken. In juli 1987 zond de staatssecretaris
                                    een adviesaanvraag naar de Sociaal-Economische Raad (SER), de Emancipatieraad en de Raad voor
                                    het Jeugdbeleid inzake een algehele herziening van de AWW."""
NADERE_MEMORIE = """ Hetgeen in punt 4.6 van de Conclusie van de Advocaat- Generaal omtrent de wetsgeschiedenis
                                    is vermeld is hiermede in overeenstemming, al noopt hetgeen aldaar is vermeld uit de Nadere
                                    Memorie van Antwoord aan de Eerste Kamer (Kamerstukken I 1979/80, 15 516, nr. 42e, blz. 7) wel
                                    ertoe in gevallen waarin een vennootschap werkzaamheden van uiteenlopende aard verricht"""
ENQUETE = """9 Zie Minister Polak in de Eerste Kamer
                                    (Kamerstukken I, 1969-1970, 9595,9596, blz 1092): De mogelijkheid
                                    van het aanvragen van een enquête zal naar ik hoop en verwacht vooral
                                    preventief werken en misstanden voorkomen, misstanden, die gelukkig in het
                                    Nederlandse bedrijfsleven slechts sporadisch voorkomen."""
TENUITVOERLEGGING = """Een vordering tot tenuitvoerlegging slechts op grond van niet-naleving van een bijzondere
                                    voorwaarde kan ingevolge art. 14g, derde lid, Sr, evenals onder de voorheen geldende regeling,
                                    uitsluitend worden ingediend bij de rechter die de voorwaarde heeft opgelegd
                                     (Kamerstukken II, 1984–1985, 18764, nrs. 1–3, blz. 29). De wet voorziet niet in de mogelijkheid
                                     dat de behandeling van een zodanige vordering wordt gevoegd met de behandeling van een nieuwe
                                     strafzaak. Op een zodanige vordering dient derhalve een afzonderlijke beslissing te worden
                                     gegeven."""

CASES = [
    # --- nllegalcit tests/test_kamerstukken.py
    (f"{KST}::test_only_citation_0", "Kamerstukken II 2022/23, 36 229, nr. 1", [("36229", "1")]),
    (f"{KST}::test_only_citation_1", "Kamerstukken II 2020/21, 35 845, nr. 6", [("35845", "6")]),
    (f"{KST}::test_only_citation_2", "Kamerstukken I 2021/22, 35 925, nr. E", [("35925", "E")]),
    (f"{KST}::test_only_citation_3", "Kamerstukken II 2020/21, 35 791, nr. 3", [("35791", "3")]),
    (f"{KST}::test_only_citation_with_pagenumber_0", "Kamerstukken II 2005/06, 30 316, nr. 3, p. 7–8", [("30316", "3")]),
    (f"{KST}::test_only_citation_with_pagenumber_1", "Kamerstukken II 2020/21, 35 625, nr. 4, p. 12 en 13", [("35625", "4")]),
    (f"{KST}::test_only_citation_with_pagenumber_2", "Kamerstukken II 2005/06, 30 316, nr. 3, p. 5", [("30316", "3")]),
    (f"{KST}::test_only_citation_with_pagenumber_3", "Kamerstukken I 1979/80, 15 516, nr. 42e, blz. 7", [("15516", "42e")]),
    # nllegalcit takes nr. 6 only; "; nr. 7" is a second stuk of the same dossier
    (
        f"{KST}::test_only_citation_with_pagenumber_4",
        "Kamerstukken II, 1999-2000, 26 271, nr. 6, p. 15-16; nr. 7, p. 5-6.",
        [("26271", "6"), ("26271", "7")],
    ),
    (f"{KST}::test_only_citation_with_pagenumber_5", "Kamerstukken II 1991-1992, 22 545, nr.3, blz. 134", [("22545", "3")]),
    (f"{KST}::test_in_context_recent_0", "               1Kamerstukken II 2001/02, 28 295, nr. 1", [("28295", "1")]),
    (
        f"{KST}::test_in_context_recent_1",
        "               32Advies van de Afdeling advisering van 9 december 2016, Kamerstukken II 2016/17, 34 673, nr. 4",
        [("34673", "4")],
    ),
    (
        f"{KST}::test_in_context_recent_2",
        "               10Zie voor meer toelichting over deze instrumenten Kamerstukken II 2014/15, 34 208, nr. 3",
        [("34208", "3")],
    ),
    (
        f"{KST}::test_in_context_recent_3",
        "Zoals te vinden in Kamerstukken II 2005/06, 30 316, nr. 3, p. 5, is algemeen",
        [("30316", "3")],
    ),
    (f"{KST}::test_in_context_recent_4", "  5Kamerstukken II 2005/06, 30 316, nr. 3, p. 5", [("30316", "3")]),
    (
        f"{KST}::test_in_context_recent_5",
        "   6Meest recente versie opgenomen in Kamerstukken II 2020/21, 35 523, nr. 8",
        [("35523", "8")],
    ),
    (
        f"{KST}::test_in_context_recent_6",
        "                  Uit de nota naar aanleiding van het verslag (Kamerstukken II 2020/21, 35 845, nr. 6",
        [("35845", "6")],
    ),
    (
        f"{KST}::test_in_context_recent_7",
        "                  van nota naar aanleiding van verslag; Kamerstukken II 2020/21, 35 845, nr. 6",
        [("35845", "6")],
    ),
    (f"{KST}::test_in_context_recent_8", "               1Bijlage bij Kamerstukken II 2021/22, 29 628, nr. 1051", [("29628", "1051")]),
    (f"{KST}::test_in_context_recent_9", "               1Kamerstukken II 2021/2022, 35 925 IV, nr. 26", [("35925-IV", "26")]),
    (
        f"{KST}::test_in_context_recent_10",
        "               44Ontwerp-Miljoenennota 2020, Kamerstukken II 2019/20, 35 300, nr. 3",
        [("35300", "3")],
    ),
    (
        f"{KST}::test_in_context_recent_11",
        "                  (Commissie Van Beek). Zie: Kamerstukken II 2013/14, 31 142, nr. 37",
        [("31142", "37")],
    ),
    (
        f"{KST}::test_in_context_recent_12",
        "Memorie van Toelichting, Kamerstukken II 1998/99, 26 727, nr. 3, blz. 238-239",
        [("26727", "3")],
    ),
    (
        f"{KST}::test_in_context_recent_13",
        'rklaring bij een bekennende verdachte", Kamerstukken II, 2003-2004, 29 255 nr. 3 p. 13 en 14',
        [("29255", "3")],
    ),
    (f"{KST}::test_in_context_recent_14", AARHUS, [("28835", "3")]),
    (
        f"{KST}::test_in_context_older_0",
        "5.3.2. Voorts houdt de Memorie van Antwoord (Kamerstukken II, 1987/1988, 20 074, nr. 6, blz. 19–20) onder meer in: ",
        [("20074", "6")],
    ),
    # the arresten of the Hoge Raad ("nr. 18 586") and Handelingen ("nr. 26") are no kamerstukken
    (f"{KST}::test_in_context_older_1", AFTREKBARE_KOSTEN, [("20873", "39")]),
    # dossiers of the 1950s and 1960s have four digits
    (
        f"{KST}::test_in_context_older_2",
        "6.2. Ter toelichting werd opgemerkt (Kamerstukken II, Zitting 1958-1959-5380, Nr. 3, blz. 41, slot lk.):",
        [("5380", "3")],
    ),
    (f"{KST}::test_in_context_older_3", MEMORIE_VAN_ANTWOORD, [("19559", "6")]),
    (f"{KST}::test_in_context_older_4", AWW, [("16625", "4"), ("19700-XV", "2")]),
    (f"{KST}::test_in_context_older_5 (skipped there)", NADERE_MEMORIE, [("15516", "42e")]),
    # two dossiers and no ondernummer: no kamerstuk can be named
    (f"{KST}::test_in_context_older_6 (skipped there)", ENQUETE, []),
    (
        f"{KST}::test_with_other_text_with_special_characters",
        "                  geliberaliseerde huurovereenkomsten» (Kamerstukken II 2019/20, 35 488, nr. 2",
        [("35488", "2")],
    ),
    (
        f"{KST}::test_multiple_full_citations_in_text_0",
        "               6Kamerstukken II 2005/06, 30 316, nr. 3, p. 5 en vgl. Kamerstukken II, 2005/06, 30 316, nr. 6",
        [("30316", "3"), ("30316", "6")],
    ),
    (
        f"{KST}::test_multiple_full_citations_in_text_1",
        "               4Bijlage bij Kamerstukken II 2013/14, 31 142, nr. 37; bijlage bij Kamerstukken II 2015/16, "
        "31 142, nr. 55 en bijlage bij Kamerstukken II 2018/19, 35 165, nr. 4",
        [("31142", "37"), ("31142", "55"), ("35165", "4")],
    ),
    # "35570" without an ondernummer names a dossier, not a stuk
    (
        f"{KST}::test_citation_to_eu_council_dossier_0",
        "               1Kamerstukken II 2020/21, 35570 en Kamerstukken II 2020/21, 21 501-07, nr. 1750",
        [("21501-07", "1750")],
    ),
    (
        f"{KST}::test_citation_to_eu_council_dossier_1",
        "               38Voorjaarsrapportage 2021, Kamerstukken II 2020/21, 21 501-07, nr. 1750",
        [("21501-07", "1750")],
    ),
    (f"{KST}::test_citation_to_eu_council_dossier_2", "               90Kamerstukken II 2017/18, 21 501-07, nr. 1595", [("21501-07", "1595")]),
    (f"{KST}::test_citation_to_eu_council_dossier_3", "               50Kamerstukken II 2015/16,  21 501-30, nr. 374", [("21501-30", "374")]),
    (f"{KST}::test_citation_to_budget_law_dossier_0", "                  (Kamerstukken II 2019/20, 35 300-XV, nr. 28", [("35300-XV", "28")]),
    (f"{KST}::test_citation_to_budget_law_dossier_1", "               2Kamerstukken II 2019/20, 35 300 XVI, nr. 133", [("35300-XVI", "133")]),
    (
        f"{KST}::test_citation_to_budget_law_dossier_2",
        "               100Motie van het lid Sneller c.s., Kamerstukken II 2020/21 35 570-IX, nr. 14",
        [("35570-IX", "14")],
    ),
    # a rijkswet has its R-number beside the dossier; we keep it in the dossier as printed
    (
        f"{KST}::test_rijkswet_citation_0 (skipped there)",
        "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties (Kamerstukken I 2003/04, 27 484 (R 1669), nr. 289",
        [("27484-(R1669)", "289")],
    ),
    (
        f"{KST}::test_rijkswet_citation_1 (skipped there)",
        "               8Kamerstukken II 2015/16, 34 356 (R2064), nr. 3",
        [("34356-(R2064)", "3")],
    ),
    (
        f"{KST}::test_in_citation_attachment_number (skipped there)",
        "Bij brief van 29 juli 1988 (Kamerstukken II 1988/89, 21 227, nr. 3 (bijlage IV), blz. 21), antwoordden de",
        [("21227", "3")],
    ),
    (
        f"{KST}::test_sloppy_citation",
        "                  Studiegroep Begrotingsruimte)» bij Kamerstukken I 2020/21, 35 570, C; Kamerstukken II 2020/21, 35 570, nr. 3",
        [("35570", "3"), ("35570", "C")],
    ),
    (
        f"{KST}::test_with_multiple_citations_shorthand_0 (skipped there)",
        "               1Kamerstukken II 2020/21, 35 625, nr. 4, p. 12 en 13, en nr. 6",
        [("35625", "4"), ("35625", "6")],
    ),
    # "Aanhangsel Handelingen II 2019/20, nr. 89" is no kamerstuk
    (
        f"{KST}::test_with_multiple_citations_shorthand_1 (skipped there)",
        "               15Kamerstukken II 2019/20, 29 754, nrs. 520 en 548 en Aanhangsel Handelingen II 2019/20, nr. 89",
        [("29754", "520"), ("29754", "548")],
    ),
    # nllegalcit keeps "1-3" as one number; these are three stukken
    (
        f"{KST}::test_with_multiple_citations_shorthand_2 (skipped there)",
        TENUITVOERLEGGING,
        [("18764", "1"), ("18764", "2"), ("18764", "3")],
    ),
    # --- nllegalcit tests/linkextractor/test_oebp11.py (KOOP linkextractor test-oebp11)
    (f"{OEBP11}::test_1", "Kamerstukken II 2008-2009, 31 700-VIII, nr. 32, blz. 3", [("31700-VIII", "32")]),
    (f"{OEBP11}::test_2", "Kamerstukken II, 2008/09, 31700.VIII, 32", [("31700-VIII", "32")]),
    (f"{OEBP11}::test_3", "Kamerstukken Tweede Kamer 31-700 XII nr 6", [("31700-XII", "6")]),
    (f"{OEBP11}::test_4", "Kamerstuk TK 31.700XII, 6", [("31700-XII", "6")]),
    (f"{OEBP11}::test_5", "TK 2008-2009, 31473, nummer 25", [("31473", "25")]),
    (f"{OEBP11}::test_6", "Kamerstukken II, 2008/09 34 473 nr. 251", [("34473", "251")]),
    (f"{OEBP11}::test_7", "Kamerstukken 2, 2008-2009, 31459, 22", [("31459", "22")]),
    (f"{OEBP11}::test_8", "Tweede Kamer 2008-2009, 31459, 22", [("31459", "22")]),
    (f"{OEBP11}::test_9", "Kamerstukken II, 31 459 22", [("31459", "22")]),
    # --- nllegalcit tests/linkextractor/test_oebp12.py (KOOP linkextractor test-oebp12)
    (f"{OEBP12}::test_1", "Kamerstukken I, 2008-2009, 31145, nr. C", [("31145", "C")]),
    (f"{OEBP12}::test_2", "Kamerstukken EK, 2014-2015, 31 145, AA", [("31145", "AA")]),
    (f"{OEBP12}::test_3", "Kamerstukken Eerste Kamer 2014-15, 31 145, AA", [("31145", "AA")]),
    (f"{OEBP12}::test_4", "Kamerstukken Eerste Kamer 31145 nr AA", [("31145", "AA")]),
    (f"{OEBP12}::test_4a", "Kamerstukken Eerste Kamer 31145 nr. AA", [("31145", "AA")]),
    (f"{OEBP12}::test_5", "Kamerstuk I 31145 AA", [("31145", "AA")]),
    (f"{OEBP12}::test_6", "Kamerstuk I 31145, AA", [("31145", "AA")]),
    (f"{OEBP12}::test_7", "Kamerstuk I 31 145 nummer AA, p. 15", [("31145", "AA")]),
    (f"{OEBP12}::test_8", "Kamerstukken II, 31 700-IIB, nr 2", [("31700-IIB", "2")]),
    (f"{OEBP12}::test_9", "Kamerstukken II 21501-20, nr. 917", [("21501-20", "917")]),
    # --- nllegalcit tests/linkextractor/test_oebp23.py (KOOP linkextractor test-oebp23)
    (f"{OEBP23}::test_1", "Kamerstukken II 2008-2009, 31 700-VIII, nr. 32, blz. 3", [("31700-VIII", "32")]),
    # nllegalcit keeps "1-3" as one number; these are three stukken
    (
        f"{OEBP23}::test_2",
        "Zie ook kamerstukken II 1999/00, 26 824, nrs. 1–3 pag 4 e v.",
        [("26824", "1"), ("26824", "2"), ("26824", "3")],
    ),
    (f"{OEBP23}::test_3", "TK 2008-2009, 31473, nummer 25, bladzijde 5 - 6", [("31473", "25")]),
    (f"{OEBP23}::test_4", "Kamerstuk I 31 145 nummer AA, p. 15", [("31145", "AA")]),
    (f"{OEBP23}::test_5 (skipped there)", "Aanhangsel Handelingen TK, 2007/08, nr. 1835, blz 33", []),
    (f"{OEBP23}::test_6 (skipped there)", "Handelingen Tweede Kamer 2007-08, nr. 49, p. 3623", []),
    (f"{OEBP23}::test_7", "Kamerstukken II, 2013-2014, 33037, nr. 80 pagina 123", [("33037", "80")]),
    (f"{OEBP23}::test_8", "Kamerstukken II 2009-2010, 31 930, nr. 68, pag. 4-5", [("31930", "68")]),
    (f"{OEBP23}::test_9", "Kamerstukken 11, 1997/1998, 25 672 nr.3 pag.4", [("25672", "3")]),
    (f"{OEBP23}::test_10", "Kamerstukken I 2009-10, 31 560, C, pag. 19", [("31560", "C")]),
    (f"{OEBP23}::test_11", "Kamerstukken II 2008-09, 31 560, nr. 8, pag. 7", [("31560", "8")]),
    (f"{OEBP23}::test_12", "Kamerstukken II 2008-2009, 31 560, nr. 6, p. 17, 19-22", [("31560", "6")]),
    (f"{OEBP23}::test_13", "Kamerstukken I 2009-2010, 31 560, C, p. 18-19", [("31560", "C")]),
    # a dossier without an ondernummer names no stuk
    (f"{OEBP23}::test_14", "Kamerstukken II, 2013-2014, 33.950, pag. 2 en 6", []),
    (
        f"{OEBP23}::test_15",
        "Kamerstukken II, vergaderjaar 2007-2008, 31 386, nr. 3, Memorie van Toelichting, pag. 10",
        [("31386", "3")],
    ),
    # nllegalcit skips Handelingen; a dossier with "nr." is read as the kamerstuk it names
    (
        f"{OEBP23}::test_16 (skipped there)",
        "Handelingen II, vergaderjaar 2008-2009, 31 386, nr. 43, pag. 3795",
        [("31386", "43")],
    ),
    (f"{OEBP23}::test_17", "Kamerstukken II, 1989-1990, 21591, nr. 3, pag 69/70", [("21591", "3")]),
    (f"{OEBP23}::test_18", "Kamerstukken II, 29612, nr. 7, pag 2-3", [("29612", "7")]),
    (f"{OEBP23}::test_19 (skipped there)", "Handelingen EK 2001-2002, nr. 10, blz. 525", []),
    (f"{OEBP23}::test_20 (skipped there)", "Handelingen II, 1995-1996, 24 692, nr. 3, p. 14", [("24692", "3")]),
    (f"{OEBP23}::test_21 (skipped there)", "Handelingen II, 1996-1997, 24 692, nr. 6, p. 8/9", [("24692", "6")]),
    (f"{OEBP23}::test_22 (skipped there)", "Handelingen I, 1996-1997, 24 692, nr. 228b, p. 4", [("24692", "228b")]),
    (f"{OEBP23}::test_23 (skipped there)", "Handelingen II 2012-2013, nr. 71, item 15, blz 53-69", []),
]


def references_in(text: str) -> list[tuple[str, str]]:
    """The kamerstukken `tracker extract` reports for a text file holding only this text."""
    document = LoadedDocument(path="citation.txt", sha256="", format="txt", text=text)
    return sorted({r.key for r in extract_document(document).references})


@pytest.mark.parametrize(("source", "text", "expected"), CASES, ids=[source for source, _t, _e in CASES])
def test_citation_case(source: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert references_in(text) == sorted(expected)
