"""Progress over your scored calls: the score series and the points most often missed. Pure.

Built from what the database hands over: each scored call's (id, time, score) in order, and
per point how often it was missed among the calls it applied to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MIN_SCORED = 2  # a trend needs two points
TOP_MISSED = 5


@dataclass(frozen=True)
class Tally:
    """One point's record: missed in `missed` of the `judged` scored calls it applied to.
    `latest` orders wordings: a point whose label changed is counted once, under its newest."""

    point: str
    label: str
    missed: int
    judged: int
    latest: int = 0


@dataclass(frozen=True)
class Progress:
    series: tuple[tuple[str, str, int], ...]  # (session id, started at ISO, score), oldest first
    missed: tuple[Tally, ...]  # most often missed first; only points missed at least once
    incomplete: int

    @property
    def enough(self) -> bool:
        return len(self.series) >= MIN_SCORED

    @property
    def scores(self) -> list[int]:
        return [score for _, _, score in self.series]

    @property
    def first_day(self) -> dt.date:
        return dt.date.fromisoformat(self.series[0][1][:10])

    @property
    def last_day(self) -> dt.date:
        return dt.date.fromisoformat(self.series[-1][1][:10])

    def needs(self) -> str:
        """What is missing before there is a chart to draw."""
        have = "none yet" if not self.series else "1 so far"
        incomplete = f" ({self.incomplete} incomplete, not scored)" if self.incomplete else ""
        return (
            f"Progress needs at least {MIN_SCORED} scored calls to show a trend; you have {have}"
            f"{incomplete}. Practise a call with `rehearse practice` (or score one with `rehearse check`)."
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "scored": len(self.series),
            "incomplete": self.incomplete,
            "series": [{"id": id_, "at": at, "score": score} for id_, at, score in self.series],
            "missed": [
                {"point": t.point, "label": t.label, "missed": t.missed, "judged": t.judged}
                for t in self.missed
            ],
        }


def build_progress(
    series: Sequence[tuple[str, str, int]], tallies: Sequence[Tally], incomplete: int = 0
) -> Progress:
    merged: dict[str, Tally] = {}
    for tally in sorted(tallies, key=lambda t: t.latest):
        before = merged.get(tally.point)
        if before is not None:
            tally = Tally(
                tally.point,
                tally.label,
                before.missed + tally.missed,
                before.judged + tally.judged,
                tally.latest,
            )
        merged[tally.point] = tally
    missed = sorted(
        (t for t in merged.values() if t.missed),
        key=lambda t: (-t.missed, -t.missed / t.judged, t.label),
    )
    return Progress(tuple((i, at, s) for i, at, s in series), tuple(missed), incomplete)
