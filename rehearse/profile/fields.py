"""The caller's facts by name, with the help shown for each (no imports: the CLI's parser uses it)."""

FIELD_HELP = {
    "name": "your name, as you say it on the phone",
    "interviewer": "the person who interviewed you",
    "company": "the company you applied to",
    "position": "the job title you interviewed for",
    "interview_date": "the interview date: 2026-11-23, Nov 23, last Monday or 23/11/2026 (day first)",
    "interview_time": "the interview time: 3:30 pm, 15:30 or 3pm",
}

PROFILE_FIELDS = tuple(FIELD_HELP)
