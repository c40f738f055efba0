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
    against: tuple[str, ...] = ()

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> PhraseFallback:
        return cls(
            phrases=phrase_list(params, "phrases"),
            threshold=threshold_param(params, "threshold", 85),
            reach=positive_int(params, "reach", 3),
            reject=phrase_list(params, "reject"),
            reject_threshold=threshold_param(params, "reject_threshold", 88),
            against=phrase_list(params, "against"),
        )

    def veto(self, turns: Sequence[str], facts: Facts) -> Finding | None:
        """A reject or against wording said anywhere: the point is not covered, and the words
        are quoted; an against wording (withdrawing) is said against the point."""
        for wordings, against in ((self.against, True), (self.reject, False)):
            if not wordings:
                continue
            match = find_first(turns, rendered(wordings, facts.profile), self.reject_threshold)
            if match is not None:
                said = match.evidence(turns)
                return Finding(False, turn=match.turn, problem=f'you said "{said}"', against=against)
        return None

    def matches(self, turns: Sequence[str], facts: Facts) -> list[Match]:
        """Every un-negated fuzzy match of the extra wordings, in turn order."""
        if not self.phrases:
            return []
        wordings = rendered(self.phrases, facts.profile)
        return find_all(turns, wordings, self.threshold, negation=True, reach=self.reach)
