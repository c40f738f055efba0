"""Recorded caller turns as a Listener: a hand-written recognizer fake, then the real one."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from rehearse.channels.audio_files import AudioFileListener, audio_files_in
from rehearse.errors import AudioContentError, InputFileError
from rehearse.speech.audio.clips import load_clip
from rehearse.turns import HEARD, EndOfInput, Utterance, Word
from tests.audio_fixtures import CALLER_SENTENCES

pytestmark = pytest.mark.audio


class ScriptedRecognizer:
    """Returns scripted texts, one per turn, and remembers the audio it was fed."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = list(texts)
        self.turns: list[list[bytes]] = []

    def begin_turn(self) -> None:
        self.turns.append([])

    def feed(self, pcm: bytes) -> None:
        self.turns[-1].append(pcm)

    def end_turn(self) -> Utterance:
        return Utterance(self.texts.pop(0), HEARD, (Word("word", 0.1, 0.4),))


def test_each_file_is_one_turn_then_end_of_input(caller_wavs: dict[str, Path]) -> None:
    paths = [caller_wavs["greeting"], caller_wavs["status"]]
    recognizer = ScriptedRecognizer(["first turn", "second turn"])
    listener = AudioFileListener(paths, recognizer)
    assert listener.remaining == 2
    first = listener.listen()
    second = listener.listen()
    assert (first.text, second.text) == ("first turn", "second turn")
    assert first.source == second.source == "file"
    assert first.audio_path == str(paths[0].resolve())
    assert first.words and first.words[0].start == 0.1
    assert first.latency is not None and first.latency >= 0
    with pytest.raises(EndOfInput):
        listener.listen()
    with pytest.raises(EndOfInput):
        listener.listen()
    # The recognizer got each file's 16 kHz audio, whole, in chunks of 0.1 s.
    for path, chunks in zip(paths, recognizer.turns, strict=True):
        assert b"".join(chunks) == load_clip(path).pcm
        assert {len(c) for c in chunks[:-1]} == {3200}


def test_from_directory_takes_audio_files_in_natural_order(
    tmp_path: Path, caller_wavs: dict[str, Path], audio_variants: dict[str, Path]
) -> None:
    shutil.copy(caller_wavs["greeting"], tmp_path / "turn1.wav")
    shutil.copy(audio_variants["flac"], tmp_path / "turn2.FLAC")
    shutil.copy(audio_variants["aiff"], tmp_path / "turn10.aif")
    shutil.copy(audio_variants["aiff"], tmp_path / "turn3.aiff")
    (tmp_path / "notes.txt").write_text("not audio")
    (tmp_path / "sub.wav").mkdir()
    assert [p.name for p in audio_files_in(tmp_path)] == [
        "turn1.wav",
        "turn2.FLAC",
        "turn3.aiff",
        "turn10.aif",
    ]
    listener = AudioFileListener.from_directory(tmp_path, ScriptedRecognizer(["a", "b", "c", "d"]))
    assert [listener.listen().text for _ in range(4)] == ["a", "b", "c", "d"]
    with pytest.raises(EndOfInput):
        listener.listen()


def test_empty_missing_and_wrong_folders(tmp_path: Path, caller_wavs: dict[str, Path]) -> None:
    with pytest.raises(InputFileError, match="no audio files in this folder"):
        AudioFileListener.from_directory(tmp_path, ScriptedRecognizer([]))
    with pytest.raises(InputFileError, match="nothere: no such folder"):
        AudioFileListener.from_directory(tmp_path / "nothere", ScriptedRecognizer([]))
    with pytest.raises(InputFileError, match="not a folder"):
        AudioFileListener.from_directory(caller_wavs["yes"], ScriptedRecognizer([]))


def test_missing_file_fails_before_the_call_starts(tmp_path: Path, caller_wavs: dict[str, Path]) -> None:
    with pytest.raises(InputFileError, match=r"gone\.wav: cannot read audio: no such file"):
        AudioFileListener([caller_wavs["yes"], tmp_path / "gone.wav"], ScriptedRecognizer([]))


def test_silent_turn_names_the_file(audio_variants: dict[str, Path]) -> None:
    listener = AudioFileListener([audio_variants["silent"]], ScriptedRecognizer(["never"]))
    with pytest.raises(AudioContentError, match=r"silent\.wav: the recording is silent"):
        listener.listen()


def _sphinx_recognizer(cache: Path):  # type: ignore[no-untyped-def]
    recognizers = pytest.importorskip("rehearse.speech.recognition.registry")
    if "sphinx" not in recognizers.RECOGNIZERS:
        pytest.skip("no sphinx recognizer registered")
    settings = recognizers.RecognizerSettings(
        expected_phrases=tuple(CALLER_SENTENCES.values()), cache_dir=cache
    )
    return recognizers.make_recognizer("sphinx", settings)


def test_real_recognizer_over_synthesized_turns(tmp_path: Path, caller_wavs: dict[str, Path]) -> None:
    paths = [caller_wavs["interest"], caller_wavs["status"]]
    listener = AudioFileListener(paths, _sphinx_recognizer(tmp_path / "cache"))
    interest = listener.listen()
    status = listener.listen()
    with pytest.raises(EndOfInput):
        listener.listen()
    expected = " ".join(CALLER_SENTENCES[k] for k in ("interest", "status"))
    reference = re.sub(r"[^a-z' ]", "", expected.lower()).split()
    heard = f"{interest.text} {status.text}".lower().split()
    errors = Levenshtein.distance(reference, heard)
    assert errors / len(reference) < 0.4, heard  # the stock general model scores about 0.8
    duration = load_clip(paths[0]).duration
    assert interest.words
    assert all(0 <= w.start <= w.end <= duration + 0.05 for w in interest.words)
    assert interest.source == "file" and interest.latency is not None
