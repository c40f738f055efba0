"""The audio call bench's calls: well formed, and none of their sentences is the script's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.calls import (
    BENCH_CALLS,
    HOLDOUT2_CALLS,
    HOLDOUT_CALLS,
    SCRIPT,
    VOICES,
    load_calls,
    script_wording,
    verbatim_sentences,
)
from bench.common import SAMPLE_PROFILE, spoken_form
from rehearse.script.loader import load_bundled


@pytest.mark.parametrize(
    "calls",
    [BENCH_CALLS, load_calls(HOLDOUT_CALLS), load_calls(HOLDOUT2_CALLS)],
    ids=["tuning", "held-out", "held-out-2"],
)
def test_no_bench_sentence_is_verbatim_in_the_script(calls: tuple) -> None:
    phrases, examples = script_wording(load_bundled(SCRIPT), SAMPLE_PROFILE)
    assert calls
    assert verbatim_sentences(calls, phrases, examples) == []


def test_held_out_calls_are_new_calls() -> None:
    tuning = {turn for call in BENCH_CALLS for turn in call.turns}
    held_out = load_calls(HOLDOUT_CALLS)
    assert not {turn for call in held_out for turn in call.turns} & tuning
    assert len({call.id for call in held_out}) == len(held_out)


def test_the_second_held_out_set_loads_with_flite_voices_and_is_new() -> None:
    held_out = load_calls(HOLDOUT2_CALLS)
    assert len(held_out) == 30
    assert len({call.id for call in held_out}) == len(held_out)
    assert {"flite-slt", "flite-rms", "flite-awb", "flite-kal", "flite-slt-phone", "flite-rms-phone"} <= {
        call.voice for call in held_out
    }
    assert all(VOICES[call.voice].flite for call in held_out if call.voice.startswith("flite-"))
    earlier = {turn for call in (*BENCH_CALLS, *load_calls(HOLDOUT_CALLS)) for turn in call.turns}
    assert not {turn for call in held_out for turn in call.turns} & earlier
    phrases, examples = script_wording(load_bundled(SCRIPT), SAMPLE_PROFILE)
    assert verbatim_sentences(held_out, phrases, examples) == []


def test_word_errors_count_digits_and_words_as_the_same() -> None:
    assert spoken_form("On November 17th at 2pm.") == spoken_form("on november seventeenth at two p m")
    assert spoken_form("at 2 pm") == spoken_form("At 2 p.m.")


def test_a_call_with_an_unknown_voice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "calls.yaml"
    path.write_text("calls:\n  - {id: a, voice: robot, turns: [hi], covered: []}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown voice 'robot'"):
        load_calls(path)


def test_a_call_with_an_unknown_point_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "calls.yaml"
    path.write_text("calls:\n  - {id: a, voice: en-us, turns: [hi], covered: [charm]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown point 'charm'"):
        load_calls(path)
