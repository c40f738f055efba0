"""Your past sessions (practice and check calls; never the demo's), read from the database.

`read_sessions()` gives one `SessionSummary` per session, for `history`; `read_progress()`
gives the scored calls and each point's tally, for `progress`. Both are one or two indexed
queries and plain tuples, so 10,000 sessions read in well under a second.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any, NamedTuple

from rehearse.history.progress import Progress, Tally, build_progress
from rehearse.history.store import YOURS, query


class SessionSummary(NamedTuple):
    """One row of the sessions table, as `history` shows it (a tuple: 10,000 are made at once)."""

    id: str
    kind: str
    status: str
    started_at: str  # local time, ISO 8601 (YYYY-MM-DDTHH:MM:SS)
    script: str | None
    scenario: str | None
    score: int | None
    turns: int
    end_reason: str | None = None
    ended_at: str | None = None
    audio_dir: str | None = None
    delivery: str | None = None  # JSON, as stored
    missed_json: str | None = None  # JSON: [[point, label], ...] of the points that applied, not covered
    missed_labels: str | None = None  # the same labels, joined by "; "

    @property
    def complete(self) -> bool:
        return self.status == "complete" and self.score is not None

    @property
    def missed(self) -> list[tuple[str, str]]:
        return [
            (str(pair[0]), str(pair[1]))
            for pair in _json(self.missed_json, [])
            if isinstance(pair, list) and len(pair) == 2
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "end_reason": self.end_reason,
            "script": self.script,
            "scenario": self.scenario,
            "score": self.score,
            "turns": self.turns,
            "missed": [{"point": point, "label": label} for point, label in self.missed],
            "delivery": _json(self.delivery, None),
            "audio_dir": self.audio_dir,
        }


def _json(text: str | None, otherwise: Any) -> Any:
    """A JSON column as stored; `otherwise` for none (or for one damaged past reading)."""
    if not text:
        return otherwise
    try:
        value = json.loads(text)
    except ValueError:
        return otherwise
    return value if isinstance(value, type(otherwise)) or otherwise is None else otherwise


_MARKS = ", ".join("?" * len(YOURS))
_SESSIONS = (
    "SELECT name, kind, status, started_at, script, scenario, score, turns, end_reason, ended_at,"
    f" audio_dir, delivery, missed, missed_labels FROM sessions WHERE kind IN ({_MARKS})"
    " ORDER BY started_at, id"
)
_SERIES = (
    "SELECT name, started_at, score FROM sessions"
    f" WHERE kind IN ({_MARKS}) AND status = 'complete' AND score IS NOT NULL ORDER BY started_at, id"
)
_INCOMPLETE = f"SELECT count(*) FROM sessions WHERE kind IN ({_MARKS}) AND status != 'complete'"
_TALLIES = (
    "SELECT point, label, sum(NOT covered), count(*), max(session_id) FROM results"
    " WHERE applies AND NOT against AND session_id IN"
    f" (SELECT id FROM sessions WHERE kind IN ({_MARKS}) AND status = 'complete' AND score IS NOT NULL)"
    " GROUP BY point, label"
)


_NEWEST = _SESSIONS.replace("ORDER BY started_at, id", "ORDER BY started_at DESC, id DESC LIMIT ?")
_COUNT = f"SELECT count(*) FROM sessions WHERE kind IN ({_MARKS})"


def read_sessions(data_dir: Path, limit: int | None = None) -> list[SessionSummary]:
    """Your sessions, oldest first; with `limit`, only the newest `limit` of them."""
    if limit is None:
        rows = query(data_dir, lambda db: db.execute(_SESSIONS, YOURS).fetchall())
    else:
        rows = query(data_dir, lambda db: db.execute(_NEWEST, (*YOURS, limit)).fetchall())[::-1]
    return list(map(SessionSummary._make, rows))


def count_sessions(data_dir: Path) -> int:
    return int(query(data_dir, lambda db: db.execute(_COUNT, YOURS).fetchone()[0]))


def read_progress(data_dir: Path) -> Progress:
    def read(db: sqlite3.Connection) -> tuple[list[Any], list[Any], int]:
        series = db.execute(_SERIES, YOURS).fetchall()
        tallies = db.execute(_TALLIES, YOURS).fetchall()
        return series, tallies, db.execute(_INCOMPLETE, YOURS).fetchone()[0]

    series, tallies, incomplete = query(data_dir, read)
    return build_progress(series, [Tally(*row) for row in tallies], incomplete)
