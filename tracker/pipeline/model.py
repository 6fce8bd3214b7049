"""Plain dataclasses passed between the pipeline stages. Each can be printed as it is.

Those a letter may hold by the thousand (sentences, references, mentions) are kept in arrays of
machine integers and made when a stage asks for one (`sentences.Sentences`, `references.References`,
`Mentions` here): a hostile page holds one every few characters."""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from itertools import repeat
from typing import TYPE_CHECKING, Any, NamedTuple, overload

BODY = 0  # `Sentence.note` for sentences of the letter body; footnote sentences carry their number

if TYPE_CHECKING:
    from tracker.pipeline.hidden import HiddenCharacters
    from tracker.pipeline.references import References


@dataclass
class LoadedDocument:
    """A file read into text: the only stage that touches the file system."""

    path: str
    sha256: str
    format: str
    text: str
    notes_known: bool = False  # the reader placed every footnote marker itself (.docx, .pdf)
    hints: dict[str, str] = field(default_factory=dict)  # metadata the file declares (HTML <meta>)
    # no-break spaces, zero-width characters and soft hyphens made plain in `text`: the original, for quotes
    hidden: HiddenCharacters | None = field(default=None, repr=False)


@dataclass
class DocumentMeta:
    title: str | None = None
    date: date | None = None
    number: str | None = None
    kenmerk: str | None = None
    dossier: str | None = None
    ministry: str | None = None
    signatories: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Note:
    number: int
    text: str


@dataclass(slots=True)
class Marker:
    """A footnote marker, at its offset in the cleaned body text."""

    number: int
    offset: int


@dataclass
class NormalisedText:
    """The letter body with footnotes, markers, markup and page headers taken out."""

    body: str
    notes: dict[int, Note]
    markers: list[Marker]
    note_style: str
    removed_headers: list[str] = field(default_factory=list)

    @cached_property
    def lowered_body(self) -> str:
        """The body in lower case, for the keyword look of several stages (worked out once)."""
        return self.body.lower()


@dataclass(slots=True)
class Sentence:
    index: int
    text: str
    start: int  # offset in the body (or in the note text)
    end: int
    paragraph: int
    section: int
    is_heading: bool
    note: int = BODY  # 0 for the body, else the footnote number

    @property
    def lowered(self) -> str:
        """The text in lower case, for the rules' keyword look. Not kept: the stages look for their
        keywords in the whole text lowered once (`SentenceIndex`), and ask this of few sentences."""
        return self.text.lower()


@dataclass(slots=True)
class Reference:
    dossier: str  # normalised: "21501-02", "36600-IV"
    ondernummer: str
    text: str  # as printed
    rule: str
    sentence: int | None = None  # index of the sentence holding it
    start: int = 0
    end: int = 0
    note: int = BODY
    warning: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.dossier, self.ondernummer)


class _Facts(NamedTuple):
    """What a mention says, all but where it stands: the same for a name or number printed again
    and again, so kept once for all of them (see `Mentions`)."""

    kind: str  # "motie" | "toezegging"
    rule: str
    name: str | None = None
    dossier: str | None = None
    ondernummer: str | None = None
    tz_number: str | None = None
    ek_number: str | None = None
    text: str | None = None
    linked_by: str | None = None  # how the kamerstuk or number was attached ("footnote 15", "inline")
    delivers: bool = False  # "zoals toegezegd": the letter itself delivers
    postponed: bool = False  # "het niet mogelijk blijkt om uw Kamer ... te informeren": still to come
    anaphoric: bool = False  # "deze motie": refers back, names nothing new
    distinct: bool = False  # a motie of its own even where another carries the same names
    authoritative: bool = False  # status set by a register's own status field ("Status voldaan")
    status: str = "mentioned"
    status_rule: str | None = None
    status_quote: str | None = None
    item_key: str | None = None
    subject: str | None = None  # subject words of a named motie ("pensioenakkoord")


_FACT_POSITIONS = {name: position for position, name in enumerate(_Facts._fields)}


class Mentions:
    """Every mention of one letter: where each stands (its sentence, start and end in the sentence)
    in arrays of machine integers, and what it says as the number of its facts, each distinct set of
    facts kept once. A `Mention` is a view of one of them, made when asked for: a page that names
    the same motie or register number thousands of times costs no Python object for each."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self.sentences = sentences
        self.sentence_numbers = array("i")
        self.starts = array("i")
        self.ends = array("i")
        self.facts = array("i")  # a number in `distinct`
        self.distinct: list[_Facts] = []
        self._numbers: dict[_Facts, int] = {}
        self.written: dict[int, Sentence] = {}  # sentences as the document has them (hidden characters)

    def add(self, kind: str, sentence: Sentence, start: int, end: int, rule: str, **facts: Any) -> Mention:
        self.sentence_numbers.append(sentence.index)
        self.starts.append(start)
        self.ends.append(end)
        self.facts.append(self._number(_Facts(kind, rule, **facts)))
        return Mention(self, len(self.starts) - 1)

    def change(self, index: int, **changes: Any) -> None:
        facts = list(self.distinct[self.facts[index]])
        for name, value in changes.items():
            facts[_FACT_POSITIONS[name]] = value
        self.facts[index] = self._number(_Facts._make(facts))

    def _number(self, facts: _Facts) -> int:
        number = self._numbers.get(facts)
        if number is None:
            number = self._numbers[facts] = len(self.distinct)
            self.distinct.append(facts)
        return number

    def write_as_in_document(self, sentence: int, hidden: HiddenCharacters) -> None:
        """Shows a sentence as the document has it, with the characters that were made plain."""
        if sentence not in self.written:
            made = self.sentences[sentence]
            self.written[sentence] = replace(made, text=hidden.original(made.text) or "")

    def sentence(self, index: int) -> Sentence:
        number = self.sentence_numbers[index]
        return self.written.get(number) or self.sentences[number]


class _Fact:
    """A mention's attribute, read from and written to its facts."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.position = _FACT_POSITIONS[name]

    def __get__(self, mention: Mention, owner: type | None = None) -> Any:
        mentions = mention.mentions
        return mentions.distinct[mentions.facts[mention.index]][self.position]

    def __set__(self, mention: Mention, value: Any) -> None:
        mentions = mention.mentions
        if mentions.distinct[mentions.facts[mention.index]][self.position] != value:  # else nothing changes
            mentions.change(mention.index, **{self.name: value})


class Mention:
    """One place where the letter names an item (or refers back to one): a view of `Mentions`."""

    __slots__ = ("mentions", "index")

    kind = _Fact()
    rule = _Fact()
    name = _Fact()
    dossier = _Fact()
    ondernummer = _Fact()
    tz_number = _Fact()
    ek_number = _Fact()
    text = _Fact()
    linked_by = _Fact()
    delivers = _Fact()
    postponed = _Fact()
    anaphoric = _Fact()
    distinct = _Fact()
    authoritative = _Fact()
    status = _Fact()
    status_rule = _Fact()
    status_quote = _Fact()
    item_key = _Fact()
    subject = _Fact()

    def __init__(self, mentions: Mentions, index: int) -> None:
        self.mentions = mentions
        self.index = index

    @property
    def sentence(self) -> Sentence:
        return self.mentions.sentence(self.index)

    @property
    def facts(self) -> _Facts:
        """All it says, read at once (for a loop that reads several): what it says now, not after a
        later change."""
        mentions = self.mentions
        return mentions.distinct[mentions.facts[self.index]]

    @property
    def facts_number(self) -> int:
        """What the mention says, as a number: mentions with the same number say the same."""
        return self.mentions.facts[self.index]

    @property
    def sentence_index(self) -> int:
        return self.mentions.sentence_numbers[self.index]

    @property
    def start(self) -> int:
        return self.mentions.starts[self.index]

    @property
    def end(self) -> int:
        return self.mentions.ends[self.index]

    def update(self, **changes: Any) -> None:
        """Several facts at once."""
        self.mentions.change(self.index, **changes)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mention) and other.mentions is self.mentions and other.index == self.index

    def __hash__(self) -> int:
        return hash((id(self.mentions), self.index))

    def __repr__(self) -> str:
        facts = self.mentions.distinct[self.mentions.facts[self.index]]
        return f"Mention(sentence={self.mentions.sentence_numbers[self.index]}, start={self.start}, end={self.end}, {facts})"


class MentionList(Sequence[Mention]):
    """Some mentions of a letter (an item's, a sentence's), as their numbers in `Mentions`."""

    __slots__ = ("mentions", "indices")

    def __init__(self, mentions: Mentions, indices: Iterable[int] = ()) -> None:
        self.mentions = mentions
        self.indices = array("i", indices)

    def append(self, mention: Mention) -> None:
        self.indices.append(mention.index)

    def extend(self, mentions: Iterable[Mention]) -> None:
        self.indices.extend(m.index for m in mentions)

    def __len__(self) -> int:
        return len(self.indices)

    @overload
    def __getitem__(self, index: int) -> Mention: ...

    @overload
    def __getitem__(self, index: slice) -> list[Mention]: ...

    def __getitem__(self, index: int | slice) -> Mention | list[Mention]:
        if isinstance(index, slice):
            return [Mention(self.mentions, i) for i in self.indices[index]]
        return Mention(self.mentions, self.indices[index])

    def __iter__(self) -> Iterator[Mention]:
        return map(Mention, repeat(self.mentions), self.indices)

    def __add__(self, other: MentionList) -> MentionList:
        return MentionList(self.mentions, self.indices + other.indices)

    def where(self, keep: Callable[[Mention], bool]) -> MentionList:
        return MentionList(self.mentions, (m.index for m in self if keep(m)))

    def in_sentence(self, sentence: int) -> MentionList:
        """The mentions of one sentence, from a list in order of sentence."""
        numbers = self.mentions.sentence_numbers
        lo = bisect.bisect_left(self.indices, sentence, key=numbers.__getitem__)
        hi = bisect.bisect_right(self.indices, sentence, lo, key=numbers.__getitem__)
        return MentionList(self.mentions, self.indices[lo:hi])

    def sort_by_place(self, sentence_only: bool = False) -> None:
        """In order of sentence, then (unless `sentence_only`) of start; stable. Most lists are in
        that order already, and are only looked through."""
        sentences, starts = self.mentions.sentence_numbers, self.mentions.starts
        shift = 0 if sentence_only else 32

        def place(i: int) -> int:
            return sentences[i] << shift | (0 if sentence_only else starts[i])

        places = map(place, self.indices)
        previous = next(places, 0)
        for later in places:
            if later < previous:
                self.indices = array("i", sorted(self.indices, key=place))
                return
            previous = later


@dataclass(slots=True)
class Item:
    key: str  # the item's key (tracker/pipeline/identity.py); the store adds the letter when letter_scoped
    kind: str
    public_id: str | None  # "TZ202511-004" / "kst-31985-95" / None
    dossier: str | None
    ondernummer: str | None
    name: str | None
    text: str | None
    ek_number: str | None
    status: str
    quote: str
    mentions: MentionList
    names: tuple[str, ...] = ()  # the indieners' surnames of a motie
    subject: str | None = None
    letter_scoped: bool = False


@dataclass
class Extraction:
    document: LoadedDocument
    meta: DocumentMeta
    items: list[Item]
    references: References  # each made when asked for
    identifiers: list[dict[str, str]]
    warnings: list[str]
    normalised: NormalisedText
    sentences: Sequence[Sentence]  # a `sentences.Sentences`: each made when asked for
