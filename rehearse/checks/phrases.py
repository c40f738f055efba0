"""`phrases`: a content point said in any of several wordings, fuzzy and whole-word."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rehearse.checks.base import MISSED, DetectorKind, Facts, Finding
from rehearse.checks.fuzzy import find_first, phrase_key
from rehearse.checks.params import (
    flag,
    phrase_list,
    phrases_schema,
    positive_int,
    reach_schema,
    rendered,
    spoilers_param,
    spoilers_schema,
    threshold_schema,
)
from rehearse.checks.params import threshold as threshold_param
from rehearse.checks.spoilers import Spoilers

PARAMS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["phrases"],
    "properties": {
        "phrases": {
            **phrases_schema(
                "Wordings that cover the point; placeholders such as {position} or "
                "{interviewer} are filled from the profile."
            ),
            "minItems": 1,
        },
        "threshold": threshold_schema(85, "a phrase"),
        "reject": phrases_schema(
            "Wordings that cancel the point anywhere in the call, e.g. 'no longer interested'. Default none."
        ),
        "reject_threshold": threshold_schema(88, "a reject phrase"),
        "negation": {
            "type": "boolean",
            "description": "Drop a match negated in its clause ('not interested'). Default true.",
        },
        "reach": reach_schema(3, "a match"),
        "cancel_words": phrases_schema(
            "Words that cancel a match when they end just before it, e.g. 'i know' so "
            "that 'I know the job is still open' is no question. Default none."
        ),
        "cancel_reach": {
            "type": "integer",
            "minimum": 1,
            "maximum": 8,
            "description": "How many words before a match a cancel word applies. Default 2.",
        },
        **spoilers_schema(),
    },
}


@dataclass(frozen=True)
class PhrasesDetector:
    phrases: tuple[str, ...]
    threshold: float = 85
    reject: tuple[str, ...] = ()
    reject_threshold: float = 88
    negation: bool = True
    reach: int = 3
    cancel_words: tuple[tuple[str, ...], ...] = ()
    cancel_reach: int = 2
    spoilers: Spoilers | None = None

    def find(self, turns: Sequence[str], facts: Facts) -> Finding:
        if self.reject:
            veto = find_first(turns, rendered(self.reject, facts.profile), self.reject_threshold)
            if veto is not None:
                said = veto.evidence(turns)
                return Finding(False, turn=veto.turn, problem=f'you said "{said}"')
        match = find_first(
            turns,
            rendered(self.phrases, facts.profile),
            self.threshold,
            negation=self.negation,
            reach=self.reach,
            cancel=self.cancel_words,
            cancel_reach=self.cancel_reach,
            spoilers=self.spoilers,
        )
        if match is None:
            return MISSED
        return Finding(True, match.evidence(turns), match.turn)


def build(params: Mapping[str, Any]) -> PhrasesDetector:
    negation = flag(params, "negation", True)
    reach = positive_int(params, "reach", 3)
    cancel = phrase_list(params, "cancel_words")
    return PhrasesDetector(
        phrases=phrase_list(params, "phrases", required=True),
        threshold=threshold_param(params, "threshold", 85),
        reject=phrase_list(params, "reject"),
        reject_threshold=threshold_param(params, "reject_threshold", 88),
        negation=negation,
        reach=reach,
        cancel_words=tuple(tuple(phrase_key(w).split()) for w in cancel),
        cancel_reach=positive_int(params, "cancel_reach", 2),
        spoilers=spoilers_param(params) or None,
    )


KIND = DetectorKind(
    factory=build,
    params_schema=PARAMS_SCHEMA,
    summary="Any of several wordings, fuzzy and whole-word, with negation and reject phrases.",
)
