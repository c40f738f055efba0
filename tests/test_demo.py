"""`rehearse demo`: sample callers spoken with espeak-ng and heard by the real recognizer."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from rich.console import Console

from rehearse.app.demo import (
    DemoResult,
    default_caller,
    demo_json,
    demo_profile,
    get_caller,
    parse_callers,
    run_demo,
    sample_callers,
)
from rehearse.channels.text import TextSpeaker
from rehearse.checks.base import Facts
from rehearse.coaching.feedback import build_report
from rehearse.errors import AudioDeviceError, InputFileError, UsageError
from rehearse.script.loader import load_bundled, parse_script
from rehearse.script.model import all_phrases
from rehearse.templates import render
from tests.core_fixtures import FACTS, MINI_SCRIPT

CONTENT_POINTS = ("name", "interview_date", "status_question", "continued_interest")


class FakePlayer:
    """Stands in for the sound card: records what was played, or has no sound output."""

    def __init__(self, broken: bool = False) -> None:
        self.broken = broken
        self.played: list[Path] = []

    def play(self, path: Path) -> None:
        self.played.append(Path(path))
        if self.broken:
            raise AudioDeviceError("No sound output found")


Demo = tuple[DemoResult, list[tuple[str, str]], str, FakePlayer]


def _demo(caller: str, work: Path, player: FakePlayer, scenario: str | None = "open") -> Demo:
    """One whole call: (result, what on_turn saw, the other side's lines, the caller's player)."""
    out = Console(file=io.StringIO(), width=200)
    heard: list[tuple[str, str]] = []
    result = run_demo(
        load_bundled("follow-up"),
        FACTS,
        caller=caller,
        scenario=scenario,
        seed=1,
        speaker=TextSpeaker(out),
        work_dir=work / caller,
        cache_dir=work / "lm",
        on_turn=lambda said, recognized: heard.append((said, recognized)),
        caller_player=player,
    )
    return result, heard, out.file.getvalue(), player


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo")


@pytest.fixture(scope="module")
def complete(demo_dir: Path) -> Demo:
    return _demo("complete", demo_dir, FakePlayer())


@pytest.fixture(scope="module")
def nervous(demo_dir: Path) -> Demo:
    return _demo("nervous", demo_dir, FakePlayer(broken=True))


# ---------------------------------------------------------------- whole calls (audio)


@pytest.mark.audio
def test_complete_caller_covers_every_content_point(complete: Demo) -> None:
    result = complete[0]
    points = {p.id: p for p in result.report.points}
    for point_id in CONTENT_POINTS:
        assert points[point_id].applies, point_id
        assert points[point_id].covered, (point_id, result.turns)
    assert result.report.score >= 90, result.turns


@pytest.mark.audio
def test_complete_caller_is_heard_saying_the_name(complete: Demo) -> None:
    result = complete[0]
    name = next(p for p in result.report.points if p.id == "name")
    assert name.turn is not None
    turn = result.turns[name.turn]
    said, recognized = turn.said, turn.recognized
    assert "Jordan Lee" in said
    assert "jordan lee" in recognized.lower()


@pytest.mark.audio
def test_the_report_judges_what_was_recognized_not_what_was_said(complete: Demo) -> None:
    result, heard, _, _ = complete
    recognized = [t.recognized for t in result.turns]
    assert result.report.caller_turns == len(result.turns)
    assert result.report.caller_words == sum(len(r.split()) for r in recognized)
    assert all(r.strip() for r in recognized)
    assert any(t.said != t.recognized for t in result.turns)
    assert heard == [(t.said, t.recognized) for t in result.turns]  # on_turn saw every turn as it happened


@pytest.mark.audio
def test_other_side_goes_to_the_speaker_and_caller_audio_is_kept(complete: Demo) -> None:
    result, _, console, player = complete
    assert "Receptionist:" in console
    assert "Maria Lopez:" in console  # the interviewer answered: scenario open
    wavs = sorted(result.audio_dir.glob("caller-*.wav"))
    assert len(wavs) == len(result.turns)
    assert wavs[0].name == "caller-01-greeting.wav"
    assert player.played == [w.resolve() for w in wavs]  # each caller turn played aloud


@pytest.mark.audio
def test_no_sound_output_stops_playing_the_caller_but_not_the_call(nervous: Demo) -> None:
    result = nervous[0]
    assert len(nervous[3].played) == 1
    assert len(result.turns) >= 4


@pytest.mark.audio
def test_nervous_caller_misses_date_and_interest(nervous: Demo, complete: Demo) -> None:
    result = nervous[0]
    points = {p.id: p for p in result.report.points}
    for point_id in ("interview_date", "continued_interest"):
        assert points[point_id].applies, point_id
        assert not points[point_id].covered, (point_id, points[point_id].evidence)
    assert points["status_question"].covered, result.turns
    assert result.report.score < complete[0].report.score - 25


@pytest.mark.audio
def test_demo_json_adds_the_turns(complete: Demo) -> None:
    result = complete[0]
    data = demo_json(result)
    assert data["score"] == result.report.score
    assert data["sample_caller"] == "complete"
    assert [(t["said"], t["text"]) for t in data["turns"]] == [(t.said, t.recognized) for t in result.turns]
    for turn in data["turns"]:  # each turn's words with their timings, for coaching
        assert turn["words"], turn
        assert {"word", "start", "end", "probability"} == set(turn["words"][0])
        assert Path(turn["audio"]).is_file()
    assert data["points"]["name"]["covered"] is True


# ---------------------------------------------------------------- choosing callers (fast)


def test_unknown_caller_is_a_usage_error_listing_the_callers(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        run_demo(
            load_bundled("follow-up"),
            FACTS,
            caller="shy",
            speaker=TextSpeaker(Console(file=io.StringIO())),
            work_dir=tmp_path,
        )
    assert (
        str(caught.value)
        == "--caller: unknown sample caller 'shy' (callers: complete, nervous, pushy, vague)"
    )
    assert caught.value.exit_status == 64
    assert not any(tmp_path.iterdir())  # refused before any audio was made


def test_script_without_sample_lines_is_a_usage_error(tmp_path: Path) -> None:
    mini = parse_script(MINI_SCRIPT, "mini.yaml")
    with pytest.raises(UsageError) as caught:
        run_demo(mini, FACTS, speaker=TextSpeaker(Console(file=io.StringIO())), work_dir=tmp_path)
    assert str(caught.value) == (
        "--script: the sample caller 'complete' has no lines for 'mini' (demo scripts: follow-up, voicemail)"
    )


def test_default_caller_is_complete() -> None:
    assert default_caller() == "complete"
    assert get_caller("complete").name == "complete"


def test_demo_profile_is_due_for_the_follow_up_call() -> None:
    today = dt.date(2027, 3, 4)
    profile = demo_profile(today)
    assert profile.interview_date == dt.date(2027, 2, 24)
    report = build_report(load_bundled("follow-up"), Facts(profile=profile, today=today), ["hello"])
    assert report.timing.call_now, report.timing.reason


# ---------------------------------------------------------------- the callers file (fast)


@pytest.mark.parametrize("script_name", ["follow-up", "voicemail"])
def test_caller_lines_name_real_steps_and_render(script_name: str) -> None:
    script = load_bundled(script_name)
    values = FACTS.profile.template_values()
    for caller in sample_callers().values():
        lines = caller.lines_for(script_name)
        unknown = set(lines.steps) - set(script.steps)
        assert not unknown, (caller.name, unknown)
        for step in script.steps.values():
            if step.listen and not step.end:
                assert "{" not in caller.answer(script_name, step.id, values)
        assert render(lines.fallback, values)


def test_complete_caller_answers_every_listening_step() -> None:
    script = load_bundled("follow-up")
    listening = {s.id for s in script.steps.values() if s.listen and not s.end}
    assert listening <= set(get_caller("complete").lines_for("follow-up").steps)


def test_caller_lines_are_natural_sentences_not_detector_phrases() -> None:
    values = FACTS.profile.template_values()
    for script_name in ("follow-up", "voicemail"):
        script = load_bundled(script_name)
        canned = {render(p, values).lower() for p in all_phrases(script)}
        canned |= {render(p.example, values).lower() for p in script.points}
        for caller in sample_callers().values():
            lines = caller.lines_for(script_name)
            for line in [*lines.steps.values(), lines.fallback]:
                spoken = render(line, values).lower().rstrip(".?!")
                assert spoken not in canned, (caller.name, line)


CALLERS_OK = """\
version: 1
default: one
callers:
  one:
    summary: A caller.
    scripts:
      follow-up:
        fallback: "Hello."
        steps:
          greeting: "This is {name}."
"""


def test_parse_callers_reads_a_minimal_file() -> None:
    default, callers = parse_callers(CALLERS_OK, "c.yaml")
    assert default == "one"
    assert callers["one"].answer("follow-up", "greeting", FACTS.profile.template_values()) == (
        "This is Jordan Lee."
    )
    assert callers["one"].answer("follow-up", "elsewhere", {}) == "Hello."


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("summary: A caller.", "summary: A caller.\n    mood: shy"),
            "c.yaml:6:5: callers.one.mood: unknown key (expected one of: scripts, summary, voice)",
        ),
        (
            ("{name}", "{nickname}"),
            "c.yaml:10:21: callers.one.scripts.follow-up.steps.greeting: unknown profile field "
            "{nickname} (known: name, first_name, interviewer, interviewer_first_name, company, "
            "position, interview_date, interview_weekday, interview_time)",
        ),
        (("default: one", "default: two"), "c.yaml:2:10: default: unknown caller 'two' (callers: one)"),
        (
            ('fallback: "Hello."', 'fallback: ""'),
            "c.yaml:8:19: callers.one.scripts.follow-up.fallback: expected a line of text",
        ),
        (("version: 1", "version: 2"), "c.yaml:1:10: version: must be 1, got 2"),
    ],
)
def test_parse_callers_is_strict_and_names_the_line(change: tuple[str, str], message: str) -> None:
    with pytest.raises(InputFileError) as caught:
        parse_callers(CALLERS_OK.replace(*change), "c.yaml")
    assert str(caught.value) == message
