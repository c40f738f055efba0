"""A call stopped from outside, as a user stops one: Ctrl-C in the middle (exit 130, every turn
typed so far kept), Ctrl-C at the first profile question (nothing kept: the call never began),
and the process killed outright (kill -9: every turn committed so far is still there)."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from rehearse.history.store import SessionStore
from tests.history_helpers import GOOD

PROFILE = str(Path(__file__).parent / "data" / "jordan.yaml")
FLAGS = [
    "--name", "Jordan Lee", "--interviewer", "Maria Lopez", "--company", "Northwind Analytics",
    "--position", "data analyst", "--interview-date", "2026-11-17", "--interview-time", "14:00",
]  # fmt: skip


def rehearse_env(home: Path) -> dict[str, str]:
    return {**os.environ, "REHEARSE_HOME": str(home), "PYTHONUNBUFFERED": "1"}


def test_ctrl_c_keeps_what_was_said(tmp_path: Path) -> None:
    env = rehearse_env(tmp_path)
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
        [sys.executable, "-m", "rehearse", "history", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    (listed,) = json.loads(history.stdout)
    assert (listed["id"], listed["status"], listed["turns"]) == (session.id, "incomplete", 1)


def read_until(master: int, wanted: bytes, seconds: float = 20) -> bytes:
    seen = b""
    deadline = time.monotonic() + seconds
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                seen += os.read(master, 4096)
            except OSError:  # the other end closed
                break
    return seen


def test_ctrl_c_at_the_first_profile_question_keeps_nothing(tmp_path: Path) -> None:
    """A first `practice` on a terminal asks for the profile; Ctrl-C there is before the call:
    no session, not even an incomplete one with 0 turns."""
    master, terminal = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "rehearse", "practice", "--text"],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=rehearse_env(tmp_path),
        start_new_session=True,
    )
    os.close(terminal)
    try:
        asked = read_until(master, b"Name (")
        assert b"Tell rehearse about the call you are preparing" in asked, asked
        time.sleep(0.3)
        process.send_signal(signal.SIGINT)
        said = read_until(master, b"rehearse: stopped")
        assert process.wait(timeout=20) == 130
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    assert b"rehearse: stopped" in said and b"Traceback" not in asked + said
    assert SessionStore(tmp_path).listed() == []
    assert not (tmp_path / "profile.yaml").exists() and not (tmp_path / "sessions").exists()
    history = subprocess.run(
        [sys.executable, "-m", "rehearse", "history"],
        capture_output=True,
        text=True,
        env=rehearse_env(tmp_path),
        check=True,
    )
    assert history.stdout == "No saved sessions yet: practise a call first.\n"


def saved_turns(home: Path) -> list[str]:
    """The turns of the newest session, as the database holds them now (read by this process)."""
    store = SessionStore(home)
    sessions = store.listed()
    if not sessions:
        return []
    return [e["text"] for e in store.load(sessions[-1].id).events if e["event"] == "turn"]


def test_kill_9_in_the_middle_of_a_call_keeps_every_turn_said(tmp_path: Path) -> None:
    env = rehearse_env(tmp_path)
    command = [sys.executable, "-m", "rehearse", "practice", "--text", *FLAGS, "--today", "2026-11-25"]
    process = subprocess.Popen(
        [*command, "--scenario", "pending", "--seed", "1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdin is not None
    turns: list[str] = []
    deadline = time.monotonic() + 30
    try:
        for count, said in enumerate(GOOD[:2], start=1):
            process.stdin.write(said + "\n")
            process.stdin.flush()
            while turns != GOOD[:count] and time.monotonic() < deadline:  # until it is committed
                time.sleep(0.1)
                turns = saved_turns(tmp_path)
        assert turns == GOOD[:2], "both turns in the database before the kill"
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=20) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
        process.stdin.close()
    history = subprocess.run(
        [sys.executable, "-m", "rehearse", "history", "--json"], capture_output=True, text=True, env=env
    )
    assert (history.returncode, history.stderr) == (0, "")
    (listed,) = json.loads(history.stdout)
    assert (listed["status"], listed["turns"], listed["end_reason"]) == ("incomplete", 2, None)
    events = SessionStore(tmp_path).load(listed["id"]).events
    assert [e["text"] for e in events if e["event"] == "turn"] == GOOD[:2]
    assert events[0]["event"] == "start" and events[0]["profile"]["name"] == "Jordan Lee"


def test_ctrl_c_while_an_event_is_written_waits_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real SIGINT that lands in the middle of a write: the write is finished and noted
    first, so the `end` written next does not take the same number (no "UNIQUE constraint
    failed", no exit 8 instead of 130)."""
    from rehearse.history import store

    writer = SessionStore(tmp_path).create("follow-up")
    writer.record("start", script="follow-up", title="Follow-up", scenario="open", today="2026-11-25")
    original = store.apply_event

    def interrupted(*args: Any) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        original(*args)

    monkeypatch.setattr(store, "apply_event", interrupted)
    with pytest.raises(KeyboardInterrupt):
        writer.record("turn", text=GOOD[0], source="typed", words=[], audio=None)
    monkeypatch.setattr(store, "apply_event", original)
    writer.record("end", reason="interrupted")
    writer.close()
    events = SessionStore(tmp_path).load(writer.name).events
    assert [e["event"] for e in events] == ["start", "turn", "end"]
