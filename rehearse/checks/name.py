"""`name`: the caller said their own name, first or full, as a recognizer may spell it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from rehearse.checks import lexicon
from rehearse.checks.base import MISSED, DetectorKind, Facts, Finding
from rehearse.checks.frames import WordSet, compile_set, match_at
from rehearse.checks.params import flag, threshold_schema, word_set, words_schema
from rehearse.checks.params import threshold as threshold_param
from rehearse.checks.text import Turn, Word, analyse, negated, norm_word

PARAMS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "threshold": threshold_schema(80, "the name"),
        "sounds_like": {
            "type": "boolean",
            "description": (
                "Also take a first name and surname that sound like the caller's, word for word "
                "(Soundex), however a recognizer spelled them ('way zang' for 'Wei Zhang'). "
                "Default false."
            ),
        },
        "common_word": {
            "type": "number",
            "maximum": 0,
            "description": (
                "Log10 unigram probability (in the general English model pocketsphinx ships) at "
                "or above which a word is everyday English: a fuzzy match may not take in such a "
                "word unless it is one of the name's own words ('tell me if' is not 'Mei'). "
                "Default: no such rule."
            ),
        },
        "rare_word": {
            "type": "number",
            "maximum": 0,
            "description": (
                "Under this log10 probability, a word right after the caller's first name that is "
                "not like their surname nor a word of the profile is another surname, even in "
                "lowercase recognizer text ('this is oluwaseun okafor'). Default: no such rule."
            ),
        },
        "verb_endings": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": (
                "Endings of a rare word that make it a verb, not a surname ('this is jordan "
                "enquiring about ...'). Default none."
            ),
        },
        "shared": words_schema(
            "Words right after the name that make it someone else's of the same name "
            "('my name's Sam too'). Default none."
        ),
        "someone_before": words_schema(
            "Words right before the name, besides the built-in ones ('my friend', 'speak to'), "
            "that make it someone else's ('whether a Jordan Lee is still on the list'). Default none."
        ),
    },
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
_SOUNDEX_CODES = {**dict.fromkeys("bfpv", "1"), **dict.fromkeys("cgjkqsxz", "2"), **dict.fromkeys("dt", "3"),
                  "l": "4", **dict.fromkeys("mn", "5"), "r": "6"}  # fmt: skip


def soundex(word: str) -> str:
    """American Soundex: names that sound alike share a code ("wei" and "way": W000)."""
    letters = [c for c in word.lower() if c.isalpha()]
    if not letters:
        return ""
    code, previous = letters[0].upper(), _SOUNDEX_CODES.get(letters[0], "")
    for letter in letters[1:]:
        digit = _SOUNDEX_CODES.get(letter, "")
        if digit and digit != previous:
            code += digit
        if letter not in "hw":
            previous = digit
    return (code + "000")[:4]


@lru_cache(maxsize=256)
def _targets(name: str) -> tuple[str, ...]:
    words = [norm_word(w.text) for w in analyse(name).words]
    full = "".join(words)
    return (full, words[0]) if len(words) > 1 else (full,)


def _score(window: str, target: str) -> float:
    if len(target) <= _SHORT_NAME and len(window) < len(target):
        return 0.0
    return fuzz.ratio(window, target, processor=default_process)


def _someone_else(turn: Turn, first: int, last: int, before_other: WordSet) -> bool:
    before = [w.norm for w in turn.words[max(0, first - 2) : first]]
    if not before:
        return False
    if before[-1] in _OTHER_PERSON:
        return True
    for seq in before_other.seqs:
        start = first - len(seq)
        if start >= 0 and match_at([w.norm for w in turn.words], start, seq):
            # "this is a jordan lee": a recognizer's "a" for "uh" in an introduction.
            return not _introduced(turn, start)
    if before[-1] != "is" or (len(before) == 2 and before[-2] in ("this", "name", "it", "its", "thats")):
        return False
    # From the word after the first name: a fuzzy window may have taken in "there" itself.
    after = [w.norm for w in turn.words[first + 1 : last + 3]]
    if any(word in _SELF_AFTER for word in after):
        return False
    # "is Jordan there / available": a question about someone else.
    return any(word in _PRESENCE for word in after)


_INTRO_ENDS = (("this", "is"), ("name", "is"), ("its",), ("im",), ("names",), ("thats",))


def _introduced(turn: Turn, index: int) -> bool:
    """Whether the words before `index` introduce the caller ("this is", "my name is")."""
    before = tuple(w.norm for w in turn.words[max(0, index - 2) : index])
    return any(before[-len(end) :] == end for end in _INTRO_ENDS if len(before) >= len(end))


@dataclass(frozen=True)
class _Caller:
    """What tells the caller's own name from someone else's, for one profile."""

    surname: str | None
    first_name: str
    profile_words: frozenset[str]  # the profile's words (the name, interviewer, company, position)
    rare_word: float | None
    verb_endings: tuple[str, ...]
    shared: WordSet


def _not_the_caller(turn: Turn, first: int, last: int, caller: _Caller) -> bool:
    """A name that is not the caller: negated, someone's ("Jordan's sister"), shared ("my
    name's Sam too"), or with another surname after the right first name ("this is Jordan
    Bell", "this is oluwaseun okafor")."""
    words = turn.words
    surname = caller.surname
    if negated(turn, first, last, _NEGATION_REACH, inside=False):
        return True
    end = last
    if surname is not None and end + 1 < len(words) and fuzz.ratio(words[end + 1].norm, surname) >= 80:
        end += 1  # the surname after a first-name match: "Jordan Lee's sister"
    following = words[end + 1].norm if end + 1 < len(words) else ""
    if words[end].text.lower().endswith(("'s", "’s")) and following not in _SELF_AFTER:
        return True
    norms = [w.norm for w in words]
    clause = words[end].clause
    for seq in caller.shared.seqs:
        tail = end + len(seq)
        if tail < len(words) and words[tail].clause == clause and match_at(norms, end + 1, seq):
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
    if capitalized or self_tail:
        return True
    # Lowercase recognizer text: a word English hardly uses is a surname, and not theirs,
    # unless it is the first name said again ("this is samira samira haddad").
    return (
        caller.rare_word is not None
        and after.norm not in caller.profile_words
        and fuzz.ratio(after.norm, caller.first_name) < _FIRST_WORD
        and not after.norm.endswith(caller.verb_endings)
        and lexicon.below(after.text, caller.rare_word)
    )


def _everyday(words: Sequence[Word], name_words: frozenset[str], level: float | None) -> bool:
    """Whether a window with none of the name's own words takes in an everyday English word
    ("tell me if" scores 86 against "Mei" as "meif"). A recognizer's split of the first name
    next to the surname ("and a ruiz" for "Ana Ruiz") still counts."""
    if level is None or any(w.norm in name_words for w in words):
        return False
    return any(w.norm not in name_words and lexicon.at_least(w.text, level) for w in words)


@dataclass(frozen=True)
class NameDetector:
    threshold: float = 80
    sounds_like: bool = False
    common_word: float | None = None
    rare_word: float | None = None
    verb_endings: tuple[str, ...] = ()
    shared: WordSet = field(default_factory=lambda: compile_set(()))
    someone_before: WordSet = field(default_factory=lambda: compile_set(()))

    def find(self, turns: Sequence[str], facts: Facts) -> Finding:
        targets = _targets(facts.profile.name)
        first_name = targets[-1]
        name_words = [w.norm for w in analyse(facts.profile.name).words]
        own = frozenset(name_words)
        full_words = len(name_words)
        profile = facts.profile
        others = f"{profile.name} {profile.interviewer} {profile.company} {profile.position}"
        caller = _Caller(
            surname=name_words[-1] if full_words > 1 else None,
            first_name=first_name,
            profile_words=frozenset(w.norm for w in analyse(others).words),
            rare_word=self.rare_word,
            verb_endings=self.verb_endings,
            shared=self.shared,
        )
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
                    # On a tie the longer window wins: "Mei-Ling Tsao" over "Mei" with "Ling"
                    # taken for another surname.
                    better = best is None or score > best[0] or (score == best[0] and first == best[1])
                    if (
                        score >= self.threshold
                        and better
                        and not _everyday(words[first : last + 1], own, self.common_word)
                        and not _someone_else(turn, first, last, self.someone_before)
                    ):
                        best = (score, first, last)
            if best is None and self.sounds_like and full_words == 2:
                best = self._sounding(turn, name_words, own)
            if best is not None and _not_the_caller(turn, best[1], best[2], caller):
                best = None
            if best is not None:
                return Finding(True, turn.evidence(best[1], best[2], context=4), turn_index)
        return MISSED

    def _sounding(
        self, turn: Turn, name_words: Sequence[str], own: frozenset[str]
    ) -> tuple[float, int, int] | None:
        """Two words in a row that sound like the first name and the surname."""
        wanted = [soundex(w) for w in name_words]
        words = turn.words
        for first in range(len(words) - 1):
            pair = words[first : first + 2]
            if [soundex(w.norm) for w in pair] != wanted or any(len(w.norm) < 2 for w in pair):
                continue
            # "the way things go": both words everyday English, so no name is in them.
            everyday = self.common_word is not None and not any(
                w.norm in own or lexicon.below(w.text, self.common_word) for w in pair
            )
            if everyday or _someone_else(turn, first, first + 1, self.someone_before):
                continue
            return (self.threshold, first, first + 1)
        return None


def _endings(raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(e, str) and e for e in raw):
        raise ValueError("verb_endings: expected a list of word endings")
    return tuple(e.lower() for e in raw)


def _level(params: Mapping[str, Any], key: str) -> float | None:
    value = params.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value > 0:
        raise ValueError(f"{key}: expected a log10 probability (a number of 0 or less), got {value!r}")
    return float(value)


def build(params: Mapping[str, Any]) -> NameDetector:
    return NameDetector(
        threshold=threshold_param(params, "threshold", 80),
        sounds_like=flag(params, "sounds_like", False),
        common_word=_level(params, "common_word"),
        rare_word=_level(params, "rare_word"),
        verb_endings=_endings(params.get("verb_endings", [])),
        shared=word_set(params, "shared"),
        someone_before=word_set(params, "someone_before"),
    )


KIND = DetectorKind(
    factory=build,
    params_schema=PARAMS_SCHEMA,
    summary="The caller's own name (first or full), tolerant of recognizer spellings.",
)
