"""The call-script model: roles, points, steps and their rules, scenarios, closing lines; and
what a script implies (the points a call's path asks for, the phrases a caller may say)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rehearse.checks.base import Detector
from rehearse.errors import UsageError
from rehearse.turns import VoiceHint

DEFAULT_SCRIPT = "follow-up"
DEFAULT_MAX_TURNS = 15

YamlPath = tuple[Hashable, ...]


@dataclass(frozen=True)
class Role:
    id: str
    label: str
    voice: VoiceHint


@dataclass(frozen=True)
class Point:
    id: str
    label: str
    weight: float
    kind: str
    params: Mapping[str, Any]
    detector: Detector
    tip: str
    example: str
    score_cap: int | None = None  # highest score when the caller said something against it
    against_tip: str | None = None  # advice when they did; the point is then not scored


@dataclass(frozen=True)
class Rule:
    goto: str
    if_point: str | None = None
    unless_point: str | None = None
    against_point: str | None = None
    outcome: str | None = None
    weight: float = 1.0


OPENING_FILLERS = frozenset({"oh", "um", "uh", "er", "erm", "well", "ah", "hmm", "so"})


@dataclass(frozen=True)
class Reaction:
    """A note on how the caller took a line, from their reply to it alone."""

    note: str
    opens: tuple[tuple[str, ...], ...] = ()  # the reply opens with one of these word runs
    says: tuple[tuple[str, ...], ...] = ()  # the reply has one of these word runs anywhere

    def fits(self, reply: str) -> bool:
        from rehearse.checks.text import analyse

        words = [w.norm for w in analyse(reply).words]
        start = next((i for i, w in enumerate(words) if w not in OPENING_FILLERS), len(words))
        if any(tuple(words[start : start + len(run)]) == run for run in self.opens):
            return True
        return any(
            tuple(words[i : i + len(run)]) == run
            for run in self.says
            for i in range(len(words) - len(run) + 1)
        )


def word_runs(phrases: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    from rehearse.checks.text import analyse

    return tuple(tuple(w.norm for w in analyse(p).words) for p in phrases)


@dataclass(frozen=True)
class Step:
    id: str
    role: str
    say: tuple[str, ...]
    listen: bool
    expect: tuple[str, ...]
    choose: str | None
    rules: tuple[Rule, ...]
    end: bool
    reactions: tuple[Reaction, ...] = ()


@dataclass(frozen=True)
class OrderRule:
    first: str
    then: str
    advice: str


@dataclass(frozen=True)
class Closing:
    """The feedback's last line for calls that reached `outcome` (None: any call)."""

    say: str
    outcome: str | None = None


@dataclass(frozen=True)
class CallScript:
    name: str
    source: str
    title: str
    description: str
    roles: Mapping[str, Role]
    points: tuple[Point, ...]
    order: tuple[OrderRule, ...]
    scenarios: Mapping[str, Mapping[str, str]]
    start: str
    max_turns: int
    steps: Mapping[str, Step]
    closing: tuple[Closing, ...] = ()

    def point(self, point_id: str) -> Point:
        return next(p for p in self.points if p.id == point_id)

    def scenario_choices(self, scenario: str | None) -> dict[str, str]:
        """The choices `--scenario NAME` fixes (none without one); an unknown name is a UsageError."""
        if scenario is None:
            return {}
        if scenario not in self.scenarios:
            known = ", ".join(sorted(self.scenarios)) or "none"
            raise UsageError(f"--scenario: {self.name} has no scenario '{scenario}' (scenarios: {known})")
        return dict(self.scenarios[scenario])

    def closing_for(self, outcomes: Mapping[str, str]) -> str | None:
        """The closing line (a template) for a call whose choices went `outcomes` way."""
        reached = set(outcomes.values())
        return next((c.say for c in self.closing if c.outcome is None or c.outcome in reached), None)


def all_phrases(script: CallScript) -> Sequence[str]:
    """Every phrase a point's detector looks for, unrendered (for speech vocabularies)."""
    found: list[str] = []

    def collect(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for point in script.points:
        for value in point.params.values():
            collect(value)
    return found


def likely_outcomes(script: CallScript, fixed: Mapping[str, str] | None = None) -> dict[str, str]:
    """The outcome of each choice the path `fixed` leads to reaches: fixed ones as given, the
    rest their most likely outcome (what a written call is scored as)."""
    return _walk(script, fixed)[1]


def expected_points(script: CallScript, fixed: Mapping[str, str] | None = None) -> list[str]:
    """Points the call asks for on the path that `fixed` choices (choice -> outcome) lead to.

    Conditional rules are followed both ways (what the caller says decides
    them); a choice not fixed takes its most likely outcome. Used to score a
    call only on what its path asked for: a caller whose interviewer was out
    is not marked down for not asking about the status.
    """
    seen = _walk(script, fixed)[0]
    wanted_ids = {p for step_id in seen for p in script.steps[step_id].expect}
    return [p.id for p in script.points if p.id in wanted_ids]


def _walk(script: CallScript, fixed: Mapping[str, str] | None) -> tuple[set[str], dict[str, str]]:
    """The steps the path reaches, and the outcome taken at each choice on it."""
    fixed = fixed or {}
    seen: set[str] = set()
    taken: dict[str, str] = {}
    frontier = [script.start]
    while frontier:
        step = script.steps[frontier.pop()]
        if step.id in seen:
            continue
        seen.add(step.id)
        outcomes = [r for r in step.rules if r.outcome is not None]
        if outcomes and step.choose is not None:
            wanted = fixed.get(step.choose)
            chosen = next((r for r in outcomes if r.outcome == wanted), None)
            if chosen is None:
                chosen = max(outcomes, key=lambda r: r.weight)
            taken[step.choose] = str(chosen.outcome)
            frontier.append(chosen.goto)
        frontier.extend(r.goto for r in step.rules if r.outcome is None)
    return seen, taken


def caller_phrases(script: CallScript, values: Mapping[str, str]) -> tuple[str, ...]:
    """What a caller of this script is likely to say, filled with the profile's facts.

    The detection phrases (including reject phrases, so "no longer interested"
    can be heard too) and the tips' example phrases; speech recognizers build
    their call-specific vocabulary from these.
    """
    from rehearse.templates import render

    phrases = [*all_phrases(script), *(p.example for p in script.points)]
    seen: dict[str, None] = {}
    for phrase in phrases:
        seen.setdefault(render(phrase, values), None)
    return tuple(seen)
