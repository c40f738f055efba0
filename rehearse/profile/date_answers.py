"""Dates and times as people type them when asked for their interview, read back to them.

"2026-11-23", "Nov 23", "23 November", "November 23rd, 2026", "23/11/2026" (day/month/year, as
the question says; "11/23/2026" can only be month first), "yesterday", "last Monday",
"Monday", "3 days ago", "a week ago". A date without a year is the latest one not after today:
the interview has happened. Each answer comes back with the words it was read as, so the user
sees at once when it was read wrongly. Relative answers are resolved against `today` and
saved as a plain date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rehearse.errors import ProfileError
from rehearse.profile.calendar import MONTHS, WEEKDAYS, date_on, spoken_time
from rehearse.profile.model import parse_time

DATE_FORMS = "2026-11-23, Nov 23, last Monday, or 23/11/2026 (day/month/year)"
TIME_FORMS = "3:30 pm, 15:30 or 3pm"
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}

_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(\d{4}))?"
_MONTH_FIRST = re.compile(rf"^{_MONTH}\s+(?:the\s+)?{_DAY}{_YEAR}$")
_DAY_FIRST = re.compile(rf"^(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$")
_WEEKDAY = re.compile(r"^(?:(last|this past|on)\s+)?(" + "|".join(WEEKDAYS) + r")$")
_AGO = re.compile(r"^(\d+|" + "|".join(NUMBER_WORDS) + r")\s+(day|week)s?\s+ago$")


@dataclass(frozen=True)
class ReadDate:
    day: dt.date
    read_as: str  # "Monday, November 23, 2026"


def _written(day: dt.date) -> str:
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def _latest(month: int, day: int, today: dt.date) -> dt.date | None:
    for year in (today.year, today.year - 1):
        candidate = date_on(year, month, day)
        if candidate is not None and candidate <= today:
            return candidate
    return None


def read_date(answer: str, today: dt.date) -> ReadDate:
    """The interview date in `answer`; ProfileError (with the forms it takes) when unreadable."""
    day = read_day(answer, today)
    if day is None:
        raise ProfileError(f"interview_date: {unreadable_date(answer)}")
    if day > today:
        raise ProfileError(
            f"interview_date: {_written(day)} is after today: give the day of the interview you had"
        )
    return ReadDate(day, _written(day))


def read_day(answer: str, today: dt.date) -> dt.date | None:
    """The day `answer` names, any day (a planned interview may be ahead); None when unreadable."""
    return _read(" ".join(answer.strip().lower().replace(",", ", ").split()).rstrip("."), today)


def unreadable_date(answer: str) -> str:
    """What is said of a date that cannot be read, with the forms that can."""
    return f"cannot read {answer.strip()!r} as a date: try {DATE_FORMS}"


def _read(text: str, today: dt.date) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    if text in ("today", "this morning", "this afternoon"):
        return today
    if text == "yesterday":
        return today - dt.timedelta(days=1)
    if match := _MONTH_FIRST.match(text):
        return _dated(MONTHS[match.group(1)], int(match.group(2)), match.group(3), today)
    if match := _DAY_FIRST.match(text):
        return _dated(MONTHS[match.group(2)], int(match.group(1)), match.group(3), today)
    if match := _NUMERIC.match(text):
        first, second, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        year += 2000 if year < 100 else 0
        # Day first, as the question says; only a first number over 12 cannot be a month.
        day, month = (second, first) if second > 12 else (first, second)
        return date_on(year, month, day)
    if match := _WEEKDAY.match(text):
        weekday = WEEKDAYS.index(match.group(2))
        back = (today.weekday() - weekday) % 7 or 7
        return today - dt.timedelta(days=back)
    if match := _AGO.match(text):
        count = NUMBER_WORDS.get(match.group(1)) or int(match.group(1))
        return today - dt.timedelta(days=count * (7 if match.group(2) == "week" else 1))
    return None


def _dated(month: int, day: int, year: str | None, today: dt.date) -> dt.date | None:
    return date_on(int(year), month, day) if year else _latest(month, day, today)


def read_time(answer: str) -> tuple[dt.time, str]:
    """The interview time in `answer` and how it was read ("3:30 pm (15:30)")."""
    text = answer.strip().lower().replace("a.m.", "am").replace("p.m.", "pm").rstrip(".")
    if text in ("noon", "midday", "12 noon"):
        moment = dt.time(12, 0)
    else:
        try:
            moment = parse_time(text.replace(".", ":"))
        except ProfileError as problem:
            if "could be" in str(problem):
                raise
            raise ProfileError(
                f"interview_time: cannot read {answer.strip()!r} as a time: try {TIME_FORMS}"
            ) from None
    return moment, f"{spoken_time(moment)} ({moment:%H:%M})"
