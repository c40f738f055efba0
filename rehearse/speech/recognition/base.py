"""What every speech recognizer gives and takes: the streaming contract and its values.

A turn is fed as it arrives: `begin_turn()`, `feed(pcm)` for every chunk of 16 kHz mono
signed 16-bit little-endian audio, then `end_turn()` returns the `Utterance`.
`transcribe(pcm)` does the same for a whole turn at once. Engines that cannot decode
incrementally buffer the turn and decode at `end_turn()`.

Engine adapters (`sphinx.py`, `whisper.py`) import this module; the registry
(`recognizers.py`) imports the adapters, so nothing here imports an engine.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from rehearse.errors import RehearseError
from rehearse.profile.model import Profile
from rehearse.turns import HEARD, Utterance

SAMPLE_RATE = 16000
SAMPLE_WIDTH = 2


class RecognizerError(RehearseError):
    """A speech engine is installed but failed while decoding a turn."""

    exit_status = 6


@dataclass(frozen=True)
class RecognizerSettings:
    """Everything a recognizer factory may need; each engine uses what applies to it."""

    expected_phrases: tuple[str, ...] = ()
    profile: Profile | None = None
    model_path: Path | None = None  # vosk / whisper model folder (or whisper size name)
    cache_dir: Path | None = None  # where built language models are kept
    language: str = "en-us"
    extra: tuple[tuple[str, Any], ...] = field(default=())  # engine-specific knobs


class TurnRecognizer(Protocol):
    """The streaming half: one turn fed as it arrives (16 kHz mono int16 little-endian PCM)."""

    def begin_turn(self) -> None: ...

    def feed(self, pcm: bytes) -> None: ...

    def end_turn(self) -> Utterance: ...


class Recognizer(TurnRecognizer, Protocol):
    def transcribe(self, pcm: bytes) -> Utterance: ...


class SpeculativeRecognizer(TurnRecognizer, Protocol):
    """A recognizer that can decode the turn so far without ending it (used during pauses)."""

    def peek(self) -> Utterance: ...


class BufferedRecognizer:
    """Streaming contract for engines that decode a whole turn at once."""

    def __init__(self, decode: Callable[[bytes], Utterance]) -> None:
        self._decode_turn = decode
        self._chunks: list[bytes] = []

    def begin_turn(self) -> None:
        self._chunks = []

    def feed(self, pcm: bytes) -> None:
        self._chunks.append(pcm)

    def peek(self) -> Utterance:
        return self.transcribe(b"".join(self._chunks))

    def end_turn(self) -> Utterance:
        pcm, self._chunks = b"".join(self._chunks), []
        return self.transcribe(pcm)

    def transcribe(self, pcm: bytes) -> Utterance:
        return self._decode_turn(pcm)


def recognize_clip(recognizer: TurnRecognizer, pcm: bytes, chunk_bytes: int) -> tuple[Utterance, float]:
    """Feed a whole clip in microphone-sized chunks and end the turn, as a live turn would be;
    also the seconds `end_turn()` took (the wait between end of speech and text)."""
    recognizer.begin_turn()
    for start in range(0, len(pcm), chunk_bytes):
        recognizer.feed(pcm[start : start + chunk_bytes])
    started = time.perf_counter()
    heard = recognizer.end_turn()
    return heard, time.perf_counter() - started


def heard_text(text: str) -> Utterance:
    """A heard Utterance for engines that give text without timings."""
    return Utterance(source=HEARD, text=" ".join(text.lower().split()))


def recognizer_label(recognizer: object) -> str | None:
    """The registry name `make_recognizer` gave `recognizer` (None for one built otherwise)."""
    label = getattr(recognizer, "label", None)
    return label if isinstance(label, str) else None
