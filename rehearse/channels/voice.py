"""Assemble the speech channels for a call: recognizer, microphone, files, voice output.

The CLI asks for channels by what the user wants; this module knows which
adapters exist and how to fall back (no microphone: one line, then text).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from rehearse.channels.base import EndOfInput, Listener, Speaker, Utterance
from rehearse.profile import Profile
from rehearse.script import CallScript, caller_phrases

if TYPE_CHECKING:
    from rehearse.speech.recognizers import Recognizer

DEFAULT_RECOGNIZER_ENV = "REHEARSE_RECOGNIZER"
MODEL_ENV = "REHEARSE_MODEL"


def recognizer_name(flag: str | None) -> str:
    from rehearse.speech.recognizers import DEFAULT_RECOGNIZER

    return flag or os.environ.get(DEFAULT_RECOGNIZER_ENV) or DEFAULT_RECOGNIZER


def build_recognizer(
    name: str | None, script: CallScript, profile: Profile, model: str | None = None
) -> Recognizer:
    """The recognizer for one call, loaded once; its vocabulary comes from the script and profile."""
    from rehearse import config
    from rehearse.speech.recognizers import RecognizerSettings, make_recognizer

    model_path = model or os.environ.get(MODEL_ENV)
    settings = RecognizerSettings(
        expected_phrases=caller_phrases(script, profile.template_values()),
        profile=profile,
        model_path=Path(model_path) if model_path else None,
        cache_dir=config.cache_dir() / "language-models",
    )
    return make_recognizer(recognizer_name(name), settings)


class EchoListener:
    """Shows each recognized turn as the caller's line, so the screen reads like a transcript."""

    def __init__(self, inner: Listener, out: Console, label: str = "You") -> None:
        self.inner = inner
        self.out = out
        self.label = label

    def close(self) -> None:
        close = getattr(self.inner, "close", None)
        if close is not None:
            close()

    def listen(self) -> Utterance:
        utterance = self.inner.listen()
        self.out.print(f"[bold]{self.label}:[/bold] {escape(utterance.text)}")
        return utterance


def file_listener(paths: list[Path], recognizer: object, out: Console) -> Listener:
    from rehearse.channels.audio_files import AudioFileListener

    return EchoListener(AudioFileListener(paths, recognizer), out, label="You (heard)")  # type: ignore[arg-type]


def directory_listener(directory: Path, recognizer: object, out: Console) -> Listener:
    from rehearse.channels.audio_files import AudioFileListener

    inner = AudioFileListener.from_directory(directory, recognizer)  # type: ignore[arg-type]
    return EchoListener(inner, out, label="You (heard)")


def microphone_listener(recognizer: object, audio_dir: Path, out: Console) -> Listener:
    """A live microphone, opened (and calibrated) now so the first turn is not cut."""
    from rehearse.channels.microphone import MicrophoneListener

    def notify(message: str) -> None:
        out.print(f"[yellow]{escape(message)}[/yellow]")

    def ask_to_type() -> str | None:
        """Offer a typed turn; end of input (nothing to type from) ends the call."""
        from rich.prompt import Prompt

        try:
            answer = Prompt.ask(
                "Type that turn instead (Enter to try speaking again)", default="", console=out
            )
        except EOFError:
            raise EndOfInput from None
        return answer.strip() or None

    listener = MicrophoneListener(recognizer, audio_dir, notify=notify, ask_to_type=ask_to_type)  # type: ignore[arg-type]
    listener.open()
    return EchoListener(listener, out, label="You (heard)")


def voice_speaker(audio_dir: Path, out: Console) -> Speaker:
    from rehearse.channels.text import TextSpeaker
    from rehearse.channels.voice_out import VoiceSpeaker

    return VoiceSpeaker(keep_audio_in=audio_dir, fallback=TextSpeaker(out), echo=True, err=out.file)
