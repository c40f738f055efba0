"""When to make the follow-up call, from the career advice rehearse teaches.

Not the day after the interview; wait at least a week; and once you have
called, do not call again every couple of days: leave a week between calls.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rehearse.errors import UsageError
from rehearse.profile import spoken_date

WAIT_AFTER_INTERVIEW = dt.timedelta(days=7)
WAIT_BETWEEN_CALLS = dt.timedelta(days=7)


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


def when_to_call(interviewed: dt.date, today: dt.date, last_call: dt.date | None = None) -> CallTiming:
    if last_call is not None and last_call > today:
        raise UsageError(f"--last-call: {last_call.isoformat()} is after today ({today.isoformat()})")
    if last_call is not None and last_call < interviewed:
        before = f"is before the interview ({interviewed.isoformat()})"
        raise UsageError(f"--last-call: {last_call.isoformat()} {before}")
    earliest = interviewed + WAIT_AFTER_INTERVIEW
    if last_call is not None:
        earliest = max(earliest, last_call + WAIT_BETWEEN_CALLS)
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
