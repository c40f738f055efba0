"""When to make the follow-up call, from the career advice rehearse teaches.

Not the day after the interview; wait at least a week; and once you have
called, do not call again every couple of days: leave a week between calls.
For planning the real call (`rehearse when`, the note at the start of `practice`),
`weekdays_only=True` also keeps it to a weekday: a good day that falls on a weekend
becomes the Monday after. The feedback on a practice call leaves the weekend out: it
judges the practice, not the calendar. Pure: dates in, a date and a reason out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from rehearse.errors import ProfileError, UsageError
from rehearse.profile.calendar import spoken_date

WAIT_AFTER_INTERVIEW = dt.timedelta(days=7)
WAIT_BETWEEN_CALLS = dt.timedelta(days=7)
SATURDAY = 5
NEEDS_INTERVIEW_DATE = (
    "when: the interview date is not known: give --interviewed YYYY-MM-DD, "
    "or save it with `rehearse profile --interview-date YYYY-MM-DD`"
)


@dataclass(frozen=True)
class CallTiming:
    call_now: bool
    earliest: dt.date
    reason: str

    def to_json(self) -> dict[str, object]:
        return {
            "call_now": self.call_now,
            "earliest": self.earliest.isoformat(),
            "reason": self.reason,
        }


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def next_weekday(day: dt.date) -> dt.date:
    """The day itself from Monday to Friday; the Monday after for a Saturday or a Sunday."""
    return day + dt.timedelta(days=max(0, 7 - day.weekday())) if day.weekday() >= SATURDAY else day


def last_real_call(calls: Iterable[dt.date], interviewed: dt.date, today: dt.date) -> dt.date | None:
    """The latest logged call made since the interview and not after today (others are about
    another application, or the future of a `--today` in the past)."""
    return max((day for day in calls if interviewed <= day <= today), default=None)


def plan_call(interviewed: dt.date | None, today: dt.date, calls: Iterable[dt.date] = ()) -> CallTiming:
    """The next good weekday for the real call, from the interview and the logged calls.
    Without an interview date it says what it needs (a ProfileError)."""
    if interviewed is None:
        raise ProfileError(NEEDS_INTERVIEW_DATE)
    return when_to_call(interviewed, today, last_real_call(calls, interviewed, today), weekdays_only=True)


def when_to_call(
    interviewed: dt.date,
    today: dt.date,
    last_call: dt.date | None = None,
    *,
    weekdays_only: bool = False,
) -> CallTiming:
    if last_call is not None and last_call > today:
        raise UsageError(f"--last-call: {last_call.isoformat()} is after today ({today.isoformat()})")
    if last_call is not None and last_call < interviewed:
        before = f"is before the interview ({interviewed.isoformat()})"
        raise UsageError(f"--last-call: {last_call.isoformat()} {before}")
    earliest = interviewed + WAIT_AFTER_INTERVIEW
    if last_call is not None:
        earliest = max(earliest, last_call + WAIT_BETWEEN_CALLS)
    if weekdays_only:
        earliest = next_weekday(earliest)
    when = spoken_date(earliest)
    if today < interviewed:
        reason = (
            f"The interview is still ahead ({spoken_date(interviewed)}). "
            f"Give them a week after it; the earliest good day to call is {when}."
        )
        return CallTiming(False, earliest, reason)
    since_interview = (today - interviewed).days
    if today < interviewed + WAIT_AFTER_INTERVIEW:
        if since_interview == 0:
            opening = "The interview was today"
        elif since_interview == 1:
            opening = "The interview was only yesterday"
        else:
            opening = f"It has been only {_days(since_interview)} since your interview"
        reason = (
            f"{opening}. Hiring takes time and calling too soon can seem pushy: "
            f"wait at least a week. The earliest good day to call is {when}."
        )
        return CallTiming(False, earliest, reason)
    if last_call is not None and today < last_call + WAIT_BETWEEN_CALLS:
        since_call = (today - last_call).days
        ago = "today" if since_call == 0 else f"{_days(since_call)} ago"
        reason = (
            f"You last called {ago}. Calling every couple of days can seem pushy: "
            f"leave a week between calls. The earliest good day to call again is {when}."
        )
        return CallTiming(False, earliest, reason)
    if weekdays_only and today.weekday() >= SATURDAY:
        monday = next_weekday(today)
        reason = (
            f"Today is {today.strftime('%A')}: most offices are closed at the weekend, so the person "
            f"you need is unlikely to pick up. The next good day to call is {spoken_date(monday)}."
        )
        return CallTiming(False, monday, reason)
    weeks = since_interview // 7
    span = "a week" if weeks == 1 else f"{weeks} weeks"
    reason = (
        f"It has been {_days(since_interview)} (over {span}) since your interview, "
        "so a short, polite follow-up call is a good idea now."
        if since_interview >= 7
        else ""
    )
    if last_call is not None:
        reason += f" Your last call was {_days((today - last_call).days)} ago, which leaves enough room."
    return CallTiming(True, earliest, reason)
