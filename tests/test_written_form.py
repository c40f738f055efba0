"""One written form for every turn: what recognizers and people write, read the same way."""

from __future__ import annotations

import pytest

from bench.checker import script_detectors
from rehearse.checks.written import written_form
from rehearse.speech.audio.turn_end import TurnEnd
from tests.core_fixtures import FACTS


@pytest.mark.parametrize(
    ("written", "form"),
    [
        ("at 2pm", "at 2 pm"),
        ("at 2 p.m. sharp", "at 2 pm sharp"),
        ("at 2PM", "at 2 pm"),
        ("at 2.30pm", "at 2:30 pm"),
        ("at 10.30 am", "at 10:30 am"),
        ("9:30 a.m.", "9:30 am."),  # the stop ends the sentence too
        ("at 2 p.m. Then we talked", "at 2 pm. Then we talked"),
        ("at 2 pm. I wanted", "at 2 pm. I wanted"),
        ("at 14.00", "at 14:00"),
        ("on 11/17", "on November 17th"),
        ("on 11-17", "on November 17th"),
        ("on 17/11/2026", "on November 17th 2026"),
        ("on 2/16/26", "on February 16th 2026"),
        ("100% interested", "100 percent interested"),
        ("Smith & Co", "Smith and Co"),
        ("\ufeffHello", "Hello"),
        ("2.5 years", "2.5 years"),  # a decimal is no time
        ("2-3 weeks", "2-3 weeks"),  # a range is no date
        ("call 555-1234", "call 555-1234"),
    ],
)
def test_written_form(written: str, form: str) -> None:
    assert written_form(written) == form


# Whisper's and people's written forms, judged by the follow-up script's detectors.
# (turn, interview_date covered, interview_time covered); the interview: Tuesday, Nov 17 at 2 pm.
FORMS = [
    ("I interviewed on 11/17 at 2pm.", True, True),
    ("It was November 17 at 2.00 pm", True, True),
    ("We met on 17/11 at 2:00 p.m.", True, True),
    ("The interview was on the 17th at 14:00.", True, True),
    ("It was at 2.30pm on 11/17.", True, False),  # 2:30 is not 2 pm
    ("It was at 10.30am.", False, False),
    ("I interviewed on 11/18 at 9am.", False, False),
    ("I interviewed on 2/16.", False, False),
]


@pytest.mark.parametrize(("turn", "date", "time"), FORMS)
def test_detectors_read_every_written_form(turn: str, date: bool, time: bool) -> None:
    detectors = script_detectors()
    assert detectors["interview_date"].find([turn], FACTS).covered is date
    assert detectors["interview_time"].find([turn], FACTS).covered is time


@pytest.mark.parametrize(
    ("partial", "pause"),
    [
        ("Is the position still open?", 0.45),
        ("I interviewed on, um", 1.3),
        ("I interviewed for the position and", 1.3),
        ("So,", 1.3),
        ("Hi, this is Jordan Lee.", 0.8),
        ("", 0.8),
    ],
)
def test_the_pause_that_ends_a_turn_follows_what_was_said(partial: str, pause: float) -> None:
    assert TurnEnd().pause_after(partial) == pause
