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

from rehearse.errors import InputFileError, ProfileError
from rehearse.fields import PROFILE_FIELDS

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

_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


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


def ordinal(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def spoken_date(day: dt.date) -> str:
    """`Tuesday, November 17th`: the way a caller would say it."""
    return f"{day.strftime('%A')}, {day.strftime('%B')} {ordinal(day.day)}"


def spoken_time(moment: dt.time) -> str:
    """`2 pm`, `2:30 pm`, `noon`."""
    if moment.hour == 12 and moment.minute == 0:
        return "noon"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    if moment.minute:
        return f"{hour}:{moment.minute:02d} {suffix}"
    return f"{hour} {suffix}"


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
        match = _TIME.match(value.strip())
        if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
            return dt.time(int(match.group(1)), int(match.group(2)))
    raise ProfileError(f"{field}: expected a time as HH:MM (24-hour), got {value!r}")


def profile_from_mapping(data: Mapping[str, Any], source: str = "profile") -> Profile:
    """Build a Profile from exactly PROFILE_FIELDS; `source` prefixes every message."""
    unknown = sorted(set(data) - set(PROFILE_FIELDS))
    if unknown:
        raise ProfileError(f"{source}: {unknown[0]}: unknown field (expected: {', '.join(PROFILE_FIELDS)})")
    missing = [name for name in PROFILE_FIELDS if data.get(name) in (None, "")]
    if missing:
        flag = "--" + missing[0].replace("_", "-")
        raise ProfileError(f"{source}: {missing[0]}: missing (set it in the profile or with {flag})")
    texts: dict[str, str] = {}
    for name in ("name", "interviewer", "company", "position"):
        value = data[name]
        if not isinstance(value, str) or not value.strip():
            raise ProfileError(f"{source}: {name}: expected text, got {value!r}")
        texts[name] = " ".join(value.split())
    try:
        when = parse_date(data["interview_date"])
        at = parse_time(data["interview_time"])
    except ProfileError as error:
        raise ProfileError(f"{source}: {error}") from None
    return Profile(interview_date=when, interview_time=at, **texts)


def read_profile_mapping(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such profile file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputFileError(f"{path}: cannot read profile: {error}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise ProfileError(f"{where}: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: expected a mapping of {', '.join(PROFILE_FIELDS)}")
    return data


def load_profile(path: Path) -> Profile:
    return profile_from_mapping(read_profile_mapping(path), source=str(path))


def save_profile(profile: Profile, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(profile.to_mapping(), sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")


def profile_field_names() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Profile))
