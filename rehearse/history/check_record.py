"""A call scored by `check`, as the events of a session, so history and replay show it too.

Pure: the transcript (or the recognized turns) and the report in, events out. The caller's
lines become `turn` events, the other side's `line` events, as in a practice call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from rehearse.checks.base import Facts
from rehearse.coaching.feedback import Report
from rehearse.script.loader import CallScript
from rehearse.transcript import TranscriptLine
from rehearse.turns import Utterance

Event = tuple[str, dict[str, Any]]


def check_events(
    script: CallScript,
    facts: Facts,
    scenario: str | None,
    source: str,
    lines: Sequence[TranscriptLine],
    heard: Sequence[Utterance] | None,
    report: Report,
) -> list[Event]:
    start = {
        "script": script.name,
        "title": script.title,
        "scenario": scenario,
        "profile": facts.profile.to_mapping(),
        "today": facts.today.isoformat(),
        "source": source,
    }
    events: list[Event] = [("start", start)]
    if heard is not None:
        for utterance in heard:
            turn = {
                "text": utterance.text,
                "source": utterance.source,
                "words": [asdict(w) for w in utterance.words],
                "audio": utterance.audio_path,
                "latency": utterance.latency,
            }
            events.append(("turn", turn))
    for line in lines:
        if line.is_caller:
            events.append(("turn", {"text": line.text, "source": "written", "line": line.number}))
        else:
            speaker = line.speaker or "Other side"
            events.append(
                ("line", {"role": None, "speaker": speaker, "text": line.text, "line": line.number})
            )
    events.append(("report", {"report": report.to_json()}))
    events.append(("end", {"reason": "finished"}))
    return events
