"""`name`: the caller said their own name, first or full, as a recognizer may spell it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from rehearse.checks.base import MISSED, DetectorKind, Facts, Finding
from rehearse.checks.params import threshold as threshold_param
from rehearse.checks.params import threshold_schema
from rehearse.checks.text import Turn, analyse, negated, norm_word

PARAMS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"threshold": threshold_schema(80, "the name")},
}

# Words right before a name that make it someone else's: "could I speak to Jordan", "my
# friend Jordan Lee told me", "calling about my candidate Jordan Lee", "has Jordan been
# selected".
_OTHER_PERSON = frozenset(
    "speak talk reach for ask asking transfer connect to with about of mr ms mrs miss dear "
    "friend friends colleague candidate client brother sister son daughter husband wife partner "
    "mum mom mother dad father cousin boss flatmate roommate housemate neighbour neighbor "
    "nephew niece uncle aunt grandson granddaughter has did does was".split()
)
# Words that may follow the caller's first name when they give no surname: "Jordan here",
# "this is Jordan again". Any other word between the first name and "here", "calling" or
# "speaking" is another surname: "Jordan Bell here".
_NOT_SURNAME = frozenset("again just back now today um uh er erm from at with and".split())
_NEGATION_REACH = 2  # "this isn't Jordan", "it's not Jordan", "I'm not Jordan"
_OTHER_SURNAME = 55  # under this against the surname is another one ("smith" for "schmidt" is 67)
# "is Jordan there?" asks after someone else; "is Jordan calling" (a recognizer often drops
# the "this" of "this is Jordan") is the caller. After "is", the name is someone else's only
# when a word like these follows it.
_PRESENCE = frozenset("there available in around free busy back about at on off".split())
_SELF_AFTER = frozenset("calling speaking here".split())
_SHORT_NAME = 4  # names this short must not be matched by a shorter word ("an" for "ana")
_FIRST_WORD = 60  # a window's first word must look like the first name ("of priya" is not it)


@lru_cache(maxsize=256)
def _targets(name: str) -> tuple[str, ...]:
    words = [norm_word(w.text) for w in analyse(name).words]
    full = "".join(words)
    return (full, words[0]) if len(words) > 1 else (full,)


def _score(window: str, target: str) -> float:
    if len(target) <= _SHORT_NAME and len(window) < len(target):
        return 0.0
    return fuzz.ratio(window, target, processor=default_process)


def _someone_else(turn: Turn, first: int, last: int) -> bool:
    before = [w.norm for w in turn.words[max(0, first - 2) : first]]
    if not before:
        return False
    if before[-1] in _OTHER_PERSON:
        return True
    if before[-1] != "is" or (len(before) == 2 and before[-2] in ("this", "name", "it", "its", "thats")):
        return False
    # From the word after the first name: a fuzzy window may have taken in "there" itself.
    after = [w.norm for w in turn.words[first + 1 : last + 3]]
    if any(word in _SELF_AFTER for word in after):
        return False
    # "is Jordan there / available": a question about someone else.
    return any(word in _PRESENCE for word in after)


def _not_the_caller(turn: Turn, first: int, last: int, surname: str | None) -> bool:
    """A name that is not the caller: negated, someone's ("Jordan's sister"), or with
    another surname after the right first name ("this is Jordan Bell")."""
    words = turn.words
    if negated(turn, first, last, _NEGATION_REACH, inside=False):
        return True
    end = last
    if surname is not None and end + 1 < len(words) and fuzz.ratio(words[end + 1].norm, surname) >= 80:
        end += 1  # the surname after a first-name match: "Jordan Lee's sister"
    following = words[end + 1].norm if end + 1 < len(words) else ""
    if words[end].text.lower().endswith(("'s", "’s")) and following not in _SELF_AFTER:
        return True
    if surname is None or last != first or last + 1 >= len(words):
        return False
    after = words[last + 1]
    if after.norm in _NOT_SURNAME or after.norm in _SELF_AFTER or after.clause != words[last].clause:
        return False
    if fuzz.ratio(after.norm, surname) >= _OTHER_SURNAME:
        return False
    capitalized = after.text[:1].isupper() and any(c.islower() for c in turn.text)
    if len(after.norm) <= 2 and not capitalized:  # a recognizer's "li" for "Lee"
        return False
    self_tail = last + 2 < len(words) and words[last + 2].norm in _SELF_AFTER
    return capitalized or self_tail


@dataclass(frozen=True)
class NameDetector:
    threshold: float = 80

    def find(self, turns: Sequence[str], facts: Facts) -> Finding:
        targets = _targets(facts.profile.name)
        first_name = targets[-1]
        name_words = [w.norm for w in analyse(facts.profile.name).words]
        full_words = len(name_words)
        surname = name_words[-1] if full_words > 1 else None
        for turn_index, text in enumerate(turns):
            turn = analyse(text)
            words = turn.words
            best: tuple[float, int, int] | None = None
            for first in range(len(words)):
                for size in range(1, full_words + 2):
                    last = first + size - 1
                    if last >= len(words):
                        break
                    if fuzz.ratio(words[first].norm, first_name) < _FIRST_WORD:
                        break
                    window = "".join(w.norm for w in words[first : last + 1])
                    score = max(_score(window, t) for t in targets)
                    better = best is None or score > best[0]
                    if score >= self.threshold and better and not _someone_else(turn, first, last):
                        best = (score, first, last)
            if best is not None and _not_the_caller(turn, best[1], best[2], surname):
                best = None
            if best is not None:
                return Finding(True, turn.evidence(best[1], best[2], context=4), turn_index)
        return MISSED


def build(params: Mapping[str, Any]) -> NameDetector:
    return NameDetector(threshold=threshold_param(params, "threshold", 80))


KIND = DetectorKind(
    factory=build,
    params_schema=PARAMS_SCHEMA,
    summary="The caller's own name (first or full), tolerant of recognizer spellings.",
)
