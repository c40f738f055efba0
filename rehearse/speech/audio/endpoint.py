"""Deciding, chunk by chunk, when the caller started and stopped talking.

Energy based, like SpeechRecognition's `Recognizer.listen`, with two differences that matter for
a practice call:

- the threshold follows the background noise only while nobody speaks (SpeechRecognition also
  raises it during speech, which pulls it up to the speaker's level and cuts the turn at the
  next soft syllable);
- a turn is confirmed only after `min_speech` seconds of voiced audio, and the audio from just
  before it (`pre_roll`) is handed over with the confirmation, so the recognizer can be fed as
  the audio arrives without ever seeing a lone click.

Pure: takes int16 mono PCM chunks, returns what to do with each; no audio library involved.
"""

from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass

import numpy as np

SAMPLE_RATE = 16_000
SAMPLE_WIDTH = 2


@dataclass(frozen=True)
class EndpointConfig:
    pause: float = 0.8  # seconds of quiet that end a turn
    min_speech: float = 0.2  # voiced seconds before sound counts as speech
    pre_roll: float = 0.3  # seconds kept from before the speech started
    start_timeout: float | None = 8.0  # seconds to wait for speech before giving up
    max_turn: float = 30.0  # longest turn, in seconds, before it is cut
    energy_ratio: float = 1.5  # speech is this many times louder than the background
    min_threshold: float = 60.0  # RMS floor, so digital silence does not make noise "speech"
    damping: float = 0.15  # how fast the threshold follows the background (per second)


class Phase(enum.Enum):
    WAITING = "waiting"  # no speech yet
    SPEAKING = "speaking"  # a turn is under way
    ENDED = "ended"  # the caller stopped: `pause` seconds of quiet after speech
    TIMED_OUT = "timed_out"  # nobody spoke within `start_timeout`


@dataclass(frozen=True)
class Step:
    """What one chunk did: the phase after it, and the audio that now belongs to the turn."""

    phase: Phase
    audio: bytes = b""  # to feed the recognizer and keep (pre-roll included on confirmation)
    voiced: bool = False  # this chunk was above the threshold


def rms(chunk: bytes) -> float:
    """Root mean square of int16 little-endian samples."""
    samples = np.frombuffer(chunk, dtype="<i2").astype(np.float64)
    if samples.size == 0:
        return 0.0
    return float(np.sqrt(np.mean(samples * samples)))


class Endpointer:
    """One turn's worth of endpointing; make a new one (or `reset()`) per turn."""

    def __init__(
        self,
        config: EndpointConfig | None = None,
        threshold: float = 300.0,
        sample_rate: int = SAMPLE_RATE,
    ) -> None:
        self.config = config or EndpointConfig()
        self.sample_rate = sample_rate
        self.threshold = max(threshold, self.config.min_threshold)
        self.reset()

    def reset(self) -> None:
        self.phase = Phase.WAITING
        self._waited = 0.0  # seconds heard before speech started
        self._pending: deque[tuple[bytes, bool]] = deque()  # pre-roll + unconfirmed speech
        self._pending_voiced = 0.0
        self._pending_quiet = 0.0
        self._candidate = 0.0  # seconds since the first voiced chunk of unconfirmed speech
        self._turn = 0.0  # seconds of audio in the confirmed turn
        self._quiet = 0.0  # seconds of quiet since the last voiced chunk
        self.pause = self.config.pause  # a listener may change it mid-turn (see turn_end.py)

    @property
    def quiet(self) -> float:
        """Seconds of quiet since the caller's last voiced chunk (0 before the turn starts)."""
        return self._quiet if self.phase is Phase.SPEAKING else 0.0

    def calibrate(self, background_rms: float) -> None:
        """Set the threshold from a measurement of the room with nobody talking."""
        self.threshold = max(background_rms * self.config.energy_ratio, self.config.min_threshold)

    def push(self, chunk: bytes) -> Step:
        if self.phase in (Phase.ENDED, Phase.TIMED_OUT):
            return Step(self.phase)
        seconds = len(chunk) / (SAMPLE_WIDTH * self.sample_rate)
        energy = rms(chunk)
        voiced = energy > self.threshold
        if self.phase is Phase.WAITING:
            return self._push_waiting(chunk, seconds, energy, voiced)
        return self._push_speaking(chunk, seconds, voiced)

    def _push_waiting(self, chunk: bytes, seconds: float, energy: float, voiced: bool) -> Step:
        cfg = self.config
        self._waited += seconds
        self._pending.append((chunk, voiced))
        if voiced or self._candidate > 0:
            self._candidate += seconds
        if voiced:
            self._pending_voiced += seconds
            self._pending_quiet = 0.0
        elif self._pending_voiced > 0:
            self._pending_quiet += seconds
            if self._pending_quiet >= cfg.pause:
                # A click or a cough, not a turn: forget it.
                self._pending_voiced = 0.0
                self._pending_quiet = 0.0
                self._candidate = 0.0
        if not voiced and self._pending_voiced == 0:
            self._follow_background(energy, seconds)
        if self._pending_voiced >= cfg.min_speech:
            self.phase = Phase.SPEAKING
            audio = b"".join(c for c, _ in self._pending)
            self._turn = len(audio) / (SAMPLE_WIDTH * self.sample_rate)
            self._quiet = 0.0
            self._pending.clear()
            return Step(Phase.SPEAKING, audio, voiced)
        self._trim_pending()
        if cfg.start_timeout is not None and self._waited >= cfg.start_timeout:
            self.phase = Phase.TIMED_OUT
        return Step(self.phase, b"", voiced)

    def _push_speaking(self, chunk: bytes, seconds: float, voiced: bool) -> Step:
        cfg = self.config
        self._turn += seconds
        self._quiet = 0.0 if voiced else self._quiet + seconds
        if self._quiet >= self.pause or self._turn >= cfg.max_turn:
            self.phase = Phase.ENDED
        return Step(self.phase, chunk, voiced)

    def _follow_background(self, energy: float, seconds: float) -> None:
        damping = self.config.damping**seconds
        target = energy * self.config.energy_ratio
        self.threshold = max(self.threshold * damping + target * (1 - damping), self.config.min_threshold)

    def _trim_pending(self) -> None:
        """Keep `pre_roll` seconds before the first voiced chunk of a speech candidate."""
        per_second = SAMPLE_WIDTH * self.sample_rate
        keep = self.config.pre_roll + self._candidate
        total = sum(len(c) for c, _ in self._pending) / per_second
        while self._pending and total - len(self._pending[0][0]) / per_second >= keep - 1e-9:
            chunk, _ = self._pending.popleft()
            total -= len(chunk) / per_second


ONSET_FRAME = 0.02  # seconds per frame when looking for the first sound of speech
ONSET_FRACTION = 0.1  # of the turn's loud frames (20 dB down): quieter is background
ONSET_FLOOR = 100.0  # RMS (about -50 dBFS): never speech below this


SPAN_BRIDGE = 0.25  # seconds: a quieter stretch shorter than this is inside a word (a stop)


def _loud_frames(pcm: bytes, sample_rate: int) -> np.ndarray:
    """Which ONSET_FRAME frames of `pcm` (int16 mono) are loud enough to be the speech."""
    samples = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2").astype(np.float64)
    size = int(sample_rate * ONSET_FRAME)
    if samples.size < size:
        return np.zeros(0, dtype=bool)
    frames = samples[: samples.size // size * size].reshape(-1, size)
    energy = np.sqrt(np.mean(frames * frames, axis=1))
    threshold = max(ONSET_FLOOR, ONSET_FRACTION * float(np.percentile(energy, 95)))
    return energy >= threshold


def speech_onset(pcm: bytes, sample_rate: int = SAMPLE_RATE) -> float | None:
    """Seconds into `pcm` (int16 mono) of the first frame loud enough to be the speech; None
    when nothing is. Independent of any recognizer: it places the caller's reply in time."""
    above = np.flatnonzero(_loud_frames(pcm, sample_rate))
    return None if above.size == 0 else round(float(above[0]) * ONSET_FRAME, 3)


def speech_spans(pcm: bytes, sample_rate: int = SAMPLE_RATE) -> tuple[tuple[float, float], ...]:
    """(start, end) seconds of each stretch of sound in `pcm`, quiet gaps under SPAN_BRIDGE
    bridged. Frames are loud when within 20 dB of the turn's loudest (and above ONSET_FLOOR),
    so steady background well below the voice does not count. What the caller's pace and
    pauses are timed by, whatever the recognizer's word timings say."""
    loud = _loud_frames(pcm, sample_rate)
    spans: list[list[float]] = []
    for index in np.flatnonzero(loud):
        start = float(index) * ONSET_FRAME
        if spans and start - spans[-1][1] < SPAN_BRIDGE:
            spans[-1][1] = start + ONSET_FRAME
        else:
            spans.append([start, start + ONSET_FRAME])
    return tuple((round(a, 3), round(b, 3)) for a, b in spans if b - a >= 2 * ONSET_FRAME)
