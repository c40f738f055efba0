"""What the caller covered and missed, as data: the report behind every feedback screen.

Pure: caller turns and the script in, a `Report` out. Rendering (rich tables,
JSON) lives at the edge in `rehearse.cli.render`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rehearse.checks.base import Facts
from rehearse.checks.text import word_count
from rehearse.coaching.delivery import DeliveryReport, measure_delivery
from rehearse.coaching.timing import CallTiming, when_to_call
from rehearse.script.model import CallScript, expected_points, likely_outcomes
from rehearse.templates import render
from rehearse.turns import Utterance

LONG_TURN_WORDS = 60
DEFAULT_MAX_CALL_WORDS = 160


@dataclass(frozen=True)
class PointResult:
    id: str
    label: str
    weight: float
    applies: bool  # False: this call's path never asked for it (not scored)
    covered: bool
    evidence: str | None
    turn: int | None
    tip: str
    example: str
    problem: str | None
    against: bool = False  # said against it; with an against tip the point is not scored
    measured: str | None = None  # a figure behind the verdict ("52 words over 3 turns"), not a quote

    @property
    def advice(self) -> str:
        """The tip with its example phrase, in the caller's own facts."""
        if self.against and self.example == "":
            return self.tip
        return f'{self.tip} Try: "{self.example}"'


@dataclass(frozen=True)
class Report:
    script: str
    title: str
    points: tuple[PointResult, ...]
    score: int
    advice: tuple[str, ...]
    caller_turns: int
    caller_words: int
    timing: CallTiming
    ended_early: bool = False
    delivery: DeliveryReport | None = None
    closing: str | None = None  # the last word, fitting how the call went (the script's `closing`)

    def to_json(self) -> dict[str, Any]:
        return {
            "script": self.script,
            "title": self.title,
            "score": self.score,
            "points": {
                p.id: {
                    "label": p.label,
                    "covered": p.covered,
                    "applies": p.applies,
                    "evidence": p.evidence,
                    "turn": p.turn,
                    "tip": p.advice,
                    "example": p.example,
                    "problem": p.problem,
                    "against": p.against,
                    "measured": p.measured,
                    "weight": p.weight,
                }
                for p in self.points
            },
            "advice": list(self.advice),
            "caller": {"turns": self.caller_turns, "words": self.caller_words},
            "timing": self.timing.to_json(),
            "ended_early": self.ended_early,
            "delivery": None if self.delivery is None else self.delivery.to_json(),
            "closing": self.closing,
        }


def _score(points: Sequence[PointResult]) -> int:
    scored = [p for p in points if p.applies]
    total = sum(p.weight for p in scored)
    if not total:
        return 0
    return round(100 * sum(p.weight for p in scored if p.covered) / total)


def _sentence_start(text: str) -> str:
    return text[:1].lower() + text[1:].rstrip(".")


def _order_advice(script: CallScript, results: dict[str, PointResult]) -> list[str]:
    advice = []
    for rule in script.order:
        first, then = results.get(rule.first), results.get(rule.then)
        if not (first and then and first.covered and then.covered):
            continue
        if first.turn is not None and then.turn is not None and then.turn < first.turn:
            advice.append(rule.advice)
    return advice


def _max_words(script: CallScript) -> int:
    for point in script.points:
        if point.kind == "brevity" and isinstance(point.params.get("max_words"), int):
            return int(point.params["max_words"])
    return DEFAULT_MAX_CALL_WORDS


def _length_advice(script: CallScript, turns: Sequence[str], ended_early: bool) -> list[str]:
    advice = []
    words = [word_count(t) for t in turns]
    limit = _max_words(script)
    if sum(words) > limit:
        advice.append(
            f"You said {sum(words)} words in all; aim for under {limit}. "
            "Keep it short and simple: they are busy, and a brief call comes across as confident."
        )
    if words and max(words) > LONG_TURN_WORDS:
        longest = words.index(max(words)) + 1
        advice.append(
            f"Your turn {longest} ran {max(words)} words. Say one thing, then pause and let them answer."
        )
    if ended_early:
        advice.append("The call ran long and was cut off; practise getting to the point sooner.")
    return advice


def build_report(
    script: CallScript,
    facts: Facts,
    turns: Sequence[str],
    *,
    applies: Sequence[str] | None = None,
    ended_early: bool = False,
    hung_up: bool = False,
    delivery: DeliveryReport | None = None,
    outcomes: Mapping[str, str] | None = None,
    notes: Sequence[str] = (),
) -> Report:
    """Judge a whole call. `applies` limits scoring to the points the call's path asked for
    (default: the script's most likely path);
    `outcomes` (choice -> outcome) is how the call went, for the closing line (default: the
    script's most likely path).

    `delivery`: how the caller spoke (`rehearse.coaching.delivery`); without it, the turns are read
    as typed text."""
    values = facts.profile.template_values()
    if applies is None:
        applies = expected_points(script)  # the script's most likely path
    results: dict[str, PointResult] = {}
    against: dict[str, bool] = {}
    for point in script.points:
        finding = point.detector.find(list(turns), facts)
        against[point.id] = finding.against
        # Said against a point with its own advice (withdrawing, not "still interested"):
        # a choice the caller may make, so it is not scored; the advice is how to do it well.
        chose_otherwise = finding.against and point.against_tip is not None
        results[point.id] = PointResult(
            id=point.id,
            label=point.label,
            weight=point.weight,
            applies=point.id in applies and not chose_otherwise,
            covered=finding.covered,
            evidence=finding.evidence,
            turn=finding.turn,
            tip=render(point.against_tip if chose_otherwise else point.tip, values),
            example="" if chose_otherwise else render(point.example, values),
            problem=finding.problem,
            against=chose_otherwise,
            measured=finding.measured,
        )
    points = tuple(results.values())
    timing = when_to_call(facts.profile.interview_date, facts.today)
    score = _score(points)
    caps = [
        (point.score_cap, results[point.id])
        for point in script.points
        if point.score_cap is not None and against[point.id] and results[point.id].applies
    ]
    advice: list[str] = []
    if caps:
        cap, result = min(caps, key=lambda c: c[0])
        if score > cap:
            score = cap
            advice.append(
                f"Score held at {cap}: {_sentence_start(result.problem or result.label)}. "
                "Whatever the news, stay courteous: they remember how a call made them feel."
            )
    advice += notes  # how the caller took the news: a practice call's dialogue knows
    advice += _order_advice(script, results)
    advice += _length_advice(script, turns, ended_early)
    if hung_up:
        advice.append("You left the call before it was over; practise it through to the goodbye.")
    if not timing.call_now:
        advice.append(f"Timing: {timing.reason}")
    return Report(
        script=script.name,
        title=script.title,
        points=points,
        score=score,
        advice=tuple(advice),
        caller_turns=len(turns),
        caller_words=sum(word_count(t) for t in turns),
        timing=timing,
        ended_early=ended_early,
        delivery=delivery or measure_delivery([Utterance(t) for t in turns]),
        closing=_closing(script, outcomes, values),
    )


def _closing(script: CallScript, outcomes: Mapping[str, str] | None, values: Mapping[str, str]) -> str | None:
    line = script.closing_for(likely_outcomes(script) if outcomes is None else outcomes)
    return None if line is None else render(line, values)
