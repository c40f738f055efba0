"""Dates and times typed as answers to the profile questions (and given by flag)."""

from __future__ import annotations

import datetime as dt

import pytest

from rehearse.errors import ProfileError
from rehearse.profile.date_answers import read_date, read_time

TODAY = dt.date(2026, 12, 3)  # a Thursday


@pytest.mark.parametrize(
    ("answer", "day"),
    [
        ("2026-11-23", dt.date(2026, 11, 23)),
        ("Nov 23", dt.date(2026, 11, 23)),
        ("nov. 23rd", dt.date(2026, 11, 23)),
        ("November 23, 2026", dt.date(2026, 11, 23)),
        ("23 November", dt.date(2026, 11, 23)),
        ("the 23rd of November", dt.date(2026, 11, 23)),
        ("23/11/2026", dt.date(2026, 11, 23)),
        ("11/23/2026", dt.date(2026, 11, 23)),  # 23 cannot be a month: month first
        ("03/11/2026", dt.date(2026, 11, 3)),  # both could be: day first, as the question says
        ("23.11.26", dt.date(2026, 11, 23)),
        ("Dec 24", dt.date(2025, 12, 24)),  # no year: the latest one not after today
        ("yesterday", dt.date(2026, 12, 2)),
        ("today", TODAY),
        ("last Monday", dt.date(2026, 11, 30)),
        ("Monday", dt.date(2026, 11, 30)),
        ("last thursday", dt.date(2026, 11, 26)),  # said on a Thursday: a week ago
        ("3 days ago", dt.date(2026, 11, 30)),
        ("a week ago", dt.date(2026, 11, 26)),
        ("two weeks ago", dt.date(2026, 11, 19)),
    ],
)
def test_dates_people_type(answer: str, day: dt.date) -> None:
    assert read_date(answer, TODAY).day == day


def test_a_date_is_read_back_in_words() -> None:
    assert read_date("23/11/2026", TODAY).read_as == "Monday, November 23, 2026"


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ("tomorrow", "interview_date: cannot read 'tomorrow' as a date: try 2026-11-23, Nov 23"),
        ("31/02/2026", "interview_date: cannot read '31/02/2026' as a date"),
        ("soon", "interview_date: cannot read 'soon' as a date"),
        ("2027-01-05", "interview_date: Tuesday, January 5, 2027 is after today"),
        ("Nov 31", "interview_date: cannot read 'Nov 31' as a date"),
    ],
)
def test_dates_that_cannot_be_the_interview(answer: str, problem: str) -> None:
    with pytest.raises(ProfileError) as caught:
        read_date(answer, TODAY)
    assert str(caught.value).startswith(problem)


@pytest.mark.parametrize(
    ("answer", "moment", "read_as"),
    [
        ("3:30 pm", dt.time(15, 30), "3:30 pm (15:30)"),
        ("3:30 p.m.", dt.time(15, 30), "3:30 pm (15:30)"),
        ("15:30", dt.time(15, 30), "3:30 pm (15:30)"),
        ("3pm", dt.time(15, 0), "3 pm (15:00)"),
        ("10.15 am", dt.time(10, 15), "10:15 am (10:15)"),
        ("9:30", dt.time(9, 30), "9:30 am (09:30)"),
        ("noon", dt.time(12, 0), "noon (12:00)"),
    ],
)
def test_times_people_type(answer: str, moment: dt.time, read_as: str) -> None:
    assert read_time(answer) == (moment, read_as)


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ("teatime", "interview_time: cannot read 'teatime' as a time: try 3:30 pm, 15:30 or 3pm"),
        ("2:00", "interview_time: '2:00' could be 2 am or 2 pm: write it as 14:00 (24-hour) or 2:00 pm"),
        ("25:00", "interview_time: cannot read '25:00' as a time"),
    ],
)
def test_times_that_cannot_be_read(answer: str, problem: str) -> None:
    with pytest.raises(ProfileError) as caught:
        read_time(answer)
    assert str(caught.value).startswith(problem)
