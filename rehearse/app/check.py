"""`check`: score a call that already happened, from a written transcript or recorded turns.

The call is read by a channel (a written transcript, or audio files run through the
recognizer), judged like a practice call on the caller's first `max_turns` turns, and kept in
the history as a session of kind `check`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rehearse.checks.base import Facts
from rehearse.checks.text import word_count
from rehearse.coaching.delivery import measure_delivery
from rehearse.coaching.feedback import Report, build_report
from rehearse.history.check_record import check_events
from rehearse.history.store import SessionStore
from rehearse.script.model import CallScript, expected_points, likely_outcomes
from rehearse.turns import EndOfInput, Line, Listener, Said, Utterance, transcript_json


@dataclass(frozen=True)
class CheckedCall:
    said: list[Said]  # the call as read: the written lines, or the recognized turns in order
    report: Report
    note: str  # why some turns were not judged, or ""

    @property
    def written(self) -> bool:
        return not any(isinstance(entry, Utterance) and entry.spoken for entry in self.said)

    def to_json(self) -> dict[str, Any]:
        data = self.report.to_json()
        if self.note:
            data["note"] = self.note
        if self.written:
            data["transcript"] = transcript_json(self.said)
        else:
            data["turns"] = [entry.to_json() for entry in self.said if isinstance(entry, Utterance)]
        return data


def heard_call(listener: Listener) -> list[Said]:
    """Every turn a listener of recorded files gives, in order."""
    turns: list[Said] = []
    while True:
        try:
            turns.append(listener.listen())
        except EndOfInput:
            return turns


def score_call(script: CallScript, facts: Facts, said: list[Said], scenario: str | None) -> CheckedCall:
    """Judge the caller's first `max_turns` turns on the points of the call's likely path."""
    fixed = script.scenario_choices(scenario)
    turns = [entry for entry in said if isinstance(entry, Utterance)]
    judged = turns[: script.max_turns]
    note = ""
    if len(judged) < len(turns):
        note = (
            f"Judged your first {len(judged)} turns of {len(turns)}: a call of this script "
            f"has at most {script.max_turns} (max_turns)."
        )
    other_words = sum(word_count(entry.text) for entry in said if isinstance(entry, Line))
    delivery = measure_delivery(
        judged,
        recognizer=next((turn.recognizer for turn in judged if turn.recognizer), None),
        other_words=other_words or None,
    )
    report = build_report(
        script,
        facts,
        [turn.text for turn in judged],
        applies=expected_points(script, fixed),
        delivery=delivery,
        outcomes=likely_outcomes(script, fixed),
    )
    return CheckedCall(said, report, note)


def save_check(
    data_dir: Path, script: CallScript, facts: Facts, scenario: str | None, source: str, call: CheckedCall
) -> None:
    """A scored check is a session of the caller's history too (kind `check`)."""
    writer = SessionStore(data_dir).create(script.name, kind="check")
    try:
        writer.record_many(check_events(script, facts, scenario, source, call.said, call.report))
    finally:
        writer.close()
