"""Stage 4: mentions of moties and toezeggingen, linked to their kamerstuk or register number, and
merged into items (one motie cited twice, by name and by number, is one item)."""

from __future__ import annotations

import bisect
import re
from array import array
from collections import deque
from functools import lru_cache

import regex

from tracker.pipeline import identity
from tracker.pipeline.model import (
    BODY,
    Item,
    Marker,
    Mention,
    MentionList,
    Mentions,
    NormalisedText,
    Reference,
    Sentence,
)
from tracker.pipeline.references import References
from tracker.pipeline.sentences import SentenceIndex, Sentences
from tracker.pipeline.spaces import fold_spaces
from tracker.rules import Rules, keyword_filter

_PARTY_LABEL = regex.compile(r"\s*\([^)]*\)")
_MARKER_GAP = regex.compile(r"[\s.,;:)’”]*", regex.REVERSE)  # read back from a marker
_CITED_AS = r"(?:(?:Kamerstuk(?:ken)?|kst\.?|op\s+stuk)\b[\s,:]*(?:II\b[\s,]*)?)?"  # "haar motie op stuk 27017, nr. 63"
_INLINE_GAP = regex.compile(rf"^[\s,:(]*{_CITED_AS}$")
_SUBJECT_GAP = regex.compile(rf"^\s+(?:over|inzake|betreffende|om)\b[^()]{{0,250}}\(\s*{_CITED_AS}$")
_TABLE_GAP = regex.compile(r"^\s*,\s*$")
_EMPTY_BRACKETS = regex.compile(r"\(\s*\)")  # left where a register number was taken out
_BULLET_PREFIX = regex.compile(r"^\s*(?:[•▪◦·*\-–]|\d{1,2}[.)])\s+")
_LIST_SPLIT = regex.compile(r"\s+en\s+|\s*,\s*")
_EK_NUMBER = regex.compile(r"T[\dO]{5}")  # within a match of the rule ek_number: one O may stand for a zero
_RECORD_HEADING = regex.compile(r"^\s*[Tt]oezegging\s+")
_NUMMER_ROW = regex.compile(r"\s*Nummer\b")
# "Vlies, ir. B.J. van der": an annex table's indiener, surname first (the rule motie_indieners_inverted)
_INVERTED_PERSON = regex.compile(
    r"(?P<surname>\p{Lu}[\p{L}'’-]+),\s+(?:(?:drs|mr|dr|ir|prof|ing|ds)\.\s*)*(?:\p{Lu}\.)+"
    r"(?P<particles>(?:\s*(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er|[Tt]en|[Hh]et|'t|’t)\b)*)"
)
_COUNTS = {"tweetal": 2, "twee": 2, "drietal": 3, "drie": 3, "viertal": 4, "vier": 4}  # toezeggingen_counted
_DICTUM = regex.compile(r"[\s.;:,]*(?:[Vv]erzoek(?:t|en)|[Rr]oep(?:t|en))\b")  # matched where it must start
# a motie's own text, as an annex row holds it before the motie's name: "De Tweede Kamer verzoekt de regering ..."
_ROW_DICTUM = regex.compile(r"\b(?:[Vv]erzoek(?:t|en)|[Rr]oep(?:t|en))\s+(?:de\s+regering|het\s+kabinet)\b")
# An annex table flattened to paragraphs puts each row's cells one after another: the item's text,
# where it was adopted ("Debat [6-11-2014]"), then its name or status cell: how many paragraphs
# before its last cell a row may start (read here for name cells, in status for status labels)
ROW_PARAGRAPHS = 2
_SENTENCE_END = regex.compile(r"[ \t\n.;:,]*")
# how many sentences a changed motie's text may run before the Chair gives its new number
_AMENDED_SPAN = 30
# "(35300, letter M, was letter B)": a changed motie's old number (the rule motie_was, which is case-sensitive);
# its literal first, so that the text is searched many times faster than with a \b before it
_WAS = re.compile(r"was\s+(?:letter|nr)")
_ANOTHER = regex.compile(r"\b(?:[Ee]en\s+)?andere\s+$", regex.IGNORECASE)
# What a vindplaats cell may hold beside its kamerstuk: the chamber and year before it, the motie it
# replaced after it ("Kamerstukken II 2018/19, 34477, nr. 64 (t.v.v. 58)").
_VINDPLAATS_REST = regex.compile(
    r"^\s*(?:Kamerstuk(?:ken)?\s+)?(?:I{1,2}\s+)?(?:(?:19|20)\d{2}\s?[/-]\s?\d{2,4}\s*,?\s*)?"
    r"(?:\(\s*t\.?\s?v\.?\s?v\.?[^)]*\)|\(\s*was\s+nr\.?[^)]*\))?\s*[.;]?\s*$"
)


def collapse(text: str) -> str:
    return fold_spaces(text).strip()


@lru_cache(maxsize=4096)  # the same indieners are named again and again
def clean_name(names: str) -> str:
    name = collapse(_PARTY_LABEL.sub("", names))
    inverted = [_uninverted(m) for m in _INVERTED_PERSON.finditer(name)]
    if inverted and _INVERTED_PERSON.sub("", name).strip(" ,") == "":
        # "Hamer, drs. M.I., Vlies, ir. B.J. van der" -> "Hamer en Van der Vlies"
        name = " en ".join([", ".join(inverted[:-1]), inverted[-1]] if len(inverted) > 1 else inverted)
    if name.isupper():  # "STOFFER C.S." in a document header
        name = " ".join(w if w.upper() == "C.S." else w.capitalize() for w in name.split(" "))
        name = name.replace("C.s.", "c.s.").replace("C.S.", "c.s.")
    return name


def _uninverted(person: regex.Match[str]) -> str:
    particles = person.group("particles").split()
    return " ".join([*(p.capitalize() if k == 0 else p for k, p in enumerate(particles)), person.group("surname")])


class ItemFinder:
    def __init__(self, normalised: NormalisedText, sentences: Sentences, refs: References, rules: Rules):
        self.normalised = normalised
        self.sentences = sentences
        self.refs = refs
        self.rules = rules
        self.mentions = Mentions(sentences)  # every mention found, kept in arrays
        self.index = SentenceIndex(sentences, normalised)
        self.footnote_only = {rule.name for rule in rules.moties if rule.get("link") == "footnote"}
        self.warnings: list[str] = []  # register numbers read other than printed
        self.debate_numbered = {rule.name for rule in rules.moties if rule.get("link") == "debate_number"}
        self.body_sentences = sentences.body_sentences()  # made when asked for, as all sentences
        self.markers = sorted(normalised.markers, key=lambda m: m.offset)
        self.marker_offsets = [m.offset for m in self.markers]
        self.gap_starts: list[int] | None = None  # see _gap_starts
        # a changed motie's kamerstuk before and after the change, as the Chair reads them out
        self.changed_numbers: list[tuple[tuple[str, str], tuple[str, str]]] = []
        self.first_marker: dict[int, Marker] = {}
        for marker in self.markers:
            self.first_marker.setdefault(marker.number, marker)

    # --- placing -----------------------------------------------------------------------------

    def body_sentence_at(self, offset: int) -> Sentence | None:
        i = self.sentences.sentence_at(BODY, offset)
        if i is not None and offset <= self.sentences.ends[i]:
            return self.sentences[i]
        return None

    def marker_sentence(self, note: int) -> Sentence | None:
        marker = self.first_marker.get(note)
        return self.body_sentence_at(marker.offset) if marker is not None else None

    def marker_after(self, sentence: Sentence, end: int) -> int | None:
        """The footnote whose marker follows position `end` of a body sentence, with only
        punctuation in between ("c.s.1", "De Korte.2", "Paternotte.¹¹")."""
        if sentence.note != BODY:
            return None
        absolute = sentence.start + end
        i = bisect.bisect_left(self.marker_offsets, absolute)
        if i < len(self.markers) and absolute >= self._gap_starts()[i]:
            return self.markers[i].number
        return None

    def _gap_starts(self) -> list[int]:
        """Where the punctuation before each marker begins: read once per marker, so that many
        mentions before one marker do not each read the text up to it."""
        if self.gap_starts is None:
            body = self.normalised.body
            self.gap_starts = []
            for marker in self.markers:
                gap = _MARKER_GAP.match(body, 0, marker.offset)  # empty at least, never None
                self.gap_starts.append(gap.start() if gap is not None else marker.offset)
        return self.gap_starts

    def _note_refs_after(self, sentence: Sentence, end: int) -> range:
        """Where the references of the footnote whose marker follows position `end` of a sentence are."""
        return self._note_refs(self.marker_after(sentence, end))

    def _note_refs(self, note: int | None) -> range:
        """Where the references of a footnote are (none for no footnote)."""
        return self.refs.in_note(note) if note is not None and note != BODY else range(0)

    def _refs_in(self, index: int) -> list[Reference]:
        """The references of a sentence, made for the one who asks."""
        return [self.refs[i] for i in self.refs.in_sentence(self.sentences.notes[index], index)]

    # --- moties ------------------------------------------------------------------------------

    def motie_mentions(self) -> MentionList:
        mentions = MentionList(self.mentions)
        by_stuk_nr: list[tuple[Mention, str]] = []  # "de motie op stuk nr. 155": placed once all others are
        plural: list[Mention] = []  # "de moties-Voortman (...)": may stand for several numbers
        rules_for = keyword_filter([rule for rule in self.rules.moties if rule.name != "motie_document_header"])
        for sentence, rules_here in self.index.candidates(rules_for):
            seen: set[int] = set()
            for rule in rules_here:
                groups = rule.pattern.groupindex
                has_names, has_plural, has_stuk_nr = "names" in groups, "plural" in groups, "nr" in groups
                # a mention of nothing but the word is kept only when its footnote cites a kamerstuk
                footnote_only = not has_names and rule.name in self.footnote_only
                for m in rule.finditer(sentence.text):
                    if m.start() in seen:
                        continue
                    seen.add(m.start())
                    if footnote_only and not self._note_refs_after(sentence, m.end()):
                        continue
                    names = m.group("names") if has_names else None
                    if has_stuk_nr:
                        mention = self._motie(sentence, m.start(), m.end(), rule.name, names)
                        by_stuk_nr.append((mention, m.group("nr")))
                        continue
                    if names and has_plural and m.group("plural"):
                        parts = [p for p in _LIST_SPLIT.split(names) if p.strip()]
                        offset = m.start("names")
                        for part in parts:
                            at = sentence.text.find(part, offset)
                            mention = self._motie(sentence, m.start(), at + len(part), rule.name, part)
                            mentions.append(mention)
                            plural.append(mention)
                            offset = at + len(part)
                        # "de moties Van Dijk (Kamerstuk ...) en De Vries (Kamerstuk ...)": the list
                        # goes on after each one's kamerstuk
                        more = self.rules.patterns["motie_list_continuation"].match(sentence.text, m.end())
                        while more:
                            name = more.group("names")
                            mentions.append(self._motie(sentence, more.start("names"), more.end(), rule.name, name))
                            more = self.rules.patterns["motie_list_continuation"].match(sentence.text, more.end())
                    else:
                        mentions.append(self._motie(sentence, m.start(), m.end(), rule.name, names))
        mentions.extend(self._document_is_motie())
        mentions.extend(self._moties_listed_by_number())
        by_letter: list[tuple[Mention, str]] = []  # "de motie-Kox c.s. met letter E"
        letter_after = self.rules.patterns["motie_letter_after"] if "letter" in self.normalised.lowered_body else None
        for mention in mentions:
            letter = letter_after.match(mention.sentence.text, mention.end) if letter_after and mention.name else None
            if letter:
                by_letter.append((mention, letter.group("nr")))
                continue
            self._link_kamerstuk(mention)
            if mention.rule in self.debate_numbered:
                # "Deze motie is voorgesteld door het lid Graus." moves a new motie each time: one
                # whose number the text no longer holds is not the member's numbered one
                mention.distinct = True
        mentions.extend(self._several_numbers(plural))
        if by_letter or by_stuk_nr:
            numbered = {(m.dossier, m.ondernummer) for m in mentions if m.dossier and m.ondernummer}
            own = {r.dossier for r in self.refs if r.rule == "official_header"}
            for mention, number in by_letter + by_stuk_nr:
                self._link_document_dossier(mention, number, numbered, own)
            for mention, _ in by_stuk_nr:
                if not mention.name and not mention.dossier:
                    self._held_by_speaker(mention)
            mentions.extend(mention for mention, _ in by_stuk_nr)
        self._renumber_changed(mentions)
        return mentions.where(lambda m: bool(m.name or m.dossier))

    def _several_numbers(self, plural: list[Mention]) -> list[Mention]:
        """ "de moties-Voortman (19637, nrs. 32, 33 en 35)": one motie for each number of the kamerstuk
        the plural mention is linked to, all of the same indieners."""
        out: list[Mention] = []
        for mention in plural:
            if mention.linked_by != "inline":
                continue
            refs = self._refs_in(mention.sentence_index)
            after = mention.sentence.start + mention.end
            key = (mention.dossier, mention.ondernummer)
            first = next((r for r in refs if r.key == key and r.start >= after), None)
            if first is None:
                continue
            for ref in refs:
                if ref.start == first.start and ref.end == first.end and ref.key != first.key:
                    more = self._motie(mention.sentence, mention.start, mention.end, mention.rule, mention.name)
                    more.update(dossier=ref.dossier, ondernummer=ref.ondernummer, linked_by="inline, one of several")
                    out.append(more)
        return out

    @staticmethod
    def _link_document_dossier(
        mention: Mention, number: str, numbered: set[tuple[str, str]], own_dossiers: set[str]
    ) -> None:
        """A motie named by its stuk number or Eerste Kamer letter without a dossier ("de motie op stuk nr.
        155", "de motie-Kox c.s. met letter E") gets the dossier the document makes clear: that of the one
        motie of this number it cites, else the document's own (a letter about one dossier), else the one
        dossier of all the moties it cites by number (or by letter). Otherwise none is guessed, and the motie
        is not joined to another of the same indieners."""
        lettered = number.isalpha()
        same_kind = {(dossier, nr) for dossier, nr in numbered if nr.isalpha() == lettered}
        candidates = [
            {dossier for dossier, nr in same_kind if nr == number},
            set() if lettered else own_dossiers,
            {dossier for dossier, _ in same_kind},
        ]
        for dossiers in candidates:
            if len(dossiers) == 1:
                mention.update(
                    dossier=next(iter(dossiers)), ondernummer=number, linked_by="number, dossier of the document"
                )
                return
            if dossiers:
                break
        mention.distinct = True

    def _held_by_speaker(self, mention: Mention) -> None:
        """ "De heer Ulenbelt (SP): Voorzitter. Ik wil de motie op stuk nr. 155 aanhouden ...": a member holds
        his own motie, so it is named by him (its dossier stays unknown)."""
        sentence = mention.sentence
        if sentence.note != BODY or not self.rules.patterns["motie_held_by_speaker"].match(sentence.text):
            return
        # the last label before the sentence is the speaker's
        labels = deque(self.rules.patterns["speaker_label"].finditer(self.normalised.body, 0, sentence.start), maxlen=1)
        if labels and labels[0].group("member"):
            mention.update(name=clean_name(labels[0].group("member")), linked_by="speaker who holds it")

    def _renumber_changed(self, mentions: MentionList) -> None:
        """A motie changed before the vote is one motie under its new number: "(29515, nr. 229) is in die
        zin gewijzigd ... Zij krijgt nr. 234 (29515)", "(35300, letter M, was letter B)". Its old number
        elsewhere in the document (the vote list) names the same item."""
        new_number = dict(self.changed_numbers)
        was = self.rules.patterns["motie_was"]
        # most letters hold no "was letter"/"was nr." at all: their references are not looked through
        texts = [self.normalised.body] + [note.text for note in self.normalised.notes.values()]
        holding = self.refs.sentences_holding() if any(_WAS.search(text) for text in texts) else []
        for index in holding:
            sentence = self.sentences[index]
            if "was" not in sentence.lowered:
                continue
            for ref in self._refs_in(index):
                old = was.match(sentence.text, ref.end - sentence.start)
                if old:
                    new_number.setdefault((ref.dossier, old.group("old")), ref.key)
        if not new_number:
            return
        for mention in mentions:
            new = new_number.get((mention.dossier, mention.ondernummer))
            if new is not None and new != (mention.dossier, mention.ondernummer):
                mention.update(dossier=new[0], ondernummer=new[1], linked_by="changed motie's new number")

    def _moties_listed_by_number(self) -> list[Mention]:
        """ "moties ...: 29911-226; 31015-168", "de moties Kamerstuk 32 793, nr. 176 (Dik-Faber) en
        ...": each kamerstuk of the list is a motie, named by the indiener in brackets after it."""
        out: list[Mention] = []
        intro, gap = self.rules.patterns["motie_number_list_intro"], self.rules.patterns["motie_number_list_gap"]
        for index in self.refs.sentences_holding():
            sentence = self.sentences[index]
            if sentence.note != BODY or "moties" not in sentence.lowered:
                continue
            refs = self._refs_in(index)
            at = 0
            while at < len(refs):
                first = refs[at]
                if not intro.search(sentence.text, 0, first.start - sentence.start):
                    at += 1
                    continue
                while at < len(refs):
                    ref = refs[at]
                    start, end = ref.start - sentence.start, ref.end - sentence.start
                    after = gap.match(sentence.text, end)
                    mention = self._motie(sentence, start, end, "motie_number_list", after.group("names"))
                    mention.update(dossier=ref.dossier, ondernummer=ref.ondernummer, linked_by="list")
                    out.append(mention)
                    at += 1
                    # one citation of several numbers: "de moties 35 300, letters E, F en H"
                    while at < len(refs) and refs[at].start == ref.start and refs[at].end == ref.end:
                        same = self._motie(sentence, start, end, "motie_number_list", after.group("names"))
                        same.update(dossier=refs[at].dossier, ondernummer=refs[at].ondernummer, linked_by="list")
                        out.append(same)
                        at += 1
                    if (
                        not after.group("separator")
                        or at == len(refs)
                        or refs[at].start - sentence.start != after.end()
                    ):
                        break
        return out

    def _motie(self, sentence: Sentence, start: int, end: int, rule: str, names: str | None) -> Mention:
        name = clean_name(names) if names else None
        return self.mentions.add(
            "motie", sentence, start, end, rule, name=name, distinct=self._own_motie(sentence, start, end)
        )

    def _own_motie(self, sentence: Sentence, start: int, end: int) -> bool:
        """Is this mention a motie of its own, even where another one carries the same names: its
        dictum follows it ("De motie van het lid Krol; Verzoekt de regering ...", the row of an annex
        table), or the letter says so ("Een andere motie van senator Kox")?"""
        if _ANOTHER.search(sentence.text, max(0, start - 12), start):
            return True
        if self._name_cell_after_its_text(sentence, start, end):
            return True
        # matched in place: a slice of the rest of the sentence would cost its length per mention
        if sentence.note == BODY and _SENTENCE_END.fullmatch(sentence.text, end):
            following = self.body_sentence_at(sentence.end + 1)
            if following is None or following.paragraph != sentence.paragraph:
                return False
            return bool(_DICTUM.match(following.text))
        return bool(_DICTUM.match(sentence.text, end))

    def _name_cell_after_its_text(self, sentence: Sentence, start: int, end: int) -> bool:
        """ "De Tweede Kamer verzoekt de regering ..." / "Debat [6-11-2014] ..." / "Motie-Straus": the
        name alone in its paragraph, with the motie's text in one of the paragraphs just before it, is
        the name cell of an annex row, so a motie of its own (another row may hold another motie of
        the same indiener)."""
        text = sentence.text
        if sentence.note != BODY or (start and not text[0].isspace()) or (end < len(text) and text[-1] not in " .;:"):
            return False  # words before the name or after it, seen from the sentence's ends (most mentions)
        if text[:start].strip() or text[end:].strip(" .;:"):
            return False
        index = sentence.index
        neighbours = [self.sentences[i] for i in (index - 1, index + 1) if 0 <= i < len(self.sentences)]
        if any(n.note == BODY and n.paragraph == sentence.paragraph for n in neighbours):
            return False  # more than the name in its paragraph
        while index > 0:
            index -= 1
            before = self.sentences[index]
            if before.note != BODY or sentence.paragraph - before.paragraph > ROW_PARAGRAPHS:
                return False
            if _ROW_DICTUM.search(before.text):
                return True
        return False

    def _document_is_motie(self) -> list[Mention]:
        rule = next((r for r in self.rules.moties if r.name == "motie_document_header"), None)
        if rule is None:
            return []
        out = []
        by_number: dict[str, list[Reference]] | None = None  # the references of each number
        for m in rule.finditer(self.normalised.body):
            sentence = self.body_sentence_at(m.start())
            if sentence is None:
                continue
            mention = self.mentions.add(
                "motie", sentence, m.start() - sentence.start, m.end() - sentence.start, rule.name,
                name=clean_name(m.group("names")),
            )  # fmt: skip
            if by_number is None:  # gathered once: a bundle of moties has a header for each
                by_number = {}
                for r in self.refs:
                    by_number.setdefault(r.ondernummer, []).append(r)
            same_number = by_number.get(str(int(m.group("nr"))), [])
            header = [r for r in same_number if r.rule == "official_header"]
            # else the kamerstuk of that number printed above the header, as a web page titles its
            # copy ("Kamerstuk 36410-X-31"); not one cited further on, in the motie's own text
            above = {r.key for r in same_number if r.note == BODY and r.end <= m.start()}
            if header:
                mention.update(
                    dossier=header[0].dossier, ondernummer=header[0].ondernummer, linked_by="document header"
                )
            elif len(above) == 1:
                dossier, ondernummer = next(iter(above))
                mention.update(dossier=dossier, ondernummer=ondernummer, linked_by="kamerstuk above the header")
            out.append(mention)
        return out

    def _link_kamerstuk(self, mention: Mention) -> None:
        if mention.dossier:
            return
        sentence = mention.sentence
        note = self.marker_after(sentence, mention.end)
        if note is not None:
            note_refs = self._note_refs(note)
            if note_refs:
                self._attach(mention, self.refs[note_refs[0]], f"footnote {note}")
                return
        if mention.rule in self.footnote_only:
            return
        if mention.rule in self.debate_numbered:
            self._link_debate_number(mention)
            return
        held = self.refs.in_sentence(sentence.note, sentence.index)
        if held:
            # the sentence's references are in order of start: the first after the mention, the
            # last that ends before it, found without walking them all
            starts, ends = self.refs.starts, self.refs.ends
            i = bisect.bisect_left(starts, sentence.start + mention.end, held.start, held.stop)
            if i < held.stop:
                ref = self.refs[i]
                gap = sentence.text[mention.end : ref.start - sentence.start]
                if _INLINE_GAP.match(gap) or _SUBJECT_GAP.match(gap):
                    self._attach(mention, ref, "inline")
                    self._link_amended_number(mention, ref)
                    return
            before = sentence.start + mention.start
            i = bisect.bisect_right(starts, before, held.start, held.stop)
            while i > held.start and ends[i - 1] > before:
                i -= 1
            if i > held.start:
                ref = self.refs[i - 1]
                gap = sentence.text[ref.end - sentence.start : mention.start]
                if _TABLE_GAP.match(gap):
                    self._attach(mention, ref, "preceding reference")
                    return
        self._link_vindplaats(mention)

    def _link_debate_number(self, mention: Mention) -> None:
        """ "Deze motie is voorgesteld door ... Naar mij blijkt, wordt de indiening ervan voldoende
        ondersteund. Zij krijgt nr. 22 (30196).": the first debate number in the next few sentences."""
        for index in range(mention.sentence.index, min(mention.sentence.index + 4, len(self.sentences))):
            numbered = [r for r in self._refs_in(index) if r.rule.startswith("debate_numbering")]
            if numbered:
                self._attach(mention, numbered[0], "debate number")
                return

    def _link_amended_number(self, mention: Mention, ref: Reference) -> None:
        """ "De motie-X (21501-20, nr. 513) is in die zin gewijzigd dat zij thans luidt: ... Zij krijgt nr.
        526 (21501-20).": the changed motie is the new kamerstuk, given by the first debate number of its
        dossier before the next change is read out (the motie's own text lies in between)."""
        amended = self.rules.patterns["motie_amended"]
        sentence = mention.sentence
        change = amended.match(sentence.text, ref.end - sentence.start)
        if not change:
            return
        if change.group("new"):  # "is in die zin gewijzigd (nr. 2300) en nader gewijzigd dat ..."
            mention.update(ondernummer=change.group("new"), linked_by="amended motie's new number")
            self.changed_numbers.append((ref.key, (ref.dossier, change.group("new"))))
        for index in range(sentence.index + 1, min(sentence.index + _AMENDED_SPAN, len(self.sentences))):
            if amended.search(self.sentences[index].text):
                return
            for new in self._refs_in(index):
                if new.rule.startswith("debate_numbering") and new.dossier == ref.dossier:
                    self._attach(mention, new, "amended motie's new number")
                    self.changed_numbers.append((ref.key, new.key))
                    return

    def _link_vindplaats(self, mention: Mention) -> None:
        """An annex table flattened to paragraphs: the motie's description, then its vindplaats cell, a
        paragraph that holds nothing but one kamerstuk ("Kamerstukken II 2018/19, 34477, nr. 47")."""
        sentence = mention.sentence
        if sentence.note != BODY:
            return
        cell = self.sentences.in_paragraph(sentence.paragraph + 1)
        if len(cell) != 1:
            return
        refs = self._refs_in(cell[0].index)
        if len(refs) != 1:
            return
        ref = refs[0]
        rest = cell[0].text[: ref.start - cell[0].start] + cell[0].text[ref.end - cell[0].start :]
        if _VINDPLAATS_REST.match(rest):
            self._attach(mention, ref, "vindplaats")

    @staticmethod
    def _attach(mention: Mention, ref: Reference, how: str) -> None:
        mention.update(dossier=ref.dossier, ondernummer=ref.ondernummer, linked_by=how)

    # --- toezeggingen ------------------------------------------------------------------------

    def toezegging_mentions(self) -> MentionList:
        mentions = MentionList(self.mentions)
        numbered_rules_for = keyword_filter([rule for rule in self.rules.toezeggingen if rule.get("numbered")])
        numbered_notes: set[int] = set()  # footnotes that hold a register number
        record_titles: dict[int, Mention] = {}  # the sentence after a number alone on its line -> that number
        described: set[int] = set()  # the sentences under a record's heading "Toezegging <title> (T01237)"
        for sentence, rules_here in self.index.candidates(numbered_rules_for):
            in_lists: set[int] = set()  # where the numbers of a list already taken stand
            texts: dict[str, str] = {}  # a number printed again in the sentence: its text is worked out once
            for rule in rules_here:
                for m in rule.finditer(sentence.text):
                    if any(m.start() <= at < m.end() for at in in_lists):
                        continue
                    if sentence.note != BODY:
                        numbered_notes.add(sentence.note)
                    number = (
                        self.rules.patterns["tz_number"].search(m.group(0)) if rule.get("numbered") == "tk" else None
                    )
                    ek = _EK_NUMBER.search(m.group(0)) if rule.get("numbered") == "ek" else None
                    place, start, end = sentence, m.start(), m.end()
                    # the toezegging's text: its footnote, or its sentence, without the number
                    text = texts.get(m.group(0))
                    if text is None:
                        source = sentence.text if sentence.note == BODY else self.normalised.notes[sentence.note].text
                        text = collapse(_EMPTY_BRACKETS.sub("", source.replace(m.group(0), ""))).strip(" .;:-–")
                        texts[m.group(0)] = text
                    linked = None
                    if sentence.note != BODY:
                        carrier = self.marker_sentence(sentence.note)
                        if carrier is not None:
                            place, start, end, linked = carrier, 0, len(carrier.text), f"footnote {sentence.note}"
                    listed = self._listed_ek_numbers(sentence, m.end()) if ek else []
                    alone = bool(ek) and not text.strip("0123456789. ")  # "T01556" or "2. T01156" on its line
                    if ek and (listed or alone or _BULLET_PREFIX.match(sentence.text) or _NUMMER_ROW.match(m.group(0))):
                        # a list of numbers, a number alone, a decision line or a record's row tells no promise
                        text = ""
                    elif ek and sentence.is_heading:
                        text = _RECORD_HEADING.sub("", text)  # "Toezegging <title> (T01237)": the title
                    mention = self.mentions.add(
                        "toezegging", place, start, end, rule.name, text=text or None, linked_by=linked,
                        tz_number=number.group(0) if number else None,
                        ek_number=self._ek_number(ek.group(0)) if ek else None,
                    )  # fmt: skip
                    mentions.append(mention)
                    if alone and sentence.note == BODY:
                        record_titles[sentence.index + 1] = mention
                    elif ek and sentence.is_heading and sentence.note == BODY:
                        described.update(s.index for s in self.sentences.in_paragraph(sentence.paragraph + 1))
                    for at, end_at, ek_number in listed:
                        in_lists.add(at)
                        mentions.append(
                            self.mentions.add(
                                "toezegging", place, at, end_at, rule.name, linked_by=linked,
                                ek_number=self._ek_number(ek_number),
                            )
                        )
        inline_numbers: dict[int, array[int]] = {}  # sentence -> offsets of register numbers printed in it
        carriers: set[int] = set()
        for m in mentions:
            if m.linked_by is None:
                inline_numbers.setdefault(m.sentence_index, array("i")).append(m.start)
            else:
                carriers.add(m.sentence_index)
        phrase_rules_for = keyword_filter([rule for rule in self.rules.toezeggingen if not rule.get("numbered")])
        phrases_from = len(mentions)  # the phrases' mentions follow, in sentence order
        for sentence, rules_here in self.index.candidates(phrase_rules_for):
            if sentence.note in numbered_notes:
                continue  # a footnote that holds a register number describes that toezegging
            if sentence.index in described:
                continue  # "Minister Donner zegt toe ...": a register record's text, of its numbered toezegging
            numbered = record_titles.get(sentence.index)
            if numbered is not None and _RECORD_HEADING.match(sentence.text):
                # "2. T01156" / "Toezegging <title> (31.957)": the record of that number, headed by its title
                numbered.text = numbered.text or collapse(_RECORD_HEADING.sub("", sentence.text))
                continue
            numbered_here = inline_numbers.get(sentence.index, array("i"))
            if (sentence.index in carriers or numbered_here) and (sentence.is_heading or not numbered_here):
                continue  # a heading with a number, or a sentence carrying a number's footnote, describes that one
            taken: list[tuple[int, int]] = []
            for rule in rules_here:
                if rule.get("heading_only") and not sentence.is_heading:
                    continue
                for m in rule.finditer(sentence.text):
                    if any(s < m.end() and m.start() < e for s, e in taken):
                        continue
                    # the phrase that holds (or is followed by) a register number describes that toezegging
                    if any(m.start() <= at <= m.end() + 3 for at in numbered_here):
                        continue
                    if rule.get("antecedent") and not self._promisor_before(sentence, m.start("pronoun")):
                        continue  # "Wel zegde hij toe ...": only when "hij" is a bewindspersoon
                    taken.append((m.start(), m.end()))
                    for start, end in self._promises(m):
                        text = collapse(sentence.text[start:end]).strip(" ,")
                        if rule.get("bare_refers_back") and " " not in text:
                            # "De toegezegde informatie zal ik u ... doen toekomen": the promise told before
                            text = self._told_before(mentions, phrases_from, sentence, text) or text
                        mention = self.mentions.add(
                            "toezegging", sentence, start, end, rule.name, text=text,
                            delivers=bool(rule.get("delivers")), postponed=bool(rule.get("postpones")),
                        )  # fmt: skip
                        mentions.append(mention)
        mentions.extend(self._listed_toezeggingen())
        mentions.extend(self._counted_toezeggingen())
        return mentions

    def _promisor_before(self, sentence: Sentence, at: int) -> bool:
        """Does a pronoun at `at` point back to a bewindspersoon: one named before it in its sentence
        or in the two sentences before it in its paragraph, with no other person named in between?"""
        texts = [sentence.text[:at]]
        for index in range(sentence.index - 1, max(sentence.index - 3, -1), -1):
            before = self.sentences[index]
            if (before.note, before.paragraph) != (sentence.note, sentence.paragraph):
                break
            texts.append(before.text)
        text = " ".join(reversed(texts))
        last = deque(self.rules.patterns["promisor_antecedent"].finditer(text), maxlen=1)
        return bool(last) and not self.rules.patterns["other_person"].search(text, last[0].end())

    @staticmethod
    def _told_before(mentions: MentionList, phrases_from: int, sentence: Sentence, thing: str) -> str | None:
        """The promise of the last unnumbered toezegging told before this sentence in its paragraph,
        if it speaks of the thing (the first five letters of "informatie" in "u te informeren"): what a
        bare "de toegezegde informatie" refers back to. "Het toegezegde overzicht" after a promise that
        the subsidy stays is a promise of its own, so that delivering it closes nothing else. The
        phrases' mentions are in sentence order, so the look back stops at the paragraph's start (a
        page of such phrases costs time in proportion to its length; the register numbers' mentions
        before them, in any order, tell no promise of this kind)."""
        stem = thing[:5].lower()
        for at in range(len(mentions) - 1, phrases_from - 1, -1):
            mention = mentions[at]
            told = mention.sentence
            if told.index >= sentence.index:
                continue
            if (told.note, told.paragraph) != (sentence.note, sentence.paragraph):
                break
            facts = mention.facts
            if facts.text and not facts.ek_number and not facts.tz_number:
                return facts.text if stem in facts.text.lower() else None
        return None

    def _promises(self, match: regex.Match[str]) -> list[tuple[int, int]]:
        """Where the promise of a phrase stands: its `promise` group when it has one (what was
        promised, not the words around it), else the whole phrase; a list of toezeggingen, each
        closed by its bracketed source ("(AO Voedsel, Kamerstuk ...), over ..."), gives one each."""
        start, end = match.span("promise") if match.groupdict().get("promise") else match.span()
        if not match.groupdict().get("promise"):
            return [(start, end)]
        spans = []
        for split in self.rules.patterns["toezegging_list_split"].finditer(match.string, start, end):
            spans.append((start, split.start()))
            start = split.end()
        return [*spans, (start, end)]

    def _ek_number(self, printed: str) -> str:
        """An Eerste Kamer register number as the register has it: "TO3357" (the letter O for a
        zero) is T03357, with a warning; the quote keeps what was printed."""
        number = printed.replace("O", "0")
        if number != printed:
            self.warnings.append(
                f"Eerste Kamer number {printed!r} has the letter O for a zero; read as {number} (kept as printed)"
            )
        return number

    def _listed_ek_numbers(self, sentence: Sentence, end: int) -> list[tuple[int, int, str]]:
        """The further register numbers of a list that starts at a matched one: "toezeggingen
        T02883, T02889 en T02897"."""
        found = []
        more = self.rules.patterns["ek_number_list_continuation"].match(sentence.text, end)
        while more:
            found.append((more.start("number"), more.end("number"), more.group("number")))
            more = self.rules.patterns["ek_number_list_continuation"].match(sentence.text, more.end())
        return found

    def _listed_toezeggingen(self) -> list[Mention]:
        """ "Tijdens deze vergadering zijn enkele toezeggingen gedaan. In deze brief ga ik in op ...:"
        followed by bullets: each bullet is a toezegging, addressed by this letter."""
        out: list[Mention] = []
        body = self.body_sentences
        intro_pattern = self.rules.patterns["toezegging_list_intro"]
        if not intro_pattern.search(self.normalised.body):  # one search rules out most letters
            return out
        for i, sentence in enumerate(body):
            if not intro_pattern.search(sentence.text):
                continue
            intro = body[i : i + 3]
            colon = next((k for k, s in enumerate(intro) if s.text.rstrip().endswith(":")), None)
            if colon is None:
                continue
            addressed = any(self.rules.patterns["toezegging_addressed"].search(s.text) for s in intro[: colon + 1])
            for bullet in body[i + colon + 1 :]:
                prefix = _BULLET_PREFIX.match(bullet.text)
                if not prefix:
                    break
                text = collapse(bullet.text[prefix.end() :])
                mention = self.mentions.add(
                    "toezegging", bullet, prefix.end(), len(bullet.text), "toezegging_list", text=text
                )
                if addressed:
                    mention.update(
                        status="closed", status_rule="toezegging_addressed", status_quote=collapse(intro[colon].text)
                    )
                out.append(mention)
        return out

    def _counted_toezeggingen(self) -> list[Mention]:
        """ "een tweetal toezeggingen gedaan, die ik hiermee gestand wil doen. Bijgevoegd treft u daartoe
        A, alsmede B": one toezegging per part of the delivering sentence, when it has as many parts
        as were counted (else nothing: the parts would be a guess)."""
        out: list[Mention] = []
        patterns = self.rules.patterns
        body = self.body_sentences
        for counted in patterns["toezeggingen_counted"].finditer(self.normalised.body):
            at = body.sentence_at(BODY, counted.start())
            if at is None or at + 1 >= len(body):
                continue
            sentence, delivery = body[at], body[at + 1]
            opening = patterns["toezeggingen_delivered"].match(delivery.text)
            if opening is None or delivery.paragraph != sentence.paragraph:
                continue
            spans, start = [], opening.end()
            for split in patterns["toezeggingen_delivered_split"].finditer(delivery.text, start):
                spans.append((start, split.start()))
                start = split.end()
            spans.append((start, len(delivery.text)))
            count = counted.group("count").lower().removeprefix("een").strip()
            if len(spans) != _COUNTS.get(count):
                continue
            gestand = patterns["toezeggingen_gestand"].search(sentence.text)
            for start, end in spans:
                text = collapse(delivery.text[start:end]).strip(" ,.;:")
                mention = self.mentions.add("toezegging", delivery, start, end, "toezeggingen_counted", text=text)
                if gestand:
                    mention.update(status="closed", status_rule="toezeggingen_gestand", status_quote=collapse(sentence.text))
                out.append(mention)
        return out


def merge_items(mentions: MentionList) -> list[Item]:
    """Group one letter's mentions into items, keyed by the identity rules (tracker/pipeline/identity.py).
    Within a letter a motie named only by its indieners is the numbered motie of the same indieners
    when exactly one fits (and its subject does not differ), else the one named motie of those
    indieners with subject words, else its own item."""
    numbered: dict[tuple[str, ...], dict[str, str | None]] = {}  # indieners -> numbered key -> subject
    named: dict[tuple[str, ...], set[str]] = {}  # indieners -> subjects of name-only mentions
    numbered_key = _NumberedKeys()
    for mention in mentions:
        facts = mention.facts  # read once (only the subject is set here)
        found = numbered_key(mention)
        mention.subject = subject = identity.subject_of(mention)
        if facts.kind != "motie":
            continue
        names = identity.surnames(facts.name)
        if found:
            subjects = numbered.setdefault(names, {})
            subjects[found.key] = subjects.get(found.key) or subject
        elif subject:
            named.setdefault(names, set()).add(subject)
    items: dict[str, Item] = {}
    promises: dict[str, str] = {}  # toezegging key -> its text, to keep different promises apart
    openers: dict[str, _Openers] = {}  # unnumbered motie key -> the mentions that opened an item
    named_keys: dict[tuple[tuple[str, ...], str | None], identity.ItemKey] = {}  # indieners, subject -> key
    for mention in mentions:
        facts = mention.facts  # read once (only item_key is set below)
        kind, subject = facts.kind, facts.subject
        found = numbered_key(mention)
        names = identity.surnames(facts.name) if kind == "motie" else ()
        if found is None and kind == "motie":
            if (names, subject) not in named_keys:  # the same indieners are named again and again
                named_keys[names, subject] = _named_motie_key(
                    names, subject, numbered.get(names, {}), named.get(names, set())
                )
            found = named_keys[names, subject]
            if facts.distinct and found.public_id:
                found = identity.name_key(names, subject)  # a motie of its own is not that numbered one
            if not found.public_id:
                found = identity.ItemKey(_own_key(found.key, mention, openers), None, found.letter_scoped)
        if found is None:
            text = _promise(mention)
            found = identity.toezegging_key(text)
            key, n = found.key, 1
            while promises.setdefault(key, text.lower()) != text.lower():
                n += 1
                key = f"{found.key}-{n}"
            found = identity.ItemKey(key, None, letter_scoped=True)
        mention.item_key = found.key
        item = items.get(found.key)
        if item is None:
            item = Item(
                key=found.key,
                kind=kind,
                public_id=found.public_id,
                dossier=None,
                ondernummer=None,
                name=None,
                text=None,
                ek_number=facts.ek_number,
                status="mentioned",
                quote=collapse(mention.sentence.text),
                mentions=MentionList(mentions.mentions),
                names=names,
                letter_scoped=found.letter_scoped,
            )
            items[found.key] = item
        item.mentions.append(mention)
        if found.key.startswith("kst-") and item.dossier is None:
            item.dossier, item.ondernummer = facts.dossier, facts.ondernummer
        # the first mention that has them gives the item its name, subject and promise (read only
        # until then: a name printed again and again is looked up once)
        if not item.name:
            item.name = facts.name
        if not item.subject:
            item.subject = subject
        if not item.text and kind == "toezegging":
            item.text = facts.text  # what was promised
    return list(items.values())


class _NumberedKeys:
    """The key of a mention by its kamerstuk or register number (None without one), worked out once
    for what it says: a register number printed again and again has one key."""

    def __init__(self) -> None:
        self.keys: dict[int, identity.ItemKey | None] = {}

    def __call__(self, mention: Mention) -> identity.ItemKey | None:
        facts = mention.facts_number
        if facts not in self.keys:
            self.keys[facts] = identity.numbered_key(mention)
        return self.keys[facts]


def _named_motie_key(
    names: tuple[str, ...], subject: str | None, numbered: dict[str, str | None], named_subjects: set[str]
) -> identity.ItemKey:
    fitting = [
        key for key, other in numbered.items() if not (subject and other and not identity.same_subject(other, subject))
    ]
    exact = [key for key, other in numbered.items() if subject and other and identity.same_subject(other, subject)]
    if len(exact) == 1 or len(fitting) == 1:
        key = exact[0] if len(exact) == 1 else fitting[0]
        return identity.ItemKey(key, key)
    if subject is None and len(named_subjects) == 1:
        subject = next(iter(named_subjects))
    return identity.name_key(names, subject)


def _promise(mention: Mention) -> str:
    """An unnumbered toezegging's words: what was promised, else the sentence that holds the promise."""
    return mention.text or collapse(mention.sentence.text)


class _Openers:
    """The mentions that opened an item of one name: how many, and in which sentences."""

    def __init__(self) -> None:
        self.count = 0
        self.sentences: set[int] = set()

    def add(self, mention: Mention) -> None:
        self.count += 1
        self.sentences.add(mention.sentence_index)


def _own_key(key: str, mention: Mention, named_in: dict[str, _Openers]) -> str:
    """Two moties of the same indieners in one letter stay two items when the second is a motie of
    its own (its dictum follows, "een andere motie") or is named again in the same sentence ("de
    motie-Strik om X en motie-Strik om Y"); any other mention is the latest of that name."""
    openers = named_in.setdefault(key, _Openers())
    if openers.count and (mention.distinct or mention.sentence_index in openers.sentences):
        openers.add(mention)
        return f"{key}-{openers.count}"
    if not openers.count:
        openers.add(mention)
        return key
    return key if openers.count == 1 else f"{key}-{openers.count}"
