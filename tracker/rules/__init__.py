"""The rule catalogue: reference patterns, item patterns and status phrases, kept as YAML data.

Patterns are composed from named fragments (`$dossier`, `$tz_number`, ...) defined in
fragments.yaml. Every rule carries examples that must match and counter-examples that must not;
`check_rules` reports every rule that breaks its own examples. A user can point `--rules DIR` at an
extended copy of this folder: files found there replace the shipped ones of the same name.
"""

from __future__ import annotations

import hashlib
import heapq
import os
import pickle
import re
import stat
import sys
import tempfile
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex
import yaml

SHIPPED_DIR = Path(__file__).parent
RULE_FILES = ("fragments.yaml", "references.yaml", "items.yaml", "status.yaml", "deadlines.yaml")
# libyaml's parser where PyYAML was built with it (ten times faster; the same safe subset of YAML)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRAGMENT_REF = regex.compile(r"\$([a-z_]+)")

# Many words found in one pass, in C (KeywordFilter.word_starts). Where it is not installed yet (an
# environment made before it was required), a scan for each word finds the same places, slower.
try:
    import ahocorasick
except ImportError:  # pragma: no cover
    ahocorasick = None

# The standard engine's own parser reads which words a keyword pattern needs (required_words). It is
# private: a Python without it only loses that first look, never a match.
try:
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _sre = _sre_parser = None


# A keyword: a word, or a short pattern (`keyword_patterns`), looked for in the text in lower case.
Keyword = str | re.Pattern[str]


def holds(lowered: str, keyword: Keyword) -> bool:
    return keyword in lowered if isinstance(keyword, str) else keyword.search(lowered) is not None


def may_hold(lowered: str, pattern: re.Pattern[str]) -> bool:
    """A first look for a keyword pattern: False when the text lacks all the words one of which
    every match of the pattern holds (`required_words`), so that it need not be searched."""
    words = required_words(pattern)
    return words is None or any(word in lowered for word in words)


@lru_cache(maxsize=256)
def required_words(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Words of which every match of a keyword pattern holds one, read from the parsed pattern: a
    `str.find` for each rules out a text many times faster than the pattern's own search, which
    tries every position where the pattern may start ("ze(?:gt|gde|i)\\s+(?:hij|zij|ze)\\b" is
    tried at every "z" and "h"). None when there are none of three characters or more, and for a
    pattern that opens with a literal character, whose places the search finds as fast itself."""
    if pattern.flags & re.IGNORECASE or _sre_parser is None:
        return None
    try:
        parsed = list(_sre_parser.parse(pattern.pattern, pattern.flags))
        if parsed and parsed[0][0] is _sre.LITERAL:
            return None
        words = _required(parsed)
    except Exception:  # a construct this reading does not know: no first look
        return None
    if not words or min(map(len, words)) < 3:
        return None
    return tuple(sorted(words))


_AT_MOST = 16  # strings spelled out for one stretch of a pattern


def _required(items: list[Any]) -> set[str] | None:
    """For a sequence of parsed items: strings one of which every match holds, or None."""
    if len(items) == 1 and items[0][0] is _sre.BRANCH:  # alternatives: each must have its own
        union: set[str] = set()
        for branch in items[0][1][1]:
            words = _required(list(branch))
            if not words:
                return None
            union |= words
        return union
    found: list[set[str]] = []  # sets of strings, a match holds one of each
    current = {""}  # the strings the stretch of literal items read so far spells
    for op, av in items:
        spelled = _spelled(op, av)
        if spelled is not None and len(current) * len(spelled) <= _AT_MOST:
            current = {before + after for before in current for after in spelled}
            continue
        if all(current):
            found.append(current)
        current = {""}
    if all(current):
        found.append(current)
    return max(found, key=lambda words: min(map(len, words))) if found else None


def _spelled(op: Any, av: Any) -> set[str] | None:
    """The strings a parsed item matches, when they are few and spelled out (an assertion or
    anchor matches the empty string), else None."""
    if op is _sre.LITERAL:
        return {chr(av)}
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        return {""}
    if op is _sre.IN and all(member_op is _sre.LITERAL for member_op, _member in av):
        return {chr(member) for _op, member in av}
    if op is _sre.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            spelled = _sequence_spelled(list(branch))
            if spelled is None:
                return None
            union |= spelled
        return union if len(union) <= _AT_MOST else None
    if op is _sre.SUBPATTERN and not av[1] and not av[2]:  # a group without flags of its own
        return _sequence_spelled(list(av[3]))
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[1] <= 1:  # x? (or x{1})
        spelled = _sequence_spelled(list(av[2]))
        if spelled is None:
            return None
        return spelled if av[0] else spelled | {""}
    return None


def _sequence_spelled(items: list[Any]) -> set[str] | None:
    spelled = {""}
    for op, av in items:
        part = _spelled(op, av)
        if part is None or len(spelled) * len(part) > _AT_MOST:
            return None
        spelled = {before + after for before in spelled for after in part}
    return spelled


class RuleError(Exception):
    """A rule file is missing, malformed, or a pattern does not compile."""


@dataclass(frozen=True, eq=False)  # a rule is itself: hashed by identity, cheap as a cache key
class Rule:
    name: str
    group: str
    pattern: regex.Pattern[str]
    source: str
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def get(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)

    def may_match(self, lowered: str, look: KeywordLook | None = None) -> bool:
        """A cheap first look: a rule with `keywords` can only match text holding one of them
        (`lowered` is the text in lower case; `look`, its keywords looked for already). Rules
        without keywords are always tried."""
        keywords = self.options.get("keywords")
        if not keywords:
            return True
        if look is None:
            return any(holds(lowered, keyword) for keyword in keywords)
        return any(look.holds(keyword) for keyword in keywords)

    def matches_in(self, text: str) -> Iterator[regex.Match[str]]:
        """The matches `pattern.finditer` gives; a rule written in `parts` tries only the parts whose
        keywords the text holds (a part whose keywords the text lacks matches nowhere in it)."""
        parts = self.options.get("parts")
        if not parts:
            return self.pattern.finditer(text)  # type: ignore[no-any-return]
        lowered = text.lower()
        held = [pattern for keywords, pattern in parts if any(holds(lowered, keyword) for keyword in keywords)]
        if len(held) == len(parts):
            return self.pattern.finditer(text)  # type: ignore[no-any-return]
        if len(held) == 1:
            return held[0].finditer(text)  # type: ignore[no-any-return]
        return _alternation(held, text)

    def find_all(self, text: str, lowered: str, look: KeywordLook | None = None) -> Iterator[regex.Match[str]]:
        """The matches `finditer` gives, found faster for a rule with `keywords` and `reach`: the
        pattern is tried only near each keyword, or, with `starts_at_keyword`, only at each keyword
        (`lowered` is the text in lower case; `look`, where its keywords are, when several rules
        share them)."""
        reach = self.options.get("reach")
        keywords = self.options.get("keywords")
        if not keywords or self.options.get("overlapped") or len(lowered) != len(text):
            return self.finditer(text)  # type: ignore[no-any-return]
        look = look or KeywordLook(lowered)
        if self.options.get("starts_at_keyword"):
            return self._at_keywords(text, look, keywords)
        if not reach:
            return self.finditer(text)  # type: ignore[no-any-return]
        return self._near_keywords(text, look, reach, keywords)

    def _at_keywords(self, text: str, look: KeywordLook, keywords: tuple[Keyword, ...]) -> Iterator[regex.Match[str]]:
        # Every match starts with one of its keywords, so the pattern is tried there only.
        pos = 0  # the next match starts here or later
        for at in look.positions(keywords):
            if at >= pos and (match := self.pattern.match(text, at)) is not None:
                yield match
                pos = max(match.end(), match.start() + 1)

    def _near_keywords(
        self, text: str, look: KeywordLook, reach: int, keywords: tuple[Keyword, ...]
    ) -> Iterator[regex.Match[str]]:
        # Every match lies within reach of a keyword it holds, so it lies in one of the stretches
        # around the keywords; each stretch is searched once, in order.
        pos = 0  # the next match starts here or later
        for start, end in stretches(look.positions(keywords), reach, reach):
            start = max(start, pos)
            while start < end and (window := self.pattern.search(text, start, end)) is not None:
                # the stretch may cut a match short: the match at that start is taken from the whole text
                match = self.pattern.match(text, window.start())
                if match is None:
                    start = window.start() + 1
                    continue
                yield match
                pos = start = max(match.end(), match.start() + 1)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        overlapped = bool(self.options.get("overlapped"))
        if endpos is None:
            return self.pattern.finditer(text, pos, overlapped=overlapped)
        return self.pattern.finditer(text, pos, endpos, overlapped=overlapped)


@dataclass
class Rules:
    """All rules, grouped as in the YAML files."""

    directory: Path
    fragments: dict[str, str]
    references: list[Rule]
    moties: list[Rule]
    toezeggingen: list[Rule]
    status: list[Rule]
    patterns: dict[str, regex.Pattern[str]]
    deadlines: list[Rule]
    words: dict[str, dict[str, int]]

    def all_rules(self) -> list[Rule]:
        return [*self.references, *self.moties, *self.toezeggingen, *self.status, *self.deadlines]


_PIECE = 1 << 16  # characters


class KeywordFilter:
    """Picks, for a piece of text, the rules worth trying on it: those whose keywords it holds, and
    those without keywords. One search for all keywords at once rules most text out."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self.always = [rule for rule in rules if not rule.get("keywords")]
        self._keywords = [(rule, frozenset(rule.get("keywords") or ())) for rule in rules]
        self._holding: dict[frozenset[Keyword], list[Rule]] = {}
        words = sorted({word for _rule, keywords in self._keywords for word in keywords}, key=_length, reverse=True)
        self.words = tuple(words)  # every keyword once
        self.literal_words = tuple(word for word in words if isinstance(word, str))
        self._automaton: ahocorasick.Automaton | None = None
        alternatives = (re.escape(word) if isinstance(word, str) else word.pattern for word in words)
        self.any_word = re.compile("|".join(alternatives)) if words else None

    def __call__(self, lowered: str) -> list[Rule]:
        """The rules for one piece of text in lower case."""
        if self.any_word is None or not self.any_word.search(lowered):
            return self.always
        return [rule for rule in self.rules if rule.may_match(lowered)]  # rules without keywords always may

    def word_starts(self, lowered: str) -> Iterator[tuple[int, str]]:
        """Every occurrence of every word (not pattern) in a text in lower case, found in one pass
        (Aho-Corasick): (where it starts, the word), each word's in order. The text is read in
        pieces: the automaton copies what it reads at four bytes a character."""
        if ahocorasick is None:
            for word in self.literal_words:
                for start in keyword_starts(lowered, word):
                    yield start, word
            return
        if self._automaton is None:
            self._automaton = ahocorasick.Automaton()
            for word in self.literal_words:
                self._automaton.add_word(word, word)
            self._automaton.make_automaton()
        overlap = max(map(len, self.literal_words), default=1) - 1  # a word that starts in a piece ends in it or here
        for piece in range(0, len(lowered), _PIECE):
            end = piece + _PIECE
            for last, word in self._automaton.iter(lowered[piece : end + overlap]):
                start = piece + last + 1 - len(word)
                if start < end:  # else the next piece's
                    yield start, word

    def holding(self, words: set[Keyword]) -> list[Rule]:
        """The rules for a text known to hold exactly these of the keywords (few sets recur, so each
        answer is kept)."""
        key = frozenset(words)
        if (rules := self._holding.get(key)) is None:
            rules = [rule for rule, keywords in self._keywords if not keywords or not keywords.isdisjoint(key)]
            self._holding[key] = rules
        return rules


def _alternation(patterns: list[regex.Pattern[str]], text: str) -> Iterator[regex.Match[str]]:
    """The matches of the patterns' alternation, found with each pattern apart: the match that starts
    first, and where several start at one place the earliest pattern's (the alternative an
    alternation takes); then on from its end (a part's match holds a keyword, so is never empty)."""
    found = [pattern.search(text) for pattern in patterns]
    while True:
        first = None
        for match in found:
            if match is not None and (first is None or match.start() < first.start()):
                first = match
        if first is None:
            return
        yield first
        end = max(first.end(), first.start() + 1)
        found = [
            match if match is None or match.start() >= end else pattern.search(text, end)
            for pattern, match in zip(patterns, found, strict=True)
        ]


def stretches(positions: Iterable[int], before: int, after: int) -> list[tuple[int, int]]:
    """The stretches from `before` characters ahead of each position (in order) to `after` past it,
    those that overlap joined into one."""
    joined: list[tuple[int, int]] = []
    for at in positions:
        start, end = max(0, at - before), at + after
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


def _length(keyword: Keyword) -> int:
    return len(keyword) if isinstance(keyword, str) else len(keyword.pattern)


class KeywordLook:
    """The keywords of one text in lower case, each looked for once however many rules share it:
    whether the text holds it (a scan up to its first occurrence), and where it starts."""

    def __init__(self, lowered: str) -> None:
        self.lowered = lowered
        self.held: dict[Keyword, bool] = {}
        self.found: dict[Keyword, array[int]] = {}

    def holds(self, keyword: Keyword) -> bool:
        held = self.held.get(keyword)
        if held is None:
            found = self.found.get(keyword)
            held = self.held[keyword] = len(found) > 0 if found is not None else holds(self.lowered, keyword)
        return held

    def starts(self, keyword: Keyword) -> array[int]:
        """Where the keyword starts (`keyword_starts`), found once."""
        found = self.found.get(keyword)
        if found is None:
            found = self.found[keyword] = keyword_starts(self.lowered, keyword) if self.holds(keyword) else array("q")
        return found

    def positions(self, keywords: tuple[Keyword, ...]) -> Iterable[int]:
        """Where the keywords start in the text, in order. Kept as arrays of machine integers: a
        hostile text with a keyword in every word would otherwise take many times its size in memory."""
        starts = [self.starts(keyword) for keyword in keywords]
        return starts[0] if len(starts) == 1 else heapq.merge(*starts)


def keyword_starts(lowered: str, keyword: Keyword) -> array[int]:
    """Where a keyword starts in a text in lower case, as machine integers (8 bytes each)."""
    if not isinstance(keyword, str):
        if not may_hold(lowered, keyword):
            return array("q")
        return array("q", (m.start() for m in keyword.finditer(lowered)))
    found = array("q")
    at = lowered.find(keyword)
    while at >= 0:
        found.append(at)
        at = lowered.find(keyword, at + 1)
    return found


@lru_cache(maxsize=64)
def _keyword_filter(rules: tuple[Rule, ...]) -> KeywordFilter:
    return KeywordFilter(rules)


def keyword_filter(rules: list[Rule]) -> KeywordFilter:
    """The filter for these rules (built once per rule set, not once per letter)."""
    return _keyword_filter(tuple(rules))


class _RuleFile(dict[str, Any]):
    """A rule file's top level; a missing key is a clear RuleError naming the file, not a KeyError."""

    path: Path

    def __missing__(self, key: str) -> Any:
        raise RuleError(
            f"rule file {self.path} lacks the key '{key}' (the shipped {SHIPPED_DIR / self.path.name} has it)"
        )


def _read_yaml(name: str, directory: Path | None) -> dict[str, Any]:
    path = SHIPPED_DIR / name
    if directory is not None and (directory / name).is_file():
        path = directory / name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(f"cannot read rule file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise RuleError(f"rule file {path} must hold a mapping at the top level")
    rule_file = _RuleFile(data)
    rule_file.path = path
    return rule_file


def expand(source: str, fragments: dict[str, str], _depth: int = 0) -> str:
    """Replace every $name by its fragment (recursively), each wrapped in a non-capturing group."""
    if _depth > 20:
        raise RuleError(f"fragments nest too deeply (a cycle?) in {source!r}")

    def substitute(match: regex.Match[str]) -> str:
        name = match.group(1)
        if name not in fragments:
            raise RuleError(f"unknown fragment ${name}")
        return "(?:" + expand(fragments[name], fragments, _depth + 1) + ")"

    return _FRAGMENT_REF.sub(substitute, source)


def _compile(source: str, fragments: dict[str, str], where: str) -> regex.Pattern[str]:
    try:
        return regex.compile(expand(source, fragments))
    except regex.error as exc:
        raise RuleError(f"{where}: pattern does not compile: {exc}") from exc


def _keyword_pattern(source: str, group: str, name: str) -> re.Pattern[str]:
    try:
        return re.compile(source)
    except re.error as exc:
        raise RuleError(f"{group}/{name}: keyword pattern {source!r} does not compile: {exc}") from exc


def _rules(entries: Any, group: str, fragments: dict[str, str]) -> list[Rule]:
    if not isinstance(entries, list):
        raise RuleError(f"'{group}' must be a list of rules")
    rules = []
    for entry in entries:
        if not isinstance(entry, dict) or "name" not in entry or ("pattern" in entry) == ("parts" in entry):
            raise RuleError(f"every rule in '{group}' needs a name and a pattern (or parts): {entry!r}")
        name = str(entry["name"])
        options = {k: v for k, v in entry.items() if k not in {"name", "pattern", "examples", "counter_examples"}}
        keywords = _keywords(options, group, name)
        if "pattern" in entry:
            source = str(entry["pattern"])
        else:
            # the pattern is the parts' alternation, in order; without keywords of its own, the rule
            # takes all of theirs
            parts = _parts(options.pop("parts"), group, name)
            source = "|".join(part_source for _part_keywords, part_source in parts)
            if not keywords:
                keywords = list(dict.fromkeys(k for part_keywords, _part_source in parts for k in part_keywords))
            options["parts"] = tuple(
                (part_keywords, _compile(part_source, fragments, f"{group}/{name}")) for part_keywords, part_source in parts
            )
        if keywords:
            options["keywords"] = tuple(keywords)
        rules.append(
            Rule(
                name=name,
                group=group,
                pattern=_compile(source, fragments, f"{group}/{name}"),
                source=source,
                examples=tuple(str(e) for e in entry.get("examples") or ()),
                counter_examples=tuple(str(e) for e in entry.get("counter_examples") or ()),
                options=options,
            )
        )
    return rules


def _keywords(options: dict[str, Any], group: str, name: str) -> list[Keyword]:
    """A rule's (or a part's) `keywords` and `keyword_patterns`, taken out of its options."""
    keywords: list[Keyword] = []
    for key, what in (("keywords", "words"), ("keyword_patterns", "patterns")):
        given = options.pop(key, [])
        if not isinstance(given, list) or not all(isinstance(k, str) and k for k in given):
            raise RuleError(f"{group}/{name}: {key} must be a list of {what}")
        keywords += (
            [k.lower() for k in given] if key == "keywords" else [_keyword_pattern(k, group, name) for k in given]
        )
    return keywords


def _parts(entries: Any, group: str, name: str) -> list[tuple[tuple[Keyword, ...], str]]:
    """A rule's `parts`: each a pattern with the keywords of which every match of it holds one."""
    if not isinstance(entries, list) or not entries:
        raise RuleError(f"{group}/{name}: parts must be a list of patterns, each with its keywords")
    parts = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("pattern"), str):
            raise RuleError(f"{group}/{name}: every part needs a pattern: {entry!r}")
        options = {k: v for k, v in entry.items() if k != "pattern"}
        keywords = _keywords(options, group, name)
        if not keywords or options:
            raise RuleError(f"{group}/{name}: every part needs keywords (or keyword_patterns) and nothing else")
        parts.append((tuple(keywords), entry["pattern"]))
    return parts


@lru_cache(maxsize=8)
def load_rules(directory: Path | None = None) -> Rules:
    """Load and compile the rule catalogue (the shipped one, or DIR's files where present).

    Compiling the patterns takes longer than extracting a short letter, so the compiled catalogue
    is kept in the user's cache folder, under a key made of the rule files' contents, this module's
    code and the Python and regex versions: a changed rule file is compiled again."""
    if directory is not None and directory.exists() and not directory.is_dir():
        raise RuleError(f"--rules {directory} is a file; give the folder that holds the rule files")
    if directory is not None and not directory.is_dir():
        raise RuleError(f"rules directory {directory} does not exist")
    cached = _cache_file(directory)
    rules = _read_cache(cached) if cached else None
    if rules is None:
        rules = _compile_rules(directory)
        if cached:
            _write_cache(cached, rules)
    return rules


def _cache_file(directory: Path | None) -> Path | None:
    """Where the compiled rules of these files are kept; None when there is no cache folder."""
    key = hashlib.sha256()
    # the folders are in the key too: the compiled catalogue names the folder it came from
    for part in (sys.version, regex.__version__, str(SHIPPED_DIR), str(directory), Path(__file__).read_bytes()):
        key.update(part if isinstance(part, bytes) else part.encode())
        key.update(b"\0")
    for name in RULE_FILES:  # an extended copy may take patterns it lacks from the shipped files
        for path in (SHIPPED_DIR / name, *([directory / name] if directory else [])):
            try:
                key.update(path.read_bytes() if path.is_file() else b"-")
            except OSError:
                return None  # unreadable: compiling says what is wrong
            key.update(b"\0")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tracker" / f"rules-{key.hexdigest()[:32]}.pickle"


def _owned_privately(path: Path) -> bool:
    """A cache file is read only when this user wrote it and no one else can change it."""
    info = path.stat()
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return mine and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read_cache(path: Path) -> Rules | None:
    try:
        if not (_owned_privately(path.parent) and _owned_privately(path)):
            return None
        rules = pickle.loads(path.read_bytes())
    except Exception:  # no cache yet, or an unusable one: compiled again
        return None
    return rules if isinstance(rules, Rules) else None


def _write_cache(path: Path, rules: Rules) -> None:
    """Written whole or not at all (a read-only home folder just means no cache)."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".rules-")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(rules, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        # keep the newest few catalogues (other rule folders, earlier versions)
        kept = sorted(path.parent.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[_CACHED_CATALOGUES:]:
            old.unlink()
    except OSError:
        pass


_CACHED_CATALOGUES = 8


def _compile_rules(directory: Path | None) -> Rules:
    fragments_raw = _read_yaml("fragments.yaml", directory).get("fragments") or {}
    fragments = {str(k): str(v) for k, v in fragments_raw.items()}
    refs = _read_yaml("references.yaml", directory)
    items = _read_yaml("items.yaml", directory)
    status = _read_yaml("status.yaml", directory)
    deadlines = _read_yaml("deadlines.yaml", directory)
    patterns = {
        key: _compile(str(items[key]), fragments, key)
        for key in ("motie_anaphor", "toezegging_anaphor", "toezegging_list_intro")
    }
    patterns["bullet"] = regex.compile(expand(str(items["bullet"]), fragments), regex.MULTILINE)
    patterns["toezegging_addressed"] = _compile(str(status["toezegging_addressed"]), fragments, "toezegging_addressed")
    for key, data, name in (
        ("negation", status, "status.yaml"),
        ("closing_condition", status, "status.yaml"),
        ("closing_condition_after", status, "status.yaml"),
        ("closing_future", status, "status.yaml"),
        ("closing_reported", status, "status.yaml"),
        ("closing_reported_after", status, "status.yaml"),
        ("motie_considerans", status, "status.yaml"),
        ("clause_break", status, "status.yaml"),
        ("motie_list_continuation", items, "items.yaml"),
        ("ek_number_list_continuation", items, "items.yaml"),
        ("motie_number_list_intro", items, "items.yaml"),
        ("motie_number_list_gap", items, "items.yaml"),
        ("toezegging_list_split", items, "items.yaml"),
        ("toezegging_recurring", status, "status.yaml"),
        ("toezegging_future_delivery", status, "status.yaml"),
        ("refers_to_sentence_before", status, "status.yaml"),
        ("motie_amended", items, "items.yaml"),
        ("motie_was", items, "items.yaml"),
        ("motie_letter_after", items, "items.yaml"),
        ("speaker_label", items, "items.yaml"),
        ("motie_held_by_speaker", items, "items.yaml"),
        ("toezeggingen_counted", items, "items.yaml"),
        ("toezeggingen_delivered", items, "items.yaml"),
        ("toezeggingen_delivered_split", items, "items.yaml"),
        ("toezeggingen_gestand", items, "items.yaml"),
        ("promisor_antecedent", items, "items.yaml"),
        ("other_person", items, "items.yaml"),
    ):
        # an extended copy written before these patterns existed still gets the shipped ones
        source = data.get(key) or _read_yaml(name, None)[key]
        patterns[key] = _compile(str(source), fragments, key)
    patterns["dossier"] = _compile("$dossier", fragments, "dossier")
    patterns["tz_number"] = _compile("$tz_number", fragments, "tz_number")
    patterns["person"] = _compile("$person", fragments, "person")
    return Rules(
        directory=directory or SHIPPED_DIR,
        fragments=fragments,
        references=_rules(refs.get("references"), "references", fragments),
        moties=_rules(items.get("moties"), "moties", fragments),
        toezeggingen=_rules(items.get("toezeggingen"), "toezeggingen", fragments),
        status=_rules(status.get("status"), "status", fragments),
        patterns=patterns,
        deadlines=_rules(deadlines.get("deadlines"), "deadlines", fragments),
        words={
            "numbers": {str(k): int(v) for k, v in (deadlines.get("number_words") or {}).items()},
            "quarters": {str(k): int(v) for k, v in (deadlines.get("quarter_words") or {}).items()},
        },
    )


@dataclass
class RuleProblem:
    rule: str
    problem: str
    example: str


def check_rules(rules: Rules) -> list[RuleProblem]:
    """Every example must match its rule (and hold one of its keywords); no counter-example may."""
    problems: list[RuleProblem] = []
    for rule in rules.all_rules():
        where = f"{rule.group}/{rule.name}"
        if not rule.examples:
            problems.append(RuleProblem(where, "has no examples", ""))
        for example in rule.examples:
            if not _matches(rule, example):
                problems.append(RuleProblem(where, "example does not match", example))
            elif not rule.may_match(example.lower()):
                problems.append(RuleProblem(where, "example holds none of the rule's keywords", example))
            elif not _found_within_reach(rule, example):
                problems.append(RuleProblem(where, "example is not found within reach of a keyword", example))
            elif not _found_in_parts(rule, example):
                problems.append(RuleProblem(where, "example is not found by the parts whose keywords it holds", example))
        for counter in rule.counter_examples:
            if _matches(rule, counter):
                problems.append(RuleProblem(where, "counter-example matches", counter))
    return problems


def _found_within_reach(rule: Rule, text: str) -> bool:
    found = next(rule.find_all(text, text.lower()), None)
    whole = rule.pattern.search(text)
    return found is not None and whole is not None and found.span() == whole.span()


def _found_in_parts(rule: Rule, text: str) -> bool:
    return [m.span() for m in rule.matches_in(text)] == [m.span() for m in rule.pattern.finditer(text)]


def _matches(rule: Rule, text: str) -> bool:
    if rule.get("scope") == "after_mention":
        return rule.pattern.match(text) is not None
    return rule.pattern.search(text) is not None
