"""The real follow-up calls you made (`rehearse log-call`), kept in the history database.

`rehearse when` and the note at the start of `practice` read them: no second call within a
week of the last one.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from rehearse.errors import UsageError
from rehearse.history.events import transaction
from rehearse.history.store import query

MAX_OUTCOME = 500


@dataclass(frozen=True)
class RealCall:
    day: dt.date
    outcome: str

    def to_json(self) -> dict[str, str]:
        return {"date": self.day.isoformat(), "outcome": self.outcome}


def log_call(data_dir: Path, day: dt.date, outcome: str, today: dt.date) -> RealCall:
    """Record a real call; a day after `today` or an empty outcome is a UsageError."""
    outcome = " ".join(outcome.split())
    if not outcome:
        raise UsageError('--outcome: say how the call went, e.g. --outcome "left a voicemail"')
    if len(outcome) > MAX_OUTCOME:
        raise UsageError(f"--outcome: keep it under {MAX_OUTCOME} characters (it has {len(outcome)})")
    if day > today:
        raise UsageError(f"--date: {day.isoformat()} is after today ({today.isoformat()})")

    def insert(connection: sqlite3.Connection) -> None:
        with transaction(connection):
            connection.execute(
                "INSERT INTO real_calls (day, outcome, logged_at) VALUES (?, ?, ?)",
                (day.isoformat(), outcome, dt.datetime.now().isoformat(timespec="seconds")),
            )

    query(data_dir, insert, write=True)
    return RealCall(day, outcome)


def latest_call(calls: list[RealCall], interviewed: dt.date, today: dt.date) -> RealCall | None:
    """The call `when` counts as the last one: the latest since the interview, not after today."""
    counted = [call for call in calls if interviewed <= call.day <= today]
    return counted[-1] if counted else None


def logged_calls(data_dir: Path) -> list[RealCall]:
    """Every logged real call, oldest first (one day may have several)."""
    sql = "SELECT day, outcome FROM real_calls ORDER BY day, id"
    rows = query(data_dir, lambda connection: connection.execute(sql).fetchall())
    return [RealCall(dt.date.fromisoformat(day), outcome) for day, outcome in rows]
