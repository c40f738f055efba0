"""One written form for every caller turn, whoever wrote it: a person typing or a recognizer.

Recognizers write the same words differently: PocketSphinx "two p m", Whisper "2pm",
"2.30 pm", "10.30am", "9:30 a.m.", "11/17", "100%"; people type all of these too. Every
detector reads a turn through `checks.text.analyse`, which first rewrites the turn here, so
the checks see one form:

- times: "2pm", "2 p.m.", "2PM" -> "2 pm"; "2.30pm", "10.30 am", "14.00" -> "2:30 pm",
  "10:30 am", "14:00" (a full stop inside a time would otherwise end the sentence);
- dates: "11/17", "11-17", "11/17/2026" -> "November 17th", "November 17th 2026";
  month first (as in the US) unless the first number cannot be a month ("17/11" -> 17th of
  November);
- "&" -> "and", "100%" -> "100 percent".

Spoken numbers ("seventeenth", "two thirty") are left as words: the date and time checks
turn words into digits themselves (`checks.spoken`). Pure text in, text out.
"""

from __future__ import annotations

import re
from functools import lru_cache

MONTHS = ("January February March April May June July August September October November December").split()

_AM_PM = r"([ap])(\.?)\s?m\b(\.?)"
_CLOCK_AM_PM = re.compile(rf"\b(\d{{1,2}})[.:](\d{{2}})\s*{_AM_PM}", re.IGNORECASE)
_HOUR_AM_PM = re.compile(rf"\b(\d{{1,2}})\s*{_AM_PM}", re.IGNORECASE)
_HOUR_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_SPOKEN_HOUR_AM_PM = re.compile(rf"\b({_HOUR_WORDS})\s+{_AM_PM}", re.IGNORECASE)
_DOTTED_CLOCK = re.compile(r"\b([01]?\d|2[0-3])\.([0-5]\d)\b(?!\.\d)")
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})([/-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d/-])")
_PERCENT = re.compile(r"(\d)\s?%")


def _ordinal(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def _date(match: re.Match[str]) -> str:
    first, second, year = int(match.group(1)), int(match.group(3)), match.group(4)
    if 1 <= first <= 12 and 1 <= second <= 31:
        month, day = first, second
    elif 1 <= second <= 12 and 1 <= first <= 31:
        month, day = second, first
    else:
        return match.group(0)
    if match.group(2) == "-" and year is None and len(match.group(1)) == 1 and len(match.group(3)) == 1:
        return match.group(0)  # "2-3" is more likely "two or three" than a date
    written = f"{MONTHS[month - 1]} {_ordinal(day)}"
    if year is not None:
        written += f" {year if len(year) == 4 else '20' + year}"
    return written


def _stop(match: re.Match[str], dotted: int) -> str:
    """The full stop after "pm" kept where it ends a sentence: "at 2 pm. I wanted", "at 2
    p.m. Then...", but not the abbreviation's own in "2 p.m. on Tuesday"."""
    if not match.group(dotted + 1):
        return ""
    if not match.group(dotted):
        return "."  # "2 pm." : that stop is the sentence's
    rest = match.string[match.end() :].lstrip()
    return "." if not rest or rest[0].isupper() else ""


@lru_cache(maxsize=4096)
def written_form(text: str) -> str:
    """The turn with times, dates and symbols written one way (see the module docstring)."""
    text = text.replace("\ufeff", "")
    text = _CLOCK_AM_PM.sub(lambda m: f"{m.group(1)}:{m.group(2)} {m.group(3).lower()}m{_stop(m, 4)}", text)
    text = _HOUR_AM_PM.sub(lambda m: f"{m.group(1)} {m.group(2).lower()}m{_stop(m, 3)}", text)
    text = _SPOKEN_HOUR_AM_PM.sub(lambda m: f"{m.group(1)} {m.group(2).lower()}m{_stop(m, 3)}", text)
    text = _DOTTED_CLOCK.sub(r"\1:\2", text)
    text = _NUMERIC_DATE.sub(_date, text)
    text = _PERCENT.sub(r"\1 percent", text)
    text = text.replace("&", " and ")
    return " ".join(text.split())
