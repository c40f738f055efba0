"""A data folder that cannot be written (REHEARSE_HOME on a read-only place; as root too):
what is saved is read as it is, what cannot be saved is one line with its own exit status, and
`check` still gives its whole feedback. Never a traceback, never exit 70."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from rehearse.history.store import SessionStore
from tests.cli_helpers import run
from tests.history_helpers import (
    DATA,
    GOOD,
    PROFILE,
    listing,
    overwrite_pages,
    read_only,
    root_page,
    save,
    save_many,
)

FLAGS = [
    "--name", "Jordan Lee", "--interviewer", "Maria Lopez", "--company", "Northwind Analytics",
    "--position", "data analyst", "--interview-date", "2026-11-17", "--interview-time", "14:00",
]  # fmt: skip
CHECK = ["check", "--profile", PROFILE, "--today", "2026-11-25", str(DATA / "good-call.txt")]
HINT = "set REHEARSE_HOME to a folder you can write"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REHEARSE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture(params=["mount", "chattr"])
def way(request: pytest.FixtureRequest) -> str:
    """Each test twice: on a read-only bind mount (EROFS) and in an immutable folder (EPERM)."""
    return str(request.param)


def reason(folder: Path) -> str:
    """What the system says when a file is made in `folder` (read-only file system, ...)."""
    try:
        (folder / "x").write_text("")
    except OSError as error:
        return str(error.strerror)
    raise AssertionError(f"{folder} is writable")


def test_a_profile_cannot_be_saved_in_a_read_only_folder(
    way: str, capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    with read_only(home, way):
        result = run(capsys, "profile", *FLAGS)
        why = reason(home)
    assert (result.status, result.out) == (12, "")
    assert result.err == f"rehearse: cannot save the profile to {home / 'profile.yaml'}: {why}; {HINT}\n"


def test_check_in_a_read_only_folder_gives_all_its_feedback_and_one_line_more(
    way: str, capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REHEARSE_HOME", str(tmp_path / "writable"))
    expected = run(capsys, *CHECK)
    expected_json = run(capsys, *CHECK, "--json")
    monkeypatch.setenv("REHEARSE_HOME", str(home))
    with read_only(home, way):
        result = run(capsys, *CHECK)
        as_json = run(capsys, *CHECK, "--json")
        why = reason(home)
    assert (result.status, result.out) == (0, expected.out)
    line = (
        "rehearse: this check is not saved in your history: "
        f"cannot keep the session history in {home}: {why}; {HINT}\n"
    )
    assert result.err == line
    assert (as_json.status, as_json.err) == (0, line)
    assert json.loads(as_json.out) == json.loads(expected_json.out)
    assert listing(home) == []


def test_saving_a_call_or_a_logged_call_there_is_one_line_and_exit_12(
    way: str, capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    with read_only(home, way):
        why = reason(home)
        line = f"rehearse: cannot keep the session history in {home}: {why}; {HINT}\n"
        for command in (
            ["practice", "--text", *FLAGS],
            ["demo", "--text", "--profile", PROFILE],
            ["log-call", "--outcome", "left a voicemail"],
        ):
            result = run(capsys, *command, stdin="hi this is jordan lee\n")
            assert (result.status, result.err) == (12, line), command
    assert listing(home) == []


def test_what_is_saved_reads_the_same_once_the_folder_is_read_only(
    way: str, capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    first = save(home, "2026-11-20T09:00:00", GOOD[:2])
    save(home, "2026-11-21T10:30:00", GOOD)
    save(home, "2026-11-22T18:05:00", GOOD[:3], finish=False)
    assert run(capsys, "log-call", "--date", "2026-11-24", "--outcome", "left a voicemail").status == 0
    assert not list(home.glob("history.db-*"))  # closed cleanly: no -wal (none can be made later)
    commands = [
        ["history"],
        ["history", "--json"],
        ["progress"],
        ["progress", "--json"],
        ["replay", "--list"],
        ["replay"],
        ["replay", first],
        ["report", first, "--md", str(tmp_path / "report.md")],
        ["when", "--interviewed", "2026-11-10", "--today", "2026-11-25"],
        ["profile", "--show", "--profile", PROFILE],
    ]
    before = [run(capsys, *command) for command in commands]
    saved = listing(home)
    with read_only(home, way):
        after = [run(capsys, *command) for command in commands]
        assert listing(home) == saved
    for command, was, now in zip(commands, before, after, strict=True):
        assert (now.status, now.err) == (0, ""), command
        assert now.out == was.out, command


def test_a_call_cut_off_is_read_through_its_wal(
    way: str, capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    """A process that died in the middle of a call leaves its turns in history.db-wal."""
    code = (
        "import os, sys; from pathlib import Path; from rehearse.history.store import SessionStore\n"
        "writer = SessionStore(Path(sys.argv[1])).create('follow-up')\n"
        "writer.record('start', script='follow-up', title='Follow-up', scenario='open', today='2026-11-25')\n"
        "for text in sys.argv[2:]:\n"
        "    writer.record('turn', text=text, source='typed', words=[], audio=None)\n"
        "os._exit(0)  # no close: as if killed\n"
    )
    subprocess.run([sys.executable, "-c", code, str(home), *GOOD[:2]], check=True)
    assert (home / "history.db-wal").stat().st_size > 0
    with read_only(home, way):
        shown = run(capsys, "history", "--json")
        replayed = run(capsys, "replay")
    assert (shown.status, shown.err) == (0, "")
    (session,) = json.loads(shown.out)
    assert (session["status"], session["turns"]) == ("incomplete", 2)
    assert replayed.out.splitlines()[1:] == [f"You: {GOOD[0]}", f"You: {GOOD[1]}"]


def test_an_empty_or_missing_read_only_folder_has_no_saved_sessions_yet(
    way: str, capsys: pytest.CaptureFixture[str], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with read_only(home, way):
        for folder in (home, home / "not-made-yet"):
            monkeypatch.setenv("REHEARSE_HOME", str(folder))
            assert run(capsys, "history").out == "No saved sessions yet: practise a call first.\n"
            assert run(capsys, "history", "--json").out == "[]\n"
            assert run(capsys, "replay", "--list").out == "No saved sessions yet: practise a call first.\n"
            replay = run(capsys, "replay")  # nothing to show: exit 9, as for a name not saved
            assert (replay.status, replay.err) == (
                9,
                "rehearse: no saved sessions yet: practise a call first\n",
            )
            progress = run(capsys, "progress")
            assert (progress.status, progress.err) == (0, "")
            assert progress.out.startswith("Progress needs at least 2 scored calls")
            when = run(capsys, "when", "--interviewed", "2026-11-10", "--today", "2026-11-25")
            assert (when.status, when.out.splitlines()[0]) == (0, "Yes, call now.")
        assert listing(home) == []


def test_a_damaged_database_in_a_read_only_folder_is_read_as_far_as_it_can_be(
    way: str, capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    names = save_many(home, 20)
    db = home / "history.db"
    overwrite_pages(db, [root_page(db, "events")])
    damaged = db.read_bytes()
    with read_only(home, way):
        result = run(capsys, "replay", names[-1])
        listed = run(capsys, "replay", "--list")
    assert result.status == 0
    assert re.fullmatch(
        re.escape(
            f"rehearse: {db} is damaged (database disk image is malformed) and its folder cannot be "
            "written, so it is left as it is: showing the 20 sessions ("
        )
        + r"\d+ of them in part\) and 0 logged calls that could be read\n",
        result.err,
    )
    assert result.out.startswith(f"{names[-1]}: Follow-up call after an interview\n")
    assert listed.out.count("turns") == 20
    assert db.read_bytes() == damaged and sorted(os.listdir(home)) == ["history.db"]
    assert SessionStore(home).load(names[0]).events  # once writable again, it is repaired as usual
