"""Item and status rules by phrase family, on the real documents of tests/corpus."""

from __future__ import annotations

from typing import Any

from tests.conftest import CORPUS
from tracker.pipeline.extract import extract_document, extract_file, to_json
from tracker.pipeline.load import load_bytes


def items_of(prefix: str) -> list[dict[str, Any]]:
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    return to_json(extract_file(path))["items"]


def ek_statuses(prefix: str) -> dict[str, str]:
    return {i["ek_nummer"]: i["status"] for i in items_of(prefix) if i.get("ek_nummer")}


def test_register_record_takes_its_status_row_not_its_heading() -> None:
    # "Toezegging <title> (34.287) (T02444)" heads the record; "Status openstaand" is its status
    (item,) = items_of("121")
    assert item["ek_nummer"] == "T02444" and item["id"] is None
    assert item["status"] == "open"
    assert item["text"].startswith("Het bekijken van mogelijkheden voor burgers")


def test_committee_minutes_list_each_number_with_the_status_of_its_line() -> None:
    statuses = ek_statuses("123")
    assert len(statuses) == 27
    for number in ("T02867", "T02849", "T02857", "T02887", "T02908"):  # asked for explanation: no decision
        assert statuses[number] == "mentioned"
    for number in ("T02883", "T02889", "T02897", "T02901", "T03131"):  # als "voldaan" aan te merken
        assert statuses[number] == "closed"
    assert statuses["T02853"] == statuses["T02881"] == "partial"  # als "deels voldaan"
    for number in ("T02442", "T02884", "T02906", "T02869", "T02874", "T03129", "T02444"):  # als "openstaand"
        assert statuses[number] == "open"


def test_number_alone_above_its_agenda_point_is_not_voldaan() -> None:
    # "2.\nT01556\n<title>\nDe commissie besluit ... de toezegging als niet voldaan te beschouwen."
    assert ek_statuses("125") == {"T01556": "open"}


def moties_of(prefix: str) -> dict[str, dict[str, Any]]:
    return {i["id"] or i["name"]: i for i in items_of(prefix) if i["kind"] == "motie"}


def test_moties_listed_by_number_only() -> None:
    # "de volgende door hen ingediende moties opnieuw aan te houden: 29911-226; 31015-168; ..."
    moties = moties_of("131")
    assert len(moties) == 10
    assert {"kst-29911-226", "kst-21501-08-765", "kst-26407-119"} <= set(moties)
    assert {m["status"] for m in moties.values()} == {"mentioned"}  # held, not carried out


def test_moties_listed_number_first_with_the_indiener_after() -> None:
    # "de moties Kamerstuk 32 793, nr. 176 (Dik-Faber), Kamerstuk 32 793, nr. 181 (Wolbert) en ...",
    # then toezeggingen each followed by the AO verslag where it was made: those are no moties
    moties = moties_of("107")
    assert {k: m["name"] for k, m in moties.items()} == {
        "kst-32793-176": "Dik-Faber",
        "kst-32793-181": "Wolbert",
        "kst-32793-185": "Wolbert",
    }


def test_status_cell_of_a_flattened_annex_row_speaks_of_its_own_row() -> None:
    # description cell, "Plenair debat ... (Handelingen II ...)", then "Afgedaan."
    moties = moties_of("117")
    assert moties["Diertens c.s."]["status"] == "closed"
    assert moties["van Tongeren"]["status"] == "closed"
    assert moties["Van den Berg, Diertens, Bosman, Van der Graaf, Van Tongeren, Kuiken en Van Raak"]["status"] == "closed"



def extract_text(text: str) -> dict[str, Any]:
    return to_json(extract_document(load_bytes(text.encode("utf-8"), "brief.txt", ".txt")))


def test_status_label_speaks_of_the_item_named_last_before_it_not_the_item_listed_last() -> None:
    # the label's row names a motie the letter named before; the row above it, another motie
    out = extract_text(
        "Bijlage: overzicht moties\n\n"
        "De motie van het lid Jansen (Kamerstuk 31 985, nr. 95) verzoekt de regering een plan te maken.\n\n"
        "De motie van het lid Pietersen (Kamerstuk 31 985, nr. 96) verzoekt de regering een verkenning te doen.\n\n"
        "De motie van het lid Jansen (Kamerstuk 31 985, nr. 95) over het plan.\n\n"
        "Afgedaan.\n"
    )
    assert {i["id"]: i["status"] for i in out["items"]} == {"kst-31985-95": "closed", "kst-31985-96": "mentioned"}


def test_kamerstuk_further_on_after_the_word_moties_is_no_motie() -> None:
    out = extract_text("De moties zijn besproken in het verslag Kamerstuk 31 066, nr. 663; zie Kamerstuk 31 066, nr. 686.\n")
    assert [i for i in out["items"] if i["kind"] == "motie"] == []
    assert len(out["references"]) == 2


def toezeggingen_of(prefix: str) -> list[dict[str, Any]]:
    return [i for i in items_of(prefix) if i["kind"] == "toezegging"]


def test_promises_in_verb_form_keep_the_promise_as_text() -> None:
    # "Ik heb in het debat eveneens toegezegd dat ...", "Conform mijn toezegging in het genoemde debat zal ..."
    texts = [t["text"] for t in toezeggingen_of("113")]
    assert any(t.startswith("dat de Huishoudelijke Commissie bij de Raming voorstellen zal doen") for t in texts)
    assert any("zich nog buigen over de aanbeveling" in t for t in texts)
    assert {t["status"] for t in toezeggingen_of("113")} == {"mentioned"}  # still to be done, not closed


def test_doe_ik_gestand_about_a_future_act_does_not_close() -> None:
    # "Ik heb afgesproken om de Kamer in het eerste kwartaal van 2017 te informeren ... Die toezegging doe ik
    # uiteraard gestand."
    (item,) = toezeggingen_of("129")
    assert item["text"] == "om de Kamer in het eerste kwartaal van 2017 te informeren over de voortgang op dit punt"
    assert item["status"] != "closed"


def test_postponed_promise_without_the_word_toezegging_is_open() -> None:
    # "Hierbij deel ik u mee dat het niet mogelijk blijkt om uw Kamer ... voor eind 2025 te informeren over ..."
    (item,) = toezeggingen_of("103")
    assert item["status"] == "open" and item["text"].startswith("uw Kamer met voldoende diepgang")


def test_one_closing_formula_with_a_list_of_toezeggingen() -> None:
    # "Met dit verslag wordt tevens voldaan aan de toezegging om ..., en aan de toezegging tijdens het
    # tweeminutendebat sancties op 19 november"
    items = toezeggingen_of("101")
    assert len(items) == 2 and {i["status"] for i in items} == {"closed"}


def test_toezeggingen_listed_with_their_sources_and_a_recurring_one_stays_open() -> None:
    # "Ik ga hierbij in op ... de toezeggingen om de Kamer periodiek te informeren ... (AO Voedsel, ...), over de
    # inventarisatie ... (AO preventie, ...) en de resultaten ... (AO EU-Gezondheidsraad, ...)."
    listed = {i["text"][:31]: i["status"] for i in toezeggingen_of("107") if "(AO" in (i["text"] or "")}
    assert listed == {
        "om de Kamer periodiek te inform": "open",
        "over de inventarisatie van verb": "closed",
        "de resultaten van een vergelijk": "closed",
    }


def test_postponement_to_keep_a_toezegging_is_no_closing() -> None:
    out = extract_text(
        "Tijdens het debat heb ik toegezegd de Kamer te informeren over de evaluatie. Om aan deze toezegging te"
        " kunnen voldoen is meer tijd nodig.\n"
    )
    (item,) = out["items"]
    assert item["status"] == "open"


def added_items(prefix: str) -> list[dict[str, Any]]:
    (path,) = (CORPUS / "added").glob(f"{prefix}_*.txt")
    return to_json(extract_file(path))["items"]


def test_annex_row_takes_its_number_from_its_vindplaats_cell() -> None:
    # "De motie van het lid Wuite c.s.; Verzoekt ..." / "Kamerstukken II 2022/23, 36200 IV, nr. 12" / "Afgedaan. ..."
    moties = {i["id"] or i["name"]: i["status"] for i in added_items("217") if i["kind"] == "motie"}
    assert moties == {"kst-36200-IV-12": "closed", "kst-36200-IV-13": "closed", "Wuite en Van Raan": "mentioned"}


def test_annex_status_cell_closes_its_own_row_only() -> None:
    # "Motie-Van der Ham/Biskop" / "33 000-VIII, nr. 102" / "De motie is afgedaan met de brief aan de Tweede
    # Kamer van 25 april 2013, Kamerstuk 33 187, nr. 39 inzake ... en aangehouden motie 33 187, nr. 34 ..."
    moties = {i["id"]: i["status"] for i in added_items("607") if i["kind"] == "motie"}
    assert moties["kst-33106-71"] == moties["kst-33000-VIII-102"] == moties["kst-33187-37"] == "closed"
    assert moties["kst-33187-34"] == "mentioned"  # named in the cell, the subject of the cited letter
    # "Kamerstuk 33 187, nr. 39 inzake Motie (her)invoering meestertitel 33 000-VIII, nr. 144": in the title
    assert moties["kst-33000-VIII-144"] == "mentioned"
    # 606: cells glued together, indieners surname first ("Vlies, ir. B.J. van der kamerstuk 29 200 VIII, nr.
    # 72De motie is afgedaan met brief d.d. 29 september 2005."); the Lambrechts row says no "afgedaan"
    moties = {i["id"] or i["name"]: (i["name"], i["status"]) for i in added_items("606") if i["kind"] == "motie"}
    assert moties == {
        "kst-29200-VIII-72": ("Hamer, Kraneveldt, Slob, Vendrik en Van der Vlies", "closed"),
        "kst-30300-VIII-129": ("Lambrechts", "mentioned"),
        "Dittrich": ("Dittrich", "closed"),  # printed "kamerstuk 23": no number
    }
    # a row whose motie is not read: its cell does not reach across its dictum to the row before
    rows = extract_text(
        "De Kamer verzoekt de regering een plan te maken.\n\nMotie-Jansen\n\nIn uitvoering.\n\n"
        "De Kamer verzoekt de regering een tweede plan te maken.\n\nDe motie is afgedaan met brief d.d. 1 mei 2006.\n"
    )
    assert [(i["name"], i["status"]) for i in rows["items"]] == [("Jansen", "open")]
    assert any("closing phrase not tied" in w for w in rows["warnings"])


def test_two_moties_of_one_indiener_stay_two() -> None:
    # annex rows "De motie van het lid Krol; Verzoekt ...", the second cut off before its vindplaats
    krol = [i for i in added_items("206") if i["name"] == "Krol"]
    assert [(i["id"], i["status"]) for i in krol] == [("kst-35300-VII-34", "closed"), (None, "mentioned")]
    # "De motie van senator Kox (SP) die ...", "Een andere motie van senator Kox om ..."
    names = sorted(i["name"] for i in added_items("214") if i["kind"] == "motie")
    assert names.count("Kox") == 2 and names.count("Strik") == 2 and "De Graaff" in names


def test_annex_rows_whose_text_comes_before_the_name_are_one_motie_each() -> None:
    # 608: "De Tweede Kamer verzoekt de regering ..." / "Debat [6-11-2014] ..." / "Motie-Straus" / status,
    # and three rows on a second "Motie-Straus" (no kamerstuk in the table)
    straus = [i for i in added_items("608") if i["name"] == "Straus"]
    assert [i["status"] for i in straus] == ["mentioned", "mentioned"]
    # a name repeated in running text is still the one motie
    text = (
        "De Kamer verzoekt de regering een plan te maken.\n\nMotie-Jansen\n\nDe motie-Jansen is in uitvoering.\n\n"
        "Over de motie-Jansen informeer ik u in het najaar.\n"
    )
    assert [i["name"] for i in extract_text(text)["items"]] == ["Jansen"]


def test_motie_moved_in_a_debate_takes_the_number_the_chair_gives() -> None:
    # "Deze motie is voorgesteld door de leden Duyvendak en Vermeij. ... Zij krijgt nr. 22 (30196)."
    (motie,) = [i for i in added_items("216") if i["kind"] == "motie"]
    assert (motie["id"], motie["name"], motie["status"]) == ("kst-30196-22", "Duyvendak en Vermeij", "mentioned")


def test_register_status_field_outweighs_the_promise_it_quotes() -> None:
    # "T01577" / "Toezegging Evaluatie van de wet (33.207)De staatssecretaris ... zegt ... toe ... te zullen
    # evalueren en ... te rapporteren" / "Nummer T01577" / "Status voldaan"
    (item,) = added_items("225")
    assert (item["ek_nummer"], item["status"]) == ("T01577", "closed")
    assert item["text"].startswith("Evaluatie van de wet")


def test_committee_decisions_in_other_words() -> None:
    # "de status van toezegging T01220 blijft ongewijzigd (openstaand)", "2. T01156" / "Toezegging <title>"
    statuses = {i["ek_nummer"]: i["status"] for i in added_items("202")}
    assert statuses == {"T01220": "open", "T01222": "open", "T01223": "open", "T01224": "open", "T01156": "mentioned"}
    # "als deels voldaan geregistreerd te laten", "blijven als openstaand geregistreerd staan"
    assert {i.get("ek_nummer"): i["status"] for i in added_items("201")}["T01753"] == "partial"
    statuses = {i.get("ek_nummer"): i["status"] for i in added_items("203")}
    assert statuses["T03052"] == statuses["T03054"] == "open" and statuses["T03050"] == "closed"


def test_committee_decisions_per_number_in_a_bulleted_list() -> None:
    # "- T01398: de toezegging staat nog open;", "- T02201: de toezegging is deels voldaan;",
    # "- T02447: de toezegging is voldaan.", "- T01575: de deadline wordt op 1 januari 2022 gezet;",
    # "- T01757: de toezegging wordt als legisprudentie aangemerkt;", and a last line cut off: "- T02415: de toezeg"
    statuses = {i["ek_nummer"]: i["status"] for i in added_items("602")}
    assert len(statuses) == 18
    assert {n for n, s in statuses.items() if s == "closed"} == {"T02447", "T02451"}
    assert statuses["T02201"] == "partial" and statuses["T02415"] == "mentioned"
    assert statuses["T01398"] == statuses["T01757"] == statuses["T01575"] == statuses["T02401"] == "open"


def test_counted_toezeggingen_are_the_parts_of_the_sentence_that_delivers_them() -> None:
    # "... een tweetal toezeggingen gedaan, die ik hiermee gestand wil doen. Bijgevoegd treft u daartoe een
    # actuele stand van zaken aan op de arbeidstijdenrichtlijn, alsmede een toelic" (cut off)
    promises = {t["text"]: t["status"] for t in added_items("611") if t["kind"] == "toezegging"}
    assert promises == {"een actuele stand van zaken aan op de arbeidstijdenrichtlijn": "closed", "een toelic": "closed"}
    # as many parts as counted, or no item at all; without "hiermee gestand" nothing is closed
    three = extract_text(
        "Ik heb in het AO twee toezeggingen gedaan. Bijgevoegd treft u het rapport, de brief en de analyse.\n"
    )
    assert [i for i in three["items"] if i["kind"] == "toezegging"] == []
    two = extract_text("Ik heb in het AO twee toezeggingen gedaan. Bijgevoegd treft u het rapport en de analyse.\n")
    assert sorted((i["text"], i["status"]) for i in two["items"]) == [
        ("de analyse", "mentioned"), ("het rapport", "mentioned")
    ]


def test_more_ways_to_name_a_toezegging() -> None:
    # "Conform de toezegging daarover tijdens de Algemene Politieke Beschouwingen wordt ook ingegaan op ..."
    assert any(t["text"].startswith("de toezegging daarover tijdens") and t["status"] == "closed"
               for t in added_items("219") if t["kind"] == "toezegging")  # fmt: skip
    # "Tevens informeer ik u over de invulling van de toezeggingen omtrent de GBA die ik in het Algemeen
    # Overleg ... op 13 april jl. heb gedaan en in het Algemeen Overleg handhaving op 26 april jl."
    gba = [t for t in added_items("223") if t["kind"] == "toezegging"]
    assert len(gba) == 2 and {t["status"] for t in gba} == {"closed"}
    assert gba[0]["text"].endswith("op 13 april jl. heb gedaan")
    # "uw Kamer voor het begrotingsdebat een eerste rapportage over de voortgang toegezegd"
    assert any(t["text"] == "voor het begrotingsdebat een eerste rapportage over de voortgang"
               for t in added_items("231") if t["kind"] == "toezegging")  # fmt: skip
    # "de minister een toezegging heeft gedaan, namelijk dat honden ... niet geëuthanaseerd mogen worden"
    (promise,) = [t for t in added_items("234") if t["kind"] == "toezegging"]
    assert promise["text"].startswith("namelijk dat honden") and promise["status"] == "mentioned"


def test_a_bonus_promised_to_others_is_no_toezegging() -> None:
    # "de motie-Kox c.s. over het uitkeren van de toegezegde bonus voor zorgverleners"
    assert [t for t in added_items("215") if t["kind"] == "toezegging"] == []


def test_a_status_phrase_in_a_motie_dictum_is_the_request_not_a_status() -> None:
    # annex row: "De motie van de leden ...; Verzoekt de regering ... de Tweede Kamer te informeren over de wijze
    # waarop dit wo[rdt uitgevoerd]" / vindplaats / "Afgedaan."
    moties = {i["id"]: i["status"] for i in added_items("207") if i["kind"] == "motie"}
    assert moties["kst-35925-VII-159"] == "closed"
    # a row of a flattened annex: dictum, "28 385, nr. 70, Motie Waalkens c.s.", "Wordt uitgevoerd."
    assert {i["id"]: i["status"] for i in items_of("018")}["kst-28385-70"] == "open"


def test_table_headers_are_no_indieners_and_motie_van_takes_the_name() -> None:
    out = extract_text(
        "Omschrijving motie Vindplaats Stand van Zaken\n"
        "Motie van Haverkamp over het benadrukken van politiespecifieke elementen in een nieuwe functiewaardering.\n"
    )
    assert [i["name"] for i in out["items"]] == ["Haverkamp"]


def test_a_closing_phrase_does_not_reach_into_the_next_clause() -> None:
    out = extract_text(
        "Hiermee is de motie Jansen (Kamerstuk 36 100, nr. 6) afgedaan, en over de motie Pietersen (Kamerstuk"
        " 36 100, nr. 7) informeer ik u in de bijlage.\n"
    )
    assert {i["id"]: i["status"] for i in out["items"]} == {"kst-36100-6": "closed", "kst-36100-7": "mentioned"}
    # a follow-up announced in the sentence, in the present tense too, keeps what it names open
    out = extract_text(
        "Hiermee is de motie Jansen (Kamerstuk 36 100, nr. 6) afgedaan, en over de motie Pietersen (Kamerstuk"
        " 36 100, nr. 7) informeer ik u na de zomer.\n"
    )
    assert {i["id"]: i["status"] for i in out["items"]}["kst-36100-7"] == "open"


def test_zoals_toegezegd_with_when_and_how_delivers_now_or_later() -> None:
    # 410: "Zoals eerder dit jaar schriftelijk1 toegezegd, informeer ik u via deze brief over ..."
    (item,) = [i for i in added_items("410") if i["kind"] == "toezegging"]
    assert item["status"] == "closed"
    # a delivery announced after the participle is still to come
    out = extract_text(
        "Zoals in het debat van 3 maart toegezegd, ontvangt u na de zomer de evaluatie van de regeling.\n\n"
        "Zoals ik u voor de zomer heb toegezegd, stuur ik u hierbij het rapport over de regeling.\n"
    )
    statuses = [i["status"] for i in out["items"]]
    assert statuses == ["open", "closed"]


def test_conform_eerdere_toezegging_closes_only_what_is_reported_done() -> None:
    # 412: "Het massale proces ... is conform eerdere toezegging vóór 1 april afgerond."
    (item,) = [i for i in added_items("412") if i["kind"] == "toezegging"]
    assert item["status"] == "closed"
    out = extract_text("De evaluatie wordt conform eerdere toezegging voor de zomer afgerond.\n")
    assert [i["status"] for i in out["items"]] != ["closed"]


def test_changed_motie_takes_the_number_the_chair_gives_it() -> None:
    # 404: "De motie-Schouw/Braakhuis (21501-20, nr. 513) is in die zin gewijzigd ... Zij krijgt nr. 526 (21501-20)."
    moties = sorted(i["id"] for i in added_items("404") if i["kind"] == "motie")
    assert moties == ["kst-21501-20-514", "kst-21501-20-526"]


def test_toezeggingen_gestand_gedaan_by_a_change_still_to_come_stay_open() -> None:
    # 415: "De destijds gedane toezeggingen worden met de navolgende doorontwikkeling gestand gedaan.
    # De mogelijkheid ... wordt binnenkort ingevoerd."
    (item,) = [i for i in added_items("415") if i["kind"] == "toezegging"]
    assert item["status"] != "closed"


def test_eerste_kamer_number_printed_with_the_letter_o_is_read_with_a_zero() -> None:
    # 801: "Deze toezegging is bij uw Kamer geregistreerd onder nr. TO3357.5" (footnote marker 5 glued)
    out = to_json(extract_file(next((CORPUS / "added").glob("801_*.txt"))))
    (item,) = out["items"]
    assert (item["ek_nummer"], item["status"]) == ("T03357", "mentioned")
    assert "TO3357" in item["quote"]  # the quote keeps what was printed
    assert any("'TO3357'" in w and "T03357" in w for w in out["warnings"])
    # without the word toezegging before it, "nr. T03357" is no register number
    assert extract_document(load_bytes(b"Het kenteken is geregistreerd onder nr. TO3357.\n", "b.txt", ".txt")).items == []


def test_toezeggen_split_and_in_the_past_and_by_the_presidium() -> None:
    # 804: "Op !6 maart zegde de bewindsman toe de vragen binnen 2 à 3 weken te beantwoorden."
    (item,) = [i for i in added_items("804") if i["kind"] == "toezegging"]
    assert (item["text"], item["status"]) == ("de vragen binnen 2 à 3 weken te beantwoorden", "mentioned")
    # 810: "Het Presidium had al toegezegd de wens van de Kamer te honoreren."
    (item,) = [i for i in added_items("810") if i["kind"] == "toezegging"]
    assert (item["text"], item["status"]) == ("de wens van de Kamer te honoreren", "mentioned")
    # a bewindspersoon by name, and an aside between commas
    text = (
        "Op 16 maart zegde staatssecretaris Knops toe de vragen binnen drie weken te beantwoorden.\n\n"
        "De minister zegt de Kamer, naar aanleiding van een vraag van het lid Verheijen, toe dat zij de regeling bekijkt.\n"
    )
    assert [i["text"] for i in extract_text(text)["items"]] == [
        "de vragen binnen drie weken te beantwoorden",
        "dat zij de regeling bekijkt",
    ]
    # a register record's text under its heading "Toezegging Nieuwe definities (26.671/30.036) (T00476)"
    # ("Minister Donner zegt toe ...") is that numbered toezegging, not a second one
    assert [i.get("ek_nummer") for i in added_items("603") if i["kind"] == "toezegging"][:1] == ["T00476"]
    assert all(i.get("ek_nummer") for i in added_items("603") if i["kind"] == "toezegging")


def test_a_toezegging_asked_for_is_no_toezegging() -> None:
    # 816: "Genoemde leden willen de toezegging dat deze culturele aspecten worden meegenomen ..."
    assert added_items("816") == []
    text = (
        "De leden vragen de regering om een toezegging dat de evaluatie voor de zomer komt. "
        "Zij vragen de regering toe te zeggen dat de Kamer wordt geïnformeerd.\n"
    )
    assert extract_document(load_bytes(text.encode(), "b.txt", ".txt")).items == []


def test_a_closing_phrase_about_a_document_still_to_come_does_not_close() -> None:
    # 1007: "De voortgangsrapportage ... ontvangt u voor de begrotingsbehandeling onderwijs begin november.
    # Daarin beantwoord ik tevens de motie van de leden Vermue en Van Dekken ..."
    (item,) = added_items("1007")
    assert (item["name"], item["status"]) == ("Vermue en Van Dekken", "open")
    # after a delivery now, the same words close the motie; "Hiermee" points at this letter
    statuses = [
        i["status"]
        for text in (
            "Hierbij stuur ik u het rapport. Daarmee beantwoord ik tevens de motie van het lid Jansen.\n",
            "Het rapport stuur ik u na de zomer. Hiermee beantwoord ik tevens de motie van het lid Jansen.\n",
            "Het rapport stuur ik u na de zomer. Daarmee geef ik invulling aan de motie van het lid Jansen.\n",
        )
        for i in extract_text(text)["items"]
    ]
    assert statuses == ["closed", "closed", "open"]
    # "In die rapportage" points at the announced document too; "In dat kader" names none
    out = extract_text(
        "Het rapport stuur ik u na de zomer. In die rapportage beantwoord ik tevens de motie van het lid Jansen.\n\n"
        "Het rapport stuur ik u na de zomer. In dat kader beantwoord ik hiermee de motie van het lid Pietersen.\n"
    )
    assert [(i["name"], i["status"]) for i in out["items"]] == [("Jansen", "open"), ("Pietersen", "closed")]


def test_this_letter_by_its_kind_and_an_afdoening_close() -> None:
    # 1012: "Met deze hoofdlijnenbrief geef ik ook invulling aan de motie Holman-Vedder1 ... en aan mijn
    # toezegging in het commissiedebat van 4 september 2024 ...": both items of the list
    assert {i["kind"]: i["status"] for i in added_items("1012")} == {"motie": "closed", "toezegging": "closed"}
    # 1010: "Dit is een afdoening van de motie van het Tweede Kamerlid Van der Plas (BBB)." under the
    # title "Kamerbrief over motie Van der Plas ...", whose lead "Minister Harbers (IenW) informeert de
    # Tweede Kamer over de uitkomsten van de studie" says what the letter does, not what comes later
    (item,) = added_items("1010")
    assert (item["name"], item["status"]) == ("Van der Plas", "closed")
    out = extract_text("Over de afdoening van de motie van het lid Jansen bericht ik u na de zomer.\n")
    assert [i["status"] for i in out["items"]] == ["open"]


def test_in_deze_brief_zal_ik_tells_what_this_letter_holds() -> None:
    # 1005: "..., zoals toegezegd tijdens het Commissiedebat ... (Kamerstuk 22 112, nr. 3301) In deze brief
    # zal ik achtereenvolgens ingaan op ...": delivered now
    (item,) = added_items("1005")
    assert item["status"] == "closed"


def test_more_ways_to_name_a_motie_and_a_toezegging() -> None:
    # 1003: "de reactie op aangenomen moties Defensiebegroting 2010 (32 123 X, nr. 89)": moties as a class
    assert added_items("1003") == []
    # 1008: "In de motie die SP-leider Lilian Marijnissen had ingediend ..."
    assert [i["name"] for i in added_items("1008")] == ["Lilian Marijnissen"]
    # 1017: "heb ik naar aanleiding van vragen van het lid Nagel (50PLUS) toegezegd u nader te informeren ..."
    (item,) = added_items("1017")
    assert item["text"].startswith("u nader te informeren over de uitkomsten van het dossieronderzoek")
    # 1019: "De toegezegde informatie zal ik u ... doen toekomen" is the promise told before it
    (item,) = added_items("1019")
    assert item["text"].startswith("u in januari 2013 de Railmap ERTMS toe te zenden")
    assert item["status"] == "open"  # "... zal ik u uiterlijk voor donderdag 14 februari a.s. doen toekomen"
    # with no promise before it in its paragraph, the promised thing is an item of its own
    out = extract_text("In de bijlage vindt u de toegezegde informatie.\n")
    assert [(i["text"], i["status"]) for i in out["items"]] == [("informatie", "closed")]


def test_a_pronoun_promises_when_it_points_back_to_a_bewindspersoon() -> None:
    # 1004: "... met deze staatssecretaris. Hij weigerde te erkennen dat er een serieus probleem was. Wel zegde
    # hij toe dat hij nog eens met de uitvoerders zou gaan praten, maar hij zegde niet toe dat ..."
    (item,) = added_items("1004")
    assert (item["text"], item["status"]) == ("dat hij nog eens met de uitvoerders zou gaan praten", "mentioned")
    # someone else named in between, or no bewindspersoon at all: no toezegging
    for text in (
        "De minister sprak met de burgemeester. Hij zegde toe dat de weg open blijft.\n",
        "De directeur van de uitvoerder was aanwezig. Hij zegde toe dat de regeling wordt aangepast.\n",
    ):
        assert extract_text(text)["items"] == [], text
    out = extract_text("De staatssecretaris was kort. Hij zegt toe dat de regeling wordt geëvalueerd.\n")
    assert [i["text"] for i in out["items"]] == ["dat de regeling wordt geëvalueerd"]


def test_words_where_an_indiener_would_stand_that_name_no_member() -> None:
    # sentences of real pages (an Eerste Kamer verslag, news pages, a council party's page)
    for text in (
        # a sentence glued to a heading without a full stop
        "De vaste commissie heeft schriftelijk overleg gevoerd met de Minister van Asiel en Migratie over het"
        " rappel toezeggingen en moties Bijgaand brengt de commissie hiervan verslag uit.\n",
        # a party is no indiener (as the gold annotations read "moties van D66 en GroenLinks")
        "In een motie van GroenLinks-PvdA stelt de meerderheid vast dat het kabinet aanbevelingen vooruitschuift.\n",
        # a council motie named by its title
        "Als voorbeeld is tijdens de raadsvergadering de motie Onderzoek gedragsverandering aangenomen.\n",
    ):
        assert extract_text(text)["items"] == [], text
    # a possessive names whose partijgenoot moved the motie, not the indiener
    out = extract_text(
        "De brief over de Belastingdienst werd opgesteld na een motie van Hoekstra's partijgenoot Pieter Omtzigt"
        " en gaat over situaties waarin de Belastingdienst de wet heeft overtreden.\n"
    )
    assert [i["name"] for i in out["items"]] == ["Pieter Omtzigt"]
    # surnames that look like words or start with a particle stay indieners
    for text, name in (
        ("Ik verwijs naar de motie Van der Meer c.s. over de zorg.\n", "Van der Meer c.s."),
        ("Ik verwijs naar de motie De Graaf over het correctief referendum.\n", "De Graaf"),
        ("Ik verwijs naar de motie Groen over de zorg.\n", "Groen"),
        ("Ik verwijs naar de aangehouden motie-Klein (34073, nr. 1).\n", "Klein"),
    ):
        assert [i["name"] for i in extract_text(text)["items"]] == [name], text
