"""Playback and the spoken Speaker: real fallback on a machine without sound, fake player else."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest

from rehearse.channels.speaker import NO_OUTPUT_NOTICE, PIECE_GAP_S, PrintSpeaker, VoiceSpeaker
from rehearse.errors import AudioDeviceError
from rehearse.speech.audio.clips import write_wav
from rehearse.speech.audio.playback import AplayPlayer, PyAudioPlayer, play_wav
from rehearse.speech.synthesis.espeak import EspeakVoice, Synthesizer
from rehearse.turns import Line, VoiceHint

pytestmark = pytest.mark.audio

RECEPTIONIST = VoiceHint(gender="female", rate=170)
LINES = [
    Line("receptionist", "Receptionist", "Good morning, Acme Logistics.", RECEPTIONIST),
    Line("interviewer", "Maria Lopez", "Hello, this is Maria.", VoiceHint(gender="female")),
    Line("receptionist", "Receptionist", "One moment please.", RECEPTIONIST),
]


def _sound_output_works(tmp: Path) -> bool:
    tiny = write_wav(tmp / "probe.wav", bytes(1600), 16000)
    try:
        AplayPlayer().play(tiny)
    except AudioDeviceError:
        return False
    return True


@pytest.fixture(scope="module")
def no_sound_output(tmp_path_factory: pytest.TempPathFactory) -> None:
    if _sound_output_works(tmp_path_factory.mktemp("probe")):
        pytest.skip("this machine has a sound output; the fallback cannot be tested for real")


class FakePlayer:
    """Stands in for the sound card: remembers what it was asked to play."""

    def __init__(self, fail_from: int | None = None) -> None:
        self.played: list[tuple[Path, float]] = []
        self.fail_from = fail_from

    def play(self, path: Path) -> None:
        if self.fail_from is not None and len(self.played) + 1 >= self.fail_from:
            raise AudioDeviceError("No sound output found (unplugged): plug in speakers")
        with wave.open(str(path), "rb") as wav:
            self.played.append((path, wav.getnframes() / wav.getframerate()))


class RecordingSynthesizer(Synthesizer):
    def __init__(self) -> None:
        super().__init__()
        self.voices: list[EspeakVoice] = []

    def synthesize_samples(self, text, voice=None, slot=0):  # type: ignore[no-untyped-def]
        chosen = voice if isinstance(voice, EspeakVoice) else self.resolve(voice, slot)
        self.voices.append(chosen)
        return super().synthesize_samples(text, chosen)


def _seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def test_real_fallback_tells_once_then_prints(
    no_sound_output: None, capfd: pytest.CaptureFixture[str]
) -> None:
    out = io.StringIO()
    with VoiceSpeaker(fallback=PrintSpeaker(out)) as speaker:
        for line in LINES:
            speaker.say(line)
        assert not speaker.speaking
        assert speaker.fallback_reason and "No sound output found" in speaker.fallback_reason
    assert out.getvalue().splitlines() == [
        "Receptionist: Good morning, Acme Logistics.",
        "Maria Lopez: Hello, this is Maria.",
        "Receptionist: One moment please.",
    ]
    captured = capfd.readouterr()
    assert captured.err == NO_OUTPUT_NOTICE + "\n"  # no ALSA chatter, one notice only


def test_real_fallback_still_keeps_audio(no_sound_output: None, tmp_path: Path) -> None:
    err = io.StringIO()
    speaker = VoiceSpeaker(keep_audio_in=tmp_path, fallback=PrintSpeaker(io.StringIO()), err=err)
    for line in LINES:
        speaker.say(line)
    assert [k.path.name for k in speaker.kept] == [
        "001-receptionist.wav",
        "002-interviewer.wav",
        "003-receptionist.wav",
    ]
    assert all(k.path.stat().st_size > 10_000 for k in speaker.kept)
    assert err.getvalue().count(NO_OUTPUT_NOTICE) == 1


def test_real_players_raise_one_line_quietly(
    no_sound_output: None, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    wav = write_wav(tmp_path / "beep.wav", bytes(3200), 16000)
    for player in (AplayPlayer(), PyAudioPlayer()):
        with pytest.raises(AudioDeviceError, match=r"^No sound output found \(.+\): plug in"):
            player.play(wav)
    with pytest.raises(AudioDeviceError):
        play_wav(wav)
    assert capfd.readouterr().err == ""


def test_missing_player_program(tmp_path: Path) -> None:
    wav = write_wav(tmp_path / "beep.wav", bytes(3200), 16000)
    with pytest.raises(AudioDeviceError, match=r"No sound player found .*alsa-utils"):
        AplayPlayer(command="rehearse-no-such-player").play(wav)


def test_plays_every_line_in_its_voice_and_keeps_it(tmp_path: Path) -> None:
    player = FakePlayer()
    err, out = io.StringIO(), io.StringIO()
    synth = RecordingSynthesizer()
    speaker = VoiceSpeaker(
        synthesizer=synth,
        player=player,
        keep_audio_in=tmp_path / "session",
        fallback=PrintSpeaker(out),
        err=err,
    )
    for line in LINES:
        speaker.say(line)
    # "Good morning," plays on its own while "Acme Logistics." is synthesized.
    assert [p.name for p, _ in player.played] == [
        "001-receptionist-1.wav",
        "001-receptionist-2.wav",
        "002-interviewer-1.wav",
        "003-receptionist-1.wav",
    ]
    assert [(k.index, k.role, k.text) for k in speaker.kept] == [
        (1, "receptionist", "Good morning, Acme Logistics."),
        (2, "interviewer", "Hello, this is Maria."),
        (3, "receptionist", "One moment please."),
    ]
    assert speaker.kept[0].path.parent == (tmp_path / "session").resolve()
    # The kept line is its pieces as played, with a short breath between them.
    first_line = player.played[0][1] + player.played[1][1] + PIECE_GAP_S
    assert _seconds(speaker.kept[0].path) == pytest.approx(first_line, abs=0.01)
    assert all(seconds > 0.4 for _, seconds in player.played)
    # Same gender for both roles, yet two different voices; each role keeps its own.
    assert synth.voices[0] == synth.voices[1] == synth.voices[3]
    assert synth.voices[0] != synth.voices[2]
    assert err.getvalue() == "" and out.getvalue() == ""
    assert speaker.speaking and len(speaker.first_audio) == 3


def test_echo_shows_lines_while_speaking() -> None:
    out = io.StringIO()
    speaker = VoiceSpeaker(player=FakePlayer(), fallback=PrintSpeaker(out), echo=True)
    speaker.say(LINES[0])
    assert out.getvalue() == "Receptionist: Good morning, Acme Logistics.\n"
    speaker.close()


def test_output_lost_midway_falls_back_once() -> None:
    player = FakePlayer(fail_from=2)
    err, out = io.StringIO(), io.StringIO()
    speaker = VoiceSpeaker(player=player, fallback=PrintSpeaker(out), err=err)
    for line in LINES:
        speaker.say(line)
    assert len(player.played) == 1  # "Good morning," played; the output went before the rest
    assert out.getvalue().splitlines() == [
        "Receptionist: Good morning, Acme Logistics.",
        "Maria Lopez: Hello, this is Maria.",
        "Receptionist: One moment please.",
    ]
    assert err.getvalue() == NO_OUTPUT_NOTICE + "\n"


def test_scratch_audio_is_removed_on_close() -> None:
    player = FakePlayer()
    speaker = VoiceSpeaker(player=player)
    speaker.say(LINES[0])
    played = player.played[0][0]
    assert played.exists()
    speaker.close()
    assert not played.exists()
