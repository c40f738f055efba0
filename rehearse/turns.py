"""The values every layer shares, and the two small contracts every channel implements.

A call is a sequence of the other side's `Line`s and the caller's `Utterance`s. Each has one
JSON form (`to_json` / `from_json`): the session history, `check --json`, `demo --json` and
the session report all write and read a turn the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class VoiceHint:
    """How a role should sound; a speech engine does its best with it."""

    gender: str | None = None  # "female" | "male" | None
    rate: int | None = None  # words per minute
    language: str = "en-us"
    pitch: int | None = None  # 0-99, espeak-ng's scale
    engine: str = "espeak"  # "espeak" | "piper" (see rehearse.script.voices)
    name: str | None = None  # a named voice of the engine (Piper: "en_US-joe-medium")


@dataclass(frozen=True)
class Line:
    """Something the other side says."""

    role: str | None  # role id in the script, e.g. "receptionist"; None in a written transcript
    speaker: str  # what to print before it, e.g. "Receptionist" or "Maria Lopez"
    text: str
    voice: VoiceHint = field(default_factory=VoiceHint)
    line: int | None = None  # 1-based line number in a written transcript

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"role": self.role, "speaker": self.speaker, "text": self.text}
        if self.line is not None:
            data["line"] = self.line
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Line:
        return cls(
            role=data.get("role"),
            speaker=str(data.get("speaker") or ""),
            text=str(data.get("text") or ""),
            line=data.get("line"),
        )


@dataclass(frozen=True)
class Word:
    text: str
    start: float  # seconds from the start of the turn's audio
    end: float
    confidence: float | None = None  # 0-1 where the recognizer gives one

    def to_json(self) -> dict[str, Any]:
        return {"word": self.text, "start": self.start, "end": self.end, "probability": self.confidence}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Word:
        # Sessions saved before the one JSON form wrote "text" and "confidence".
        text = data.get("word", data.get("text", ""))
        confidence = data.get("probability", data.get("confidence"))
        return cls(str(text), float(data["start"]), float(data["end"]), confidence)


TYPED, HEARD, FILE, WRITTEN = "typed", "heard", "file", "written"
SPOKEN_SOURCES = frozenset({HEARD, FILE})


@dataclass(frozen=True)
class Utterance:
    """One caller turn, from whichever channel: typed, heard live, recognized from a file, or
    read from a written transcript. Recognizers give one too (text and words only)."""

    text: str
    source: str = TYPED  # TYPED | HEARD | FILE | WRITTEN
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
    line: int | None = None  # 1-based line number in a written transcript
    speaker: str | None = None  # the label a written transcript gave it ("You", "Jordan")

    @property
    def spoken(self) -> bool:
        """Heard by a recognizer (live or from a file), so its timings mean something."""
        return self.source in SPOKEN_SOURCES

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "text": self.text,
            "source": self.source,
            "audio": self.audio_path,
            "latency": _rounded(self.latency),
            "reply_delay": _rounded(self.reply_delay),
            "recognizer": self.recognizer,
            "speech": [list(span) for span in self.speech],
            "words": [word.to_json() for word in self.words],
        }
        if self.line is not None:
            data.update(line=self.line, speaker=self.speaker)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Utterance:
        return cls(
            text=str(data.get("text") or ""),
            source=str(data.get("source") or TYPED),
            words=tuple(Word.from_json(word) for word in data.get("words") or ()),
            audio_path=data.get("audio"),
            latency=data.get("latency"),
            reply_delay=data.get("reply_delay"),
            recognizer=data.get("recognizer"),
            speech=tuple((float(start), float(end)) for start, end in data.get("speech") or ()),
            line=data.get("line"),
            speaker=data.get("speaker"),
        )


def _rounded(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 3)


Said = Line | Utterance  # one entry of a call's transcript


def transcript_json(said: list[Said]) -> list[dict[str, Any]]:
    """A call's transcript as JSON: each entry's own form, marked by who said it."""
    return [{"caller": isinstance(entry, Utterance), **entry.to_json()} for entry in said]


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
