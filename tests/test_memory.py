"""Memory of the stages on hostile text stays a small multiple of the text's size.

Each check traces the Python allocations (tracemalloc) of one stage on about 1 MB of a shape that a
careless implementation turns into one Python object per character or per word (a list of
positions, a list of words). The full measurement, of every shape read and extracted at 1 and 10
MB, is `python scripts/bench.py --hostile-only`."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest

from tracker.pipeline.hidden import make_plain
from tracker.pipeline.items import ItemFinder, merge_items
from tracker.pipeline.load import load_bytes
from tracker.pipeline.normalise import normalise
from tracker.pipeline.references import find_references
from tracker.pipeline.sentences import SentenceIndex, split_sentences
from tracker.pipeline.spaces import fold_spaces
from tracker.pipeline.status import assign_status
from tracker.rules import load_rules

SIZE = 2**20


def peak_growth(work: Callable[[], Any]) -> float:
    """The peak of memory allocated while `work` runs, in bytes."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        result = work()
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    del result
    return peak


@pytest.mark.parametrize("unit", ["[", "-", "<a b ", "#"])
def test_normalising_markup_characters_costs_no_object_per_character(unit: str) -> None:
    text = "Zie " + unit * (SIZE // len(unit))
    peak = peak_growth(lambda: normalise(text))
    assert peak < 3 * len(text), f"{peak / len(text):.1f}x the text"


@pytest.mark.parametrize("unit", ["Zie\n", "a\n"])
def test_one_short_line_repeated_costs_no_object_per_line(unit: str) -> None:
    text = "Kamerbrief over de motie Jansen\n\n" + unit * (SIZE // len(unit)) + "Slot van de brief.\n"
    normalised = normalise(text)
    assert normalised.removed_headers == [unit.strip()]  # a running header, taken out
    assert normalised.body == "Kamerbrief over de motie Jansen\n\nSlot van de brief.\n"
    peak = peak_growth(lambda: normalise(text))
    assert peak < 6 * len(text), f"{peak / len(text):.1f}x the text"


def test_folding_white_space_costs_no_object_per_word() -> None:
    text = "Zie nr  \n" * (SIZE // 9)
    folded = fold_spaces(text)
    assert folded == " ".join(text.split()) + " "
    peak = peak_growth(lambda: fold_spaces(text))
    assert peak < 2 * len(text), f"{peak / len(text):.1f}x the text"


def test_a_web_page_of_short_words_is_read_within_a_few_times_its_size() -> None:
    data = b"<html><body><p>" + b"Zie nr " * (SIZE // 7) + b"</p></body></html>"
    document = load_bytes(data, "page.html", ".html")
    assert document.text.startswith("Zie nr Zie nr")
    peak = peak_growth(lambda: load_bytes(data, "page.html", ".html"))
    assert peak < 8 * len(data), f"{peak / len(data):.1f}x the page"


def test_hidden_characters_in_every_word_keep_a_compact_map() -> None:
    text = "motie\u00a0Grin\u200bwis c.s.\u00ad " * (SIZE // 20)
    plain, hidden = make_plain(text)
    assert hidden is not None and plain.startswith("motie Grinwis c.s. ")
    assert hidden.original("Grinwis c.s.") == "Grin\u200bwis c.s."
    peak = peak_growth(lambda: make_plain(text))
    assert peak < 2.5 * len(text.encode()), f"{peak / len(text.encode()):.1f}x the text"


def test_a_page_of_short_sentences_keeps_no_object_per_sentence() -> None:
    normalised = normalise("Dr. A. " * (SIZE // 7))
    sentences = split_sentences(normalised)
    assert len(sentences) > SIZE // 8  # "Dr. A." is a sentence each time
    assert sentences[1].text == "Dr. A." and sentences[-1].text == "Dr. A."
    peak = peak_growth(lambda: split_sentences(normalised))
    assert peak < 6 * len(normalised.body), f"{peak / len(normalised.body):.1f}x the text"
    index_peak = peak_growth(lambda: SentenceIndex(sentences, normalised))
    assert index_peak < 6 * len(normalised.body), f"{index_peak / len(normalised.body):.1f}x the text"


def test_references_back_to_back_are_kept_in_arrays() -> None:
    normalised = normalise("12 345 nr. 5 " * (SIZE // 13))
    sentences = split_sentences(normalised)
    rules = load_rules()
    references = find_references(normalised, sentences, rules)
    assert len(references) == SIZE // 13  # every one found, each in its sentence
    assert references[-1].key == ("12345", "5") and references[-1].text == "12 345 nr. 5"
    assert references[-1].sentence == len(sentences) - 1
    peak = peak_growth(lambda: find_references(normalised, sentences, rules))
    assert peak < 4 * len(normalised.body), f"{peak / len(normalised.body):.1f}x the text"


@pytest.mark.parametrize(
    ("unit", "bound"),
    [
        ("TZ202511-004 ", 6),  # register numbers in one sentence
        ("de motie Jansen en ", 5),  # moties without end
        ("De motie Jansen (Kamerstuk 31 985, nr. 95) is uitgevoerd. Daarmee wordt deze motie als afgedaan beschouwd. ", 6),
        ("motie Grinwis c.s. (Kamerstuk 21 501-02, nr. 3) ", 4),  # hidden characters in every word, made plain
    ],
)
def test_a_name_or_number_printed_again_and_again_keeps_its_mentions_in_arrays(unit: str, bound: float) -> None:
    normalised = normalise(unit * (SIZE // len(unit)))
    sentences = split_sentences(normalised)
    rules = load_rules()
    references = find_references(normalised, sentences, rules)

    def items_and_status() -> list[Any]:
        finder = ItemFinder(normalised, sentences, references, rules)
        items = merge_items(finder.motie_mentions() + finder.toezegging_mentions())
        assign_status(items, sentences, rules, finder.index)
        return items

    items = items_and_status()
    # a mention nearly every time (a "sentence" longer than 3,000 characters is cut at white space)
    assert sum(len(item.mentions) for item in items) >= 0.95 * SIZE // len(unit)
    assert items[-1].mentions[-1].sentence.text  # each made when asked for
    peak = peak_growth(items_and_status)
    assert peak < bound * len(normalised.body), f"{peak / len(normalised.body):.1f}x the text"
