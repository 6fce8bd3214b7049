"""Plain dataclasses passed between the pipeline stages. Each can be printed as it is.

Those a letter may hold by the thousand (sentences, references, mentions) have slots rather than
a dictionary each: a hostile page holds one every few characters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

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


@dataclass(slots=True)
class Mention:
    """One place where the letter names an item (or refers back to one)."""

    kind: str  # "motie" | "toezegging"
    sentence: Sentence
    start: int
    end: int
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
    mentions: list[Mention]
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
