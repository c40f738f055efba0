"""`date`: the caller named the day of the interview, resolved against the call date.

Spoken numbers become digits (text2num), candidate spans are found with a few
patterns ("november 17th", "the 17th of november", "11/17", "on the 17th",
"last tuesday", "a week ago tuesday"), and dateparser resolves a month/day span
relative to the call date, preferring the past. A weekday alone counts when the
interview fell on that weekday within the last `recent_days` days. A date that
resolves to another day is reported as a problem when the caller said it about
the interview.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import dateparser

from rehearse.checks.base import MISSED, DetectorKind, Facts, Finding
from rehearse.checks.occasion import about_something_else, unsure
from rehearse.checks.params import phrase_list, phrases_schema, positive_int
from rehearse.checks.spoken import digits, quote_located
from rehearse.checks.text import analyse
from rehearse.profile.calendar import MONTHS, WEEKDAYS, date_on, ordinal, spoken_date

PARAMS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "recent_days": {
            "type": "integer",
            "minimum": 1,
            "maximum": 31,
            "description": (
                "A weekday alone ('last Tuesday') counts when the interview was that "
                "weekday within this many days before the call. Default 14."
            ),
        },
        "unsure": phrases_schema(
            "Doubt cues: a date after one in its clause is not given ('I don't remember if it "
            "was ...'). A date said as one of two ('... or ...') never is. Default none."
        ),
        "holidays": {
            "type": "object",
            "additionalProperties": {
                "type": "string",
                "pattern": r"^(\d{2}-\d{2}|(first|second|third|fourth|last) [a-z]+ of [a-z]+)$",
            },
            "description": (
                "Named days a caller may date the interview by, each the name as said "
                "('thanksgiving') and its day: 'MM-DD' or '<first|second|third|fourth|last> "
                "<weekday> of <month>'. The latest one on or before the call counts. Default none."
            ),
        },
    },
}


_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_WEEKDAY = "(" + "|".join(WEEKDAYS) + ")s?"
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(?:the\s+)?{_DAY}\b(?!\s*(?:pm|am|oclock|:))")
_DAY_MONTH = re.compile(rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\b")
_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?\b")
# A year said after a date: "June 2nd, 2025", "the 2nd of June 2025".
_YEAR_AFTER = re.compile(r",?\s+(?:of\s+)?((?:19|20)\d{2})\b")
_THE_NTH = re.compile(r"\b(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)\b|\bon\s+the\s+(\d{1,2})\b")
_WEEKDAY_SPAN = re.compile(
    rf"\b(?:(a\s+week\s+ago|a\s+week\s+last|last\s+week|the\s+week\s+before|"
    rf"last|this\s+past|past|this\s+coming|coming|next|this)\s+(?:on\s+)?)?{_WEEKDAY}"
    rf"(?:\s+(?:of\s+)?(last\s+week|a\s+week\s+ago|before\s+last|the\s+week\s+before|"
    rf"just\s+gone|gone|before(?=\s*(?:[,.;:!?]|$))))?\b"
)
_RELATIVE = re.compile(r"\b(yesterday|the\s+day\s+before\s+yesterday)\b")
# Days counted back from the call: "8 days ago", "a week ago today", "a fortnight ago
# tomorrow", "2 weeks ago yesterday", "this day last week", "yesterday week", "a week
# yesterday" (British: eight days ago). "a week ago" alone names no day.
_DAYS_AGO = re.compile(r"\b(\d{1,2})\s+days?\s+ago\b")
_WEEKS_AGO_FROM = re.compile(
    r"\b(a|1|2|3|one|two|three)\s+(weeks?|fortnight)\s+ago\s+(today|yesterday|tomorrow)\b"
)
_THIS_DAY_LAST_WEEK = re.compile(r"\b(?:this|the\s+same)\s+day\s+last\s+week\b")
_YESTERDAY_WEEK = re.compile(r"\byesterday\s+week\b|\ba\s+week\s+yesterday\b")
_WEEKS = {"a": 1, "1": 1, "one": 1, "2": 2, "two": 2, "3": 3, "three": 3}
_NTH = {"first": 0, "second": 1, "third": 2, "fourth": 3}

# Words near a date that show the caller is speaking of the interview.
_INTERVIEW_CUES = frozenset(
    "interview interviewed interviewing met meet meeting spoke talked came saw visited".split()
)
_FUTURE = re.compile(r"\b(?:next|coming|tomorrow|until|by|before|after)\s*$")
# Words before a named day that make it a stretch of time, not that day ("over christmas").
_AROUND = re.compile(r"\b(?:next|coming|this|until|till|by|before|after|since|around|over|near|from)\s*$")


@dataclass(frozen=True)
class Said:
    """One date the caller said: the span, where, and what it resolves to."""

    text: str  # the span, digits form
    start: int  # offset in the digits form of the sentence
    days: tuple[dt.date, ...]  # the days it may mean
    label: str  # how to quote it back


@lru_cache(maxsize=2048)
def _parse(span: str, today: dt.date) -> dt.date | None:
    base = dt.datetime(today.year, today.month, today.day, 12, 0)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "DATE_ORDER": "MDY"}
    parsed = dateparser.parse(span, languages=["en"], settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed else None


def _latest_day_of_month(day: int, today: dt.date) -> dt.date | None:
    """ "The 17th" said on `today`: the latest 17th on or before today.

    Worked out here: dateparser reads "the 5th" as the fifth month.
    """
    year, month = today.year, today.month
    for _ in range(3):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            candidate = None
        if candidate and candidate <= today:
            return candidate
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return None


def _full_year(said: str | None) -> int | None:
    if not said:
        return None
    return int(said) if len(said) == 4 else 2000 + int(said)


def _month_day(month: int, day: int, today: dt.date) -> dt.date | None:
    if not 1 <= day <= 31:
        return None
    month_name = dt.date(2000, month, 1).strftime("%B")
    return _parse(f"{month_name} {day}", today)


def _weekday_days(weekday: int, before: str, after: str, today: dt.date, recent: int) -> tuple[dt.date, ...]:
    """The days a spoken weekday may mean, said on `today`.

    "Tuesday" / "this past Tuesday": the one in the previous calendar week, or the
    most recent one if it falls in this week already. "last Tuesday" / "Tuesday last
    week": the one in the previous calendar week. "Tuesday just gone": the most recent.
    "a week ago Tuesday" / "Tuesday before last" / "the Tuesday before" (after "not last
    Tuesday") / "a week last Tuesday" (British): a week before the most recent, as the
    labelled calls read them (said on a Thursday, "Tuesday before last" is nine days back).
    Those counted a week further back are definite, so `recent` does not limit them.
    """
    latest = today - dt.timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
    monday = today - dt.timedelta(days=today.weekday())
    in_last_week = latest if latest < monday else latest - dt.timedelta(days=7)
    week = dt.timedelta(days=7)
    if before in ("a week ago", "a week last", "the week before") or after in (
        "a week ago",
        "before last",
        "before",
        "the week before",
    ):
        return (latest - week,)
    if before == "last" or "last week" in (before, after):
        days: tuple[dt.date, ...] = (in_last_week,)
    elif "gone" in after:
        days = (latest,)
    else:
        days = (in_last_week, latest) if latest >= monday else (latest,)
    return tuple(d for d in days if (today - d).days <= recent)


def holiday_on(rule: str, year: int) -> dt.date | None:
    """The day of a `holidays` rule ('04-01', 'fourth thursday of november') in `year`."""
    if re.fullmatch(r"\d{2}-\d{2}", rule):
        return date_on(year, int(rule[:2]), int(rule[3:]))
    nth, weekday_name, _, month_name = rule.split()
    weekday, month = WEEKDAYS.index(weekday_name), MONTHS[month_name]
    first = dt.date(year, month, 1)
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7)
    if nth == "last":
        while (day + dt.timedelta(days=7)).month == month:
            day += dt.timedelta(days=7)
        return day
    return day + dt.timedelta(days=7 * _NTH[nth])


def _holiday_pattern(name: str) -> re.Pattern[str]:
    """A holiday's name as said, apostrophes optional ("april fools' day", "new year's day")."""
    words = [r"'?".join(re.escape(c) for c in word) + r"'?" for word in name.lower().replace("'", "").split()]
    return re.compile(r"\b" + r"\s+".join(words) + r"(?![a-z])")


def _days_back(text: str, today: dt.date) -> list[tuple[re.Match[str], dt.date]]:
    """Days counted back from the call: "8 days ago", "a fortnight ago tomorrow"..."""
    found = [(m, today - dt.timedelta(days=int(m.group(1)))) for m in _DAYS_AGO.finditer(text)]
    for match in _WEEKS_AGO_FROM.finditer(text):
        weeks = 2 if match.group(2) == "fortnight" else _WEEKS[match.group(1)]
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[match.group(3)]
        found.append((match, today - dt.timedelta(days=7 * weeks - shift)))
    found += [(m, today - dt.timedelta(days=7)) for m in _THIS_DAY_LAST_WEEK.finditer(text)]
    found += [(m, today - dt.timedelta(days=8)) for m in _YESTERDAY_WEEK.finditer(text)]
    return found


def said_dates(
    text: str, today: dt.date, recent: int, holidays: Mapping[str, str] | None = None
) -> list[Said]:
    """Every date the caller said in `text` (one sentence, digits form)."""
    found: list[Said] = []
    covered: list[tuple[int, int]] = []

    def add(match: re.Match[str], days: tuple[dt.date, ...], label: str) -> None:
        covered.append(match.span())
        found.append(Said(match.group(0), match.start(), days, label))

    def overlaps(match: re.Match[str]) -> bool:
        return any(s < match.end() and match.start() < e for s, e in covered)

    for match, day in _days_back(text, today):
        if day < today:
            add(match, (day,), match.group(0))
    for name, rule in (holidays or {}).items():
        for match in _holiday_pattern(name).finditer(text):
            if overlaps(match) or _AROUND.search(text[: match.start()]):
                continue
            days = [holiday_on(rule, today.year - back) for back in (0, 1)]
            past = [d for d in days if d and d <= today]
            if past:
                add(match, (past[0],), name)

    for pattern, month_group, day_group in ((_MONTH_DAY, 1, 2), (_DAY_MONTH, 2, 1)):
        for match in pattern.finditer(text):
            month = MONTHS[match.group(month_group)]
            day = int(match.group(day_group))
            year = _YEAR_AFTER.match(text, match.end())
            resolved = date_on(int(year.group(1)), month, day) if year else _month_day(month, day, today)
            if resolved:
                label = f"{dt.date(2000, month, 1).strftime('%B')} {ordinal(day)}"
                add(match, (resolved,), label + (f", {year.group(1)}" if year else ""))
    for match in _NUMERIC.finditer(text):
        month, day = int(match.group(1)), int(match.group(2))
        year = _full_year(match.group(3))
        if not 1 <= month <= 12:
            resolved = None
        else:
            resolved = date_on(year, month, day) if year else _month_day(month, day, today)
        if resolved:
            add(match, (resolved,), match.group(0))
    for match in _THE_NTH.finditer(text):
        if overlaps(match):
            continue
        day = int(match.group(1) or match.group(2))
        resolved = _latest_day_of_month(day, today)
        if resolved:
            add(match, (resolved,), f"the {ordinal(day)}")
    for match in _WEEKDAY_SPAN.finditer(text):
        if overlaps(match):
            continue
        before = " ".join((match.group(1) or "").split())
        if before in ("next", "this coming", "coming") or _FUTURE.search(text[: match.start()]):
            continue
        weekday = WEEKDAYS.index(match.group(2))
        days = _weekday_days(weekday, before, " ".join((match.group(3) or "").split()), today, recent)
        label = " ".join(p for p in (before, match.group(2).title(), match.group(3)) if p)
        # "Tuesday the 17th": the weekday joins the date right after it.
        joined = [s for s in found if 0 <= s.start - match.end() <= 2]
        if joined:
            date = joined[0]
            agrees = bool(date.days) and date.days[0].weekday() == weekday
            found.remove(date)
            days = date.days if agrees else ()
            found.append(Said(date.text, date.start, days, f"{label}, {date.label}"))
            continue
        found.append(Said(match.group(0), match.start(), days, label))
    for match in _RELATIVE.finditer(text):
        if overlaps(match):
            continue
        back = 1 if match.group(1) == "yesterday" else 2
        found.append(Said(match.group(0), match.start(), (today - dt.timedelta(days=back),), ""))
    return found


def _about_interview(sentence: str, start: int) -> bool:
    words = re.findall(r"[a-z]+", sentence)
    return any(w in _INTERVIEW_CUES for w in words)


@dataclass(frozen=True)
class DateDetector:
    recent_days: int = 14
    holidays: tuple[tuple[str, str], ...] = ()
    unsure: tuple[str, ...] = ()

    def find(self, turns: Sequence[str], facts: Facts) -> Finding:
        interview = facts.profile.interview_date
        wrong: tuple[str, int] | None = None
        for turn_index, text in enumerate(turns):
            turn = analyse(text)
            for lo, hi in _sentences(turn):
                original = turn.span(lo, hi)
                sentence = digits(original)
                for said in said_dates(sentence, facts.today, self.recent_days, dict(self.holidays)):
                    if about_something_else(sentence, said.start, said.start + len(said.text)):
                        continue
                    if unsure(sentence, said.start, said.start + len(said.text), self.unsure):
                        continue
                    if interview in said.days:
                        return Finding(True, quote_located(turn, lo, hi, said.text), turn_index)
                    if wrong is None and said.label and _about_interview(sentence, said.start):
                        wrong = (said.label, turn_index)
        if wrong is None:
            return MISSED
        problem = f"you said {wrong[0]}; the interview was on {spoken_date(interview)}"
        return Finding(False, turn=wrong[1], problem=problem)


def _sentences(turn: Any) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    index = 0
    while index < len(turn.words):
        lo, hi = turn.sentence_bounds(index)
        bounds.append((lo, hi))
        index = hi + 1
    return bounds


def build(params: Mapping[str, Any]) -> DateDetector:
    recent = positive_int(params, "recent_days", 14)
    if not 1 <= recent <= 31:
        raise ValueError(f"recent_days: expected 1 to 31, got {recent}")
    holidays = params.get("holidays", {})
    if not isinstance(holidays, Mapping):
        raise ValueError("holidays: expected a mapping of names to days")
    for name, rule in holidays.items():
        if not re.fullmatch(r"\d{2}-\d{2}|(first|second|third|fourth|last) [a-z]+ of [a-z]+", str(rule)):
            raise ValueError(f"holidays.{name}: expected 'MM-DD' or 'fourth thursday of november'")
        parts = str(rule).split()
        if len(parts) == 4 and (parts[1] not in WEEKDAYS or parts[3] not in MONTHS):
            raise ValueError(f"holidays.{name}: unknown weekday or month in {rule!r}")
        if len(parts) == 1 and holiday_on(str(rule), 2024) is None:
            raise ValueError(f"holidays.{name}: no such day {rule!r}")
    pairs = tuple((str(n).lower(), str(r)) for n, r in holidays.items())
    return DateDetector(recent_days=recent, holidays=pairs, unsure=phrase_list(params, "unsure"))


KIND = DetectorKind(
    factory=build,
    params_schema=PARAMS_SCHEMA,
    summary="The interview date, spoken any common way, checked against the call date.",
)
