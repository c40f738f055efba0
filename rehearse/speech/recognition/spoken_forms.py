"""The caller's facts in every way a person might say them, as lowercase words.

The recognizer's language model learns these phrases, so a caller who says
"the seventeenth" or "two in the afternoon" is heard as such. Pure: no audio.
"""

from __future__ import annotations

import datetime as dt
import re

from rehearse.profile.model import Profile

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL_ONES = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
_ORDINAL_TENS = {20: "twentieth", 30: "thirtieth"}


def cardinal(number: int) -> str:
    """0-99 in words: 7 -> "seven", 42 -> "forty two"."""
    if not 0 <= number < 100:
        raise ValueError(f"cardinal() handles 0-99, got {number}")
    if number < 20:
        return _ONES[number]
    tens, ones = divmod(number, 10)
    return _TENS[tens] if ones == 0 else f"{_TENS[tens]} {_ONES[ones]}"


def ordinal_words(number: int) -> str:
    """1-39 as a spoken ordinal: 17 -> "seventeenth", 23 -> "twenty third"."""
    if not 1 <= number < 40:
        raise ValueError(f"ordinal_words() handles 1-39, got {number}")
    if number < 20:
        return _ORDINAL_ONES[number]
    tens, ones = divmod(number, 10)
    if ones == 0:
        return _ORDINAL_TENS[number]
    return f"{_TENS[tens]} {_ORDINAL_ONES[ones]}"


def words_of(text: str) -> str:
    """Lowercase words only: "Northwind Analytics, Inc." -> "northwind analytics inc"."""
    text = text.lower().replace("-", " ").replace("&", " and ")
    return " ".join(re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text))


def name_phrases(full_name: str) -> list[str]:
    """The full name and the first name. A surname alone ("lee") is left out: as a
    sentence of its own it made the recognizer hear it in every pause."""
    words = words_of(full_name).split()
    return list(dict.fromkeys([" ".join(words), words[0]])) if words else []


def date_phrases(day: dt.date) -> list[str]:
    """ "november seventeenth", "the seventeenth", "tuesday", "eleven seventeen", ..."""
    month = day.strftime("%B").lower()
    weekday = day.strftime("%A").lower()
    nth = ordinal_words(day.day)
    plain = cardinal(day.day) if day.day < 100 else str(day.day)
    forms = [
        f"{month} {nth}",
        f"{month} the {nth}",
        f"the {nth}",
        f"the {nth} of {month}",
        f"{nth} of {month}",
        f"{month} {plain}",
        f"{weekday}",
        f"last {weekday}",
        f"on {weekday}",
        f"{weekday} {month} {nth}",
        f"{weekday} the {nth}",
        f"{cardinal(day.month)} {plain}",
    ]
    return forms


def time_phrases(moment: dt.time) -> list[str]:
    """ "two pm", "two o'clock", "two in the afternoon", "two thirty", "noon", ..."""
    hour = moment.hour % 12 or 12
    spoken_hour = cardinal(hour)
    suffix = "am" if moment.hour < 12 else "pm"
    if moment.hour < 12:
        part = "in the morning"
    elif moment.hour < 17:
        part = "in the afternoon"
    else:
        part = "in the evening"
    forms: list[str] = []
    if moment.minute == 0:
        forms += [
            f"{spoken_hour} {suffix}",
            f"{spoken_hour} o'clock",
            f"{spoken_hour} {part}",
            f"{spoken_hour} o'clock {part}",
            f"at {spoken_hour}",
        ]
        if moment.hour == 12:
            forms += ["noon", "midday", "twelve noon"]
    else:
        minutes = cardinal(moment.minute)
        if moment.minute < 10:
            minutes = f"oh {minutes}"
        clock = f"{spoken_hour} {minutes}"
        forms += [clock, f"{clock} {suffix}", f"{clock} {part}", f"at {clock}"]
        if moment.minute == 30:
            forms += [f"half past {spoken_hour}", f"half past {spoken_hour} {suffix}"]
        if moment.minute == 15:
            forms.append(f"quarter past {spoken_hour}")
        if moment.minute == 45:
            forms.append(f"quarter to {cardinal(hour % 12 + 1)}")
    return forms


def profile_phrases(profile: Profile) -> list[str]:
    """Every spoken form of the caller's facts, lowercase words, without duplicates."""
    phrases = [
        *name_phrases(profile.name),
        *name_phrases(profile.interviewer),
        words_of(profile.company),
        words_of(profile.position),
        *date_phrases(profile.interview_date),
        *time_phrases(profile.interview_time),
    ]
    return list(dict.fromkeys(p for p in phrases if p))
