"""PocketSphinx recognizers: rehearse's call-specific one, and the stock baseline.

`CallSphinxRecognizer` loads one decoder per session with the call's own language model
(`language_model.py`) and decodes while the caller is still speaking, so the text is
ready a few milliseconds after they stop. `stock_sphinx_recognizer()` is what
SpeechRecognition's `recognize_sphinx` gives out of the box (general model, reloaded on
every call); it is kept only to measure against.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rehearse.channels.base import Word
from rehearse.errors import EngineMissingError
from rehearse.profile import Profile
from rehearse.speech.language_model import (
    POCKETSPHINX_MISSING,
    LanguageModelFiles,
    build_language_model,
    model_dir,
)
from rehearse.speech.recognizers import (
    SAMPLE_RATE,
    SAMPLE_WIDTH,
    BufferedRecognizer,
    Recognition,
    RecognizerError,
)

FRAMES_PER_SECOND = 100  # pocketsphinx's default frame rate
# When a turn moves the cepstral mean (C0, loudness) by more than this, the decoder heard the
# turn with the wrong normalisation (first turn of a session, or a new line level): it then
# settles the mean on the audio heard so far and decodes it again. Measured on the bench:
# the first turn of a session alone had a WER of 0.78 against 0.63 once settled.
CMN_SHIFT_REDECODE = 1.5
CMN_SETTLE_PASSES = 4
CMN_SHIFT_AT_END = 4.0
# The same check is made early, once this much of the turn has been heard, so the re-decode
# happens while the caller is still talking instead of after they stop.
EARLY_CHECK_BYTES = SAMPLE_RATE * SAMPLE_WIDTH * 3 // 2
_NOT_WORDS = {"<s>", "</s>", "<sil>"}


def _decoder_class() -> Any:
    try:
        from pocketsphinx import Decoder
    except ImportError as exc:
        raise EngineMissingError(POCKETSPHINX_MISSING) from exc
    return Decoder


class CallSphinxRecognizer:
    """A persistent pocketsphinx decoder fed incrementally, one utterance per turn."""

    def __init__(self, files: LanguageModelFiles, redecode_shift: float | None = None) -> None:
        """`redecode_shift`: also re-decode a whole turn after it ends when its mean moved by
        more than this. Off by default: it lowered the bench WER from 0.58 to 0.51 but put
        the p95 wait after speech at about 1 s (84 ms without)."""
        self.files = files
        self.redecode_shift = redecode_shift
        decoder_class = _decoder_class()
        try:
            self._decoder = decoder_class(
                hmm=str(model_dir() / "en-us"),
                lm=str(files.arpa),
                dict=str(files.dictionary),
                samprate=SAMPLE_RATE,
                logfn=os.devnull,
            )
        except (RuntimeError, ValueError) as exc:
            raise EngineMissingError(
                f"pocketsphinx cannot load the call's model {files.arpa}: {exc}; delete that folder and retry"
            ) from exc
        self._logmath = self._decoder.get_logmath()
        self._in_turn = False
        self._pending = b""  # an odd trailing byte waiting for its pair
        self._turn: list[bytes] = []
        self._cmn_at_start = 0.0
        self.redecoded_turns = 0

    @classmethod
    def for_call(
        cls,
        expected_phrases: Sequence[str],
        profile: Profile | None,
        cache_dir: Path | None = None,
    ) -> CallSphinxRecognizer:
        return cls(build_language_model(expected_phrases, profile, cache_dir))

    def begin_turn(self) -> None:
        if self._in_turn:
            self._decoder.end_utt()
        self._pending = b""
        self._turn = []
        self._turn_bytes = 0
        self._early_checked = False
        self._cmn_at_start = self._c0()
        self._decoder.start_utt()
        self._in_turn = True

    def feed(self, pcm: bytes) -> None:
        if not self._in_turn:
            self.begin_turn()
        data = self._pending + pcm
        usable = len(data) - len(data) % SAMPLE_WIDTH
        self._pending = data[usable:]
        if usable:
            self._turn.append(data[:usable])
            self._turn_bytes += usable
            try:
                self._decoder.process_raw(data[:usable], False, False)
                if not self._early_checked and self._turn_bytes >= EARLY_CHECK_BYTES:
                    self._early_checked = True
                    self._settle_early()
            except RuntimeError as exc:
                raise RecognizerError(f"pocketsphinx failed while decoding: {exc}") from exc

    def end_turn(self) -> Recognition:
        if not self._in_turn:
            return Recognition(text="")
        self._in_turn = False
        try:
            self._decoder.end_utt()
            shift = abs(self._c0() - self._cmn_at_start)
            if self.redecode_shift is not None and shift > self.redecode_shift:
                self._redecode(b"".join(self._turn))
        except RuntimeError as exc:
            raise RecognizerError(f"pocketsphinx failed to finish the turn: {exc}") from exc
        self._turn = []
        return self._result()

    def _settle_early(self) -> None:
        """Mid-turn: if the mean has already moved a lot, settle it and restart the turn."""
        if abs(self._c0() - self._cmn_at_start) <= CMN_SHIFT_REDECODE:
            return
        heard = b"".join(self._turn)
        self._decoder.end_utt()
        self._settle(heard)
        self._cmn_at_start = self._c0()
        self._decoder.start_utt()
        self._decoder.process_raw(heard, False, False)

    def _c0(self) -> float:
        return float(self._decoder.get_cmn().split(",", 1)[0])

    def _redecode(self, pcm: bytes) -> None:
        """Let the cepstral mean settle on this turn's audio, then decode the turn again."""
        self._settle(pcm)
        self._decoder.start_utt()
        self._decoder.process_raw(pcm, False, True)
        self._decoder.end_utt()
        self.redecoded_turns += 1

    def _settle(self, pcm: bytes) -> None:
        for _ in range(CMN_SETTLE_PASSES):
            before = self._c0()
            self._decoder.start_utt()
            self._decoder.process_raw(pcm, True, True)
            self._decoder.end_utt()
            if abs(self._c0() - before) < CMN_SHIFT_REDECODE / 3:
                break

    def transcribe(self, pcm: bytes) -> Recognition:
        self.begin_turn()
        self.feed(pcm)
        return self.end_turn()

    def _result(self) -> Recognition:
        hypothesis = self._decoder.hyp()
        if hypothesis is None:
            return Recognition(text="")
        words = []
        for segment in self._decoder.seg():
            text = segment.word.split("(", 1)[0]
            if text in _NOT_WORDS or text.startswith("["):
                continue
            confidence = min(1.0, max(0.0, self._logmath.exp(segment.prob)))
            words.append(
                Word(
                    text=text,
                    start=segment.start_frame / FRAMES_PER_SECOND,
                    end=(segment.end_frame + 1) / FRAMES_PER_SECOND,
                    confidence=confidence,
                )
            )
        text = " ".join(w.text for w in words) if words else hypothesis.hypstr
        return Recognition(text=text, words=tuple(words))


def stock_sphinx_recognizer() -> BufferedRecognizer:
    """SpeechRecognition's `recognize_sphinx` with the general model shipped in the wheel."""
    try:
        import speech_recognition as sr
    except ImportError as exc:
        raise EngineMissingError("SpeechRecognition is not installed: pip install SpeechRecognition") from exc
    folder = model_dir()
    paths = (str(folder / "en-us"), str(folder / "en-us.lm.bin"), str(folder / "cmudict-en-us.dict"))
    engine = sr.Recognizer()

    def decode(pcm: bytes) -> Recognition:
        audio = sr.AudioData(pcm, SAMPLE_RATE, SAMPLE_WIDTH)
        try:
            text = engine.recognize_sphinx(audio, language=paths)
        except sr.UnknownValueError:
            return Recognition(text="")
        except sr.RequestError as exc:
            raise EngineMissingError(f"pocketsphinx is not set up: {exc}") from exc
        return Recognition(text=" ".join(str(text).split()))

    return BufferedRecognizer(decode)
