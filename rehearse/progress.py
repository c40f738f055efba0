"""Progress over your scored calls: the score series and the points most often missed. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rehearse.history import SessionSummary

MIN_SCORED = 2  # a trend needs two points
TOP_MISSED = 5


@dataclass(frozen=True)
class ScorePoint:
    id: str
    at: dt.datetime
    score: int


@dataclass(frozen=True)
class MissedCount:
    point: str
    label: str
    missed: int
    judged: int  # in how many scored calls the point applied


@dataclass(frozen=True)
class Progress:
    series: tuple[ScorePoint, ...]
    missed: tuple[MissedCount, ...]  # most often missed first; only points missed at least once
    incomplete: int

    @property
    def enough(self) -> bool:
        return len(self.series) >= MIN_SCORED

    def needs(self) -> str:
        """What is missing before there is a chart to draw."""
        have = "none yet" if not self.series else "1 so far"
        unfinished = f" ({self.incomplete} unfinished, not scored)" if self.incomplete else ""
        return (
            f"Progress needs at least {MIN_SCORED} scored calls to show a trend; you have {have}"
            f"{unfinished}. Practise a call with `rehearse practice` (or score one with `rehearse check`)."
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "scored": len(self.series),
            "incomplete": self.incomplete,
            "series": [
                {"id": p.id, "at": p.at.isoformat(timespec="seconds"), "score": p.score} for p in self.series
            ],
            "missed": [
                {"point": m.point, "label": m.label, "missed": m.missed, "judged": m.judged}
                for m in self.missed
            ],
        }


def compute_progress(sessions: Sequence[SessionSummary]) -> Progress:
    """From your sessions (any order): scored calls by time, and each point's misses among them."""
    scored = sorted((s for s in sessions if s.complete), key=lambda s: (s.started_at, s.id))
    counts: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    for session in scored:
        for outcome in session.judged:
            tally = counts.setdefault(outcome.point, [0, 0])
            tally[1] += 1
            if not outcome.covered:
                tally[0] += 1
            labels[outcome.point] = outcome.label  # the latest wording
    missed = sorted(
        (MissedCount(point, labels[point], m, j) for point, (m, j) in counts.items() if m),
        key=lambda c: (-c.missed, -c.missed / c.judged, c.label),
    )
    return Progress(
        series=tuple(ScorePoint(s.id, s.started_at, s.score or 0) for s in scored),
        missed=tuple(missed),
        incomplete=sum(1 for s in sessions if not s.complete),
    )
