"""The call-script loader: valid scripts load; each mistake is one exact line."""

from __future__ import annotations

import pytest

from rehearse.errors import ScriptError
from rehearse.script.loader import bundled_names, load_bundled, parse_script
from tests.core_fixtures import MINI_SCRIPT


def test_mini_script_loads() -> None:
    script = parse_script(MINI_SCRIPT, "mini.yaml")
    assert [p.id for p in script.points] == ["name", "thanks"]
    assert script.steps["transfer"].listen is False
    assert script.steps["bye"].end is True
    assert script.scenarios == {"busy": {"line": "busy"}}


@pytest.mark.parametrize("name", bundled_names())
def test_bundled_scripts_load(name: str) -> None:
    script = load_bundled(name)
    assert script.points and all(p.weight > 0 for p in script.points)


def test_bundled_scripts_listed() -> None:
    assert {"follow-up", "voicemail"} <= set(bundled_names())


BROKEN = [
    (
        "    label: Receptionist\n",
        "    label: Receptionist\n    colour: blue\n",
        "mini.yaml:6:5: roles.receptionist.colour: unknown key (expected one of: label, voice)",
    ),
    (
        "    next: transfer\n",
        "    next: transfr\n",
        "mini.yaml:34:11: steps.who.next: unknown step 'transfr'",
    ),
    (
        "      - {unless: name, goto: who}\n",
        "      - {unless: name, goto: transfer}\n",
        "mini.yaml:30:3: steps.who: unreachable from the start step 'hello'",
    ),
    (
        '    example: "Hi, this is {name}."\n',
        '    example: "Hi, this is {nmae}."\n',
        "mini.yaml:12:14: points.name.example: unknown profile field {nmae} (known: name, first_name, "
        "interviewer, interviewer_first_name, company, position, interview_date, interview_weekday, "
        "interview_time)",
    ),
    (
        "    weight: 50\n    detect: {kind: name}\n",
        "    weight: -5\n    detect: {kind: name}\n",
        "mini.yaml:9:13: points.name.weight: must be greater than 0, got -5",
    ),
    (
        "    weight: 50\n    detect: {kind: name}\n",
        "    weight: lots\n    detect: {kind: name}\n",
        "mini.yaml:9:13: points.name.weight: expected a number, got text",
    ),
    (
        "detect: {kind: name}",
        "detect: {kind: nmae}",
        "mini.yaml:10:20: points.name.detect.kind: 'nmae' is not one of: brevity, date, intent, mention, "
        "name, phrases, politeness, question, request, stance, time",
    ),
    (
        "detect: {kind: name}",
        "detect: {kind: name, treshold: 80}",
        "mini.yaml:10:26: points.name.detect.treshold: unknown key (expected one of: "
        "common_word, kind, rare_word, shared, someone_before, sounds_like, threshold, verb_endings)",
    ),
    (
        "  busy: {line: busy}\n",
        "  busy: {line: engaged}\n",
        "mini.yaml:20:16: scenarios.busy.line: unknown outcome 'engaged' (outcomes: busy, free)",
    ),
    (
        "    expect: [thanks]\n    end: true\n",
        "    expect: [thanks]\n    next: bye\n",
        "mini.yaml:43:3: steps.bye: no way to the end of the call from here",
    ),
    (
        "version: 1\n",
        "version: 2\n",
        "mini.yaml:1:10: version: must be 1, got 2",
    ),
    (
        "title: Mini call\n",
        "title: Mini call\ntitle: Again\n",
        "mini.yaml:3:1: title: duplicate key (first given on line 2)",
    ),
    (
        '    say: ["Who is calling?"]\n',
        '    say: ["Who is calling?"\n',
        "mini.yaml:33:5: expected ',' or ']', but got '<scalar>'",
    ),
    (
        "    expect: [name]\n    next: transfer\n",
        "    expect: [nmae]\n    next: transfer\n",
        "mini.yaml:33:14: steps.who.expect[1]: unknown point 'nmae'",
    ),
    (
        "    label: Receptionist\n",
        "    label: Receptionist\n    voice: {engine: festival}\n",
        "mini.yaml:6:21: roles.receptionist.voice.engine: 'festival' is not one of: espeak, piper",
    ),
    (
        "    label: Receptionist\n",
        "    label: Receptionist\n    voice: {engine: piper, name: en_GB-alan-low}\n",
        "mini.yaml:6:34: roles.receptionist.voice.name: unknown Piper voice 'en_GB-alan-low' (known: "
        "en_US-joe-medium, or an absolute path to an .onnx voice)",
    ),
    (
        "    label: Receptionist\n",
        "    label: Receptionist\n    voice: {name: en_US-joe-medium}\n",
        "mini.yaml:6:19: roles.receptionist.voice.name: only Piper voices have names; give espeak-ng a "
        "gender, rate and pitch instead",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), BROKEN)
def test_broken_script_is_one_exact_line(old: str, new: str, message: str) -> None:
    assert old in MINI_SCRIPT
    with pytest.raises(ScriptError) as caught:
        parse_script(MINI_SCRIPT.replace(old, new, 1), "mini.yaml")
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


def test_a_closing_line_names_a_known_outcome() -> None:
    text = MINI_SCRIPT.replace("\nstart:", "\nclosing:\n  - {outcome: engaged, say: Try again.}\nstart:", 1)
    with pytest.raises(ScriptError) as caught:
        parse_script(text, "mini.yaml")
    assert str(caught.value).endswith("closing[1].outcome: unknown outcome 'engaged' (outcomes: busy, free)")


def test_voices_pick_their_engine() -> None:
    voice = "    label: Receptionist\n    voice: {engine: piper, name: /opt/voices/en_GB-alan-low.onnx}\n"
    script = parse_script(MINI_SCRIPT.replace("    label: Receptionist\n", voice, 1), "mini.yaml")
    hint = script.roles["receptionist"].voice
    assert (hint.engine, hint.name) == ("piper", "/opt/voices/en_GB-alan-low.onnx")
    bundled = load_bundled("follow-up").roles
    assert (bundled["interviewer"].voice.engine, bundled["receptionist"].voice.engine) == ("piper", "espeak")


def test_yaml_tags_are_not_evaluated() -> None:
    text = MINI_SCRIPT.replace("title: Mini call", "title: !!python/object/apply:os.system ['true']")
    with pytest.raises(ScriptError, match=r"mini\.yaml:2:8: .*could not determine a constructor"):
        parse_script(text, "mini.yaml")


def test_top_level_must_be_a_mapping() -> None:
    with pytest.raises(ScriptError) as caught:
        parse_script("- just\n- a list\n", "list.yaml")
    assert str(caught.value) == "list.yaml:1:1: expected a mapping at the top of the script, got a list"
