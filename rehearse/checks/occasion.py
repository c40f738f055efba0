"""Whether a date or time the caller said is about something other than the interview.

"Can you call me at 4 pm?", "I'm away on the 3rd", "I've got another interview on the
22nd at 1:30", "I didn't interview on the 26th, it got moved": the words just before a
date or time (and a few after it), within its clause, say what it is about. Such a date
or time neither covers the interview's nor counts as a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

BEFORE = 6  # words before the date or time that may say what it is about
AFTER = 3  # words after it ("on the 3rd for my holiday")

_OTHER_OCCASION = re.compile(
    r"\b(dentist|doctors?|appointment|holidays?|vacation|away|off|flight|wedding|birthday|"
    r"start|starting|moving|move|exam|another\s+interview|other\s+interview|second\s+interview\s+"
    r"(?:somewhere|elsewhere|with\s+another)|somewhere\s+else|elsewhere|call\s+me|ring\s+me|"
    r"reach\s+me|call\s+back|ring\s+back|try\s+again|free|available|be\s+back|back\s+from|"
    r"party|deadline)\b"
)
_NEGATION = re.compile(r"\b(not|never|didnt|didn't|wasnt|wasn't|werent|weren't|isnt|isn't|no\s+longer)\b")
_CLAUSE_END = re.compile(r"[,;:.?!]")


def about_something_else(sentence: str, start: int, end: int) -> bool:
    """Whether the date or time at `start`..`end` of `sentence` is about another occasion,
    or denied ("I didn't come in at 1:30")."""
    before = _CLAUSE_END.split(sentence[:start])[-1].split()[-BEFORE:]
    after = _CLAUSE_END.split(sentence[end:])[0].split()[:AFTER]
    near = " ".join(before + after).lower()
    if _OTHER_OCCASION.search(near):
        return True
    return bool(_NEGATION.search(" ".join(before[-4:]).lower()))


UNSURE_REACH = 10  # words before the date or time that a doubt cue may stand
_MOMENT = (
    r"(?:\d|half\b|quarter\b|noon\b|midday\b|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|"
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)\b)"
)
_OR_NEXT = re.compile(rf"\s*,?\s*or\s+(?:at\s+|on\s+)?(?:the\s+)?{_MOMENT}")
_OR_BEFORE = re.compile(rf"{_MOMENT}\S*(?:\s+\S+){{0,2}}\s+or\s+(?:at\s+|on\s+)?(?:the\s+)?$")


@lru_cache(maxsize=64)
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    words = [re.escape(c.lower().replace("'", "").replace("’", "")).replace(r"\ ", r"\s+") for c in cues]
    return re.compile(rf"\b(?:{'|'.join(words)})\b") if words else None


def unsure(sentence: str, start: int, end: int, cues: Sequence[str]) -> bool:
    """Whether the date or time at `start`..`end` of `sentence` is said in doubt: after a
    doubt cue in its clause ("I don't remember if it was at half eight"), or as one of two
    ("at half eight or nine", "the 24th or the 25th")."""
    if _OR_NEXT.match(sentence, end) or _OR_BEFORE.search(sentence[max(0, start - 30) : start]):
        return True
    pattern = _cue_pattern(tuple(cues))
    if pattern is None:
        return False
    before = _CLAUSE_END.split(sentence[:start])[-1].split()[-UNSURE_REACH:]
    near = " ".join(before).lower().replace("'", "").replace("’", "")
    return bool(pattern.search(near))
