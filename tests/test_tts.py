"""The espeak-ng adapter over real synthesis."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from rehearse.errors import EngineMissingError
from rehearse.speech.synthesis import espeak as tts
from rehearse.speech.synthesis.espeak import EspeakVoice, Synthesizer, synthesize_to_wav
from rehearse.turns import VoiceHint

pytestmark = pytest.mark.audio


def _samples(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as wav:
        assert wav.getnchannels() == 1
        assert wav.getsampwidth() == 2
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16), wav.getframerate()


def test_writes_a_wav_of_plausible_length(tmp_path: Path) -> None:
    text = "Good morning, thank you for calling. How can I help you today?"
    out = synthesize_to_wav(text, tmp_path / "line.wav")
    assert out == (tmp_path / "line.wav").resolve()
    samples, rate = _samples(out)
    seconds = len(samples) / rate
    # 11 words at ~165 wpm is about 4 s; allow for pauses and engine differences.
    assert 2.0 < seconds < 8.0
    assert np.sqrt(np.mean(samples.astype(np.float64) ** 2)) > 300  # real sound, not silence


def test_relative_path_is_written_where_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = synthesize_to_wav("Hello there.", Path("sub") / "hello.wav")
    assert out.is_absolute()
    assert (tmp_path / "sub" / "hello.wav").stat().st_size > 1000
    assert not list((tmp_path / "sub").glob(".*partial*"))


def test_five_utterances_in_a_row_are_all_written(tmp_path: Path) -> None:
    synth = Synthesizer()
    paths = [
        synth.synthesize_to_wav(f"This is sentence number {n}.", tmp_path / f"s{n}.wav") for n in range(5)
    ]
    for path in paths:
        samples, rate = _samples(path)
        assert len(samples) / rate > 0.8


def test_female_and_male_hints_sound_different(tmp_path: Path) -> None:
    synth = Synthesizer()
    text = "Please hold while I transfer your call."
    female = synth.synthesize_to_wav(text, tmp_path / "f.wav", VoiceHint(gender="female"))
    male = synth.synthesize_to_wav(text, tmp_path / "m.wav", VoiceHint(gender="male"))
    f_samples, _ = _samples(female)
    m_samples, _ = _samples(male)
    # Zero-crossing rate tracks voice pitch: the female variant crosses zero more often.
    f_zcr = np.mean(np.diff(np.sign(f_samples)) != 0)
    m_zcr = np.mean(np.diff(np.sign(m_samples)) != 0)
    assert f_zcr > m_zcr * 1.05


def test_rate_hint_changes_duration(tmp_path: Path) -> None:
    synth = Synthesizer()
    text = "I am calling about the interview I had last week."
    slow = synth.synthesize_to_wav(text, tmp_path / "slow.wav", VoiceHint(rate=110))
    fast = synth.synthesize_to_wav(text, tmp_path / "fast.wav", VoiceHint(rate=240))
    assert len(_samples(slow)[0]) > 1.5 * len(_samples(fast)[0])


def test_resolve_maps_hints_to_installed_voices() -> None:
    synth = Synthesizer()
    female = synth.resolve(VoiceHint(gender="female", rate=150, pitch=120))
    assert female.name.endswith("+f3")
    assert female.name.split("+")[0] == synth.catalog.languages["en-us"]
    assert female.rate == 150
    assert female.pitch == 99  # clamped to espeak's scale
    assert synth.resolve(VoiceHint(gender="male")).name.endswith("+m3")
    # Two roles with the same hint get different variants through the slot.
    assert synth.resolve(VoiceHint(), slot=0) != synth.resolve(VoiceHint(), slot=1)
    assert synth.resolve(VoiceHint(language="en-GB")).name.startswith(synth.catalog.languages["en-gb"])


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(EngineMissingError, match="no voice for language 'xx-yy'"):
        Synthesizer().resolve(VoiceHint(language="xx-yy"))


def test_empty_text_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        synthesize_to_wav("   ", tmp_path / "x.wav")


def test_missing_espeak_library_raises_engine_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise EngineMissingError(tts.ESPEAK_MISSING)

    monkeypatch.setattr(tts._Espeak, "_instance", None)
    monkeypatch.setattr(tts, "_load_binding", broken)
    with pytest.raises(EngineMissingError, match=r"sudo apt-get install espeak-ng"):
        Synthesizer().resolve(VoiceHint())


def test_engine_that_writes_nothing_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synth = Synthesizer()
    monkeypatch.setattr(Synthesizer, "_run_engine", lambda self, text, voice: b"")
    with pytest.raises(EngineMissingError, match="wrote no audio"):
        synth.synthesize_to_wav("Hello.", tmp_path / "x.wav", EspeakVoice("gmw/en-us"))
    assert not (tmp_path / "x.wav").exists()


def test_stuck_engine_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    release = threading.Event()

    class StuckEspeak:
        def synthesize(self, text: str, voice: EspeakVoice) -> bytes:
            release.wait(5)
            return b""

    monkeypatch.setattr(tts._Espeak, "get", classmethod(lambda cls: StuckEspeak()))
    synth = Synthesizer(timeout=0.2)
    try:
        with pytest.raises(EngineMissingError, match="did not finish"):
            synth.synthesize_to_wav("Hello.", tmp_path / "x.wav", EspeakVoice("gmw/en-us"))
    finally:
        release.set()


def test_unknown_voice_name_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EngineMissingError, match="no voice 'gmw/xx-nowhere'"):
        Synthesizer().synthesize_to_wav("Hello.", tmp_path / "x.wav", EspeakVoice("gmw/xx-nowhere"))


def test_matches_the_espeak_command_line(tmp_path: Path) -> None:
    """Same voice, rate and text as `espeak-ng -w`: the same length of audio."""
    import shutil
    import subprocess

    if shutil.which("espeak-ng") is None:
        pytest.skip("no espeak-ng command")
    text = "I am still very interested in the role."
    voice = EspeakVoice("gmw/en-us+m3", rate=150)
    ours = Synthesizer().synthesize_to_wav(text, tmp_path / "ours.wav", voice)
    cli = tmp_path / "cli.wav"
    subprocess.run(["espeak-ng", "-v", voice.name, "-s", "150", "-w", str(cli), text], check=True)
    ours_len, cli_len = len(_samples(ours)[0]), len(_samples(cli)[0])
    assert abs(ours_len - cli_len) < 0.02 * cli_len
