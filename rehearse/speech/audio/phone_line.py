"""Make the other side sound as if it came down a telephone line.

A phone carries roughly 300-3400 Hz; everything outside that band is cut, the cut is soft (a
raised-cosine edge, so there is no ringing), and a little line noise is added well below the
voice. The same recipe is applied to every chunk of a reply, with one noise generator per line,
so a reply played in pieces sounds like one call.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

LOW_HZ = 300.0
HIGH_HZ = 3400.0
EDGE_HZ = 120.0  # width of the soft edge at each end of the band
NOISE_DB = -48.0  # line noise, relative to full scale
LEVEL = 0.7  # peak level of the voice before the band cut, so the noise never clips it
FADE_S = 0.005  # each piece fades in and out, so pieces played one after another never click


@dataclass
class PhoneLine:
    """Band-limits 16-bit mono samples to the telephone band and adds light line noise."""

    low_hz: float = LOW_HZ
    high_hz: float = HIGH_HZ
    noise_db: float = NOISE_DB
    seed: int = 0
    _noise: np.random.Generator = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._noise = np.random.default_rng(self.seed)

    def apply(self, samples: np.ndarray, rate: int) -> np.ndarray:
        """The samples as heard over the phone, same length and rate, int16."""
        if samples.size == 0:
            return samples.astype(np.int16)
        voice = samples.astype(np.float64) / 32768.0
        peak = float(np.max(np.abs(voice)))
        if peak > 0:
            voice *= LEVEL / peak
        noise = self._noise.standard_normal(voice.size) * 10 ** (self.noise_db / 20.0)
        spectrum = np.fft.rfft(voice + noise)  # the line carries its noise in the same band
        spectrum *= self._band(np.fft.rfftfreq(voice.size, d=1.0 / rate))
        heard = np.fft.irfft(spectrum, n=voice.size) * _fades(voice.size, rate)
        return (np.clip(heard, -1.0, 1.0) * 32767.0).astype(np.int16)

    def _band(self, freqs: np.ndarray) -> np.ndarray:
        gain = np.ones_like(freqs)
        gain[freqs < self.low_hz - EDGE_HZ] = 0.0
        gain[freqs > self.high_hz + EDGE_HZ] = 0.0
        rising = (freqs >= self.low_hz - EDGE_HZ) & (freqs < self.low_hz)
        gain[rising] = 0.5 - 0.5 * np.cos(np.pi * (freqs[rising] - (self.low_hz - EDGE_HZ)) / EDGE_HZ)
        falling = (freqs > self.high_hz) & (freqs <= self.high_hz + EDGE_HZ)
        gain[falling] = 0.5 + 0.5 * np.cos(np.pi * (freqs[falling] - self.high_hz) / EDGE_HZ)
        return gain


def _fades(size: int, rate: int) -> np.ndarray:
    ramp = min(int(rate * FADE_S), size // 2)
    gain = np.ones(size)
    if ramp > 0:
        edge = 0.5 - 0.5 * np.cos(np.pi * np.arange(ramp) / ramp)
        gain[:ramp] = edge
        gain[size - ramp :] = edge[::-1]
    return gain
