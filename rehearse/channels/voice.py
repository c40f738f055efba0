"""Assemble the speech channels for a call: recognizer, microphone, files, voice output.

The CLI asks for channels by what the user wants; this module knows which
adapters exist and how to fall back (no microphone: one line, then text).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from rehearse.profile.model import Profile
from rehearse.script.model import CallScript, caller_phrases
from rehearse.turns import (
    EndOfInput,
    Line,
    Listener,
    Speaker,
    Utterance,
    VoiceHint,
    close_channel,
    expect_lines,
)

if TYPE_CHECKING:
    from rehearse.speech.recognition.registry import Recognizer

DEFAULT_RECOGNIZER_ENV = "REHEARSE_RECOGNIZER"
MODEL_ENV = "REHEARSE_MODEL"
LANGUAGE_MODELS = "language-models"  # the cache subfolder of the call language models
TYPE_INSTEAD = "Type that turn instead (Enter to try speaking again): "


def recognizer_name(flag: str | None) -> str:
    from rehearse.speech.recognition.registry import DEFAULT_RECOGNIZER

    return flag or os.environ.get(DEFAULT_RECOGNIZER_ENV) or DEFAULT_RECOGNIZER


def build_recognizer(
    name: str | None,
    script: CallScript,
    profile: Profile,
    model: str | Path | None = None,
    *,
    notify: Callable[[str], None] | None = None,
    cache_dir: Path | None = None,
) -> Recognizer:
    """The recognizer for one call, loaded once; its vocabulary comes from the script and profile.

    With `notify` (practice, demo), a Whisper that cannot load is reported through it once and
    the call goes on with PocketSphinx; without it (check), the EngineMissingError goes up.
    """
    from rehearse import config
    from rehearse.speech.recognition.registry import RecognizerSettings, make_recognizer

    chosen = recognizer_name(name)
    model_path = model or os.environ.get(MODEL_ENV)
    settings = RecognizerSettings(
        expected_phrases=caller_phrases(script, profile.template_values()),
        profile=profile,
        model_path=Path(model_path) if model_path else None,
        cache_dir=cache_dir or config.cache_dir() / LANGUAGE_MODELS,
    )
    return make_recognizer(chosen, settings, notify=notify)


class EchoListener:
    """Shows each recognized turn as the caller's line, so the screen reads like a transcript.

    `label` is for turns a recognizer heard ("You (heard)"); one the caller typed instead (the
    microphone's typed fallback) is shown as a typed call shows it, "You"."""

    def __init__(self, inner: Listener, out: Console, label: str = "You") -> None:
        self.inner = inner
        self.out = out
        self.voice: LastLineSpeaker | None = None  # set once the other side's voices exist
        self.label = label

    def close(self) -> None:
        close_channel(self.inner)

    def listen(self) -> Utterance:
        utterance = self.inner.listen()
        label = self.label if utterance.spoken else "You"
        self.out.print(f"[bold]{label}:[/bold] {escape(utterance.text)}")
        return utterance


def file_listener(paths: list[Path], recognizer: object, out: Console) -> Listener:
    from rehearse.channels.audio_files import AudioFileListener

    return EchoListener(AudioFileListener(paths, recognizer), out, label="You (heard)")  # type: ignore[arg-type]


def directory_listener(directory: Path, recognizer: object, out: Console) -> Listener:
    from rehearse.channels.audio_files import AudioFileListener

    inner = AudioFileListener.from_directory(directory, recognizer)  # type: ignore[arg-type]
    return EchoListener(inner, out, label="You (heard)")


class LastLineSpeaker:
    """A Speaker that remembers who spoke last, so a listener's notice can be said in that voice."""

    def __init__(self, inner: Speaker) -> None:
        self.inner = inner
        self.last: Line | None = None

    def say(self, line: Line) -> str | None:
        self.last = line
        return self.inner.say(line)

    def expect(self, lines: list[Line]) -> None:
        expect_lines(self.inner, lines)

    def repeat_as(self, text: str) -> bool:
        """Say `text` as the last speaker; False when nobody has spoken yet."""
        if self.last is None:
            return False
        self.inner.say(replace(self.last, text=text))
        return True

    def close(self) -> None:
        close_channel(self.inner)


class MicrophoneWarmup:
    """Open and calibrate the microphone in the background while the call is being prepared.

    Opening a device and measuring the room takes a second or two; doing it
    while the script, profile and recognizer load keeps the first line quick.
    `ready(recognizer)` waits for it and returns the listener (or raises the
    device error), before anything is played, so the room is measured in quiet.
    """

    def __init__(self, audio_dir: Path, out: Console) -> None:
        import threading

        self.out = out
        self.audio_dir = audio_dir
        self.voice: LastLineSpeaker | None = None  # set once the other side's voices exist
        self._listener: object = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._open, name="rehearse-microphone", daemon=True)
        self._thread.start()

    def _open(self) -> None:
        from rehearse.speech.audio.microphone import MicrophoneListener

        try:
            listener = MicrophoneListener(
                None,  # type: ignore[arg-type]  # set by ready(), before the first turn
                self.audio_dir,
                notify=self._notify,
                ask_to_type=self._ask_to_type,
                on_listening=self._your_turn,
            )
            listener.open()
            self._listener = listener
        except BaseException as error:  # handed to the main thread by ready()
            self._error = error

    def ready(self, recognizer: object) -> Listener:
        self._thread.join()
        if self._error is not None:
            raise self._error
        listener = self._listener
        listener.recognizer = recognizer  # type: ignore[attr-defined]
        return EchoListener(listener, self.out, label="You (heard)")  # type: ignore[arg-type]

    def cancel(self) -> None:
        self._thread.join()
        close_channel(self._listener)

    def _notify(self, message: str) -> None:
        """Said by whoever spoke last ("Sorry, I didn't catch that."), or shown when no one has."""
        if self.voice is not None and self.voice.repeat_as(message):
            return
        self.out.print(f"[yellow]{escape(message)}[/yellow]")

    def _your_turn(self) -> None:
        self.out.print("[dim](your turn: speak now)[/dim]")

    def _ask_to_type(self) -> str | None:
        """Offer a typed turn; Enter alone listens again, end of input (nothing to type from)
        ends the call. A plain prompt: rich's Prompt would show its empty default as "()"."""
        try:
            answer = self.out.input(TYPE_INSTEAD)
        except EOFError:
            raise EndOfInput from None
        return " ".join(answer.split()) or None


def voice_speaker(
    audio_dir: Path, out: Console, voices: list[VoiceHint] | None = None, *, phone_line: bool = True
) -> Speaker:
    """The other side's voices: espeak-ng must be there (checked now); Piper loads while the call
    starts, and a missing one is said once and espeak-ng speaks for it. `phone_line` makes them
    sound like a phone."""
    from rehearse.channels.speaker import VoiceSpeaker
    from rehearse.channels.text import TextSpeaker
    from rehearse.speech.audio.phone_line import PhoneLine
    from rehearse.speech.synthesis.espeak import Synthesizer
    from rehearse.speech.synthesis.voice_bank import VoiceBank

    synthesizer = Synthesizer()
    synthesizer.catalog  # noqa: B018 - loads the engine, so a missing one is reported up front
    bank = VoiceBank(synthesizer, notify=lambda message: out.print(f"[yellow]{escape(message)}[/yellow]"))
    bank.prepare_in_background(voices or [])
    return VoiceSpeaker(
        voices=bank,
        keep_audio_in=audio_dir,
        fallback=TextSpeaker(out),
        echo=True,
        err=out.file,
        phone_line=PhoneLine() if phone_line else None,
    )


def role_voices(script: CallScript) -> list[VoiceHint]:
    return [role.voice for role in script.roles.values()]


def practice_channels(
    script: CallScript,
    profile: Profile,
    out: Console,
    audio_dir: Path,
    warmup: MicrophoneWarmup | None,
    *,
    typed: bool = False,
    answers_dir: Path | None = None,
    recognizer: str | None = None,
    model: str | None = None,
    phone_line: bool = True,
) -> tuple[Speaker, Listener]:
    """Text when asked for; answers from files with `answers_dir`; else a spoken call if the
    devices and engines are there, and when they are not, one line saying so and text."""
    from rehearse.channels.text import TextListener, TextSpeaker
    from rehearse.errors import AudioDeviceError, EngineMissingError

    if typed:
        return TextSpeaker(out), TextListener(out=out)

    def fallback_notice(message: str) -> None:
        out.print(f"[yellow]{escape(message)}[/yellow]")

    if answers_dir is not None:
        engine = build_recognizer(recognizer, script, profile, model, notify=fallback_notice)
        return TextSpeaker(out), directory_listener(answers_dir, engine, out)
    assert warmup is not None, "a spoken call opens the microphone first"
    try:
        engine = build_recognizer(recognizer, script, profile, model, notify=fallback_notice)
        listener = warmup.ready(engine)
    except (AudioDeviceError, EngineMissingError) as problem:
        reason = str(problem).split(";")[0].rstrip(".")
        out.print(f"[yellow]{escape(reason)}.[/yellow] Practising by typing instead.")
        return TextSpeaker(out), TextListener(out=out)
    try:
        speaker: Speaker = voice_speaker(audio_dir, out, role_voices(script), phone_line=phone_line)
    except EngineMissingError as problem:
        out.print(
            f"[yellow]{escape(str(problem).rstrip('.'))}.[/yellow] Showing the other side's lines as text."
        )
        speaker = TextSpeaker(out)
    warmup.voice = LastLineSpeaker(speaker)  # "Sorry, I didn't catch that" in the last voice
    return warmup.voice, listener
