"""`rehearse replay`: past sessions listed and shown exactly as they happened."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_helpers import run
from tests.history_helpers import GOOD, save

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


def test_replay_without_sessions_says_so_as_history_does_with_exit_9(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """No session to show is a session not found (exit 9), never a database error; the words are
    `history`'s."""
    assert run(capsys, "history").out == "No saved sessions yet: practise a call first.\n"
    assert run(capsys, "replay", "--list").out == "No saved sessions yet: practise a call first.\n"
    for command in (["replay"], ["report", "--md", "call.md"]):
        result = run(capsys, *command)
        assert (result.status, result.out) == (9, ""), command
        assert result.err == "rehearse: no saved sessions yet: practise a call first\n"
    demo = run(capsys, "replay", "--demo")
    assert (demo.status, demo.err) == (9, "rehearse: no demo calls saved yet: run `rehearse demo` first\n")
    assert (
        run(capsys, "replay", "--demo", "--list").out
        == "No demo calls saved yet: run `rehearse demo` first.\n"
    )


def test_replay_list_says_incomplete_as_history_does(
    capsys: pytest.CaptureFixture[str], private_home: Path
) -> None:
    save(private_home, "2026-11-22T18:05:00", GOOD[:2], finish=False)
    assert run(capsys, "replay", "--list").out == "20261122-180500-follow-up  incomplete  2 turns\n"
    assert "  incomplete  20261122-180500-follow-up\n" in run(capsys, "history").out


def test_replay_unknown_session(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "replay", "20990101-000000-nope")
    assert result.status == 9
    assert result.err == "rehearse: 20990101-000000-nope: no such session (see `rehearse replay --list`)\n"
