"""Speech recognizers behind one small streaming contract, in a plain registry.

A turn is fed as it arrives: `begin_turn()`, `feed(pcm)` for every chunk of 16 kHz mono
signed 16-bit little-endian audio, then `end_turn()` returns the `Utterance`.
`transcribe(pcm)` does the same for a whole turn at once. Engines that cannot decode
incrementally buffer the turn and decode at `end_turn()`.

Library errors are translated here and in `sphinx.py`: callers only ever see
`Utterance` values and `RehearseError` subclasses. Optional engines are imported inside
their adapter; a missing one raises `EngineMissingError` with the command that installs it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import Any

from rehearse.errors import EngineMissingError, EngineUnreachableError, UsageError
from rehearse.speech.recognition.base import (
    SAMPLE_RATE,
    SAMPLE_WIDTH,
    BufferedRecognizer,
    Recognizer,
    RecognizerError,
    RecognizerSettings,
    TurnRecognizer,
    heard_text,
)
from rehearse.turns import HEARD, Utterance, Word

__all__ = [  # the contract, re-exported for callers that only know the registry
    "DEFAULT_RECOGNIZER",
    "FALLBACK_RECOGNIZER",
    "RECOGNIZERS",
    "SAMPLE_RATE",
    "SAMPLE_WIDTH",
    "BufferedRecognizer",
    "Recognizer",
    "RecognizerError",
    "RecognizerSettings",
    "TurnRecognizer",
    "check_recognizer_name",
    "heard_text",
    "make_recognizer",
]

# --- factories -----------------------------------------------------------------------


def _sphinx(settings: RecognizerSettings) -> Recognizer:
    from rehearse.speech.recognition.sphinx import CallSphinxRecognizer

    return CallSphinxRecognizer.for_call(settings.expected_phrases, settings.profile, settings.cache_dir)


def _sphinx_general(settings: RecognizerSettings) -> Recognizer:
    from rehearse.speech.recognition.sphinx import stock_sphinx_recognizer

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

    def decode(pcm: bytes) -> Utterance:
        engine = KaldiRecognizer(model, SAMPLE_RATE)
        engine.SetWords(True)
        engine.AcceptWaveform(pcm)
        result = json.loads(engine.FinalResult())
        words = tuple(
            Word(w["word"], float(w["start"]), float(w["end"]), float(w.get("conf", 1.0)))
            for w in result.get("result", ())
        )
        return Utterance(source=HEARD, text=result.get("text", ""), words=words)

    return BufferedRecognizer(decode)


def _whisper(settings: RecognizerSettings) -> Recognizer:
    from rehearse.speech.recognition.whisper import WhisperOptions, whisper_recognizer

    options = WhisperOptions(**dict(settings.extra))
    return whisper_recognizer(settings.model_path, settings.profile, settings.cache_dir, options)


def _google(settings: RecognizerSettings) -> Recognizer:
    """Online: sends the caller's audio to Google; only used when asked for by name."""

    def decode(pcm: bytes) -> Utterance:
        import speech_recognition as sr

        try:
            text = sr.Recognizer().recognize_google(_audio_data(pcm), language="en-US")
        except sr.UnknownValueError:
            return Utterance(source=HEARD, text="")
        except sr.RequestError as exc:
            raise EngineUnreachableError(
                "Google speech recognition cannot be reached (no internet connection?); "
                "use --recognizer whisper, which runs on this machine"
            ) from exc
        return heard_text(_plain_words(str(text)))

    return BufferedRecognizer(decode)


def _plain_words(text: str) -> str:
    from rehearse.speech.recognition.spoken_forms import words_of

    return words_of(text)


RecognizerFactory = Callable[[RecognizerSettings], Recognizer]

RECOGNIZERS: dict[str, RecognizerFactory] = {
    "sphinx": _sphinx,
    "sphinx-general": _sphinx_general,
    "vosk": _vosk,
    "whisper": _whisper,
    "faster-whisper": _whisper,
    "google": _google,
}

DEFAULT_RECOGNIZER = "whisper"
FALLBACK_RECOGNIZER = "sphinx"  # when the Whisper model or engine is missing
OFFLINE_RECOGNIZERS = ("sphinx", "sphinx-general", "vosk", "whisper", "faster-whisper")


def check_recognizer_name(name: str | None) -> None:
    """A recognizer asked for by name must be one of RECOGNIZERS: a UsageError, said before
    anything starts, whether or not the command ends up listening (`practice --text`)."""
    if name is not None and name not in RECOGNIZERS:
        known = ", ".join(RECOGNIZERS)
        raise UsageError(f"unknown recognizer {name!r} (choose one of: {known})")


def make_recognizer(
    name: str, settings: RecognizerSettings, *, notify: Callable[[str], None] | None = None
) -> Recognizer:
    """Look a recognizer up by name and build it.

    With `notify`, a Whisper that cannot load (engine or model missing or damaged) is reported
    through it once and PocketSphinx is built instead; without it, EngineMissingError goes up.
    """
    check_recognizer_name(name)
    factory = RECOGNIZERS[name]
    try:
        return _labelled(factory(settings), name)
    except EngineMissingError as problem:
        if notify is None or factory is not _whisper:
            raise
        notify(f"{str(problem).rstrip('.')}. Listening with {FALLBACK_RECOGNIZER} instead.")
        fallback = RECOGNIZERS[FALLBACK_RECOGNIZER](replace(settings, model_path=None))
        return _labelled(fallback, FALLBACK_RECOGNIZER)


def _labelled(recognizer: Recognizer, name: str) -> Recognizer:
    """Tag a recognizer with its registry name, so the turns it hears can say who heard them."""
    with suppress(AttributeError):  # an engine object that takes no attributes stays unlabelled
        recognizer.label = name  # type: ignore[attr-defined]
    return recognizer


def timed_end_turn(recognizer: Recognizer) -> tuple[Utterance, float]:
    """end_turn() and the seconds it took: the wait between end of speech and text."""
    started = time.perf_counter()
    result = recognizer.end_turn()
    return result, time.perf_counter() - started


def transcribe_all(recognizer: Recognizer, turns: Sequence[bytes]) -> list[Utterance]:
    return [recognizer.transcribe(pcm) for pcm in turns]
