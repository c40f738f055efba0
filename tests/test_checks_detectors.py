"""The detector registry, schemas, factories, and what findings say."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import jsonschema
import pytest

from bench.checker import format_report, run_checker_bench, script_detectors
from rehearse.checks import DETECTORS, Facts, build_detector
from rehearse.checks.text import analyse, negated
from rehearse.profile.model import Profile

PROFILE = Profile(
    name="Ana Ruiz",
    interviewer="Tom Becker",
    company="Harbor City Library",
    position="Library Assistant",
    interview_date=dt.date(2026, 9, 22),
    interview_time=dt.time(15, 0),
)
FACTS = Facts(profile=PROFILE, today=dt.date(2026, 10, 1))


@pytest.mark.parametrize("kind", sorted(DETECTORS))
def test_schema_is_strict_and_documented(kind: str) -> None:
    schema = DETECTORS[kind].params_schema
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False
    for key, spec in schema["properties"].items():
        assert spec.get("description"), f"{kind}.{key} has no description"


@pytest.mark.parametrize(
    ("detect", "message"),
    [
        ({"kind": "nope"}, "unknown detector 'nope'"),
        ({"kind": "name", "threshold": 20}, "threshold: 20 would match almost anything"),
        ({"kind": "name", "treshold": 80}, "Additional properties are not allowed"),
        ({"kind": "phrases", "phrases": []}, "should be non-empty"),
        ({"kind": "phrases", "phrases": ["hi {manager}"]}, "unknown placeholder {manager}"),
        ({"kind": "phrases", "phrases": ["hi {position"]}, "malformed placeholder"),
        ({"kind": "mention", "field": "salary"}, "is not one of"),
        ({"kind": "brevity", "max_words": 0}, "less than the minimum"),
        ({"kind": "date", "recent_days": 40}, "greater than the maximum"),
    ],
)
def test_bad_params_raise_value_error(detect: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("{", r"\{").replace("}", r"\}")):
        build_detector(detect)


def test_every_default_point_builds() -> None:
    detectors = script_detectors()
    assert set(detectors) == {
        "name", "interview_date", "interview_time", "status_question", "continued_interest",
        "polite", "ask_for_interviewer", "thanks", "position", "brief", "ask_callback",
        "still_considered", "lasting_interest", "apology",
    }  # fmt: skip


def test_evidence_is_the_callers_words_and_turn() -> None:
    detector = build_detector({"kind": "phrases", "phrases": ["still interested"]})
    turns = ["Hi, this is Ana.", "Anyway, I'm still interested in the job. Bye!"]
    finding = detector.find(turns, FACTS)
    assert finding.covered and finding.turn == 1
    assert finding.evidence == "Anyway, I'm still interested in the job"


def test_placeholders_are_filled_from_the_profile() -> None:
    detector = build_detector({"kind": "phrases", "phrases": ["could i speak to {interviewer}"]})
    assert detector.find(["could i speak to tom becker please"], FACTS).covered
    assert not detector.find(["could i speak to maria gonzalez please"], FACTS).covered


def test_reject_vetoes_and_says_why() -> None:
    detector = build_detector(
        {"kind": "phrases", "phrases": ["still interested"], "reject": ["accepted another offer"]}
    )
    finding = detector.find(["i'm still interested", "but i accepted another offer"], FACTS)
    assert not finding.covered
    assert finding.problem == 'you said "i accepted another offer"'


def test_wrong_date_is_a_problem() -> None:
    finding = build_detector({"kind": "date"}).find(["I interviewed on Wednesday, September 23rd."], FACTS)
    assert not finding.covered
    assert finding.problem == (
        "you said Wednesday, September 23rd; the interview was on Tuesday, September 22nd"
    )


def test_right_date_across_a_month_boundary() -> None:
    finding = build_detector({"kind": "date"}).find(["i interviewed on the twenty second"], FACTS)
    assert finding.covered
    assert finding.evidence == "i interviewed on the twenty second"


def test_wrong_time_is_a_problem() -> None:
    finding = build_detector({"kind": "time"}).find(["my interview was at 4 pm"], FACTS)
    assert not finding.covered
    assert finding.problem == "you said 4 pm; the interview was at 3 pm"


def test_bare_hour_can_be_turned_off() -> None:
    strict = build_detector({"kind": "time", "bare_hour": False})
    assert not strict.find(["my interview was at three"], FACTS).covered
    assert strict.find(["my interview was at three pm"], FACTS).covered


def test_brevity_counts_words_over_turns() -> None:
    detector = build_detector({"kind": "brevity", "max_words": 5})
    found = detector.find(["hi this is ana", "thanks"], FACTS)
    assert (found.evidence, found.measured) == (
        None,
        "5 words over 2 turns, within 5",
    )  # a figure, not a quote
    too_long = detector.find(["hi this is ana ruiz", "thanks"], FACTS)
    assert not too_long.covered
    assert too_long.problem == "6 words over 2 turns; aim for 5 or fewer"


def test_rude_words_fail_politeness_with_a_reason() -> None:
    detector = build_detector({"kind": "politeness", "courtesy": ["thank you"], "rude": ["just tell me"]})
    finding = detector.find(["thank you", "just tell me if i got it"], FACTS)
    assert not finding.covered
    assert "sounds pushy" in (finding.problem or "")


def test_negation_scope_stops_at_clause_breaks() -> None:
    turn = analyse("i'm not sure but i'm still interested")
    assert not negated(turn, 5, 6)
    turn = analyse("i'm not still interested")
    assert negated(turn, 2, 3)


def test_bundled_points_reach_f1_097_on_the_evaluation_set() -> None:
    result = run_checker_bench(script="follow-up")
    assert result["calls"] >= 140
    low = {p: s["f1"] for p, s in result["points"].items() if s["f1"] < 0.97}
    assert not low, format_report(result)


def test_british_half_hour_is_half_past() -> None:
    detector = build_detector({"kind": "time"})
    facts = Facts(profile=replace(PROFILE, interview_time=dt.time(10, 30)), today=FACTS.today)
    assert detector.find(["i interviewed at half ten"], facts).covered
    assert not detector.find(["i interviewed at half nine"], facts).covered
    assert not detector.find(["it took half an hour"], facts).covered


def test_recognizer_forth_is_fourth_after_a_month() -> None:
    detector = build_detector({"kind": "date"})
    facts = Facts(profile=replace(PROFILE, interview_date=dt.date(2026, 9, 4)), today=dt.date(2026, 9, 14))
    assert detector.find(["i had an interview on september forth"], facts).covered
    assert detector.find(["it was on the forth"], facts).covered
    assert not detector.find(["i went forth to the interview"], facts).covered


@pytest.mark.parametrize(
    ("position", "said", "covered"),
    [
        ("Help Desk Technician", "i'm calling about the help desk job", True),
        ("Retail Sales Associate", "the sales associate position", True),
        ("Pharmacy Technician", "i interviewed for the pharmacy tech job", True),
        ("Junior Data Analyst", "the data entry job", False),
        ("Help Desk Technician", "the help desk was busy", False),
    ],
)
def test_position_named_in_part_before_a_head_noun(position: str, said: str, covered: bool) -> None:
    profile = replace(FACTS.profile, position=position)
    facts = Facts(profile=profile, today=FACTS.today)
    finding = build_detector({"kind": "mention", "field": "position"}).find([said], facts)
    assert finding.covered is covered, finding


def test_partial_names_can_be_turned_off() -> None:
    profile = replace(FACTS.profile, position="Help Desk Technician")
    facts = Facts(profile=profile, today=FACTS.today)
    detector = build_detector({"kind": "mention", "field": "position", "heads": []})
    assert not detector.find(["the help desk job"], facts).covered


def test_question_shape_needs_a_question_not_a_statement() -> None:
    detector = build_detector({"kind": "question", "shapes": [{"topics": ["decision", "filled"]}]})
    assert detector.find(["i was wondering if you've made a decision"], FACTS).covered
    assert detector.find(["has the role been filled?"], FACTS).covered
    assert not detector.find(["i know the role has been filled"], FACTS).covered
    assert detector.find(["i know the role has been filled, is that right?"], FACTS).covered
    assert not detector.find(["it's a big decision for me"], FACTS).covered


def test_question_lead_topic_must_open_the_question() -> None:
    detector = build_detector(
        {
            "kind": "question",
            "question_mark": False,
            "shapes": [{"topics": ["when"], "with": ["free"], "lead": True}],
        }
    )
    assert detector.find(["okay when will she be free"], FACTS).covered
    assert detector.find(["do you know when she'll be free"], FACTS).covered
    assert not detector.find(["ask her to ring me when she's free"], FACTS).covered


def test_request_finds_the_interviewer_by_surname_with_a_title() -> None:
    detector = build_detector({"kind": "request"})
    assert detector.find(["Is Mr. Becker in?"], FACTS).covered
    assert not detector.find(["I interviewed with Mr. Becker last week."], FACTS).covered
    assert (
        not build_detector({"kind": "request", "last_names": False})
        .find(["Is Mr. Becker in?"], FACTS)
        .covered
    )


def test_stance_is_first_person_present_and_not_negated() -> None:
    detector = build_detector({"kind": "stance", "shapes": [{"feelings": ["keen"]}]})
    assert detector.find(["honestly i'm still super keen"], FACTS).covered
    assert not detector.find(["i'm not keen"], FACTS).covered
    assert not detector.find(["i was keen at first"], FACTS).covered
    assert not detector.find(["are you keen on cricket"], FACTS).covered


@pytest.mark.parametrize(
    ("detect", "message"),
    [
        ({"kind": "question"}, "shapes"),
        ({"kind": "question", "shapes": [{"topics": ["x"], "lead": "yes"}]}, "lead"),
        ({"kind": "stance", "shapes": [{"feelings": []}]}, "feelings"),
        ({"kind": "request", "names": ["{nmae}"]}, "unknown placeholder"),
    ],
)
def test_structural_kinds_reject_bad_params(detect: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_detector(detect)


@pytest.mark.parametrize(
    ("text", "first", "last", "context", "want"),
    [
        ("hi this is jordan lee could i speak to maria lopez please", 3, 4, 4, "hi this is jordan lee"),
        (
            "Hi Maria, I interviewed with you on November 17th at 2 pm for the data analyst position.",
            7, 8, None, "Hi Maria, I interviewed with you on November 17th",
        ),
        (
            "Hi Maria, I interviewed with you on November 17th at 2 pm for the data analyst position.",
            10, 11, None, "Hi Maria, I interviewed with you on November 17th at 2 pm",
        ),
        ("and i'm still keen on the role", 2, 4, None, "i'm still keen on the role"),
    ],
)  # fmt: skip
def test_evidence_is_the_clause_without_dangling_edges(
    text: str, first: int, last: int, context: int | None, want: str
) -> None:
    assert analyse(text).evidence(first, last, context=context) == want


def test_evidence_of_a_long_clause_is_at_most_14_words_and_keeps_the_match_whole() -> None:
    text = (
        "so basically i have been waiting a long time now and honestly i was hoping to hear whether "
        "a final decision about the role has been reached by the panel this week or next week maybe"
    )
    turn = analyse(text)
    first = next(i for i, w in enumerate(turn.words) if w.norm == "final")
    said = turn.evidence(first, first + 1)
    assert "final decision" in said
    assert len(said.split()) <= 14
    assert said.split()[0] not in ("and", "but", "so", "or") and said.split()[-1] not in ("the", "by", "or")
