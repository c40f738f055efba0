"""Where the caller's facts come from: the saved profile, a profile file, flags, or questions.

Each source overrides the one before: saved profile, then `--profile FILE`, then
flags. On a terminal, missing fields are asked for (dates and times are checked as
they are typed) and the answers are saved for next time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.prompt import Prompt

from rehearse import config
from rehearse.errors import ProfileError
from rehearse.fields import FIELD_HELP
from rehearse.profile import (
    PROFILE_FIELDS,
    Profile,
    parse_date,
    parse_time,
    profile_from_mapping,
    read_profile_file,
    read_profile_mapping,
    save_profile,
)

NO_PROFILE = (
    "no profile yet: run `rehearse profile` once, or pass --profile FILE "
    "(or --name, --interviewer, --company, --position, --interview-date, --interview-time)"
)

_CHECKS: dict[str, Callable[[str], object]] = {"interview_date": parse_date, "interview_time": parse_time}


def saved_profile_data() -> dict[str, Any]:
    path = config.profile_path()
    return read_profile_mapping(path) if path.is_file() else {}


def gather_profile(
    profile_file: str | None,
    flags: Mapping[str, str | None],
    *,
    ask_on: Console | None = None,
) -> Profile:
    """The profile in use; `ask_on` (a terminal) asks for whatever is still missing."""
    data: dict[str, Any] = {}
    origins: dict[str, str] = {}  # where each value came from, for messages
    saved = config.profile_path()
    sources = []
    if saved.is_file():
        data, origins = read_profile_file(saved)
        sources.append(str(saved))
    if profile_file:
        from_file, lines = read_profile_file(Path(profile_file))
        data.update(from_file)
        origins.update(lines)
        sources.append(profile_file)
    given = {field: value for field, value in flags.items() if value is not None}
    data.update(given)
    origins.update({field: "--" + field.replace("_", "-") for field in given})
    if ask_on is not None and any(field not in data for field in PROFILE_FIELDS):
        return ask_profile(data, ask_on)
    if not data:
        raise ProfileError(NO_PROFILE)
    source = sources[-1] if sources and len(data) >= len(PROFILE_FIELDS) else "profile"
    return profile_from_mapping(data, source=source, origins=origins)


def ask_profile(current: Mapping[str, Any], out: Console) -> Profile:
    """Ask for each field on the terminal (current values as defaults), then save the profile."""
    out.print("Tell rehearse about the call you are preparing (saved for next time).")
    data = dict(current)
    try:
        for field, help_text in FIELD_HELP.items():
            data[field] = _ask_field(field, help_text, current.get(field), out)
    except EOFError:  # Ctrl-D: the user is done answering
        out.print()
        raise ProfileError("profile: input ended before every question was answered; nothing saved") from None
    profile = profile_from_mapping(data)
    save_profile(profile, config.profile_path())
    out.print(f"Saved to {escape(str(config.profile_path()))}")
    return profile


def _ask_field(field: str, help_text: str, default: Any, out: Console) -> str:
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
            if field in _CHECKS:
                _CHECKS[field](answer)
        except ProfileError as problem:
            out.print(f"[yellow]{escape(str(problem))}[/yellow]")
            continue
        return answer
