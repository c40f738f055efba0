"""`brevity`: the caller kept it short, counted in words over the whole call."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rehearse.checks.base import DetectorKind, Facts, Finding
from rehearse.checks.params import positive_int
from rehearse.checks.text import word_count

PARAMS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "max_words": {
            "type": "integer",
            "minimum": 1,
            "description": (
                "Most words the caller may say in the whole call. Default 100: about "
                "40 seconds of speech, room for name, date, time, question, interest "
                "and thanks."
            ),
        }
    },
}


@dataclass(frozen=True)
class BrevityDetector:
    max_words: int = 100

    def find(self, turns: Sequence[str], facts: Facts) -> Finding:
        counted = [word_count(t) for t in turns]
        total = sum(counted)
        spoken = sum(1 for c in counted if c)
        summary = f"{total} words over {spoken} turn{'s' if spoken != 1 else ''}"
        if total == 0:
            return Finding(False, problem="you said nothing")
        if total > self.max_words:
            return Finding(False, problem=f"{summary}; aim for {self.max_words} or fewer")
        return Finding(True, measured=f"{summary}, within {self.max_words}")


def build(params: Mapping[str, Any]) -> BrevityDetector:
    return BrevityDetector(max_words=positive_int(params, "max_words", 100, minimum=1))


KIND = DetectorKind(
    factory=build,
    params_schema=PARAMS_SCHEMA,
    summary="The whole call stays under a word budget.",
)
