"""Does the checker still find the caller's points when it reads recognized speech?

Whole synthetic follow-up calls (3-6 caller turns each, labelled per content point by hand)
are spoken with espeak-ng and Debian's flite voices (several voices and rates, some through
the telephone band with noise), recognized by each bench setup (`common.SETUPS`: rehearse's
call-specific PocketSphinx `sphinx` and Whisper with several prompts, beams and windows), and
the follow-up script's detectors run on what was heard. Per point: precision, recall, F1 and
false-positive rate for each setup, and on the true text (the checker's own ceiling). Per
setup: word error rate (both sides in `common.spoken_form`, so digits and words count as the
same), the wait after the end of a turn (the time `end_turn()` takes) p50/p95 and the
real-time factor. The setups run one after the other in this process, each with the machine
to itself, and the Whisper ones share one loaded model. No caller sentence is verbatim in the
script's phrases or examples: the bench refuses to run if one is.

Also "time to first line": a fresh process that loads the script, builds (empty cache) or
loads (warm cache) the call's PocketSphinx recognizer for the profile and synthesizes the
script's first line; measured from spawning the process to the first line's WAV being written.

`tests/eval/audio_holdout.yaml` and `tests/eval/audio_holdout2.yaml` hold more calls in the
same shape that nobody tunes on: `scripts/bench audio` scores them after the tuning calls
above, without the first-line runs.

    .venv/bin/python -m bench.calls [OUT_DIR] [--calls FILE] [--setups a,b,...]
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import (
    SAMPLE_PROFILE,
    BenchVoice,
    decode_streaming,
    make_setup,
    percentile,
    spoken_word_errors,
    synthesize_pcm,
)
from rehearse.checks.base import Facts
from rehearse.profile.model import Profile
from rehearse.speech.recognition.registry import SAMPLE_RATE, RecognizerSettings, make_recognizer
from rehearse.turns import VoiceHint

SCRIPT = "follow-up"
TODAY = dt.date(2026, 11, 26)  # nine days after the bench profile's interview (Tuesday, Nov 17)
# The setups compared on calls (`common.SETUPS`); sphinx-general is left to the sentence bench:
# it doubled the run's time and heard next to none of the points on the first held-out set.
CALL_SETUPS = ("sphinx", "whisper-plain", "whisper", "whisper-facts", "whisper-beam1", "whisper-full")
TEXT = "true-text"

POINTS = (
    "name",
    "interview_date",
    "interview_time",
    "status_question",
    "continued_interest",
    "position",
    "thanks",
    "ask_for_interviewer",
)
ALL = frozenset(POINTS)

HOLDOUT_CALLS = Path(__file__).resolve().parents[1] / "tests" / "eval" / "audio_holdout.yaml"
HOLDOUT2_CALLS = HOLDOUT_CALLS.with_name("audio_holdout2.yaml")

TARGET_F1 = 0.93
TARGET_FP_RATE = 0.05
TARGET_FIRST_LINE_S = 1.5
FIRST_LINE_RUNS = 3  # fresh processes per case; the median is reported

VOICES = {
    v.label: v
    for v in (
        BenchVoice("en-us", VoiceHint()),
        BenchVoice("female", VoiceHint(gender="female")),
        BenchVoice("male-slow", VoiceHint(gender="male", rate=140)),
        BenchVoice("male-fast", VoiceHint(gender="male", rate=190)),
        BenchVoice("en-us-phone", VoiceHint(), telephone=True),
        BenchVoice("female-phone", VoiceHint(gender="female", rate=175), telephone=True),
        BenchVoice("male-slow-phone", VoiceHint(gender="male", rate=145), telephone=True),
        # Debian's flite voices, so that nothing is tuned to espeak-ng alone.
        BenchVoice("flite-slt", VoiceHint(gender="female"), flite="slt"),
        BenchVoice("flite-rms", VoiceHint(gender="male"), flite="rms"),
        BenchVoice("flite-awb", VoiceHint(gender="male"), flite="awb"),
        BenchVoice("flite-kal", VoiceHint(gender="male"), flite="kal"),
        BenchVoice("flite-slt-phone", VoiceHint(gender="female"), telephone=True, flite="slt"),
        BenchVoice("flite-rms-phone", VoiceHint(gender="male"), telephone=True, flite="rms"),
    )
}


@dataclass(frozen=True)
class BenchCall:
    """One caller's side of a call and the content points a careful listener would credit."""

    id: str
    voice: str
    turns: tuple[str, ...]
    covered: frozenset[str]


def _call(ident: str, voice: str, turns: Sequence[str], covered: Sequence[str] | frozenset[str]) -> BenchCall:
    unknown = set(covered) - ALL
    if unknown:
        raise ValueError(f"{ident}: unknown point {sorted(unknown)[0]!r}")
    return BenchCall(ident, voice, tuple(turns), frozenset(covered))


BENCH_CALLS: tuple[BenchCall, ...] = (
    _call(
        "complete-1",
        "en-us",
        [
            "Hello, could I please speak with Maria Lopez?",
            "My name is Jordan Lee, I interviewed for the data analyst job on November seventeenth.",
            "It was at two in the afternoon.",
            "I wanted to see if there is any news about the position.",
            "I'm still really keen on the role. Thanks a lot for your time.",
        ],
        ALL,
    ),
    _call(
        "complete-2",
        "female",
        [
            "Hi there, is Maria available today?",
            "This is Jordan Lee calling back about the data analyst opening.",
            "We met on Tuesday the seventeenth at two pm.",
            "Has the team made a decision yet?",
            "I'm very excited about the opportunity, thank you so much.",
        ],
        ALL,
    ),
    _call(
        "complete-3",
        "male-slow-phone",
        [
            "Good morning, I'm trying to get hold of Maria Lopez.",
            "My name's Jordan Lee.",
            "I had the data analyst interview with her on Tuesday, November seventeenth, at 2 pm.",
            "I'm calling to ask if the role has been filled yet.",
            "I remain very keen to join your team. Many thanks for your time.",
        ],
        ALL,
    ),
    _call(
        "no-interest",
        "male-slow",
        [
            "Hello, can I speak to Maria Lopez please?",
            "It's Jordan Lee here.",
            "I had my interview for the data analyst position on November seventeenth at two.",
            "I'm wondering whether the job is still open.",
            "Okay, thank you, goodbye.",
        ],
        ALL - {"continued_interest"},
    ),
    _call(
        "no-date-no-time",
        "female-phone",
        [
            "Hi, Jordan Lee speaking.",
            "I was hoping to reach Maria Lopez this morning.",
            "I came in recently for an interview.",
            "Could you tell me where things stand with the hiring?",
            "I really want this job. I appreciate your help.",
        ],
        ["name", "ask_for_interviewer", "status_question", "continued_interest", "thanks"],
    ),
    _call(
        "wrong-date",
        "en-us-phone",
        [
            "Good afternoon, this is Jordan Lee.",
            "Could I talk to Maria, please?",
            "I interviewed on November twentieth at two pm for the data analyst role.",
            "Is there any update on my application?",
            "Thanks so much and have a nice day.",
        ],
        ALL - {"interview_date", "continued_interest"},
    ),
    _call(
        "no-longer-interested",
        "male-fast",
        [
            "Hi, it's Jordan Lee, may I speak with Maria Lopez?",
            "I interviewed for the data analyst position on the seventeenth.",
            "I'm actually calling to say I'm no longer interested, since I accepted another offer.",
            "Thank you for considering me.",
        ],
        ["name", "ask_for_interviewer", "interview_date", "position", "thanks"],
    ),
    _call(
        "car-trouble",
        "female",
        [
            "Hello, sorry, my car broke down this morning so I'm a bit late calling.",
            "Anyway, this is Jordan Lee.",
            "Would Maria Lopez be available? I wanted to follow up.",
            "The traffic was terrible on the highway.",
            "Okay, talk soon.",
        ],
        ["name", "ask_for_interviewer", "status_question"],
    ),
    _call(
        "wrong-number",
        "en-us",
        [
            "Hi, Jordan Lee here.",
            "I'm calling about the delivery that was supposed to come tomorrow.",
            "Can you tell me when the store opens?",
            "Alright, bye.",
        ],
        ["name"],
    ),
    _call(
        "no-status-no-thanks",
        "female-phone",
        [
            "Hello, is Maria Lopez in the office?",
            "I'm Jordan Lee, the candidate for the data analyst job.",
            "We spoke on the seventeenth of November at 2 o'clock.",
            "I'd love to work with your team.",
            "Okay, goodbye.",
        ],
        ALL - {"status_question", "thanks"},
    ),
    _call(
        "not-sure-anymore",
        "en-us-phone",
        [
            "Hi, Jordan Lee calling for Maria Lopez.",
            "I interviewed last week for the data analyst position.",
            "Has a decision been made on the position yet?",
            "To be honest, I'm not sure I still want the job.",
            "Thanks for your help.",
        ],
        ["name", "ask_for_interviewer", "position", "status_question", "thanks"],
    ),
    _call(
        "no-name-no-ask",
        "male-slow",
        [
            "Hello there, good morning to you.",
            "I'm following up on my interview from November seventeenth.",
            "It was around two in the afternoon, for the data analyst post.",
            "I'm still interested and hope to hear back soon.",
            "Thanks a lot.",
        ],
        ALL - {"name", "ask_for_interviewer"},
    ),
    _call(
        "impatient",
        "female-phone",
        [
            "This is Jordan Lee, put me through to Maria Lopez.",
            "I need an answer about whether the data analyst position is still open.",
            "I have been waiting for two weeks.",
            "Bye.",
        ],
        ["name", "ask_for_interviewer", "status_question", "position"],
    ),
    _call(
        "wrong-time",
        "male-fast",
        [
            "Hi, can I speak with the hiring manager, Maria Lopez?",
            "This is Jordan Lee, I interviewed on November seventeenth at ten in the morning.",
            "I'm just checking whether you've reached a decision.",
            "I'm still very much hoping to join the company. Thank you kindly for that.",
        ],
        ALL - {"interview_time", "position"},
    ),
    _call(
        "anonymous",
        "female",
        [
            "Hello, could you put me through to Maria Lopez?",
            "I'm calling about the data analyst vacancy.",
            "Is that position still available?",
            "I'm very interested in it, thank you.",
        ],
        ["ask_for_interviewer", "position", "status_question", "continued_interest", "thanks"],
    ),
    _call(
        "short-and-done",
        "male-slow-phone",
        [
            "Jordan Lee here, I was hoping to speak with Maria Lopez.",
            "My interview was on November seventeenth.",
            "Do you know what the next steps are?",
            "Okay, I will wait to hear from you.",
        ],
        ["name", "ask_for_interviewer", "interview_date", "status_question"],
    ),
)


def load_calls(path: Path) -> tuple[BenchCall, ...]:
    """Bench calls from a YAML file: `calls:` a list of {id, voice, turns, covered}."""
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    calls = []
    for entry in data["calls"]:
        if entry["voice"] not in VOICES:
            raise ValueError(f"{path}: {entry['id']}: unknown voice {entry['voice']!r}")
        calls.append(_call(entry["id"], entry["voice"], entry["turns"], entry["covered"]))
    return tuple(calls)


# --- the script's own wording --------------------------------------------------------------


def _words(text: str) -> str:
    from rehearse.speech.recognition.spoken_forms import words_of

    return words_of(text)


def script_wording(script: Any, profile: Profile) -> tuple[list[str], list[str]]:
    """(rendered phrases of every point, rendered examples of every point)."""
    from rehearse.script.model import all_phrases
    from rehearse.templates import render

    values = profile.template_values()
    phrases = [render(p, values) for p in all_phrases(script)]
    examples = [render(p.example, values) for p in script.points]
    return phrases, examples


def verbatim_sentences(
    calls: Sequence[BenchCall], phrases: Sequence[str], examples: Sequence[str]
) -> list[str]:
    """Caller sentences (or whole turns) that appear word for word in the script's wording."""
    known = {_words(p) for p in phrases}
    for example in examples:
        known.add(_words(example))
        known.update(_words(s) for s in re.split(r"[.?!]", example))
    found = []
    for call in calls:
        for turn in call.turns:
            for sentence in [turn, *re.split(r"[.?!]", turn)]:
                if _words(sentence) and _words(sentence) in known:
                    found.append(sentence.strip())
    return found


# --- scoring -----------------------------------------------------------------------------


def point_scores(results: Sequence[tuple[BenchCall, Mapping[str, bool]]]) -> dict[str, dict[str, float]]:
    """Per point: precision, recall, F1, false-positive rate and the raw counts."""
    scores: dict[str, dict[str, float]] = {}
    for point in POINTS:
        c = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
        for call, found in results:
            want, got = point in call.covered, found[point]
            c[{(True, True): "tp", (False, True): "fp", (True, False): "fn"}.get((want, got), "tn")] += 1
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        fp_rate = c["fp"] / (c["fp"] + c["tn"]) if c["fp"] + c["tn"] else 0.0
        scores[point] = {"precision": precision, "recall": recall, "f1": f1, "fp_rate": fp_rate}
        scores[point].update({k: float(v) for k, v in c.items()})
    return scores


def targets_met(scores: Mapping[str, Mapping[str, float]]) -> bool:
    return all(s["f1"] >= TARGET_F1 and s["fp_rate"] <= TARGET_FP_RATE for s in scores.values())


# --- time to first line --------------------------------------------------------------------


def first_line_child(cache_dir: Path, wav: Path) -> dict[str, float]:
    """In a fresh process: load the script, make the call's recognizer, speak the first line."""
    started = time.perf_counter()
    from rehearse.script.loader import load_bundled
    from rehearse.speech.synthesis.espeak import synthesize_to_wav
    from rehearse.templates import render

    script = load_bundled(SCRIPT)
    phrases, examples = script_wording(script, SAMPLE_PROFILE)
    loaded = time.perf_counter()
    settings = RecognizerSettings(tuple(phrases + examples), SAMPLE_PROFILE, cache_dir=cache_dir)
    make_recognizer("sphinx", settings)
    recognizer_ready = time.perf_counter()
    step = script.steps[script.start]
    line = render(step.say[0], SAMPLE_PROFILE.template_values())
    synthesize_to_wav(line, wav, script.roles[step.role].voice)
    done = time.perf_counter()
    return {
        "script_s": loaded - started,
        "recognizer_s": recognizer_ready - loaded,
        "tts_s": done - recognizer_ready,
        "in_process_s": done - started,
    }


def time_first_line(cache_dir: Path, wav: Path) -> dict[str, float]:
    """Spawn a process that readies the first line; seconds from spawn to the WAV being written."""
    command = [sys.executable, "-m", "bench.calls", "--first-line", str(cache_dir), str(wav)]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"first-line process failed: {result.stderr.strip()[-400:]}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["process_s"] = wall
    return {k: round(v, 3) for k, v in figures.items()}


def first_line_runs(folder: Path, runs: int = FIRST_LINE_RUNS) -> tuple[dict[str, float], dict[str, float]]:
    """(cold, warm): the median run of each, by seconds from process start; `worst_s` added."""
    cold, warm = [], []
    for run in range(runs):
        cache = folder / f"first-line-cache-{run}"  # empty: a new profile's first call
        cold.append(time_first_line(cache, folder / f"first-line-cold-{run}.wav"))
        warm.append(time_first_line(cache, folder / f"first-line-warm-{run}.wav"))

    def median(figures: list[dict[str, float]]) -> dict[str, float]:
        ordered = sorted(figures, key=lambda f: f["process_s"])
        return {**ordered[len(ordered) // 2], "worst_s": ordered[-1]["process_s"], "runs": len(ordered)}

    return median(cold), median(warm)


# --- the bench -----------------------------------------------------------------------------


@dataclass
class Decoded:
    """What one setup heard on every call, and how long it took."""

    heard: list[list[str]]
    compute_s: float  # feeding and ending every turn
    waits: list[float]  # per turn: seconds end_turn() took, the wait after the caller stops


def decode_calls(
    setup: str, settings: RecognizerSettings, calls: Sequence[BenchCall], audio: Mapping[str, Sequence[bytes]]
) -> Decoded:
    """What bench setup `setup` heard in every turn of every call; a fresh recognizer per call,
    as in practice."""
    decoded = Decoded([], 0.0, [])
    for call in calls:
        recognizer = make_setup(setup, settings)
        heard = []
        for pcm in audio[call.id]:
            said, compute, wait = decode_streaming(recognizer, pcm)
            decoded.compute_s += compute
            decoded.waits.append(wait)
            heard.append(said)
        decoded.heard.append(heard)
    return decoded


def voice_family(label: str) -> str:
    return "flite" if VOICES[label].flite else "espeak-ng"


def run_call_bench(
    out: Path | None = None,
    calls: Sequence[BenchCall] = BENCH_CALLS,
    setups: Sequence[str] = CALL_SETUPS,
    first_line: bool = True,
    progress: Any = None,
) -> dict[str, Any]:
    """Run the bench; write `calls.json` and the WAVs under `out` if given.

    `first_line`: also time the first line in fresh processes. `progress`: called with a
    line of text as each setup starts."""
    from rehearse.script.loader import load_bundled

    folder = Path(out) if out else Path(tempfile.mkdtemp(prefix="rehearse-calls-"))
    folder.mkdir(parents=True, exist_ok=True)
    script = load_bundled(SCRIPT)
    phrases, examples = script_wording(script, SAMPLE_PROFILE)
    verbatim = verbatim_sentences(calls, phrases, examples)
    if verbatim:
        raise ValueError(f"bench sentences verbatim in the script's wording: {verbatim}")
    detectors = {p.id: p.detector for p in script.points if p.id in POINTS}
    missing = set(POINTS) - set(detectors)
    if missing:
        raise ValueError(f"the {SCRIPT} script has no point {sorted(missing)[0]!r}")
    facts = Facts(SAMPLE_PROFILE, TODAY)

    def judge(turns: Sequence[str]) -> dict[str, bool]:
        return {p: d.find(list(turns), facts).covered for p, d in detectors.items()}

    audio = {
        call.id: [
            synthesize_pcm(turn, folder / call.id, VOICES[call.voice], i) for i, turn in enumerate(call.turns)
        ]
        for call in calls
    }
    seconds = sum(len(p) for pcms in audio.values() for p in pcms) / 2 / SAMPLE_RATE
    judged: dict[str, list[tuple[BenchCall, dict[str, bool]]]] = {TEXT: [(c, judge(c.turns)) for c in calls]}
    details: dict[str, list[dict[str, Any]]] = {}
    wer: dict[str, float] = {}
    wer_by_family: dict[str, dict[str, float]] = {}
    timing: dict[str, dict[str, float]] = {}
    settings = RecognizerSettings(tuple(phrases + examples), SAMPLE_PROFILE, cache_dir=folder / "lm-cache")
    for setup in setups:
        if progress:
            progress(f"  {setup} on {len(calls)} calls...")
        decoded = decode_calls(setup, settings, calls, audio)
        judged[setup], details[setup] = [], []
        errors: dict[str, int] = {}
        words: dict[str, int] = {}
        for call, heard in zip(calls, decoded.heard, strict=True):
            family = voice_family(call.voice)
            for text, said in zip(call.turns, heard, strict=True):
                e, n = spoken_word_errors(text, said)
                errors[family] = errors.get(family, 0) + e
                words[family] = words.get(family, 0) + n
            found = judge(heard)
            judged[setup].append((call, found))
            wrong = sorted(p for p in POINTS if found[p] != (p in call.covered))
            details[setup].append({"call": call.id, "voice": call.voice, "heard": heard, "wrong": wrong})
        wer[setup] = round(sum(errors.values()) / sum(words.values()), 3)
        wer_by_family[setup] = {f: round(errors[f] / words[f], 3) for f in sorted(words)}
        timing[setup] = {
            "latency_p50_s": round(percentile(decoded.waits, 0.5), 3),
            "latency_p95_s": round(percentile(decoded.waits, 0.95), 3),
            "latency_max_s": round(max(decoded.waits), 3),
            "real_time_factor": round(decoded.compute_s / seconds, 3),
            "decode_seconds": round(decoded.compute_s, 2),
            "waits_s": [round(w, 4) for w in decoded.waits],
        }
    scores = {source: point_scores(results) for source, results in judged.items()}
    cold, warm = first_line_runs(folder) if first_line else (None, None)
    report: dict[str, Any] = {
        "calls": len(calls),
        "turns": sum(len(c.turns) for c in calls),
        "audio_seconds": round(seconds, 1),
        "voices": sorted({c.voice for c in calls}),
        "today": TODAY.isoformat(),
        "setups": list(setups),
        "scores": scores,
        "targets_met": {source: targets_met(s) for source, s in scores.items()},
        "wer": wer,
        "wer_by_voice_family": wer_by_family,
        "timing": timing,
        "first_line": {"cold": cold, "warm": warm} if cold and warm else None,
        "first_line_target_met": bool(cold and warm)
        and max(cold["worst_s"], warm["worst_s"]) <= TARGET_FIRST_LINE_S,
        "text_misses": [
            {"call": c.id, "wrong": sorted(p for p in POINTS if f[p] != (p in c.covered))}
            for c, f in judged[TEXT]
            if any(f[p] != (p in c.covered) for p in POINTS)
        ],
        "transcripts": details,
    }
    (folder / "calls.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    report["out"] = str(folder)
    return report


def _cell(text: str, width: int) -> str:
    return text.rjust(width)


def format_call_report(result: Mapping[str, Any], title: str = "synthetic calls") -> str:
    """One table: a row per point (F1 / false-positive rate), a column per source, then word
    error rate, latency and real-time factor per setup."""
    sources = list(result["scores"])
    setups = [s for s in sources if s != TEXT]
    width = max(12, *(len(s) + 1 for s in sources))
    lines = [
        f"Point detection on {result['calls']} {title} ({result['turns']} turns, "
        f"{result['audio_seconds']} s of speech); F1 / false-positive rate per source "
        f"(! misses a target: F1 >= {TARGET_F1}, false positives <= {TARGET_FP_RATE:.0%})",
        f"{'point':<20} {'pos/neg':>7} " + "".join(_cell(s, width) for s in sources),
    ]
    first = result["scores"][sources[0]]
    for point in POINTS:
        c = first[point]
        row = f"{point:<20} {int(c['tp'] + c['fn']):>3}/{int(c['fp'] + c['tn']):<3} "
        cells = []
        for source in sources:
            s = result["scores"][source][point]
            flag = " " if s["f1"] >= TARGET_F1 and s["fp_rate"] <= TARGET_FP_RATE else "!"
            cells.append(_cell(f"{s['f1']:.2f}/{s['fp_rate']:>4.0%}{flag}", width))
        lines.append(row + "".join(cells))

    def figures(label: str, values: Sequence[str]) -> str:
        return f"{label:<28} " + _cell("-", width) + "".join(_cell(v, width) for v in values)

    lines.append(figures("targets met", ["yes" if result["targets_met"][s] else "no" for s in setups]))
    lines.append(figures("word error rate", [f"{result['wer'][s]:.3f}" for s in setups]))
    families = sorted({f for s in setups for f in result["wer_by_voice_family"][s]})
    if len(families) > 1:
        for family in families:
            lines.append(
                figures(
                    f"  WER, {family} voices",
                    [f"{result['wer_by_voice_family'][s][family]:.3f}" for s in setups],
                )
            )
    timing = result["timing"]
    lines.append(
        figures("wait after turn p50 (ms)", [f"{timing[s]['latency_p50_s'] * 1000:.0f}" for s in setups])
    )
    lines.append(
        figures("wait after turn p95 (ms)", [f"{timing[s]['latency_p95_s'] * 1000:.0f}" for s in setups])
    )
    lines.append(figures("real-time factor", [f"{timing[s]['real_time_factor']:.3f}" for s in setups]))
    for kind in ("cold", "warm") if result["first_line"] else ():
        f = result["first_line"][kind]
        lines.append(
            f"time to first line, sphinx ({kind} model cache): median {f['process_s']:.2f} s, worst "
            f"{f['worst_s']:.2f} s of {int(f['runs'])} from process start "
            f"(in process {f['in_process_s']:.2f} s: script {f['script_s']:.2f}, "
            f"recognizer {f['recognizer_s']:.2f}, speech {f['tts_s']:.2f})"
        )
    if result["first_line"]:
        verdict = "met" if result["first_line_target_met"] else "NOT met"
        lines.append(f"first line target <= {TARGET_FIRST_LINE_S} s (every run): {verdict}")
    if result["text_misses"]:
        lines.append(
            "checker misses on the true text: "
            + "; ".join(f"{m['call']}: {', '.join(m['wrong'])}" for m in result["text_misses"])
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--first-line"]:
        print(json.dumps(first_line_child(Path(args[1]), Path(args[2]))))
        return 0
    calls = BENCH_CALLS
    if "--calls" in args:
        at = args.index("--calls")
        calls = load_calls(Path(args[at + 1]))
        del args[at : at + 2]
    setups: Sequence[str] = CALL_SETUPS
    if "--setups" in args:
        at = args.index("--setups")
        setups = tuple(args[at + 1].split(","))
        del args[at : at + 2]
    result = run_call_bench(Path(args[0]) if args else None, calls, setups, first_line=calls is BENCH_CALLS)
    print(format_call_report(result))
    print(f"-> {result['out']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
