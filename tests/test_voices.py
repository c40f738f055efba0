"""The other side's voices on real synthesis: Piper for the interviewer, espeak-ng beside and
instead of it, pieces that let a reply start early, and the telephone line sound."""

from __future__ import annotations

import io
import json
import wave
from pathlib import Path

import numpy as np
import pytest

from rehearse.channels.speaker import PrintSpeaker, VoiceSpeaker
from rehearse.speech.audio.phone_line import PhoneLine
from rehearse.speech.synthesis.espeak import ESPEAK_RATE, Synthesizer
from rehearse.speech.synthesis.voice_bank import EspeakEngine, PiperVoiceEngine, VoiceBank, speech_pieces
from rehearse.turns import Line, VoiceHint

pytestmark = pytest.mark.audio

PIPER = VoiceHint(engine="piper", name="en_US-joe-medium", gender="male")


class FakePlayer:
    """Stands in for the sound card."""

    def __init__(self) -> None:
        self.played: list[Path] = []

    def play(self, path: Path) -> None:
        self.played.append(path)


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("Hello.", ["Hello."]),
        ("Good morning, Acme Logistics.", ["Good morning,", "Acme Logistics."]),
        (
            "Hi Jordan, thanks for calling. We are still deciding.",
            ["Hi Jordan,", "thanks for calling.", "We are still deciding."],
        ),
        # A one-word opening ("Yes,") is not worth a piece of its own; nor is a one-word rest.
        ("Yes, of course. One moment.", ["Yes, of course.", "One moment."]),
        ("Thanks so much, Jordan.", ["Thanks so much, Jordan."]),
        ("   ", []),
    ],
)
def test_speech_pieces(text: str, pieces: list[str]) -> None:
    assert speech_pieces(text) == pieces


@pytest.fixture(scope="module")
def bank() -> VoiceBank:
    notices: list[str] = []
    bank = VoiceBank(Synthesizer(), notify=notices.append)
    bank.prepare([PIPER])
    assert notices == []  # the Piper voice ships with the project's setup
    return bank


def test_piper_speaks_the_interviewer_and_espeak_the_rest(bank: VoiceBank) -> None:
    assert isinstance(bank.engine_for(PIPER), PiperVoiceEngine)
    assert isinstance(bank.engine_for(VoiceHint(gender="female")), EspeakEngine)
    pieces = list(bank.pieces("Hi Jordan, thanks for calling back.", PIPER))
    assert [p.text for p in pieces] == ["Hi Jordan,", "thanks for calling back."]
    assert all(p.rate == 22050 and p.samples.dtype == np.int16 for p in pieces)
    assert all(0.4 < p.samples.size / p.rate < 3.0 for p in pieces)
    assert all(np.abs(p.samples).max() > 3000 for p in pieces)  # a voice, not silence


def test_a_faster_rate_is_a_shorter_line(bank: VoiceBank) -> None:
    text = "We are still interviewing this week."
    slow = next(bank.pieces(text, VoiceHint(engine="piper", rate=120))).samples.size
    fast = next(bank.pieces(text, VoiceHint(engine="piper", rate=200))).samples.size
    assert fast < 0.8 * slow


def test_missing_piper_voice_says_so_once_and_espeak_speaks(tmp_path: Path) -> None:
    notices: list[str] = []
    bank = VoiceBank(Synthesizer(), notify=notices.append)
    hint = VoiceHint(engine="piper", name=str(tmp_path / "gone.onnx"), gender="male")
    for _ in range(2):
        pieces = list(bank.pieces("Hello there.", hint))
        assert pieces and pieces[0].rate == ESPEAK_RATE
    assert len(notices) == 1
    assert notices[0].startswith("The Piper voice file ") and notices[0].endswith(
        "is missing: reinstall the voice; espeak-ng speaks instead."
    )


def test_damaged_piper_voice_is_one_line(tmp_path: Path) -> None:
    model = tmp_path / "broken.onnx"
    model.write_bytes(b"this is not an onnx model")
    Path(f"{model}.json").write_text(json.dumps({"audio": {"sample_rate": 22050}}), encoding="utf-8")
    notices: list[str] = []
    bank = VoiceBank(Synthesizer(), notify=notices.append)
    bank.prepare([VoiceHint(engine="piper", name=str(model))])
    assert len(notices) == 1 and "\n" not in notices[0]
    assert notices[0].startswith("The Piper voice broken.onnx cannot be read (")
    assert notices[0].endswith("); espeak-ng speaks instead.")


def _band_energy(samples: np.ndarray, rate: int, low: float, high: float) -> float:
    spectrum = np.abs(np.fft.rfft(samples.astype(np.float64))) ** 2
    freqs = np.fft.rfftfreq(samples.size, d=1.0 / rate)
    return float(spectrum[(freqs >= low) & (freqs < high)].sum())


def test_phone_line_keeps_the_voice_band_only(bank: VoiceBank) -> None:
    piece = next(bank.pieces("Brightline Logistics, how can I help you?", VoiceHint(gender="female")))
    heard = PhoneLine().apply(piece.samples, piece.rate)
    assert heard.dtype == np.int16 and heard.size == piece.samples.size
    inside = _band_energy(heard, piece.rate, 400, 3300)
    assert _band_energy(heard, piece.rate, 4000, 11025) < inside * 1e-3
    assert _band_energy(heard, piece.rate, 0, 200) < inside * 1e-3
    # Clean speech has real energy above the band; the phone line took it away.
    assert _band_energy(piece.samples, piece.rate, 4000, 11025) > inside * 1e-2
    # Light line noise between words: never digital silence, never loud.
    quiet = PhoneLine().apply(np.zeros(ESPEAK_RATE, dtype=np.int16), ESPEAK_RATE).astype(np.float64)
    assert 10 < np.sqrt(np.mean(quiet**2)) < 150  # about -48 dB of full scale


def test_speaker_plays_pieces_through_the_phone_line_and_keeps_the_line(
    bank: VoiceBank, tmp_path: Path
) -> None:
    player = FakePlayer()
    speaker = VoiceSpeaker(
        voices=bank,
        player=player,
        keep_audio_in=tmp_path,
        fallback=PrintSpeaker(io.StringIO()),
        phone_line=PhoneLine(),
    )
    speaker.say(Line("interviewer", "Maria", "Hi Jordan, good to hear from you. How can I help?", PIPER))
    assert [p.name for p in player.played] == [
        "001-interviewer-1.wav",
        "001-interviewer-2.wav",
        "001-interviewer-3.wav",
    ]
    with wave.open(str(speaker.kept[0].path), "rb") as wav:
        kept = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
        rate = wav.getframerate()
    assert _band_energy(kept, rate, 4000, 11025) < _band_energy(kept, rate, 400, 3300) * 1e-3
    assert len(speaker.first_audio) == 1 and speaker.first_audio[0] < 5.0
    speaker.close()
