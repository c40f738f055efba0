"""One practice call: lines go out through a Speaker, turns come in through a Listener.

Every line and turn is written to the session history as it happens, so an
error or Ctrl-C loses nothing. The loop knows nothing of microphones or
terminals; channels do.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from rehearse.checks.text import word_count
from rehearse.coaching.delivery import DeliveryReport, measure_delivery
from rehearse.coaching.feedback import Report, build_report
from rehearse.dialogue.dialogue import Dialogue
from rehearse.errors import NothingSaidError
from rehearse.turns import EndOfInput, Line, Listener, Speaker, Utterance, expect_lines


class Recorder(Protocol):
    """Where the call is written down as it happens (the session history)."""

    def record(self, event: str, **data: Any) -> None: ...


Played = tuple[Line, str | None]  # a line of the other side, and where its audio was kept


def _say_all(
    lines: list[Line],
    speaker: Speaker,
    writer: Recorder | None,
    said: list[Played],
    then: list[Line] | None = None,
) -> None:
    """Say the lines, noting each in `said`; while each plays, the speaker may get the next
    one (or `then`, what may be said after the caller's next turn) ready."""
    for index, line in enumerate(lines):
        expect_lines(speaker, lines[index + 1 : index + 2] or then or [])
        audio = speaker.say(line)
        said.append((line, audio))
        if writer is not None:
            writer.record("line", **line.to_json(), audio=audio)


AudioSeconds = Callable[[Path], float]  # how long a kept audio file plays


def call_delivery(
    utterances: list[Utterance], said: list[Played], audio_seconds: AudioSeconds | None = None
) -> DeliveryReport:
    """Delivery figures of a call: the caller's turns, and the other side's words and audio
    (its length, where every line's audio was kept and `audio_seconds` can time it)."""
    heard = [u.recognizer for u in utterances if u.recognizer]
    spoken = [(line, audio) for line, audio in said if line.text.strip()]
    other_seconds = (
        sum(audio_seconds(Path(audio)) for _, audio in spoken if audio)
        if audio_seconds is not None and spoken and all(audio for _, audio in spoken)
        else None
    )
    return measure_delivery(
        utterances,
        recognizer=heard[0] if heard else None,
        other_words=sum(word_count(line.text) for line, _ in spoken),
        other_seconds=other_seconds,
    )


def _note_scenario(dialogue: Dialogue, writer: Recorder | None, noted: str | None) -> str | None:
    """A call whose scenario was drawn at random: once its choices tell which one it is on,
    write it down (the `start` could not say), so the history shows it."""
    taken = dialogue.scenario_taken()
    if writer is not None and taken is not None and taken != noted:
        writer.record("scenario", scenario=taken)
    return taken or noted


def run_call(
    dialogue: Dialogue,
    speaker: Speaker,
    listener: Listener,
    writer: Recorder | None = None,
    audio_seconds: AudioSeconds | None = None,
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
    said: list[Played] = []
    heard: list[Utterance] = []
    _say_all(dialogue.opening(), speaker, writer, said, dialogue.possible_replies())
    noted = _note_scenario(dialogue, writer, dialogue.scenario)
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
            writer.record("turn", **utterance.to_json())
        heard.append(utterance)
        reply = dialogue.reply(utterance.text)
        _say_all(reply, speaker, writer, said, dialogue.possible_replies())
        noted = _note_scenario(dialogue, writer, noted)
    report = build_report(
        dialogue.script,
        dialogue.facts,
        dialogue.caller_turns,
        applies=dialogue.expected_points(),
        ended_early=dialogue.state.ran_long,
        hung_up=hung_up and bool(dialogue.caller_turns),
        delivery=call_delivery(heard[: len(dialogue.caller_turns)], said, audio_seconds),
        outcomes=dialogue.outcomes(),
        notes=dialogue.notes,
    )
    if writer is not None:
        writer.record("report", report=report.to_json())
        writer.record("end", reason="finished" if dialogue.finished else "caller hung up")
    return report
