"""Closing words in real text: the sentences that close an item, and those that only sound like it.

The sentences of the first four tests are quoted from real letters, registers, debates, moties and news pages
(sources in the comments); the later tests put real closing formulas on a condition, in the future, in
another's mouth, past a ";" or in a motie's considerans, and check that the same words as they stand
still close.
A false "closed" hides work that is still owed, so the sentences that close nothing matter most: a
motie's own text that speaks of a letter giving effect to it, a closing verb about what is still to
come, a member's complaint, a vote, a question, a promise refused.
"""

from __future__ import annotations

from typing import Any

import pytest

from tracker.pipeline.extract import extract_document, to_json
from tracker.pipeline.load import load_bytes


def statuses(text: str) -> dict[str, str]:
    """Each item's status in a letter of this text, by its name, text or kamerstuk."""
    items: list[dict[str, Any]] = to_json(extract_document(load_bytes(text.encode("utf-8"), "brief.txt", ".txt")))[
        "items"
    ]
    return {item["name"] or item["id"] or item["text"]: item["status"] for item in items}


def test_one_closing_formula_closes_the_motie_and_the_toezeggingen_it_lists() -> None:
    # Verslag Raad Buitenlandse Zaken van 17 maart 2025 (2025D13965)
    found = statuses(
        "Met dit verslag wordt tevens voldaan aan de toezegging en de motie met betrekking tot het informeren van "
        "de Kamer over de Nederlandse inzet ten aanzien van de bescherming van het Internationale Strafhof, de "
        "toezegging om een terugkoppeling te geven van de reis naar Armenië en Turkije, de motie van het lid van "
        "den Burg c.s. over pleiten voor gerichte sancties tegen Rwandese betrokkenen bij M23 en de toezegging aan "
        "van Dijk over het ingaan op mogelijk Europese bijdrage aan plan van Egypte en Arabische landen voor "
        "wederopbouw in Gaza."
    )
    assert found["van den Burg c.s."] == "closed"
    assert found["de toezegging om een terugkoppeling te geven van de reis naar Armenië en Turkije"] == "closed"
    assert set(found.values()) == {"closed"}


@pytest.mark.parametrize(
    ("text", "item"),
    [
        # LVVN-inzet in de EU (2024D51302): the letter itself gives effect to the motie
        (
            "In deze brief geven wij, de minister en de staatssecretaris van Landbouw, Visserij, Voedselzekerheid en "
            "Natuur aan hoe wij op hoofdlijnen onze inzet in de EU vormgeven om onze prioriteiten en ambities uit het "
            "Regeerprogramma te realiseren. Met deze brief geven wij tevens gevolg aan de motie Van Campen c.s.1 "
            "Uiteraard blijven wij hiernaast de Kamer informeren over lopende EU-onderhandelingen volgens de staande "
            "EU-informatieafspraken2, zoals door middel van de geannoteerde agenda’s en verslagen van vergaderingen "
            "van de Landbouw- en Visserijraad en de Milieuraad, en BNC-fiches.",
            "Van Campen c.s.",
        ),
        # Eerste Kamer, 34 652, F: "Zoals toegezegd", with its footnote marker, and the copy sent now
        (
            "Zoals toegezegd1, stuur ik u een afschrift van de brief «Mensen met een middeninkomen» aan de Tweede "
            "Kamer met daarin de uitwerking van de noodknop middenhuur.",
            "Zoals toegezegd",
        ),
    ],
)
def test_the_letter_that_does_what_was_asked_closes(text: str, item: str) -> None:
    assert statuses(text)[item] == "closed"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a motie's own text, quoting a letter that says how the earlier motie is given effect (PVV, 2013)
        (
            "De Kamer,\ngehoord de beraadslaging,\n\nconstaterende dat in brief op stuk 29984, nr. 386 de "
            "bewindslieden aangeven op welke manier er invulling wordt gegeven aan de motie-De Graaf c.s. (29984, nr "
            '379);\nconstaterende dat hier geen sprake is van "orde op zaken stellen", zoals gesteld wordt in de '
            "betreffende motie;",
            {"De Graaf c.s.": "mentioned"},
        ),
        # Kamerstuk 32 813, nr. 448: the motie asks for a package; the cabinet will report before 1 April
        (
            "Conform de motie van het lid Van der Lee, zal het kabinet uw Kamer hier voor 1 april nader over "
            "informeren.",
            {"Van der Lee": "open"},
        ),
        # Geannoteerde agenda RAZ, 3 november 2023: the letter goes into a subject, "mede ter uitvoering"
        (
            "Verder zal in deze brief, mede ter uitvoering van motie van het lid Dassen2, worden ingegaan op de "
            "huidige stand van zaken en verbetermogelijkheden van het spitzenkandidatensysteem.",
            {"Dassen": "mentioned"},
        ),
        # Eerste Kamer, interpellatie-Kox, 16 juni 2020: a motie the Kamer says is not carried out
        (
            "Aan de orde is de voortzetting van de interpellatie-Kox, gericht tot de minister van Binnenlandse Zaken "
            "en Koninkrijksrelaties, over het alsnog op enigerlei wijze uitvoeren van de motie-Kox c.s. over een "
            "tijdelijke huurstop voor zowel de sociale sector als de vrije sector.",
            {"Kox c.s.": "mentioned"},
        ),
        # Eerste Kamer, 17 maart 2015: a member on a promise not kept
        (
            "Er is toegezegd dat er per 1 maart een AMvB zou komen maar die is er niet.",
            {"dat er per 1 maart een AMvB zou komen maar die is er niet": "mentioned"},
        ),
        # Eerste Kamer, stemmingen 11 februari 2020: a vote, not a status
        (
            "Aan de orde zijn de stemmingen over moties, ingediend bij het debat over het eindrapport van de "
            "staatscommissie parlementair stelsel,\n\nte weten:\n\n  • de motie-Van Hattem c.s. over de afschaffing "
            "van de Eerste Kamer (34430, letter N);\n  • de gewijzigde motie-Cliteur c.s. over het bindend correctief "
            "referendum (34430, letter S, was letter O);",
            {"Van Hattem c.s.": "mentioned", "Cliteur c.s.": "mentioned"},
        ),
        # Handelingen II 2018/19, nr. 75, item 26: moties held over
        (
            "Op verzoek van een aantal leden stel ik voor de volgende door hen ingediende moties opnieuw aan te "
            "houden: 22452-60; 28089-113; 27858-431; 33037-243.",
            {
                "kst-22452-60": "mentioned",
                "kst-28089-113": "mentioned",
                "kst-27858-431": "mentioned",
                "kst-33037-243": "mentioned",
            },
        ),
        # no item at all: a promise refused, a question, moties in general, a request answered
        (
            "Ik ben dit dossier begonnen met zeggen: ik wil geen valse verwachtingen wekken of zaken toezeggen die ik "
            "niet kan nakomen.",
            {},
        ),
        ("Is materieel aan zijn eisen voldaan door overplaatsing naar een TBS-inrichting?", {}),
        (
            "Moties die de regering bereid is onverkort uit te voeren, hoeven niet langer deel uit te laten maken van "
            "de beraadslaging en niet in stemming te komen.",
            {},
        ),
        ('"In deze memo bekijk ik of de gedane beloftes nagekomen en moties uitgevoerd zijn.', {}),
        (
            "Tijdens de eerste termijn van dat debat heeft Uw Kamer verzocht om voor aanvang van de tweede termijn "
            "aanvullende informatie te verschaffen over een aantal onderwerpen. Met deze brief komen we aan dat verzoek "
            "tegemoet, mede",
            {},
        ),
    ],
)
def test_closing_words_that_close_nothing(text: str, expected: dict[str, str]) -> None:
    assert statuses(text) == expected


def test_a_register_closes_the_motie_it_reports_done_and_not_the_one_still_being_worked_out() -> None:
    # Begroting OCW 2019, bijlage 3 "Moties en toezeggingen" (rijksfinancien.nl): one row per motie,
    # its "Stand van zaken" under it
    found = statuses(
        "Bijlage 3: Moties en toezeggingen\n\nA. Door de Staten-Generaal aanvaarde moties\n\n"
        "De Tweede Kamer verzoekt de regering de Kamer te informeren over maatregelen die de inspectie genomen "
        "heeft, dan wel kan nemen tegen scholen die basiswaarden ondermijnen.\n\n"
        "Debat [27-06-2018] – VAO Preventieve radicalisering (AO d.d. 20/6)\n\nMotie-Van Dijk\n\n"
        "Op dit moment wordt bekeken hoe de uitvoering van de motie kan worden vormgegeven.\n\n"
        "De Tweede Kamer verzoekt de regering nog voor de zomer met een plan van aanpak te komen om de rol én "
        "positie van vertrouwenspersonen te versterken.\n\n"
        "Debat [22-02-2018] – Plenair debat over seksuele intimidatie op de werkvloer\n\nMotie-Özütok\n\n"
        "Aan de motie is uitvoering gegeven met de brief van de Staatssecretaris van Sociale Zaken en "
        "Werkgelegenheid aan de Tweede Kamer Onderzoek vertrouwenspersonen in arbeidsorganisaties van 14 juni 2018.\n"
    )
    assert found == {"Van Dijk": "mentioned", "Özütok": "closed"}


@pytest.mark.parametrize(
    "text",
    [
        "Zodra het wetsvoorstel is aangenomen, beschouw ik de motie van het lid Jansen als uitgevoerd.",
        "Pas wanneer de regeling in werking is getreden, kan de motie van het lid Jansen als afgedaan worden beschouwd.",
        "Als de evaluatie gereed is, is daarmee de motie van het lid Jansen uitgevoerd.",
        "Ik beschouw de motie van het lid Jansen als afgedaan zodra de regeling in werking is getreden.",
        "Na publicatie van het rapport in het najaar zal de motie van het lid Jansen als afgedaan worden beschouwd.",
        "Daarmee zou ik de motie van het lid Jansen als afgedaan beschouwen.",
        "Alleen als de wet is aangenomen, is hiermee de motie van het lid Jansen uitgevoerd.",
        "Maar als de regeling er komt, is daarmee de motie van het lid Jansen uitgevoerd.",
        "Op het moment dat de regeling er is, is hiermee de motie van het lid Jansen uitgevoerd.",
        "Voor zover het kabinet kan nagaan, is daarmee de motie van het lid Jansen uitgevoerd.",
        # what is still to come is announced in the next sentence
        "Hiermee is de motie van het lid Jansen uitgevoerd. De minister informeert de Kamer over de verdere "
        "uitvoering in de volgende voortgangsrapportage.",
    ],
)
def test_a_closing_phrase_on_a_condition_or_of_the_future_keeps_the_item_open(text: str) -> None:
    # said of what is still to happen, it reports nothing done; the same words as they stand close
    assert statuses(text) == {"Jansen": "open"}


def test_the_same_closing_words_as_they_stand_still_close() -> None:
    # "Als reactie op ..." opens no condition; the formulas above, their conditions taken away
    assert statuses(
        "Als reactie op de vragen van de commissie beschouw ik hiermee de motie van het lid Jansen als uitgevoerd."
    ) == {"Jansen": "closed"}
    assert statuses("Daarmee is de motie van het lid Jansen uitgevoerd.") == {"Jansen": "closed"}


def test_a_letter_addresses_the_toezegging_in_its_own_part_of_the_sentence() -> None:
    # past a ";" the sentence speaks of something else (tests/corpus/added/107 closes a list joined by ", en op")
    found = statuses(
        "In deze brief ga ik in op de motie van het lid Jansen; de toezegging aan het lid De Vries over de monitor "
        "wordt in een aparte brief behandeld."
    )
    assert [status for item, status in found.items() if item.startswith("de toezegging")] == ["mentioned"]
    found = statuses("In deze brief ga ik in op de motie van het lid Jansen en op de toezegging aan het lid De Vries.")
    assert [status for item, status in found.items() if item.startswith("de toezegging")] == ["closed"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what someone else says or writes declares nothing in this document
        (
            "De heer Jansen (SP): De minister zegt: hiermee is de motie-Kox uitgevoerd. Maar dat is niet zo.",
            "mentioned",
        ),
        (
            "Volgens de minister is hiermee de motie van het lid Kox uitgevoerd, maar de leden zien dat anders.",
            "mentioned",
        ),
        ('De staatssecretaris schreef: "Daarmee beschouw ik de motie van het lid Kox als afgedaan."', "mentioned"),
        ("Hiermee is de motie van het lid Kox uitgevoerd, aldus de minister.", "mentioned"),
        # the author's own statement
        ("Ik stel vast dat hiermee is voldaan aan de motie van het lid Kox.", "closed"),
        ("Daarom stelt het kabinet vast dat hiermee is voldaan aan de motie van het lid Kox.", "closed"),
    ],
)
def test_a_closing_phrase_reported_of_another_declares_nothing(text: str, expected: str) -> None:
    assert statuses(text) == {"Kox": expected}


def test_a_motie_considerans_is_the_kamers_text_not_a_closing() -> None:
    # the real considerans of 040 ("... de bewindslieden aangeven op welke manier er invulling wordt gegeven
    # aan de motie-De Graaf c.s.") in the words of a closing formula
    found = statuses(
        "De Kamer,\n\ngehoord de beraadslaging,\n\nconstaterende dat met de brief van 3 maart 2021 is invulling "
        "gegeven aan de motie-De Graaf c.s. (29984, nr. 379);\n\nverzoekt de regering, alsnog personele "
        "consequenties te verbinden,\n\nen gaat over tot de orde van de dag.\n"
    )
    assert found == {"De Graaf c.s.": "mentioned"}
    # the same words in a letter close
    assert statuses("Met mijn brief van 3 maart 2021 is invulling gegeven aan de motie-De Graaf c.s.") == {
        "De Graaf c.s.": "closed"
    }


@pytest.mark.parametrize(
    "text",
    [
        "En is hiermee de motie van het lid Jansen uitgevoerd?",
        "Kortom, is daarmee de motie van het lid Jansen uitgevoerd?",
        "De leden vragen, is hiermee de motie van het lid Jansen uitgevoerd?",
    ],
)
def test_a_closing_phrase_in_a_question_closes_nothing(text: str) -> None:
    assert statuses(text) == {"Jansen": "mentioned"}


def test_the_promised_thing_by_its_kind_alone_is_the_promise_before_it_only_when_that_one_speaks_of_it() -> None:
    # delivering "het toegezegde overzicht" says nothing of an earlier promise that the subsidy stays
    assert statuses(
        "Tijdens het debat heeft de minister toegezegd dat de subsidie blijft. In de bijlage vindt u het toegezegde "
        "overzicht."
    ) == {"dat de subsidie blijft": "mentioned", "overzicht": "closed"}
    # "de toegezegde informatie" is the promise to inform, put off
    assert statuses(
        "In een eerder stadium heb ik toegezegd u in januari te informeren over de voortgang. De toegezegde "
        "informatie zal ik u uiterlijk voor 14 februari doen toekomen."
    ) == {"u in januari te informeren over de voortgang": "open"}
