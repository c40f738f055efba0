"""`rehearse history` and `rehearse progress` over 10,000 saved sessions, as a user runs them.

Fills a temporary REHEARSE_HOME with practice sessions like real ones (the other side's lines,
the caller's turns with word timings, the full report, through the same code that records a
call), then times each whole command in a fresh process: median and worst of a few runs.
Also: the database's size per session, and what one committed event costs during a call.

.venv/bin/python -m bench.history [--sessions N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rehearse.checks.base import Facts
from rehearse.coaching.feedback import build_report
from rehearse.history.database import DB_NAME
from rehearse.history.store import SessionStore, apply_event, open_history, transaction
from rehearse.script.loader import load_bundled
from rehearse.script.model import CallScript, expected_points

from .common import SAMPLE_PHRASES, SAMPLE_PROFILE

RUNS = 5
TARGETS_S = {"history": 0.3, "progress": 2.0}
OTHER_SIDE = (
    "Good morning, Northwind Analytics, this is Dana speaking. How can I help you?",
    "Of course, one moment please, I'll put you through.",
    "Maria Lopez speaking.",
    "Thanks for calling. We are still interviewing this week and expect to decide by Friday.",
    "You're welcome. Goodbye.",
)


def _session_events(rng: random.Random, script: CallScript, today: dt.date) -> list[dict[str, object]]:
    turns = rng.sample(SAMPLE_PHRASES, rng.randint(3, 7))
    facts = Facts(profile=SAMPLE_PROFILE, today=today)
    report = build_report(script, facts, turns, applies=expected_points(script, {"answer": "open"}))
    start = {
        "event": "start",
        "script": script.name,
        "title": script.title,
        "scenario": "open",
        "profile": SAMPLE_PROFILE.to_mapping(),
        "today": today.isoformat(),
    }
    events: list[dict[str, object]] = [start]
    for number, turn in enumerate(turns):
        events.append(
            {"event": "line", "role": "interviewer", "speaker": "Maria", "text": OTHER_SIDE[number % 5]}
        )
        words = [
            {"word": w, "start": round(0.3 * i, 2), "end": round(0.3 * i + 0.25, 2), "probability": 0.9}
            for i, w in enumerate(turn.split())
        ]
        events.append({"event": "turn", "text": turn, "source": "heard", "words": words, "audio": None})
    events += [{"event": "report", "report": report.to_json()}, {"event": "end", "reason": "finished"}]
    return events


def fill(home: Path, count: int) -> None:
    """`count` sessions a minute apart, in one transaction (a bench shortcut: calls commit per event)."""
    rng = random.Random(7)
    script = load_bundled("follow-up")
    templates = [_session_events(rng, script, dt.date(2026, 11, 25)) for _ in range(40)]
    started = dt.datetime(2025, 1, 6, 9, 0)
    connection = open_history(home)
    try:
        with transaction(connection):
            for number in range(count):
                at = started + dt.timedelta(minutes=number * 53)
                cursor = connection.execute(
                    "INSERT INTO sessions (name, kind, started_at) VALUES (?, 'practice', ?)",
                    (f"{at:%Y%m%d-%H%M%S}-follow-up", at.isoformat()),
                )
                assert cursor.lastrowid is not None
                for seq, event in enumerate(templates[number % len(templates)], start=1):
                    apply_event(connection, cursor.lastrowid, seq, {**event, "at": at.isoformat()})
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def time_command(home: Path, *args: str) -> tuple[float, float]:
    env = {**os.environ, "REHEARSE_HOME": str(home)}
    command = [sys.executable, "-m", "rehearse", *args]
    timings = []
    for _ in range(RUNS):
        began = time.perf_counter()
        subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
        timings.append(time.perf_counter() - began)
    return statistics.median(timings), max(timings)


def event_commit_ms(home: Path, events: int = 50) -> float:
    """One recorded turn during a call: an INSERT and a durable commit (synchronous=FULL)."""
    writer = SessionStore(home).create("bench")
    try:
        began = time.perf_counter()
        for number in range(events):
            writer.record("turn", text=f"turn {number}", source="typed", words=[], audio=None)
        return (time.perf_counter() - began) * 1000 / events
    finally:
        writer.discard()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    count = parser.parse_args(argv).sessions
    with tempfile.TemporaryDirectory(prefix="rehearse-bench-") as folder:
        home = Path(folder)
        began = time.perf_counter()
        fill(home, count)
        size = (home / DB_NAME).stat().st_size
        print(f"{count:,} sessions made in {time.perf_counter() - began:.1f} s")
        print(f"database: {size / 1e6:.1f} MB, {size / count:,.0f} bytes per session")
        for command, flags in (
            ("history", ()),
            ("history", ("--all",)),
            ("history", ("--json",)),
            ("progress", ()),
            ("progress", ("--json",)),
        ):
            median, worst = time_command(home, command, *flags)
            target = TARGETS_S[command]
            verdict = "meets" if worst < target else "MISSES"
            label = " ".join((command, *flags))
            note = f" ({verdict} the {target * 1000:.0f} ms target)" if not flags else ""
            print(
                f"rehearse {label:<16} median {median * 1000:5.0f} ms, worst of {RUNS} {worst * 1000:5.0f} ms"
                + note
            )
        print(f"one event committed during a call: {event_commit_ms(home):.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
