"""Speech recognizers behind one small streaming contract, in a plain registry.

A turn is fed as it arrives: `begin_turn()`, `feed(pcm)` for every chunk of 16 kHz mono
signed 16-bit little-endian audio, then `end_turn()` returns the `Recognition`.
`transcribe(pcm)` does the same for a whole turn at once. Engines that cannot decode
incrementally buffer the turn and decode at `end_turn()`.

Library errors are translated here and in `sphinx.py`: callers only ever see
`Recognition` values and `RehearseError` subclasses. Optional engines are imported inside
their adapter; a missing one raises `EngineMissingError` with the command that installs it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from rehearse.channels.base import Word
from rehearse.errors import EngineMissingError, RehearseError
from rehearse.profile import Profile

SAMPLE_RATE = 16000
SAMPLE_WIDTH = 2


class RecognizerError(RehearseError):
    """A speech engine is installed but failed while decoding a turn."""

    exit_status = 6


@dataclass(frozen=True)
class Recognition:
    """What the recognizer heard in one turn."""

    text: str
    words: tuple[Word, ...] = ()


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

    def end_turn(self) -> Recognition: ...


class Recognizer(TurnRecognizer, Protocol):
    def transcribe(self, pcm: bytes) -> Recognition: ...


class BufferedRecognizer:
    """Streaming contract for engines that decode a whole turn at once."""

    def __init__(self, decode: Callable[[bytes], Recognition]) -> None:
        self._decode = decode
        self._chunks: list[bytes] = []

    def begin_turn(self) -> None:
        self._chunks = []

    def feed(self, pcm: bytes) -> None:
        self._chunks.append(pcm)

    def end_turn(self) -> Recognition:
        pcm, self._chunks = b"".join(self._chunks), []
        return self.transcribe(pcm)

    def transcribe(self, pcm: bytes) -> Recognition:
        return self._decode(pcm)


def recognition_from_text(text: str) -> Recognition:
    """A Recognition for engines that give text without timings."""
    return Recognition(text=" ".join(text.lower().split()))


# --- factories -----------------------------------------------------------------------


def _sphinx(settings: RecognizerSettings) -> Recognizer:
    from rehearse.speech.sphinx import CallSphinxRecognizer

    return CallSphinxRecognizer.for_call(settings.expected_phrases, settings.profile, settings.cache_dir)


def _sphinx_general(settings: RecognizerSettings) -> Recognizer:
    from rehearse.speech.sphinx import stock_sphinx_recognizer

    return stock_sphinx_recognizer()


def _audio_data(pcm: bytes) -> Any:
    try:
        import speech_recognition as sr
    except ImportError as exc:
        raise EngineMissingError("SpeechRecognition is not installed: pip install SpeechRecognition") from exc
    return sr.AudioData(pcm, SAMPLE_RATE, SAMPLE_WIDTH)


def _vosk(settings: RecognizerSettings) -> Recognizer:
    try:
        from vosk import KaldiRecognizer, Model, SetLogLevel
    except ImportError as exc:
        raise EngineMissingError("vosk is not installed: pip install 'rehearse[vosk]'") from exc
    path = settings.model_path
    if path is None or not Path(path).is_dir():
        raise EngineMissingError(
            f"no vosk model folder at {path}: download one from "
            "https://alphacephei.com/vosk/models, unpack it and pass its folder"
        )
    SetLogLevel(-1)
    try:
        model = Model(str(path))
    except Exception as exc:  # vosk raises a bare Exception for an unreadable model
        raise EngineMissingError(f"cannot load the vosk model at {path}: {exc}") from exc

    def decode(pcm: bytes) -> Recognition:
        engine = KaldiRecognizer(model, SAMPLE_RATE)
        engine.SetWords(True)
        engine.AcceptWaveform(pcm)
        result = json.loads(engine.FinalResult())
        words = tuple(
            Word(w["word"], float(w["start"]), float(w["end"]), float(w.get("conf", 1.0)))
            for w in result.get("result", ())
        )
        return Recognition(text=result.get("text", ""), words=words)

    return BufferedRecognizer(decode)


def _faster_whisper(settings: RecognizerSettings) -> Recognizer:
    try:
        from faster_whisper import WhisperModel
    except ImportError as exc:
        raise EngineMissingError("faster-whisper is not installed: pip install 'rehearse[whisper]'") from exc
    name = str(settings.model_path) if settings.model_path else None
    if name is None:
        raise EngineMissingError(
            "whisper needs a local model: pass the folder of a downloaded faster-whisper model"
        )
    try:
        model = WhisperModel(name, device="cpu", compute_type="int8", local_files_only=True)
    except Exception as exc:  # missing files surface as various library errors
        raise EngineMissingError(f"cannot load the whisper model {name}: {exc}") from exc

    def decode(pcm: bytes) -> Recognition:
        import numpy as np

        audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        try:
            segments, _ = model.transcribe(audio, language="en", word_timestamps=True)
            segments = list(segments)
        except Exception as exc:
            raise RecognizerError(f"whisper failed to decode the turn: {exc}") from exc
        words = tuple(
            Word(w.word.strip().lower(), float(w.start), float(w.end), float(w.probability))
            for s in segments
            for w in s.words or ()
        )
        text = " ".join(s.text.strip() for s in segments)
        return Recognition(text=_plain_words(text), words=words)

    return BufferedRecognizer(decode)


def _google(settings: RecognizerSettings) -> Recognizer:
    """Online: sends the caller's audio to Google; only used when asked for by name."""

    def decode(pcm: bytes) -> Recognition:
        import speech_recognition as sr

        try:
            text = sr.Recognizer().recognize_google(_audio_data(pcm), language="en-US")
        except sr.UnknownValueError:
            return Recognition(text="")
        except sr.RequestError as exc:
            raise RecognizerError(
                f"Google speech recognition is unreachable ({exc}); use --recognizer sphinx"
            ) from exc
        return recognition_from_text(_plain_words(str(text)))

    return BufferedRecognizer(decode)


def _plain_words(text: str) -> str:
    from rehearse.speech.spoken_forms import words_of

    return words_of(text)


RecognizerFactory = Callable[[RecognizerSettings], Recognizer]

RECOGNIZERS: dict[str, RecognizerFactory] = {
    "sphinx": _sphinx,
    "sphinx-general": _sphinx_general,
    "vosk": _vosk,
    "whisper": _faster_whisper,
    "faster-whisper": _faster_whisper,
    "google": _google,
}

DEFAULT_RECOGNIZER = "sphinx"
OFFLINE_RECOGNIZERS = ("sphinx", "sphinx-general", "vosk", "whisper", "faster-whisper")


def make_recognizer(name: str, settings: RecognizerSettings) -> Recognizer:
    """Look a recognizer up by name and build it."""
    try:
        factory = RECOGNIZERS[name]
    except KeyError:
        from rehearse.errors import UsageError

        known = ", ".join(RECOGNIZERS)
        raise UsageError(f"unknown recognizer {name!r} (choose one of: {known})") from None
    return factory(settings)


def timed_end_turn(recognizer: Recognizer) -> tuple[Recognition, float]:
    """end_turn() and the seconds it took: the wait between end of speech and text."""
    started = time.perf_counter()
    result = recognizer.end_turn()
    return result, time.perf_counter() - started


def transcribe_all(recognizer: Recognizer, turns: Sequence[bytes]) -> list[Recognition]:
    return [recognizer.transcribe(pcm) for pcm in turns]
