"""What every detector shares: the facts it judges against and what it returns.

A detector looks only at the caller's words (one string per caller turn, in
order) and answers whether its point was covered, with the words that showed it.
It imports no audio library and does no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from rehearse.profile.model import Profile


@dataclass(frozen=True)
class Facts:
    """What the caller's words are judged against."""

    profile: Profile
    today: dt.date


@dataclass(frozen=True)
class Finding:
    """One point's verdict over a whole call (or a single turn).

    `evidence` is the caller's words that covered the point (a phrase or the
    sentence around it), `turn` the index of the caller turn it came from.
    `problem` names something the caller got wrong even when the point was not
    covered, e.g. a wrong interview date ("you said November 18th; the interview
    was on Tuesday, November 17th"). `against` is set when that something works
    against the point (an insult against `polite`), not when the point was only left
    out; a script can cap the score then. `measured` is for points judged by a figure
    rather than by words (brevity): feedback shows it as a figure, never as a quote.
    """

    covered: bool
    evidence: str | None = None
    turn: int | None = None
    problem: str | None = None
    against: bool = False
    measured: str | None = None  # a figure that shows it ("52 words over 3 turns"), not the caller's words


MISSED = Finding(covered=False)


class Detector(Protocol):
    def find(self, turns: Sequence[str], facts: Facts) -> Finding: ...


class DetectorFactory(Protocol):
    """Builds a detector from a point's `detect:` mapping (without `kind`).

    The mapping has already passed the JSON Schema; a factory raises
    ValueError with a short message for a semantic problem (e.g. a threshold
    out of range), which the script loader reports with file and line.
    """

    def __call__(self, params: Mapping[str, Any]) -> Detector: ...


Factory = Callable[[Mapping[str, Any]], Detector]


@dataclass(frozen=True)
class DetectorKind:
    """A registry entry: how to build one kind of detector and what its `detect:` keys are.

    `params_schema` is the JSON Schema (draft 2020-12) of the `detect:` mapping
    minus `kind`; it is merged into the shipped call-script schema, so editors
    complete and check the keys, and the loader rejects unknown ones.
    """

    factory: Factory
    params_schema: Mapping[str, Any]
    summary: str
