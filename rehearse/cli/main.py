"""The `rehearse` command: one short function per subcommand.

Heavy modules are imported inside the commands so `rehearse --help` stays fast.
Every RehearseError becomes one line on standard error and its exit status;
Ctrl-C exits 130 after saying where the session was kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn

from rehearse import __version__
from rehearse.errors import (
    INTERNAL_ERROR_EXIT_STATUS,
    INTERRUPTED_EXIT_STATUS,
    NothingSaidError,
    ProfileError,
    RehearseError,
    ScriptError,
    UsageError,
)

if TYPE_CHECKING:
    from rich.console import Console

    from rehearse.checks.base import Facts
    from rehearse.profile.model import Profile
    from rehearse.script.loader import CallScript
    from rehearse.turns import Said


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _count(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}")
    return int(value)


# ---------------------------------------------------------------- shared pieces


def _console(stderr: bool = False) -> Console:
    from rehearse.cli.render import console

    return console(stderr=stderr)


def _resolve_profile(args: argparse.Namespace, *, ask: bool = False, sample: bool = False) -> Profile:
    """Saved profile, then --profile FILE, then flags; on a terminal (`ask`) missing fields are
    asked. With nothing at all and `sample`, the sample caller's facts, said in one line."""
    from rehearse.profile.fields import FIELD_HELP
    from rehearse.profile.prompts import gather_profile

    flags = {field: getattr(args, field, None) for field in FIELD_HELP}
    err = _console(stderr=True)
    return gather_profile(
        getattr(args, "profile", None),
        flags,
        ask_on=err if ask else None,
        today=getattr(args, "today", None),
        sample=(lambda notice: err.print(notice, markup=False, highlight=False)) if sample else None,
    )


def _facts(args: argparse.Namespace, profile: Profile) -> Facts:
    from rehearse.checks.base import Facts

    return Facts(profile=profile, today=args.today or dt.date.today())


def _script(args: argparse.Namespace) -> CallScript:
    from rehearse.script.loader import resolve_script

    return resolve_script(getattr(args, "script", None))


def _show_report(args: argparse.Namespace, report: Any) -> None:
    from rehearse.cli.render import print_json, print_report

    if args.json:
        print_json(_console(), report.to_json())
    else:
        print_report(_console(), report)


# ---------------------------------------------------------------- commands


def cmd_practice(args: argparse.Namespace) -> int:
    from rehearse import config
    from rehearse.dialogue.call import run_call
    from rehearse.dialogue.dialogue import Dialogue
    from rehearse.history.store import SessionStore
    from rehearse.speech.audio.playback import wav_seconds
    from rehearse.turns import close_channel

    lines_out = _console(stderr=args.json)
    writer = SessionStore(config.data_dir()).create(_script_label(args))
    warmup = None
    if not args.text and args.audio_dir is None:
        from rehearse.channels.voice import MicrophoneWarmup

        warmup = MicrophoneWarmup(writer.audio_dir, lines_out)
    try:
        script = _script(args)
        profile = _resolve_profile(args, ask=sys.stdin.isatty() and not args.json, sample=True)
        dialogue = Dialogue(script, _facts(args, profile), seed=args.seed, scenario=args.scenario)
        _timing_note(profile, dialogue.facts.today, lines_out)
        speaker, listener = _practice_channels(args, script, profile, lines_out, writer.audio_dir, warmup)
    except BaseException:
        if warmup is not None:
            warmup.cancel()
        writer.close()
        raise
    discard = False
    try:
        report = run_call(dialogue, speaker, listener, writer, audio_seconds=wav_seconds)
    except KeyboardInterrupt:
        writer.record("end", reason="interrupted")
        lines_out.print(
            f"\nCall stopped. Everything you said is saved: rehearse replay {writer.name}", markup=False
        )
        return INTERRUPTED_EXIT_STATUS
    except NothingSaidError:
        discard = True  # a call in which nothing was said stays out of the history
        raise
    except RehearseError as error:
        writer.record("end", reason=f"error: {error}")
        raise
    finally:
        close_channel(listener)
        close_channel(speaker)
        writer.close()
        if discard:
            writer.discard()
    _show_report(args, report)
    return 0


def _timing_note(profile: Profile, today: dt.date, out: Console) -> None:
    """Once, before the call: when a real call would be too soon (or on a weekend), say so."""
    from rich.markup import escape

    from rehearse import config
    from rehearse.coaching.timing import plan_call
    from rehearse.history.call_log import logged_calls

    calls = [call.day for call in logged_calls(config.data_dir())]
    timing = plan_call(profile.interview_date, today, calls)
    if not timing.call_now:
        out.print(f"[yellow]Not yet for the real call:[/yellow] {escape(timing.reason)} Practise now.")


def _script_label(args: argparse.Namespace) -> str:
    """A short name for the session folder: the bundled script's name or the file's stem."""
    import re

    label = Path(args.script).stem if args.script else "follow-up"
    return re.sub(r"[^A-Za-z0-9_-]+", "-", label) or "call"


def _practice_channels(
    args: argparse.Namespace,
    script: CallScript,
    profile: Profile,
    out: Console,
    audio_dir: Path,
    warmup: Any = None,
) -> tuple[Any, Any]:
    """Text when asked for; answers from files with --audio-dir; else a spoken call if possible."""
    from rich.markup import escape

    from rehearse.channels.text import TextListener, TextSpeaker
    from rehearse.errors import AudioDeviceError, EngineMissingError

    if args.text:
        return TextSpeaker(out), TextListener(out=out)
    from rehearse.channels import voice

    def fallback_notice(message: str) -> None:
        out.print(f"[yellow]{escape(message)}[/yellow]")

    if args.audio_dir is not None:
        recognizer = voice.build_recognizer(
            args.recognizer, script, profile, args.model, notify=fallback_notice
        )
        return TextSpeaker(out), voice.directory_listener(Path(args.audio_dir), recognizer, out)
    try:
        recognizer = voice.build_recognizer(
            args.recognizer, script, profile, args.model, notify=fallback_notice
        )
        listener = warmup.ready(recognizer)
    except (AudioDeviceError, EngineMissingError) as problem:
        reason = str(problem).split(";")[0].rstrip(".")
        out.print(f"[yellow]{escape(reason)}.[/yellow] Practising by typing instead.")
        return TextSpeaker(out), TextListener(out=out)
    try:
        speaker = voice.voice_speaker(audio_dir, out, _role_voices(script), phone_line=args.phone_line)
    except EngineMissingError as problem:
        out.print(
            f"[yellow]{escape(str(problem).rstrip('.'))}.[/yellow] Showing the other side's lines as text."
        )
        speaker = TextSpeaker(out)
    warmup.voice = voice.LastLineSpeaker(speaker)  # "Sorry, I didn't catch that" in the last voice
    return warmup.voice, listener


def _role_voices(script: CallScript) -> list[Any]:
    return [role.voice for role in script.roles.values()]


def cmd_demo(args: argparse.Namespace) -> int:
    """A whole spoken call by a sample caller: synthesized, recognized, judged; no microphone needed."""
    from rich.markup import escape

    from rehearse import config
    from rehearse.app.demo import demo_json, demo_profile, get_caller, run_demo
    from rehearse.channels.text import TextSpeaker
    from rehearse.channels.voice import recognizer_name, voice_speaker
    from rehearse.history.store import SessionStore
    from rehearse.profile.fields import FIELD_HELP
    from rehearse.turns import close_channel

    get_caller(args.caller or "complete")  # an unknown --caller fails before anything starts
    script = _script(args)
    today = args.today or dt.date.today()
    given = any(getattr(args, f) is not None for f in FIELD_HELP) or args.profile
    profile = _resolve_profile(args) if given or config.profile_path().is_file() else demo_profile(today)
    lines_out = _console(stderr=args.json)
    writer = SessionStore(config.data_dir(), demo=True).create(script.name)
    speaker = (
        TextSpeaker(lines_out)
        if args.text
        else voice_speaker(writer.audio_dir, lines_out, _role_voices(script), phone_line=args.phone_line)
    )
    player = None
    if not args.text:
        from rehearse.speech.audio.playback import default_player

        player = default_player()

    def show_turn(said: str, recognized: str) -> None:
        lines_out.print(f"[bold]Caller said:[/bold] {escape(said)}")
        lines_out.print(f"[dim]Recognized:[/dim]  {escape(recognized) or '(nothing)'}")

    from rehearse.checks.base import Facts

    try:
        result = run_demo(
            script,
            Facts(profile=profile, today=today),
            caller=args.caller,
            scenario=args.scenario,
            seed=args.seed,
            recognizer=recognizer_name(args.recognizer),
            model=Path(args.model) if args.model else None,
            speaker=speaker,
            work_dir=writer.audio_dir,
            on_turn=show_turn,
            writer=writer,
            caller_player=player,
            notify=lambda message: lines_out.print(f"[yellow]{escape(message)}[/yellow]"),
        )
    finally:
        close_channel(speaker)
        writer.close()
    if args.json:
        from rehearse.cli.render import print_json

        print_json(_console(), demo_json(result))
    else:
        _show_report(args, result.report)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from rehearse import config
    from rehearse.app.check import save_check, score_call
    from rehearse.channels.transcript import read_written_call, source_label

    script = _script(args)
    script.scenario_choices(args.scenario)  # an unknown scenario fails before any audio is heard
    profile = _resolve_profile(args)
    if args.audio and args.transcript is not None:
        raise UsageError("rehearse check: give a TRANSCRIPT or --audio files, not both")
    if args.audio:
        said = _heard_call(args, script, profile)
    elif args.transcript is None:
        raise UsageError("rehearse check: give a TRANSCRIPT file (or - for standard input), or --audio FILES")
    else:
        said = read_written_call(args.transcript, _stdin_bytes(), script, profile)
    facts = _facts(args, profile)
    call = score_call(script, facts, said, args.scenario)
    source = source_label(args.transcript) if args.transcript else "audio files"
    save_check(config.data_dir(), script, facts, args.scenario, source, call)
    if args.json:
        from rehearse.cli.render import print_json

        print_json(_console(), call.to_json())
        return 0
    from rehearse.cli.render import print_caller_lines, print_report

    out = _console()
    if call.written:
        print_caller_lines(out, call.said)
    if call.note:
        out.print(call.note, markup=False)
    print_report(out, call.report)
    return 0


def _stdin_bytes() -> BinaryIO:
    """Standard input as bytes, so a binary or non-UTF-8 stream is reported, not a traceback."""
    import io

    stream = getattr(sys.stdin, "buffer", None)
    return stream if stream is not None else io.BytesIO(sys.stdin.read().encode("utf-8"))


def _heard_call(args: argparse.Namespace, script: CallScript, profile: Profile) -> list[Said]:
    """Each --audio file is one caller turn, recognized in order; shown as they are heard."""
    from rehearse.app.check import heard_call
    from rehearse.channels import voice

    out = _console(stderr=args.json)
    recognizer = voice.build_recognizer(args.recognizer, script, profile, args.model)
    return heard_call(voice.file_listener([Path(p) for p in args.audio], recognizer, out))


def cmd_when(args: argparse.Namespace) -> int:
    """The next good day for the real call: flags first, else the profile and the logged calls."""
    from rehearse import config
    from rehearse.cli.render import print_json, print_timing
    from rehearse.coaching.timing import plan_call, when_to_call
    from rehearse.history.call_log import latest_call, logged_calls

    today = args.today or dt.date.today()
    interviewed = args.interviewed or _saved_interview_date()
    last = None
    if interviewed is not None and args.last_call is not None:
        timing = when_to_call(interviewed, today, args.last_call, weekdays_only=True)
    else:
        calls = logged_calls(config.data_dir()) if interviewed is not None else []
        timing = plan_call(interviewed, today, [call.day for call in calls])
        last = latest_call(calls, interviewed, today) if interviewed is not None else None
    if args.json:
        print_json(_console(), {**timing.to_json(), **({"last_call": last.to_json()} if last else {})})
    else:
        print_timing(_console(), timing, last)
    return 0


def _saved_interview_date() -> dt.date | None:
    """The saved profile's interview date, if it has one (the rest of the profile may be missing)."""
    from rehearse.profile.model import parse_date
    from rehearse.profile.prompts import saved_profile_data

    value = saved_profile_data().get("interview_date")
    return None if value is None else parse_date(value)


def cmd_log_call(args: argparse.Namespace) -> int:
    from rehearse import config
    from rehearse.history.call_log import log_call
    from rehearse.profile.model import spoken_date

    today = dt.date.today()
    call = log_call(config.data_dir(), args.date or today, args.outcome, today)
    _console().print(f"Logged your call of {spoken_date(call.day)}: {call.outcome}.", markup=False)
    return 0


HISTORY_SHOWN = 20


def cmd_history(args: argparse.Namespace) -> int:
    from rehearse import config
    from rehearse.history.summaries import count_sessions, read_sessions

    # On the terminal, the newest HISTORY_SHOWN unless asked for more; JSON gets them all.
    limit = args.limit if args.limit is not None else (None if args.json or args.all else HISTORY_SHOWN)
    sessions = read_sessions(config.data_dir(), limit) if limit != 0 else []  # oldest first
    if args.json:
        from rehearse.cli.json_out import print_json_rows

        print_json_rows(sys.stdout, [s.to_json() for s in reversed(sessions)])
        return 0
    from rehearse.cli.chart import history_lines

    lines = history_lines(sessions)
    if limit is not None and len(sessions) == limit:
        total = count_sessions(config.data_dir())
        if total > limit:
            lines.append(f"Newest {limit} of {total:,} sessions: `rehearse history --all` lists them all.")
    _write_lines(lines)
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    from rehearse import config
    from rehearse.cli.chart import progress_lines
    from rehearse.history.summaries import read_progress

    progress = read_progress(config.data_dir())
    if args.json:
        from rehearse.cli.json_out import print_json_rows

        print_json_rows(sys.stdout, progress.to_json())
        return 0
    if args.png and progress.enough:
        from rehearse.cli.chart_png import write_png

        write_png(progress, Path(args.png))
    _write_lines(progress_lines(progress))
    if args.png:
        _console().print(
            f"Chart written to {args.png}" if progress.enough else f"No chart written to {args.png}.",
            markup=False,
        )
    return 0


def _write_lines(lines: list[str]) -> None:
    """Plain lines straight to standard output: thousands of them, fast, exactly as given."""
    sys.stdout.write("".join(line + "\n" for line in lines))
    sys.stdout.flush()


def cmd_validate(args: argparse.Namespace) -> int:
    from rehearse.script.loader import load_script

    out, err = _console(), _console(stderr=True)
    failed = 0
    for name in args.files:
        try:
            script = load_script(Path(name))
        except ScriptError as error:
            err.print(str(error), markup=False)
            failed += 1
            continue
        out.print(
            f"{name}: ok ({script.title}: {len(script.points)} points, {len(script.steps)} steps)",
            markup=False,
        )
    if failed:
        raise ScriptError(f"{failed} of {len(args.files)} scripts have problems", reported=True)
    return 0


def cmd_scripts(args: argparse.Namespace) -> int:
    from rehearse.script.loader import DEFAULT_SCRIPT, bundled_names, load_bundled

    out = _console()
    for name in bundled_names():
        script = load_bundled(name)
        default = " (default)" if name == DEFAULT_SCRIPT else ""
        out.print(f"[bold]{name}[/bold]{default}: {script.title}")
        if script.scenarios:
            out.print(f"    scenarios: {', '.join(script.scenarios)}")
    return 0


def cmd_profile(args: argparse.Namespace) -> int:
    from rehearse import config
    from rehearse.profile.fields import FIELD_HELP
    from rehearse.profile.model import save_profile
    from rehearse.profile.prompts import ask_profile, saved_profile_data

    out = _console()
    given = any(getattr(args, f) is not None for f in FIELD_HELP) or args.profile
    if not args.show and not given:
        if sys.stdin.isatty():
            ask_profile(saved_profile_data(), _console(stderr=True))
            return 0
        if not config.profile_path().is_file():
            raise ProfileError(
                "profile: nothing saved yet, and no terminal to ask on: run it in a terminal, "
                "or give the fields as flags (--name, --interviewer, --company, --position, "
                "--interview-date, --interview-time)"
            )
    profile = _resolve_profile(args)
    if given and not args.show:
        save_profile(profile, config.profile_path())
        out.print(f"Saved to {config.profile_path()}", markup=False)
    for key, value in profile.to_mapping().items():
        out.print(f"{key}: {value}", markup=False)
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    from rehearse import config
    from rehearse.history.replay import list_sessions, replay
    from rehearse.history.store import SessionStore

    store = SessionStore(config.data_dir(), demo=args.demo)
    if args.list:
        list_sessions(store, _console())
        return 0
    replay(store.load(args.session), _console(), play=args.play)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from rehearse import config
    from rehearse.errors import OutputFileError
    from rehearse.history.session_report import to_html, to_markdown
    from rehearse.history.store import SessionStore

    if not (args.html or args.md):
        raise UsageError("report: say where to write it: --html FILE and/or --md FILE")
    session = SessionStore(config.data_dir(), demo=args.demo).load(args.session)
    written = []
    for path, render in ((args.html, to_html), (args.md, to_markdown)):
        if path is None:
            continue
        target = Path(path).expanduser()
        try:
            target.write_text(render(session), encoding="utf-8")
        except OSError as error:
            raise OutputFileError(f"{target}: cannot write the report: {error.strerror}") from None
        written.append(str(target))
    _console().print(f"Wrote the report of {session.id} to {' and '.join(written)}", markup=False)
    return 0


# ---------------------------------------------------------------- parser


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
    when.add_argument(
        "--interviewed", type=_date, metavar="D", help="interview date (default: your profile's)"
    )
    when.add_argument(
        "--last-call", type=_date, metavar="D", help="when you last called them (default: from log-call)"
    )
    when.add_argument("--today", type=_date, metavar="D", help="today's date, YYYY-MM-DD")
    when.add_argument("--json", action="store_true", help="print one JSON object")
    when.set_defaults(func=cmd_when)

    log_call = commands.add_parser("log-call", help="record a real follow-up call you made")
    log_call.add_argument("--date", type=_date, metavar="D", help="the day of the call (default: today)")
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
        "--limit", type=_count, metavar="N", help=f"only the newest N sessions (default {HISTORY_SHOWN})"
    )
    history.add_argument("--all", action="store_true", help="every session (--json lists them all anyway)")
    history.add_argument("--json", action="store_true", help="print a list of sessions as JSON")
    history.set_defaults(func=cmd_history)

    progress = commands.add_parser("progress", help="your score over time and the points most often missed")
    progress.add_argument("--png", metavar="FILE", help="also write the chart as a PNG (needs matplotlib)")
    progress.add_argument("--json", action="store_true", help="print the series as one JSON object")
    progress.set_defaults(func=cmd_progress)
    return parser


def _report_error(error: RehearseError) -> None:
    if getattr(error, "reported", False):
        return
    lines = str(error).splitlines() or [""]
    if not isinstance(error, ScriptError):
        # One line per problem, each with one prefix (never "rehearse: rehearse check: ...").
        lines = [f"rehearse: {line.removeprefix('rehearse: ')}" for line in lines]
    sys.stderr.write("\n".join(lines) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; everything it writes (profile, sessions, audio) is readable only by the user."""
    import os

    previous_umask = os.umask(0o077)
    try:
        return _run(argv)
    finally:
        os.umask(previous_umask)


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help(sys.stderr)
            return UsageError.exit_status
        handler: Callable[[argparse.Namespace], int] = args.func
        return handler(args)
    except RehearseError as error:
        _report_error(error)
        return error.exit_status
    except KeyboardInterrupt:
        sys.stderr.write("\nrehearse: stopped\n")
        return INTERRUPTED_EXIT_STATUS
    except BrokenPipeError:
        return 0
    except Exception as error:  # the last line of defence: users never see a traceback
        return _report_crash(error)


def _report_crash(error: Exception) -> int:
    """An unexpected failure: one line for the user, the traceback kept in a file for a bug report."""
    import tempfile
    import traceback

    from rehearse import config

    details = "".join(traceback.format_exception(error))
    try:
        folder = config.data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "last-error.txt"
        path.write_text(details, encoding="utf-8")
    except OSError:
        handle, name = tempfile.mkstemp(prefix="rehearse-error-", suffix=".txt")
        with open(handle, "w", encoding="utf-8") as file:
            file.write(details)
        path = Path(name)
    summary = f"{type(error).__name__}: {error}".strip().splitlines()[0]
    sys.stderr.write(f"rehearse: unexpected error ({summary}); details in {path}\n")
    return INTERNAL_ERROR_EXIT_STATUS
