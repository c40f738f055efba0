"""First use on a terminal: rehearse asks for the caller's facts, re-asks bad answers, saves them."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

ANSWERS = [
    "Sam Okafor",
    "",  # Enter: the sample caller's interviewer, offered in brackets
    "Lakeside Clinic",
    "   ",
    "receptionist",
    "31/02/2026",
    "10/11/2026",
    "teatime",
    "2:00",
    "9:30 am",
]


def _read_until(master: int, wanted: str, seen: list[str], timeout: float = 20) -> None:
    """Read the terminal until `wanted` appears after the last `--` marker."""
    deadline = time.monotonic() + timeout
    while wanted not in "".join(seen).rsplit("\n--\n", 1)[-1]:
        if time.monotonic() > deadline:
            raise AssertionError(f"never saw {wanted!r}; screen: {''.join(seen)!r}")
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                seen.append(os.read(master, 4096).decode(errors="replace"))
            except OSError:
                break


def test_profile_questions_on_a_terminal(tmp_path: Path) -> None:
    master, slave = pty.openpty()
    env = {**os.environ, "REHEARSE_HOME": str(tmp_path), "COLUMNS": "200", "TERM": "dumb"}
    process = subprocess.Popen(
        [sys.executable, "-m", "rehearse", "profile"], stdin=slave, stdout=slave, stderr=slave, env=env
    )
    os.close(slave)
    seen: list[str] = []
    try:
        for answer in ANSWERS:
            _read_until(master, "):", seen)
            seen.append("\n--\n")  # so the next prompt is waited for afresh
            os.write(master, (answer + "\n").encode())
        _read_until(master, "Saved to", seen)
        assert process.wait(timeout=20) == 0
    finally:
        process.kill()
        os.close(master)
    screen = "".join(seen)
    assert "Press Enter to take the value in brackets: a sample caller's" in screen
    assert "Name (your name, as you say it on the phone) (Jordan Lee):" in screen
    assert "position: please fill this in" in screen
    assert (
        "interview_date: cannot read '31/02/2026' as a date: try 2026-11-23, Nov 23, last Monday, "
        "or 23/11/2026 (day/month/year)"
    ) in screen
    assert "Read as Tuesday, November 10, 2026." in screen
    assert "interview_time: cannot read 'teatime' as a time: try 3:30 pm, 15:30 or 3pm" in screen
    assert "'2:00' could be 2 am or 2 pm" in screen
    assert "Read as 9:30 am (09:30)." in screen
    saved = (tmp_path / "profile.yaml").read_text()
    assert saved == (
        "name: Sam Okafor\ninterviewer: Maria Lopez\ncompany: Lakeside Clinic\nposition: receptionist\n"
        "interview_date: '2026-11-10'\ninterview_time: 09:30\n"
    )
