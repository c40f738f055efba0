"""`rehearse history` and `rehearse progress`: the SQLite history, its charts, a damaged
database, and the JSONL sessions of earlier versions. Exact output and exit status."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest

from rehearse.cli.chart import PLOT_WIDTH, history_lines, progress_lines
from rehearse.cli.main import main
from rehearse.history.progress import Tally, build_progress
from rehearse.history.store import SessionStore
from rehearse.history.summaries import SessionSummary, read_sessions
from tests.cli_helpers import run
from tests.history_helpers import DATA, GOOD, PROFILE, save


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REHEARSE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_history_lists_newest_first_with_missed_points_and_incomplete(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    save(home, "2026-11-20T09:00:00", GOOD[:1])
    save(home, "2026-11-21T10:30:00", GOOD)
    save(home, "2026-11-22T18:05:00", GOOD[:2], finish=False)
    save(home, "2026-11-23T08:00:00", GOOD, demo=True)  # the demo's: never listed
    result = run(capsys, "history")
    assert result.status == 0, result.err
    assert result.out == (
        "When              Kind      Scenario     Score       Session\n"
        "2026-11-22 18:05  practice  open         incomplete  20261122-180500-follow-up\n"
        "    2 turns; interrupted\n"
        "2026-11-21 10:30  practice  open         100/100     20261121-103000-follow-up\n"
        "2026-11-20 09:00  practice  open          34/100     20261120-090000-follow-up\n"
        "    missed: Gave the interview date; Gave the interview time; Asked politely about the status; "
        "Said you are still interested; Thanked them; Named the position; Asked if you are still being "
        "considered; Apologised for taking up their time\n"
    )
    listed = json.loads(run(capsys, "history", "--json").out)
    assert [s["id"] for s in listed] == [
        "20261122-180500-follow-up",
        "20261121-103000-follow-up",
        "20261120-090000-follow-up",
    ]
    assert listed[0]["status"] == "incomplete" and listed[0]["score"] is None
    assert listed[2]["missed"][0] == {"point": "interview_date", "label": "Gave the interview date"}
    assert run(capsys, "history", "--limit", "1").out.count("follow-up\n") == 1


def test_history_shows_the_newest_twenty_unless_asked(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    for day in range(1, 23):
        save(home, f"2026-11-{day:02d}T09:00:00", GOOD[:1])
    shown = run(capsys, "history").out.splitlines()
    assert shown[1].startswith("2026-11-22 09:00") and sum(line.startswith("2026-") for line in shown) == 20
    assert shown[-1] == "Newest 20 of 22 sessions: `rehearse history --all` lists them all."
    everything = run(capsys, "history", "--all").out
    assert everything.count("\n2026-") == 22 and "Newest" not in everything
    assert len(json.loads(run(capsys, "history", "--json").out)) == 22


def test_history_limit_zero_is_a_usage_error(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    save(home, "2026-11-20T09:00:00", GOOD)
    result = run(capsys, "history", "--limit", "0")
    assert (result.status, result.out) == (64, "")
    assert result.err == (
        "rehearse: rehearse history: argument --limit: expected a whole number from 1 up, got '0' "
        "(see rehearse history --help)\n"
    )
    with pytest.raises(SystemExit):
        main(["history", "--help"])
    assert "--limit N   only the newest N sessions, N from 1 up (default 20)" in capsys.readouterr().out


def test_history_empty(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "history")
    assert (result.status, result.out) == (0, "No saved sessions yet: practise a call first.\n")
    assert run(capsys, "history", "--json").out == "[]\n"


def test_progress_draws_the_scores_and_the_missed_points(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    save(home, "2026-11-20T09:00:00", GOOD[:1])
    save(home, "2026-11-21T10:30:00", GOOD[:3])
    save(home, "2026-11-22T18:05:00", GOOD)
    save(home, "2026-11-23T18:05:00", GOOD[:2], finish=False)
    result = run(capsys, "progress")
    assert result.status == 0, result.err
    assert result.out == (
        "Score over 3 calls, 2026-11-20 to 2026-11-22\n"
        "100 ┤      ██\n"
        "    │      ██\n"
        " 80 ┤   ▆▆ ██\n"
        "    │   ██ ██\n"
        " 60 ┤   ██ ██\n"
        "    │   ██ ██\n"
        " 40 ┤▃▃ ██ ██\n"
        "    │██ ██ ██\n"
        " 20 ┤██ ██ ██\n"
        "    │██ ██ ██\n"
        "  0 ┼──────────────────────\n"
        "     2026-11-20  2026-11-22\n"
        "First 34/100, latest 100/100, best 100/100, average 71/100.\n"
        "\n"
        "Points most often missed:\n"
        "  Apologised for taking up their ti…      2 of 3      ████████████████\n"
        "  Said you are still interested           2 of 3      ████████████████\n"
        "  Thanked them                            2 of 3      ████████████████\n"
        "  Asked if you are still being cons…      1 of 3      ████████\n"
        "  Asked politely about the status         1 of 3      ████████\n"
        "\n"
        "1 incomplete call is not charted (see `rehearse history`).\n"
    )
    data = json.loads(run(capsys, "progress", "--json").out)
    assert [p["score"] for p in data["series"]][::2] == [34, 100]
    assert data["incomplete"] == 1
    assert data["missed"][1] == {
        "point": "continued_interest",
        "label": "Said you are still interested",
        "missed": 2,
        "judged": 3,
    }


def test_progress_with_one_call_says_what_it_needs(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    none = run(capsys, "progress")
    assert none.out == (
        "Progress needs at least 2 scored calls to show a trend; you have none yet. "
        "Practise a call with `rehearse practice` (or score one with `rehearse check`).\n"
    )
    save(home, "2026-11-20T09:00:00", GOOD)
    png = home / "chart.png"
    one = run(capsys, "progress", "--png", str(png))
    assert one.status == 0
    assert "you have 1 so far." in one.out
    assert one.out.endswith(f"No chart written to {png}.\n")
    assert not png.exists()


def test_progress_png(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    pytest.importorskip("matplotlib", reason="the chart extra (scripts/setup installs it)")
    save(home, "2026-11-20T09:00:00", GOOD[:1])
    save(home, "2026-11-21T09:00:00", GOOD)
    png = home / "chart.png"
    result = run(capsys, "progress", "--png", str(png))
    assert result.status == 0, result.err
    assert result.out.endswith(f"Chart written to {png}\n")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_unwritable_png_is_an_output_file_error_like_a_report(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    pytest.importorskip("matplotlib", reason="the chart extra (scripts/setup installs it)")
    save(home, "2026-11-20T09:00:00", GOOD[:1])
    save(home, "2026-11-21T09:00:00", GOOD)
    nowhere = home / "no such folder"
    chart = run(capsys, "progress", "--png", str(nowhere / "chart.png"))
    assert (chart.status, chart.out) == (11, "")
    assert chart.err == (
        f"rehearse: {nowhere / 'chart.png'}: cannot write the chart: No such file or directory\n"
    )
    report = run(capsys, "report", "--html", str(nowhere / "call.html"))
    assert report.status == 11
    assert report.err == (
        f"rehearse: {nowhere / 'call.html'}: cannot write the report: No such file or directory\n"
    )


def test_progress_png_without_matplotlib_says_how_to_install(
    capsys: pytest.CaptureFixture[str], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save(home, "2026-11-20T09:00:00", GOOD[:1])
    save(home, "2026-11-21T09:00:00", GOOD)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now fails
    monkeypatch.delitem(sys.modules, "matplotlib.figure", raising=False)
    monkeypatch.delitem(sys.modules, "matplotlib.backends.backend_agg", raising=False)
    result = run(capsys, "progress", "--png", str(home / "chart.png"))
    assert result.status == 6
    assert result.err == (
        "rehearse: --png needs matplotlib, which is not installed: pip install 'rehearse[chart]' "
        "(or: .venv/bin/pip install matplotlib)\n"
    )


def test_a_damaged_database_is_moved_aside_and_a_new_one_started(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    home.mkdir(parents=True)
    (home / "history.db").write_bytes(b"this is not a database at all " * 200)
    result = run(capsys, "history")
    assert result.status == 0
    assert result.out == "No saved sessions yet: practise a call first.\n"
    (moved,) = home.glob("history.db.damaged-*")
    assert moved.read_bytes().startswith(b"this is not a database")
    assert result.err == (
        f"rehearse: {home / 'history.db'} was damaged (file is not a database); "
        f"moved it to {moved} and started a new one: nothing in it could be read\n"
    )
    save(home, "2026-11-20T09:00:00", GOOD)
    assert run(capsys, "history").err == ""


def test_a_database_without_its_tables_counts_as_damaged(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    home.mkdir(parents=True)
    connection = sqlite3.connect(home / "history.db")
    connection.execute("PRAGMA user_version=1")
    connection.close()
    result = run(capsys, "replay", "--list")
    assert result.status == 0
    assert (
        "was damaged (tables missing: events, meta, real_calls, results, sessions); moved it to" in result.err
    )
    assert len(list(home.glob("history.db.damaged-*"))) == 1


def legacy_session(root: Path, name: str, lines: list[str]) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "session.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "session.jsonl"


def test_jsonl_sessions_are_imported_once_and_kept(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    start = '{"event": "start", "at": "2026-11-19T10:00:00", "script": "follow-up", "scenario": "pending"}'
    report = '{"event": "report", "at": "2026-11-19T10:05:00", "report": {"score": 70, "points": {}}}'
    old = legacy_session(
        home / "sessions",
        "20261119-100000-follow-up",
        [
            start,
            '{"event": "line", "at": "2026-11-19T10:00:01", "speaker": "Receptionist", "text": "Hello?"}',
            '{"event": "turn", "at": "2026-11-19T10:00:05", "text": "hi this is jordan", "source": "typed"}',
            '{"event": "turn", "at": "2026-11-19T10:00:0',  # cut off mid-write: kept raw
            report,
            '{"event": "end", "at": "2026-11-19T10:05:00", "reason": "finished"}',
        ],
    )
    legacy_session(home / "demo-sessions", "20261119-110000-follow-up", [start.replace("10:00", "11:00")])
    before = old.read_bytes()
    listed = run(capsys, "replay", "--list")
    assert listed.out == "20261119-100000-follow-up  70/100  1 turns\n"
    assert run(capsys, "replay", "--demo", "--list").out == "20261119-110000-follow-up  incomplete  0 turns\n"
    assert run(capsys, "replay", "--list").out == listed.out  # not imported twice
    assert old.read_bytes() == before
    shown = run(capsys, "replay", "20261119-100000-follow-up").out.splitlines()
    assert shown[1:] == ["Receptionist: Hello?", "You: hi this is jordan", "Score: 70/100"]
    events = SessionStore(home).load("last").events
    assert {
        "event": "unreadable",
        "at": None,
        "line": 4,
        "text": '{"event": "turn", "at": "2026-11-19T10:00:0',
    } in [{**e, "at": None} for e in events]


def test_check_is_saved_in_the_history(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    result = run(capsys, "check", "--profile", PROFILE, "--today", "2026-11-25", str(DATA / "good-call.txt"))
    assert result.status == 0
    (session,) = read_sessions(home)
    assert (session.kind, session.status, session.score) == ("check", "complete", 100)
    assert run(capsys, "replay", "--list").out.endswith("  (check)\n")


def summary(when: str, score: int | None, missed: str | None = None) -> SessionSummary:
    status = "complete" if score is not None else "incomplete"
    name = when.replace("-", "").replace(":", "").replace("T", "-") + "-follow-up"
    return SessionSummary(
        name, "practice", status, when, "follow-up", None, score, 3, None, None, None, None, None, missed
    )


def test_history_lines_fit_and_show_a_missing_scenario_as_a_dash() -> None:
    lines = history_lines([summary("2026-11-20T09:00:00", 90, "Thanked them")])
    assert lines[1:] == [
        "2026-11-20 09:00  practice  -             90/100     20261120-090000-follow-up",
        "    missed: Thanked them",
    ]


def test_many_calls_are_averaged_into_bars_that_fit_80_columns() -> None:
    series = [(f"s{i}", f"2026-{1 + i // 500:02d}-01T09:00:00", i % 101) for i in range(5000)]
    tallies = [Tally("thanks", "Thanked them", 10, 20, 1), Tally("thanks", "Said thank you", 5, 10, 2)]
    lines = progress_lines(build_progress(series, tallies))
    assert lines[0] == "Score over 5000 calls, 2026-01-01 to 2026-10-01 (each bar: 70 calls)"
    assert max(len(line) for line in lines) <= 80
    assert len(lines[1]) <= 5 + PLOT_WIDTH
    assert lines[-1] == "  Said thank you                         15 of 30     ████████████"


def test_the_history_modules_import_without_a_cycle() -> None:
    """legacy.py and store.py both build on events.py; neither needs the other to load first."""
    import subprocess

    for module in ("rehearse.history.legacy", "rehearse.history.events"):
        code = f"import sys, {module}; print('rehearse.history.store' in sys.modules)"
        shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert shown.stdout == "False\n", module


def test_a_session_is_kept_only_once_its_call_starts(home: Path) -> None:
    """Made, then closed before its first event (Ctrl-C at a profile question): nothing left,
    not even its audio folder."""
    store = SessionStore(home)
    writer = store.create("follow-up")
    audio = writer.audio_dir  # a spoken call makes it before the call starts
    assert audio.is_dir()
    writer.close()
    assert store.listed() == [] and not writer.folder.exists()
    started = store.create("follow-up")
    started.record("start", script="follow-up", title="Follow-up", scenario=None, today="2026-11-25")
    started.close()
    assert [s.id for s in store.listed()] == [started.name]


def test_two_calls_started_in_the_same_second_keep_their_own_names_and_folders(home: Path) -> None:
    import datetime as dt

    at = dt.datetime(2026, 11, 25, 9, 30)
    store = SessionStore(home)
    spoken, typed, other = (store.create("follow-up", now=at) for _ in range(3))
    assert spoken.name == typed.name == other.name == "20261125-093000-follow-up"
    spoken_audio = spoken.audio_dir  # takes the folder of that name
    other_audio = other.audio_dir  # which is taken: this one moves on to -2
    assert other.name == "20261125-093000-follow-up-2" and other_audio != spoken_audio
    for writer in (typed, other, spoken):  # the typed call is saved first: the folders are not its
        writer.record("start", script="follow-up", title="Follow-up", scenario=None, today="2026-11-25")
        writer.close()
    assert (spoken.name, typed.name) == ("20261125-093000-follow-up", "20261125-093000-follow-up-3")
    rows = {s.id: s.audio_dir for s in read_sessions(home)}
    assert rows == {
        typed.name: str(home / "sessions" / typed.name / "audio"),
        other.name: str(other_audio),
        spoken.name: str(spoken_audio),
    }


BRANCHES = {  # the step each of the follow-up call's scenarios leads to (and open_told, unnamed)
    "open": "status_open",
    "open_told": "status_open_told",
    "pending": "status_pending",
    "filled": "status_filled",
    "unavailable": "unavailable",
}


def test_a_scenario_drawn_at_random_is_the_one_history_shows(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    """Practice without --scenario: history and its JSON name the branch the call took (the
    one whose lines were said), not "-" and null."""
    from rehearse.profile.model import load_profile
    from rehearse.script.loader import load_bundled
    from rehearse.templates import render
    from rehearse.turns import Line

    script = load_bundled("follow-up")
    values = load_profile(Path(PROFILE)).template_values()
    answers = (DATA / "practice-answers.txt").read_text()
    seen: set[str] = set()
    for seed in range(1, 60):
        flags = ["--profile", PROFILE, "--today", "2026-11-25", "--seed", str(seed)]
        assert run(capsys, "practice", "--text", *flags, stdin=answers).status == 0
        newest = json.loads(run(capsys, "history", "--json").out)[0]
        taken = newest["scenario"]
        assert taken in BRANCHES, newest
        said = [
            line.text for line, _ in SessionStore(home).load(newest["id"]).said() if isinstance(line, Line)
        ]
        wordings = {render(wording, values) for wording in script.steps[BRANCHES[taken]].say}
        assert wordings & set(said), (seed, taken, said)
        assert f"  practice  {taken:<11}  " in run(capsys, "history", "--limit", "1").out
        assert SessionStore(home).load(newest["id"]).scenario == taken
        seen.add(taken)
        if seen == set(BRANCHES):
            break
    assert seen == set(BRANCHES)
