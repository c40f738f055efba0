"""The two small contracts every channel implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class VoiceHint:
    """How a role should sound; a speech engine does its best with it."""

    gender: str | None = None  # "female" | "male" | None
    rate: int | None = None  # words per minute
    language: str = "en-us"
    pitch: int | None = None  # 0-99, espeak-ng's scale
    engine: str = "espeak"  # "espeak" | "piper" (see rehearse.speech.synthesis.catalog)
    name: str | None = None  # a named voice of the engine (Piper: "en_US-joe-medium")


@dataclass(frozen=True)
class Line:
    """Something the other side says."""

    role: str  # role id in the script, e.g. "receptionist"
    speaker: str  # what to print before it, e.g. "Receptionist" or "Maria Lopez"
    text: str
    voice: VoiceHint = field(default_factory=VoiceHint)


@dataclass(frozen=True)
class Word:
    text: str
    start: float  # seconds from the start of the turn's audio
    end: float
    confidence: float | None = None  # 0-1 where the recognizer gives one


@dataclass(frozen=True)
class Utterance:
    """One caller turn as the engine receives it."""

    text: str
    source: str = "typed"  # "typed" | "heard" | "file"
    words: tuple[Word, ...] = ()
    audio_path: str | None = None  # where the turn's audio was kept, if any
    latency: float | None = None  # seconds from end of speech to text being ready
    # Seconds from the end of the other side's line to the first sound of the caller's speech.
    # None where it is not known (a recorded file may have been trimmed).
    reply_delay: float | None = None
    recognizer: str | None = None  # which recognizer heard it (its registry name)
    # (start, end) seconds of each stretch of sound in the turn's audio: pace and pauses are
    # timed by these (word timings are a recognizer's guess; Whisper's spread over silences).
    speech: tuple[tuple[float, float], ...] = ()


def words_json(words: tuple[Word, ...]) -> list[dict[str, float | str | None]]:
    """Word timings as JSON: what coaching on pace, pauses and fillers reads."""
    return [{"word": w.text, "start": w.start, "end": w.end, "probability": w.confidence} for w in words]


def heard_json(utterance: Utterance) -> dict[str, object]:
    """One recognized turn as JSON: its text, words with timings, and where its audio is."""
    return {
        "recognized": utterance.text,
        "source": utterance.source,
        "audio": utterance.audio_path,
        "latency_s": None if utterance.latency is None else round(utterance.latency, 3),
        "reply_delay_s": None if utterance.reply_delay is None else round(utterance.reply_delay, 3),
        "recognizer": utterance.recognizer,
        "speech": [list(span) for span in utterance.speech],
        "words": words_json(utterance.words),
    }


class EndOfInput(Exception):
    """The caller has nothing more to say (end of piped input, no more files)."""


def close_channel(channel: object) -> None:
    """Release what a channel holds (a device, scratch files); channels that hold nothing have no close()."""
    close = getattr(channel, "close", None)
    if close is not None:
        close()


def expect_lines(speaker: object, lines: list[Line]) -> None:
    """Tell a speaker what it may say next, so it can get ready; speakers that need no warning
    (text) have no expect()."""
    expect = getattr(speaker, "expect", None)
    if expect is not None:
        expect(lines)


class Speaker(Protocol):
    def say(self, line: Line) -> str | None:
        """Say the line; returns where its audio was kept, if anywhere (for the session)."""
        ...


class Listener(Protocol):
    def listen(self) -> Utterance:
        """Block until the caller's next turn; raise EndOfInput when there is none."""
        ...
