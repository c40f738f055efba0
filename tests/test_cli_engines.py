"""Missing hardware and missing engines: one clear line each, a distinct exit status, no traceback.

Each case runs `rehearse` as a real process. A missing espeak-ng is simulated by making
pyttsx3's libespeak-ng binding unimportable in that process (what happens when the
library is not installed); nothing else is replaced.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from rehearse.speech.audio.clips import write_wav

PROFILE = str(Path(__file__).parent / "data" / "jordan.yaml")
ANSWERS = "hi this is jordan lee, could i speak to maria lopez please\n"


def rehearse(
    tmp_path: Path, *args: str, stdin: str = "", block_espeak: bool = False
) -> subprocess.CompletedProcess:
    env = {**os.environ, "REHEARSE_HOME": str(tmp_path / "home")}
    env.pop("PULSE_SERVER", None)  # this machine has no microphone and no sound card
    if block_espeak:
        site = tmp_path / "no-espeak"
        site.mkdir(exist_ok=True)
        (site / "sitecustomize.py").write_text("import sys\nsys.modules['pyttsx3.drivers._espeak'] = None\n")
        env["PYTHONPATH"] = os.pathsep.join([str(site), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "rehearse", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_no_microphone_falls_back_to_typing(tmp_path: Path) -> None:
    result = rehearse(
        tmp_path, "practice", "--profile", PROFILE, "--seed", "1", "--scenario", "open", stdin=ANSWERS
    )
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("No microphone found: ") and first.endswith(". Practising by typing instead.")
    assert "You: hi this is jordan lee, could i speak to maria lopez please" in result.stdout
    assert "Traceback" not in result.stderr


def test_missing_espeak_in_demo_is_exit_6(tmp_path: Path) -> None:
    result = rehearse(tmp_path, "demo", "--text", "--seed", "1", block_espeak=True)
    assert result.returncode == 6
    assert result.stderr == "rehearse: espeak-ng is not installed: sudo apt-get install espeak-ng\n"


def test_missing_espeak_and_microphone_still_lets_you_practise_by_typing(tmp_path: Path) -> None:
    result = rehearse(
        tmp_path, "practice", "--profile", PROFILE, "--seed", "1", stdin=ANSWERS, block_espeak=True
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Receptionist: " in result.stdout


def test_too_low_sample_rate_is_exit_4(tmp_path: Path) -> None:
    tone = (np.sin(np.arange(6000) / 3) * 10000).astype("<i2").tobytes()
    path = write_wav(tmp_path / "low.wav", tone, 2000)
    result = rehearse(tmp_path, "check", "--profile", PROFILE, "--audio", str(path))
    assert result.returncode == 4
    assert result.stderr.startswith(f"rehearse: {path}: ")
    assert "sample rate 2000 Hz is too low" in result.stderr
    assert len(result.stderr.splitlines()) == 1
