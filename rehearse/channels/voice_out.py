"""The other side of the call, spoken: a Speaker that synthesizes each line and plays it.

With no sound output it says so once, on stderr, and from then on shows the lines as text.
Given a folder, it keeps the WAV of every line there and records where each one went.
"""

from __future__ import annotations

import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from rehearse.channels.base import Line, Speaker, VoiceHint
from rehearse.errors import AudioDeviceError
from rehearse.speech.playback import Player, default_player
from rehearse.speech.tts import Synthesizer

NO_OUTPUT_NOTICE = "No sound output found: showing the other side's lines as text."


@dataclass(frozen=True)
class KeptLine:
    """Where the audio of one spoken line was kept."""

    index: int  # 1-based position of the line in the call
    role: str
    text: str
    path: Path


class PrintSpeaker:
    """Shows a line as `Speaker: text`; the stand-in when there is nothing to play through."""

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out

    def say(self, line: Line) -> str | None:
        out = self.out or sys.stdout
        print(f"{line.speaker}: {line.text}", file=out, flush=True)
        return None


class VoiceSpeaker:
    """Speaks each line in its role's voice; falls back to text once there is no sound output."""

    def __init__(
        self,
        *,
        synthesizer: Synthesizer | None = None,
        player: Player | None = None,
        keep_audio_in: Path | None = None,
        fallback: Speaker | None = None,
        echo: bool = False,
        err: TextIO | None = None,
    ) -> None:
        """`echo` also shows each spoken line as text; `err` is where the one notice goes."""
        self.synthesizer = synthesizer or Synthesizer()
        self.player = player
        self.keep_audio_in = Path(keep_audio_in).resolve() if keep_audio_in else None
        self.fallback: Speaker = fallback or PrintSpeaker()
        self.echo = echo
        self.err = err
        self.kept: list[KeptLine] = []
        self.fallback_reason: str | None = None  # the AudioDeviceError message, once it happens
        self._count = 0
        self._slots: dict[str, int] = {}
        self._hints: dict[str, VoiceHint] = {}
        self._scratch: tempfile.TemporaryDirectory[str] | None = None

    @property
    def speaking(self) -> bool:
        """False once the speaker has fallen back to text."""
        return self.fallback_reason is None

    def say(self, line: Line) -> str | None:
        """Speak (or show) the line; returns the kept WAV's path when audio is kept."""
        self._count += 1
        if not line.text.strip():
            return None
        path: Path | None = None
        if self.speaking or self.keep_audio_in is not None:
            path = self._synthesize(line)
        if self.echo or not self.speaking or path is None:
            self.fallback.say(line)
        if self.speaking and path is not None:
            try:
                (self.player or default_player()).play(path)
            except AudioDeviceError as exc:
                self._fall_back(str(exc))
                if not self.echo:
                    self.fallback.say(line)
        return str(path) if path is not None and self.keep_audio_in is not None else None

    def close(self) -> None:
        """Remove scratch audio (kept audio stays)."""
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None

    def __enter__(self) -> VoiceSpeaker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fall_back(self, reason: str) -> None:
        self.fallback_reason = reason
        print(NO_OUTPUT_NOTICE, file=self.err or sys.stderr, flush=True)

    def _synthesize(self, line: Line) -> Path:
        name = f"{self._count:03d}-{_safe(line.role)}.wav"
        if self.keep_audio_in is not None:
            path = self.synthesizer.synthesize_to_wav(
                line.text, self.keep_audio_in / name, line.voice, self._slot(line)
            )
            self.kept.append(KeptLine(self._count, line.role, line.text, path))
            return path
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="rehearse-voice-")
        return self.synthesizer.synthesize_to_wav(
            line.text, Path(self._scratch.name) / name, line.voice, self._slot(line)
        )

    def _slot(self, line: Line) -> int:
        """Roles that share a voice hint get successive variants, so no two sound alike."""
        if line.role not in self._slots:
            same_hint = [r for r in self._slots if self._hints.get(r) == line.voice]
            self._slots[line.role] = len(same_hint)
            self._hints[line.role] = line.voice
        return self._slots[line.role]


def _safe(role: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", role).strip("_") or "line"
