"""How well, and how fast, the recognizers hear a synthetic follow-up call.

Builds its own test calls with espeak-ng (several voices and rates, some passed through a
300-3400 Hz telephone band with added noise), none of whose sentences appear verbatim in
the call's phrase list, and compares the stock PocketSphinx setup with rehearse's
call-specific one: word error rate, real-time factor, the wait from end of speech to text
(p50/p95), and the time to build/load the model. Every transcript is returned as well.

    .venv/bin/python -m rehearse.speech.bench_recognition [OUT_DIR]
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rehearse.channels.base import VoiceHint
from rehearse.errors import AudioContentError, EngineMissingError
from rehearse.profile import Profile
from rehearse.speech.recognizers import (
    SAMPLE_RATE,
    Recognizer,
    RecognizerSettings,
    make_recognizer,
)

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

# (what the caller says, off-script?) - none of these is verbatim in SAMPLE_PHRASES.
BENCH_SENTENCES: tuple[tuple[str, bool], ...] = (
    ("hello my name is jordan lee", False),
    ("i had an interview on november seventeenth at two pm", False),
    ("i met with maria lopez last tuesday", False),
    ("i am still interested in the data analyst job", False),
    ("could you tell me if a decision has been made", False),
    ("thanks so much for your help", False),
    ("i am calling about my car insurance", True),
    ("the weather is nice today", True),
)


@dataclass(frozen=True)
class BenchVoice:
    label: str
    hint: VoiceHint
    telephone: bool = False


BENCH_VOICES = (
    BenchVoice("en-us", VoiceHint()),
    BenchVoice("female", VoiceHint(gender="female")),
    BenchVoice("male-slow", VoiceHint(gender="male", rate=140)),
    BenchVoice("en-us-phone", VoiceHint(), telephone=True),
)


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


# --- the bench -----------------------------------------------------------------------


def run_recognition_bench(
    out: Path | None = None,
    recognizers: Sequence[str] = ("sphinx-general", "sphinx"),
    voices: Sequence[BenchVoice] = BENCH_VOICES,
) -> dict[str, Any]:
    """Run the bench; write `recognition.json` and the WAVs under `out` if given."""
    folder = Path(out) if out else Path(tempfile.mkdtemp(prefix="rehearse-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    audio = [
        (voice, text, offscript, synthesize_pcm(text, folder, voice, i))
        for voice in voices
        for i, (text, offscript) in enumerate(BENCH_SENTENCES)
    ]
    report: dict[str, Any] = {
        "phrases": list(SAMPLE_PHRASES),
        "sentences": len(audio),
        "audio_seconds": round(sum(len(a[3]) for a in audio) / 2 / SAMPLE_RATE, 2),
        "recognizers": {},
    }
    for name in recognizers:
        cache = folder / "lm-cache"
        shutil.rmtree(cache, ignore_errors=True)
        settings = RecognizerSettings(SAMPLE_PHRASES, SAMPLE_PROFILE, cache_dir=cache)
        started = time.perf_counter()
        recognizer = make_recognizer(name, settings)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        make_recognizer(name, settings)  # cached language model
        warm = time.perf_counter() - started
        errors = words = 0
        compute, waits, transcripts = [], [], []
        session_voice = None
        for voice, text, offscript, pcm in audio:
            if voice != session_voice:  # one practice call per voice: a fresh recognizer
                if session_voice is not None:
                    recognizer = make_recognizer(name, settings)
                session_voice = voice
            heard, spent, wait = decode_streaming(recognizer, pcm)
            e, n = word_errors(text, heard)
            errors, words = errors + e, words + n
            compute.append(spent)
            waits.append(wait)
            transcripts.append({"voice": voice.label, "said": text, "heard": heard, "off_script": offscript})
        report["recognizers"][name] = {
            "wer": round(errors / words, 3),
            "real_time_factor": round(sum(compute) / report["audio_seconds"], 3),
            "latency_p50_s": round(statistics.median(waits), 3),
            "latency_p95_s": round(percentile(waits, 0.95), 3),
            "latency_max_s": round(max(waits), 3),
            "model_build_and_load_s": round(cold, 3),
            "model_load_cached_s": round(warm, 3),
            "transcripts": transcripts,
        }
    (folder / "recognition.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    report["out"] = str(folder)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    report = run_recognition_bench(Path(args[0]) if args else None)
    print(f"{report['sentences']} turns, {report['audio_seconds']} s of speech -> {report['out']}")
    for name, result in report["recognizers"].items():
        print(
            f"{name:15} WER {result['wer']:.3f}  RTF {result['real_time_factor']:.3f}  "
            f"latency p50 {result['latency_p50_s'] * 1000:.0f} ms "
            f"p95 {result['latency_p95_s'] * 1000:.0f} ms "
            f"max {result['latency_max_s'] * 1000:.0f} ms  "
            f"model {result['model_build_and_load_s']:.2f} s "
            f"(cached {result['model_load_cached_s']:.2f} s)"
        )
    from rehearse.speech.bench_calls import HOLDOUT_CALLS, format_call_report, load_calls, run_call_bench

    print()
    calls = run_call_bench(Path(args[0]) / "calls" if args else None)
    print(format_call_report(calls))
    print(f"-> {calls['out']}")
    print(f"\nHELD-OUT calls ({HOLDOUT_CALLS.name}, never tuned on):")
    held_out = run_call_bench(
        Path(args[0]) / "calls-holdout" if args else None, load_calls(HOLDOUT_CALLS), first_line=False
    )
    print(format_call_report(held_out))
    print(f"-> {held_out['out']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
