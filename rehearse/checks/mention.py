"""`mention`: a profile field (the position, the company...) named, fuzzy and whole-word.

Leading words such as "junior" or "senior" may be left out ("the data analyst
role" names "Junior Data Analyst"), and so may trailing ones such as "inc".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rehearse.checks.base import MISSED, DetectorKind, Facts, Finding
from rehearse.checks.fuzzy import find_first
from rehearse.checks.params import phrase_list, phrases_schema, threshold_schema
from rehearse.checks.params import threshold as threshold_param
from rehearse.checks.text import analyse

FIELDS = ("position", "company", "interviewer", "interviewer_first_name", "name", "first_name")
OPTIONAL_WORDS = (
    "junior senior lead head chief principal entry level trainee the inc llc ltd co company corp"
).split()

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

    def find(self, turns: Sequence[str], facts: Facts) -> Finding:
        value = facts.profile.template_values()[self.field]
        match = find_first(turns, variants(value, self.optional), self.threshold)
        if match is None:
            return MISSED
        return Finding(True, match.evidence(turns), match.turn)


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
    )


KIND = DetectorKind(
    factory=build,
    params_schema=PARAMS_SCHEMA,
    summary="A profile field such as the position or company, fuzzy and whole-word.",
)
