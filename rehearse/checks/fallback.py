"""Fuzzy phrases beside a structural detector: extra wordings that cover the point, and
reject wordings that cancel it anywhere in the call (`phrases`, `threshold`, `reach`,
`reject`, `reject_threshold`; schema in `params.phrase_fallback_schema`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rehearse.checks.base import Facts, Finding
from rehearse.checks.fuzzy import Match, find_all, find_first
from rehearse.checks.params import phrase_list, positive_int, rendered
from rehearse.checks.params import threshold as threshold_param


@dataclass(frozen=True)
class PhraseFallback:
    phrases: tuple[str, ...] = ()
    threshold: float = 85
    reach: int = 3
    reject: tuple[str, ...] = ()
    reject_threshold: float = 88

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> PhraseFallback:
        return cls(
            phrases=phrase_list(params, "phrases"),
            threshold=threshold_param(params, "threshold", 85),
            reach=positive_int(params, "reach", 3),
            reject=phrase_list(params, "reject"),
            reject_threshold=threshold_param(params, "reject_threshold", 88),
        )

    def veto(self, turns: Sequence[str], facts: Facts) -> Finding | None:
        """A reject wording said anywhere: the point is not covered, and the words are quoted."""
        if not self.reject:
            return None
        match = find_first(turns, rendered(self.reject, facts.profile), self.reject_threshold)
        if match is None:
            return None
        return Finding(False, turn=match.turn, problem=f'you said "{match.evidence(turns)}"')

    def matches(self, turns: Sequence[str], facts: Facts) -> list[Match]:
        """Every un-negated fuzzy match of the extra wordings, in turn order."""
        if not self.phrases:
            return []
        wordings = rendered(self.phrases, facts.profile)
        return find_all(turns, wordings, self.threshold, negation=True, reach=self.reach)
