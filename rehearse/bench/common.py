"""What the benchmarks share: the sample caller, their phrases and voices, synthesized speech
as 16 kHz PCM, word errors, percentiles and streaming a turn through a recognizer.

Both the recognition bench (`recognition.py`) and the call bench (`calls.py`) import it, so
neither imports the other for these.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rehearse.channels.base import VoiceHint
from rehearse.errors import AudioContentError, EngineMissingError
from rehearse.profile import Profile
from rehearse.speech.recognizers import SAMPLE_RATE, Recognizer

CHUNK_SECONDS = 0.1  # how much audio arrives at a time, as from a microphone

SAMPLE_PROFILE = Profile(
    name="Jordan Lee",
    interviewer="Maria Lopez",
    company="Northwind Analytics",
    position="data analyst",
    interview_date=dt.date(2026, 11, 17),
    interview_time=dt.time(14, 0),
)

SAMPLE_PHRASES = (
    "hi this is jordan lee",
    "i interviewed for the data analyst position",
    "could i speak to maria lopez please",
    "i'm calling to follow up on my interview",
    "i wanted to ask about the status of the position",
    "has a decision been made",
    "is the position still open",
    "am i still being considered",
    "i'm still very interested in the role",
    "thank you for your time",
    "i look forward to hearing from you",
    "when would be a good time to call back",
)


@dataclass(frozen=True)
class BenchVoice:
    label: str
    hint: VoiceHint
    telephone: bool = False


# --- audio ---------------------------------------------------------------------------


def wav_to_pcm(path: Path, telephone: bool = False, noise_db: float = -40.0) -> bytes:
    """Any WAV -> 16 kHz mono 16-bit PCM (sox); `telephone` band-limits to 300-3400 Hz and
    adds white noise at `noise_db` dBFS."""
    sox = shutil.which("sox")
    if sox is None:
        raise EngineMissingError("sox is not installed: sudo apt-get install sox")
    # -R: repeatable dither, so two runs of the bench hear the same audio.
    command = [sox, "-R", str(path), "-t", "raw", "-r", str(SAMPLE_RATE), "-b", "16", "-e", "signed"]
    command += ["-c", "1", "-"]
    if telephone:
        command += ["sinc", "300-3400"]
    result = subprocess.run(command, capture_output=True, check=False)
    if result.returncode != 0 or not result.stdout:
        raise AudioContentError(f"{path}: sox could not read it: {result.stderr.decode()[:200]}")
    pcm = result.stdout
    if telephone:
        import numpy as np

        samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
        noise = np.random.default_rng(len(samples)).normal(0, 32768 * 10 ** (noise_db / 20), len(samples))
        pcm = np.clip(samples + noise, -32768, 32767).astype("<i2").tobytes()
    return pcm


def synthesize_pcm(text: str, folder: Path, voice: BenchVoice, index: int) -> bytes:
    """Speak `text` with espeak-ng into `folder` and return it as 16 kHz PCM."""
    from rehearse.speech.tts import synthesize_to_wav

    path = (folder / f"{voice.label}-{index:02d}.wav").absolute()
    if not path.exists():
        synthesize_to_wav(text, path, voice.hint)
    return wav_to_pcm(path, telephone=voice.telephone)


# --- scoring -------------------------------------------------------------------------


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(substitutions + deletions + insertions, reference words)."""
    ref, hyp = reference.split(), hypothesis.split()
    row = list(range(len(hyp) + 1))
    for i in range(1, len(ref) + 1):
        previous, row = row, [i] + [0] * len(hyp)
        for j in range(1, len(hyp) + 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ref[i - 1] != hyp[j - 1]))
    return row[len(hyp)], len(ref)


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[rank]


def decode_streaming(recognizer: Recognizer, pcm: bytes) -> tuple[str, float, float]:
    """Feed `pcm` chunk by chunk; (text, total compute seconds, end-of-speech wait)."""
    step = int(SAMPLE_RATE * CHUNK_SECONDS) * 2
    started = time.perf_counter()
    recognizer.begin_turn()
    for offset in range(0, len(pcm), step):
        recognizer.feed(pcm[offset : offset + step])
    speech_ended = time.perf_counter()
    result = recognizer.end_turn()
    finished = time.perf_counter()
    return result.text, finished - started, finished - speech_ended
