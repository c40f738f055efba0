"""Reading, checking, writing and degrading audio clips over real synthesized speech."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from rehearse.errors import AudioContentError, InputFileError
from rehearse.speech.audio.clips import (
    Clip,
    add_noise,
    band_pass,
    load_clip,
    loudest_rms,
    resample,
    telephone,
    write_wav,
)

pytestmark = pytest.mark.audio

READABLE = [
    "wav_22k",
    "wav_8k",
    "wav_44k_stereo",
    "wav_8bit",
    "wav_24bit_ext",
    "wav_float",
    "flac",
    "aiff",
    "phone",
    "three_channels",
]


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    n = min(a.size, b.size)
    return float(np.corrcoef(a[:n].astype(float), b[:n].astype(float))[0, 1])


@pytest.mark.parametrize("name", READABLE)
def test_every_supported_encoding_loads_as_16k_mono(name: str, audio_variants: dict[str, Path]) -> None:
    reference = load_clip(audio_variants["wav_22k"])
    clip = load_clip(audio_variants[name])
    assert clip.rate == 16000
    assert len(clip.pcm) % 2 == 0
    assert clip.duration == pytest.approx(reference.duration, abs=0.02)
    if name not in ("wav_8k", "phone", "wav_8bit"):  # band-limited or coarse copies differ more
        assert _correlation(clip.samples, reference.samples) > 0.95
    else:
        assert _correlation(clip.samples, reference.samples) > 0.5


def test_duration_matches_the_file(caller_wavs: dict[str, Path]) -> None:
    import wave

    path = caller_wavs["status"]
    with wave.open(str(path)) as wav:
        seconds = wav.getnframes() / wav.getframerate()
    clip = load_clip(path)
    assert clip.duration == pytest.approx(seconds, abs=0.001)
    assert len(clip.samples) == round(seconds * 16000)


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        ("silent", AudioContentError, "the recording is silent"),
        ("hiss", AudioContentError, "the recording is silent"),
        ("too_short", AudioContentError, r"too short \(0\.10 s\)"),
        ("garbage", InputFileError, "cannot read audio: not a WAV, FLAC or AIFF file"),
        ("empty", InputFileError, "cannot read audio: the file is empty"),
        ("fake_mp3", InputFileError, "MP3 is not supported; convert it to WAV"),
    ],
)
def test_bad_files_give_one_clear_error(
    name: str, error: type[Exception], message: str, audio_variants: dict[str, Path]
) -> None:
    path = audio_variants[name]
    with pytest.raises(error, match=message) as caught:
        load_clip(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert "\n" not in str(caught.value)


def test_truncated_wav_loads_what_is_there(audio_variants: dict[str, Path]) -> None:
    full = load_clip(audio_variants["wav_22k"])
    part = load_clip(audio_variants["truncated"])
    assert 0.2 * full.duration < part.duration < 0.45 * full.duration


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"nope\.wav: cannot read audio: no such file"):
        load_clip(tmp_path / "nope.wav")
    with pytest.raises(InputFileError, match="it is a folder"):
        load_clip(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path, audio_variants: dict[str, Path]) -> None:
    path = tmp_path / "locked.wav"
    path.write_bytes(audio_variants["wav_22k"].read_bytes())
    path.chmod(0)
    with pytest.raises(InputFileError, match="cannot read audio: Permission denied"):
        load_clip(path)


def test_too_low_sample_rate_is_refused(tmp_path: Path) -> None:
    tone = (np.sin(np.arange(3000) / 3) * 10000).astype("<i2").tobytes()
    path = write_wav(tmp_path / "low.wav", tone, 2000)
    with pytest.raises(InputFileError, match="sample rate 2000 Hz is too low"):
        load_clip(path)


def test_check_content_can_be_skipped(audio_variants: dict[str, Path]) -> None:
    clip = load_clip(audio_variants["silent"], check_content=False)
    assert clip.duration == pytest.approx(2.0)
    assert loudest_rms(clip) == 0.0


def test_write_wav_round_trip(tmp_path: Path) -> None:
    samples = (np.sin(np.linspace(0, 600 * np.pi, 16000)) * 8000).astype("<i2")
    path = write_wav(tmp_path / "deep" / "tone.wav", samples.tobytes(), 16000)
    assert load_clip(path).pcm == samples.tobytes()


def test_resample_keeps_a_tone_and_its_length() -> None:
    rate = 22050
    t = np.arange(rate) / rate
    tone = np.sin(2 * np.pi * 440 * t) * 10000
    out = resample(tone, rate, 16000)
    assert out.size == 16000
    peak = np.argmax(np.abs(np.fft.rfft(out)))
    assert peak == 440  # 1 s of audio: bin index == Hz


def test_band_pass_removes_low_and_high_tones() -> None:
    t = np.arange(16000) / 16000
    low, mid, high = (np.sin(2 * np.pi * f * t) * 5000 for f in (100, 1000, 6000))
    clip = band_pass(Clip.from_samples(low + mid + high))
    spectrum = np.abs(np.fft.rfft(clip.samples.astype(float)))
    assert spectrum[1000] > 100 * spectrum[100]
    assert spectrum[1000] > 100 * spectrum[6000]


@pytest.mark.parametrize("snr_db", [20.0, 5.0])
def test_add_noise_hits_the_requested_snr(snr_db: float, caller_wavs: dict[str, Path]) -> None:
    clean = load_clip(caller_wavs["interest"])
    noisy = add_noise(clean, snr_db, seed=1)
    noise = noisy.samples.astype(float) - clean.samples.astype(float)
    frame = 800
    speech = clean.samples.astype(float)
    usable = speech[: speech.size - speech.size % frame].reshape(-1, frame)
    energies = (usable**2).mean(axis=1)
    speech_power = energies[energies >= np.median(energies)].mean()
    measured = 10 * np.log10(speech_power / (noise**2).mean())
    assert measured == pytest.approx(snr_db, abs=0.5)
    assert add_noise(clean, snr_db, seed=1) == noisy  # reproducible


def test_telephone_is_band_limited_and_noisy(caller_wavs: dict[str, Path]) -> None:
    clean = load_clip(caller_wavs["greeting"])
    phone = telephone(clean, snr_db=None)
    spectrum = np.abs(np.fft.rfft(phone.samples.astype(float)))
    freqs = np.fft.rfftfreq(phone.samples.size, 1 / 16000)
    assert spectrum[freqs > 3600].sum() < 0.01 * spectrum[(freqs > 300) & (freqs < 3400)].sum()
    assert telephone(clean, snr_db=10) != phone
