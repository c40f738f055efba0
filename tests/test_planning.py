"""Planning the real call: the weekday rule, the logged calls, `rehearse when` from the
profile, and the note at the start of `practice`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from rehearse.coaching.timing import last_real_call, next_weekday, plan_call
from rehearse.errors import ProfileError
from tests.cli_helpers import run

PROFILE = str(Path(__file__).parent / "data" / "jordan.yaml")
INTERVIEW = dt.date(2026, 11, 17)  # a Tuesday


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REHEARSE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_next_weekday() -> None:
    assert next_weekday(day("2026-11-27")) == day("2026-11-27")  # Friday
    assert next_weekday(day("2026-11-28")) == day("2026-11-30")  # Saturday -> Monday
    assert next_weekday(day("2026-11-29")) == day("2026-11-30")  # Sunday -> Monday


@pytest.mark.parametrize(
    ("interviewed", "today", "calls", "call_now", "earliest", "reason_start"),
    [
        ("2026-11-17", "2026-11-18", [], False, "2026-11-24", "The interview was only yesterday."),
        ("2026-11-17", "2026-11-24", [], True, "2026-11-24", "It has been 7 days (over a week)"),
        # a week after a Saturday interview is a Saturday: the good day is the Monday after
        ("2026-11-21", "2026-11-23", [], False, "2026-11-30", "It has been only 2 days"),
        ("2026-11-17", "2026-11-28", [], False, "2026-11-30", "Today is Saturday: most offices are closed"),
        ("2026-11-17", "2026-11-29", [], False, "2026-11-30", "Today is Sunday"),
        ("2026-11-17", "2026-11-27", ["2026-11-25"], False, "2026-12-02", "You last called 2 days ago."),
        ("2026-11-17", "2026-12-03", ["2026-11-24", "2026-11-25"], True, "2026-12-02", "It has been 16 days"),
        # a call before the interview (another application) or after today does not count
        ("2026-11-17", "2026-11-25", ["2026-11-10", "2026-11-30"], True, "2026-11-24", "It has been 8 days"),
    ],
)
def test_plan_call(
    interviewed: str, today: str, calls: list[str], call_now: bool, earliest: str, reason_start: str
) -> None:
    timing = plan_call(day(interviewed), day(today), [day(c) for c in calls])
    assert (timing.call_now, timing.earliest.isoformat()) == (call_now, earliest)
    assert timing.reason.startswith(reason_start), timing.reason
    assert timing.earliest.weekday() < 5


def test_plan_call_without_an_interview_date_says_what_it_needs() -> None:
    with pytest.raises(ProfileError) as error:
        plan_call(None, day("2026-11-25"))
    assert str(error.value) == (
        "when: the interview date is not known: give --interviewed YYYY-MM-DD, "
        "or save it with `rehearse profile --interview-date YYYY-MM-DD`"
    )


def test_last_real_call() -> None:
    calls = [day("2026-11-10"), day("2026-11-20"), day("2026-11-26")]
    assert last_real_call(calls, INTERVIEW, day("2026-11-25")) == day("2026-11-20")
    assert last_real_call(calls[:1], INTERVIEW, day("2026-11-25")) is None


def test_when_reads_the_profile_and_the_logged_calls(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "profile", "--profile", PROFILE).status == 0
    logged = run(capsys, "log-call", "--date", "2026-11-24", "--outcome", "  left a   voicemail ")
    assert (logged.status, logged.out) == (
        0,
        "Logged your call of Tuesday, November 24th: left a voicemail.\n",
    )
    result = run(capsys, "when", "--today", "2026-11-27")
    assert result.status == 0, result.err
    assert result.out == (
        "Your last logged call: 2026-11-24, left a voicemail.\n"
        "Not yet.\n"
        "You last called 3 days ago. Calling every couple of days can seem pushy: leave a week "
        "between calls. The earliest good day to call again is Tuesday, December 1st.\n"
        "Earliest good day: 2026-12-01\n"
    )
    data = json.loads(run(capsys, "when", "--today", "2026-12-01", "--json").out)
    assert data["call_now"] is True
    assert data["last_call"] == {"date": "2026-11-24", "outcome": "left a voicemail"}
    flags = run(capsys, "when", "--today", "2026-11-27", "--last-call", "2026-11-18")  # flags win
    assert flags.out.startswith("Yes, call now.\n")


def test_when_without_an_interview_date_is_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "when")
    assert result.status == 3
    assert result.err == (
        "rehearse: when: the interview date is not known: give --interviewed YYYY-MM-DD, "
        "or save it with `rehearse profile --interview-date YYYY-MM-DD`\n"
    )


def test_log_call_refuses_the_future_and_an_empty_outcome(capsys: pytest.CaptureFixture[str]) -> None:
    future = run(capsys, "log-call", "--date", "2999-01-01", "--outcome", "spoke to Maria")
    assert future.status == 64
    assert future.err == f"rehearse: --date: 2999-01-01 is after today ({dt.date.today().isoformat()})\n"
    empty = run(capsys, "log-call", "--outcome", " ")
    assert empty.status == 64
    assert empty.err == 'rehearse: --outcome: say how the call went, e.g. --outcome "left a voicemail"\n'
    missing = run(capsys, "log-call")
    assert missing.status == 64 and "--outcome" in missing.err


def test_when_and_log_call_take_dates_as_the_profile_does(capsys: pytest.CaptureFixture[str]) -> None:
    profile = run(capsys, "profile", "--profile", PROFILE, "--interview-date", "yesterday")
    assert profile.status == 0, profile.err
    # 2026-11-26 is a Thursday: "last Monday" is the 23rd, "Nov 17" the Tuesday before.
    relative = run(capsys, "when", "--interviewed", "yesterday", "--today", "2026-11-26")
    assert relative.status == 0, relative.err
    assert relative.out.startswith("Not yet.\nThe interview was only yesterday.")
    named = run(
        capsys, "when", "--interviewed", "Nov 17", "--last-call", "last Monday", "--today", "2026-11-26",
        "--json",
    )  # fmt: skip
    assert named.status == 0, named.err
    assert json.loads(named.out)["earliest"] == "2026-11-30"  # a week after Monday the 23rd
    logged = run(capsys, "log-call", "--date", "yesterday", "--outcome", "left a voicemail")
    yesterday = dt.date.today() - dt.timedelta(days=1)
    assert (logged.status, logged.err) == (0, "")
    assert json.loads(run(capsys, "when", "--json").out)["last_call"]["date"] == yesterday.isoformat()


@pytest.mark.parametrize(
    ("command", "flag"),
    [("when", "--interviewed"), ("when", "--last-call"), ("log-call", "--date")],
)
def test_a_date_flag_that_cannot_be_read_is_worded_as_the_profile_words_it(
    capsys: pytest.CaptureFixture[str], command: str, flag: str
) -> None:
    extra = ["--interviewed", "2026-11-17"] if flag == "--last-call" else []
    extra += ["--outcome", "left a voicemail"] if command == "log-call" else []
    result = run(capsys, command, flag, "the other day", *extra)
    assert (result.status, result.out) == (64, "")
    assert result.err == (
        f"rehearse: {flag}: cannot read 'the other day' as a date: try 2026-11-23, Nov 23, last Monday, "
        "or 23/11/2026 (day/month/year)\n"
    )
    profile = run(capsys, "profile", "--profile", PROFILE, "--interview-date", "the other day")
    assert profile.err == result.err.replace(flag, "--interview-date")
    planned = json.loads(run(capsys, "when", "--interviewed", "2026-11-17", "--json").out)
    assert "last_call" not in planned  # nothing was logged


def test_when_still_plans_an_interview_ahead(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "when", "--interviewed", "2026-12-10", "--today", "2026-11-26")
    assert result.status == 0, result.err
    assert result.out.startswith("Not yet.\nThe interview is still ahead (Thursday, December 10th).")


def test_practice_says_once_at_the_start_when_a_real_call_is_too_soon(
    capsys: pytest.CaptureFixture[str],
) -> None:
    flags = ("--text", "--profile", PROFILE, "--seed", "1", "--scenario", "open")
    early = run(capsys, "practice", *flags, "--today", "2026-11-19", stdin="hi this is jordan lee\n")
    assert early.status == 0
    first, second = early.out.splitlines()[:2]
    assert first == (
        "Not yet for the real call: It has been only 2 days since your interview. Hiring takes time and "
        "calling too soon can seem pushy: wait at least a week. The earliest good day to call is "
        "Tuesday, November 24th. Practise now."
    )
    assert second.startswith("Receptionist: ")
    assert early.out.count("Not yet for the real call") == 1
    due = run(capsys, "practice", *flags, "--today", "2026-11-25", stdin="hi this is jordan lee\n")
    assert "Not yet for the real call" not in due.out
