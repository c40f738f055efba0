"""How well the delivery figures come out of speech: `scripts/bench delivery`.

Synthetic calls with known delivery: caller turns spoken by espeak-ng at set rates (110, 150
and 190 words a minute) and by flite (its own pace, and stretched 1.4 times slower), some with
a silence of known length put in the middle of the turn, some with fillers put in ("um",
"uh", "you know", "like"), each after a known silence (the reply delay). Every recognizer
that can run here (Whisper as the app runs it, PocketSphinx's call model, Vosk when it and a
model, `REHEARSE_VOSK_MODEL`, are there) hears every turn, and `rehearse.coaching.delivery` measures
the call as the feedback does. Against the truth:

- pace: words a minute over each call (one per voice), the truth being the words over the
  audio's own speech time (first to last sound of each turn, less the silences put in),
  measured on the clean audio;
- pauses: each silence put in, found (a pause of `long_pause` or more in that turn) or not,
  and the error of its length;
- reply delay: the app's figure (first sound of speech, whatever the recognizer) and, for
  comparison, the recognizer's first word start;
- fillers: of those put in, how many the recognizer wrote down (recall), by kind, and the
  fillers it "heard" in turns that had none.

    .venv/bin/python -m bench.delivery [OUT_DIR]
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import SAMPLE_PHRASES, SAMPLE_PROFILE, BenchVoice, make_setup, synthesize_pcm
from rehearse.coaching.delivery import DEFAULT_RULES, measure_delivery
from rehearse.coaching.fillers import FILLER_WORDS, find_hesitations, find_phrases, tokens
from rehearse.errors import RehearseError
from rehearse.speech.audio.clips import load_clip
from rehearse.speech.audio.endpoint import speech_onset, speech_spans
from rehearse.speech.recognition.registry import SAMPLE_RATE, RecognizerSettings, make_recognizer
from rehearse.turns import HEARD, Utterance, VoiceHint, Word

# Caller turns of a follow-up call, 9 to 17 words each.
SENTENCES = (
    "hello my name is jordan lee and i interviewed for the data analyst position last week",
    "i am calling to ask whether a decision has been made about the role",
    "i met with maria lopez on tuesday the seventeenth at two in the afternoon",
    "i wanted to say that i am still very interested in working with your team",
    "could you tell me when i might expect to hear back from you",
    "thank you so much for your time and i hope you have a good day",
)
# (where to cut the sentence: after this many words, silence in seconds)
PAUSES = ((6, 1.2), (5, 1.6), (7, 2.2), (6, 3.0))
# Sentences with fillers put in; the fillers are listed in the order said.
FILLED = (
    ("um hello my name is jordan lee and uh i interviewed for the analyst job", ("um", "uh")),
    ("i am calling to ask you know whether a decision has been made", ("you know",)),
    ("it was like um a really good interview and i am still interested", ("like", "um")),
    ("uh could you tell me when i might like hear back from you", ("uh", "like")),
)
REPLY_DELAYS = (0.3, 0.8, 1.5, 2.5)
LEAD_OUT = 0.5  # quiet after each turn, as the endpointer keeps


@dataclass(frozen=True)
class DeliveryVoice:
    label: str
    espeak_rate: int | None = None  # espeak-ng -s WPM
    flite_stretch: float | None = None  # flite's duration_stretch (1 = its own pace)
    telephone: bool = False  # heard through a 300-3400 Hz band with noise at -40 dBFS


VOICES = (
    DeliveryVoice("espeak-110", espeak_rate=110),
    DeliveryVoice("espeak-150", espeak_rate=150),
    DeliveryVoice("espeak-190", espeak_rate=190),
    DeliveryVoice("flite-slt", flite_stretch=1.0),
    DeliveryVoice("flite-slt-slow", flite_stretch=1.4),
    DeliveryVoice("espeak-150-phone", espeak_rate=150, telephone=True),
)


@dataclass(frozen=True)
class Turn:
    """One synthetic turn and its truth."""

    kind: str  # "plain", "pause", "fillers"
    text: str
    pcm: bytes
    words: int  # words said, fillers not counted
    speech_seconds: float  # first to last sound, less the silence put in
    reply_delay: float  # seconds of quiet before the first sound
    pause: float | None = None  # the silence in the middle, first sound to first sound
    fillers: tuple[str, ...] = ()


# --- audio ---------------------------------------------------------------------------


TRIM_LEVEL = 64  # |sample| (about -54 dBFS): the truth's own edge of the speech, sample by sample


def _bounds(pcm: bytes) -> tuple[float, float]:
    """(first, last) sample of clean synthetic speech above TRIM_LEVEL, in seconds: a way of
    finding the speech apart from the app's (frame energy against the turn's loudest)."""
    loud = np.flatnonzero(np.abs(np.frombuffer(pcm, dtype="<i2").astype(np.int32)) > TRIM_LEVEL)
    if loud.size == 0:
        return 0.0, 0.0
    return float(loud[0]) / SAMPLE_RATE, float(loud[-1] + 1) / SAMPLE_RATE


def _silence(seconds: float) -> bytes:
    return bytes(int(SAMPLE_RATE * seconds) * 2)


def _flite(text: str, path: Path, stretch: float) -> bytes:
    flite = shutil.which("flite")
    if flite is None:
        raise RehearseError("flite is not installed: sudo apt-get install flite")
    if not path.exists():
        command = [
            flite,
            "-voice",
            "slt",
            "--setf",
            f"duration_stretch={stretch}",
            "-t",
            text,
            "-o",
            str(path),
        ]
        subprocess.run(command, capture_output=True, check=True, timeout=120)
    return load_clip(path).pcm


def _speak(text: str, folder: Path, voice: DeliveryVoice, key: str) -> bytes:
    if voice.flite_stretch is not None:
        return _flite(text, folder / f"{voice.label}-{key}.wav", voice.flite_stretch)
    bench_voice = BenchVoice(f"{voice.label}-{key}", VoiceHint(gender="female", rate=voice.espeak_rate))
    return synthesize_pcm(text, folder, bench_voice, 0)


def _trim(pcm: bytes) -> bytes:
    """The speech alone, cut at its first and last sound."""
    first, last = _bounds(pcm)
    return pcm[int(first * SAMPLE_RATE) * 2 : int(last * SAMPLE_RATE) * 2]


def build_turns(folder: Path, voice: DeliveryVoice) -> list[Turn]:
    turns: list[Turn] = []

    def delay() -> float:
        return REPLY_DELAYS[len(turns) % len(REPLY_DELAYS)]

    for i, text in enumerate(SENTENCES):
        speech = _trim(_speak(text, folder, voice, f"plain{i}"))
        wait = delay()
        turns.append(
            Turn(
                "plain",
                text,
                _silence(wait) + speech + _silence(LEAD_OUT),
                len(text.split()),
                _sec(speech),
                wait,
            )
        )
    for i, (cut, silence) in enumerate(PAUSES):
        words = SENTENCES[i].split()
        first = _trim(_speak(" ".join(words[:cut]), folder, voice, f"pause{i}a"))
        second = _trim(_speak(" ".join(words[cut:]), folder, voice, f"pause{i}b"))
        wait = delay()
        pcm = _silence(wait) + first + _silence(silence) + second + _silence(LEAD_OUT)
        turns.append(
            Turn("pause", SENTENCES[i], pcm, len(words), _sec(first) + _sec(second), wait, pause=silence)
        )
    for i, (text, fillers) in enumerate(FILLED):
        speech = _trim(_speak(text, folder, voice, f"fillers{i}"))
        wait = delay()
        said = len(text.split()) - sum(len(f.split()) for f in fillers)
        pcm = _silence(wait) + speech + _silence(LEAD_OUT)
        turns.append(Turn("fillers", text, pcm, said, _sec(speech), wait, fillers=fillers))
    if voice.telephone:
        turns = [replace(t, pcm=_telephone(t.pcm, folder, f"{voice.label}-{i}")) for i, t in enumerate(turns)]
    return turns


def _telephone(pcm: bytes, folder: Path, name: str) -> bytes:
    from bench.common import wav_to_pcm
    from rehearse.speech.audio.clips import write_wav

    return wav_to_pcm(write_wav(folder / f"{name}.clean.wav", pcm), telephone=True)


def _sec(pcm: bytes) -> float:
    return len(pcm) / 2 / SAMPLE_RATE


# --- recognizers ---------------------------------------------------------------------


def available_recognizers() -> dict[str, Callable[[], Any] | str]:
    """label -> a factory, or the reason it cannot run here."""
    settings = RecognizerSettings(SAMPLE_PHRASES, SAMPLE_PROFILE, cache_dir=Path(tempfile.mkdtemp()) / "lm")
    out: dict[str, Callable[[], Any] | str] = {
        "whisper": lambda: make_setup("whisper", settings),
        "sphinx": lambda: make_setup("sphinx", settings),
    }
    model = os.environ.get("REHEARSE_VOSK_MODEL")
    if importlib.util.find_spec("vosk") is None:
        out["vosk"] = "not installed (pip install 'rehearse[vosk]')"
    elif not model:
        out["vosk"] = "no model (set REHEARSE_VOSK_MODEL to a Vosk model folder)"
    else:
        out["vosk"] = lambda: make_recognizer("vosk", replace(settings, model_path=Path(model)))
    out["sphinx-general"] = "not run: no word timings; its pace and pauses come from the sound, as above"
    return out


def _fillers_in(text: str) -> list[str]:
    toks = tokens(text)
    used: set[int] = set()
    return [h.label for h in find_hesitations(toks, used) + find_phrases(toks, FILLER_WORDS, used)]


def _pauses_by_turn(report: Any, turns: int) -> list[float | None]:
    """The longest pause the report found in each of its turns (None: none)."""
    longest: list[float | None] = [None] * turns
    for pause in report.pauses:
        current = longest[pause.turn - 1]
        longest[pause.turn - 1] = pause.seconds if current is None else max(current, pause.seconds)
    return longest


def _longest_gap(words: Sequence[Word]) -> float | None:
    gaps = [b.start - a.end for a, b in pairwise(words)]
    return max(gaps) if gaps else None


# --- the bench -----------------------------------------------------------------------


def run_delivery_bench(
    out: Path | None = None, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    folder = Path(out) if out else Path(tempfile.mkdtemp(prefix="rehearse-bench-delivery-"))
    folder.mkdir(parents=True, exist_ok=True)
    calls = {voice.label: build_turns(folder, voice) for voice in VOICES}
    report: dict[str, Any] = {
        "voices": [v.label for v in VOICES],
        "turns": sum(len(t) for t in calls.values()),
        "long_pause_s": DEFAULT_RULES.long_pause,
        "recognizers": {},
        "skipped": {},
    }
    for name, factory in available_recognizers().items():
        if isinstance(factory, str):
            report["skipped"][name] = factory
            continue
        if progress:
            progress(f"delivery: {name}")
        report["recognizers"][name] = _bench_recognizer(factory, calls)
    (folder / "delivery.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    report["out"] = str(folder)
    return report


def _bench_recognizer(factory: Callable[[], Any], calls: dict[str, list[Turn]]) -> dict[str, Any]:
    recognizer = factory()
    per_voice: dict[str, Any] = {}
    pause_errors: list[float] = []
    pauses_found = pauses_total = pauses_invented = 0
    word_pauses_found = word_pauses_total = 0
    delay_errors: list[float] = []
    first_word_errors: list[float] = []
    filler_said: dict[str, int] = {}
    filler_heard: dict[str, int] = {}
    invented = 0
    for label, turns in calls.items():
        heard = []
        for turn in turns:
            result = recognizer.transcribe(turn.pcm)
            heard.append((turn, result))
            delay_errors.append(abs((speech_onset(turn.pcm) or 0.0) - turn.reply_delay))
            if result.words:
                first_word_errors.append(result.words[0].start - turn.reply_delay)
            if turn.pause is not None:
                gap = _longest_gap(result.words)
                word_pauses_total += 1
                if gap is not None and gap >= DEFAULT_RULES.long_pause:
                    word_pauses_found += 1
            found = _fillers_in(result.text)
            if turn.kind == "fillers":
                for filler in turn.fillers:
                    filler_said[filler] = filler_said.get(filler, 0) + 1
                    if filler in found:
                        found.remove(filler)
                        filler_heard[filler] = filler_heard.get(filler, 0) + 1
            else:
                invented += len(found)
        timed = [(t, r) for t, r in heard if t.kind != "fillers"]
        truth = 60 * sum(t.words for t, _ in timed) / sum(t.speech_seconds for t, _ in timed)
        measured = measure_delivery(
            [Utterance(r.text, HEARD, tuple(r.words), speech=speech_spans(t.pcm)) for t, r in timed],
            recognizer="bench",
        )
        by_words = measure_delivery(
            [Utterance(r.text, HEARD, tuple(r.words)) for _, r in timed], recognizer="bench"
        ).wpm
        wpm = measured.wpm
        per_voice[label] = {
            "true_wpm": round(truth, 1),
            "measured_wpm": None if wpm is None else round(wpm, 1),
            "error_wpm": None if wpm is None else round(wpm - truth, 1),
            "from_word_timings_wpm": None if by_words is None else round(by_words, 1),
        }
        for turn, pause in zip([t for t, _ in timed], _pauses_by_turn(measured, len(timed)), strict=True):
            if turn.pause is not None:
                pauses_total += 1
                if pause is not None:
                    pauses_found += 1
                    pause_errors.append(abs(pause - turn.pause))
            elif pause is not None:
                pauses_invented += 1
    errors = [abs(v["error_wpm"]) for v in per_voice.values() if v["error_wpm"] is not None]
    said = sum(filler_said.values())
    return {
        "pace": per_voice,
        "pace_mean_abs_error_wpm": round(statistics.mean(errors), 1) if errors else None,
        "pauses_found": f"{pauses_found}/{pauses_total}",
        "pauses_invented": pauses_invented,
        "pauses_found_from_word_timings": f"{word_pauses_found}/{word_pauses_total}",
        "pause_mean_abs_error_s": round(statistics.mean(pause_errors), 2) if pause_errors else None,
        "reply_delay_mean_abs_error_s": round(statistics.mean(delay_errors), 3),
        "first_word_start_mean_error_s": round(statistics.mean(first_word_errors), 3)
        if first_word_errors
        else None,
        "fillers_recall": {k: f"{filler_heard.get(k, 0)}/{n}" for k, n in sorted(filler_said.items())},
        "fillers_recall_all": round(sum(filler_heard.values()) / said, 2) if said else None,
        "fillers_invented": invented,
    }


def format_delivery_report(report: dict[str, Any]) -> str:
    lines = [
        f"Delivery bench: {report['turns']} synthetic turns in {len(report['voices'])} voices "
        f"({', '.join(report['voices'])})",
    ]
    for name, r in report["recognizers"].items():
        pace = ", ".join(
            f"{voice} {v['true_wpm']:.0f}->{v['measured_wpm'] if v['measured_wpm'] is not None else '-'}"
            for voice, v in r["pace"].items()
        )
        lines += [
            f"{name}:",
            f"  pace (true -> measured wpm): {pace}; mean abs error {r['pace_mean_abs_error_wpm']} wpm",
            "  pace from the recognizer's word timings alone: "
            + ", ".join(f"{voice} {v['from_word_timings_wpm']}" for voice, v in r["pace"].items()),
            f"  pauses found {r['pauses_found']} (>= {report['long_pause_s']} s), "
            f"length error {r['pause_mean_abs_error_s']} s, invented {r['pauses_invented']}; "
            f"from word timings alone: found {r['pauses_found_from_word_timings']}",
            f"  reply delay error {r['reply_delay_mean_abs_error_s']} s (first sound); "
            f"first word starts {r['first_word_start_mean_error_s']} s off on average",
            f"  fillers written down: {r['fillers_recall_all']} "
            f"({', '.join(f'{k} {v}' for k, v in r['fillers_recall'].items())}); "
            f"invented in filler-free turns: {r['fillers_invented']}",
        ]
    for name, reason in report["skipped"].items():
        lines.append(f"{name}: skipped, {reason}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()

    def progress(line: str) -> None:
        print(f"{line} ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)

    report = run_delivery_bench(Path(args[0]) if args else None, progress=progress)
    print(format_delivery_report(report))
    print(f"-> {report['out']}/delivery.json ({time.perf_counter() - started:.0f} s in all)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
