"""Shared test audio, synthesized once per test run with espeak-ng (through rehearse.speech.synthesis.espeak).

Use from a test module by importing all three fixture functions (importing registers them
for that module; the test parameters are then `audio_dir`, `caller_wavs`, `audio_variants`)::

    from tests.audio_fixtures import (  # noqa: F401
        audio_dir_fixture,
        audio_variants_fixture,
        caller_wavs_fixture,
    )

Fixtures (all session-scoped, all files in one temporary folder):

- `audio_dir` -> Path: the folder holding everything below.
- `caller_wavs` -> dict[str, Path]: caller sentences as espeak writes them (22.05 kHz mono
  16-bit WAV), keyed by name; the spoken text of each is `CALLER_SENTENCES[name]`.
  Names: "greeting", "interview", "status", "interest", "thanks", "yes".
- `audio_variants` -> dict[str, Path]: the "interview" sentence re-encoded, plus bad files:
  "wav_22k" (the original), "wav_8k", "wav_44k_stereo", "wav_8bit", "wav_24bit_ext"
  (WAVE_FORMAT_EXTENSIBLE 24-bit 48 kHz), "wav_float", "flac", "aiff", "phone" (300-3400 Hz
  with noise at 15 dB SNR), "silent" (2 s of zeros), "hiss" (2 s of very quiet noise),
  "too_short" (0.1 s cut from the middle of the speech), "truncated" (a WAV header promising
  more data than the file holds),
  "garbage" (random bytes named .wav), "empty" (0 bytes), "fake_mp3" (an ID3 header),
  "three_channels" (3-channel 16-bit WAV).
- `VARIANT_SENTENCE`: the text spoken in every speech variant.
"""

from __future__ import annotations

import warnings
import wave
from pathlib import Path

import numpy as np
import pytest

from rehearse.speech.audio.clips import Clip, add_noise, band_pass, resample, write_wav
from rehearse.speech.synthesis.espeak import Synthesizer
from rehearse.turns import VoiceHint

CALLER_SENTENCES: dict[str, str] = {
    "greeting": "Hello, my name is Jordan Smith.",
    "interview": "I had an interview with Maria Lopez last Tuesday at ten in the morning.",
    "status": "I wanted to ask if there is any update on the position.",
    "interest": "I am still very interested in the role.",
    "thanks": "Thank you very much for your time. Goodbye.",
    "yes": "Yes, that is right.",
}
VARIANT_SENTENCE = CALLER_SENTENCES["interview"]
# Of the voices tried, the one the offline recognizer makes out best (word error ~0.1).
CALLER_VOICE = VoiceHint(gender="female", rate=170)


@pytest.fixture(scope="session", name="audio_dir")
def audio_dir_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("audio")


@pytest.fixture(scope="session", name="caller_wavs")
def caller_wavs_fixture(audio_dir: Path) -> dict[str, Path]:
    synth = Synthesizer()
    return {
        name: synth.synthesize_to_wav(text, audio_dir / f"caller_{name}.wav", CALLER_VOICE)
        for name, text in CALLER_SENTENCES.items()
    }


def _read(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as wav:
        pcm = wav.readframes(wav.getnframes())
        return np.frombuffer(pcm, dtype="<i2").astype(np.float64), wav.getframerate()


def _write_pcm(path: Path, frames: bytes, rate: int, channels: int, width: int) -> Path:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(width)
        wav.setframerate(rate)
        wav.writeframes(frames)
    return path


def _int16(samples: np.ndarray) -> np.ndarray:
    return np.clip(np.round(samples), -32768, 32767).astype("<i2")


def _write_extensible_24bit(path: Path, samples: np.ndarray, rate: int) -> Path:
    ints = np.clip(np.round(samples * 256), -(1 << 23), (1 << 23) - 1).astype("<i4")
    data = ints.view(np.uint8).reshape(-1, 4)[:, :3].tobytes()
    guid_pcm = b"\x01\x00\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
    fmt = (
        (0xFFFE).to_bytes(2, "little")
        + (1).to_bytes(2, "little")
        + rate.to_bytes(4, "little")
        + (rate * 3).to_bytes(4, "little")
        + (3).to_bytes(2, "little")
        + (24).to_bytes(2, "little")
        + (22).to_bytes(2, "little")
        + (24).to_bytes(2, "little")
        + (4).to_bytes(4, "little")
        + guid_pcm
    )
    body = b"WAVE" + b"fmt " + len(fmt).to_bytes(4, "little") + fmt
    body += b"data" + len(data).to_bytes(4, "little") + data
    path.write_bytes(b"RIFF" + len(body).to_bytes(4, "little") + body)
    return path


def _write_float_wav(path: Path, samples: np.ndarray, rate: int) -> Path:
    data = (samples / 32768.0).astype("<f4").tobytes()
    fmt = (
        (3).to_bytes(2, "little")
        + (1).to_bytes(2, "little")
        + rate.to_bytes(4, "little")
        + (rate * 4).to_bytes(4, "little")
        + (4).to_bytes(2, "little")
        + (32).to_bytes(2, "little")
    )
    body = b"WAVE" + b"fmt " + len(fmt).to_bytes(4, "little") + fmt
    body += b"data" + len(data).to_bytes(4, "little") + data
    path.write_bytes(b"RIFF" + len(body).to_bytes(4, "little") + body)
    return path


def _write_aiff(path: Path, samples: np.ndarray, rate: int) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import aifc

    with aifc.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(_int16(samples).astype(">i2").tobytes())
    return path


def _write_flac(path: Path, samples: np.ndarray, rate: int) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import speech_recognition as sr

    path.write_bytes(sr.AudioData(_int16(samples).tobytes(), rate, 2).get_flac_data())
    return path


@pytest.fixture(scope="session", name="audio_variants")
def audio_variants_fixture(audio_dir: Path, caller_wavs: dict[str, Path]) -> dict[str, Path]:
    source = caller_wavs["interview"]
    samples, rate = _read(source)
    d = audio_dir / "variants"
    d.mkdir()
    rng = np.random.default_rng(7)
    at_8k = resample(samples, rate, 8000)
    at_44k = resample(samples, rate, 44100)
    stereo = np.stack([at_44k, at_44k * 0.8], axis=1)
    variants: dict[str, Path] = {"wav_22k": source}
    variants["wav_8k"] = write_wav(d / "interview_8k.wav", _int16(at_8k).tobytes(), 8000)
    variants["wav_44k_stereo"] = _write_pcm(
        d / "interview_44k_stereo.wav", _int16(stereo).tobytes(), 44100, 2, 2
    )
    unsigned = (np.clip(np.round(samples / 256), -128, 127) + 128).astype(np.uint8)
    variants["wav_8bit"] = _write_pcm(d / "interview_8bit.wav", unsigned.tobytes(), rate, 1, 1)
    variants["wav_24bit_ext"] = _write_extensible_24bit(
        d / "interview_24bit_48k.wav", resample(samples, rate, 48000), 48000
    )
    variants["wav_float"] = _write_float_wav(d / "interview_float.wav", samples, rate)
    variants["flac"] = _write_flac(d / "interview.flac", samples, rate)
    variants["aiff"] = _write_aiff(d / "interview.aiff", samples, rate)
    clip16 = Clip.from_samples(resample(samples, rate, 16000))
    phone = add_noise(band_pass(clip16), snr_db=15, seed=3)
    variants["phone"] = write_wav(d / "interview_phone.wav", phone.pcm, phone.rate)
    variants["silent"] = write_wav(d / "silent.wav", bytes(2 * 16000 * 2), 16000)
    hiss = _int16(rng.normal(0, 3, 32000)).tobytes()
    variants["hiss"] = write_wav(d / "hiss.wav", hiss, 16000)
    middle = samples.size // 2
    variants["too_short"] = write_wav(
        d / "too_short.wav", _int16(samples[middle : middle + int(rate * 0.1)]).tobytes(), rate
    )
    full = source.read_bytes()
    variants["truncated"] = d / "truncated.wav"
    variants["truncated"].write_bytes(full[: len(full) // 3])
    variants["garbage"] = d / "garbage.wav"
    variants["garbage"].write_bytes(rng.integers(0, 256, 4000, dtype=np.uint8).tobytes())
    variants["empty"] = d / "empty.wav"
    variants["empty"].write_bytes(b"")
    variants["fake_mp3"] = d / "call.mp3"
    variants["fake_mp3"].write_bytes(b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(500))
    three = np.stack([samples, samples, samples], axis=1)
    variants["three_channels"] = _write_pcm(d / "three_channels.wav", _int16(three).tobytes(), rate, 3, 2)
    return variants
