"""Time from starting `rehearse practice` to its first line, with a (virtual) microphone.

Runs the real command as a new process several times against the virtual
microphone, with a warm and then a cold language-model cache, and reports when
the first line of the other side appears: everything a user waits for (Python
start, script and profile, recognizer, opening and calibrating the microphone).
Runnable as `python -m bench.first_line`.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import SAMPLE_PROFILE
from bench.virtual_mic import VirtualMicrophone
from rehearse.profile.model import save_profile

TARGET_SECONDS = 1.5
RUNS = 5


def _first_line_seconds(env: dict[str, str], profile: Path) -> float:
    command = [sys.executable, "-m", "rehearse", "practice", "--profile", str(profile), "--seed", "1"]
    started = time.monotonic()
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    seconds = time.monotonic() - started
    process.kill()
    process.wait()
    if not line.startswith("Receptionist:"):
        raise RuntimeError(f"unexpected first line: {line!r}")
    return seconds


def run_first_line_bench(runs: int = RUNS) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="rehearse-first-line-"))
    profile = folder / "profile.yaml"
    save_profile(SAMPLE_PROFILE, profile)
    mic = VirtualMicrophone().start()
    try:
        home = str(folder / "home")
        env = {**os.environ, **mic.environment(), "REHEARSE_HOME": home, "PYTHONUNBUFFERED": "1"}
        _first_line_seconds(env, profile)  # builds the model and warms the sound server
        warm = [_first_line_seconds(env, profile) for _ in range(runs)]
        cold = []
        for _ in range(runs):
            shutil.rmtree(folder / "home" / "cache", ignore_errors=True)
            cold.append(_first_line_seconds(env, profile))
    finally:
        mic.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "runs": runs,
        "warm_median_s": statistics.median(warm),
        "warm_max_s": max(warm),
        "cold_median_s": statistics.median(cold),
        "cold_max_s": max(cold),
        "target_s": TARGET_SECONDS,
    }


def main() -> int:
    result = run_first_line_bench()
    slowest = max(result["warm_median_s"], result["cold_median_s"])
    verdict = "meets" if slowest <= TARGET_SECONDS else "MISSES"
    print(
        f"first line of `rehearse practice` with a microphone, {result['runs']} runs each: "
        f"cached model median {result['warm_median_s']:.2f} s (max {result['warm_max_s']:.2f} s), "
        f"model built afresh median {result['cold_median_s']:.2f} s (max {result['cold_max_s']:.2f} s) "
        f"({verdict} the {TARGET_SECONDS} s target)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
