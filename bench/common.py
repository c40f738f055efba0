"""What the benchmarks share: the sample caller, their phrases and voices, synthesized speech
as 16 kHz PCM (espeak-ng, or Debian's flite voices), the recognizer setups compared, word
errors on one spoken form, percentiles and streaming a turn through a recognizer.

Both the recognition bench (`recognition.py`) and the call bench (`calls.py`) import it, so
neither imports the other for these.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rehearse.errors import AudioContentError, EngineMissingError
from rehearse.profile.model import Profile
from rehearse.speech.recognition.registry import SAMPLE_RATE, Recognizer, RecognizerSettings, make_recognizer
from rehearse.turns import VoiceHint

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
    """A bench voice: espeak-ng steered by `hint`, or the flite voice named `flite` ("slt")."""

    label: str
    hint: VoiceHint
    telephone: bool = False
    flite: str | None = None


# --- the recognizer setups compared -------------------------------------------------------

# label -> (registry name, extra options): variants of one engine are bench-only setups, not
# registry entries. `extra` goes to the engine as `RecognizerSettings.extra`
# (for Whisper: `WhisperOptions(**dict(extra))`); the plain "whisper" is the app's default.
SETUPS: dict[str, tuple[str, tuple[tuple[str, Any], ...]]] = {
    "sphinx": ("sphinx", ()),  # PocketSphinx with the call's own language model
    "sphinx-general": ("sphinx-general", ()),  # stock PocketSphinx
    "whisper-plain": ("whisper", (("prompt", "none"), ("beam_size", 1))),
    "whisper": ("whisper", ()),
    "whisper-facts": ("whisper", (("prompt", "facts"),)),
    "whisper-beam1": ("whisper", (("beam_size", 1),)),
    "whisper-full": ("whisper", (("window", "full"),)),
}
ALL_SETUPS = tuple(SETUPS)


def make_setup(label: str, settings: RecognizerSettings) -> Recognizer:
    """A fresh recognizer for the bench setup `label` (Whisper setups share one loaded model)."""
    name, extra = SETUPS[label]
    return make_recognizer(name, replace(settings, extra=extra))


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
    """Speak `text` with espeak-ng (or flite) into `folder` and return it as 16 kHz PCM."""
    if voice.flite is not None:
        return _flite_pcm(text, folder, voice, index)
    from rehearse.speech.synthesis.espeak import synthesize_to_wav

    path = (folder / f"{voice.label}-{index:02d}.wav").absolute()
    if not path.exists():
        synthesize_to_wav(text, path, voice.hint)
    return wav_to_pcm(path, telephone=voice.telephone)


def flite_wav(text: str, path: Path, voice: str) -> Path:
    """`flite -voice VOICE -t TEXT -o PATH` (flite's own rate: 16 kHz, or 8 kHz for kal)."""
    flite = shutil.which("flite")
    if flite is None:
        raise EngineMissingError("flite is not installed: sudo apt-get install flite")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part.wav")
    result = subprocess.run(
        [flite, "-voice", voice, "-t", text, "-o", str(partial)],
        capture_output=True,
        check=False,
        timeout=120,
    )
    if result.returncode != 0 or not partial.is_file():
        raise AudioContentError(f"flite -voice {voice} failed: {result.stderr.decode()[:200]}")
    partial.replace(path)
    return path


def _flite_pcm(text: str, folder: Path, voice: BenchVoice, index: int) -> bytes:
    """flite's WAV, resampled to 16 kHz mono by `speech.audio`; a -phone voice then goes through
    the same telephone band and noise as the espeak-ng ones (`wav_to_pcm`)."""
    from rehearse.speech.audio.clips import load_clip, write_wav

    source = (folder / f"{voice.label}-{index:02d}.flite.wav").absolute()
    if not source.exists():
        flite_wav(text, source, str(voice.flite))
    clip = load_clip(source)
    if not voice.telephone:
        return clip.pcm
    path = write_wav(folder.absolute() / f"{voice.label}-{index:02d}.wav", clip.pcm)
    return wav_to_pcm(path, telephone=True)


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


# Written abbreviations of spoken words ("Mr." for "mister"), read as the word.
SPOKEN_ABBREVIATIONS = {"mr": "mister", "mrs": "missus", "dr": "doctor", "ok": "okay"}


def spoken_form(text: str) -> str:
    """One form for word errors, whoever wrote the text: the checks' written form, lowercase
    words (a few abbreviations spelled out), then spoken numbers as digits, so "17th" =
    "seventeenth" and "2pm" = "two p m" = "2 pm": a recognizer is not charged for writing a
    number one way rather than another."""
    from rehearse.checks.spoken import digits
    from rehearse.checks.written import written_form
    from rehearse.speech.recognition.spoken_forms import words_of

    words = [SPOKEN_ABBREVIATIONS.get(w, w) for w in words_of(written_form(text)).split()]
    return " ".join(digits(" ".join(words)).split())


def spoken_word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """`word_errors` after both sides are put in `spoken_form`."""
    return word_errors(spoken_form(reference), spoken_form(hypothesis))


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
