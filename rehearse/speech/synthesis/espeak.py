"""Text to speech: the one module that talks to pyttsx3 (espeak-ng on Linux).

pyttsx3 2.99's engine is fragile: one engine reused for several `runAndWait()` can hang, queued
`save_to_file` calls keep only the last, a relative path can silently write nothing, its espeak
driver prints "Audio saved to ..." and shells out to `aplay`, and it runs espeak-ng
asynchronously, so a late callback into a collected engine prints a ReferenceError.

So we use only pyttsx3's ctypes binding of libespeak-ng (`pyttsx3.drivers._espeak`), run it
synchronously, collect the samples in our own callback and write the WAV ourselves:

- espeak-ng is initialised once per process, in synchronous mode, and one utterance runs at a
  time under a lock (it has one global voice and one global callback);
- synthesis runs in a worker thread with a timeout, so a stuck engine becomes an error;
- the WAV goes to an absolute path, under a temporary name renamed once complete, and is
  checked to hold audio.

We never let pyttsx3 play audio; playback lives in `playback.py`.
"""

from __future__ import annotations

import ctypes
import os
import threading
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rehearse.errors import EngineMissingError
from rehearse.turns import VoiceHint

ESPEAK_MISSING = "espeak-ng is not installed: sudo apt-get install espeak-ng"
PYTTSX3_MISSING = "pyttsx3 is not installed: pip install pyttsx3"

# espeak-ng variants, best first. The classic f*/m* variants are the clearest to listen to.
FEMALE_VARIANTS = ("f3", "f2", "f4", "f1", "f5", "Annie", "linda", "belinda")
MALE_VARIANTS = ("m3", "m1", "m2", "m4", "m7", "m6", "adam", "john")
NEUTRAL_VARIANTS = ("", "f3", "m3", "f2", "m1", "f4", "m2")

DEFAULT_RATE = 165  # words per minute; espeak's own default (175) is a little fast on a phone
SYNTH_TIMEOUT = 30.0  # seconds for one utterance before we call the engine stuck
WAV_HEADER_BYTES = 44
ESPEAK_RATE = 22050  # what libespeak-ng produces

# espeak-ng keeps global state (one voice, one callback); one utterance at a time.
_ENGINE_LOCK = threading.Lock()


@dataclass(frozen=True)
class EspeakVoice:
    """A concrete espeak-ng voice: `name` is what SetVoiceByName takes, e.g. "gmw/en-us+f3"."""

    name: str
    rate: int = DEFAULT_RATE
    pitch: int | None = None


@dataclass(frozen=True)
class VoiceCatalog:
    """What espeak-ng offers on this machine."""

    languages: dict[str, str]  # language code ("en-us") -> voice id ("gmw/en-us")
    variants: dict[str, str | None]  # variant name ("f3") -> "female" | "male" | None


def _load_binding() -> Any:
    """Import pyttsx3's libespeak-ng binding; a missing piece becomes EngineMissingError."""
    try:
        import pyttsx3  # noqa: F401
    except ImportError as exc:
        raise EngineMissingError(PYTTSX3_MISSING) from exc
    try:
        # Loads libespeak-ng through ctypes; raises RuntimeError/OSError when it is absent.
        from pyttsx3.drivers import _espeak
    except (ImportError, OSError, RuntimeError) as exc:
        raise EngineMissingError(ESPEAK_MISSING) from exc
    return _espeak


class _Espeak:
    """The process-wide libespeak-ng, initialised once, synchronous, with our own callback."""

    _instance: _Espeak | None = None

    def __init__(self) -> None:
        self.lib = _load_binding()
        from pyttsx3.drivers import espeak as driver

        if not driver.EspeakDriver._moduleInitialized:
            if self.lib.Initialize(self.lib.AUDIO_OUTPUT_SYNCHRONOUS, 1000) == -1:
                raise EngineMissingError(ESPEAK_MISSING)
            # A pyttsx3 engine made later in this process must not initialise espeak again.
            driver.EspeakDriver._moduleInitialized = True
            driver.EspeakDriver._defaultVoice = "gmw/en"
        self.chunks: list[bytes] = []
        self.callback = self.lib.t_espeak_callback(self._on_synth)  # kept alive with us

    @classmethod
    def get(cls) -> _Espeak:
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def _on_synth(self, wav: Any, numsamples: int, events: Any) -> int:
        if numsamples > 0 and wav:
            self.chunks.append(ctypes.string_at(wav, numsamples * 2))
        return 0

    def synthesize(self, text: str, voice: EspeakVoice) -> bytes:
        lib = self.lib
        if lib.SetVoiceByName(voice.name.encode("utf-8")) != 0:
            raise EngineMissingError(
                f"espeak-ng has no voice '{voice.name}': see `espeak-ng --voices` for the list"
            )
        lib.SetParameter(lib.RATE, voice.rate, 0)
        lib.SetParameter(lib.PITCH, 50 if voice.pitch is None else voice.pitch, 0)
        lib.SetParameter(lib.VOLUME, 100, 0)
        self.chunks = []
        lib.cSetSynthCallback(self.callback)
        lib.Synth(text.encode("utf-8"), flags=lib.ENDPAUSE | lib.CHARS_UTF8)
        lib.Synchronize()  # also waits when pyttsx3 had started espeak asynchronously
        pcm, self.chunks = b"".join(self.chunks), []
        return pcm

    def catalog(self) -> VoiceCatalog:
        lib = self.lib
        languages: dict[str, str] = {}
        for voice in lib.ListVoices(None):
            ident = voice.identifier.decode("utf-8", errors="ignore").lower()
            # `languages` is a priority byte followed by the language name.
            language = voice.languages[1:].decode("utf-8", errors="ignore").lower()
            if language:
                languages.setdefault(language, ident)
        spec = lib.VOICE()
        spec.languages = b"variant"
        genders: dict[int, str | None] = {0: None, 1: "male", 2: "female"}
        variants: dict[str, str | None] = {}
        for variant in lib.ListVoices(ctypes.pointer(spec)):
            ident = variant.identifier.decode("utf-8", errors="ignore")
            variants[ident.split("/", 1)[-1]] = genders.get(variant.gender)
        return VoiceCatalog(languages=languages, variants=variants)


class Synthesizer:
    """Turns text into WAV files with espeak-ng through pyttsx3's libespeak-ng binding.

    One process-wide engine, driven synchronously with a timeout per line (see `_Espeak`):
    pyttsx3's own engine loop hangs or drops files when it speaks repeatedly.
    """

    def __init__(self, timeout: float = SYNTH_TIMEOUT) -> None:
        self.timeout = timeout
        self._catalog: VoiceCatalog | None = None

    @property
    def catalog(self) -> VoiceCatalog:
        if self._catalog is None:
            with _ENGINE_LOCK:
                self._catalog = _Espeak.get().catalog()
        return self._catalog

    def resolve(self, hint: VoiceHint | None = None, slot: int = 0) -> EspeakVoice:
        """Pick an installed espeak-ng voice for a hint.

        `slot` picks the n-th best variant, so roles with the same hint still sound different.
        """
        hint = hint or VoiceHint()
        base = self._language_voice(hint.language)
        variant = self._variant(hint.gender, slot)
        name = f"{base}+{variant}" if variant else base
        pitch = None if hint.pitch is None else max(0, min(99, hint.pitch))
        rate = hint.rate if hint.rate else DEFAULT_RATE
        return EspeakVoice(name=name, rate=max(80, min(450, rate)), pitch=pitch)

    def _language_voice(self, language: str) -> str:
        languages = self.catalog.languages
        code = (language or "en-us").lower()
        if code in languages:
            return languages[code]
        prefix = code.split("-", 1)[0]
        if prefix in languages:
            return languages[prefix]
        for known, ident in sorted(languages.items()):
            if known.split("-", 1)[0] == prefix:
                return ident
        raise EngineMissingError(
            f"espeak-ng has no voice for language '{language}': pick one listed by `espeak-ng --voices`"
        )

    def _variant(self, gender: str | None, slot: int) -> str:
        available = self.catalog.variants
        wanted = (gender or "").lower()
        if wanted == "female":
            preferred = FEMALE_VARIANTS
        elif wanted == "male":
            preferred = MALE_VARIANTS
        else:
            preferred = NEUTRAL_VARIANTS
        choices = [v for v in preferred if v == "" or v in available]
        if wanted in ("female", "male"):
            choices += sorted(v for v, g in available.items() if g == wanted and v not in choices)
        if not choices:
            return ""
        return choices[slot % len(choices)]

    def synthesize_to_wav(
        self, text: str, path: Path, voice: VoiceHint | EspeakVoice | None = None, slot: int = 0
    ) -> Path:
        """Write `text` spoken in `voice` to the WAV file `path` (22.05 kHz mono 16-bit)."""
        if not text.strip():
            raise ValueError("nothing to synthesize: empty text")
        target = Path(path).expanduser().resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        chosen = voice if isinstance(voice, EspeakVoice) else self.resolve(voice, slot)
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial.wav")
        with _ENGINE_LOCK:
            pcm = self._run_engine(text, chosen)
        try:
            write_wav(partial, pcm, ESPEAK_RATE)
            _check_wav(partial)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        return target

    def synthesize_samples(
        self, text: str, voice: VoiceHint | EspeakVoice | None = None, slot: int = 0
    ) -> bytes:
        """`text` spoken as 16-bit mono PCM at ESPEAK_RATE (what a reply played in pieces uses)."""
        chosen = voice if isinstance(voice, EspeakVoice) else self.resolve(voice, slot)
        with _ENGINE_LOCK:
            pcm = self._run_engine(text, chosen)
        if not pcm:
            raise EngineMissingError("espeak-ng produced no audio: check it works with `espeak-ng 'hello'`")
        return pcm

    def _run_engine(self, text: str, voice: EspeakVoice) -> bytes:
        result: list[bytes] = []
        failure: list[BaseException] = []

        def work() -> None:
            try:
                result.append(_Espeak.get().synthesize(text, voice))
            except BaseException as exc:  # handed to the calling thread below
                failure.append(exc)

        worker = threading.Thread(target=work, name="rehearse-tts", daemon=True)
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():
            raise EngineMissingError(
                f"espeak-ng did not finish speaking within {self.timeout:.0f} s: "
                "reinstall it with sudo apt-get install --reinstall espeak-ng"
            )
        if failure:
            exc = failure[0]
            if isinstance(exc, EngineMissingError):
                raise exc
            raise EngineMissingError(f"espeak-ng failed to synthesize speech: {exc}") from exc
        return result[0]


def write_wav(path: Path, pcm: bytes, rate: int) -> None:
    """16-bit mono PCM into a WAV file."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(pcm)


def _check_wav(path: Path) -> None:
    if not path.is_file() or path.stat().st_size <= WAV_HEADER_BYTES:
        raise EngineMissingError(
            f"espeak-ng wrote no audio to {path}: check it works with `espeak-ng 'hello'`"
        )
    with wave.open(str(path), "rb") as wav:
        if wav.getnframes() == 0:
            raise EngineMissingError(
                f"espeak-ng wrote an empty WAV to {path}: check `espeak-ng 'hello'` works"
            )


_default: Synthesizer | None = None


def default_synthesizer() -> Synthesizer:
    global _default
    if _default is None:
        _default = Synthesizer()
    return _default


def synthesize_to_wav(text: str, path: Path, voice: VoiceHint | None = None) -> Path:
    """Speak `text` into the WAV file `path` with the voice that best fits `voice`."""
    return default_synthesizer().synthesize_to_wav(text, path, voice)
