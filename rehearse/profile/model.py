"""The caller's facts, and how they are spoken aloud.

A profile comes from a YAML file with exactly the keys in PROFILE_FIELDS, from
command-line flags, or from the copy saved by `rehearse profile`. YAML is read
the way people type it: an unquoted `14:00` arrives from PyYAML as the integer
840 (base-60), an unquoted `2026-11-17` as a date; both are accepted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from rehearse.errors import FolderNotWritableError, ProfileError, read_user_text
from rehearse.profile.calendar import spoken_date, spoken_time
from rehearse.profile.fields import PROFILE_FIELDS

# Every placeholder a script template may use.
TEMPLATE_FIELDS = (
    "name",
    "first_name",
    "interviewer",
    "interviewer_first_name",
    "company",
    "position",
    "interview_date",
    "interview_weekday",
    "interview_time",
)

_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_TIME_AM_PM = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s?m\.?$")
_AMBIGUOUS_HOURS = 6  # "7:30" is morning, "2:00" could be either


@dataclass(frozen=True)
class Profile:
    name: str
    interviewer: str
    company: str
    position: str
    interview_date: dt.date
    interview_time: dt.time

    @property
    def first_name(self) -> str:
        return self.name.split()[0]

    @property
    def interviewer_first_name(self) -> str:
        return self.interviewer.split()[0]

    def template_values(self) -> dict[str, str]:
        return {
            "name": self.name,
            "first_name": self.first_name,
            "interviewer": self.interviewer,
            "interviewer_first_name": self.interviewer_first_name,
            "company": self.company,
            "position": self.position,
            "interview_date": spoken_date(self.interview_date),
            "interview_weekday": self.interview_date.strftime("%A"),
            "interview_time": spoken_time(self.interview_time),
        }

    def to_mapping(self) -> dict[str, str]:
        data = asdict(self)
        data["interview_date"] = self.interview_date.isoformat()
        data["interview_time"] = self.interview_time.strftime("%H:%M")
        return data


SAMPLE_INTERVIEW_DAYS_AGO = 8


def sample_profile(today: dt.date) -> Profile:
    """The sample caller's facts: the demo's, and what practice uses before you give your own.

    The interview is set eight days before `today`, a good time for the follow-up call, so the
    feedback has no timing advice to distract from the call itself.
    """
    return Profile(
        name="Jordan Lee",
        interviewer="Maria Lopez",
        company="Northwind Analytics",
        position="data analyst",
        interview_date=today - dt.timedelta(days=SAMPLE_INTERVIEW_DAYS_AGO),
        interview_time=dt.time(14, 0),
    )


def parse_date(value: Any, field: str = "interview_date") -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ProfileError(f"{field}: expected a date as YYYY-MM-DD, got {value!r}")


def parse_time(value: Any, field: str = "interview_time") -> dt.time:
    """A time as people write it: "14:00", "14:00:00", "9:30", "2:30 pm", "2pm".

    A one-digit hour from 1 to 6 with no am/pm ("2:00") could be either half of the day, and
    nobody should be told their 2 pm interview was at 2 am: it is refused with a hint.
    """
    if isinstance(value, bool):
        raise ProfileError(f"{field}: expected a time as HH:MM, got {value!r}")
    if isinstance(value, int):
        # PyYAML 1.1 reads an unquoted 14:00 as base-60: 14 * 60 + 0 = 840.
        hours, minutes = divmod(value, 60)
        if 0 <= hours < 24:
            return dt.time(hours, minutes)
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        match = _TIME.match(text)
        if match:
            hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
            if hour < 24 and minute < 60 and second == 0:
                if len(match.group(1)) == 1 and 1 <= hour <= _AMBIGUOUS_HOURS:
                    raise ProfileError(
                        f"{field}: {value.strip()!r} could be {hour} am or {hour} pm: write it as "
                        f"{hour + 12:02d}:{minute:02d} (24-hour) or {hour}:{minute:02d} pm"
                    )
                return dt.time(hour, minute)
        match = _TIME_AM_PM.match(text)
        if match:
            hour, minute = int(match.group(1)), int(match.group(2) or 0)
            if 1 <= hour <= 12 and minute < 60:
                return dt.time(hour % 12 + (12 if match.group(3) == "p" else 0), minute)
    raise ProfileError(f"{field}: expected a time such as 14:00 or 2:30 pm, got {value!r}")


def profile_from_mapping(
    data: Mapping[str, Any], source: str = "profile", origins: Mapping[str, str] | None = None
) -> Profile:
    """Build a Profile from exactly PROFILE_FIELDS, reporting every problem at once.

    Each problem is one line that names where the value came from: `origins[field]` (a
    file and line, "profile.yaml:6"; or a flag, "--interview-date", whose lines then read
    "--interview-date: problem"), else `source`.
    """
    origins = origins or {}
    problems: list[str] = []

    def problem(field: str, text: str) -> None:
        where = origins.get(field, source)
        problems.append(f"{where}: {text}" if where.startswith("--") else f"{where}: {field}: {text}")

    for name in sorted(set(data) - set(PROFILE_FIELDS)):
        problem(name, f"unknown field (expected: {', '.join(PROFILE_FIELDS)})")
    texts: dict[str, str] = {}
    for name in PROFILE_FIELDS:
        if data.get(name) in (None, ""):
            flag = "--" + name.replace("_", "-")
            problems.append(f"{source}: {name}: missing (set it in the profile or with {flag})")
        elif name in ("name", "interviewer", "company", "position"):
            value = data[name]
            if not isinstance(value, str) or not value.strip():
                problem(name, f"expected text, got {value!r}")
            else:
                texts[name] = " ".join(value.split())
    when: dt.date | None = None
    at: dt.time | None = None
    for name, parse in (("interview_date", parse_date), ("interview_time", parse_time)):
        if data.get(name) in (None, ""):
            continue
        try:
            parsed = parse(data[name])
        except ProfileError as error:
            problem(name, str(error).removeprefix(f"{name}: "))
            continue
        if name == "interview_date":
            when = parsed  # type: ignore[assignment]
        else:
            at = parsed  # type: ignore[assignment]
    if problems or when is None or at is None:
        raise ProfileError("\n".join(problems))
    return Profile(interview_date=when, interview_time=at, **texts)


def read_profile_mapping(path: Path) -> dict[str, Any]:
    return read_profile_file(path)[0]


def read_profile_file(path: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """A profile file's fields, and where each stood ("profile.yaml:6") for messages.

    Dates and times are taken as written: YAML 1.1 would read an unquoted 14:00:00 as the
    number 50400. Duplicate keys are errors, as in call scripts.
    """
    from rehearse.yaml_source import YamlProblem, load_with_positions, scalar_texts

    text = read_user_text(path, "profile file")
    try:
        data, source = load_with_positions(text)
    except YamlProblem as problem:
        where = f"{path}:{problem.position.line}" if problem.position else str(path)
        field = f" {problem.path[-1]}:" if problem.path else ""
        raise ProfileError(f"{where}:{field} {problem.message}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: expected a mapping of {', '.join(PROFILE_FIELDS)}")
    raw = scalar_texts(text)
    for field in ("interview_date", "interview_time"):
        if isinstance(raw.get(field), str) and not isinstance(data.get(field), str):
            data[field] = raw[field]
    lines = {str(key): f"{path}:{pos.line}" for key in data if (pos := source.key((key,))) is not None}
    return data, lines


def load_profile(path: Path) -> Profile:
    data, lines = read_profile_file(path)
    return profile_from_mapping(data, source=str(path), origins=lines)


def save_profile(profile: Profile, path: Path) -> None:
    text = yaml.safe_dump(profile.to_mapping(), sort_keys=False, allow_unicode=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise FolderNotWritableError(
            f"cannot save the profile to {path}: {error.strerror or error}; "
            "set REHEARSE_HOME to a folder you can write"
        ) from None


def profile_field_names() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Profile))
