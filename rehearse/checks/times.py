"""`time`: the caller named the time of the interview ("at 2 pm", "two o'clock", "14:00").

Spoken numbers become digits first. A bare hour counts only after "at",
"around" or "about" ("at two"), and then matches either half of the day; "am",
"pm", "in the morning/afternoon/evening" pin it down. Another time said about
the interview is reported as a problem.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rehearse.checks.base import MISSED, DetectorKind, Facts, Finding
from rehearse.checks.occasion import about_something_else, unsure
from rehearse.checks.params import flag, phrase_list, phrases_schema
from rehearse.checks.spoken import digits, quote_located
from rehearse.checks.text import analyse
from rehearse.profile.calendar import spoken_time

PARAMS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "bare_hour": {
            "type": "boolean",
            "description": "Accept an hour without am/pm after 'at' ('at two'). Default true.",
        },
        "unsure": phrases_schema(
            "Doubt cues: a time after one in its clause is not given ('I don't remember if it "
            "was ...'). A time said as one of two ('... or ...') never is. Default none."
        ),
    },
}

_PERIOD = r"(am|pm|oclock|noon|in\s+the\s+morning|in\s+the\s+afternoon|in\s+the\s+evening)"
_CLOCK = re.compile(rf"\b(\d{{1,2}}):(\d{{2}})(?:\s*{_PERIOD})?")
_HOUR_PERIOD = re.compile(rf"\b(\d{{1,2}})(?:\s+(\d{{2}}))?\s+{_PERIOD}")
_AT_HOUR = re.compile(r"\b(?:at|around|about|by)\s+(\d{1,2})(?:\s+(\d{2}))?\b(?![:/]|st|nd|rd|th)")
_PAST = re.compile(r"\b(half|quarter|(\d{1,2}))\s+(?:past|after)\s+(\d{1,2})\b")
# British "half ten" is half past ten (10:30).
_HALF_HOUR = re.compile(r"\bhalf\s+(\d{1,2})\b(?![:/]|st|nd|rd|th)")
_TO = re.compile(r"\b(quarter|(\d{1,2}))\s+(?:to|till|before)\s+(\d{1,2})\b")
_NOON = re.compile(r"\b(noon|midday|lunchtime)\b")
# Words after "at 2" that show it is not a time: "at 1 point", "at 2 companies".
_NOT_TIME_AFTER = re.compile(
    r"\s*(point|of|least|times?|minutes?|hours?|days?|weeks?|months?|years?|people|percent|"
    r"companies|interviews?|places|jobs|other|different)\b"
)
_INTERVIEW_CUES = re.compile(r"\b(interview\w*|met|meeting|spoke|talked|came in|appointment)\b")


@dataclass(frozen=True)
class ClockTime:
    hour: int  # as said: 0-23
    minute: int
    period: str  # "am", "pm" or "" when the half of the day was not said
    start: int
    text: str

    def matches(self, moment: dt.time) -> bool:
        if self.minute != moment.minute:
            return False
        if self.hour > 12 or (self.period == "" and self.hour == 0):
            return self.hour == moment.hour
        if self.period == "am":
            return self.hour % 12 == moment.hour
        if self.period == "pm":
            return self.hour % 12 + 12 == moment.hour
        return self.hour % 12 == moment.hour % 12

    def label(self) -> str:
        if self.hour > 12 or self.period:
            hour = self.hour if self.hour > 12 else self.hour % 12 + (12 if self.period == "pm" else 0)
            return spoken_time(dt.time(hour % 24, self.minute))
        return f"{self.hour}:{self.minute:02d}" if self.minute else f"{self.hour} o'clock"


def _period(word: str | None) -> str:
    if not word:
        return ""
    if word in ("am",) or word.endswith("morning"):
        return "am"
    if word in ("pm", "noon") or word.endswith(("afternoon", "evening")):
        return "pm"
    return ""


def said_times(text: str, bare_hour: bool = True) -> list[ClockTime]:
    """Every clock time in `text` (digits form)."""
    found: list[ClockTime] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match[str], hour: int, minute: int, period: str) -> None:
        if any(s < match.end() and match.start() < e for s, e in taken):
            return
        if 0 <= hour <= 23 and 0 <= minute <= 59:
            taken.append(match.span())
            found.append(ClockTime(hour, minute, period, match.start(), match.group(0)))

    for match in _CLOCK.finditer(text):
        add(match, int(match.group(1)), int(match.group(2)), _period(match.group(3)))
    for match in _HOUR_PERIOD.finditer(text):
        minute = int(match.group(2)) if match.group(2) else 0
        add(match, int(match.group(1)), minute, _period(match.group(3)))
    for match in _PAST.finditer(text):
        minute = {"half": 30, "quarter": 15}.get(match.group(1)) or int(match.group(2))
        add(match, int(match.group(3)), minute, "")
    for match in _HALF_HOUR.finditer(text):
        hour = int(match.group(1))
        if 1 <= hour <= 12 and not _NOT_TIME_AFTER.match(text, match.end()):
            add(match, hour, 30, _period(_later_period(text[match.end() : match.end() + 24])))
    for match in _TO.finditer(text):
        before = 15 if match.group(1) == "quarter" else int(match.group(2))
        hour = int(match.group(3))
        if 1 <= hour <= 12 and 0 < before < 60:
            add(match, (hour - 1) % 12 or 12, 60 - before, "")
    for match in _NOON.finditer(text):
        add(match, 12, 0, "pm")
    if bare_hour:
        for match in _AT_HOUR.finditer(text):
            hour = int(match.group(1))
            if 13 <= hour <= 23 and match.group(2):  # "at sixteen fifteen": 24-hour, said aloud
                add(match, hour, int(match.group(2)), "")
            elif 1 <= hour <= 12 and not _NOT_TIME_AFTER.match(text, match.end()):
                minute = int(match.group(2)) if match.group(2) else 0
                tail = text[match.end() : match.end() + 24]
                add(match, hour, minute, _period(_later_period(tail)))
    return sorted(found, key=lambda t: t.start)


def _later_period(tail: str) -> str | None:
    match = re.match(rf"\s*(?:that\s+|in\s+the\s+)?{_PERIOD}", tail)
    if match:
        return match.group(1)
    match = re.match(r"\s*(?:that\s+)?(morning|afternoon|evening)", tail)
    return match.group(1) if match else None


@dataclass(frozen=True)
class TimeDetector:
    bare_hour: bool = True
    unsure: tuple[str, ...] = ()

    def find(self, turns: Sequence[str], facts: Facts) -> Finding:
        moment = facts.profile.interview_time
        wrong: tuple[str, int] | None = None
        for turn_index, text in enumerate(turns):
            turn = analyse(text)
            index = 0
            while index < len(turn.words):
                lo, hi = turn.sentence_bounds(index)
                index = hi + 1
                sentence = digits(turn.span(lo, hi))
                for said in said_times(sentence, self.bare_hour):
                    if about_something_else(sentence, said.start, said.start + len(said.text)):
                        continue
                    if unsure(sentence, said.start, said.start + len(said.text), self.unsure):
                        continue
                    if said.matches(moment):
                        return Finding(True, quote_located(turn, lo, hi, said.text), turn_index)
                    if wrong is None and _INTERVIEW_CUES.search(sentence):
                        wrong = (said.label(), turn_index)
        if wrong is None:
            return MISSED
        problem = f"you said {wrong[0]}; the interview was at {spoken_time(moment)}"
        return Finding(False, turn=wrong[1], problem=problem)


def build(params: Mapping[str, Any]) -> TimeDetector:
    return TimeDetector(bare_hour=flag(params, "bare_hour", True), unsure=phrase_list(params, "unsure"))


KIND = DetectorKind(
    factory=build,
    params_schema=PARAMS_SCHEMA,
    summary="The interview time, spoken or written, with am/pm or a bare hour after 'at'.",
)
