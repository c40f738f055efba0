"""Dates and times as people say and write them: month and weekday names, ordinals,
"Tuesday, November 17th", "2:30 pm". Plain functions, shared by the profile's questions
and the checks that read dates in what the caller said."""

from __future__ import annotations

import datetime as dt

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def date_on(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when there is no such day (February 30th)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def ordinal(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def spoken_date(day: dt.date) -> str:
    """`Tuesday, November 17th`: the way a caller would say it."""
    return f"{day.strftime('%A')}, {day.strftime('%B')} {ordinal(day.day)}"


def spoken_time(moment: dt.time) -> str:
    """`2 pm`, `2:30 pm`, `noon`."""
    if moment.hour == 12 and moment.minute == 0:
        return "noon"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    if moment.minute:
        return f"{hour}:{moment.minute:02d} {suffix}"
    return f"{hour} {suffix}"
