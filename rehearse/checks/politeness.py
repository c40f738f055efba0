"""`politeness`: some courtesy, and nothing pushy, rude or demanding."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rehearse.checks.base import DetectorKind, Facts, Finding
from rehearse.checks.fuzzy import find_first
from rehearse.checks.params import (
    flag,
    phrase_list,
    phrases_schema,
    rendered,
    spoilers_param,
    spoilers_schema,
    threshold_schema,
)
from rehearse.checks.params import threshold as threshold_param
from rehearse.checks.spoilers import Spoilers
from rehearse.checks.text import analyse

PARAMS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["courtesy", "rude"],
    "properties": {
        "courtesy": {
            **phrases_schema("Courteous wordings; at least one must be said."),
            "minItems": 1,
        },
        "rude": phrases_schema("Pushy, rude or demanding wordings; any one fails the point."),
        "insults": phrases_schema(
            "Insults, contempt and sarcasm; any one fails the point as said against it, so a "
            "`score_cap` applies. Default none."
        ),
        "swearing": phrases_schema("Words that fail the point when said as whole words. Default none."),
        "masked_swearing": {
            "type": "boolean",
            "description": "Fail the point on swearing masked with asterisks ('f***', 'sh*t'). Default true.",
        },
        **spoilers_schema(),
        "threshold": threshold_schema(85, "a courtesy phrase"),
        "rude_threshold": threshold_schema(88, "a rude phrase"),
    },
}


@dataclass(frozen=True)
class PolitenessDetector:
    courtesy: tuple[str, ...]
    rude: tuple[str, ...]
    swearing: frozenset[str] = frozenset()
    threshold: float = 85
    rude_threshold: float = 88
    masked_swearing: bool = True
    insults: tuple[str, ...] = ()
    spoilers: Spoilers | None = None

    def find(self, turns: Sequence[str], facts: Facts) -> Finding:
        for turn_index, text in enumerate(turns):
            masked = _MASKED.search(text) if self.masked_swearing else None
            if masked is not None:
                said = masked.group(0)
                return Finding(
                    False, turn=turn_index, problem=f'you said "{said}"; keep it clean', against=True
                )
            turn = analyse(text)
            for index, word in enumerate(turn.words):
                # Apostrophes kept: "he'll" and "she'll" are no swearing; nor is a
                # recognizer's "hell be in" (he'll, its apostrophe dropped).
                following = turn.words[index + 1].norm if index + 1 < len(turn.words) else ""
                if word.norm == "hell" and following in _AFTER_HELL:
                    continue
                if _spoken_form(word.text) in self.swearing:
                    said = turn.evidence(index, index, context=4)
                    return Finding(
                        False, turn=turn_index, problem=f'you said "{said}"; keep it clean', against=True
                    )
        if self.rude:
            rude = find_first(turns, rendered(self.rude, facts.profile), self.rude_threshold)
            if rude is not None:
                said = rude.evidence(turns)
                return Finding(False, turn=rude.turn, problem=f'you said "{said}", which sounds pushy')
        if self.insults:
            insult = find_first(turns, rendered(self.insults, facts.profile), self.rude_threshold)
            if insult is not None:
                said = insult.evidence(turns)
                return Finding(
                    False, turn=insult.turn, problem=f'you said "{said}", which is rude', against=True
                )
        kind = find_first(
            turns,
            rendered(self.courtesy, facts.profile),
            self.threshold,
            negation=True,
            spoilers=self.spoilers,
        )
        if kind is None:
            return Finding(False, problem="no please, thank you or sorry to bother you")
        return Finding(True, kind.evidence(turns), kind.turn)


# A word with letters and asterisks, as swearing is written down: "f***", "sh*t", "a**hole".
_MASKED = re.compile(r"(?<![\w*])[^\W\d_]\w*\*[\w*]*")

# Words after "hell" that show a recognizer's "he'll": "hell be back", "hell call you".
_AFTER_HELL = frozenset("be call ring get have know come let probably definitely still just".split())


def _spoken_form(word: str) -> str:
    """A word lowercased with its apostrophes kept (typographic ones made straight)."""
    return word.lower().replace("’", "'")


def build(params: Mapping[str, Any]) -> PolitenessDetector:
    swearing = phrase_list(params, "swearing")
    return PolitenessDetector(
        courtesy=phrase_list(params, "courtesy", required=True),
        rude=phrase_list(params, "rude"),
        swearing=frozenset(_spoken_form(w) for w in swearing),
        threshold=threshold_param(params, "threshold", 85),
        rude_threshold=threshold_param(params, "rude_threshold", 88),
        masked_swearing=flag(params, "masked_swearing", True),
        insults=phrase_list(params, "insults"),
        spoilers=spoilers_param(params) or None,
    )


KIND = DetectorKind(
    factory=build,
    params_schema=PARAMS_SCHEMA,
    summary="Courtesy said, and nothing pushy, rude or demanding.",
)
