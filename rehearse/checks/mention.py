"""`mention`: a profile field (the position, the company...) named, fuzzy and whole-word.

Leading words such as "junior" or "senior" may be left out ("the data analyst
role" names "Junior Data Analyst"), and so may trailing ones such as "inc".

A field named in part counts when the part is followed by a head noun (`heads`: job,
position, role...): at least `min_words` consecutive words of the field, in order,
right before it ("the help desk job" for "Help Desk Technician", "the sales associate
position" for "Retail Sales Associate"). A said word may shorten a field word to its
first three letters or more ("vet nurse job" for "Veterinary Nurse"). "the
data entry job" does not name "Junior Data Analyst": "entry" is no word of it.
One word of the field before a head noun is enough when it is long enough to be
distinctive (`single_letters`): "the payroll job" for "Payroll Officer", "the
supervisor role" for "Store Supervisor", but not "the data job".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from rehearse.checks.base import MISSED, DetectorKind, Facts, Finding
from rehearse.checks.fuzzy import find_all
from rehearse.checks.params import phrase_list, phrases_schema, positive_int, threshold_schema
from rehearse.checks.params import threshold as threshold_param
from rehearse.checks.text import Turn, analyse, norm_word

FIELDS = ("position", "company", "interviewer", "interviewer_first_name", "name", "first_name")
HEADS = "job position role post vacancy opening one thing".split()
MIN_WORDS = 2
SINGLE_LETTERS = 6
PREFIX = 3  # a said word this long or longer may be the start of a field word ("tech", "vet")
OPTIONAL_WORDS = (
    "junior senior lead head chief principal entry level trainee the inc llc ltd co company corp"
).split()

# "not the data analyst role, the other one", "I'm not calling about the data analyst job":
# named to say it is not the one. ("I haven't heard about the data analyst job" names it.)
_DENIALS = frozenset("not isnt".split())
DENIAL_REACH = 4


def _denied(turn: Turn, first: int) -> bool:
    clause = turn.words[first].clause
    before = [w for w in turn.words[max(0, first - DENIAL_REACH) : first] if w.clause == clause]
    return any(w.norm in _DENIALS for w in before)


PARAMS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["field"],
    "properties": {
        "field": {"enum": list(FIELDS), "description": "The profile field to look for."},
        "threshold": threshold_schema(85, "the field's words"),
        "optional_words": phrases_schema(
            "Words at the start or end of the field the caller may leave out. "
            f"Default: {' '.join(OPTIONAL_WORDS)}."
        ),
        "heads": phrases_schema(
            "Nouns after which part of the field counts ('the help desk job'). "
            f"Default: {' '.join(HEADS)}; an empty list turns partial names off."
        ),
        "min_words": {
            "type": "integer",
            "minimum": 1,
            "maximum": 6,
            "description": (
                f"Fewest consecutive words of the field before a head noun. Default {MIN_WORDS} "
                "(or all of a shorter field)."
            ),
        },
        "single_letters": {
            "type": "integer",
            "minimum": 0,
            "maximum": 30,
            "description": (
                "A single field word before a head noun counts when it has at least this many "
                f"letters ('the payroll job'). Default {SINGLE_LETTERS}; 0 turns it off."
            ),
        },
    },
}


def variants(value: str, optional: frozenset[str]) -> tuple[str, ...]:
    words = [w.norm for w in analyse(value.replace("&", " and ")).words]
    forms = {" ".join(words)}
    lo, hi = 0, len(words)
    while lo < hi - 1 and words[lo] in optional:
        lo += 1
    while hi > lo + 1 and words[hi - 1] in optional:
        hi -= 1
    forms.add(" ".join(words[lo:hi]))
    forms.add(" ".join(words[lo:]))
    forms.add(" ".join(words[:hi]))
    return tuple(sorted(forms, key=len, reverse=True))


@dataclass(frozen=True)
class MentionDetector:
    field: str
    threshold: float = 85
    optional: frozenset[str] = frozenset(OPTIONAL_WORDS)
    heads: frozenset[str] = frozenset(HEADS)
    min_words: int = MIN_WORDS
    single_letters: int = SINGLE_LETTERS

    def find(self, turns: Sequence[str], facts: Facts) -> Finding:
        value = facts.profile.template_values()[self.field]
        for match in find_all(turns, variants(value, self.optional), self.threshold):
            if not _denied(analyse(turns[match.turn]), match.first):
                return Finding(True, match.evidence(turns), match.turn)
        if self.heads:
            field_words = tuple(w.norm for w in analyse(value.replace("&", " and ")).words)
            for turn_index, text in enumerate(turns):
                span = self._partial(analyse(text), field_words)
                if span is not None and not _denied(analyse(text), span[0]):
                    return Finding(True, analyse(text).evidence(*span), turn_index)
        return MISSED

    def _word(self, said: str, wanted: str) -> bool:
        if fuzz.ratio(said, wanted) >= self.threshold:
            return True
        return len(said) >= PREFIX and wanted.startswith(said)

    def _partial(self, turn: Turn, field_words: tuple[str, ...]) -> tuple[int, int] | None:
        """(first, last) of part of the field right before a head noun, or None."""
        need = min(self.min_words, len(field_words))
        words = turn.words
        for head in range(need, len(words)):
            if words[head].norm not in self.heads:
                continue
            for size in range(len(field_words), need - 1, -1):
                said = [w.norm for w in words[head - size : head]]
                if len(said) < size or words[head - size].clause != words[head].clause:
                    continue
                for start in range(len(field_words) - size + 1):
                    part = field_words[start : start + size]
                    if all(self._word(s, w) for s, w in zip(said, part, strict=True)):
                        return head - size, head
            if self.single_letters and need > 1:
                said_word = words[head - 1].norm
                long_words = [
                    w for w in field_words if len(w) >= self.single_letters and w not in self.optional
                ]
                if words[head - 1].clause == words[head].clause and any(
                    fuzz.ratio(said_word, w) >= self.threshold for w in long_words
                ):
                    return head - 1, head
        return None


def build(params: Mapping[str, Any]) -> MentionDetector:
    field = params.get("field")
    if field not in FIELDS:
        raise ValueError(f"field: expected one of {', '.join(FIELDS)}, got {field!r}")
    optional = phrase_list(params, "optional_words") if "optional_words" in params else None
    return MentionDetector(
        field=field,
        threshold=threshold_param(params, "threshold", 85),
        optional=frozenset(w.lower() for w in optional)
        if optional is not None
        else frozenset(OPTIONAL_WORDS),
        heads=frozenset(norm_word(w) for w in phrase_list(params, "heads"))
        if "heads" in params
        else frozenset(HEADS),
        min_words=positive_int(params, "min_words", MIN_WORDS, minimum=1),
        single_letters=positive_int(params, "single_letters", SINGLE_LETTERS),
    )


KIND = DetectorKind(
    factory=build,
    params_schema=PARAMS_SCHEMA,
    summary="A profile field such as the position or company, fuzzy and whole-word.",
)
