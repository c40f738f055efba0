"""`practice`: one practice call, from the caller's facts to the feedback.

The session is kept as the call goes (an error or Ctrl-C loses nothing said); a call that
never started (a bad flag, profile or script), in which nothing was said, or whose piped turns
are not text is not kept. The microphone opens and measures the room while the script, profile
and recognizer load.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from rehearse import config
from rehearse.checks.base import Facts
from rehearse.coaching.feedback import Report
from rehearse.coaching.timing import plan_call
from rehearse.dialogue.call import run_call
from rehearse.dialogue.dialogue import Dialogue
from rehearse.errors import NothingSaidError, RehearseError, TypedInputError
from rehearse.history.call_log import logged_calls
from rehearse.history.store import SessionStore
from rehearse.profile.model import Profile
from rehearse.script.loader import resolve_script
from rehearse.turns import close_channel


@dataclass(frozen=True)
class PracticeOptions:
    script: str | None = None  # a bundled script's name or a YAML file
    scenario: str | None = None
    seed: int | None = None
    today: dt.date | None = None
    text: bool = False  # typed, whatever devices there are
    audio_dir: Path | None = None  # answers from audio files instead of the microphone
    recognizer: str | None = None
    model: str | None = None
    phone_line: bool = True


def session_label(script: str | None) -> str:
    """A short name for the session folder: the bundled script's name or the file's stem."""
    label = Path(script).stem if script else "follow-up"
    return re.sub(r"[^A-Za-z0-9_-]+", "-", label) or "call"


def practise(options: PracticeOptions, profile_of: Callable[[], Profile], out: Console) -> Report | None:
    """Make one practice call; its report, or None when the caller stopped it with Ctrl-C (what
    was said is kept, and `out` says where)."""
    from rehearse.channels.voice import MicrophoneWarmup, practice_channels
    from rehearse.speech.audio.playback import wav_seconds

    writer = SessionStore(config.data_dir()).create(session_label(options.script))
    spoken = not options.text and options.audio_dir is None
    warmup = MicrophoneWarmup(writer.audio_dir, out) if spoken else None
    try:
        script = resolve_script(options.script)
        profile = profile_of()
        facts = Facts(profile=profile, today=options.today or dt.date.today())
        dialogue = Dialogue(script, facts, seed=options.seed, scenario=options.scenario)
        timing_note(profile, facts.today, out)
        speaker, listener = practice_channels(
            script,
            profile,
            out,
            writer.audio_dir,
            warmup,
            typed=options.text,
            answers_dir=options.audio_dir,
            recognizer=options.recognizer,
            model=options.model,
            phone_line=options.phone_line,
        )
    except BaseException:
        if warmup is not None:
            warmup.cancel()
        writer.close()
        writer.discard()  # the call never started: nothing to keep
        raise
    discard = False
    try:
        return run_call(dialogue, speaker, listener, writer, audio_seconds=wav_seconds)
    except KeyboardInterrupt:
        writer.record("end", reason="interrupted")
        out.print(
            f"\nCall stopped. Everything you said is saved: rehearse replay {writer.name}", markup=False
        )
        return None
    except (NothingSaidError, TypedInputError):
        # A call in which nothing was said, or whose piped turns are not a call (binary, not
        # UTF-8, too long: what `check` refuses), stays out of the history.
        discard = True
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


def timing_note(profile: Profile, today: dt.date, out: Console) -> None:
    """Once, before the call: when a real call would be too soon (or on a weekend), say so."""
    calls = [call.day for call in logged_calls(config.data_dir())]
    timing = plan_call(profile.interview_date, today, calls)
    if not timing.call_now:
        out.print(f"[yellow]Not yet for the real call:[/yellow] {escape(timing.reason)} Practise now.")
