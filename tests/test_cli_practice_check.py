"""`rehearse practice --text` and `rehearse check`: exact output and exit status.

The expected screens live in tests/data/*.out; read them to see what a user sees.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_helpers import Run, run

DATA = Path(__file__).parent / "data"
PROFILE = str(DATA / "jordan.yaml")


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("REHEARSE_HOME", str(home))
    return home


def expected(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def practice(capsys: pytest.CaptureFixture[str], *flags: str) -> Run:
    answers = (DATA / "practice-answers.txt").read_text(encoding="utf-8")
    return run(
        capsys, "practice", "--text", "--profile", PROFILE, "--seed", "1", "--today", "2026-11-25", *flags,
        stdin=answers,
    )  # fmt: skip


def test_practice_text_piped_is_the_whole_call_then_feedback(capsys: pytest.CaptureFixture[str]) -> None:
    result = practice(capsys, "--scenario", "pending")
    assert result.status == 0
    assert result.err == ""
    assert result.out == expected("practice-pending.out")


def test_practice_json_keeps_stdout_for_json(capsys: pytest.CaptureFixture[str]) -> None:
    result = practice(capsys, "--scenario", "unavailable", "--json")
    assert result.status == 0
    report = json.loads(result.out)
    assert result.err.splitlines()[0] == (
        "Receptionist: Good morning, Northwind Analytics, this is Dana speaking. How can I help you?"
    )
    assert report["score"] == 78
    assert report["points"]["ask_callback"] == {
        "label": "Asked when to call back",
        "covered": False,
        "applies": True,
        "evidence": None,
        "turn": None,
        "tip": "If the person you need is out, ask when would be a good time to call back, then end "
        'politely. Try: "When would be a good time to reach Maria? I\'ll call back then. Thank you."',
        "example": "When would be a good time to reach Maria? I'll call back then. Thank you.",
        "problem": None,
        "weight": 5.0,
    }
    assert report["points"]["status_question"]["applies"] is False
    assert report["points"]["name"]["covered"] is True


def test_practice_keeps_the_session_history(capsys: pytest.CaptureFixture[str], private_home: Path) -> None:
    practice(capsys, "--scenario", "open")
    sessions = list((private_home / "sessions").iterdir())
    assert len(sessions) == 1
    events = [json.loads(line) for line in (sessions[0] / "session.jsonl").read_text().splitlines()]
    kinds = [e["event"] for e in events]
    assert kinds[0] == "start" and kinds[-2:] == ["report", "end"]
    turns = [e["text"] for e in events if e["event"] == "turn"]
    assert turns[0] == "hi this is jordan lee, could i speak to maria lopez please"
    assert oct((sessions[0] / "session.jsonl").stat().st_mode & 0o777) == "0o600"


def test_practice_ended_by_the_caller_still_gives_feedback(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(
        capsys, "practice", "--text", "--profile", PROFILE, "--seed", "1", "--today", "2026-11-25",
        stdin="hi this is jordan lee\n",
    )  # fmt: skip
    assert result.status == 0
    assert "You left the call before it was over; practise it through to the goodbye." in result.out


def test_check_good_call(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "check", "--profile", PROFILE, "--today", "2026-11-25", str(DATA / "good-call.txt"))
    assert result.status == 0
    assert result.out == expected("check-good-call.out")


def test_check_points_out_a_wrong_date_and_pushiness(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(DATA / "wrong-date-pushy.txt")
    result = run(capsys, "check", "--profile", PROFILE, "--today", "2026-11-25", path)
    assert result.status == 0
    assert result.out == expected("check-wrong-date-pushy.out")
    assert "    Careful: You said November 18th; the interview was on Tuesday, November 17th.\n" in result.out


def test_check_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(DATA / "good-call.txt")
    result = run(capsys, "check", "--json", "--profile", PROFILE, "--today", "2026-11-25", path)
    report = json.loads(result.out)
    assert report["score"] == 100
    assert report["points"]["continued_interest"]["covered"] is True
    assert report["points"]["continued_interest"]["evidence"] == "I'm still very interested in the role"
    assert set(report["points"]["name"]) >= {"covered", "evidence", "tip"}


def test_check_reads_stdin_and_scores_the_unavailable_path(capsys: pytest.CaptureFixture[str]) -> None:
    call = (
        "You: Hi, this is Jordan Lee. Could I speak to Maria Lopez?\n"
        "You: When would be a good time to call back?\n"
    )
    flags = ["--json", "--scenario", "unavailable", "--profile", PROFILE, "--today", "2026-11-25"]
    result = run(capsys, "check", *flags, "-", stdin=call)
    report = json.loads(result.out)
    assert report["points"]["ask_callback"]["covered"] is True
    assert report["points"]["status_question"]["applies"] is False


def test_check_transcript_with_no_caller_lines(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "check", "--profile", PROFILE, "-", stdin="Receptionist: Hello?\n")
    assert result.status == 4
    assert result.err == "rehearse: -: no caller lines found (write them as `You: ...`)\n"


def test_check_unknown_scenario_fails_before_reading_anything(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "check", "--scenario", "busy", "--profile", PROFILE, "/nonexistent/call.txt")
    assert result.status == 64
    assert result.err == (
        "rehearse: --scenario: follow-up has no scenario 'busy' "
        "(scenarios: filled, open, pending, unavailable)\n"
    )
