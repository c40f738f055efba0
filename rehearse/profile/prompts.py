"""Where the caller's facts come from: the saved profile, a profile file, flags, or questions.

Each source overrides the one before: saved profile, then `--profile FILE`, then
flags. On a terminal, missing fields are asked for (dates and times are checked as
they are typed) and the answers are saved for next time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.prompt import Prompt

from rehearse import config
from rehearse.errors import InputFileError, ProfileError
from rehearse.profile.date_answers import read_date, read_time
from rehearse.profile.fields import FIELD_HELP
from rehearse.profile.model import (
    PROFILE_FIELDS,
    Profile,
    profile_from_mapping,
    read_profile_file,
    read_profile_mapping,
    sample_profile,
    save_profile,
)

NO_PROFILE = (
    "no profile yet: run `rehearse profile` once, or pass --profile FILE "
    "(or --name, --interviewer, --company, --position, --interview-date, --interview-time)"
)

SAMPLE_NOTICE = (
    "No profile saved and no terminal to ask on: practising with the sample caller's facts "
    "({name}, interviewed by {interviewer} at {company}). Set your own with `rehearse profile`."
)


def read_answer(field: str, answer: str, today: dt.date) -> tuple[str, str | None]:
    """A typed value for `field` as it is saved, and how it was read (dates and times)."""
    if field == "interview_date":
        read = read_date(answer, today)
        return read.day.isoformat(), read.read_as
    if field == "interview_time":
        moment, read_as = read_time(answer)
        return f"{moment:%H:%M}", read_as
    return answer, None


def saved_profile_data() -> dict[str, Any]:
    path = config.profile_path()
    return read_profile_mapping(path) if path.is_file() else {}


def gather_profile(
    profile_file: str | None,
    flags: Mapping[str, str | None],
    *,
    ask_on: Console | None = None,
    today: dt.date | None = None,
    sample: Callable[[str], None] | None = None,
) -> Profile:
    """The profile in use; `ask_on` (a terminal) asks for whatever is still missing.

    Dates and times given by flag are read as typed answers are ("Nov 23", "3pm"), against
    `today`. With no profile at all and nobody to ask, `sample` (when given) is told the sample
    caller's facts are used, and they are."""
    today = today or dt.date.today()
    data: dict[str, Any] = {}
    origins: dict[str, str] = {}  # where each value came from, for messages
    saved = config.profile_path()
    sources = []
    if saved.is_file():
        data, origins = read_profile_file(saved)
        sources.append(str(saved))
    if profile_file is not None and not profile_file.strip():
        raise InputFileError("--profile: is empty; give a YAML file with the fields")
    if profile_file:
        from_file, lines = read_profile_file(Path(profile_file))
        data.update(from_file)
        origins.update(lines)
        sources.append(profile_file)
    given = {field: _flag_value(field, value, today) for field, value in flags.items() if value is not None}
    data.update(given)
    origins.update({field: "--" + field.replace("_", "-") for field in given})
    if ask_on is not None and any(field not in data for field in PROFILE_FIELDS):
        return ask_profile(data, ask_on, today=today)
    if not data:
        if sample is None:
            raise ProfileError(NO_PROFILE)
        profile = sample_profile(today)
        sample(SAMPLE_NOTICE.format(**profile.to_mapping()))
        return profile
    source = sources[-1] if sources and len(data) >= len(PROFILE_FIELDS) else "profile"
    return profile_from_mapping(data, source=source, origins=origins)


def _flag_value(field: str, value: str, today: dt.date) -> str:
    """A field given by flag, read as a typed answer; its problems are the flag's, not a file's."""
    flag = "--" + field.replace("_", "-")
    if not value.strip():
        raise ProfileError(f"{flag}: is empty; give {FIELD_HELP[field]}")
    try:
        return read_answer(field, value, today)[0]
    except ProfileError as problem:
        raise ProfileError(str(problem).replace(f"{field}: ", f"{flag}: ", 1)) from None


def ask_profile(current: Mapping[str, Any], out: Console, *, today: dt.date | None = None) -> Profile:
    """Ask for each field on the terminal, then save the profile.

    The current values are the defaults; with none yet, the sample caller's are, so Enter
    alone gives a profile to practise with."""
    today = today or dt.date.today()
    out.print("Tell rehearse about the call you are preparing (saved for next time).")
    defaults: Mapping[str, Any] = current
    if not current:
        defaults = sample_profile(today).to_mapping()
        out.print("Press Enter to take the value in brackets: a sample caller's, until you give your own.")
    data = dict(current)
    try:
        for field, help_text in FIELD_HELP.items():
            data[field] = _ask_field(field, help_text, defaults.get(field), out, today)
    except EOFError:  # Ctrl-D: the user is done answering
        out.print()
        raise ProfileError("profile: input ended before every question was answered; nothing saved") from None
    profile = profile_from_mapping(data)
    save_profile(profile, config.profile_path())
    out.print(f"Saved to {escape(str(config.profile_path()))}")
    return profile


def _ask_field(field: str, help_text: str, default: Any, out: Console, today: dt.date) -> str:
    while True:
        answer = Prompt.ask(
            f"{field.replace('_', ' ').capitalize()} ({help_text})",
            default=None if default is None else str(default),
            console=out,
        )
        answer = " ".join((answer or "").split())
        try:
            if not answer:
                raise ProfileError(f"{field}: please fill this in")
            value, read_as = read_answer(field, answer, today)
        except ProfileError as problem:
            out.print(f"[yellow]{escape(str(problem))}[/yellow]")
            continue
        if read_as is not None and read_as != answer:
            out.print(f"  Read as {escape(read_as)}.")
        return value
