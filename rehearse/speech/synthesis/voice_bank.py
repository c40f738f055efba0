"""The other side's voices: each role speaks with the engine its script asks for.

Engines sit in a plain registry. Piper (natural, neural) is what the bundled scripts ask for
for the interviewer; espeak-ng speaks every other role, and stands in for Piper when Piper or
its voice is missing (said once, in one line). A line is spoken in pieces, sentence by sentence
and the first clause on its own, so the first piece can play while the rest is synthesized.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from rehearse.errors import EngineMissingError
from rehearse.script.voices import DEFAULT_PIPER_VOICE
from rehearse.speech.synthesis.espeak import ESPEAK_RATE, Synthesizer
from rehearse.turns import VoiceHint

FIRST_CLAUSE_MIN_WORDS = 2  # a first clause shorter than this is not worth its own piece
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
CLAUSE_END = re.compile(r"(?<=[,;:])\s+(?=\S)")


@dataclass(frozen=True)
class Piece:
    """One piece of a spoken line: its text and its samples (int16 mono)."""

    text: str
    samples: np.ndarray
    rate: int


class VoiceEngine(Protocol):
    def speak(self, text: str, hint: VoiceHint, slot: int) -> tuple[np.ndarray, int]:
        """`text` spoken as int16 samples and their sample rate."""
        ...


class EspeakEngine:
    def __init__(self, synthesizer: Synthesizer | None = None) -> None:
        self.synthesizer = synthesizer or Synthesizer()

    def speak(self, text: str, hint: VoiceHint, slot: int) -> tuple[np.ndarray, int]:
        pcm = self.synthesizer.synthesize_samples(text, hint, slot)
        return np.frombuffer(pcm, dtype=np.int16), ESPEAK_RATE


class PiperVoiceEngine:
    def __init__(self, name: str | None = None) -> None:
        from rehearse.speech.synthesis.piper import PiperEngine

        self.piper = PiperEngine(name or DEFAULT_PIPER_VOICE)

    def speak(self, text: str, hint: VoiceHint, slot: int) -> tuple[np.ndarray, int]:
        return self.piper.synthesize(text, hint.rate), self.piper.sample_rate


# Engines loaded by name when a role asks for them. espeak-ng is not here: every VoiceBank has
# it already, for the roles that use it and as the stand-in for any engine that fails to load.
ENGINES: dict[str, Callable[[str | None], VoiceEngine]] = {
    "piper": PiperVoiceEngine,
}


def speech_pieces(text: str) -> list[str]:
    """Sentences, with the first sentence's opening clause split off when it stands on its own."""
    sentences = [s for s in SENTENCE_END.split(text.strip()) if s.strip()]
    if not sentences:
        return []
    first = CLAUSE_END.split(sentences[0], maxsplit=1)
    if len(first) == 2 and len(first[0].split()) >= FIRST_CLAUSE_MIN_WORDS and len(first[1].split()) >= 2:
        return [*first, *sentences[1:]]
    return sentences


class VoiceBank:
    """Finds each role's engine once; a missing Piper is reported once and espeak-ng speaks instead."""

    def __init__(
        self,
        espeak: Synthesizer | None = None,
        notify: Callable[[str], None] | None = None,
        engines: dict[str, Callable[[str | None], VoiceEngine]] | None = None,
    ) -> None:
        self.espeak = EspeakEngine(espeak)
        self.notify = notify
        self.engines = engines if engines is not None else ENGINES
        self._loaded: dict[tuple[str, str | None], VoiceEngine] = {}
        self._loading = threading.Lock()
        self.substitutes: dict[str, str] = {}  # engine -> why espeak-ng speaks for it

    def engine_for(self, hint: VoiceHint) -> VoiceEngine:
        key = (hint.engine, hint.name)
        if hint.engine == "espeak":
            return self.espeak
        with self._loading:  # a line waits here while `prepare_in_background` loads its engine
            if key not in self._loaded:
                try:
                    self._loaded[key] = self.engines[hint.engine](hint.name)
                except EngineMissingError as problem:
                    self._loaded[key] = self.espeak
                    reason = str(problem).rstrip(".")
                    self.substitutes[hint.engine] = reason
                    if self.notify is not None:
                        self.notify(f"{_capital(reason)}; espeak-ng speaks instead.")
            return self._loaded[key]

    def prepare(self, hints: list[VoiceHint]) -> None:
        """Load every engine these roles need now, so nothing loads (or fails) mid-call."""
        for hint in hints:
            self.engine_for(hint)

    def prepare_in_background(self, hints: list[VoiceHint]) -> None:
        """Load them while the call starts: the first line (the receptionist's, in espeak-ng)
        need not wait a second for Piper; a line that needs an engine still loading waits."""
        threading.Thread(target=self.prepare, args=(hints,), name="rehearse-voices", daemon=True).start()

    def piece(self, part: str, hint: VoiceHint, slot: int = 0) -> Piece:
        samples, rate = self.engine_for(hint).speak(part, hint, slot)
        return Piece(text=part, samples=samples, rate=rate)

    def pieces(self, text: str, hint: VoiceHint, slot: int = 0) -> Iterator[Piece]:
        for part in speech_pieces(text):
            yield self.piece(part, hint, slot)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
