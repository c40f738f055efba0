"""`request`: the caller asked for a person by name, found by what stands around the name.

The person's names come from the profile (`names`: full, first or last, after an
optional title such as "Mr."), matched word by word with RapidFuzz so a recognizer's
spelling still counts. The name is asked for when:

- a request cue ends just before it (`before`: "speak to", "a word with", "get hold of",
  "I'm after", "for"...): "I'm trying to get hold of Maria Lopez";
- a question word opens the clause and an availability word follows the name (`openers`
  + `after`): "Would Maria Lopez be available?", "Is Mr. Okafor in?";
- the name opens a clause, an availability word follows, and the sentence ends with "?":
  "Maria about?";
- the name is a whole sentence by itself, or with "please" ("Maria Lopez, please."), and
  not a greeting ("Hi Maria.").

A negation before the name in its clause cancels it. `phrases` (fuzzy, as in the
`phrases` kind) cover requests that do not name the person ("could I speak to her").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from rehearse.checks.base import MISSED, DetectorKind, Facts, Finding
from rehearse.checks.frames import (
    WordSet,
    clauses,
    compile_set,
    ends_before,
    negation_between,
    norms_of,
    sentence_ends_with_question,
)
from rehearse.checks.fuzzy import find_all
from rehearse.checks.params import (
    flag,
    phrase_list,
    phrases_schema,
    positive_int,
    reach_schema,
    rendered,
    threshold_schema,
    word_set,
)
from rehearse.checks.params import threshold as threshold_param
from rehearse.checks.text import analyse, norm_word

NAMES = ["{interviewer}", "{interviewer_first_name}"]
TITLES = "mr mrs ms miss mister missus dr doctor".split()
BEFORE = [
    "speak to",
    "speak with",
    "talk to",
    "talk with",
    "word with",
    "chat with",
    "reach",
    "hold of",
    "ahold of",
    "catch",
    "grab",
    "im after",
    "i am after",
    "looking for",
    "calling for",
    "ringing for",
    "phoning for",
    "here for",
    "through to",
    "connect me to",
    "connect me with",
    "transfer me to",
    "get me",
    "i need",
    "after",
    "for",
]
OPENERS = "is are would will could can does do if whether".split()
AFTER = "available free in there around about back moment minute sec second".split()
# Words that may stand with a name said alone: "Yeah, Gregory Walsh." "Maria, please."
ALONE_WITH = "please now just yeah yes yep ok okay oh so um uh er erm".split()
GREETINGS = "hi hello hey hiya morning afternoon evening dear thanks thank bye goodbye good".split()
AFTER_REACH = 3
# Words after "Maria's" that show it is "Maria is": "Maria's not in", "Maria's on a call".
_IS_AFTER = frozenset("been not still on at off busy coming gone out here expecting".split())


PARAMS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "names": phrases_schema(
            "How the person may be named; placeholders are filled from the profile. "
            f"Default: {', '.join(NAMES)}."
        ),
        "last_names": {
            "type": "boolean",
            "description": (
                "The last word of a name of two or more words counts alone ('Mr. Okafor'). Default true."
            ),
        },
        "titles": phrases_schema(f"Titles that may stand before a name. Default: {' '.join(TITLES)}."),
        "threshold": threshold_schema(85, "each word of a name"),
        "before": phrases_schema(
            f"Request cues that end right before the name. Default: {', '.join(BEFORE)}."
        ),
        "openers": phrases_schema(
            f"Question words that open the clause before the name. Default: {' '.join(OPENERS)}."
        ),
        "after": phrases_schema(
            f"Availability words after the name (within {AFTER_REACH} words). Default: {' '.join(AFTER)}."
        ),
        "greetings": phrases_schema(
            "Words that make a name standing alone a greeting, not a request. "
            f"Default: {' '.join(GREETINGS)}."
        ),
        "phrases": phrases_schema("Fuzzy wordings that also cover the point. Default none."),
        "declined": phrases_schema(
            "Word runs that, before the request in its clause, say it is not wanted ('no need "
            "to put me through to Maria'). Default none."
        ),
        "phrase_threshold": threshold_schema(84, "a phrase"),
        "reach": reach_schema(2),
    },
}


@lru_cache(maxsize=256)
def _name_forms(names: tuple[str, ...], last_names: bool) -> tuple[tuple[str, ...], ...]:
    forms = {tuple(norm_word(w.text) for w in analyse(n).words) for n in names}
    if last_names:
        forms |= {f[-1:] for f in forms if len(f) > 1}
    return tuple(sorted((f for f in forms if f), key=len, reverse=True))


@dataclass(frozen=True)
class RequestDetector:
    names: tuple[str, ...] = tuple(NAMES)
    last_names: bool = True
    titles: frozenset[str] = frozenset(TITLES)
    threshold: float = 85
    before: WordSet = field(default_factory=lambda: compile_set(tuple(BEFORE)))
    openers: frozenset[str] = frozenset(OPENERS)
    after: frozenset[str] = frozenset(AFTER)
    greetings: frozenset[str] = frozenset(GREETINGS)
    phrases: tuple[str, ...] = ()
    phrase_threshold: float = 84
    reach: int = 2
    declined: WordSet = field(default_factory=lambda: compile_set(()))

    def find(self, turns: Sequence[str], facts: Facts) -> Finding:
        forms = _name_forms(rendered(self.names, facts.profile), self.last_names)
        fuzzy = []
        if self.phrases:
            fuzzy = find_all(
                turns,
                rendered(self.phrases, facts.profile),
                self.phrase_threshold,
                negation=True,
                reach=self.reach,
            )
        for turn_index, text in enumerate(turns):
            turn = analyse(text)
            hits = [(m.first, m.last) for m in fuzzy if m.turn == turn_index]
            hits += self._structure_hits(text, forms)
            # "Maria's assistant", "put me through to Maria's manager": someone else.
            hits = [
                h
                for h in hits
                if not any(self._possessive(turn, i) for i in self._name_span(turn, h, forms))
                and not self._declined(text, h[0])
            ]
            if hits:
                first, last = min(hits)
                return Finding(True, turn.evidence(first, last), turn_index)
        return MISSED

    def _name_span(self, turn: Any, hit: tuple[int, int], forms: tuple[tuple[str, ...], ...]) -> range:
        """The hit's words, and the next one if it is a word of the name: "Keiko" matched
        in "Keiko Nakamura's manager"."""
        last = hit[1]
        if last + 1 < len(turn.words):
            word = norm_word(re.sub(r"['’]s$", "", turn.words[last + 1].text.lower()))
            if any(fuzz.ratio(word, w) >= self.threshold for form in forms for w in form):
                last += 1
        return range(hit[0], last + 1)

    def _declined(self, text: str, index: int) -> bool:
        """Whether a `declined` run stands before word `index` in its clause ("no need to")."""
        if not self.declined:
            return False
        norms = norms_of(text)
        clause = next(c for c in clauses(text) if c.first <= index <= c.last)
        return any(
            ends_before(norms, clause.first, end, self.declined) for end in range(clause.first, index + 1)
        )

    def _possessive(self, turn: Any, index: int) -> bool:
        """Whether word `index` is someone's ("Maria's assistant"), not "Maria's around"."""
        if not turn.words[index].text.lower().endswith(("'s", "’s")):
            return False
        following = turn.words[index + 1].norm if index + 1 < len(turn.words) else ""
        return following not in self.after and following not in _IS_AFTER

    def _name_at(self, norms: Sequence[str], index: int, forms: tuple[tuple[str, ...], ...]) -> int:
        """Index of the name's last word if a name starts at `index`, else -1."""
        for form in forms:
            end = index + len(form)
            if end > len(norms):
                continue
            if all(fuzz.ratio(norms[index + k], w) >= self.threshold for k, w in enumerate(form)):
                return end - 1
        return -1

    def _structure_hits(self, text: str, forms: tuple[tuple[str, ...], ...]) -> list[tuple[int, int]]:
        turn = analyse(text)
        norms = norms_of(text)
        hits: list[tuple[int, int]] = []
        for clause in clauses(text):
            for index in range(clause.first, clause.last + 1):
                last = self._name_at(norms, index, forms)
                if last < 0 or last > clause.last:
                    continue
                start = index - 1 if index > clause.first and norms[index - 1] in self.titles else index
                if negation_between(norms, clause.first, start):
                    continue
                if self._asked(turn, norms, clause.first, clause.last, start, last):
                    hits.append((start, last))
                    break
        return hits

    def _asked(self, turn: Any, norms: Sequence[str], lo: int, hi: int, start: int, last: int) -> bool:
        if start > lo and ends_before(norms, lo, start - 1, self.before):
            return True
        after = any(norms[i] in self.after for i in range(last + 1, min(hi, last + AFTER_REACH) + 1))
        opened = any(norms[i] in self.openers for i in range(lo, start))
        if after and opened:
            return True
        if after and start == lo and sentence_ends_with_question(turn, last):
            return True
        sentence_first, sentence_last = turn.sentence_bounds(start)
        rest = [norms[i] for i in range(sentence_first, sentence_last + 1) if not start <= i <= last]
        if any(w in self.greetings for w in rest):
            return False
        return all(w in ALONE_WITH for w in rest)


def _set(params: Mapping[str, Any], key: str, default: Sequence[str]) -> frozenset[str]:
    values = phrase_list(params, key) if key in params else tuple(default)
    return frozenset(norm_word(v) for v in values)


def build(params: Mapping[str, Any]) -> RequestDetector:
    before = phrase_list(params, "before") if "before" in params else tuple(BEFORE)
    return RequestDetector(
        names=phrase_list(params, "names") if "names" in params else tuple(NAMES),
        last_names=flag(params, "last_names", True),
        titles=_set(params, "titles", TITLES),
        threshold=threshold_param(params, "threshold", 85),
        before=compile_set(tuple(before)),
        openers=_set(params, "openers", OPENERS),
        after=_set(params, "after", AFTER),
        greetings=_set(params, "greetings", GREETINGS),
        phrases=phrase_list(params, "phrases"),
        phrase_threshold=threshold_param(params, "phrase_threshold", 84),
        reach=positive_int(params, "reach", 2),
        declined=word_set(params, "declined"),
    )


KIND = DetectorKind(
    factory=build,
    params_schema=PARAMS_SCHEMA,
    summary="Asking for a person by name: 'speak to', 'is ... available', or the name alone.",
)
