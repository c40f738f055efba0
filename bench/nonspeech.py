"""Words a recognizer invents from sound that is not the caller: "invented words per minute".

Clips of 3-6 s with no caller in them, made deterministically (numpy with a fixed seed, and
espeak-ng / flite for the speech that is not the caller's): digital silence, white noise, pink
noise, a 50 Hz and a 60 Hz mains hum, breath-like amplitude-modulated noise, reversed speech
(espeak-ng and flite), two voices talking at once, and the same two voices at a low level (a
TV in the room). Each bench setup (`common.SETUPS`) is made as for a call (the sample caller's
phrases and facts) and hears every clip as one turn; every word it returns is invented.
Reported per setup: words per minute of such sound, overall and per kind of clip.

    .venv/bin/python -m bench.nonspeech [OUT_DIR]
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import (
    ALL_SETUPS,
    SAMPLE_PHRASES,
    SAMPLE_PROFILE,
    BenchVoice,
    decode_streaming,
    make_setup,
    synthesize_pcm,
)
from rehearse.speech.recognition.registry import SAMPLE_RATE, RecognizerSettings
from rehearse.speech.recognition.spoken_forms import words_of
from rehearse.turns import VoiceHint

SEED = 20261202
CLIPS_PER_KIND = 2
MIN_SECONDS, MAX_SECONDS = 3.0, 6.0

# Talk that is not the caller's; nothing about jobs or interviews.
OTHER_TALK = (
    "and now the weather for the weekend, with rain moving in from the west by saturday evening",
    "the home side scored twice in the second half to win the match in front of a full stadium",
    "stir the sauce gently over a low heat until it thickens, then add a pinch of salt",
    "traffic is slow on the ring road this morning after a lorry broke down near the bridge",
)
ESPEAK = BenchVoice("noise-espeak", VoiceHint(gender="male", rate=170))
ESPEAK_FEMALE = BenchVoice("noise-espeak-f", VoiceHint(gender="female", rate=160))
FLITE = BenchVoice("noise-flite-slt", VoiceHint(), flite="slt")
FLITE_MALE = BenchVoice("noise-flite-rms", VoiceHint(), flite="rms")


@dataclass(frozen=True)
class Clip:
    kind: str
    samples: np.ndarray  # float, 16-bit scale

    @property
    def pcm(self) -> bytes:
        return np.clip(np.round(self.samples), -32768, 32767).astype("<i2").tobytes()

    @property
    def seconds(self) -> float:
        return self.samples.size / SAMPLE_RATE


def _fit(samples: np.ndarray, n: int) -> np.ndarray:
    """`samples` cut or padded with silence (split either side) to `n` samples."""
    if samples.size >= n:
        return samples[:n]
    before = (n - samples.size) // 2
    return np.concatenate([np.zeros(before), samples, np.zeros(n - samples.size - before)])


def _speech(text: str, folder: Path, voice: BenchVoice, index: int) -> np.ndarray:
    pcm = synthesize_pcm(text, folder, voice, index)
    return np.frombuffer(pcm, dtype="<i2").astype(np.float64)


def make_clips(folder: Path, per_kind: int = CLIPS_PER_KIND, seed: int = SEED) -> list[Clip]:
    """The non-speech clips, the same on every run."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    clips: list[Clip] = []

    def length() -> int:
        return int(rng.uniform(MIN_SECONDS, MAX_SECONDS) * SAMPLE_RATE)

    def level(low_db: float, high_db: float) -> float:
        """An RMS on the 16-bit scale, between `low_db` and `high_db` dBFS."""
        return 32768 * 10 ** (rng.uniform(low_db, high_db) / 20)

    def pink(n: int) -> np.ndarray:
        spectrum = np.fft.rfft(rng.normal(0, 1, n))
        freqs = np.fft.rfftfreq(n, 1 / SAMPLE_RATE)
        spectrum[1:] /= np.sqrt(freqs[1:])
        spectrum[0] = 0
        noise = np.fft.irfft(spectrum, n)
        return noise / noise.std()

    def hum(n: int, mains: float) -> np.ndarray:
        t = np.arange(n) / SAMPLE_RATE
        wave = sum(
            a * np.sin(2 * np.pi * mains * k * t + rng.uniform(0, 6.3))
            for k, a in ((1, 1), (2, 0.4), (3, 0.25))
        )
        return wave / np.sqrt(np.mean(wave**2))

    def breath(n: int) -> np.ndarray:
        t = np.arange(n) / SAMPLE_RATE
        rate = rng.uniform(0.25, 0.4)  # breaths per second
        envelope = np.clip(np.sin(2 * np.pi * rate * t + rng.uniform(0, 6.3)), 0, None) ** 2
        hiss = np.fft.irfft(np.fft.rfft(rng.normal(0, 1, n)) * _band(n, 200, 2000), n)
        noise = hiss * envelope
        return noise / max(noise.std(), 1e-9)

    def two_voices(i: int) -> np.ndarray:
        one = _speech(OTHER_TALK[(2 * i) % len(OTHER_TALK)], folder, ESPEAK, 10 + i)
        two = _speech(OTHER_TALK[(2 * i + 1) % len(OTHER_TALK)], folder, FLITE_MALE, 10 + i)
        n = min(length(), max(one.size, two.size))
        n = max(n, int(MIN_SECONDS * SAMPLE_RATE))
        return _fit(one, n) * 0.7 + _fit(two, n) * 0.7

    generators: dict[str, Callable[[int], np.ndarray]] = {
        "silence": lambda i: np.zeros(length()),
        "white noise": lambda i: rng.normal(0, 1, length()) * level(-40, -25),
        "pink noise": lambda i: pink(length()) * level(-40, -25),
        "hum 50 Hz": lambda i: hum(length(), 50.0) * level(-35, -20),
        "hum 60 Hz": lambda i: hum(length(), 60.0) * level(-35, -20),
        "breathing": lambda i: breath(length()) * level(-45, -30),
        "reversed speech, espeak-ng": lambda i: _fit(
            _speech(OTHER_TALK[i % len(OTHER_TALK)], folder, ESPEAK_FEMALE, i)[::-1], length()
        ),
        "reversed speech, flite": lambda i: _fit(
            _speech(OTHER_TALK[(i + 1) % len(OTHER_TALK)], folder, FLITE, i)[::-1], length()
        ),
        "two voices at once": lambda i: two_voices(i)[: int(MAX_SECONDS * SAMPLE_RATE)],
        "a TV in the room": lambda i: two_voices(i + 1)[: int(MAX_SECONDS * SAMPLE_RATE)] * 0.15 / 0.7,
    }
    for kind, generate in generators.items():
        for i in range(per_kind):
            clips.append(Clip(kind, generate(i)))
    return clips


def _band(n: int, low: float, high: float) -> np.ndarray:
    freqs = np.fft.rfftfreq(n, 1 / SAMPLE_RATE)
    return ((freqs >= low) & (freqs <= high)).astype(np.float64)


def run_nonspeech_bench(
    out: Path | None = None, setups: Sequence[str] = ALL_SETUPS, progress: Any = None
) -> dict[str, Any]:
    """Every setup on every clip; writes `nonspeech.json` (and the clips' WAVs) under `out`."""
    from rehearse.speech.audio.clips import write_wav

    folder = Path(out) if out else Path(tempfile.mkdtemp(prefix="rehearse-nonspeech-"))
    clips = make_clips(folder / "speech")
    for i, clip in enumerate(clips):
        write_wav(folder / f"{i:02d}-{clip.kind.replace(' ', '-').replace(',', '')}.wav", clip.pcm)
    kinds = list(dict.fromkeys(c.kind for c in clips))
    minutes = {k: sum(c.seconds for c in clips if c.kind == k) / 60 for k in kinds}
    total_minutes = sum(minutes.values())
    settings = RecognizerSettings(SAMPLE_PHRASES, SAMPLE_PROFILE, cache_dir=folder / "lm-cache")
    report: dict[str, Any] = {
        "clips": len(clips),
        "minutes": round(total_minutes, 3),
        "minutes_per_kind": {k: round(m, 3) for k, m in minutes.items()},
        "seed": SEED,
        "setups": {},
    }
    for setup in setups:
        if progress:
            progress(f"  {setup} on {len(clips)} clips of non-caller sound...")
        recognizer = make_setup(setup, settings)
        words = dict.fromkeys(kinds, 0)
        heard = []
        for clip in clips:
            text, _, _ = decode_streaming(recognizer, clip.pcm)
            count = len(words_of(text).split())
            words[clip.kind] += count
            heard.append(
                {"kind": clip.kind, "seconds": round(clip.seconds, 2), "heard": text, "words": count}
            )
        report["setups"][setup] = {
            "words": sum(words.values()),
            "words_per_minute": round(sum(words.values()) / total_minutes, 2),
            "words_per_minute_by_kind": {k: round(words[k] / minutes[k], 2) for k in kinds},
            "heard": heard,
        }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nonspeech.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    report["out"] = str(folder)
    return report


def format_nonspeech_report(report: dict[str, Any]) -> str:
    setups = list(report["setups"])
    width = max(10, *(len(s) + 1 for s in setups))
    lines = [
        f"Invented words per minute of non-caller sound ({report['clips']} clips, "
        f"{report['minutes'] * 60:.0f} s; each clip heard as one turn of a call)",
        f"{'clip kind':<28}{'seconds':>8}" + "".join(s.rjust(width) for s in setups),
    ]
    for kind, minutes in report["minutes_per_kind"].items():
        cells = "".join(
            f"{report['setups'][s]['words_per_minute_by_kind'][kind]:.1f}".rjust(width) for s in setups
        )
        lines.append(f"{kind:<28}{minutes * 60:>8.1f}" + cells)
    cells = "".join(f"{report['setups'][s]['words_per_minute']:.1f}".rjust(width) for s in setups)
    lines.append(f"{'all non-caller sound':<28}{report['minutes'] * 60:>8.1f}" + cells)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    report = run_nonspeech_bench(Path(args[0]) if args else None)
    print(format_nonspeech_report(report))
    print(f"-> {report['out']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
