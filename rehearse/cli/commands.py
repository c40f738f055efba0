"""One short function per `rehearse` command: read the arguments, call the use case, print.

Heavy modules are imported inside the commands so `rehearse --help` stays fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from rehearse.errors import INTERRUPTED_EXIT_STATUS, ProfileError, ScriptError, StoreError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from rehearse.checks.base import Facts
    from rehearse.profile.model import Profile
    from rehearse.script.model import CallScript
    from rehearse.turns import Said

HISTORY_SHOWN = 20  # sessions `history` lists on the terminal without --all


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


def _known_recognizer(args: argparse.Namespace) -> None:
    """An unknown --recognizer is a usage error before anything starts, even where the command
    would not listen (`practice --text`, `check` of a written transcript)."""
    from rehearse.speech.recognition.registry import check_recognizer_name

    check_recognizer_name(args.recognizer)


def _flag_date(flag: str, value: str | None, today: dt.date) -> dt.date | None:
    """A date given by flag, in the forms the profile takes ("yesterday", "last Monday",
    "Nov 23", 2026-11-23), read against `today`; what cannot be read is a usage error worded as
    the profile words it. Whether the day may be after today is for the command to say."""
    from rehearse.profile.date_answers import read_day, unreadable_date

    if value is None:
        return None
    day = read_day(value, today)
    if day is None:
        raise UsageError(f"{flag}: {unreadable_date(value)}")
    return day


def _show_report(args: argparse.Namespace, report: Any) -> None:
    from rehearse.cli.render import print_json, print_report

    if args.json:
        print_json(_console(), report.to_json())
    else:
        print_report(_console(), report)


# ---------------------------------------------------------------- commands


def cmd_practice(args: argparse.Namespace) -> int:
    from rehearse.app.practice import PracticeOptions, practise

    _known_recognizer(args)
    options = PracticeOptions(
        script=args.script,
        scenario=args.scenario,
        seed=args.seed,
        today=args.today,
        text=args.text,
        audio_dir=Path(args.audio_dir) if args.audio_dir is not None else None,
        recognizer=args.recognizer,
        model=args.model,
        phone_line=args.phone_line,
    )

    def profile() -> Profile:
        return _resolve_profile(args, ask=sys.stdin.isatty() and not args.json, sample=True)

    report = practise(options, profile, _console(stderr=args.json))
    if report is None:
        return INTERRUPTED_EXIT_STATUS
    _show_report(args, report)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """A whole spoken call by a sample caller: synthesized, recognized, judged; no microphone needed."""
    from rehearse import config
    from rehearse.app.demo import DemoOptions, demo_json, demo_profile, get_caller, play_demo
    from rehearse.profile.fields import FIELD_HELP

    _known_recognizer(args)
    get_caller(args.caller or "complete")  # an unknown --caller fails before anything starts
    today = args.today or dt.date.today()
    given = any(getattr(args, f) is not None for f in FIELD_HELP) or args.profile
    profile = _resolve_profile(args) if given or config.profile_path().is_file() else demo_profile(today)
    options = DemoOptions(
        script=args.script,
        caller=args.caller,
        scenario=args.scenario,
        seed=args.seed,
        today=today,
        text=args.text,
        recognizer=args.recognizer,
        model=args.model,
        phone_line=args.phone_line,
    )
    result = play_demo(options, profile, _console(stderr=args.json))
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

    _known_recognizer(args)
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
    try:
        save_check(config.data_dir(), script, facts, args.scenario, source, call)
    except StoreError as error:  # the feedback is shown all the same: only the saving failed
        sys.stderr.write(f"rehearse: this check is not saved in your history: {error}\n")
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
    interviewed = _flag_date("--interviewed", args.interviewed, today) or _saved_interview_date()
    last_call = _flag_date("--last-call", args.last_call, today)
    last = None
    if interviewed is not None and last_call is not None:
        timing = when_to_call(interviewed, today, last_call, weekdays_only=True)
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
    from rehearse.profile.calendar import spoken_date

    today = dt.date.today()
    day = _flag_date("--date", args.date, today) or today
    call = log_call(config.data_dir(), day, args.outcome, today)
    _console().print(f"Logged your call of {spoken_date(call.day)}: {call.outcome}.", markup=False)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from rehearse import config
    from rehearse.history.summaries import count_sessions, read_sessions

    # On the terminal, the newest HISTORY_SHOWN unless asked for more; JSON gets them all.
    limit = args.limit if args.limit is not None else (None if args.json or args.all else HISTORY_SHOWN)
    sessions = read_sessions(config.data_dir(), limit)  # oldest first
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

        write_png(progress, Path(args.png).expanduser())
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
    from rehearse.script.loader import bundled_names, load_bundled
    from rehearse.script.model import DEFAULT_SCRIPT

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
