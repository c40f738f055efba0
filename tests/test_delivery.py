"""Delivery figures (`rehearse.coaching.delivery`, `rehearse.coaching.fillers`): pure, no audio."""

from __future__ import annotations

import numpy as np
import pytest

from rehearse.coaching.delivery import DeliveryRules, measure_delivery
from rehearse.coaching.fillers import FILLER_WORDS, HEDGES, find_hesitations, find_phrases, tokens
from rehearse.speech.audio.endpoint import speech_onset, speech_spans
from rehearse.turns import HEARD, Utterance, Word


def fillers(text: str) -> list[str]:
    toks = tokens(text)
    used: set[int] = set()
    hits = find_hesitations(toks, used) + find_phrases(toks, FILLER_WORDS, used)
    return [h.label for h in sorted(hits, key=lambda h: h.first)]


# (what the caller said, the fillers in it)
FILLER_TABLE = [
    ("Um, hi, this is Jordan.", ["um"]),
    ("Uhh I interviewed, erm, last week. Hmm.", ["uh", "er", "hmm"]),
    ("I was, you know, wondering about the job.", ["you know"]),
    ("It was like, um, a great chat.", ["like", "um"]),
    ("it was like really good", ["like"]),
    ("I was like, wow.", ["like"]),
    ("Like, I wanted to ask about it.", ["like"]),
    ("I sort of wanted to check in.", ["sort of"]),
    ("I mean, is it still open?", ["i mean"]),
    ("basically I am still interested", ["basically"]),
    # near misses: the same words, not fillers
    ("I'd like to ask about the position.", []),
    ("I like the role a lot.", []),
    ("I would like to speak to Maria.", []),
    ("It sounds like a great team.", []),
    ("What is the job like?", []),
    ("something like that", []),
    ("Do you know when they will decide?", []),
    ("Could you let me know? I'll let you know.", []),
    ("As you know, I interviewed on Tuesday.", []),
    ("What sort of role is it?", []),
    ("I mean to call back on Friday.", []),
    ("humming summer umbrella her error", []),
]


@pytest.mark.parametrize(("text", "expected"), FILLER_TABLE)
def test_fillers_whole_words_and_only_filler_uses(text: str, expected: list[str]) -> None:
    assert fillers(text) == expected


# (what the caller said, the hedges found in it)
HEDGE_TABLE = [
    (
        "Sorry to bother you, I was just wondering about the job.",
        ["sorry to bother you", "I was only wondering"],
    ),
    ("I just wanted to ask, just quickly, if it's just open.", ["I just wanted to", "just", "just"]),
    ("Maybe it's kind of early, I guess.", ["kind of", "maybe", "I guess"]),
    ("What kind of role is it?", []),
    ("Sorry, could you repeat that?", []),
]


@pytest.mark.parametrize(("text", "expected"), HEDGE_TABLE)
def test_hedges_whole_words_never_counted_twice(text: str, expected: list[str]) -> None:
    assert sorted(h.label for h in find_phrases(tokens(text), HEDGES)) == sorted(expected)


def test_a_hedge_is_reported_only_when_repeated() -> None:
    once = measure_delivery([Utterance("Sorry to bother you, this is Jordan.")])
    assert once.hedges == ()
    thrice = measure_delivery(
        [Utterance("Sorry to bother you.")] * 3 + [Utterance("I just, just, just ask.")]
    )
    assert [(h.label, h.count) for h in thrice.hedges] == [("sorry to bother you", 3), ("just", 3)]
    assert 'Hedges: "sorry to bother you" 3 times, "just" 3 times' in " ".join(thrice.lines)


def test_typed_call_never_gets_a_pace_or_pauses() -> None:
    report = measure_delivery([Utterance("Um, hi, this is Jordan Lee, um, calling about, um, the job.")])
    data = report.to_json()
    assert data["spoken"] is False and data["pace"] is None and data["pauses"] is None
    assert data["reply_delay"] is None
    assert data["fillers"]["by_word"] == {"um": 3}
    assert report.note == "typed call: pace and pauses are measured on spoken calls only"
    assert not any("words a minute" in line for line in report.lines)
    assert any(line.startswith("Fillers: 25 in 100 words") for line in report.lines)


def timed(
    text: str, *, start: float = 0.0, step: float = 0.4, gaps: dict[int, float] | None = None
) -> Utterance:
    """A spoken turn whose words take `step` seconds each; `gaps[i]` is silence before word i."""
    words, at = [], start
    for i, word in enumerate(text.split()):
        at += (gaps or {}).get(i, 0.0)
        words.append(Word(word, at, at + step - 0.05, 0.9))
        at += step
    return Utterance(text, HEARD, tuple(words), reply_delay=0.6)


SENTENCE = "hi this is jordan lee and i interviewed for the data analyst job last week"  # 15 words


def test_pace_over_speech_time_without_long_pauses() -> None:
    steady = measure_delivery([timed(SENTENCE, step=0.4)], recognizer="sphinx")
    assert steady.wpm == pytest.approx(60 * 15 / (15 * 0.4 - 0.05), rel=0.01)
    assert steady.lines[0] == "Pace was easy to follow (151 words a minute)."
    paused = measure_delivery([timed(SENTENCE, step=0.4, gaps={5: 2.5})], recognizer="sphinx")
    assert paused.wpm == pytest.approx(steady.wpm, rel=0.01)  # the pause is its own figure
    assert [(p.turn, p.after, round(p.seconds, 2)) for p in paused.pauses] == [(1, "lee", 2.55)]
    assert any(
        line.startswith('Pauses: a silence of 1 s or more inside your turns (longest 2.5 s, after "lee"')
        for line in paused.lines
    )


@pytest.mark.parametrize(
    ("step", "line"),
    [
        (0.3, "Pace: 202 words a minute, fast for the phone; slow down to 120-160."),
        (0.7, "Pace: 86 words a minute, slow enough to sound unsure; aim for 120-160."),
    ],
)
def test_pace_lines(step: float, line: str) -> None:
    assert measure_delivery([timed(SENTENCE, step=step)], recognizer="sphinx").lines[0] == line


def test_too_little_speech_gives_no_pace() -> None:
    report = measure_delivery([timed("hi it's jordan")], recognizer="whisper")
    assert report.wpm is None
    assert report.note == "too little speech to give a pace"


def test_hesitations_not_measured_with_whisper_is_said_not_zero() -> None:
    report = measure_delivery([timed(SENTENCE)], recognizer="whisper")
    assert report.to_json()["fillers"]["hesitations_measured"] is False
    assert 'Fillers: "um" and "uh" are not measured with whisper; no filler words heard.' in report.lines


def test_slow_reply_and_long_call_lines() -> None:
    slow = timed(SENTENCE)
    turns = [Utterance(slow.text, HEARD, slow.words, reply_delay=d) for d in (0.5, 3.4, 1.0)]
    report = measure_delivery(turns, recognizer="sphinx", other_seconds=200.0, other_words=400)
    data = report.to_json()
    assert data["reply_delay"]["max_s"] == 3.4
    assert any(
        line.startswith("Answering: you took 3.4 s to start in turn 2 (1.6 s on average)")
        for line in report.lines
    )
    assert data["length"]["share_of"] == "time"
    assert any(
        line.startswith("Length: the call took 3 min 43 s and you spoke for 18 s (8% of")
        for line in report.lines
    )


def test_thresholds_come_from_the_rules_table() -> None:
    rules = DeliveryRules(easy_pace=(140, 210), rushed_above=220)
    report = measure_delivery([timed(SENTENCE, step=0.3)], recognizer="sphinx", rules=rules)
    assert report.lines[0] == "Pace was easy to follow (202 words a minute)."


def test_spoken_without_timings_says_so() -> None:
    report = measure_delivery([Utterance("hi this is jordan", HEARD)], recognizer="sphinx-general")
    assert report.wpm is None and report.to_json()["pauses"] is None
    assert report.note == "pace and pauses not measured: sphinx-general gives no word timings"


def test_speech_onset_finds_the_first_sound() -> None:
    rate = 16000
    tone = (8000 * np.sin(np.arange(rate) * 2 * np.pi * 220 / rate)).astype("<i2")
    hiss = np.random.default_rng(1).normal(0, 20, int(rate * 1.5)).astype("<i2")
    assert speech_onset(np.concatenate([hiss, tone]).tobytes()) == pytest.approx(1.5, abs=0.021)
    assert speech_onset(bytes(rate * 2)) is None


def test_the_sound_times_pace_and_pauses_when_the_channel_measured_it() -> None:
    # Whisper-like word timings: each word stretched over the silence after it.
    smeared = timed(SENTENCE, step=0.5)
    sound = ((0.3, 2.8), (4.8, 8.3))  # 2 s of silence after the 6th word ("and")
    turn = Utterance(SENTENCE, HEARD, smeared.words, speech=sound)
    report = measure_delivery([turn], recognizer="whisper")
    assert report.wpm == pytest.approx(60 * 15 / 6.0)
    assert [(p.after, p.seconds) for p in report.pauses] == [("and", 2.0)]
    assert report.to_json()["length"]["caller_s"] == 8.0


def test_speech_spans_bridge_short_gaps_and_split_at_silences() -> None:
    rate = 16000
    tone = (8000 * np.sin(np.arange(rate // 2) * 2 * np.pi * 220 / rate)).astype("<i2")
    gap = np.zeros(rate // 10, dtype="<i2")  # 0.1 s: a stop inside a word
    pause = np.zeros(rate * 2, dtype="<i2")
    pcm = np.concatenate([pause[: rate // 2], tone, gap, tone, pause, tone]).tobytes()
    spans = speech_spans(pcm)
    assert len(spans) == 2
    assert spans[0][0] == pytest.approx(0.5, abs=0.021) and spans[1][0] == pytest.approx(3.6, abs=0.021)
