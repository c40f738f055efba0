"""`rehearse practice --text` and `rehearse check`: exact output and exit status.

The expected screens live in tests/data/*.out; read them to see what a user sees.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from rehearse.channels.text import TextListener
from rehearse.history.store import SessionStore
from tests.cli_helpers import Run, run

DATA = Path(__file__).parent / "data"
PROFILE = str(DATA / "jordan.yaml")


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("REHEARSE_HOME", str(home))
    return home


def expected(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def practice(capsys: pytest.CaptureFixture[str], *flags: str) -> Run:
    answers = (DATA / "practice-answers.txt").read_text(encoding="utf-8")
    return run(
        capsys, "practice", "--text", "--profile", PROFILE, "--seed", "1", "--today", "2026-11-25", *flags,
        stdin=answers,
    )  # fmt: skip


def test_practice_text_piped_is_the_whole_call_then_feedback(capsys: pytest.CaptureFixture[str]) -> None:
    result = practice(capsys, "--scenario", "pending")
    assert result.status == 0
    assert result.err == ""
    assert result.out == expected("practice-pending.out")


def test_practice_json_keeps_stdout_for_json(capsys: pytest.CaptureFixture[str]) -> None:
    result = practice(capsys, "--scenario", "unavailable", "--json")
    assert result.status == 0
    report = json.loads(result.out)
    assert result.err.splitlines()[0] == (
        "Receptionist: Good morning, Northwind Analytics, this is Dana speaking. How can I help you?"
    )
    assert report["score"] == 78
    assert report["points"]["ask_callback"] == {
        "label": "Asked when to call back",
        "covered": False,
        "applies": True,
        "evidence": None,
        "turn": None,
        "tip": "If the person you need is out, ask when would be a good time to call back, then end "
        'politely. Try: "When would be a good time to reach Maria? I\'ll call back then. Thank you."',
        "example": "When would be a good time to reach Maria? I'll call back then. Thank you.",
        "problem": None,
        "against": False,
        "measured": None,
        "weight": 5.0,
    }
    assert report["points"]["status_question"]["applies"] is False
    assert report["points"]["name"]["covered"] is True


def test_practice_keeps_the_session_history(capsys: pytest.CaptureFixture[str], private_home: Path) -> None:
    practice(capsys, "--scenario", "open")
    store = SessionStore(private_home)
    assert len(store.ids()) == 1
    session = store.load("last")
    assert session.status == "complete"
    kinds = [e["event"] for e in session.events]
    assert kinds[0] == "start" and kinds[-2:] == ["report", "end"]
    turns = [e["text"] for e in session.events if e["event"] == "turn"]
    assert turns[0] == "hi this is jordan lee, could i speak to maria lopez please"
    assert oct((private_home / "history.db").stat().st_mode & 0o777) == "0o600"


def test_practice_ended_by_the_caller_still_gives_feedback(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(
        capsys, "practice", "--text", "--profile", PROFILE, "--seed", "1", "--today", "2026-11-25",
        stdin="hi this is jordan lee\n",
    )  # fmt: skip
    assert result.status == 0
    assert "You left the call before it was over; practise it through to the goodbye." in result.out


def test_check_good_call(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "check", "--profile", PROFILE, "--today", "2026-11-25", str(DATA / "good-call.txt"))
    assert result.status == 0
    assert result.out == expected("check-good-call.out")


def test_check_points_out_a_wrong_date_and_pushiness(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(DATA / "wrong-date-pushy.txt")
    result = run(capsys, "check", "--profile", PROFILE, "--today", "2026-11-25", path)
    assert result.status == 0
    assert result.out == expected("check-wrong-date-pushy.out")
    assert "    Careful: You said November 18th; the interview was on Tuesday, November 17th.\n" in result.out


def test_check_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(DATA / "good-call.txt")
    result = run(capsys, "check", "--json", "--profile", PROFILE, "--today", "2026-11-25", path)
    report = json.loads(result.out)
    assert report["score"] == 100
    assert report["points"]["continued_interest"]["covered"] is True
    assert report["points"]["continued_interest"]["evidence"] == "I'm still very interested in the role"
    assert set(report["points"]["name"]) >= {"covered", "evidence", "tip"}


def test_check_reads_stdin_and_scores_the_unavailable_path(capsys: pytest.CaptureFixture[str]) -> None:
    call = (
        "You: Hi, this is Jordan Lee. Could I speak to Maria Lopez?\n"
        "You: When would be a good time to call back?\n"
    )
    flags = ["--json", "--scenario", "unavailable", "--profile", PROFILE, "--today", "2026-11-25"]
    result = run(capsys, "check", *flags, "-", stdin=call)
    report = json.loads(result.out)
    assert report["points"]["ask_callback"]["covered"] is True
    assert report["points"]["status_question"]["applies"] is False


def test_check_transcript_with_no_caller_lines(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "check", "--profile", PROFILE, "-", stdin="Receptionist: Hello?\n")
    assert result.status == 4
    assert result.err == "rehearse: standard input: no caller lines found (write them as `You: ...`)\n"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "the transcript is empty"),
        (b"  \n\t\n\n", "the transcript is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file (expected UTF-8 text, one turn per line)"),
        (b"You: caf\xe9 au lait\n", "not UTF-8 text (save it as UTF-8, one turn per line)"),
        (b"You: hello\n" * 2500, "too long for one call (27,500 characters; at most 20,000)"),
    ],
    ids=["empty", "whitespace", "binary", "latin-1", "too-long"],
)
def test_check_refuses_what_is_not_a_call_the_same_way_from_file_and_stdin(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "call.txt"
    path.write_bytes(content)
    from_file = run(capsys, "check", "--profile", PROFILE, str(path))
    assert (from_file.status, from_file.out, from_file.err) == (4, "", f"rehearse: {path}: {problem}\n")
    if b"\x00" not in content and b"\xe9" not in content:  # the test's stdin carries text only
        from_stdin = run(capsys, "check", "--profile", PROFILE, "-", stdin=content.decode())
        assert (from_stdin.status, from_stdin.err) == (4, f"rehearse: standard input: {problem}\n")


@pytest.mark.parametrize(
    "content",
    [
        b"Hi, this is Jordan Lee, caf\xe9\n",
        b"Hi, this is Jordan Lee\nIHDR\x00\x00\x00\r\x89PNG\n",
        b"Hi, this is " + b"very " * 4000 + b"Jordan Lee\n",
        b"Hi, this is Jordan Lee, " + b"a" * 10_000 + b"\nI'm calling about " + b"b" * 10_000 + b"\n",
    ],
    ids=["latin-1", "binary", "one-long-turn", "two-long-turns"],
)
def test_practice_refuses_piped_turns_check_refuses_and_keeps_nothing(
    capsys: pytest.CaptureFixture[str], private_home: Path, content: bytes
) -> None:
    checked = run(capsys, "check", "--profile", PROFILE, "-", stdin=content)
    assert checked.status == 4
    result = run(capsys, "practice", "--text", "--profile", PROFILE, "--seed", "1", stdin=content)
    assert (result.status, result.err) == (4, checked.err)  # the same line, word for word
    assert "\x00" not in result.out and "\ufffd" not in result.out  # nothing raw was echoed
    assert run(capsys, "history", "--json").out == "[]\n"
    assert list((private_home / "sessions").iterdir()) == []


def test_practice_names_each_problem_of_piped_turns(capsys: pytest.CaptureFixture[str]) -> None:
    def refused(content: bytes) -> tuple[int, str]:
        result = run(capsys, "practice", "--text", "--profile", PROFILE, "--seed", "1", stdin=content)
        return result.status, result.err

    assert refused(b"Hi, this is Jordan Lee, caf\xe9\n") == (
        4,
        "rehearse: standard input: not UTF-8 text (save it as UTF-8, one turn per line)\n",
    )
    assert refused(b"Hi\x00 there\n") == (
        4,
        "rehearse: standard input: not a text file (expected UTF-8 text, one turn per line)\n",
    )
    assert refused(b"a" * 20_001 + b"\n") == (
        4,
        "rehearse: standard input: too long for one call (20,002 characters; at most 20,000)\n",
    )
    # A stream with no end of line in sight is refused without being read to its end.
    assert refused(b"a" * 200_000) == (
        4,
        "rehearse: standard input: too long for one call (at least 80,004 characters; at most 20,000)\n",
    )


def test_practice_reads_utf_8_turns_from_a_pipe(capsys: pytest.CaptureFixture[str]) -> None:
    answers = "\ufeffHi, this is Jordan Lee, from the café on Rue Émile.\n".encode()
    result = run(capsys, "practice", "--text", "--profile", PROFILE, "--seed", "1", stdin=answers)
    assert result.status == 0, result.err
    assert "You: Hi, this is Jordan Lee, from the café on Rue Émile.\n" in result.out


def test_typed_turns_on_a_terminal_that_are_not_a_call_are_asked_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

        def readline(self, size: int | None = -1) -> str:
            line = super().readline()
            if line.startswith("latin-1"):
                raise UnicodeDecodeError("utf-8", b"\xe9", 0, 1, "invalid continuation byte")
            return line

    out = Console(file=io.StringIO(), width=200)
    listener = TextListener(Terminal("latin-1 caf\n" + "a" * 20_001 + "\nHi, this is Jordan Lee\n"), out)
    assert listener.listen().text == "Hi, this is Jordan Lee"
    assert out.file.getvalue().splitlines() == [  # type: ignore[attr-defined]
        "You: not UTF-8 text (is the terminal set to UTF-8?): type that turn again",
        "You: too long for one call (20,002 characters; at most 20,000): type that turn again",
        "You: ",
    ]


def test_an_ascii_terminal_shows_what_it_cannot_print_as_a_question_mark(tmp_path: Path) -> None:
    env = {**os.environ, "REHEARSE_HOME": str(tmp_path), "LANG": "C", "LC_ALL": "C"}
    env["PYTHONIOENCODING"] = "ascii"  # what a terminal that cannot show "é" gives Python
    command = [sys.executable, "-m", "rehearse", "practice", "--text", "--profile", PROFILE, "--seed", "1"]
    answers = "Hi, this is Jordan Lee, from the café.\nThank you, goodbye.\n".encode()
    result = subprocess.run(command, input=answers, capture_output=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert b"You: Hi, this is Jordan Lee, from the caf?.\n" in result.stdout
    assert result.stderr == b""


@pytest.mark.parametrize(
    "command",
    [
        ["practice", "--text"],
        ["practice", "--audio-dir", "answers"],
        ["demo", "--text"],
        ["check", "-"],
        ["check", "--audio", "turn.wav"],
    ],
    ids=["practice-text", "practice-audio-dir", "demo", "check-transcript", "check-audio"],
)
def test_an_unknown_recognizer_is_a_usage_error_before_anything_starts(
    capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    flags = ["--recognizer", "foo", "--profile", PROFILE]
    result = run(capsys, *command, *flags, stdin=(DATA / "practice-answers.txt").read_bytes())
    assert (result.status, result.out) == (64, "")
    assert result.err == (
        "rehearse: unknown recognizer 'foo' (choose one of: sphinx, sphinx-general, vosk, whisper, "
        "faster-whisper, google)\n"
    )
    assert run(capsys, "history", "--json").out == "[]\n"
    assert run(capsys, "replay", "--demo", "--list").status == 0


def test_check_reads_a_folder_as_one_clear_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = run(capsys, "check", "--profile", PROFILE, str(tmp_path))
    assert (result.status, result.err) == (4, f"rehearse: {tmp_path}: is a folder, not a transcript file\n")


def test_check_says_which_lines_were_the_callers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_text(
        "\ufeffReceptionist: Northwind Analytics, how can I help?\n"
        "Quick question: is the data analyst job still open?\n"
        "李雷: 你好\n"
        "Interviewer (Maria): Hello Jordan.\n"
        "We met at 2:00 on the 17th.\n",
        encoding="utf-8",
    )
    flags = ("--profile", PROFILE, "--today", "2026-11-25", str(path))
    text = run(capsys, "check", *flags)
    assert text.out.splitlines()[0] == "Read as yours: lines 2, 5; 3 other lines are the other side's."
    report = json.loads(run(capsys, "check", "--json", *flags).out)
    assert [(line["line"], line["speaker"], line["caller"]) for line in report["transcript"]] == [
        (1, "Receptionist", False),
        (2, None, True),
        (3, "李雷", False),
        (4, "Interviewer (Maria)", False),
        (5, None, True),
    ]
    assert report["points"]["status_question"]["covered"] is True


def test_check_judges_at_most_max_turns_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    call = "You: This is Jordan Lee.\n" + "You: I'm still interested.\n" * 14
    result = run(capsys, "check", "--profile", PROFILE, "--today", "2026-11-25", "-", stdin=call)
    assert result.status == 0
    assert result.out.splitlines()[1] == (
        "Judged your first 12 turns of 15: a call of this script has at most 12 (max_turns)."
    )
    assert result.out.splitlines()[0] == "Read as yours: lines 1-15."
    # One word count: the brevity point and the summary line agree.
    assert "✓ Kept it short (37 words over 12 turns, within 100)" in result.out
    assert "You spoke 12 turns, 37 words.\n" in result.out


def test_check_unknown_scenario_fails_before_reading_anything(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "check", "--scenario", "busy", "--profile", PROFILE, "/nonexistent/call.txt")
    assert result.status == 64
    assert result.err == (
        "rehearse: --scenario: follow-up has no scenario 'busy' "
        "(scenarios: filled, open, pending, unavailable)\n"
    )


def test_practice_with_no_turn_says_so_and_keeps_nothing(
    capsys: pytest.CaptureFixture[str], private_home: Path
) -> None:
    result = run(capsys, "practice", "--text", "--profile", PROFILE, "--today", "2026-11-25", stdin="")
    assert result.status == 4
    assert result.err == "rehearse: the call ended before your first turn: nothing to score, nothing saved\n"
    assert "Feedback" not in result.out
    assert list((private_home / "sessions").iterdir()) == []
    assert SessionStore(private_home).ids() == []


@pytest.mark.parametrize(
    ("flags", "status", "problem"),
    [
        (
            ["--script", "nope"],
            4,
            "nope: no such call script (bundled scripts: follow-up, follow-up-learned, voicemail; "
            "or give a .yaml path)",
        ),
        (
            ["--scenario", "busy"],
            64,
            "--scenario: follow-up has no scenario 'busy' (scenarios: filled, open, pending, unavailable)",
        ),
        (
            ["--interview-time", "teatime"],
            3,
            "--interview-time: cannot read 'teatime' as a time: try 3:30 pm, 15:30 or 3pm",
        ),
    ],
    ids=["script", "scenario", "profile"],
)
def test_a_practice_that_never_started_is_not_kept(
    capsys: pytest.CaptureFixture[str], private_home: Path, flags: list[str], status: int, problem: str
) -> None:
    result = run(
        capsys, "practice", "--text", "--profile", PROFILE, *flags, stdin=b"Hi, this is Jordan Lee\n"
    )
    assert (result.status, result.out, result.err) == (status, "", f"rehearse: {problem}\n")
    assert run(capsys, "history", "--json").out == "[]\n"
    assert not any((private_home / "sessions").glob("*"))


def test_demo_calls_stay_out_of_your_history(capsys: pytest.CaptureFixture[str], private_home: Path) -> None:
    practice(capsys, "--scenario", "open")
    demo = run(capsys, "demo", "--text", "--seed", "1", "--today", "2026-11-25", "--recognizer", "sphinx")
    assert demo.status == 0, demo.err
    yours = run(capsys, "replay", "--list").out.splitlines()
    demos = run(capsys, "replay", "--demo", "--list").out.splitlines()
    assert len(yours) == 1 and len(demos) == 1
    assert yours != demos
    assert (private_home / "demo-sessions").is_dir()


@pytest.mark.parametrize(
    ("stream", "problem"),
    [
        ("zeros", "not a text file (expected UTF-8 text, one turn per line)"),
        ("lines", "too long for one call (at least 80,004 characters; at most 20,000)"),
    ],
)
def test_check_refuses_an_endless_standard_input_without_reading_it_to_the_end(
    tmp_path: Path, stream: str, problem: str
) -> None:
    """`check - < /dev/zero` (or `yes ... | check -`) is read only as far as a call can go."""
    feed = (
        "import sys\n"
        f"chunk = {'bytes(65536)' if stream == 'zeros' else repr(b'You: I am still interested. ' * 2048)}\n"
        "try:\n"
        "    while True: sys.stdout.buffer.write(chunk)\n"
        "except BrokenPipeError: pass\n"
    )
    env = {**os.environ, "REHEARSE_HOME": str(tmp_path / "home")}
    source = subprocess.Popen([sys.executable, "-c", feed], stdout=subprocess.PIPE)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "rehearse", "check", "--profile", PROFILE, "--today", "2026-11-25", "-"],
            stdin=source.stdout,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    finally:
        assert source.stdout is not None
        source.stdout.close()
        source.kill()
        source.wait()
    assert (done.returncode, done.stdout, done.stderr) == (4, "", f"rehearse: standard input: {problem}\n")
