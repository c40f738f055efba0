"""One practice call: lines go out through a Speaker, turns come in through a Listener.

Every line and turn is written to the session history as it happens, so an
error or Ctrl-C loses nothing. The loop knows nothing of microphones or
terminals; channels do.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from rehearse.channels.base import EndOfInput, Line, Listener, Speaker, Utterance, expect_lines
from rehearse.engine import Dialogue
from rehearse.errors import NothingSaidError
from rehearse.feedback import Report, build_report
from rehearse.store import SessionWriter


def _line_event(line: Line) -> dict[str, Any]:
    return {"role": line.role, "speaker": line.speaker, "text": line.text}


def _turn_event(utterance: Utterance) -> dict[str, Any]:
    return {
        "text": utterance.text,
        "source": utterance.source,
        "words": [asdict(w) for w in utterance.words],
        "audio": utterance.audio_path,
        "latency": utterance.latency,
    }


def _say_all(
    lines: list[Line], speaker: Speaker, writer: SessionWriter | None, then: list[Line] | None = None
) -> None:
    """Say the lines; while each plays, the speaker may get the next one (or `then`, what may
    be said after the caller's next turn) ready."""
    for index, line in enumerate(lines):
        expect_lines(speaker, lines[index + 1 : index + 2] or then or [])
        audio = speaker.say(line)
        if writer is not None:
            writer.record("line", **_line_event(line), audio=audio)


def run_call(
    dialogue: Dialogue,
    speaker: Speaker,
    listener: Listener,
    writer: SessionWriter | None = None,
) -> Report:
    """Play the whole call and return the feedback report."""
    if writer is not None:
        writer.record(
            "start",
            script=dialogue.script.name,
            title=dialogue.script.title,
            scenario=dialogue.scenario,
            profile=dialogue.facts.profile.to_mapping(),
            today=dialogue.facts.today.isoformat(),
        )
    _say_all(dialogue.opening(), speaker, writer, dialogue.possible_replies())
    hung_up = False
    while not dialogue.finished:
        try:
            utterance = listener.listen()
        except EndOfInput:
            if not dialogue.caller_turns:
                raise NothingSaidError(
                    "the call ended before your first turn: nothing to score, nothing saved"
                ) from None
            hung_up = True
            break
        if writer is not None:
            writer.record("turn", **_turn_event(utterance))
        reply = dialogue.reply(utterance.text)
        _say_all(reply, speaker, writer, dialogue.possible_replies())
    report = build_report(
        dialogue.script,
        dialogue.facts,
        dialogue.caller_turns,
        applies=dialogue.expected_points(),
        ended_early=dialogue.state.ran_long,
        hung_up=hung_up and bool(dialogue.caller_turns),
    )
    if writer is not None:
        writer.record("report", report=report.to_json())
        writer.record("end", reason="finished" if dialogue.finished else "caller hung up")
    return report
