"""A spoken practice whose microphone hears nothing: after three misses it offers a typed turn.

The microphone is faked only where the hardware is (PyAudio and SpeechRecognition's
`Microphone`, giving digital silence); everything above it, from the endpointer to the screen
and the saved session, is the real code. The recognizer is a tiny fake: silence never reaches
it.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar

import pytest

from rehearse.history.store import SessionStore
from rehearse.speech.audio import microphone
from rehearse.speech.recognition import registry
from rehearse.turns import Utterance
from tests.cli_helpers import run

PROFILE = str(Path(__file__).parent / "data" / "jordan.yaml")
PROMPT = "Type that turn instead (Enter to try speaking again): "


class _Stream:
    """A PortAudio input stream that only ever reads silence."""

    def __init__(self) -> None:
        self.pyaudio_stream = SimpleNamespace(start_stream=lambda: None, stop_stream=lambda: None)

    def read(self, frames: int) -> bytes:
        return bytes(2 * frames)


class _Microphone:
    def __init__(self, device_index: int | None = None, sample_rate: int = 16_000, chunk_size: int = 512):
        self.CHUNK = chunk_size
        self.stream: _Stream | None = None

    def __enter__(self) -> _Microphone:
        self.stream = _Stream()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stream = None


class _Calibrator:
    energy_threshold = 300.0

    def adjust_for_ambient_noise(self, source: object, duration: float) -> None:
        return None


class _PyAudio:
    DEVICE: ClassVar[dict[str, Any]] = {
        "name": "silent test microphone",
        "maxInputChannels": 1,
        "defaultSampleRate": 16000,
    }

    def get_device_count(self) -> int:
        return 1

    def get_device_info_by_index(self, index: int) -> dict[str, Any]:
        return self.DEVICE

    def get_default_input_device_info(self) -> dict[str, Any]:
        return self.DEVICE

    def terminate(self) -> None:
        return None


class _Recognizer:
    """Never called with speech here: the microphone hears none."""

    def begin_turn(self) -> None:
        return None

    def feed(self, pcm: bytes) -> None:
        return None

    def end_turn(self) -> Utterance:
        return Utterance(text="", source="heard")

    def transcribe(self, pcm: bytes) -> Utterance:
        return self.end_turn()


@pytest.fixture
def silent_microphone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("REHEARSE_HOME", str(home))
    backends = (
        SimpleNamespace(Microphone=_Microphone, Recognizer=_Calibrator),
        SimpleNamespace(PyAudio=_PyAudio),
    )
    monkeypatch.setattr(microphone, "_import_backends", lambda: backends)
    monkeypatch.setitem(registry.RECOGNIZERS, "silent-test", lambda settings: _Recognizer())

    def text_voices(audio_dir: Path, out: Any, voices: object = None, *, phone_line: bool = True) -> Any:
        from rehearse.channels.text import TextSpeaker

        return TextSpeaker(out)  # no sound card in a test: the other side's lines as text

    monkeypatch.setattr("rehearse.channels.voice.voice_speaker", text_voices)
    return home


def test_a_typed_turn_after_three_misses_reads_and_is_kept_as_typed(
    capsys: pytest.CaptureFixture[str], silent_microphone: Path
) -> None:
    flags = ["--recognizer", "silent-test", "--profile", PROFILE, "--seed", "1", "--today", "2026-11-25"]
    result = run(capsys, "practice", *flags, stdin="Hi, this is Jordan Lee\n")
    assert result.status == 0, result.err
    missed = [
        "(your turn: speak now)",
        "Receptionist: Sorry, I didn't catch that.",
    ] * 3
    assert result.out.splitlines()[:17] == [
        "Receptionist: Good morning, Northwind Analytics, this is Dana speaking. How can I help you?",
        *missed,
        # No empty default ("()" or "[]") in the prompt; piped, the answer's Enter is not echoed.
        PROMPT + "You: Hi, this is Jordan Lee",
        "Receptionist: Of course. Who would you like to speak with?",
        *missed,
        PROMPT,  # the input has ended: the caller hung up, and the call is scored
        "Feedback: Follow-up call after an interview",
    ]
    assert "You (heard)" not in result.out
    session = SessionStore(silent_microphone).load("last")
    turns = [event for event in session.events if event["event"] == "turn"]
    assert [(turn["text"], turn["source"]) for turn in turns] == [("Hi, this is Jordan Lee", "typed")]
    assert (session.events[-1]["event"], session.events[-1]["reason"]) == ("end", "caller hung up")


def test_enter_alone_listens_again(capsys: pytest.CaptureFixture[str], silent_microphone: Path) -> None:
    flags = ["--recognizer", "silent-test", "--profile", PROFILE, "--seed", "1", "--today", "2026-11-25"]
    result = run(capsys, "practice", *flags, stdin="\n  \nHi, this is Jordan Lee\n")
    assert result.status == 0, result.err
    offers = result.out.split(PROMPT)
    assert len(offers) == 5  # the two declined, the typed turn, and the one that found the input ended
    assert offers[3].startswith("You: Hi, this is Jordan Lee\n")
    assert all(offer.count("Receptionist: Sorry, I didn't catch that.") == 3 for offer in offers[1:3])
