"""`check --audio` and `practice --audio-dir` over real synthesized speech and the real recognizer.

Only the hardware is missing here: no microphone and no sound card. Assertions
are on what the recognizer reliably makes out of espeak-ng speech; the exact
words it hears are measured by scripts/bench, not pinned here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rehearse.speech.synthesis.espeak import Synthesizer
from rehearse.turns import VoiceHint
from tests.cli_helpers import run

pytestmark = pytest.mark.audio

PROFILE = str(Path(__file__).parent / "data" / "jordan.yaml")
TODAY = ["--today", "2026-11-25"]

JORDAN_CALL = [
    "Hi, this is Jordan Lee calling. Could I speak to Maria Lopez, please?",
    "I interviewed with Maria last Tuesday for the data analyst position.",
    "I wanted to find out whether you have made a decision yet.",
    "I am still really interested in the job.",
    "Thank you so much for your time.",
]


@pytest.fixture(scope="session")
def jordan_call(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("jordan-call")
    synth = Synthesizer()
    voice = VoiceHint(gender="female", rate=160)
    for number, text in enumerate(JORDAN_CALL, start=1):
        synth.synthesize_to_wav(text, folder / f"turn-{number:02d}.wav", voice)
    return folder


@pytest.fixture(scope="session")
def shared_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("home")


@pytest.fixture(autouse=True)
def private_home(shared_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REHEARSE_HOME", str(shared_home))
    return shared_home


def test_check_audio_judges_what_was_heard(capsys: pytest.CaptureFixture[str], jordan_call: Path) -> None:
    files = sorted(str(p) for p in jordan_call.iterdir())
    result = run(capsys, "check", "--json", "--profile", PROFILE, *TODAY, "--audio", *files)
    assert result.status == 0, result.err
    heard = [line for line in result.err.splitlines() if line.startswith("You (heard): ")]
    assert len(heard) == len(JORDAN_CALL)
    report = json.loads(result.out)
    points = report["points"]
    assert points["continued_interest"]["covered"] is True
    assert points["thanks"]["covered"] is True
    assert "interested" in points["continued_interest"]["evidence"]
    delivery = report["delivery"]  # espeak-ng -s 160 speaks about 200 of these words a minute
    assert delivery["spoken"] is True and delivery["recognizer"] == "whisper"
    assert 160 <= delivery["pace"]["wpm"] <= 250
    assert delivery["fillers"]["hesitations_measured"] is False  # Whisper drops "um": not "0 fillers"
    assert delivery["reply_delay"] is None  # a recorded file may be trimmed: not measured
    assert delivery["pauses"]["inside_turns"] == []


def test_practice_audio_dir_runs_the_whole_call(
    capsys: pytest.CaptureFixture[str], jordan_call: Path, private_home: Path
) -> None:
    flags = [
        "--profile",
        PROFILE,
        *TODAY,
        "--seed",
        "3",
        "--scenario",
        "open",
        "--audio-dir",
        str(jordan_call),
    ]
    result = run(capsys, "practice", *flags)
    assert result.status == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("Receptionist: ")
    assert sum(line.startswith("You (heard): ") for line in lines) >= 3
    assert "Feedback: Follow-up call after an interview" in result.out
    assert "\nDelivery\n" in result.out and "words a minute" in result.out
    session = max((private_home / "sessions").iterdir())
    assert oct(session.stat().st_mode & 0o777) == "0o700"
    assert oct((private_home / "sessions").stat().st_mode & 0o777) == "0o700"


def test_silent_audio_is_exit_7(capsys: pytest.CaptureFixture[str], audio_variants: dict[str, Path]) -> None:
    silent = audio_variants["silent"]
    result = run(capsys, "check", "--profile", PROFILE, "--audio", str(silent))
    assert result.status == 7
    assert result.err.startswith(f"rehearse: {silent}: ")
    assert len(result.err.splitlines()) == 1


@pytest.mark.parametrize("name", ["garbage", "empty", "fake_mp3"])
def test_unreadable_audio_is_exit_4(
    capsys: pytest.CaptureFixture[str], audio_variants: dict[str, Path], name: str
) -> None:
    path = audio_variants[name]
    result = run(capsys, "check", "--profile", PROFILE, "--audio", str(path))
    assert result.status == 4
    assert result.err.startswith(f"rehearse: {path}: ")
    assert len(result.err.splitlines()) == 1


def test_missing_audio_file_is_exit_4(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = run(capsys, "check", "--profile", PROFILE, "--audio", str(tmp_path / "nope.wav"))
    assert result.status == 4
    assert len(result.err.splitlines()) == 1


def test_empty_audio_dir_is_exit_4(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = run(capsys, "practice", "--profile", PROFILE, "--audio-dir", str(tmp_path))
    assert result.status == 4
    assert len(result.err.splitlines()) == 1


@pytest.mark.parametrize("name", ["wav_8k", "wav_44k_stereo", "flac", "aiff", "wav_24bit_ext"])
def test_any_rate_and_format_is_heard(
    capsys: pytest.CaptureFixture[str], audio_variants: dict[str, Path], name: str
) -> None:
    result = run(capsys, "check", "--json", "--profile", PROFILE, "--audio", str(audio_variants[name]))
    assert result.status == 0, result.err
    assert result.err.startswith("You (heard): ")
    heard = result.err.split(":", 1)[1].split()
    assert len(heard) >= (2 if name == "wav_8k" else 4)  # 8 kHz keeps only the telephone band


def test_unknown_recognizer_is_a_usage_error(capsys: pytest.CaptureFixture[str], jordan_call: Path) -> None:
    first = str(sorted(jordan_call.iterdir())[0])
    result = run(capsys, "check", "--profile", PROFILE, "--recognizer", "nope", "--audio", first)
    assert result.status == 64
    assert result.err.startswith("rehearse: ")


def test_missing_vosk_model_says_how_to_get_it(capsys: pytest.CaptureFixture[str], jordan_call: Path) -> None:
    first = str(sorted(jordan_call.iterdir())[0])
    result = run(capsys, "check", "--profile", PROFILE, "--recognizer", "vosk", "--audio", first)
    assert result.status == 6
    assert "pip install" in result.err
    assert len(result.err.splitlines()) == 1
