"""Stage 5: what the letter says of each item: closed, open, partial, or only mentioned.

A phrase applies to the items named in its sentence. When it names none but refers back ("deze
motie"), or announces a follow-up, it applies to the one item of its paragraph, else of its section
(the text under one heading). When that is not exactly one item, a closing phrase closes nothing.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple, TypeVar

import regex

from tracker.pipeline.items import ROW_PARAGRAPHS, collapse
from tracker.pipeline.model import Item, Mention, MentionList, Sentence
from tracker.pipeline.sentences import SentenceIndex
from tracker.rules import Rule, Rules, keyword_filter

Key = TypeVar("Key")
# An announced follow-up outweighs a closing phrase; "deels voldaan" (part done, part open) says most.
RANK = {"mentioned": 0, "closed": 1, "open": 2, "partial": 3}
# a motie's dictum: "verzoekt de regering", "Verzoeken de regering", "roept het kabinet op"
_MOTIE_TEXT = regex.compile(
    r"\b(?:[Vv]erzoek(?:t|en)|[Rr]oep(?:t|en))\s+(?:de\s+|het\s+)?"
    r"(?:regering|kabinet|[Mm]inister|[Mm]inisters|[Ss]taatssecretaris|bewindspersonen|[Vv]oorzitter)\b"
)


def _set(mention: Mention, status: str, rule: str, quote: str, authoritative: bool = False) -> None:
    """Raise a mention's status; a register's own status field (`authoritative`) sets it outright."""
    if authoritative:
        mention.update(status=status, status_rule=rule, status_quote=_folded(quote), authoritative=True)
    elif RANK[status] > RANK[mention.status] and not mention.authoritative:
        mention.update(status=status, status_rule=rule, status_quote=_folded(quote))


@lru_cache(maxsize=256)  # a sentence that names many items is the quote of each: folded once
def _folded(quote: str) -> str:
    return collapse(quote)


def assign_status(
    items: list[Item], sentences: Sequence[Sentence], rules: Rules, index: SentenceIndex | None = None
) -> list[str]:
    """Sets each mention's status (adding mentions for phrases that refer back) and each item's
    status in this letter; returns warnings for closing phrases that could not be tied to one item.
    `index`: the letter's sentence index, when the caller has built it already."""
    warnings: list[str] = []
    if not items:
        return warnings
    table = items[0].mentions.mentions
    mentions = MentionList(table, (i for item in items for i in item.mentions.indices))
    # the mentions of each sentence, found by bisection (a dictionary of lists would cost a few
    # hundred bytes for each sentence of a page of closing sentences)
    by_sentence = MentionList(table, mentions.indices)
    by_sentence.sort_by_place(sentence_only=True)
    item_by_key = {item.key: item for item in items}
    scopes = _Scopes(mentions)

    after_mention = [rule for rule in rules.status if rule.get("scope") == "after_mention"]
    after_mention_of: dict[str, list[Rule]] = {}  # kind -> the rules that apply to it
    defaults = _ToezeggingDefaults(rules)
    for mention in mentions:
        kind = mention.kind
        if kind == "toezegging":
            defaults.apply(mention)
        if kind not in after_mention_of:
            after_mention_of[kind] = [rule for rule in after_mention if _reading(rule).applies_to in ("any", kind)]
        if rules_here := after_mention_of[kind]:
            text, end = mention.sentence.text, mention.end  # neither changes with the status
            for rule in rules_here:
                if rule.pattern.match(text, end):
                    _set(mention, rule.get("status"), rule.name, text)

    rules_for = keyword_filter([rule for rule in rules.status if rule.get("scope") != "after_mention"])
    announced = _AnnouncedBefore(sentences, rules)
    considerans = rules.patterns["motie_considerans"]
    for sentence, rules_here in (index or SentenceIndex(sentences)).candidates(rules_for):
        text = sentence.text
        here: MentionList | None = None  # the sentence's mentions, found when a phrase matches
        kinds: set[str] | None = None  # the kinds its anaphors ("deze motie") refer to, idem
        for rule in rules_here:
            scope, status, applies_to, refers_back, authoritative = _reading(rule)
            label, cell = scope == "label", scope == "cell"
            for match in rule.matches_in(text):
                if here is None:
                    here = by_sentence.in_sentence(sentence.index)
                if not label and _in_dictum(text, match, here):
                    continue  # the motie's own request ("verzoekt de regering ... te rapporteren")
                if status == "closed" and not label and _in_dictum(text, match, here, considerans):
                    continue  # the motie's own considerans ("constaterende dat ... is invulling gegeven aan ...")
                if status == "closed" and (_negated(text, match, rules) or _asked(text, match)):
                    continue
                if status == "closed" and scope == "sentence" and _reported(text, match, rules):
                    continue  # "De minister zegt: hiermee is de motie uitgevoerd", said of this document by another
                stated, stated_by = status, rule.name
                if status == "closed" and announced(sentence):
                    # "De rapportage ontvangt u begin november. Daarin beantwoord ik tevens de motie":
                    # the item is answered in a document still to come
                    stated, stated_by = "open", "closing_in_announced_document"
                elif status == "closed" and scope == "sentence" and _on_a_condition(text, match, rules):
                    # "Zodra het wetsvoorstel is aangenomen, beschouw ik de motie als uitgevoerd"
                    stated, stated_by = "open", "closing_on_a_condition"
                named = [] if cell else [m for m in here if not m.anaphoric and applies_to in ("any", m.kind)]
                if status == "closed" and not refers_back:
                    named = [m for m in named if _same_clause(text, match, m, rules)]
                if named:
                    for mention in named:
                        _set(mention, stated, stated_by, text, authoritative)
                    continue
                if kinds is None:
                    kinds = _anaphor_kinds(text, rules)
                if not kinds and not (label or cell) and scope != "follow_up":
                    continue
                # a status label (a table cell) speaks of its row: the one item of its paragraph
                # an opening phrase may also reach the one item of its kind in the whole text (committee
                # minutes: "T01556" above the heading of its own agenda point, "de toezegging als niet
                # voldaan te beschouwen" below it); a closing phrase never reaches that far
                target = scopes.cell_item(sentences, sentence, match.start()) if cell else scopes.one_item(
                    sentence,
                    kinds or {"motie", "toezegging"},
                    paragraph_only=label and not kinds,  # "de toezegging als niet voldaan" is no table cell
                    whole_text=bool(kinds) and status != "closed",
                )
                if target is None and label and not kinds:
                    target = scopes.row_item(sentence)
                if target is None:
                    if status == "closed":
                        warnings.append(
                            f"closing phrase not tied to exactly one item, nothing closed: {collapse(text)[:160]}"
                        )
                    continue
                item = item_by_key[target]
                if applies_to not in ("any", item.kind):
                    continue
                back = table.add(
                    item.kind, sentence, match.start(), match.end(), "anaphor", anaphoric=True, item_key=target
                )
                _set(back, stated, stated_by, text, authoritative)
                item.mentions.append(back)

    for item in items:
        item.mentions.sort_by_place()
        # the register's own status field, where the page has one, else the strongest word of the letter
        said = [m.facts for m in item.mentions]  # each mention's facts read once
        fields = [facts for facts in said if facts.authoritative]
        best = fields[-1] if fields else max(said, key=lambda facts: RANK[facts.status])
        item.status = best.status
    return warnings


class _Reading(NamedTuple):
    """How a status rule's matches are applied."""

    scope: str
    status: str
    applies_to: str  # "motie", "toezegging" or "any"
    refers_back: bool
    authoritative: bool


@lru_cache(maxsize=1024)  # read once per rule, not once per letter or match
def _reading(rule: Rule) -> _Reading:
    return _Reading(
        rule.get("scope"),
        rule.get("status"),
        rule.get("applies_to", "any"),
        bool(rule.get("refers_back")),
        bool(rule.get("authoritative")),
    )


def _append(lists: dict[Key, MentionList], key: Key, mention: Mention) -> None:
    """Adds a mention to the list of its sentence, paragraph or section."""
    if (listed := lists.get(key)) is None:
        listed = lists[key] = MentionList(mention.mentions)
    listed.append(mention)


class _ToezeggingDefaults:
    """The register closes a toezegging when a letter states it addresses it: a section headed by
    the toezegging, "zoals toegezegd" (the letter delivers), or "In deze brief ga ik in op". Each
    sentence and each promise is searched once, however many register numbers it holds."""

    def __init__(self, rules: Rules) -> None:
        self.recurring_pattern = rules.patterns["toezegging_recurring"]
        self.addressed_pattern = rules.patterns["toezegging_addressed"]
        self.future_pattern = rules.patterns["toezegging_future_delivery"]
        self.recurring: dict[str, bool] = {}
        self.addressed: dict[int, list[int]] = {}  # sentence -> where each addressing phrase starts

    def apply(self, mention: Mention) -> None:
        sentence, facts = mention.sentence, mention.facts  # read once: each branch sets the status last
        if facts.postponed or (facts.text and self._recurring(facts.text)):
            # a postponed promise, or one to report again and again ("periodiek"), stays open
            _set(mention, "open", "toezegging_postponed" if facts.postponed else "toezegging_recurring", sentence.text)
        elif sentence.is_heading and not facts.ek_number:
            # a register page heads each record "Toezegging <title> (T01237)", whatever its status
            _set(mention, "closed", "toezegging_heading", sentence.text)
        elif facts.delivers:
            if self.future_pattern.search(sentence.text, mention.end):
                # "Zoals toegezegd ontvangt u na de zomer de evaluatie": not delivered yet
                _set(mention, "open", "toezegging_future_delivery", sentence.text)
            else:
                _set(mention, "closed", "zoals_toegezegd", sentence.text)
        elif self._addressed(sentence, mention.start):
            _set(mention, "closed", "toezegging_addressed", sentence.text)

    def _recurring(self, text: str) -> bool:
        if (found := self.recurring.get(text)) is None:
            found = self.recurring[text] = self.recurring_pattern.search(text) is not None
        return found

    def _addressed(self, sentence: Sentence, at: int) -> bool:
        """Does the sentence say this letter addresses the toezegging at `at`, in the same part of the
        sentence ("In deze brief ga ik in op de motie ...; de toezegging ... wordt in een aparte brief
        behandeld" addresses the motie only)?"""
        if (starts := self.addressed.get(sentence.index)) is None:
            starts = self.addressed[sentence.index] = [
                m.start() for m in self.addressed_pattern.finditer(sentence.text)
            ]
        text = sentence.text
        return any(text.find(";", min(start, at), max(start, at)) < 0 for start in starts)


class _AnnouncedBefore:
    """Does a sentence open with a reference to the one before it ("Daarin", "Daarmee", "In die
    rapportage") while that one, in the same paragraph, announces a document still to come (a
    follow-up phrase: "De voortgangsrapportage ontvangt u begin november.")? Then a closing phrase in
    it speaks of that document, not of this letter."""

    def __init__(self, sentences: Sequence[Sentence], rules: Rules) -> None:
        self.sentences = sentences
        self.opening = rules.patterns["refers_to_sentence_before"]
        self.follow_up = [rule for rule in rules.status if rule.get("scope") == "follow_up"]
        self.found: dict[int, bool] = {}  # by sentence: asked once for every closing phrase in it

    def __call__(self, sentence: Sentence) -> bool:
        if (found := self.found.get(sentence.index)) is None:
            found = self.found[sentence.index] = self._announced_before(sentence)
        return found

    def _announced_before(self, sentence: Sentence) -> bool:
        if sentence.index == 0 or not self.opening.match(sentence.text):
            return False
        before = self.sentences[sentence.index - 1]
        if (before.note, before.paragraph) != (sentence.note, sentence.paragraph):
            return False
        return any(next(iter(rule.matches_in(before.text)), None) is not None for rule in self.follow_up)


def _in_dictum(
    text: str, match: regex.Match[str], mentions: Iterable[Mention], opening: regex.Pattern[str] = _MOTIE_TEXT
) -> bool:
    """Does the phrase stand in a motie's dictum ("verzoekt de regering ... te rapporteren"), or with
    `opening` in another part of the motie's own text, with no item named between that and the phrase
    (an annex row: dictum, "Motie X c.s.", "Wordt uitgevoerd")?"""
    dictum = None
    for found in opening.finditer(text, 0, match.start()):
        dictum = found
    if dictum is None:
        return False
    return not any(dictum.end() <= m.start and m.end <= match.start() for m in mentions if not m.anaphoric)


def _clause_start(text: str, match: regex.Match[str]) -> int:
    """Where the clause of the phrase begins: after the last ",", ";" or ":" before it."""
    return max(text.rfind(separator, 0, match.start()) for separator in ",;:") + 1


def _part(text: str, match: regex.Match[str]) -> tuple[int, int]:
    """Where the part of the sentence the phrase stands in begins and ends: between ";"s."""
    end = text.find(";", match.end())
    return text.rfind(";", 0, match.start()) + 1, len(text) if end < 0 else end


def _negated(text: str, match: regex.Match[str], rules: Rules) -> bool:
    """Is the phrase negated in its own clause ("wordt nog niet als afgedaan beschouwd")?"""
    return rules.patterns["negation"].search(text, _clause_start(text, match), match.end()) is not None


def _asked(text: str, match: regex.Match[str]) -> bool:
    """Is the phrase part of a question ("En is hiermee de motie uitgevoerd?", "De leden vragen, is
    daarmee de motie uitgevoerd?")? The part of the sentence it stands in ends in a question mark."""
    return text.find("?", match.end(), _part(text, match)[1]) >= 0


def _reported(text: str, match: regex.Match[str], rules: Rules) -> bool:
    """Does the phrase report what someone else says or writes ("De minister zegt: hiermee is de motie
    uitgevoerd", "Volgens de minister is hiermee ...", "... uitgevoerd, aldus de minister")?"""
    part_start, part_end = _part(text, match)
    return (
        rules.patterns["closing_reported"].search(text, part_start, match.start()) is not None
        or rules.patterns["closing_reported_after"].search(text, match.end(), part_end) is not None
    )


def _on_a_condition(text: str, match: regex.Match[str], rules: Rules) -> bool:
    """Is the phrase said on a condition ("Zodra ..., beschouw ik de motie als uitgevoerd", "... als
    afgedaan zodra ...") or of the future ("zal de motie als afgedaan worden beschouwd")?"""
    return (
        rules.patterns["closing_condition"].search(text, _part(text, match)[0], match.end()) is not None
        or rules.patterns["closing_condition_after"].match(text, match.end()) is not None
        or rules.patterns["closing_future"].search(text, _clause_start(text, match), match.end()) is not None
    )


def _same_clause(text: str, match: regex.Match[str], mention: Mention, rules: Rules) -> bool:
    """Does the mention belong to the phrase's clause (or the list after it), with no new clause
    ("en informeer ik u over ...") between the two?"""
    between = (mention.end, match.start()) if mention.end <= match.start() else (match.end(), mention.start)
    if between[0] >= between[1]:
        return True  # the mention lies within the phrase
    return rules.patterns["clause_break"].search(text, between[0], between[1]) is None


def _anaphor_kinds(text: str, rules: Rules) -> set[str]:
    kinds = set()
    if rules.patterns["motie_anaphor"].search(text):
        kinds.add("motie")
    if rules.patterns["toezegging_anaphor"].search(text):
        kinds.add("toezegging")
    return kinds


_SEVERAL = object()  # more than one item is named in a scope


class _Scopes:
    """The mentions (none that refer back) of each paragraph and each section, in letter order."""

    def __init__(self, mentions: MentionList) -> None:
        self.by_paragraph: dict[int, MentionList] = {}
        self.by_section: dict[tuple[int, int], MentionList] = {}
        self.by_note: dict[int, MentionList] = {}
        self.named_cache: dict[tuple[int, frozenset[str], int], tuple[array[int], list[object]]] = {}
        self.empty = MentionList(mentions.mentions)
        sentence = None
        for m in mentions:
            if not m.anaphoric:
                if sentence is None or sentence.index != m.sentence_index:  # many mentions share one
                    sentence = m.sentence
                _append(self.by_paragraph, sentence.paragraph, m)
                _append(self.by_section, (sentence.note, sentence.section), m)
                _append(self.by_note, sentence.note, m)

    def row_item(self, sentence: Sentence) -> str | None:
        """For a status label in a paragraph that names no item: the item named last before it, when
        at most ROW_PARAGRAPHS paragraphs back (its own row's description cell), else None."""
        if self.by_paragraph.get(sentence.paragraph):
            return None
        last = self._named_last_before(sentence, 0)
        return last.item_key if last is not None else None

    def cell_item(self, sentences: Sequence[Sentence], sentence: Sentence, start: int) -> str | None:
        """For a row's status cell ("De motie is afgedaan met de brief van ..."): the item named last
        before it, in its own sentence or at most ROW_PARAGRAPHS paragraphs back, when no motie's
        dictum (the start of the next row) lies between the two; None otherwise. Items named after
        the phrase (the subject of the letter it cites) are not the row's."""
        last = self._named_last_before(sentence, start)
        if last is None:
            return None
        for index in range(last.sentence_index, sentence.index + 1):
            text = sentences[index].text
            begin = last.end if index == last.sentence_index else 0
            end = start if index == sentence.index else len(text)
            if _MOTIE_TEXT.search(text, begin, end):
                return None
        return last.item_key

    def _named_last_before(self, sentence: Sentence, start: int) -> Mention | None:
        """The mention that ends last before position `start` of the sentence, in it or in a sentence
        before it at most ROW_PARAGRAPHS paragraphs back (in the body or the same footnote)."""
        last, last_place, limit = None, (-1, -1), (sentence.index, start)
        for m in self.by_note.get(sentence.note, self.empty):
            place = (m.sentence_index, m.end)  # the first of several that end at one place is taken
            if last_place < place <= limit and sentence.paragraph - m.sentence.paragraph <= ROW_PARAGRAPHS:
                last, last_place = m, place
        return last

    def one_item(
        self, sentence: Sentence, kinds: set[str], paragraph_only: bool = False, whole_text: bool = False
    ) -> str | None:
        """The one item of these kinds named up to this sentence in its paragraph, else (unless
        `paragraph_only`) in its section, else (with `whole_text`) in the body or footnote before it;
        None when there are several (or none)."""
        scopes = [self.by_paragraph.get(sentence.paragraph, self.empty)]
        if not paragraph_only:
            scopes.append(self.by_section.get((sentence.note, sentence.section), self.empty))
            if whole_text:
                scopes.append(self.by_note.get(sentence.note, self.empty))
        for scope in scopes:
            indices, named = self._named_so_far(scope, frozenset(kinds), sentence.note)
            count = bisect.bisect_right(indices, sentence.index)
            if count:
                return None if named[count - 1] is _SEVERAL else named[count - 1]  # type: ignore[return-value]
        return None

    def _named_so_far(self, scope: MentionList, kinds: frozenset[str], note: int) -> tuple[array[int], list[object]]:
        """The scope's mentions of these kinds in sentence order, with for each the item named so far:
        its key, or _SEVERAL. Worked out once per scope, so that a letter of many closing sentences
        costs time in proportion to its length; kept in an array and a list of the keys (shared), as
        a scope may hold thousands of mentions."""
        cache_key = (id(scope), kinds, note)
        if cache_key not in self.named_cache:
            chosen = scope.where(lambda m: m.kind in kinds and m.sentence.note == note)
            chosen.sort_by_place(sentence_only=True)
            indices = array("i")
            named: list[object] = []
            first = None
            for m in chosen:
                key = m.item_key
                if not named:
                    first = key
                named.append(first if not named or (named[-1] is not _SEVERAL and key == first) else _SEVERAL)
                indices.append(m.sentence_index)
            self.named_cache[cache_key] = (indices, named)
        return self.named_cache[cache_key]
