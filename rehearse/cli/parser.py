"""The `rehearse` command line: its commands, their flags and help."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import NoReturn

from rehearse import __version__
from rehearse.cli.commands import (
    HISTORY_SHOWN,
    cmd_check,
    cmd_demo,
    cmd_history,
    cmd_log_call,
    cmd_practice,
    cmd_profile,
    cmd_progress,
    cmd_replay,
    cmd_report,
    cmd_scripts,
    cmd_validate,
    cmd_when,
)
from rehearse.errors import UsageError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _count(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 up, got {value!r}")
    return int(value)


def _add_profile_flags(parser: argparse.ArgumentParser) -> None:
    from rehearse.profile.fields import FIELD_HELP

    group = parser.add_argument_group("the caller's facts (override the saved profile)")
    group.add_argument("--profile", metavar="FILE", help="a YAML file with the fields below")
    for field, help_text in FIELD_HELP.items():
        group.add_argument("--" + field.replace("_", "-"), dest=field, metavar="TEXT", help=help_text)


def _add_call_flags(parser: argparse.ArgumentParser, *, scenario: bool = True) -> None:
    parser.add_argument(
        "--script", metavar="S", help="a bundled script name or a YAML file (default: follow-up)"
    )
    if scenario:
        parser.add_argument("--scenario", metavar="X", help="force a branch of the script, e.g. pending")
    parser.add_argument("--today", type=_date, metavar="D", help="the day of the call, YYYY-MM-DD")
    parser.add_argument("--json", action="store_true", help="print the feedback as one JSON object")


def _add_speech_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("speech recognition")
    group.add_argument(
        "--recognizer",
        metavar="NAME",
        help=(
            "whisper (default, offline), sphinx (offline, lighter), sphinx-general, vosk, "
            "faster-whisper, google (online)"
        ),
    )
    group.add_argument(
        "--model", metavar="PATH", help="model folder for whisper (any faster-whisper model) or vosk"
    )


def _add_voice_flags(parser: argparse.ArgumentParser) -> None:
    voices = parser.add_argument_group("the other side's voices")
    voices.add_argument(
        "--no-phone-line",
        dest="phone_line",
        action="store_false",
        help="play the other side's voices clean, without the telephone line sound",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="rehearse",
        description="Practise a phone call out loud before making it for real.",
    )
    parser.add_argument("--version", action="version", version=f"rehearse {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    practice = commands.add_parser("practice", help="practise a call (voice when available, else text)")
    practice.add_argument("--text", action="store_true", help="type your side of the call")
    practice.add_argument("--seed", type=int, metavar="N", help="make the random choices repeatable")
    practice.add_argument("--audio-dir", metavar="DIR", help="take your answers from audio files in DIR")
    _add_call_flags(practice)
    _add_speech_flags(practice)
    _add_voice_flags(practice)
    _add_profile_flags(practice)
    practice.set_defaults(func=cmd_practice)

    demo = commands.add_parser(
        "demo", help="hear a whole call made by a sample caller (no microphone needed)"
    )
    demo.add_argument("--caller", metavar="NAME", help="complete (default), nervous, pushy or vague")
    demo.add_argument(
        "--text", action="store_true", help="show the other side's lines instead of speaking them"
    )
    demo.add_argument("--seed", type=int, metavar="N", help="make the random choices repeatable")
    _add_call_flags(demo)
    _add_speech_flags(demo)
    _add_voice_flags(demo)
    _add_profile_flags(demo)
    demo.set_defaults(func=cmd_demo)

    check = commands.add_parser("check", help="score a written transcript of a call")
    check.add_argument("transcript", nargs="?", metavar="TRANSCRIPT", help="a text file, or - for stdin")
    check.add_argument(
        "--audio",
        nargs="+",
        metavar="TURN",
        help="audio files (WAV/FLAC/AIFF), one caller turn each, in order",
    )
    _add_call_flags(check)
    _add_speech_flags(check)
    _add_profile_flags(check)
    check.set_defaults(func=cmd_check)

    when = commands.add_parser("when", help="whether it is a good day to make the follow-up call")
    when.add_argument("--interviewed", metavar="D", help="interview date (default: your profile's)")
    when.add_argument("--last-call", metavar="D", help="when you last called them (default: from log-call)")
    when.add_argument("--today", type=_date, metavar="D", help="today's date, YYYY-MM-DD")
    when.add_argument("--json", action="store_true", help="print one JSON object")
    when.set_defaults(func=cmd_when)

    log_call = commands.add_parser("log-call", help="record a real follow-up call you made")
    log_call.add_argument("--date", metavar="D", help="the day of the call (default: today)")
    log_call.add_argument(
        "--outcome", required=True, metavar="TEXT", help='how it went, e.g. "left a voicemail"'
    )
    log_call.set_defaults(func=cmd_log_call)

    validate = commands.add_parser("validate", help="check call scripts for mistakes")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.set_defaults(func=cmd_validate)

    scripts = commands.add_parser("scripts", help="list the bundled call scripts")
    scripts.set_defaults(func=cmd_scripts)

    profile = commands.add_parser("profile", help="save (or --show) your facts for practice calls")
    profile.add_argument("--show", action="store_true", help="print the profile in use")
    _add_profile_flags(profile)
    profile.set_defaults(func=cmd_profile)
    report = commands.add_parser(
        "report", help="write a past session as a page: the transcript marked, the feedback, the audio"
    )
    report.add_argument(
        "session", nargs="?", default="last", metavar="SESSION", help="a session id (default: last)"
    )
    report.add_argument("--html", metavar="FILE", help="one self-contained HTML file (audio included)")
    report.add_argument("--md", metavar="FILE", help="Markdown, with links to the audio files")
    report.add_argument("--demo", action="store_true", help="a demo call's session (see replay --demo)")
    report.set_defaults(func=cmd_report)

    replay = commands.add_parser("replay", help="show (or --play) a past practice session")
    replay.add_argument("session", nargs="?", default="last", help="a session id from --list (default: last)")
    replay.add_argument("--list", action="store_true", help="list saved sessions")
    replay.add_argument("--play", action="store_true", help="play the saved audio of a spoken session")
    replay.add_argument(
        "--demo", action="store_true", help="the sample caller's calls (rehearse demo), kept apart from yours"
    )
    replay.set_defaults(func=cmd_replay)

    history = commands.add_parser("history", help="your past sessions, newest first, with their scores")
    history.add_argument(
        "--limit",
        type=_count,
        metavar="N",
        help=f"only the newest N sessions, N from 1 up (default {HISTORY_SHOWN})",
    )
    history.add_argument("--all", action="store_true", help="every session (--json lists them all anyway)")
    history.add_argument("--json", action="store_true", help="print a list of sessions as JSON")
    history.set_defaults(func=cmd_history)

    progress = commands.add_parser("progress", help="your score over time and the points most often missed")
    progress.add_argument("--png", metavar="FILE", help="also write the chart as a PNG (needs matplotlib)")
    progress.add_argument("--json", action="store_true", help="print the series as one JSON object")
    progress.set_defaults(func=cmd_progress)
    return parser
