"""A whole spoken practice call, end to end, through a virtual microphone.

The caller's turns are synthesized, then played into a private PulseAudio
null sink whose monitor is the default microphone; `rehearse practice` runs as
a real process, listens with PyAudio, detects the end of each turn, recognizes
it with the real recognizer and answers. There is no sound card, so the other
side's lines fall back to text after one notice.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bench.virtual_mic import VirtualMicrophone
from rehearse.history.store import SessionStore
from rehearse.speech.synthesis.espeak import Synthesizer
from rehearse.turns import VoiceHint

pytestmark = pytest.mark.audio

PROFILE = str(Path(__file__).parent / "data" / "jordan.yaml")
CALLER = [
    "Hello, this is Jordan Lee. Could I speak to Maria Lopez, please?",
    "When would be a good time to call back?",
    "Thank you, I will call back tomorrow. Goodbye.",
]


def _lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line.rstrip("\n"))


def _next_line(lines: queue.Queue[str], seen: list[str], deadline: float) -> str:
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        seen.append(line)
        if os.environ.get("REHEARSE_TRACE_VOICE_TEST"):
            print(f"{time.monotonic():8.1f} {line}", file=sys.stderr)
        return line
    raise AssertionError(f"rehearse went quiet; saw {seen}")


def _speak_turns(mic: VirtualMicrophone, wavs: list[Path], lines: queue.Queue[str], seen: list[str]) -> None:
    """Answer each '(your turn' cue with the next turn; say it again after 'Sorry, I didn't catch that'."""
    deadline = time.monotonic() + 150
    turn = 0
    while turn < len(wavs):
        line = _next_line(lines, seen, deadline)
        if line.startswith("(your turn: speak now)"):
            time.sleep(0.3)
            mic.play(wavs[turn])
        elif line.startswith("You (heard): "):
            turn += 1


def test_spoken_practice_call(virtual_mic: VirtualMicrophone, tmp_path: Path) -> None:
    synth = Synthesizer()
    voice = VoiceHint(gender="female", rate=160)
    wavs = [synth.synthesize_to_wav(text, tmp_path / f"turn{n}.wav", voice) for n, text in enumerate(CALLER)]
    home = tmp_path / "home"
    env = {**os.environ, **virtual_mic.environment(), "REHEARSE_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "rehearse", "practice", "--json", "--profile", PROFILE]
    command += ["--seed", "1", "--scenario", "unavailable", "--today", "2026-11-25"]
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(process.stderr, lines), daemon=True).start()
    seen: list[str] = []
    try:
        _speak_turns(virtual_mic, wavs, lines, seen)
        out, _ = process.communicate(timeout=60)
    finally:
        process.kill()
    while not lines.empty():
        seen.append(lines.get())
    assert process.returncode == 0, "\n".join(seen)
    assert "Traceback" not in "\n".join(seen)
    heard = [line for line in seen if line.startswith("You (heard): ")]
    assert len(heard) == 3, seen
    assert "call back" in heard[1]
    report = json.loads(out)
    assert report["points"]["ask_callback"]["covered"] is True
    assert report["points"]["status_question"]["applies"] is False
    session = next((home / "sessions").iterdir())
    audio = sorted(p.name for p in (session / "audio").iterdir())
    assert "caller-001.wav" in audio and "001-receptionist.wav" in audio
    assert {oct(p.stat().st_mode & 0o777) for p in (session / "audio").iterdir()} == {"0o600"}
    events = SessionStore(home).load("last").events
    turns = [e for e in events if e["event"] == "turn"]
    assert [t["source"] for t in turns] == ["heard"] * 3
    assert all(t["words"] and t["audio"] for t in turns)
    spoken = [e for e in events if e["event"] == "line"]
    assert spoken and all(Path(e["audio"]).parent == session / "audio" for e in spoken)
    assert all(Path(e["audio"]).is_file() for e in spoken)
