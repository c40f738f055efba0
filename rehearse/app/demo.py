"""`rehearse demo`: a whole spoken call on any machine, with no microphone.

A sample caller (`rehearse/app/demo_callers.yaml`) answers each line of the other side.
Each answer is spoken with the caller's own espeak-ng voice into a WAV file, read back like a
recording, heard by the real recognizer (built once for the call, with the call's own
language model) and only the recognized text goes to the dialogue. So the demo shows the
whole chain a practice call uses, misrecognitions included, and the feedback is the same
report a real caller gets.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from rich.console import Console
from rich.markup import escape

from rehearse import config
from rehearse.channels.text import TextSpeaker
from rehearse.channels.voice import build_recognizer, recognizer_name, role_voices, voice_speaker
from rehearse.checks.base import Facts
from rehearse.coaching.feedback import Report
from rehearse.dialogue.call import run_call
from rehearse.dialogue.dialogue import Dialogue
from rehearse.errors import AudioDeviceError, InputFileError, UsageError
from rehearse.history.store import SessionStore, SessionWriter
from rehearse.profile.model import TEMPLATE_FIELDS, Profile, sample_profile
from rehearse.script.loader import resolve_script
from rehearse.script.model import CallScript
from rehearse.speech.audio.clips import load_clip
from rehearse.speech.audio.endpoint import speech_onset, speech_spans
from rehearse.speech.audio.playback import Player, default_player, wav_seconds
from rehearse.speech.recognition.base import recognize_clip, recognizer_label
from rehearse.speech.recognition.registry import (
    DEFAULT_RECOGNIZER,
    Recognizer,
)
from rehearse.speech.synthesis.espeak import Synthesizer
from rehearse.templates import TemplateFieldError, fields_in, render
from rehearse.turns import Speaker, Utterance, VoiceHint, close_channel
from rehearse.yaml_source import SourceMap, YamlProblem, load_with_positions

CALLERS_SOURCE = "app/demo_callers.yaml"
CALLERS_VERSION = 1
CHUNK_SECONDS = 0.1  # audio reaches the recognizer in microphone-sized pieces
# Quiet before each turn, as a microphone's turn starts a little before the speech. Measured on
# the sample callers' lines (espeak-ng f2, call language model): word error 0.34 with none,
# 0.29 with 0.4-0.6 s.
LEAD_IN_SECONDS = 0.5
# The caller's voice takes the second-best variant of its gender, so it never sounds like
# a role of the script with the same gender (roles start at the best one).
CALLER_VOICE_SLOT = 1


OnTurn = Callable[[str, str], None]


# ---------------------------------------------------------------- sample callers


@dataclass(frozen=True)
class CallerLines:
    """What one caller says in one script: a line per step id, and a fallback line."""

    steps: Mapping[str, str]
    fallback: str


@dataclass(frozen=True)
class SampleCaller:
    name: str
    summary: str
    voice: VoiceHint
    scripts: Mapping[str, CallerLines]

    def lines_for(self, script: str) -> CallerLines:
        try:
            return self.scripts[script]
        except KeyError:
            known = ", ".join(sorted(self.scripts))
            raise UsageError(
                f"--script: the sample caller '{self.name}' has no lines for '{script}' "
                f"(demo scripts: {known})"
            ) from None

    def answer(self, script: str, step: str, values: Mapping[str, str]) -> str:
        """The caller's line at `step`, rendered with the profile's `values`."""
        lines = self.lines_for(script)
        return render(lines.steps.get(step, lines.fallback), values)


def _problem(
    source: str, positions: SourceMap, path: tuple[Any, ...], message: str, at_key: bool = False
) -> InputFileError:
    where = positions.key(path) if at_key else positions.value(path)
    location = f"{source}:{where.line}:{where.column}" if where else source
    field = ".".join(str(p) for p in path)
    return InputFileError(f"{location}: {field}: {message}" if field else f"{location}: {message}")


def _mapping(
    value: Any, path: tuple[Any, ...], keys: set[str], required: set[str], fail: Callable[..., Exception]
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise fail(path, "expected a mapping")
    unknown = sorted(str(k) for k in value if k not in keys)
    if unknown:
        expected = ", ".join(sorted(keys))
        raise fail((*path, unknown[0]), f"unknown key (expected one of: {expected})", at_key=True)
    missing = sorted(required - set(value))
    if missing:
        raise fail(path, f"missing required key '{missing[0]}'")
    return value


def _line(value: Any, path: tuple[Any, ...], fail: Callable[..., Exception]) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(path, "expected a line of text")
    try:
        names = fields_in(value)
    except TemplateFieldError as error:
        raise fail(path, str(error)) from None
    for name in names:
        if name not in TEMPLATE_FIELDS:
            raise fail(path, f"unknown profile field {{{name}}} (known: {', '.join(TEMPLATE_FIELDS)})")
    return value


def parse_callers(text: str, source: str = CALLERS_SOURCE) -> tuple[str, dict[str, SampleCaller]]:
    """(default caller name, callers by name) from callers YAML; strict, with positions."""
    try:
        data, positions = load_with_positions(text)
    except YamlProblem as problem:
        where = f":{problem.position.line}:{problem.position.column}" if problem.position else ""
        raise InputFileError(f"{source}{where}: {problem.message}") from None

    def fail(path: tuple[Any, ...], message: str, at_key: bool = False) -> InputFileError:
        return _problem(source, positions, path, message, at_key)

    top = _mapping(data, (), {"version", "default", "callers"}, {"version", "default", "callers"}, fail)
    if top["version"] != CALLERS_VERSION:
        raise fail(("version",), f"must be {CALLERS_VERSION}, got {top['version']!r}")
    raw_callers = top["callers"]
    if not isinstance(raw_callers, dict) or not raw_callers:
        raise fail(("callers",), "expected a mapping of callers by name")
    callers: dict[str, SampleCaller] = {}
    for name, raw in raw_callers.items():
        base = ("callers", name)
        entry = _mapping(raw, base, {"summary", "voice", "scripts"}, {"summary", "scripts"}, fail)
        voice = _mapping(entry.get("voice", {}), (*base, "voice"), {"gender", "rate", "pitch"}, set(), fail)
        if voice.get("gender") not in (None, "female", "male"):
            raise fail((*base, "voice", "gender"), "must be female or male")
        for key in ("rate", "pitch"):
            if key in voice and not isinstance(voice[key], int):
                raise fail((*base, "voice", key), "expected a whole number")
        scripts = entry["scripts"]
        if not isinstance(scripts, dict) or not scripts:
            raise fail((*base, "scripts"), "expected a mapping of script names to lines")
        lines: dict[str, CallerLines] = {}
        for script, raw_lines in scripts.items():
            where = (*base, "scripts", script)
            body = _mapping(raw_lines, where, {"steps", "fallback"}, {"fallback"}, fail)
            steps = body.get("steps", {})
            if not isinstance(steps, dict):
                raise fail((*where, "steps"), "expected a mapping of step ids to lines")
            lines[str(script)] = CallerLines(
                steps={str(k): _line(v, (*where, "steps", k), fail) for k, v in steps.items()},
                fallback=_line(body["fallback"], (*where, "fallback"), fail),
            )
        callers[str(name)] = SampleCaller(
            name=str(name),
            summary=_line(entry["summary"], (*base, "summary"), fail),
            voice=VoiceHint(**voice),
            scripts=lines,
        )
    default = top["default"]
    if default not in callers:
        raise fail(("default",), f"unknown caller '{default}' (callers: {', '.join(callers)})")
    return str(default), callers


@functools.cache
def _bundled() -> tuple[str, dict[str, SampleCaller]]:
    text = resources.files("rehearse").joinpath(CALLERS_SOURCE).read_text(encoding="utf-8")
    return parse_callers(text)


def sample_callers() -> dict[str, SampleCaller]:
    """The bundled sample callers, by name."""
    return dict(_bundled()[1])


def default_caller() -> str:
    return _bundled()[0]


def get_caller(name: str) -> SampleCaller:
    """A bundled caller by name; an unknown name is a UsageError listing the known ones."""
    callers = sample_callers()
    if name not in callers:
        raise UsageError(f"--caller: unknown sample caller '{name}' (callers: {', '.join(callers)})")
    return callers[name]


def demo_profile(today: dt.date) -> Profile:
    """A sample caller's facts, for a demo on a machine with no saved profile (see `sample_profile`)."""
    return sample_profile(today)


# ---------------------------------------------------------------- the call


class DemoTurn(NamedTuple):
    said: str  # what the sample caller said (the text given to speech synthesis)
    heard: Utterance  # what the recognizer heard, with its word timings: all the dialogue sees

    @property
    def recognized(self) -> str:
        return self.heard.text


@dataclass(frozen=True)
class DemoResult:
    caller: str
    report: Report
    turns: tuple[DemoTurn, ...]
    audio_dir: Path  # where the caller's spoken turns were kept
    seconds: float  # wall-clock time of the whole call


class SampleCallerListener:
    """A Listener whose caller is a sample caller: speak the answer, then recognize it."""

    def __init__(
        self,
        dialogue: Dialogue,
        caller: SampleCaller,
        recognizer: Recognizer,
        audio_dir: Path,
        *,
        synthesizer: Synthesizer | None = None,
        on_turn: OnTurn | None = None,
        player: Player | None = None,
    ) -> None:
        """`player`, if given, plays each caller turn aloud before it is recognized; the
        first AudioDeviceError stops that (the other side's speaker reports it)."""
        self.dialogue = dialogue
        self.caller = caller
        self.recognizer = recognizer
        self.audio_dir = Path(audio_dir)
        self.synthesizer = synthesizer or Synthesizer()
        self.voice = self.synthesizer.resolve(caller.voice, CALLER_VOICE_SLOT)
        self.on_turn = on_turn
        self.player = player
        self.values = dialogue.facts.profile.template_values()
        self.turns: list[DemoTurn] = []
        self.chunk_bytes = int(16000 * CHUNK_SECONDS) * 2

    def listen(self) -> Utterance:
        step = self.dialogue.state.step
        said = self.caller.answer(self.dialogue.script.name, step, self.values)
        path = self.audio_dir / f"caller-{len(self.turns) + 1:02d}-{step}.wav"
        self.synthesizer.synthesize_to_wav(said, path, self.voice)
        if self.player is not None:
            try:
                self.player.play(path)
            except AudioDeviceError:
                self.player = None
        pcm = bytes(int(16000 * LEAD_IN_SECONDS) * 2) + load_clip(path).pcm
        heard, latency = recognize_clip(self.recognizer, pcm, self.chunk_bytes)
        utterance = replace(
            heard,
            audio_path=str(path.resolve()),
            latency=latency,
            reply_delay=speech_onset(pcm),  # the turn's audio starts as the other side's line ends
            recognizer=recognizer_label(self.recognizer),
            speech=speech_spans(pcm),
        )
        self.turns.append(DemoTurn(said, utterance))
        if self.on_turn is not None:
            self.on_turn(said, heard.text)
        return utterance


def run_demo(
    script: CallScript,
    facts: Facts,
    *,
    caller: str | None = None,
    scenario: str | None = None,
    seed: int | None = None,
    recognizer: str = DEFAULT_RECOGNIZER,
    speaker: Speaker,
    work_dir: Path,
    on_turn: OnTurn | None = None,
    model: Path | None = None,
    cache_dir: Path | None = None,
    writer: SessionWriter | None = None,
    caller_player: Player | None = None,
    notify: Callable[[str], None] | None = None,
) -> DemoResult:
    """Play a whole call with a sample caller (default: the one that covers every point).

    The other side's lines go to `speaker`; the caller's spoken turns are kept as WAV files
    in `work_dir`. `on_turn(said, recognized)` is called after each caller turn.
    `model` is the model folder for vosk or whisper; `cache_dir` is where the call's language
    model is kept (default: the same place as for practice calls). `writer` records the call
    in the session history, as a practice call is. `caller_player` plays the caller's turns
    aloud too (give it when the other side is spoken). `notify` is told when Whisper cannot
    load and PocketSphinx listens instead.
    """
    chosen = get_caller(caller or default_caller())
    chosen.lines_for(script.name)
    started = time.perf_counter()
    dialogue = Dialogue(script, facts, seed=seed, scenario=scenario)
    engine = build_recognizer(recognizer, script, facts.profile, model, notify=notify, cache_dir=cache_dir)
    audio_dir = Path(work_dir)
    audio_dir.mkdir(parents=True, exist_ok=True)
    listener = SampleCallerListener(
        dialogue, chosen, engine, audio_dir, on_turn=on_turn, player=caller_player
    )
    report = run_call(dialogue, speaker, listener, writer, audio_seconds=wav_seconds)
    return DemoResult(
        caller=chosen.name,
        report=report,
        turns=tuple(listener.turns),
        audio_dir=audio_dir,
        seconds=time.perf_counter() - started,
    )


@dataclass(frozen=True)
class DemoOptions:
    script: str | None = None  # a bundled script's name or a YAML file
    caller: str | None = None  # a sample caller's name (default: the one who covers every point)
    scenario: str | None = None
    seed: int | None = None
    today: dt.date | None = None
    text: bool = False  # show the other side's lines instead of speaking them
    recognizer: str | None = None
    model: str | None = None
    phone_line: bool = True


def play_demo(options: DemoOptions, profile: Profile, out: Console) -> DemoResult:
    """A whole call by a sample caller, shown (and, unless `text`, heard) as it goes, kept as a
    demo session apart from the caller's own."""

    script = resolve_script(options.script)
    writer = SessionStore(config.data_dir(), demo=True).create(script.name)
    speaker = (
        TextSpeaker(out)
        if options.text
        else voice_speaker(writer.audio_dir, out, role_voices(script), phone_line=options.phone_line)
    )

    def show_turn(said: str, recognized: str) -> None:
        out.print(f"[bold]Caller said:[/bold] {escape(said)}")
        out.print(f"[dim]Recognized:[/dim]  {escape(recognized) or '(nothing)'}")

    try:
        return run_demo(
            script,
            Facts(profile=profile, today=options.today or dt.date.today()),
            caller=options.caller,
            scenario=options.scenario,
            seed=options.seed,
            recognizer=recognizer_name(options.recognizer),
            model=Path(options.model) if options.model else None,
            speaker=speaker,
            work_dir=writer.audio_dir,
            on_turn=show_turn,
            writer=writer,
            caller_player=None if options.text else default_player(),
            notify=lambda message: out.print(f"[yellow]{escape(message)}[/yellow]"),
        )
    finally:
        close_channel(speaker)
        writer.close()


def demo_json(result: DemoResult) -> dict[str, Any]:
    """The report's JSON, plus what the caller said and what was recognized, turn by turn."""
    data = result.report.to_json()
    data["sample_caller"] = result.caller
    data["turns"] = [{"said": t.said, **t.heard.to_json()} for t in result.turns]
    return data


def describe_callers(callers: Sequence[SampleCaller] | None = None) -> list[tuple[str, str]]:
    """(name, summary) of each sample caller, for help text."""
    return [(c.name, c.summary) for c in (callers or sample_callers().values())]
