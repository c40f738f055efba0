"""Listening to the caller through a microphone.

SpeechRecognition's `Microphone` (PyAudio/PortAudio) opens the device; the room is measured
once with `Recognizer.adjust_for_ambient_noise`; `rehearse.speech.audio.endpoint` decides when the
caller started and stopped; and every chunk of the turn goes to the recognizer as soon as it
is read, on a worker thread, so the text is ready a moment after the caller stops.

The stream is stopped between turns: what the microphone picks up while the other side is
talking (our own text-to-speech from the loudspeaker) is dropped, not heard as the caller.
"""

from __future__ import annotations

import os
import time
import wave
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from rehearse.errors import AudioDeviceError, EngineMissingError
from rehearse.speech.audio.endpoint import (
    SAMPLE_RATE,
    SAMPLE_WIDTH,
    EndpointConfig,
    Endpointer,
    Phase,
    speech_onset,
    speech_spans,
)
from rehearse.speech.audio.quiet import quiet_audio
from rehearse.speech.audio.turn_end import TurnEnd
from rehearse.speech.recognition.base import TurnRecognizer, recognizer_label
from rehearse.turns import Utterance

SORRY = "Sorry, I didn't catch that."
PYAUDIO_MISSING = "PyAudio is not installed: pip install 'rehearse[microphone]' (needs portaudio19-dev)"
NO_MICROPHONE = "No microphone found: {reason}; practise by typing with --text"
CHUNK_FRAMES = 512  # 32 ms at 16 kHz: the endpointing resolution
CALIBRATION_SECONDS = 0.5  # SpeechRecognition suggests at least 0.5 s; longer delays the first line


@dataclass(frozen=True)
class Attempt:
    """One attempt at hearing a turn: its audio and timings, and what the recognizer made of
    it, before we decide whether it was understood."""

    recognized: Utterance
    pcm: bytes  # 16 kHz mono int16, pre-roll and the closing pause included
    speech_end: float  # time.monotonic() when the last voiced chunk was read
    ended: float  # time.monotonic() when the endpointer decided the turn was over
    ready: float  # time.monotonic() when the text was ready
    lead: float = 0.0  # seconds of audio read, from the start of listening, before `pcm` begins

    @property
    def reply_delay(self) -> float | None:
        """Seconds from the start of listening (the other side's line just ended) to speech."""
        onset = speech_onset(self.pcm)
        return None if onset is None else self.lead + onset


def _ignore_signal() -> None:
    return None


def _ignore(_message: str) -> None:
    return None


class MicrophoneListener:
    """A `Listener` over the default (or a chosen) microphone."""

    def __init__(
        self,
        recognizer: TurnRecognizer,
        audio_dir: Path | None = None,
        *,
        notify: Callable[[str], None] = _ignore,
        ask_to_type: Callable[[], str | None] | None = None,
        on_listening: Callable[[], None] = _ignore_signal,
        max_failures: int = 3,
        endpoint: EndpointConfig | None = None,
        device: int | str | None = None,
        calibration_seconds: float = CALIBRATION_SECONDS,
        turn_end: TurnEnd | None = None,
    ) -> None:
        self.recognizer = recognizer
        self.audio_dir = audio_dir
        self.notify = notify
        self.ask_to_type = ask_to_type
        self.on_listening = on_listening  # told each time the microphone starts listening for a turn
        self.max_failures = max_failures
        self.endpointer = Endpointer(endpoint)
        self.turn_end = turn_end or TurnEnd(pause=self.endpointer.config.pause)
        self.device = device
        self.calibration_seconds = calibration_seconds
        self.last_heard: Attempt | None = None  # the latest attempt, understood or not
        self._source: Any = None  # an entered speech_recognition.Microphone
        self._resampler: _Resampler | None = None
        # One thread runs every recognizer call, in order, while this one keeps reading audio.
        self._worker: ThreadPoolExecutor | None = None
        self._turns = 0

    # -- lifecycle -------------------------------------------------------------------------

    def open(self) -> None:
        """Open the microphone and measure the room; call before the first prompt is spoken.

        `listen()` opens it on first use too, but the first read of a freshly opened device can
        take a second or two, and a caller who starts talking meanwhile would be cut.
        """
        if self._source is not None:
            return
        if self._worker is None:
            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rehearse-asr")
        sr, pyaudio = _import_backends()
        index = _resolve_device(pyaudio, self.device)
        source = _enter_microphone(sr, index, SAMPLE_RATE)
        if source is None:
            rate = _default_rate(pyaudio, index)
            source = _enter_microphone(sr, index, rate)
            if source is None:
                raise AudioDeviceError(NO_MICROPHONE.format(reason="the input device cannot open"))
            self._resampler = _Resampler(rate, SAMPLE_RATE)
        self._source = source
        try:
            calibrator = sr.Recognizer()
            with quiet_audio():
                calibrator.adjust_for_ambient_noise(source, duration=self.calibration_seconds)
                source.stream.pyaudio_stream.stop_stream()
        except OSError as exc:
            self.close()
            raise AudioDeviceError(NO_MICROPHONE.format(reason=_one_line(exc))) from exc
        self.endpointer.threshold = max(
            float(calibrator.energy_threshold), self.endpointer.config.min_threshold
        )

    def close(self) -> None:
        source, self._source = self._source, None
        if source is not None:
            with quiet_audio():
                source.__exit__(None, None, None)
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.shutdown(wait=True)

    def __enter__(self) -> MicrophoneListener:
        self.open()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- Listener --------------------------------------------------------------------------

    def listen(self) -> Utterance:
        failures = 0
        while True:
            heard = self.hear()
            self.last_heard = heard
            if heard is not None and heard.recognized.text.strip():
                self._turns += 1
                path = self._keep(heard.pcm)
                return replace(
                    heard.recognized,
                    text=heard.recognized.text.strip(),
                    audio_path=str(path) if path else None,
                    latency=max(0.0, heard.ready - heard.speech_end),
                    reply_delay=heard.reply_delay,
                    speech=speech_spans(heard.pcm),
                    recognizer=recognizer_label(self.recognizer),
                )
            failures += 1
            self.notify(SORRY)
            if failures >= self.max_failures and self.ask_to_type is not None:
                typed = self.ask_to_type()
                if typed is not None and typed.strip():
                    return Utterance(text=typed.strip(), source="typed")
                failures = 0

    def hear(self) -> Attempt | None:
        """Hear one turn and recognize it; None when nobody spoke before the start timeout.

        With a recognizer that can `peek()`, what has been heard is decoded once the caller
        has been quiet for `turn_end.speculate_after`: if they stay quiet, that text is the
        turn's, ready when the pause ends; if they speak again, it is dropped. The partial
        text also sets how long the pause must be (`TurnEnd.pause_after`).
        """
        self.open()
        worker = self._worker
        assert worker is not None
        endpointer = self.endpointer
        endpointer.reset()
        peek = getattr(self.recognizer, "peek", None)
        turn_end = self.turn_end
        pcm = bytearray()
        speech_end = 0.0
        started = False
        voiced_chunks = 0
        guess: _Guess | None = None
        pending: list[Future[None]] = []
        read_bytes = 0  # of 16 kHz audio since listening started: places the turn in time
        lead = 0.0
        with self._running_stream() as read:
            self.on_listening()
            while endpointer.phase in (Phase.WAITING, Phase.SPEAKING):
                chunk = read()
                now = time.monotonic()
                read_bytes += len(chunk)
                step = endpointer.push(chunk)
                if step.audio:
                    if not started:
                        pending.append(worker.submit(self.recognizer.begin_turn))
                        started = True
                        lead = (read_bytes - len(step.audio)) / (SAMPLE_WIDTH * SAMPLE_RATE)
                    pending.append(worker.submit(self.recognizer.feed, step.audio))
                    pcm += step.audio
                if step.voiced and endpointer.phase is not Phase.WAITING:
                    speech_end = now
                    voiced_chunks += 1
                if guess is not None and guess.voiced_chunks != voiced_chunks:
                    guess = None  # the caller went on: that decode is out of date
                    endpointer.pause = turn_end.pause
                if (
                    peek is not None
                    and guess is None
                    and endpointer.phase is Phase.SPEAKING
                    and endpointer.quiet >= turn_end.speculate_after
                ):
                    guess = _Guess(worker.submit(peek), voiced_chunks)
                if guess is not None and not guess.paced and guess.future.done():
                    guess.paced = True
                    endpointer.pause = turn_end.pause_after(guess.future.result().text)
                pending = _drop_finished(pending)
        ended = time.monotonic()
        if not started:
            return None
        if guess is not None:
            result = guess.future.result()
            worker.submit(self.recognizer.begin_turn)  # forget the turn's audio
        else:
            result = worker.submit(self.recognizer.end_turn).result()
        ready = time.monotonic()
        for future in pending:
            future.result()
        return Attempt(result, bytes(pcm), speech_end, ended, ready, lead)

    # -- internals -------------------------------------------------------------------------

    @contextmanager
    def _running_stream(self) -> Iterator[Callable[[], bytes]]:
        source = self._source
        stream = source.stream.pyaudio_stream
        resampler = self._resampler
        chunk_frames = source.CHUNK

        def read() -> bytes:
            try:
                data: bytes = source.stream.read(chunk_frames)
            except OSError as exc:
                raise AudioDeviceError(
                    f"The microphone stopped working: {_one_line(exc)}; practise by typing with --text"
                ) from exc
            return resampler.convert(data) if resampler else data

        try:
            with quiet_audio():
                stream.start_stream()
        except OSError as exc:
            raise AudioDeviceError(NO_MICROPHONE.format(reason=_one_line(exc))) from exc
        try:
            yield read
        finally:
            # A vanished device is reported by the next read, not here.
            with quiet_audio(), suppress(OSError):
                stream.stop_stream()

    def _keep(self, pcm: bytes) -> Path | None:
        """Write the turn's audio as a WAV only the user can read; None when not keeping audio."""
        if self.audio_dir is None:
            return None
        self.audio_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        number = self._turns
        while True:
            path = self.audio_dir / f"caller-{number:03d}.wav"
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                number += 1
                continue
            break
        with os.fdopen(fd, "wb") as handle, wave.open(handle, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(SAMPLE_WIDTH)
            wav.setframerate(SAMPLE_RATE)
            wav.writeframes(pcm)
        return path


@dataclass
class _Guess:
    """A decode made during the caller's pause, valid while no new speech arrives."""

    future: Future[Utterance]
    voiced_chunks: int  # voiced chunks heard when it started
    paced: bool = False  # its text has set the endpointer's pause


class _Resampler:
    """Linear resampling of a mono int16 stream, for devices that refuse 16 kHz."""

    def __init__(self, rate_in: int, rate_out: int) -> None:
        self.step = rate_in / rate_out
        self.position = 0.0  # next output sample, in input samples from the carried one
        self.carry = np.zeros(1, dtype=np.float64)

    def convert(self, data: bytes) -> bytes:
        samples = np.concatenate([self.carry, np.frombuffer(data, dtype="<i2").astype(np.float64)])
        positions = np.arange(self.position, len(samples) - 1, self.step)
        out = np.interp(positions, np.arange(len(samples)), samples)
        self.position = (positions[-1] + self.step if len(positions) else self.position) - (len(samples) - 1)
        self.carry = samples[-1:]
        return np.clip(np.round(out), -32768, 32767).astype("<i2").tobytes()


def _drop_finished(futures: list[Future[None]]) -> list[Future[None]]:
    """Forget finished recognizer calls, re-raising a failed one in the listening thread."""
    for future in futures:
        if future.done():
            future.result()
    return [future for future in futures if not future.done()]


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text.rstrip(".")


def _import_backends() -> tuple[Any, Any]:
    try:
        import pyaudio
    except ImportError as exc:
        raise EngineMissingError(PYAUDIO_MISSING) from exc
    try:
        import speech_recognition as sr
    except ImportError as exc:
        raise EngineMissingError("SpeechRecognition is not installed: pip install SpeechRecognition") from exc
    return sr, pyaudio


def _resolve_device(pyaudio: Any, device: int | str | None) -> int | None:
    """Check an input device exists and return its index (None: the system default)."""
    with quiet_audio():
        audio = pyaudio.PyAudio()
        try:
            inputs = {
                index: str(info.get("name", ""))
                for index in range(audio.get_device_count())
                if (info := audio.get_device_info_by_index(index)).get("maxInputChannels", 0) > 0
            }
            default_error = ""
            if device is None:
                try:
                    audio.get_default_input_device_info()
                except OSError as exc:
                    default_error = _one_line(exc)
        finally:
            audio.terminate()
    if not inputs:
        raise AudioDeviceError(NO_MICROPHONE.format(reason="this computer has no input device"))
    if device is None:
        if default_error:
            raise AudioDeviceError(NO_MICROPHONE.format(reason=default_error.lower()))
        return None
    if isinstance(device, int):
        if device not in inputs:
            raise AudioDeviceError(NO_MICROPHONE.format(reason=f"no input device number {device}"))
        return device
    for index, name in inputs.items():
        if device.lower() in name.lower():
            return index
    known = ", ".join(sorted(set(inputs.values())))
    raise AudioDeviceError(NO_MICROPHONE.format(reason=f"no input device named {device!r} ({known})"))


def _enter_microphone(sr: Any, index: int | None, rate: int) -> Any | None:
    """Open the device at `rate`; None when it refuses (SpeechRecognition swallows the error)."""
    with quiet_audio():
        try:
            source = sr.Microphone(device_index=index, sample_rate=rate, chunk_size=CHUNK_FRAMES)
            source.__enter__()
        except (OSError, AssertionError) as exc:
            raise AudioDeviceError(NO_MICROPHONE.format(reason=_one_line(exc))) from exc
    if source.stream is None:
        return None
    return source


def _default_rate(pyaudio: Any, index: int | None) -> int:
    with quiet_audio():
        audio = pyaudio.PyAudio()
        try:
            info = (
                audio.get_device_info_by_index(index)
                if index is not None
                else audio.get_default_input_device_info()
            )
            return int(info["defaultSampleRate"])
        except OSError as exc:
            raise AudioDeviceError(NO_MICROPHONE.format(reason=_one_line(exc))) from exc
        finally:
            audio.terminate()
