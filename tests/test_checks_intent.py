"""The intent detector: sentences in, the caller's own words out, with a fake engine (the
contract), and the shipped models for every bundled script."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from rehearse.checks import intent
from rehearse.checks.heard import heard, variants
from rehearse.checks.intent import Group, IntentDetector, IntentSpec, SentenceScore, canonical_text, sentences
from rehearse.errors import ScriptError
from rehearse.script.loader import parse_script
from tests.core_fixtures import FACTS, JORDAN, MINI_SCRIPT


class WordEngine:
    """Scores a sentence 0.9 when it holds a word of the spec's first example, else 0.1."""

    def model(self, spec: IntentSpec) -> WordEngine.Model:
        return WordEngine.Model(spec)

    class Model:
        def __init__(self, spec: IntentSpec) -> None:
            self.words = set(spec.examples[0].lower().split())
            self.against = {w for g in spec.against for line in g.lines for w in line.lower().split()}
            self.tipped = {line.lower(): g.tip for g in spec.near_misses if g.tip for line in g.lines}

        def scores(self, sentences: Sequence[str]) -> list[SentenceScore]:
            def words(s: str) -> set[str]:
                return set(s.lower().strip(".?!").split())

            return [
                SentenceScore(
                    0.9 if words(s) & self.words else 0.1,
                    0.9 if words(s) & self.against else 0.0,
                    0.0,
                    self.tipped.get(s.lower()),
                )
                for s in sentences
            ]


@pytest.fixture
def fake_engine() -> Iterator[None]:
    intent.use_engine(WordEngine())
    yield
    intent.use_engine(None)


def detector(**groups: tuple[Group, ...]) -> IntentDetector:
    return IntentDetector(IntentSpec("test", ("decision",), **groups))


def test_the_evidence_is_the_whole_sentence_the_caller_said(fake_engine: None) -> None:
    found = detector().find(["Hi, this is Jordan. I'm not sure a decision was made, right?"], FACTS)
    assert found.covered
    assert found.evidence == "I'm not sure a decision was made, right"
    assert found.turn == 0


def test_nothing_close_is_missed_without_a_problem(fake_engine: None) -> None:
    found = detector().find(["Hello there."], FACTS)
    assert not found.covered
    assert found.problem is None


def test_a_near_miss_gets_its_tip(fake_engine: None) -> None:
    tip = "That was a statement; ask it as a question."
    near = (Group(("I know you are busy",), tip),)
    found = detector(near_misses=near).find(["Hi. I know you are busy."], FACTS)
    assert not found.covered
    assert found.problem == f'you said "I know you are busy": {tip}'


def test_a_line_said_against_the_point_wins(fake_engine: None) -> None:
    found = detector(against=(Group(("withdraw",)),)).find(["Any decision? I want to withdraw."], FACTS)
    assert not found.covered
    assert found.against
    assert found.problem == 'you said "I want to withdraw"'


def test_sentences_keep_the_callers_words() -> None:
    said = [s.quote for s in sentences("Hi Mr. Okafor. It was at 2.30pm! Is it open?")]
    assert said == ["Hi Mr. Okafor", "It was at 2.30pm", "Is it open"]


def test_names_are_read_as_the_canonical_ones() -> None:
    assert canonical_text("could i speak to maria lopes at northwind analytics", JORDAN) == (
        "could i speak to Morgan Reed at Acme"
    )
    assert (
        canonical_text("this is jordan lee, Maria's candidate", JORDAN)
        == "this is Alex Kim, Morgan's candidate"
    )


def test_spoken_and_typed_forms_of_an_example() -> None:
    assert (
        heard("I'm calling on the 17th at 2:30 pm, OK?")
        == "i'm calling on the seventeenth at two thirty pm ok"
    )
    assert variants("I'm going to call.")[-1] == "i'm gonna call"


def test_an_unknown_key_in_an_intent_point_is_an_error_with_its_line() -> None:
    script = MINI_SCRIPT.replace(
        "detect: {kind: name}", "detect: {kind: intent, intent: thanks, exampels: [hi]}"
    )
    assert script != MINI_SCRIPT
    with pytest.raises(ScriptError, match=r"^mini.yaml:\d+:\d+: points.name.detect.exampels: unknown key"):
        parse_script(script, "mini.yaml")


def test_an_unknown_shared_intent_is_an_error() -> None:
    script = MINI_SCRIPT.replace("detect: {kind: name}", "detect: {kind: intent, intent: thankz}")
    with pytest.raises(ScriptError, match=r"intent: no shared examples named 'thankz' \(known: apology, "):
        parse_script(script, "mini.yaml")


def test_every_bundled_intent_model_is_shipped() -> None:
    from rehearse.judge.__main__ import main

    assert main(["--check"]) == 0, "run python -m rehearse.judge --write"
