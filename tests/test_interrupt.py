"""Ctrl-C in the middle of a call: exit 130, and every turn typed so far is kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from rehearse.history.store import SessionStore

PROFILE = str(Path(__file__).parent / "data" / "jordan.yaml")


def test_ctrl_c_keeps_what_was_said(tmp_path: Path) -> None:
    env = {**os.environ, "REHEARSE_HOME": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "rehearse", "practice", "--text", "--profile", PROFILE, "--seed", "1"]
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("hi this is jordan lee\n")
    process.stdin.flush()
    deadline = time.monotonic() + 20
    seen = ""
    while "You: hi this is jordan lee" not in seen and time.monotonic() < deadline:
        seen += process.stdout.readline()
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 130, err
    assert "Traceback" not in err + out
    session = SessionStore(tmp_path).load("last")
    assert f"Call stopped. Everything you said is saved: rehearse replay {session.id}" in out
    assert session.status == "incomplete"
    events = session.events
    assert [e["text"] for e in events if e["event"] == "turn"] == ["hi this is jordan lee"]
    assert events[-1]["event"] == "end" and events[-1]["reason"] == "interrupted"
    history = subprocess.run(
        [sys.executable, "-m", "rehearse", "history"], capture_output=True, text=True, env=env, check=True
    )
    assert f"practice  {session.start['scenario'] or '-':<11}  incomplete  {session.id}" in history.stdout
