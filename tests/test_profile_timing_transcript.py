"""Profiles as people type them, the timing advice, and reading written transcripts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rehearse.channels.transcript import caller_turns, parse_transcript
from rehearse.coaching.timing import when_to_call
from rehearse.errors import ProfileError, UsageError
from rehearse.profile.calendar import spoken_date, spoken_time
from rehearse.profile.model import load_profile, profile_from_mapping
from rehearse.templates import TemplateFieldError, fields_in, render
from rehearse.turns import Line
from tests.core_fixtures import JORDAN, PROFILE_YAML


def test_unquoted_yaml_date_and_time_load(tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(PROFILE_YAML)
    assert load_profile(path) == JORDAN


def test_quoted_yaml_date_and_time_load(tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(PROFILE_YAML.replace("2026-11-17", '"2026-11-17"').replace("14:00", '"14:00"'))
    assert load_profile(path) == JORDAN


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"interview_time": "teatime"},
            "p: interview_time: expected a time such as 14:00 or 2:30 pm, got 'teatime'",
        ),
        (
            {"interview_time": "2:00"},
            "p: interview_time: '2:00' could be 2 am or 2 pm: write it as 14:00 (24-hour) or 2:00 pm",
        ),
        (
            {"interview_date": "17/11/2026"},
            "p: interview_date: expected a date as YYYY-MM-DD, got '17/11/2026'",
        ),
        (
            {"favourite_colour": "blue"},
            "p: favourite_colour: unknown field (expected: name, interviewer, "
            "company, position, interview_date, interview_time)",
        ),
        ({"name": ""}, "p: name: missing (set it in the profile or with --name)"),
    ],
)
def test_bad_profiles_say_which_field(change: dict, message: str) -> None:
    data = {**JORDAN.to_mapping(), **change}
    with pytest.raises(ProfileError) as caught:
        profile_from_mapping(data, source="p")
    assert str(caught.value) == message


def test_spoken_forms() -> None:
    assert spoken_date(dt.date(2026, 11, 17)) == "Tuesday, November 17th"
    assert spoken_date(dt.date(2026, 11, 22)) == "Sunday, November 22nd"
    assert spoken_date(dt.date(2026, 11, 11)) == "Wednesday, November 11th"
    assert spoken_time(dt.time(14, 0)) == "2 pm"
    assert spoken_time(dt.time(9, 30)) == "9:30 am"
    assert spoken_time(dt.time(12, 0)) == "noon"


def test_templates_substitute_without_evaluating() -> None:
    values = {"name": "Jordan"}
    assert render("Hi, this is {name}. {{braces}}", values) == "Hi, this is Jordan. {braces}"
    with pytest.raises(TemplateFieldError):
        fields_in("{name.__class__}")
    with pytest.raises(TemplateFieldError):
        render("{name!r}", values)
    with pytest.raises(TemplateFieldError):
        render("{other}", values)


INTERVIEW = dt.date(2026, 11, 17)


@pytest.mark.parametrize(
    ("today", "last_call", "call_now", "earliest", "reason_start"),
    [
        ("2026-11-18", None, False, "2026-11-24", "The interview was only yesterday."),
        ("2026-11-20", None, False, "2026-11-24", "It has been only 3 days since your interview."),
        ("2026-11-24", None, True, "2026-11-24", "It has been 7 days (over a week)"),
        ("2026-12-03", "2026-12-01", False, "2026-12-08", "You last called 2 days ago."),
        ("2026-12-09", "2026-12-01", True, "2026-12-08", "It has been 22 days (over 3 weeks)"),
        ("2026-11-10", None, False, "2026-11-24", "The interview is still ahead"),
    ],
)
def test_when_to_call(
    today: str, last_call: str | None, call_now: bool, earliest: str, reason_start: str
) -> None:
    timing = when_to_call(
        INTERVIEW, dt.date.fromisoformat(today), dt.date.fromisoformat(last_call) if last_call else None
    )
    assert timing.call_now is call_now
    assert timing.earliest.isoformat() == earliest
    assert timing.reason.startswith(reason_start)


def test_a_last_call_in_the_future_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="--last-call: 2026-12-01 is after today"):
        when_to_call(INTERVIEW, dt.date(2026, 11, 25), dt.date(2026, 12, 1))


def test_transcript_speakers() -> None:
    text = """\
# practice on Monday
Receptionist: Northwind Analytics, how can I help?
You: Hi, this is Jordan Lee.
Maria: Hello Jordan.
Jordan: I interviewed on the 17th at 10:30.
i'm still interested

Interviewer Maria Lopez: Thanks for calling.
"""
    lines = parse_transcript(text, ("Jordan Lee", "Jordan"))
    assert [turn.text for turn in caller_turns(lines)] == [
        "Hi, this is Jordan Lee.",
        "I interviewed on the 17th at 10:30.",
        "i'm still interested",
    ]
    assert [line.speaker for line in lines if isinstance(line, Line)] == [
        "Receptionist",
        "Maria",
        "Interviewer Maria Lopez",
    ]
