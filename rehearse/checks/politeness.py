"""`politeness`: some courtesy, and nothing pushy, rude or demanding."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rehearse.checks.base import DetectorKind, Facts, Finding
from rehearse.checks.fuzzy import find_first
from rehearse.checks.params import phrase_list, phrases_schema, rendered, threshold_schema
from rehearse.checks.params import threshold as threshold_param
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
        "swearing": phrases_schema("Words that fail the point when said as whole words. Default none."),
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

    def find(self, turns: Sequence[str], facts: Facts) -> Finding:
        for turn_index, text in enumerate(turns):
            turn = analyse(text)
            for index, word in enumerate(turn.words):
                # Apostrophes kept: "he'll" and "she'll" are no swearing; nor is a
                # recognizer's "hell be in" (he'll, its apostrophe dropped).
                following = turn.words[index + 1].norm if index + 1 < len(turn.words) else ""
                if word.norm == "hell" and following in _AFTER_HELL:
                    continue
                if _spoken_form(word.text) in self.swearing:
                    said = turn.evidence(index, index, context=4)
                    return Finding(False, turn=turn_index, problem=f'you said "{said}"; keep it clean')
        if self.rude:
            rude = find_first(turns, rendered(self.rude, facts.profile), self.rude_threshold)
            if rude is not None:
                said = rude.evidence(turns)
                return Finding(False, turn=rude.turn, problem=f'you said "{said}", which sounds pushy')
        kind = find_first(turns, rendered(self.courtesy, facts.profile), self.threshold, negation=True)
        if kind is None:
            return Finding(False, problem="no please, thank you or sorry to bother you")
        return Finding(True, kind.evidence(turns), kind.turn)


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
    )


KIND = DetectorKind(
    factory=build,
    params_schema=PARAMS_SCHEMA,
    summary="Courtesy said, and nothing pushy, rude or demanding.",
)
