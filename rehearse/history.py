"""Your past sessions (practice and check calls; never the demo's), read from the database.

`read_sessions()` gives one `SessionSummary` per session with what `history` and `progress`
need: time, kind, status, score, and each scored point that applied, covered or not.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rehearse.store import YOURS, query


@dataclass(frozen=True)
class PointOutcome:
    point: str
    label: str
    covered: bool


@dataclass(frozen=True)
class SessionSummary:
    id: str
    kind: str
    status: str
    started_at: dt.datetime
    script: str | None
    scenario: str | None
    score: int | None
    turns: int
    end_reason: str | None = None
    ended_at: str | None = None
    audio_dir: str | None = None
    delivery: Any = None
    judged: tuple[PointOutcome, ...] = ()

    @property
    def complete(self) -> bool:
        return self.status == "complete" and self.score is not None

    @property
    def missed(self) -> tuple[PointOutcome, ...]:
        return tuple(p for p in self.judged if not p.covered)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "started_at": self.started_at.isoformat(timespec="seconds"),
            "ended_at": self.ended_at,
            "end_reason": self.end_reason,
            "script": self.script,
            "scenario": self.scenario,
            "score": self.score,
            "turns": self.turns,
            "missed": [{"point": p.point, "label": p.label} for p in self.missed],
            "delivery": self.delivery,
            "audio_dir": self.audio_dir,
        }


_SESSIONS = (
    "SELECT id, name, kind, status, started_at, script, scenario, score, turns, end_reason, ended_at,"
    " audio_dir, delivery FROM sessions WHERE kind IN ({marks}) ORDER BY started_at, id"
)
_RESULTS = (
    "SELECT r.session_id, r.point, r.label, r.covered FROM results r JOIN sessions s ON s.id = r.session_id"
    " WHERE s.kind IN ({marks}) AND r.applies AND NOT r.against"
)


def read_sessions(data_dir: Path) -> list[SessionSummary]:
    """Your sessions, oldest first."""
    marks = ", ".join("?" * len(YOURS))

    def read(connection: sqlite3.Connection) -> tuple[list[Any], list[Any]]:
        rows = connection.execute(_SESSIONS.format(marks=marks), YOURS).fetchall()
        return rows, connection.execute(_RESULTS.format(marks=marks), YOURS).fetchall()

    rows, results = query(data_dir, read)
    judged: dict[int, list[PointOutcome]] = {}
    for session, point, label, covered in results:
        judged.setdefault(session, []).append(PointOutcome(point, label, bool(covered)))
    return [
        SessionSummary(
            id=name,
            kind=kind,
            status=status,
            started_at=dt.datetime.fromisoformat(started),
            script=script,
            scenario=scenario,
            score=score,
            turns=turns,
            end_reason=end_reason,
            ended_at=ended_at,
            audio_dir=audio_dir,
            delivery=json.loads(delivery) if delivery else None,
            judged=tuple(judged.get(row, ())),
        )
        for (row, name, kind, status, started, script, scenario, score, turns, end_reason, ended_at,
             audio_dir, delivery) in rows
    ]  # fmt: skip
