"""A call scored by `check`, as the events of a session, so history and replay show it too.

Pure: the transcript (or the recognized turns) and the report in, events out. The caller's
lines become `turn` events, the other side's `line` events, as in a practice call.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rehearse.checks.base import Facts
from rehearse.coaching.feedback import Report
from rehearse.script.model import CallScript
from rehearse.turns import Said, Utterance

Event = tuple[str, dict[str, Any]]


def check_events(
    script: CallScript,
    facts: Facts,
    scenario: str | None,
    source: str,
    said: Sequence[Said],
    report: Report,
) -> list[Event]:
    """The session of a checked call: its start, every line and turn in order, the report."""
    start = {
        "script": script.name,
        "title": script.title,
        "scenario": scenario,
        "profile": facts.profile.to_mapping(),
        "today": facts.today.isoformat(),
        "source": source,
    }
    events: list[Event] = [("start", start)]
    for entry in said:
        events.append(
            ("turn", entry.to_json()) if isinstance(entry, Utterance) else ("line", entry.to_json())
        )
    events.append(("report", {"report": report.to_json()}))
    events.append(("end", {"reason": "finished"}))
    return events
