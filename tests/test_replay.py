"""`rehearse replay`: past sessions listed and shown exactly as they happened."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_helpers import run

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REHEARSE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_replay_shows_the_last_call(capsys: pytest.CaptureFixture[str], private_home: Path) -> None:
    answers = (DATA / "practice-answers.txt").read_text()
    flags = [
        "--profile",
        str(DATA / "jordan.yaml"),
        "--seed",
        "1",
        "--scenario",
        "pending",
        "--today",
        "2026-11-25",
    ]
    practised = run(capsys, "practice", "--text", *flags, stdin=answers)
    call_lines = practised.out.split("\n\nFeedback:")[0].splitlines()
    (session,) = (private_home / "sessions").iterdir()

    listed = run(capsys, "replay", "--list")
    assert listed.out == f"{session.name}  100/100  5 turns\n"

    shown = run(capsys, "replay")
    assert shown.status == 0
    assert shown.out.splitlines() == [
        f"{session.name}: Follow-up call after an interview",
        *call_lines,
        "Score: 100/100",
    ]
    assert run(capsys, "replay", session.name).out == shown.out


def test_replay_without_sessions_is_exit_8(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "replay")
    assert result.status == 8
    assert result.err == "rehearse: no saved sessions yet: practise a call first\n"
    assert run(capsys, "replay", "--list").out == "No saved sessions yet: practise a call first.\n"


def test_replay_unknown_session(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "replay", "20990101-000000-nope")
    assert result.status == 9
    assert result.err == "rehearse: 20990101-000000-nope: no such session (see `rehearse replay --list`)\n"
