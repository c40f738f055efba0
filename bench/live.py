"""Live listening, measured for real: synthesized caller turns played into a virtual microphone.

Starts a private PulseAudio daemon (`virtual_mic.py`), opens the real `MicrophoneListener`
on it with rehearse's call recognizer, and for each turn plays the caller's WAV into the
microphone while the listener listens. Measured per turn:

- latency: from the end of playback (the last sample reached the microphone) to `listen()`
  returning with the text, which includes the endpointing pause; and the listener's own
  `Utterance.latency` (from the last voiced chunk it read);
- false end-of-speech cuts: `listen()` returned while the turn was still playing. Some turns
  hold a thinking pause in the middle (silence spliced between two clauses), shorter than the
  endpointing pause, to probe exactly that.

    .venv/bin/python -m bench.live [OUT_DIR]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import (
    SAMPLE_PHRASES,
    SAMPLE_PROFILE,
    percentile,
    word_errors,
)
from bench.virtual_mic import VirtualMicrophone, virtual_microphone
from rehearse.errors import AudioContentError
from rehearse.speech.audio.clips import load_clip
from rehearse.speech.audio.endpoint import EndpointConfig
from rehearse.speech.audio.microphone import MicrophoneListener
from rehearse.speech.recognition.registry import RecognizerSettings, make_recognizer
from rehearse.speech.recognition.spoken_forms import words_of
from rehearse.turns import VoiceHint

DEFAULT_VOICE = VoiceHint()
QUIET_AMPLITUDE = 200  # samples below this at the ends of a clause are espeak's padding
LEAD_IN = 0.3  # seconds between listen() starting and the caller starting to talk


@dataclass(frozen=True)
class LiveTurn:
    """A caller turn: clauses spoken one after the other, `gap` seconds of silence between."""

    clauses: tuple[str, ...]
    gap: float = 0.0
    voice: VoiceHint = DEFAULT_VOICE
    flite: str | None = None  # a flite voice (slt, rms, awb, kal) instead of espeak-ng

    @property
    def text(self) -> str:
        return " ".join(self.clauses)


LIVE_TURNS: tuple[LiveTurn, ...] = (
    LiveTurn(("hello my name is jordan lee",)),
    LiveTurn(("i had an interview on november seventeenth at two pm",)),
    LiveTurn(("i met with maria lopez last tuesday",), voice=VoiceHint(gender="female")),
    LiveTurn(("i am still interested in the data analyst job",)),
    LiveTurn(("could you tell me if a decision has been made",), voice=VoiceHint(rate=140)),
    LiveTurn(("thanks so much for your help",), voice=VoiceHint(gender="female")),
    LiveTurn(("hi this is jordan lee", "i'm calling to follow up on my interview"), gap=0.5),
    LiveTurn(("i interviewed for the data analyst position", "last tuesday"), gap=0.6),
    LiveTurn(("is the position still open", "i'm still very interested"), gap=0.4),
    LiveTurn(("could i speak to maria lopez please",), voice=VoiceHint(gender="male", rate=150)),
    LiveTurn(("when would be a good time to call back",)),
    LiveTurn(("thank you for your time", "goodbye"), gap=0.5),
    # Thinking pauses of 0.7 s, after a filler, a joining word and a finished sentence; flite voices.
    LiveTurn(("i interviewed on um", "november seventeenth at two pm"), gap=0.7, flite="slt"),
    LiveTurn(
        ("i am calling about the data analyst job and", "i wanted to ask for news"), gap=0.7, flite="rms"
    ),
    LiveTurn(("hi this is jordan lee", "i am calling about my interview"), gap=0.7, flite="awb"),
    LiveTurn(("is the job still open",), flite="slt"),
    LiveTurn(("i am still very keen on the role",), flite="rms"),
)
REPLY = "Thanks for calling. Let me see what I can find out for you."
RECOGNIZERS = ("sphinx", "whisper")


def synthesize_turn(turn: LiveTurn, path: Path) -> Path:
    """Speak each clause with espeak-ng and splice them with `turn.gap` seconds of silence."""
    from rehearse.speech.synthesis.espeak import synthesize_to_wav

    frames: list[bytes] = []
    params: Any = None
    for index, clause in enumerate(turn.clauses):
        part = path.with_suffix(f".{index}.wav")
        if turn.flite:
            subprocess.run(
                ["flite", "-voice", turn.flite, "-t", clause, "-o", str(part)], check=True, timeout=60
            )
        else:
            synthesize_to_wav(clause, part, turn.voice)
        with wave.open(str(part), "rb") as wav:
            if params is None:
                params = wav.getparams()
            elif index:
                frames.append(bytes(params.sampwidth * int(turn.gap * params.framerate)))
            frames.append(_trim(wav.readframes(wav.getnframes())))
        part.unlink()
    with wave.open(str(path), "wb") as out:
        out.setparams(params)
        out.writeframes(b"".join(frames))
    return path


def _trim(pcm: bytes) -> bytes:
    """Cut the silence espeak-ng pads a clause with, so gaps and the end are exact."""
    samples = np.frombuffer(pcm, dtype="<i2")
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > QUIET_AMPLITUDE)
    if loud.size == 0:
        return pcm
    return samples[loud[0] : loud[-1] + 1].tobytes()


def _spoken(text: str) -> str:
    """Words with digits and spelled numbers as one ("17th" = "seventeenth"), for word errors."""
    from rehearse.checks.spoken import digits
    from rehearse.checks.written import written_form

    return words_of(digits(words_of(written_form(text))))


def _seconds(wav: Path) -> float:
    with wave.open(str(wav), "rb") as handle:
        return handle.getnframes() / handle.getframerate()


def _play_after(mic: VirtualMicrophone, wav: Path, delay: float, ended: list[float]) -> None:
    time.sleep(delay)
    ended.append(mic.play(wav))


def _give_up() -> str | None:
    raise AudioContentError("the virtual microphone heard nothing three times in a row")


def run_live_bench(
    out: Path | None = None,
    turns: Sequence[LiveTurn] = LIVE_TURNS,
    endpoint: EndpointConfig | None = None,
    recognizer: str = "sphinx",
) -> dict[str, Any]:
    """Play every turn into a virtual microphone and measure the live listener."""
    folder = Path(out) if out else Path(tempfile.mkdtemp(prefix="rehearse-live-"))
    folder.mkdir(parents=True, exist_ok=True)
    wavs = [synthesize_turn(t, folder / f"turn-{i:02d}.wav") for i, t in enumerate(turns)]
    settings = RecognizerSettings(SAMPLE_PHRASES, SAMPLE_PROFILE, cache_dir=folder / "lm-cache")
    engine = make_recognizer(recognizer, settings)
    from rehearse.speech.synthesis.espeak import Synthesizer

    synthesizer = Synthesizer()
    config = endpoint or EndpointConfig()
    results: list[dict[str, Any]] = []
    misses: list[str] = []
    with virtual_microphone() as mic:
        listener = MicrophoneListener(
            engine, folder / "heard", notify=misses.append, ask_to_type=_give_up, endpoint=config
        )
        with listener:
            for turn, wav in zip(turns, wavs, strict=True):
                ended: list[float] = []
                player = threading.Thread(target=_play_after, args=(mic, wav, LEAD_IN, ended))
                player.start()
                utterance = listener.listen()
                returned = time.monotonic()
                # The other side's reply, synthesized as a call does before playing it.
                synthesizer.synthesize_to_wav(REPLY, folder / "reply.wav", DEFAULT_VOICE)
                reply_ready = time.monotonic()
                player.join()
                cut = returned < ended[0]
                heard = listener.last_heard
                tail = heard.ready - heard.ended if heard else 0.0
                kept = len(heard.pcm) / 2 / 16_000 if heard else 0.0
                errors, words = word_errors(_spoken(turn.text), _spoken(utterance.text))
                results.append(
                    {
                        "said": turn.text,
                        "heard": utterance.text,
                        "gap_s": turn.gap,
                        "cut": cut,
                        "latency_from_playback_end_s": round(returned - ended[0], 3),
                        "reply_ready_after_speech_s": round(reply_ready - ended[0], 3),
                        "listener_latency_s": round(utterance.latency or 0.0, 3),
                        "decode_after_end_s": round(tail, 3),
                        "played_s": round(_seconds(wav), 3),
                        "kept_s": round(kept, 3),
                        "word_errors": errors,
                        "words": words,
                    }
                )
                if cut:  # let the rest of the cut turn pass before the next one
                    time.sleep(config.pause)
    # The same audio decoded straight from the files: what the microphone path costs in words.
    for result, wav in zip(results, wavs, strict=True):
        direct = engine.transcribe(load_clip(wav).pcm).text
        result["heard_from_file"] = direct
        result["word_errors_from_file"] = word_errors(_spoken(result["said"]), _spoken(direct))[0]
    whole = [r["latency_from_playback_end_s"] for r in results if not r["cut"]]
    replies = [r["reply_ready_after_speech_s"] for r in results if not r["cut"]]
    own = [r["listener_latency_s"] for r in results if not r["cut"]]
    total_words = sum(r["words"] for r in results)
    report: dict[str, Any] = {
        "turns": len(results),
        "pause_s": config.pause,
        "recognizer": recognizer,
        "latency_p50_s": round(statistics.median(whole), 3) if whole else None,
        "latency_p95_s": round(percentile(whole, 0.95), 3) if whole else None,
        "reply_ready_p50_s": round(statistics.median(replies), 3) if replies else None,
        "reply_ready_p95_s": round(percentile(replies, 0.95), 3) if replies else None,
        "listener_latency_p50_s": round(statistics.median(own), 3) if own else None,
        "listener_latency_p95_s": round(percentile(own, 0.95), 3) if own else None,
        "false_cuts": sum(r["cut"] for r in results),
        "turns_with_pause": sum(1 for r in results if r["gap_s"]),
        "not_caught": len(misses),
        "decode_after_end_p95_s": round(percentile([r["decode_after_end_s"] for r in results], 0.95), 3),
        "wer": round(sum(r["word_errors"] for r in results) / total_words, 3),
        "wer_from_files": round(sum(r["word_errors_from_file"] for r in results) / total_words, 3),
        "results": results,
    }
    (folder / "live.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    report["out"] = str(folder)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    out = Path(args[0]) if args else Path(tempfile.mkdtemp(prefix="rehearse-live-"))
    reports = [run_live_bench(out / name, recognizer=name) for name in RECOGNIZERS]
    first = reports[0]
    print(
        f"{first['turns']} live turns ({first['turns_with_pause']} with a mid-turn pause of 0.4-0.7 s), "
        f"ordinary end-of-speech pause {first['pause_s']} s; espeak-ng and flite voices"
    )
    print("from the caller's last sample to the reply's audio ready to play (listen + reply synthesis):")
    for report in reports:
        print(
            f"  {report['recognizer']:8s} reply p50 {report['reply_ready_p50_s'] * 1000:4.0f} ms "
            f"p95 {report['reply_ready_p95_s'] * 1000:4.0f} ms | text p50 "
            f"{report['latency_p50_s'] * 1000:4.0f} ms p95 {report['latency_p95_s'] * 1000:4.0f} ms | "
            f"decode after end p95 {report['decode_after_end_p95_s'] * 1000:4.0f} ms | "
            f"false cuts {report['false_cuts']}/{report['turns']} | not caught {report['not_caught']} | "
            f"WER {report['wer']:.3f} (from files {report['wer_from_files']:.3f})"
        )
        for result in report["results"]:
            if result["cut"]:
                print(f"    cut: {result['said']!r} -> {result['heard']!r}")
    print(f"  targets: reply p50 <= 600 ms, p95 <= 900 ms, no false cuts  -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
