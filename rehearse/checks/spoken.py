"""Spoken numbers and times as digits, for the date and time detectors.

`alpha2digit` (text2num) turns "november seventeenth at two thirty" into
"november 17th at 2 30"; a few spellings are tidied first so it does not read
"o'clock" as a zero or "p m" as two words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from text_to_num import alpha2digit

_HOURS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_TIDY = [
    (re.compile(r"\bo['’]?\s?clock\b"), " oclock"),
    (re.compile(r"\b([ap])\.\s?m\b\.?"), r"\1m"),
    (
        re.compile(
            r"(\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))\s*([ap])\s+m\b"
        ),
        r"\1 \2m",
    ),
    (re.compile(r"\b(\d{1,2})(am|pm)\b"), r"\1 \2"),
    (re.compile(r"[‘’]"), "'"),
    # A recognizer writes the homophone "forth" for "fourth" ("august forth", "the forth").
    (
        re.compile(
            r"\b(the|january|february|march|april|may|june|july|august|september|october|"
            r"november|december)\s+forth\b"
        ),
        r"\1 fourth",
    ),
    (re.compile(r"\s+"), " "),
]


@lru_cache(maxsize=4096)
def digits(text: str) -> str:
    """Lowercase text with spoken numbers and ordinals written as digits."""
    text = text.lower()
    for pattern, replacement in _TIDY:
        text = pattern.sub(replacement, text)
    return alpha2digit(text, "en", threshold=0)


def locate(turn: Any, lo: int, hi: int, said: str) -> tuple[int, int] | None:
    """Word indexes (first, last) in `turn` of `said`, a span of the digits form of words lo..hi.

    The digits form is shorter than the spoken one ("the twenty ninth" -> "the 29th"), so
    the words are found by converting candidate stretches back and comparing.
    """
    target = said.strip()
    for first in range(lo, hi + 1):
        if not digits(turn.span(first, hi)).startswith(target.split()[0]):
            continue
        for last in range(first, hi + 1):
            converted = digits(turn.span(first, last))
            if converted.startswith(target):
                return first, last
            if not target.startswith(converted.split()[0]):
                break
    return None


def quote_located(turn: Any, lo: int, hi: int, said: str) -> str:
    """The caller's words around `said` found in words lo..hi (the clause, see `Turn.evidence`)."""
    found = locate(turn, lo, hi, said)
    if found is None:
        return turn.evidence(lo, lo)
    return turn.evidence(*found)
