"""Two processes saving at the same moment into one history: every session kept, none lost to
"database is locked" (each connection waits for the other's write: a busy timeout), including
the race to make a new history.db."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.history_helpers import DATA, PROFILE

CALLS = 10

# Each worker says it is ready, waits for the `go` file (so both start writing at once), then
# saves CALLS sessions.
CHECKS = """
import contextlib, io, os, sys, time
from pathlib import Path
from rehearse.cli.main import main
go = Path(sys.argv[1])
(go.parent / f"ready-{{sys.argv[2]}}").touch()
while not go.exists():
    time.sleep(0.005)
for _ in range({calls}):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["check", "--profile", {profile!r}, "--today", "2026-11-25", {transcript!r}])
    assert status == 0, status
"""
WRITES = """
import os, sys, time
from pathlib import Path
from rehearse.history.store import SessionStore
go = Path(sys.argv[1])
(go.parent / f"ready-{{sys.argv[2]}}").touch()
while not go.exists():
    time.sleep(0.005)
store = SessionStore(Path(os.environ["REHEARSE_HOME"]))
for call in range({calls}):
    writer = store.create("follow-up")
    writer.record("start", script="follow-up", title="Follow-up", scenario="open", today="2026-11-25")
    for turn in range(40):  # each committed on its own, as a call's lines and turns are
        writer.record("turn", text=f"{{sys.argv[2]}} call {{call}} turn {{turn}}", source="typed")
    writer.record("end", reason="finished")
    writer.close()
"""


def run_two_at_once(home: Path, code: str, *names: str) -> list[subprocess.CompletedProcess[str]]:
    env = {**os.environ, "REHEARSE_HOME": str(home)}
    go = home.parent / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(go), name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name in names
    ]
    deadline = time.monotonic() + 60
    while not all((go.parent / f"ready-{name}").exists() for name in names) and time.monotonic() < deadline:
        time.sleep(0.01)  # both started, imports done, waiting
    go.touch()
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(worker.args, worker.returncode, out, err))
    return results


def history_json(home: Path) -> list[dict]:
    env = {**os.environ, "REHEARSE_HOME": str(home)}
    shown = subprocess.run(
        [sys.executable, "-m", "rehearse", "history", "--json"], capture_output=True, text=True, env=env
    )
    assert (shown.returncode, shown.stderr) == (0, "")
    return json.loads(shown.stdout)


def test_two_processes_checking_ten_calls_each_at_once_keep_all_twenty(tmp_path: Path) -> None:
    home = tmp_path / "home"  # not made yet: both race to make history.db too
    code = CHECKS.format(calls=CALLS, profile=PROFILE, transcript=str(DATA / "good-call.txt"))
    for done in run_two_at_once(home, code, "a", "b"):
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
    sessions = history_json(home)
    assert len(sessions) == 2 * CALLS
    assert {(s["kind"], s["status"], s["score"]) for s in sessions} == {("check", "complete", 100)}
    assert len({s["id"] for s in sessions}) == 2 * CALLS  # same script, same second: each its own name


def test_two_processes_writing_calls_event_by_event_keep_every_event(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for done in run_two_at_once(home, WRITES.format(calls=CALLS), "a", "b"):
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
    sessions = history_json(home)
    assert len(sessions) == 2 * CALLS
    assert {(s["status"], s["turns"], s["end_reason"]) for s in sessions} == {("incomplete", 40, "finished")}
