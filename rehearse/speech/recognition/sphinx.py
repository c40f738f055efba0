"""PocketSphinx recognizers: rehearse's call-specific one, and the stock baseline.

`CallSphinxRecognizer` loads one decoder per session with the call's own language model
(`language_model.py`) and decodes while the caller is still speaking, so the text is
ready a few milliseconds after they stop. `stock_sphinx_recognizer()` is what
SpeechRecognition's `recognize_sphinx` gives out of the box (general model, reloaded on
every call); it is kept only to measure against.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rehearse.errors import EngineMissingError
from rehearse.profile.model import Profile
from rehearse.speech.recognition.base import (
    SAMPLE_RATE,
    SAMPLE_WIDTH,
    BufferedRecognizer,
    RecognizerError,
)
from rehearse.speech.recognition.language_model import (
    POCKETSPHINX_MISSING,
    LanguageModelFiles,
    build_language_model,
    model_dir,
)
from rehearse.turns import HEARD, Utterance, Word

FRAMES_PER_SECOND = 100  # pocketsphinx's default frame rate
# When a turn moves the cepstral mean (C0, loudness) by more than this, the decoder heard the
# turn with the wrong normalisation (first turn of a session, or a new line level): it then
# re-estimates the mean on the audio heard so far and decodes that audio again.
CMN_SHIFT_REDECODE = 1.5
# The same check is made early, once this much of the turn has been heard, so the re-decode
# happens while the caller is still talking instead of after they stop.
EARLY_CHECK_BYTES = SAMPLE_RATE * SAMPLE_WIDTH * 3 // 2
# A fresh decoder starts from the acoustic model's mean (40,3,-1,0,...), far from the voices
# we measured: after a few turns espeak-ng voices (male, female, 140-200 words a minute,
# full and telephone band) settle at C0 53-64 and similar higher terms. Starting from their
# average took the first turn's WER on the bench from 0.46 to 0.23, at no cost in latency
# (waiting for 1 s of audio to estimate the mean instead was worse: 0.37).
CMN_PRIOR = "57,-2,-4,16,-12,-2,-7,-13,-5,-5,-1,0,-2"
# Wider search beams than pocketsphinx's (1e-48, 7e-29): the call's model is small, so the
# search stays fast (p95 wait after speech ~110 ms on the bench), and fewer right words are
# pruned early (bench WER 0.433 -> 0.422).
# `topn`: score each frame against the 16 best Gaussians of each codebook instead of 4: on
# the call bench (two synthesis draws) WER 0.470/0.510 -> 0.425/0.439, for about 1.7 times
# the decoding work (still well under real time on 2 cores). Language weights 8/10/11
# (pocketsphinx: 6.5/8.5/9.5) trust the call's model a little more: 0.399/0.418, and less
# work after the caller stops; 10/12/13 lost points (date and time false alarms).
DECODER_OPTIONS: dict[str, Any] = {
    "cmninit": CMN_PRIOR,
    "beam": 1e-80,
    "wbeam": 1e-50,
    "pbeam": 1e-80,
    "topn": 16,
    "lw": 8.0,
    "fwdflatlw": 10.0,
    "bestpathlw": 11.0,
}
# The first turns of a session, until one ends without moving the mean, are decoded again
# at their end with the mean of the whole turn: slower (reported as first-turn latency),
# but the caller's first sentence (their name, whom they ask for) is heard right.
SETTLE_TURNS = 2
# Words whose lattice posterior is below this are dropped from the turn's text: a stretch of
# unclear speech decoded into a script phrase ("filled the", "really") rarely wins the lattice.
# Off: no floor gained on the call bench, neither on all words nor on the caller's fact words
# alone (names, date and time words, position; floors 0.2-0.9, two audio draws). The fact
# words the model pulls in wrongly are as sure as the right ones ("two" for "ten": 0.91),
# while right names are often at 0.3-0.6, so a floor loses more points than it saves.
MIN_CONFIDENCE = 0.0
_NOT_WORDS = {"<s>", "</s>", "<sil>"}


def _decoder_class() -> Any:
    try:
        from pocketsphinx import Decoder
    except ImportError as exc:
        raise EngineMissingError(POCKETSPHINX_MISSING) from exc
    return Decoder


FEED_BYTES = 3200  # 0.1 s of 16 kHz 16-bit audio per call into the decoder


class CallSphinxRecognizer:
    """A persistent pocketsphinx decoder fed incrementally, one utterance per turn."""

    def __init__(
        self,
        files: LanguageModelFiles,
        redecode_shift: float | None = None,
        options: Mapping[str, Any] | None = None,
        settle_turns: int = SETTLE_TURNS,
        min_confidence: float | None = None,
    ) -> None:
        """`redecode_shift`: re-decode ANY turn after it ends when its mean moved by more
        than this (off by default: p95 wait after speech of about 1 s). `options`: extra
        pocketsphinx settings (`lw`, `beam`, ...). `settle_turns`: how many opening turns
        may be re-decoded at their end until the mean has settled. `min_confidence`: words
        whose posterior is below this are left out of the text."""
        self.files = files
        self.redecode_shift = redecode_shift
        self.settle_turns = settle_turns
        self.min_confidence = MIN_CONFIDENCE if min_confidence is None else min_confidence
        decoder_class = _decoder_class()
        try:
            self._decoder = decoder_class(
                hmm=str(model_dir() / "en-us"),
                lm=str(files.arpa),
                dict=str(files.dictionary),
                samprate=SAMPLE_RATE,
                logfn=os.devnull,
                **{**DECODER_OPTIONS, **(options or {})},
            )
        except (RuntimeError, ValueError) as exc:
            raise EngineMissingError(
                f"pocketsphinx cannot load the call's model {files.arpa}: {exc}; delete that folder and retry"
            ) from exc
        self._logmath = self._decoder.get_logmath()
        self._in_turn = False
        self._pending = b""  # an odd trailing byte waiting for its pair
        self._turn: list[bytes] = []
        self._turn_bytes = 0
        self._early_checked = False
        self._cmn_at_start = 0.0
        self._turns = 0
        self._settled = settle_turns <= 0
        self.redecoded_turns = 0

    @classmethod
    def for_call(
        cls,
        expected_phrases: Sequence[str],
        profile: Profile | None,
        cache_dir: Path | None = None,
    ) -> CallSphinxRecognizer:
        return cls(build_language_model(expected_phrases, profile, cache_dir))

    @property
    def settled(self) -> bool:
        """Whether the cepstral mean has settled on this caller's voice and line."""
        return self._settled

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
        if not usable:
            return
        self._turn.append(data[:usable])
        self._turn_bytes += usable
        try:
            self._process(data[:usable])
            if not self._early_checked and self._turn_bytes >= EARLY_CHECK_BYTES:
                self._early_checked = True
                self._settle_early()
        except RuntimeError as exc:
            raise RecognizerError(f"pocketsphinx failed while decoding: {exc}") from exc

    def end_turn(self) -> Utterance:
        if not self._in_turn:
            return Utterance(source=HEARD, text="")
        self._in_turn = False
        settling = not self._settled and self._turns < self.settle_turns
        self._turns += 1
        try:
            self._decoder.end_utt()
            shift = abs(self._c0() - self._cmn_at_start)
            limit = CMN_SHIFT_REDECODE if settling else self.redecode_shift
            if limit is not None and shift > limit:
                self._batch_decode(b"".join(self._turn))
                self.redecoded_turns += 1
            elif settling:
                self._settled = True
        except RuntimeError as exc:
            raise RecognizerError(f"pocketsphinx failed to finish the turn: {exc}") from exc
        if self._turns >= self.settle_turns:
            self._settled = True
        self._turn = []
        return self._result()

    def _settle_early(self) -> None:
        """Mid-turn: if the mean has already moved a lot, settle it and restart the turn."""
        if abs(self._c0() - self._cmn_at_start) <= CMN_SHIFT_REDECODE:
            return
        heard = b"".join(self._turn)
        self._decoder.end_utt()
        self._batch_decode(heard)
        self._cmn_at_start = self._c0()
        self._decoder.start_utt()
        self._process(heard)

    def _process(self, pcm: bytes) -> None:
        """Feed the live decoder in small pieces: a whole turn at once loses words or crashes."""
        for start in range(0, len(pcm), FEED_BYTES):
            self._decoder.process_raw(pcm[start : start + FEED_BYTES], False, False)

    def _c0(self) -> float:
        return float(self._decoder.get_cmn().split(",", 1)[0])

    def _batch_decode(self, pcm: bytes) -> None:
        """Decode `pcm` as one whole utterance: pocketsphinx then normalises it with its
        own mean (batch CMN), and keeps that mean for what follows."""
        self._decoder.start_utt()
        self._decoder.process_raw(pcm, False, True)
        self._decoder.end_utt()

    def transcribe(self, pcm: bytes) -> Utterance:
        self.begin_turn()
        self.feed(pcm)
        return self.end_turn()

    def _result(self) -> Utterance:
        hypothesis = self._decoder.hyp()
        if hypothesis is None:
            return Utterance(source=HEARD, text="")
        self._decoder.get_prob()  # runs the lattice's forward-backward: word posteriors
        words = []
        for segment in self._decoder.seg():
            text = segment.word.split("(", 1)[0]
            if text in _NOT_WORDS or text.startswith("["):
                continue
            confidence = min(1.0, max(0.0, float(segment.prob)))  # already linear, 0-1
            if confidence < self.min_confidence:
                continue
            words.append(
                Word(
                    text=text,
                    start=segment.start_frame / FRAMES_PER_SECOND,
                    end=(segment.end_frame + 1) / FRAMES_PER_SECOND,
                    confidence=confidence,
                )
            )
        return Utterance(source=HEARD, text=" ".join(w.text for w in words), words=tuple(words))


def stock_sphinx_recognizer() -> BufferedRecognizer:
    """SpeechRecognition's `recognize_sphinx` with the general model shipped in the wheel."""
    try:
        import speech_recognition as sr
    except ImportError as exc:
        raise EngineMissingError("SpeechRecognition is not installed: pip install SpeechRecognition") from exc
    folder = model_dir()
    paths = (str(folder / "en-us"), str(folder / "en-us.lm.bin"), str(folder / "cmudict-en-us.dict"))
    engine = sr.Recognizer()

    def decode(pcm: bytes) -> Utterance:
        audio = sr.AudioData(pcm, SAMPLE_RATE, SAMPLE_WIDTH)
        try:
            text = engine.recognize_sphinx(audio, language=paths)
        except sr.UnknownValueError:
            return Utterance(source=HEARD, text="")
        except sr.RequestError as exc:
            raise EngineMissingError(f"pocketsphinx is not set up: {exc}") from exc
        return Utterance(source=HEARD, text=" ".join(str(text).split()))

    return BufferedRecognizer(decode)
