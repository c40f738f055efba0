"""How well, and how fast, the recognizer setups hear a follow-up call: `scripts/bench audio`.

The sentence bench builds its own test sentences with espeak-ng (several voices and rates,
some passed through a 300-3400 Hz telephone band with added noise), none of them verbatim in
the call's phrase list, and compares every setup of `common.SETUPS` (stock PocketSphinx,
rehearse's call-specific PocketSphinx, and Whisper plain, as default, with the interview's
facts in its prompt, with beam 1 (the old default), with the full 30 s window): word error rate (both sides in
`common.spoken_form`), real-time factor, the wait from end of speech to text (p50/p95), and the
time to build/load the model. Every transcript is returned as well.

`main` then runs, side by side in one run: the call bench (`calls.py`) on the tuning calls,
`tests/eval/audio_holdout.yaml` and `tests/eval/audio_holdout2.yaml`; the invented words per
minute of non-caller sound (`nonspeech.py`); the word error rate on real human speech
(`librivox.py`); and a summary table per setup. Everything is written as JSON under OUT_DIR
(a new temporary folder without it).

    .venv/bin/python -m bench.recognition [OUT_DIR]
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

from bench.common import (
    ALL_SETUPS,
    SAMPLE_PHRASES,
    SAMPLE_PROFILE,
    BenchVoice,
    decode_streaming,
    make_setup,
    percentile,
    spoken_word_errors,
    synthesize_pcm,
)
from rehearse.speech.recognition.registry import SAMPLE_RATE, RecognizerSettings
from rehearse.turns import VoiceHint

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
    recognizers: Sequence[str] = ALL_SETUPS,
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
        recognizer = make_setup(name, settings)  # Whisper: only the first setup loads the model
        cold = time.perf_counter() - started
        started = time.perf_counter()
        make_setup(name, settings)  # cached language model / loaded model
        warm = time.perf_counter() - started
        errors = words = 0
        compute, waits, transcripts = [], [], []
        session_voice = None
        for voice, text, offscript, pcm in audio:
            if voice != session_voice:  # one practice call per voice: a fresh recognizer
                if session_voice is not None:
                    recognizer = make_setup(name, settings)
                session_voice = voice
            heard, spent, wait = decode_streaming(recognizer, pcm)
            e, n = spoken_word_errors(text, heard)
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


def format_recognition_report(report: dict[str, Any]) -> str:
    lines = [
        f"Sentence bench: {report['sentences']} turns, {report['audio_seconds']} s of espeak-ng speech",
        f"{'setup':<16}{'WER':>7}{'RTF':>7}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}"
        f"{'model s':>9}{'cached s':>9}",
    ]
    for name, r in report["recognizers"].items():
        lines.append(
            f"{name:<16}{r['wer']:>7.3f}{r['real_time_factor']:>7.3f}{r['latency_p50_s'] * 1000:>8.0f}"
            f"{r['latency_p95_s'] * 1000:>8.0f}{r['latency_max_s'] * 1000:>8.0f}"
            f"{r['model_build_and_load_s']:>9.2f}{r['model_load_cached_s']:>9.2f}"
        )
    lines.append(
        "(Whisper setups share one loaded model: only the first one's 'model s' includes loading it)"
    )
    return "\n".join(lines)


def format_summary(
    sentences: dict[str, Any],
    call_sets: Sequence[tuple[str, dict[str, Any]]],
    nonspeech: dict[str, Any],
    librivox: dict[str, Any],
) -> str:
    """One row per setup: WER on every set, invented words, LibriVox WER, waits over all calls."""
    names = list(sentences["recognizers"])
    for _, report in call_sets:
        names += [s for s in report["setups"] if s not in names]
    heads = ["sentences", *(label for label, _ in call_sets), "invented/min", "LibriVox", "p50 ms", "p95 ms"]
    widths = [max(9, len(h) + 2) for h in heads]
    lines = [
        "Summary per setup: word error rate per set, invented words per minute of non-caller sound,",
        "LibriVox WER, and the wait after a turn ends (end_turn()) over every call turn of the three sets",
        f"{'setup':<16}" + "".join(h.rjust(w) for h, w in zip(heads, widths, strict=True)),
    ]
    for name in names:
        cells = [f"{sentences['recognizers'][name]['wer']:.3f}" if name in sentences["recognizers"] else "-"]
        waits: list[float] = []
        for _, report in call_sets:
            cells.append(f"{report['wer'][name]:.3f}" if name in report["wer"] else "-")
            waits += report["timing"].get(name, {}).get("waits_s", [])
        ns = nonspeech.get("setups", {}).get(name)
        cells.append(f"{ns['words_per_minute']:.1f}" if ns else "-")
        lv = librivox.get("setups", {}).get(name)
        cells.append(f"{lv['wer']:.3f}" if lv else "-")
        cells += (
            [f"{percentile(waits, 0.5) * 1000:.0f}", f"{percentile(waits, 0.95) * 1000:.0f}"]
            if waits
            else ["-"] * 2
        )
        lines.append(f"{name:<16}" + "".join(c.rjust(w) for c, w in zip(cells, widths, strict=True)))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    from bench.calls import (
        BENCH_CALLS,
        HOLDOUT2_CALLS,
        HOLDOUT_CALLS,
        format_call_report,
        load_calls,
        run_call_bench,
    )
    from bench.librivox import format_librivox_report, run_librivox_bench
    from bench.nonspeech import format_nonspeech_report, run_nonspeech_bench

    args = list(sys.argv[1:] if argv is None else argv)
    root = Path(args[0]) if args else Path(tempfile.mkdtemp(prefix="rehearse-bench-audio-"))
    started = time.perf_counter()

    def progress(line: str) -> None:
        print(f"{line} ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)

    report = run_recognition_bench(root / "sentences")
    print(format_recognition_report(report))
    print(f"-> {report['out']}/recognition.json", flush=True)
    sets = [  # (label, title, calls, with the first-line runs)
        ("tuning", "tuning calls (BENCH_CALLS)", BENCH_CALLS, True),
        (
            "holdout",
            f"HELD-OUT calls ({HOLDOUT_CALLS.name}, never tuned on)",
            load_calls(HOLDOUT_CALLS),
            False,
        ),
        (
            "holdout2",
            f"HELD-OUT calls ({HOLDOUT2_CALLS.name}, never tuned on)",
            load_calls(HOLDOUT2_CALLS),
            False,
        ),
    ]
    call_sets: list[tuple[str, dict[str, Any]]] = []
    for label, title, calls, first_line in sets:
        progress(f"call bench: {title}")
        result = run_call_bench(root / f"calls-{label}", calls, first_line=first_line, progress=progress)
        print(f"\n{title}:")
        print(format_call_report(result, title="calls"))
        print(f"-> {result['out']}/calls.json", flush=True)
        call_sets.append((label, result))
    progress("non-caller sound")
    nonspeech = run_nonspeech_bench(root / "nonspeech", progress=progress)
    print()
    print(format_nonspeech_report(nonspeech))
    print(f"-> {nonspeech['out']}/nonspeech.json", flush=True)
    progress("LibriVox")
    librivox = run_librivox_bench(root / "librivox", progress=progress)
    print()
    print(format_librivox_report(librivox))
    print(f"-> {librivox['out']}/librivox.json")
    summary = format_summary(report, call_sets, nonspeech, librivox)
    print()
    print(summary)
    (root / "summary.txt").write_text(summary + "\n", encoding="utf-8")
    print(f"-> {root} ({time.perf_counter() - started:.0f} s in all)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
