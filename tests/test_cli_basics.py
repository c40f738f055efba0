"""CLI commands that need no speech: exact output and exit status."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import run
from tests.core_fixtures import MINI_SCRIPT, PROFILE_YAML

PROFILE = str(Path(__file__).parent / "data" / "jordan.yaml")


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("REHEARSE_HOME", str(home))
    return home


@pytest.fixture
def profile_file(tmp_path: Path) -> Path:
    path = tmp_path / "me.yaml"
    path.write_text(PROFILE_YAML)
    return path


def test_when_too_soon(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "when", "--interviewed", "2026-11-17", "--today", "2026-11-18")
    assert result.status == 0
    assert result.out == (
        "Not yet.\n"
        "The interview was only yesterday. Hiring takes time and calling too soon can seem pushy: "
        "wait at least a week. The earliest good day to call is Tuesday, November 24th.\n"
        "Earliest good day: 2026-11-24\n"
    )


def test_when_json(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(
        capsys,
        "when",
        "--interviewed",
        "2026-11-17",
        "--last-call",
        "2026-11-25",
        "--today",
        "2026-11-27",
        "--json",
    )
    assert result.status == 0
    assert json.loads(result.out) == {
        "call_now": False,
        "earliest": "2026-12-02",
        "reason": "You last called 2 days ago. Calling every couple of days can seem pushy: leave a week "
        "between calls. The earliest good day to call again is Wednesday, December 2nd.",
    }


def test_usage_error_is_one_line_and_64(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "when", "--interviewed", "2026-11-17", "--today", "yesterday")
    assert result.status == 64
    assert result.out == ""
    assert result.err == (
        "rehearse: rehearse when: argument --today: expected a date as YYYY-MM-DD, got 'yesterday' "
        "(see rehearse when --help)\n"
    )


def test_scripts_lists_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "scripts")
    assert result.status == 0
    assert result.out == (
        "follow-up (default): Follow-up call after an interview\n"
        "    scenarios: open, pending, filled, unavailable\n"
        "follow-up-learned: Follow-up call after an interview (experimental learned judge)\n"
        "    scenarios: open, pending, filled, unavailable\n"
        "voicemail: Leaving a voicemail after an interview\n"
    )


def test_validate_reports_each_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(MINI_SCRIPT)
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI_SCRIPT.replace("    next: transfer\n", "    next: transfr\n"))
    result = run(capsys, "validate", str(good), str(bad))
    assert result.status == 2
    assert result.out == f"{good}: ok (Mini call: 2 points, 5 steps)\n"
    assert result.err == f"{bad}:34:11: steps.who.next: unknown step 'transfr'\n"


def test_validate_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = run(capsys, "validate", str(tmp_path / "nope.yaml"))
    assert result.status == 4
    assert result.err == f"rehearse: {tmp_path / 'nope.yaml'}: no such call script\n"


def test_check_without_profile_is_exit_3(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    call = tmp_path / "call.txt"
    call.write_text("You: hi\n")
    result = run(capsys, "check", str(call))
    assert result.status == 3
    assert result.err.startswith("rehearse: no profile yet: run `rehearse profile` once")


def test_check_unreadable_transcript_is_exit_4(
    capsys: pytest.CaptureFixture[str], profile_file: Path
) -> None:
    result = run(capsys, "check", "--profile", str(profile_file), "/nonexistent/call.txt")
    assert result.status == 4
    assert result.err == "rehearse: /nonexistent/call.txt: no such transcript file\n"


def test_bad_profile_file_is_exit_3(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(PROFILE_YAML.replace("interview_time: 14:00", "interview_time: teatime"))
    result = run(capsys, "check", "--profile", str(path), "-", stdin="You: hi\n")
    assert result.status == 3
    assert result.err == (
        f"rehearse: {path}:6: interview_time: expected a time such as 14:00 or 2:30 pm, got 'teatime'\n"
    )


def test_every_problem_in_a_profile_file_is_reported_where_it_stands(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(
        "name: Jordan Lee\ninterviewer: 5\ncompany: Northwind\nposition: analyst\n"
        "interview_date: tomorrow\ninterview_time: '2:00'\n"
    )
    result = run(capsys, "check", "--profile", str(path), "-", stdin="You: hi\n")
    assert result.status == 3
    assert result.err.splitlines() == [
        f"rehearse: {path}:2: interviewer: expected text, got 5",
        f"rehearse: {path}:5: interview_date: expected a date as YYYY-MM-DD, got 'tomorrow'",
        f"rehearse: {path}:6: interview_time: '2:00' could be 2 am or 2 pm: "
        "write it as 14:00 (24-hour) or 2:00 pm",
    ]


@pytest.mark.parametrize(
    ("written", "read"),
    [("14:00:00", "14:00"), ("'14:00'", "14:00"), ("2:30 pm", "14:30"), ("9:30", "09:30")],
)
def test_profile_times_are_read_as_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, written: str, read: str
) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(PROFILE_YAML.replace("interview_time: 14:00", f"interview_time: {written}"))
    result = run(capsys, "profile", "--show", "--profile", str(path))
    assert (result.status, result.err) == (0, "")
    assert f"interview_time: {read}" in result.out


def test_duplicate_keys_in_a_profile_are_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(PROFILE_YAML + "name: Someone Else\n")
    result = run(capsys, "check", "--profile", str(path), "-", stdin="You: hi\n")
    assert result.status == 3
    assert result.err.startswith(f"rehearse: {path}:7: name: duplicate key (first given on line 1)")


def test_a_bad_flag_value_is_reported_as_the_flags(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(
        capsys, "check", "--profile", PROFILE, "--interview-date", "tomorrow", "-", stdin="You: hi\n"
    )
    assert (result.status, result.err) == (
        3,
        "rehearse: --interview-date: cannot read 'tomorrow' as a date: try 2026-11-23, Nov 23, "
        "last Monday, or 23/11/2026 (day/month/year)\n",
    )


@pytest.mark.parametrize("value", ["", "   "], ids=["empty", "blank"])
def test_an_empty_flag_is_the_flags_problem_not_the_saved_profiles(
    capsys: pytest.CaptureFixture[str], private_home: Path, value: str
) -> None:
    assert run(capsys, "profile", "--profile", PROFILE).status == 0
    saved = (private_home / "profile.yaml").read_text()
    practice = run(capsys, "practice", "--text", "--name", value, stdin=b"Hi, this is Jordan Lee\n")
    assert (practice.status, practice.out) == (3, "")
    assert practice.err == "rehearse: --name: is empty; give your name, as you say it on the phone\n"
    assert run(capsys, "history", "--json").out == "[]\n"
    profile = run(capsys, "profile", "--interview-date", value)
    assert (profile.status, profile.err) == (
        3,
        "rehearse: --interview-date: is empty; give the interview date: 2026-11-23, Nov 23, last Monday "
        "or 23/11/2026 (day first)\n",
    )
    assert (private_home / "profile.yaml").read_text() == saved
    no_file = run(capsys, "check", "--profile", value, "-", stdin="You: hi\n")
    assert (no_file.status, no_file.err) == (
        4,
        "rehearse: --profile: is empty; give a YAML file with the fields\n",
    )


def test_flags_take_dates_and_times_as_people_type_them(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(
        capsys,
        "check",
        "--profile",
        PROFILE,
        "--today",
        "2026-11-26",
        "--interview-date",
        "9 days ago",
        "--interview-time",
        "2pm",
        "--json",
        "-",
        stdin="You: Hi, this is Jordan Lee. I interviewed on Tuesday the 17th at 2 pm.\n",
    )
    assert result.status == 0, result.err
    points = {point: found["covered"] for point, found in json.loads(result.out)["points"].items()}
    assert points["interview_date"] and points["interview_time"]


def test_practice_with_no_profile_and_no_terminal_uses_the_sample(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = run(capsys, "practice", "--text", "--seed", "1", stdin="Hi, this is Jordan Lee.\n")
    assert result.status == 0, result.err
    assert result.err.startswith(
        "No profile saved and no terminal to ask on: practising with the sample caller's facts "
        "(Jordan Lee, interviewed by Maria Lopez at Northwind Analytics). Set your own with "
        "`rehearse profile`.\n"
    )


def test_bare_rehearse_prints_help_with_exit_64(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys)
    assert result.status == 64
    assert result.err.startswith("usage: rehearse")


def test_a_missing_session_has_its_own_status(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "replay", "2020-01-01-nothing")
    assert (result.status, result.err) == (
        9,
        "rehearse: 2020-01-01-nothing: no such session (see `rehearse replay --list`)\n",
    )


def test_profile_saved_then_shown(capsys: pytest.CaptureFixture[str], private_home: Path) -> None:
    flags = [
        "--name", "Sam Okafor", "--interviewer", "Priya Shah", "--company", "Lakeside Clinic",
        "--position", "receptionist", "--interview-date", "2026-11-10", "--interview-time", "09:30",
    ]  # fmt: skip
    saved = run(capsys, "profile", *flags, stdin="")
    assert saved.status == 0
    assert saved.out.startswith(f"Saved to {private_home / 'profile.yaml'}\n")
    shown = run(capsys, "profile", "--show")
    assert shown.out == (
        "name: Sam Okafor\ninterviewer: Priya Shah\ncompany: Lakeside Clinic\nposition: receptionist\n"
        "interview_date: 2026-11-10\ninterview_time: 09:30\n"
    )
    assert oct((private_home / "profile.yaml").stat().st_mode & 0o777) == "0o600"


def test_help_runs_as_a_program() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rehearse", "--help"], capture_output=True, text=True, env={**os.environ}
    )
    assert result.returncode == 0
    for command in ("practice", "check", "when", "validate", "scripts", "profile"):
        assert command in result.stdout


def _closed_early(args: list[str], home: Path, *, lines: int) -> subprocess.CompletedProcess[bytes]:
    """`rehearse ARGS | head -LINES`: read that many lines, then close the pipe while rehearse may
    still be writing (with LINES=0, before it has written anything at all)."""
    env = {**os.environ, "REHEARSE_HOME": str(home)}
    process = subprocess.Popen(
        [sys.executable, "-m", "rehearse", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        bufsize=0,  # read no more than the lines asked for
    )
    assert process.stdout is not None and process.stderr is not None
    if hasattr(fcntl, "F_SETPIPE_SZ"):  # Linux: a one-page pipe, so a longer output cannot fit
        fcntl.fcntl(process.stdout.fileno(), fcntl.F_SETPIPE_SZ, 4096)
    for _ in range(lines):
        process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read()
    process.wait(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, b"", err)


@pytest.mark.parametrize(
    ("flags", "lines"),
    [([], 2), ([], 0), (["--json"], 2)],
    ids=["head-2", "closed-before-the-first-line", "json"],
)
def test_a_pipe_closed_early_ends_the_command_quietly(
    tmp_path: Path, private_home: Path, flags: list[str], lines: int
) -> None:
    call = tmp_path / "call.txt"
    call.write_text("You: Hi, this is Jordan Lee. I'm still very interested in the role.\n" * 250)
    args = ["check", *flags, "--profile", PROFILE, "--today", "2026-11-25", str(call)]
    result = _closed_early(args, private_home, lines=lines)
    assert (result.returncode, result.stderr) == (0, b"")
