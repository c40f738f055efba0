"""Honest quotes: the evidence for a point is the caller's own words, one contiguous part
of one turn, and cutting it never drops a negation or a hedge that governs its start.

Run over every labelled text call (the tuning set, the held-out and adversarial sets) and
every point of the follow-up script, plus cases written to tempt a careless cut.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.checker import load_calls, script_detectors
from rehearse.checks import Facts
from rehearse.checks.text import QUALIFIER_REACH, QUALIFIERS, analyse
from tests.core_fixtures import BRIGHTLINE_FACTS

EVAL = Path(__file__).parent / "eval"
SETS = sorted(p for p in EVAL.glob("*.yaml") if not p.name.startswith("audio"))
DETECTORS = script_detectors()


def _problems(turns: tuple[str, ...], facts: Facts) -> list[str]:
    found = []
    for point, detector in DETECTORS.items():
        finding = detector.find(list(turns), facts)
        if not finding.evidence or finding.turn is None:
            continue
        turn = turns[finding.turn]
        start = turn.find(finding.evidence)
        if start < 0:
            found.append(f"{point}: {finding.evidence!r} is not part of {turn!r}")
            continue
        words = analyse(turn)
        last = len(words.words) - 1
        first = next(i for i in range(last + 1) if words.quote(i, last).startswith(finding.evidence))
        clause = words.words[first].clause
        before = [w.norm for w in words.words[max(0, first - QUALIFIER_REACH) : first] if w.clause == clause]
        dropped = [w for w in before if w in QUALIFIERS]
        if dropped:
            found.append(f"{point}: {finding.evidence!r} drops {dropped} from {turn!r}")
    return found


@pytest.mark.parametrize("path", SETS, ids=[p.stem for p in SETS])
def test_every_quote_is_the_callers_own_contiguous_words(path: Path) -> None:
    problems = [f"{call.id}: {p}" for call in load_calls(path) for p in _problems(call.turns, call.facts)]
    assert problems == []


FACTS = BRIGHTLINE_FACTS


@pytest.mark.parametrize(
    ("turn", "point", "quote"),
    [
        (
            "I'm not sure I'm still interested, but is the role open?",
            "status_question",
            "I'm not sure I'm still interested, but is the role open",
        ),
        (
            "My interview was 11/17 at 2pm & I loved it.",
            "interview_date",
            "My interview was 11/17 at 2pm & I loved",
        ),
        (
            "oh she's not in okay could you just tell her jordan called",
            "name",
            "she's not in okay could you just tell her jordan called",
        ),
    ],
)
def test_a_quote_keeps_the_words_that_change_its_meaning(turn: str, point: str, quote: str) -> None:
    finding = DETECTORS[point].find([turn], FACTS)
    assert finding.evidence == quote
