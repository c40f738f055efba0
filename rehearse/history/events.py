"""What the history's writers share: the transaction, and one event stored with the session's
row kept in step with it.

The lowest module of the history (it imports none of the others): `store.py` (calls as they
happen), `legacy.py` (the one-time JSONL import) and `salvage.py` (a damaged database's rows
carried over) all write events through `apply_event`.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

AUDIO_FOLDERS = {"practice": "sessions", "check": "sessions", "demo": "demo-sessions"}


def now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (Ctrl-C included). sqlite3
    errors pass through: the caller tells damage (recovered) from the rest (a StoreError)."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def apply_event(connection: sqlite3.Connection, session: int, seq: int, event: dict[str, Any]) -> None:
    """Store one event and keep the session's row in step with it (inside a transaction)."""
    name = event["event"]
    data = {k: v for k, v in event.items() if k not in ("event", "at")}
    connection.execute(
        "INSERT INTO events (session_id, seq, at, event, data) VALUES (?, ?, ?, ?, ?)",
        (session, seq, event.get("at") or now(), name, json.dumps(data, ensure_ascii=False)),
    )
    update_row(connection, session, name, data, event.get("at"))


def update_row(
    connection: sqlite3.Connection, session: int, name: str, data: dict[str, Any], at: str | None
) -> None:
    """The session row's part of one event: what `history` and `progress` read."""
    if name == "start":
        connection.execute(
            "UPDATE sessions SET script = ?, title = ?, scenario = ?, call_day = ? WHERE id = ?",
            (data.get("script"), data.get("title"), data.get("scenario"), data.get("today"), session),
        )
    elif name == "scenario":  # the branch a call took, once its random choices are made
        connection.execute("UPDATE sessions SET scenario = ? WHERE id = ?", (data.get("scenario"), session))
    elif name == "turn":
        connection.execute("UPDATE sessions SET turns = turns + 1 WHERE id = ?", (session,))
    elif name == "report":
        store_report(connection, session, data.get("report"))
    elif name == "end":
        connection.execute(
            "UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id = ?",
            (at or now(), data.get("reason"), session),
        )


def store_report(connection: sqlite3.Connection, session: int, report: Any) -> None:
    if not isinstance(report, dict):
        return
    points = report.get("points")
    missed = _missed_points(points)
    delivery = report.get("delivery")
    connection.execute(
        "UPDATE sessions SET status = 'complete', score = ?, missed = ?, missed_labels = ?, delivery = ?"
        " WHERE id = ?",
        (
            report.get("score"),
            json.dumps(missed, ensure_ascii=False),
            "; ".join(label for _, label in missed),
            json.dumps(delivery, ensure_ascii=False) if delivery is not None else None,
            session,
        ),
    )
    connection.execute("DELETE FROM results WHERE session_id = ?", (session,))
    connection.executemany(
        "INSERT INTO results (session_id, point, label, applies, covered, against) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                session,
                point,
                result.get("label", point),
                bool(result.get("applies", True)),
                bool(result.get("covered")),
                bool(result.get("against")),
            )
            for point, result in (points if isinstance(points, dict) else {}).items()
            if isinstance(result, dict)
        ],
    )


def _missed_points(points: Any) -> list[tuple[str, str]]:
    """(point, label) of each point that applied, was scored and was not covered."""
    if not isinstance(points, dict):
        return []
    return [
        (point, str(result.get("label", point)))
        for point, result in points.items()
        if isinstance(result, dict)
        and result.get("applies", True)
        and not result.get("against")
        and not result.get("covered")
    ]
