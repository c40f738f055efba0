"""How well, and how fast, the recognizers hear a synthetic follow-up call.

Builds its own test calls with espeak-ng (several voices and rates, some passed through a
300-3400 Hz telephone band with added noise), none of whose sentences appear verbatim in
the call's phrase list, and compares the stock PocketSphinx setup with rehearse's
call-specific one: word error rate, real-time factor, the wait from end of speech to text
(p50/p95), and the time to build/load the model. Every transcript is returned as well.

    .venv/bin/python -m rehearse.bench.recognition [OUT_DIR]
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rehearse.bench.common import (
    SAMPLE_PHRASES,
    SAMPLE_PROFILE,
    BenchVoice,
    decode_streaming,
    percentile,
    synthesize_pcm,
    word_errors,
)
from rehearse.channels.base import VoiceHint
from rehearse.speech.recognizers import SAMPLE_RATE, RecognizerSettings, make_recognizer

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


BENCH_VOICES = (
    BenchVoice("en-us", VoiceHint()),
    BenchVoice("female", VoiceHint(gender="female")),
    BenchVoice("male-slow", VoiceHint(gender="male", rate=140)),
    BenchVoice("en-us-phone", VoiceHint(), telephone=True),
)


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
    from rehearse.bench.calls import HOLDOUT_CALLS, format_call_report, load_calls, run_call_bench

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
