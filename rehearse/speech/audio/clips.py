"""Audio clips: read WAV/FLAC/AIFF into 16 kHz mono 16-bit PCM, write WAV, degrade for benchmarks.

Reading goes through SpeechRecognition's `AudioFile` (WAV, AIFF/AIFF-C, native FLAC through
the `flac` program it bundles). Float and WAVE_FORMAT_EXTENSIBLE WAVs, which Python 3.11's
`wave` module refuses, are read here with numpy. Resampling is done with an FFT, which keeps
the band limit that a plain linear resampler would alias.
"""

from __future__ import annotations

import struct
import warnings
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rehearse.errors import AudioContentError, InputFileError

TARGET_RATE = 16000
MIN_SECONDS = 0.2
MIN_SOURCE_RATE = 4000
# A 50 ms window must reach this RMS (16-bit scale, about -50 dBFS) for the clip to count as sound.
SILENCE_RMS = 100.0
FRAME_SECONDS = 0.05

_CONVERT_HINT = "convert it to WAV, e.g. `sox FILE out.wav` or `ffmpeg -i FILE out.wav`"


@dataclass(frozen=True)
class Clip:
    """Mono signed 16-bit little-endian PCM."""

    pcm: bytes
    rate: int = TARGET_RATE

    @property
    def duration(self) -> float:
        return len(self.pcm) / 2 / self.rate

    @property
    def samples(self) -> np.ndarray:
        return np.frombuffer(self.pcm, dtype="<i2")

    @classmethod
    def from_samples(cls, samples: np.ndarray, rate: int = TARGET_RATE) -> Clip:
        """Build a clip from float or int samples on the 16-bit scale, clipping overflow."""
        clipped = np.clip(np.round(np.asarray(samples, dtype=np.float64)), -32768, 32767)
        return cls(clipped.astype("<i2").tobytes(), rate)


def load_clip(path: Path, *, check_content: bool = True) -> Clip:
    """Read an audio file as a 16 kHz mono 16-bit clip.

    Raises InputFileError when the file cannot be read as audio and, with `check_content`,
    AudioContentError when it is silent or shorter than MIN_SECONDS.
    """
    path = Path(path)
    head = _read_head(path)
    kind = _sniff(path, head)
    if kind == "wav-numpy":
        samples, rate = _read_wav_numpy(path)
    else:
        try:
            samples, rate = _read_with_sr(path)
        except InputFileError:
            if kind != "wav":
                raise
            samples, rate = _read_wav_numpy(path)  # e.g. an extensible WAV with a leading chunk
    if rate < MIN_SOURCE_RATE:
        raise InputFileError(
            f"{path}: cannot read audio: sample rate {rate} Hz is too low for speech; "
            "record at 8000 Hz or more"
        )
    clip = Clip.from_samples(resample(samples, rate, TARGET_RATE), TARGET_RATE)
    if check_content:
        check_clip(clip, path)
    return clip


def check_clip(clip: Clip, path: Path | str) -> None:
    """Raise AudioContentError if the clip is too short or holds no sound."""
    if clip.duration < MIN_SECONDS:
        raise AudioContentError(
            f"{path}: the recording is too short ({clip.duration:.2f} s): "
            f"it needs at least {MIN_SECONDS} s of speech"
        )
    if loudest_rms(clip) < SILENCE_RMS:
        raise AudioContentError(
            f"{path}: the recording is silent: check the recording level or pick another file"
        )


def loudest_rms(clip: Clip) -> float:
    """RMS of the loudest 50 ms window, after removing any DC offset."""
    samples = clip.samples.astype(np.float64)
    if samples.size == 0:
        return 0.0
    samples -= samples.mean()
    frame = max(1, int(clip.rate * FRAME_SECONDS))
    usable = samples[: samples.size - samples.size % frame] if samples.size >= frame else samples
    frames = usable.reshape(-1, min(frame, usable.size))
    return float(np.sqrt((frames**2).mean(axis=1)).max())


def _read_head(path: Path) -> bytes:
    if not path.exists():
        raise InputFileError(f"{path}: cannot read audio: no such file")
    if path.is_dir():
        raise InputFileError(f"{path}: cannot read audio: it is a folder, not a file")
    try:
        with path.open("rb") as handle:
            return handle.read(64)
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read audio: {exc.strerror or exc}") from exc


def _sniff(path: Path, head: bytes) -> str:
    """Name the container from its first bytes, refusing the ones we cannot read clearly."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        fmt = _wav_format_tag(head)
        return "wav-numpy" if fmt in (3, 0xFFFE) else "wav"
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return "aiff"
    if head[:4] == b"fLaC":
        return "flac"
    if not head:
        raise InputFileError(f"{path}: cannot read audio: the file is empty")
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        raise InputFileError(f"{path}: cannot read audio: MP3 is not supported; {_CONVERT_HINT}")
    if head[:4] == b"OggS":
        raise InputFileError(
            f"{path}: cannot read audio: Ogg (Vorbis/Opus) is not supported; {_CONVERT_HINT}"
        )
    if head[4:8] == b"ftyp":
        raise InputFileError(f"{path}: cannot read audio: MP4/M4A is not supported; {_CONVERT_HINT}")
    raise InputFileError(f"{path}: cannot read audio: not a WAV, FLAC or AIFF file")


def _wav_format_tag(head: bytes) -> int | None:
    if head[12:16] != b"fmt " or len(head) < 22:
        return None
    return int(struct.unpack("<H", head[20:22])[0])


def _read_with_sr(path: Path) -> tuple[np.ndarray, int]:
    """Read through SpeechRecognition: mono (stereo is mixed down), 16-bit, native rate."""
    with warnings.catch_warnings():  # aifc and audioop are deprecated in 3.11, still present
        warnings.simplefilter("ignore", DeprecationWarning)
        import aifc

        import speech_recognition as sr

    try:
        with sr.AudioFile(str(path)) as source:
            frames = source.stream.read()
            data = sr.AudioData(frames, source.SAMPLE_RATE, source.SAMPLE_WIDTH)
    except AssertionError as exc:  # SpeechRecognition asserts mono or stereo
        raise InputFileError(
            f"{path}: cannot read audio: only mono or stereo is supported; "
            "mix it down, e.g. `sox FILE -c 1 out.wav`"
        ) from exc
    except (ValueError, EOFError, wave.Error, aifc.Error, struct.error) as exc:
        raise InputFileError(f"{path}: cannot read audio: {exc}") from exc
    except OSError as exc:  # includes a missing FLAC converter
        raise InputFileError(
            f"{path}: cannot read audio: {exc}; install flac with `sudo apt-get install flac`"
            if "FLAC" in str(exc)
            else f"{path}: cannot read audio: {exc}"
        ) from exc
    pcm = data.get_raw_data(convert_width=2)
    pcm = pcm[: len(pcm) - len(pcm) % 2]  # a truncated file can end mid-sample
    return np.frombuffer(pcm, dtype="<i2").astype(np.float64), int(data.sample_rate)


def _read_wav_numpy(path: Path) -> tuple[np.ndarray, int]:
    """Read float or WAVE_FORMAT_EXTENSIBLE WAVs, which the `wave` module of Python 3.11 refuses."""
    raw = path.read_bytes()
    fmt: tuple[int, int, int, int] | None = None
    data: bytes | None = None
    pos = 12
    while pos + 8 <= len(raw):
        chunk_id, size = raw[pos : pos + 4], struct.unpack("<I", raw[pos + 4 : pos + 8])[0]
        body = raw[pos + 8 : pos + 8 + size]
        if chunk_id == b"fmt " and len(body) >= 16:
            tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", body[:16])
            if tag == 0xFFFE and len(body) >= 26:
                tag = struct.unpack("<H", body[24:26])[0]  # first two bytes of the sub-format GUID
            fmt = (tag, channels, rate, bits)
        elif chunk_id == b"data":
            data = body
            break
        pos += 8 + size + (size & 1)
    if fmt is None or data is None:
        raise InputFileError(f"{path}: cannot read audio: the WAV has no format or data chunk")
    tag, channels, rate, bits = fmt
    width = bits // 8
    if channels < 1 or width < 1:
        raise InputFileError(f"{path}: cannot read audio: the WAV format chunk is broken")
    usable = len(data) - len(data) % (width * channels)
    data = data[:usable]
    if tag == 3 and bits in (32, 64):
        samples = np.frombuffer(data, dtype=f"<f{width}").astype(np.float64) * 32767.0
    elif tag == 1 and bits in (8, 16, 24, 32):
        samples = _pcm_to_float(data, width)
    else:
        raise InputFileError(
            f"{path}: cannot read audio: WAV encoding {tag} with {bits}-bit samples is not "
            f"supported; {_CONVERT_HINT}"
        )
    return samples.reshape(-1, channels).mean(axis=1), rate


def _pcm_to_float(data: bytes, width: int) -> np.ndarray:
    """Integer PCM of any width -> float samples on the 16-bit scale."""
    if width == 1:
        return (np.frombuffer(data, dtype=np.uint8).astype(np.float64) - 128.0) * 256.0
    if width == 3:
        triples = np.frombuffer(data, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        values = triples[:, 0] | (triples[:, 1] << 8) | (triples[:, 2] << 16)
        values = np.where(values >= 1 << 23, values - (1 << 24), values)
        return values.astype(np.float64) / 256.0
    ints = np.frombuffer(data, dtype=f"<i{width}").astype(np.float64)
    return ints / float(1 << (8 * width - 16))


def resample(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    """Band-limited resampling through the FFT (fine for clips of a few minutes)."""
    samples = np.asarray(samples, dtype=np.float64)
    if rate == target or samples.size == 0:
        return samples
    out_len = max(1, round(samples.size * target / rate))
    spectrum = np.fft.rfft(samples)
    bins = out_len // 2 + 1
    if bins <= spectrum.size:
        spectrum = spectrum[:bins]
    else:
        spectrum = np.concatenate([spectrum, np.zeros(bins - spectrum.size, dtype=complex)])
    return np.fft.irfft(spectrum, n=out_len) * (out_len / samples.size)


def write_wav(path: Path, pcm: bytes, rate: int = TARGET_RATE) -> Path:
    """Write mono 16-bit PCM to a WAV file, creating its folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(pcm)
    return path


def band_pass(clip: Clip, low: float = 300.0, high: float = 3400.0) -> Clip:
    """Keep only `low`..`high` Hz, like a telephone line (FFT mask with 50 Hz cosine edges)."""
    samples = clip.samples.astype(np.float64)
    spectrum = np.fft.rfft(samples)
    freqs = np.fft.rfftfreq(samples.size, d=1.0 / clip.rate)
    edge = 50.0
    gain = np.clip((freqs - (low - edge)) / edge, 0, 1) * np.clip(((high + edge) - freqs) / edge, 0, 1)
    gain = 0.5 - 0.5 * np.cos(np.pi * gain)
    return Clip.from_samples(np.fft.irfft(spectrum * gain, n=samples.size), clip.rate)


def add_noise(clip: Clip, snr_db: float, seed: int = 0) -> Clip:
    """Add white noise at `snr_db` below the speech level (RMS of the louder half of windows)."""
    samples = clip.samples.astype(np.float64)
    frame = max(1, int(clip.rate * FRAME_SECONDS))
    usable = samples[: samples.size - samples.size % frame]
    if usable.size == 0:
        return clip
    energies = (usable.reshape(-1, frame) ** 2).mean(axis=1)
    speech_power = float(np.mean(energies[energies >= np.median(energies)]))
    noise_power = speech_power / (10 ** (snr_db / 10))
    noise = np.random.default_rng(seed).normal(0.0, np.sqrt(noise_power), samples.size)
    return Clip.from_samples(samples + noise, clip.rate)


def telephone(clip: Clip, snr_db: float | None = 20.0, seed: int = 0) -> Clip:
    """A clip as it might sound over a phone line: 300-3400 Hz, plus noise when `snr_db` is set."""
    narrow = band_pass(clip)
    return narrow if snr_db is None else add_noise(narrow, snr_db, seed)
