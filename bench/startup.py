"""Time `rehearse --help` (start-up cost) over repeated runs: median and p95 in ms.

.venv/bin/python -m bench.startup
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 15
TARGET_MS = 300


def main() -> int:
    rehearse = Path(sys.executable).with_name("rehearse")
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run([str(rehearse), "--help"], check=True, stdout=subprocess.DEVNULL)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    median = statistics.median(timings)
    verdict = "meets" if p95 < TARGET_MS else "MISSES"
    figures = f"median {median:.0f} ms, p95 {p95:.0f} ms"
    print(f"rehearse --help over {RUNS} runs: {figures} ({verdict} the {TARGET_MS} ms target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
