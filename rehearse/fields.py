"""The caller's facts by name, with the help shown for each (no imports: the CLI's parser uses it)."""

FIELD_HELP = {
    "name": "your name, as you say it on the phone",
    "interviewer": "the person who interviewed you",
    "company": "the company you applied to",
    "position": "the job title you interviewed for",
    "interview_date": "the interview date, YYYY-MM-DD",
    "interview_time": "the interview time, HH:MM (24-hour)",
}

PROFILE_FIELDS = tuple(FIELD_HELP)
