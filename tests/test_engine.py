"""The dialogue engine: scenarios, seeds, conditional steps, the end of the call."""

from __future__ import annotations

import pytest

from rehearse.dialogue.dialogue import Dialogue
from rehearse.errors import ScriptError, UsageError
from rehearse.script.loader import load_bundled, parse_script
from rehearse.script.model import expected_points
from tests.core_fixtures import FACTS, MINI_SCRIPT

MINI = parse_script(MINI_SCRIPT, "mini.yaml")


def texts(lines: list) -> list[str]:
    return [line.text for line in lines]


def test_opening_waits_for_the_caller() -> None:
    dialogue = Dialogue(MINI, FACTS, seed=1)
    assert texts(dialogue.opening()) == ["Hello, Northwind Analytics."]
    assert not dialogue.finished


def test_a_missing_point_takes_the_conditional_branch() -> None:
    dialogue = Dialogue(MINI, FACTS, seed=1, scenario="busy")
    dialogue.opening()
    assert texts(dialogue.reply("hello there")) == ["Who is calling?"]
    assert texts(dialogue.reply("it's jordan lee")) == ["One moment.", "The line is busy. Goodbye."]
    assert dialogue.finished
    assert dialogue.reply("anything") == []


def test_a_covered_point_skips_the_question() -> None:
    dialogue = Dialogue(MINI, FACTS, seed=1, scenario="busy")
    dialogue.opening()
    assert texts(dialogue.reply("hi this is jordan lee")) == ["One moment.", "The line is busy. Goodbye."]
    assert dialogue.state.outcomes == {"line": "busy"}


def test_the_same_seed_gives_the_same_call() -> None:
    script = load_bundled("follow-up")
    turns = ["hi this is jordan lee could i speak to maria lopez", "i interviewed last tuesday", "thanks"]

    def play(seed: int) -> list[str]:
        dialogue = Dialogue(script, FACTS, seed=seed)
        said = texts(dialogue.opening())
        for turn in turns:
            said += texts(dialogue.reply(turn))
        return said

    assert play(7) == play(7)
    assert len({tuple(play(seed)) for seed in range(12)}) > 1


@pytest.mark.parametrize(
    ("scenario", "last_line_start"),
    [
        ("open", "The position is still open."),
        ("pending", "We've finished interviewing"),
        ("filled", "I'm sorry to say we've offered the position"),
        ("unavailable", "I'm"),
    ],
)
def test_follow_up_scenarios_force_the_branch(scenario: str, last_line_start: str) -> None:
    script = load_bundled("follow-up")
    dialogue = Dialogue(script, FACTS, seed=3, scenario=scenario)
    dialogue.opening()
    lines = dialogue.reply("hi this is jordan lee, could i speak to maria lopez please")
    if scenario != "unavailable":
        lines = dialogue.reply("i'm calling to ask about the status of the position")
    assert lines[-1].text.startswith(last_line_start)
    if scenario == "unavailable":
        assert "meetings" in lines[-1].text or "away from the desk" in lines[-1].text


def test_unknown_scenario_names_the_known_ones() -> None:
    with pytest.raises(UsageError) as caught:
        Dialogue(load_bundled("follow-up"), FACTS, scenario="busy")
    assert str(caught.value) == (
        "--scenario: follow-up has no scenario 'busy' (scenarios: filled, open, pending, unavailable)"
    )


def test_lines_are_filled_from_the_profile() -> None:
    dialogue = Dialogue(load_bundled("follow-up"), FACTS, seed=0)
    opening = dialogue.opening()[0]
    assert "Northwind Analytics" in opening.text
    assert "{" not in opening.text


def test_the_call_ends_after_max_turns() -> None:
    looping = MINI_SCRIPT.replace(
        "    next: transfer\n", "    next:\n      - {unless: name, goto: who}\n      - {goto: transfer}\n"
    ).replace("start: hello\n", "start: hello\nmax_turns: 3\n")
    dialogue = Dialogue(parse_script(looping, "loop.yaml"), FACTS, seed=0)
    dialogue.opening()
    assert texts(dialogue.reply("um")) == ["Who is calling?"]
    assert texts(dialogue.reply("er")) == ["Who is calling?"]
    assert dialogue.reply("hmm") == []
    assert dialogue.finished
    assert dialogue.state.ran_long


def test_expected_points_follow_the_path() -> None:
    script = load_bundled("follow-up")
    unavailable = expected_points(script, script.scenarios["unavailable"])
    assert "ask_callback" in unavailable
    assert "status_question" not in unavailable
    opened = expected_points(script, script.scenarios["open"])
    assert {"status_question", "continued_interest", "interview_date"} <= set(opened)
    assert "ask_callback" not in opened
    assert "continued_interest" not in expected_points(script, script.scenarios["filled"])


# ---------------------------------------------------------------- the other side follows the call

FOLLOW_UP = load_bundled("follow-up")


def _steps(turns: list[str], scenario: str = "open") -> list[str]:
    dialogue = Dialogue(FOLLOW_UP, FACTS, seed=3, scenario=scenario)
    dialogue.opening()
    for turn in turns:
        dialogue.reply(turn)
    return dialogue.state.visited


def test_a_rude_caller_is_met_coolly_and_the_call_ends() -> None:
    to_interviewer = _steps(["this is jordan lee, put me through to maria lopez", "your company is a joke"])
    assert to_interviewer[-1] == "cool_goodbye"
    at_reception = _steps(["what the f*** is wrong with you people"])
    assert at_reception[-1] == "receptionist_cool"


def test_a_caller_who_withdraws_is_thanked_and_the_call_ends() -> None:
    for withdrawal in (
        "I wanted to say I've accepted another offer, so I'm withdrawing my application.",
        "please take me out of the running, i've decided to stay where i am",
        "I've lost interest in the role, sorry.",
    ):
        visited = _steps(["hi this is jordan lee, could i speak to maria lopez", withdrawal])
        assert visited[-1] == "withdrawn_goodbye", withdrawal


def test_a_caller_who_gives_no_name_is_never_greeted_by_name() -> None:
    dialogue = Dialogue(FOLLOW_UP, FACTS, seed=3, scenario="open")
    dialogue.opening()
    said = []
    for turn in [
        "hello, is maria lopez there?",
        "i'd rather not say",
        "hi",
        "any news on the job?",
        "thanks, bye",
    ]:
        said += texts(dialogue.reply(turn))
    assert "who_is_this" in dialogue.state.visited
    assert not any(FACTS.profile.first_name in line for line in said), said


def test_an_against_rule_names_a_known_point() -> None:
    broken = MINI_SCRIPT.replace("next:", "next:\n      - {against: nonsense, goto: bye}", 1)
    with pytest.raises(ScriptError, match=r"steps.hello.next\[1\].against: unknown point 'nonsense'"):
        parse_script(broken, "mini.yaml")


# ---------------------------------------------------------------- every rule of the advice


def test_the_open_job_is_not_always_said_to_consider_you() -> None:
    """Sometimes the interviewer volunteers it; when not, asking is the caller's point."""
    opened = set()
    for seed in range(20):
        dialogue = Dialogue(FOLLOW_UP, FACTS, seed=seed)
        dialogue.opening()
        dialogue.reply("hi this is jordan lee, could i speak to maria lopez please")
        dialogue.reply("i'm calling to ask about the status of the position")
        opened |= {s for s in dialogue.state.visited if s.startswith("status_open")}
    assert opened == {"status_open", "status_open_told"}
    assert "still_considered" in expected_points(FOLLOW_UP, FOLLOW_UP.scenarios["open"])
    assert "still_considered" not in expected_points(FOLLOW_UP, {"status": "open_told"})


def test_asking_if_still_considered_is_answered() -> None:
    visited = _steps(
        [
            "hi this is jordan lee, could i speak to maria lopez please",
            "i'm calling to ask about the status of the position",
            "great, am i still being considered?",
        ]
    )
    assert visited[-2:] == ["status_open", "considered_yes"]


def test_a_filled_job_asks_for_lasting_interest_not_continued_interest() -> None:
    filled = expected_points(FOLLOW_UP, FOLLOW_UP.scenarios["filled"])
    assert "lasting_interest" in filled and "continued_interest" not in filled
    assert "apology" in filled
    assert "lasting_interest" not in expected_points(FOLLOW_UP, FOLLOW_UP.scenarios["open"])


@pytest.mark.parametrize(
    ("scenario", "start"),
    [
        ("open", "Make the real call with confidence"),
        ("pending", "Now give them the time they asked for."),
        ("filled", "Not getting this one is part of every job search"),
        ("unavailable", "Call back at the time they gave you"),
    ],
)
def test_every_report_closes_with_a_line_for_how_it_went(scenario: str, start: str) -> None:
    from rehearse.coaching.feedback import build_report
    from rehearse.script.model import likely_outcomes

    fixed = FOLLOW_UP.scenario_choices(scenario)
    report = build_report(
        FOLLOW_UP,
        FACTS,
        ["hi this is jordan lee"],
        applies=expected_points(FOLLOW_UP, fixed),
        outcomes=likely_outcomes(FOLLOW_UP, fixed),
    )
    assert report.closing is not None and report.closing.startswith(start)
    dialogue = Dialogue(FOLLOW_UP, FACTS, seed=3, scenario=scenario)
    dialogue.opening()
    assert FOLLOW_UP.closing_for(dialogue.outcomes()) == FOLLOW_UP.closing_for(
        likely_outcomes(FOLLOW_UP, fixed)
    )


def test_possible_replies_hold_every_wording_of_every_next_step() -> None:
    dialogue = Dialogue(FOLLOW_UP, FACTS, seed=3, scenario="open")
    opening = dialogue.opening()
    replies = [line.text for line in dialogue.possible_replies()]
    greeting = FOLLOW_UP.steps["greeting"]
    targets = {rule.goto for rule in greeting.rules}
    assert len(replies) == sum(len(FOLLOW_UP.steps[t].say) for t in targets)
    assert all("{" not in text for text in replies)  # filled from the profile
    assert opening and dialogue.possible_replies() == dialogue.possible_replies()


@pytest.mark.parametrize(
    ("reply", "note"),
    [
        ("Great! Thanks.", "cheerful word"),
        ("oh, awesome", "cheerful word"),
        ("That's not fair, I was the best candidate.", "Arguing with a decision"),
        ("can't you reconsider?", "Arguing with a decision"),
        ("I understand. Thank you for letting me know; please keep me in mind.", None),
        ("That's a shame, but it was a great interview experience, thank you.", None),
        ("Oh, I'm sorry to hear that. Are you hiring for other roles?", None),
    ],
)
def test_how_the_news_was_taken_is_noted(reply: str, note: str | None) -> None:
    dialogue = Dialogue(FOLLOW_UP, FACTS, seed=3, scenario="filled")
    dialogue.opening()
    dialogue.reply("hi this is jordan lee, could i speak to maria lopez please")
    dialogue.reply("i'm calling to ask about the status of the position")
    assert dialogue.state.step == "status_filled"
    dialogue.reply(reply)
    if note is None:
        assert dialogue.notes == []
    else:
        assert len(dialogue.notes) == 1 and note in dialogue.notes[0]


def test_a_cheerful_word_elsewhere_is_no_note() -> None:
    dialogue = Dialogue(FOLLOW_UP, FACTS, seed=3, scenario="open")
    dialogue.opening()
    dialogue.reply("great, hi, this is jordan lee, could i speak to maria lopez please")
    dialogue.reply("i'm calling to ask about the status of the position")
    dialogue.reply("great! am i still being considered?")
    assert dialogue.notes == []
