"""One practice call: lines go out through a Speaker, turns come in through a Listener.

Every line and turn is written to the session history as it happens, so an
error or Ctrl-C loses nothing. The loop knows nothing of microphones or
terminals; channels do.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from rehearse.checks.text import word_count
from rehearse.coaching.delivery import CallerTurn, DeliveryReport, measure_delivery
from rehearse.coaching.feedback import Report, build_report
from rehearse.dialogue.dialogue import Dialogue
from rehearse.errors import NothingSaidError
from rehearse.history.store import SessionWriter
from rehearse.turns import EndOfInput, Line, Listener, Speaker, Utterance, expect_lines

Said = tuple[Line, str | None]  # a line of the other side, and where its audio was kept


def _line_event(line: Line) -> dict[str, Any]:
    return {"role": line.role, "speaker": line.speaker, "text": line.text}


def _turn_event(utterance: Utterance) -> dict[str, Any]:
    return {
        "text": utterance.text,
        "source": utterance.source,
        "words": [asdict(w) for w in utterance.words],
        "speech": [list(span) for span in utterance.speech],
        "audio": utterance.audio_path,
        "latency": utterance.latency,
        "reply_delay": utterance.reply_delay,
        "recognizer": utterance.recognizer,
    }


def _say_all(
    lines: list[Line],
    speaker: Speaker,
    writer: SessionWriter | None,
    said: list[Said],
    then: list[Line] | None = None,
) -> None:
    """Say the lines, noting each in `said`; while each plays, the speaker may get the next
    one (or `then`, what may be said after the caller's next turn) ready."""
    for index, line in enumerate(lines):
        expect_lines(speaker, lines[index + 1 : index + 2] or then or [])
        audio = speaker.say(line)
        said.append((line, audio))
        if writer is not None:
            writer.record("line", **_line_event(line), audio=audio)


def call_delivery(utterances: list[Utterance], said: list[Said]) -> DeliveryReport:
    """Delivery figures of a call: the caller's turns, and the other side's words and audio."""
    from rehearse.speech.audio.playback import wav_seconds

    turns = [
        CallerTurn(u.text, u.words, spoken=u.source != "typed", reply_delay=u.reply_delay, speech=u.speech)
        for u in utterances
    ]
    heard = [u.recognizer for u in utterances if u.recognizer]
    spoken = [(line, audio) for line, audio in said if line.text.strip()]
    other_seconds = (
        sum(wav_seconds(Path(audio)) for _, audio in spoken if audio)
        if spoken and all(audio for _, audio in spoken)
        else None
    )
    return measure_delivery(
        turns,
        recognizer=heard[0] if heard else None,
        other_words=sum(word_count(line.text) for line, _ in spoken),
        other_seconds=other_seconds,
    )


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
    said: list[Said] = []
    heard: list[Utterance] = []
    _say_all(dialogue.opening(), speaker, writer, said, dialogue.possible_replies())
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
        heard.append(utterance)
        reply = dialogue.reply(utterance.text)
        _say_all(reply, speaker, writer, said, dialogue.possible_replies())
    report = build_report(
        dialogue.script,
        dialogue.facts,
        dialogue.caller_turns,
        applies=dialogue.expected_points(),
        ended_early=dialogue.state.ran_long,
        hung_up=hung_up and bool(dialogue.caller_turns),
        delivery=call_delivery(heard[: len(dialogue.caller_turns)], said),
        outcomes=dialogue.outcomes(),
        notes=dialogue.notes,
    )
    if writer is not None:
        writer.record("report", report=report.to_json())
        writer.record("end", reason="finished" if dialogue.finished else "caller hung up")
    return report
