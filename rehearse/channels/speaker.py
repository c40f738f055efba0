"""The other side of the call, spoken: a Speaker that synthesizes each line and plays it.

With no sound output it says so once, on stderr, and from then on shows the lines as text.
Given a folder, it keeps the WAV of every line there (as the caller heard it, phone line and
all) and records where each one went.
"""

from __future__ import annotations

import queue
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np

from rehearse.errors import AudioDeviceError
from rehearse.speech.audio.phone_line import PhoneLine
from rehearse.speech.audio.playback import Player, default_player
from rehearse.speech.synthesis.espeak import ESPEAK_RATE, Synthesizer, write_wav
from rehearse.speech.synthesis.voice_bank import Piece, VoiceBank, speech_pieces
from rehearse.turns import Line, Speaker, VoiceHint

NO_OUTPUT_NOTICE = "No sound output found: showing the other side's lines as text."
PIECE_GAP_S = 0.05
MAX_READY_PIECES = 64


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
    """Speaks each line in its role's voice; falls back to text once there is no sound output.

    A line is synthesized piece by piece (see `speech_pieces`) in a worker thread while the
    pieces before it play, so the first words of a reply start as soon as they are ready. Told
    what may be said next (`expect`), the worker also gets those lines' first pieces ready once
    the current line is synthesized, while it plays, so a reply can start with no wait at all.
    `first_audio` keeps, for every line played, the seconds from `say()` to its first piece
    starting to play.
    """

    def __init__(
        self,
        *,
        synthesizer: Synthesizer | None = None,
        voices: VoiceBank | None = None,
        player: Player | None = None,
        keep_audio_in: Path | None = None,
        fallback: Speaker | None = None,
        echo: bool = False,
        err: TextIO | None = None,
        phone_line: PhoneLine | None = None,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        """`echo` also shows each spoken line as text; `err` is where notices go."""
        self.err = err
        self.voices = voices or VoiceBank(synthesizer, notify=self._notice)
        self.player = player
        self.keep_audio_in = Path(keep_audio_in).resolve() if keep_audio_in else None
        self.fallback: Speaker = fallback or PrintSpeaker()
        self.echo = echo
        self.phone_line = phone_line
        self.clock = clock
        self.kept: list[KeptLine] = []
        self.first_audio: list[float] = []
        self.fallback_reason: str | None = None  # the AudioDeviceError message, once it happens
        self._count = 0
        self._slots: dict[str, int] = {}
        self._hints: dict[str, VoiceHint] = {}
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self._upcoming: list[Line] = []
        self._ready_first: dict[tuple[str, VoiceHint, int], Piece] = {}
        self._stop_preparing = threading.Event()

    @property
    def speaking(self) -> bool:
        """False once the speaker has fallen back to text."""
        return self.fallback_reason is None

    def prepare(self, hints: list[VoiceHint]) -> None:
        """Load the voices these roles use before the call starts."""
        self.voices.prepare(hints)

    def expect(self, lines: list[Line]) -> None:
        """These lines may be said next: get their first pieces ready while the next line plays."""
        self._upcoming = list(lines)

    def say(self, line: Line) -> str | None:
        """Speak (or show) the line; returns the kept WAV's path when audio is kept."""
        self._count += 1
        if not line.text.strip():
            return None
        if not (self.speaking or self.keep_audio_in is not None):
            self.fallback.say(line)
            return None
        started = self.clock()
        if self.echo or not self.speaking:
            self.fallback.say(line)
        heard: list[Piece] = []
        for index, piece in enumerate(self._pieces(line)):
            heard.append(piece)
            if self.speaking:
                self._play(line, index, piece, started)
        if self.keep_audio_in is None:
            return None
        path = self.keep_audio_in / f"{self._count:03d}-{_safe(line.role)}.wav"
        _write_pieces(path, heard)
        self.kept.append(KeptLine(self._count, line.role, line.text, path))
        return str(path)

    def close(self) -> None:
        """Remove scratch audio (kept audio stays)."""
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None

    def __enter__(self) -> VoiceSpeaker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _play(self, line: Line, index: int, piece: Piece, started: float) -> None:
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="rehearse-voice-")
        path = Path(self._scratch.name) / f"{self._count:03d}-{_safe(line.role)}-{index + 1}.wav"
        _write_pieces(path, [piece])
        if index == 0:
            self.first_audio.append(self.clock() - started)
        try:
            (self.player or default_player()).play(path)
        except AudioDeviceError as exc:
            self._fall_back(str(exc))
            if not self.echo:
                self.fallback.say(line)

    def _pieces(self, line: Line) -> Iterator[Piece]:
        """The line's pieces, synthesized ahead in a worker thread, which then prepares the first
        pieces of what may come next."""
        self._stop_preparing.set()  # whatever is still being prepared waits behind this line
        stop = self._stop_preparing = threading.Event()
        ready: queue.Queue[Piece | BaseException | None] = queue.Queue()
        slot = self._slot(line)
        parts = speech_pieces(line.text)
        upcoming = [(other, self._slot(other)) for other in self._upcoming]
        self._upcoming = []

        def synthesize() -> None:
            try:
                for index, part in enumerate(parts):
                    cached = self._ready_first.pop((part, line.voice, slot), None) if index == 0 else None
                    ready.put(cached or self._make_piece(part, line.voice, slot))
                ready.put(None)
            except BaseException as exc:  # handed to the playing thread below
                ready.put(exc)
                return
            self._prepare_first_pieces(upcoming, stop)

        threading.Thread(target=synthesize, name="rehearse-voice", daemon=True).start()
        while (item := ready.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item

    def _make_piece(self, part: str, hint: VoiceHint, slot: int) -> Piece:
        piece = self.voices.piece(part, hint, slot)
        if self.phone_line is None:
            return piece
        return Piece(piece.text, self.phone_line.apply(piece.samples, piece.rate), piece.rate)

    def _prepare_first_pieces(self, upcoming: list[tuple[Line, int]], stop: threading.Event) -> None:
        if len(self._ready_first) > MAX_READY_PIECES:
            self._ready_first.clear()  # lines that were expected but never said
        for other, slot in upcoming:
            parts = speech_pieces(other.text)
            if stop.is_set() or not parts:
                continue
            key = (parts[0], other.voice, slot)
            if key not in self._ready_first:
                try:
                    self._ready_first[key] = self._make_piece(parts[0], other.voice, slot)
                except Exception:  # only a head start: a line that fails here fails, and says so, when said
                    return

    def _notice(self, message: str) -> None:
        print(message, file=self.err or sys.stderr, flush=True)

    def _fall_back(self, reason: str) -> None:
        self.fallback_reason = reason
        self._notice(NO_OUTPUT_NOTICE)

    def _slot(self, line: Line) -> int:
        """Roles that share a voice hint get successive variants, so no two sound alike."""
        if line.role not in self._slots:
            same_hint = [r for r in self._slots if self._hints.get(r) == line.voice]
            self._slots[line.role] = len(same_hint)
            self._hints[line.role] = line.voice
        return self._slots[line.role]


def _write_pieces(path: Path, pieces: list[Piece]) -> None:
    """The pieces as one WAV, a short breath between them (what the player's restart leaves)."""
    rate = pieces[0].rate if pieces else ESPEAK_RATE
    gap = np.zeros(int(rate * PIECE_GAP_S), dtype=np.int16)
    parts: list[np.ndarray] = []
    for index, piece in enumerate(pieces):
        if index:
            parts.append(gap)
        parts.append(piece.samples.astype(np.int16))
    samples = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int16)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_wav(path, samples.tobytes(), rate)


def _safe(role: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", role).strip("_") or "line"
