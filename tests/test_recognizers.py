"""The recognizers over real speech: espeak-ng sentences decoded by real PocketSphinx.

None of the caller sentences below is verbatim in the call's phrase list: the call's
model must carry the facts (name, date, time) and key phrases into new sentences, and
must not turn off-script speech into a script phrase.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from dataclasses import replace
from pathlib import Path

import pytest

from bench.common import (
    SAMPLE_PHRASES,
    SAMPLE_PROFILE,
    BenchVoice,
    synthesize_pcm,
)
from rehearse.errors import EngineMissingError, UsageError
from rehearse.profile.model import Profile
from rehearse.speech.audio.clips import load_clip
from rehearse.speech.recognition.registry import (
    RECOGNIZERS,
    RecognizerSettings,
    make_recognizer,
)
from rehearse.speech.recognition.sphinx import CallSphinxRecognizer
from rehearse.speech.synthesis.espeak import synthesize_to_wav
from rehearse.turns import Utterance, VoiceHint

pytestmark = pytest.mark.audio

SAID = {
    "warm_up": "hello can you hear me",
    "name": "hello my name is jordan lee",
    "date": "i had an interview on november seventeenth at two pm",
    "interviewer": "i met with maria lopez last tuesday",
    "interest": "i am still interested in the data analyst job",
    "decision": "could you tell me if a decision has been made",
    "insurance": "i am calling about my car insurance",
    "weather": "the weather is nice today",
    "other_hour": "sorry it was at ten in the morning",
}
VOICE = BenchVoice("en-us", VoiceHint())
RATE = 16000


@pytest.fixture(scope="session")
def speech_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("recognizer-audio")


@pytest.fixture(scope="session")
def speech(speech_dir: Path) -> dict[str, bytes]:
    return {key: synthesize_pcm(text, speech_dir, VOICE, i) for i, (key, text) in enumerate(SAID.items())}


@pytest.fixture(scope="session")
def settings(speech_dir: Path) -> RecognizerSettings:
    return RecognizerSettings(SAMPLE_PHRASES, SAMPLE_PROFILE, cache_dir=speech_dir / "lm")


@pytest.fixture(scope="session")
def heard(speech: dict[str, bytes], settings: RecognizerSettings) -> dict[str, Utterance]:
    """One practice call, in order: the decoder adapts to the voice over the first turn."""
    recognizer = make_recognizer("sphinx", settings)
    return {key: recognizer.transcribe(pcm) for key, pcm in speech.items()}


def test_name_is_heard(heard: dict[str, Utterance]) -> None:
    assert "jordan lee" in heard["name"].text


def test_date_and_time_are_heard(heard: dict[str, Utterance]) -> None:
    assert "november seventeenth" in heard["date"].text
    assert "two pm" in heard["date"].text


def test_interviewer_and_weekday_are_heard(heard: dict[str, Utterance]) -> None:
    assert "last tuesday" in heard["interviewer"].text


def test_key_phrases_are_heard(heard: dict[str, Utterance]) -> None:
    assert "still interested in the" in heard["interest"].text


def test_off_script_speech_is_not_an_interest_statement(heard: dict[str, Utterance]) -> None:
    for key in ("insurance", "weather"):
        text = heard[key].text
        assert "interested" not in text, text
        assert "still very" not in text, text
        assert "jordan" not in text, text


def test_another_hour_is_not_pulled_to_the_interviews(heard: dict[str, Utterance]) -> None:
    # Without every hour in the call's model, "ten in the morning" came out as "at two ...
    # morning" in slower voices, which the time check credited as the interview's hour. The
    # exact words vary with the synthesized audio ("ten" is sometimes "still"), so only the
    # false alarm is checked here; scripts/bench measures how often "ten" itself is heard.
    words = heard["other_hour"].text.split()
    assert "morning" in words and "two" not in words, words


# A fresh decoder used to hear this first turn as "i is jordan lee all really speak to let
# me lopez please": its cepstral mean had not yet adapted to the voice.
FIRST_TURN = "Hi, this is Jordan Lee calling. Could I speak to Maria Lopez, please?"
SOFT_VOICE = BenchVoice("female170", VoiceHint(gender="female", rate=170))
SOFT_CALL = (FIRST_TURN, "I had an interview on November seventeenth at two pm.", SAID["insurance"])


@pytest.fixture(scope="session")
def soft_call(speech_dir: Path, settings: RecognizerSettings) -> list[tuple[Utterance, int, bool]]:
    """A practice call in the voice the fresh decoder found hardest, fed in 0.1 s chunks:
    per turn (heard, turns re-decoded so far, whether the mean has settled)."""
    recognizer = make_recognizer("sphinx", settings)
    assert isinstance(recognizer, CallSphinxRecognizer)
    heard = []
    for i, text in enumerate(SOFT_CALL):
        pcm = synthesize_pcm(text, speech_dir, SOFT_VOICE, 50 + i)
        recognizer.begin_turn()
        for offset in range(0, len(pcm), 3200):
            recognizer.feed(pcm[offset : offset + 3200])
        heard.append((recognizer.end_turn(), recognizer.redecoded_turns, recognizer.settled))
    return heard


def test_first_turn_of_a_fresh_decoder_is_heard(soft_call: list[tuple[Utterance, int, bool]]) -> None:
    text = soft_call[0][0].text
    assert "jordan lee" in text and "could i speak to" in text, text


def test_interviewer_in_the_first_turn_is_heard(soft_call: list[tuple[Utterance, int, bool]]) -> None:
    assert "maria lopez" in soft_call[0][0].text


@pytest.mark.xfail(strict=True, reason="known: this voice's 'november seventeenth' is misheard")
def test_date_inside_a_sentence_is_heard(soft_call: list[tuple[Utterance, int, bool]]) -> None:
    text = soft_call[1][0].text
    assert "november seventeenth" in text, text


def test_off_script_speech_stays_off_script_in_a_soft_voice(
    soft_call: list[tuple[Utterance, int, bool]],
) -> None:
    text = soft_call[2][0].text
    assert "interested" not in text and "jordan" not in text, text


def test_only_opening_turns_are_decoded_twice(soft_call: list[tuple[Utterance, int, bool]]) -> None:
    """A second decoding costs the caller a wait after they stop (about the turn's decoding
    time); once the mean has settled, turns keep their live result."""
    redecoded = [count for _, count, _ in soft_call]
    settled = [flag for _, _, flag in soft_call]
    assert settled[1:] == [True] * (len(soft_call) - 1), settled
    assert redecoded[-1] == redecoded[1] <= 2, redecoded


def test_words_have_timings_inside_the_turn(heard: dict[str, Utterance], speech: dict[str, bytes]) -> None:
    words = heard["name"].words
    assert [w.text for w in words] == heard["name"].text.split()
    duration = len(speech["name"]) / 2 / RATE
    assert all(0 <= w.start < w.end <= duration + 0.05 for w in words)
    assert all(a.end <= b.start + 0.011 for a, b in itertools.pairwise(words))
    assert all(w.confidence is not None and 0 <= w.confidence <= 1 for w in words)


def test_word_confidences_are_posteriors(heard: dict[str, Utterance]) -> None:
    """Lattice posteriors, not a constant: clear fact words score high, and not every word
    of every turn is certain."""
    confidences = [w.confidence for r in heard.values() for w in r.words]
    assert any(c is not None and c < 0.5 for c in confidences), confidences
    name = {w.text: w.confidence for w in heard["name"].words}
    assert name["lee"] is not None and name["lee"] > 0.5, name


def test_streaming_gives_the_same_text_every_turn(
    speech: dict[str, bytes], settings: RecognizerSettings, heard: dict[str, Utterance]
) -> None:
    recognizer = make_recognizer("sphinx", settings)
    pcm, step = speech["date"], 3201  # odd chunk size: samples split across chunks
    for _ in range(3):  # the decoder keeps adapting to the voice, so texts may differ a little
        recognizer.begin_turn()
        for offset in range(0, len(pcm), step):
            recognizer.feed(pcm[offset : offset + step])
        result = recognizer.end_turn()
        assert "seventeenth" in result.text
        assert [w.text for w in result.words] == result.text.split()


def test_unknown_name_is_pronounced_and_heard(speech_dir: Path) -> None:
    profile = dataclasses.replace(SAMPLE_PROFILE, name="Chidi Okonkwo")
    settings = RecognizerSettings(("hi this is chidi okonkwo",), profile, cache_dir=speech_dir)
    recognizer = make_recognizer("sphinx", settings)
    recognizer.transcribe(synthesize_pcm(SAID["warm_up"], speech_dir, VOICE, 90))
    pcm = synthesize_pcm("my name is chidi okonkwo", speech_dir, VOICE, 91)
    assert "chidi okonkwo" in recognizer.transcribe(pcm).text


def test_silence_gives_empty_text(settings: RecognizerSettings) -> None:
    result = make_recognizer("sphinx", settings).transcribe(b"\0" * RATE * 2)
    assert result.text == "" and result.words == ()


def test_registry_names_and_errors(settings: RecognizerSettings) -> None:
    assert {"sphinx", "sphinx-general", "vosk", "whisper", "faster-whisper", "google"} <= set(RECOGNIZERS)
    with pytest.raises(UsageError, match="unknown recognizer 'sphinxx'"):
        make_recognizer("sphinxx", settings)
    with pytest.raises(EngineMissingError, match=r"vosk"):
        make_recognizer("vosk", settings)
    with pytest.raises(EngineMissingError, match=r"no Whisper model folder"):
        make_recognizer("whisper", replace(settings, model_path=Path("/nonexistent/model")))


def test_profile_type_is_ours() -> None:
    assert isinstance(SAMPLE_PROFILE, Profile)
    assert SAMPLE_PROFILE.interview_date == dt.date(2026, 11, 17)


def test_a_long_turn_given_at_once_is_heard_to_the_end(tmp_path: Path, settings: RecognizerSettings) -> None:
    """`transcribe` with a whole long first turn, which the recognizer also re-decodes to settle."""
    sentence = (
        "Hi this is Jordan Lee and I interviewed for the data analyst position last Tuesday "
        "at two in the afternoon and I am still very interested in the role thank you"
    )
    clip = load_clip(synthesize_to_wav(sentence, tmp_path / "long.wav"))
    text = make_recognizer("sphinx", settings).transcribe(clip.pcm).text
    assert text.split()[-2:] == ["thank", "you"], text
