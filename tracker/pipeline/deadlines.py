"""The deadline written in a toezegging's text ("voor de zomer", "binnen drie weken"), resolved
against the date of the letter that carries it. Phrases and their meaning live in deadlines.yaml."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta

from tracker.pipeline.metadata import parse_dutch_date
from tracker.rules import Rule, Rules

_UNITS = {"dag": "days", "dagen": "days", "week": "weeks", "weken": "weeks", "maand": "months", "maanden": "months"}
_SEASON_END = {"voorjaar": (6, 20), "najaar": (12, 20)}


@dataclass
class Deadline:
    phrase: str
    due: date | None  # None: a deadline phrase that gives no date (no year, or an undated letter)
    rule: str


def find_deadline(text: str | None, letter_date: date | None, rules: Rules) -> Deadline | None:
    """The first deadline phrase in `text` that resolves to a date; else the first phrase that is a
    deadline but gives no date, so that it is shown as such; None when there is none."""
    if not text:
        return None
    found: list[tuple[int, Deadline]] = []
    unresolved: list[tuple[int, Deadline]] = []
    for rule in rules.deadlines:
        for m in rule.pattern.finditer(text):
            due = _resolve(rule, m.groupdict(), letter_date, rules) if letter_date else None
            (found if due is not None else unresolved).append((m.start(), Deadline(m.group(0).strip(), due, rule.name)))
    if found or unresolved:
        return min(found or unresolved, key=lambda f: f[0])[1]
    return None


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    first = date(year, month, 1)
    return first + relativedelta(days=(weekday - first.weekday()) % 7, weeks=nth - 1)


def _resolve(rule: Rule, groups: dict[str, str | None], letter: date, rules: Rules) -> date | None:
    kind = rule.get("kind")
    year_text = groups.get("year")
    year = int(year_text) if year_text else None
    if kind == "day_in_year":
        due = date(year or letter.year + int(rule.get("years_ahead", 0)), int(rule.get("month")), int(rule.get("day")))
        if year is None and rule.get("roll") and due < letter:
            due = due.replace(year=due.year + 1)
        return due
    if kind == "nth_weekday":
        month, weekday, nth = int(rule.get("month")), int(rule.get("weekday")), int(rule.get("nth"))
        due = _nth_weekday(year or letter.year, month, weekday, nth)
        return _nth_weekday(letter.year + 1, month, weekday, nth) if year is None and due < letter else due
    if kind == "explicit":
        raw = " ".join((groups.get("date") or "").split())
        if len(raw.split()) == 3:  # "1 april 2026"
            return parse_dutch_date(raw)
        parsed = parse_dutch_date(f"{raw} {letter.year}")  # "1 april": the next 1 April
        return parsed.replace(year=parsed.year + 1) if parsed is not None and parsed < letter else parsed
    if kind == "relative":
        n_raw = (groups.get("n") or "").lower()
        n = int(n_raw) if n_raw.isdigit() else rules.words["numbers"].get(n_raw)
        unit = _UNITS.get((groups.get("unit") or "").lower())
        if n is None or unit is None:
            return None
        shift: dict[str, Any] = {unit: n}
        return letter + relativedelta(**shift)
    if kind == "quarter":
        raw = (groups.get("quarter") or "").lower().removeprefix("q")
        raw = raw[:-1] if raw[:1].isdigit() and raw.endswith("e") else raw  # "1e" -> "1"
        quarter = int(raw) if raw.isdigit() else rules.words["quarters"].get(raw)
        if quarter is None or year is None:
            return None
        month = quarter * 3
        return date(year, month, calendar.monthrange(year, month)[1])
    if kind == "season":
        month, day = _SEASON_END[(groups.get("season") or "").lower()]
        due = date(year or letter.year, month, day)
        return due.replace(year=due.year + 1) if year is None and due < letter else due
    if kind == "recurring":
        every: dict[str, Any] = {str(rule.get("unit", "years")): 1}
        return letter + relativedelta(**every)
    return None
