"""The caller's side from recorded files: each audio file is one turn, in order.

Each file is read as 16 kHz mono (see `rehearse.speech.audio.clips.load_clip`), fed to the
recognizer in chunks as a microphone would deliver it, and returned as an Utterance with
source "file". After the last file the listener raises EndOfInput.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from rehearse.errors import InputFileError
from rehearse.speech.audio.clips import load_clip
from rehearse.speech.audio.endpoint import speech_spans
from rehearse.speech.recognition.base import TurnRecognizer, recognize_clip, recognizer_label
from rehearse.turns import FILE, EndOfInput, Utterance

AUDIO_SUFFIXES = (".wav", ".flac", ".aif", ".aiff")
CHUNK_SECONDS = 0.1


class AudioFileListener:
    """A Listener over recorded turns; `latency` is the recognizer's wait after the last chunk."""

    def __init__(
        self,
        paths: Sequence[Path],
        recognizer: TurnRecognizer,
        *,
        chunk_seconds: float = CHUNK_SECONDS,
    ) -> None:
        self.paths = [Path(p) for p in paths]
        for path in self.paths:
            if not path.is_file():
                reason = "it is a folder, not a file" if path.is_dir() else "no such file"
                raise InputFileError(f"{path}: cannot read audio: {reason}")
        self.recognizer = recognizer
        self.chunk_bytes = max(2, int(16000 * chunk_seconds) * 2)
        self._next = 0

    @classmethod
    def from_directory(
        cls, directory: Path, recognizer: TurnRecognizer, *, chunk_seconds: float = CHUNK_SECONDS
    ) -> AudioFileListener:
        """All audio files of a folder (not its subfolders), in natural name order."""
        return cls(audio_files_in(directory), recognizer, chunk_seconds=chunk_seconds)

    @property
    def remaining(self) -> int:
        return len(self.paths) - self._next

    def listen(self) -> Utterance:
        if self._next >= len(self.paths):
            raise EndOfInput
        path = self.paths[self._next]
        self._next += 1
        clip = load_clip(path)
        heard, latency = recognize_clip(self.recognizer, clip.pcm, self.chunk_bytes)
        return replace(
            heard,
            source=FILE,
            audio_path=str(path.resolve()),
            latency=latency,
            recognizer=recognizer_label(self.recognizer),
            speech=speech_spans(clip.pcm),
        )


def _natural_key(path: Path) -> tuple[object, ...]:
    """'turn2.wav' before 'turn10.wav'; ties broken by the plain name."""
    parts = re.split(r"(\d+)", path.name.lower())
    return (tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts), path.name)


def audio_files_in(directory: Path) -> list[Path]:
    """The .wav/.flac/.aif/.aiff files directly in `directory`, in natural name order."""
    directory = Path(directory)
    if not directory.exists():
        raise InputFileError(f"{directory}: no such folder")
    if not directory.is_dir():
        raise InputFileError(f"{directory}: not a folder; give a folder of recorded turns")
    files = [
        p
        for p in directory.iterdir()
        if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES and not p.name.startswith(".")
    ]
    if not files:
        raise InputFileError(
            f"{directory}: no audio files in this folder (expected {', '.join(AUDIO_SUFFIXES)})"
        )
    return sorted(files, key=_natural_key)
