"""A damaged history.db: moved aside, never deleted, and what can still be read of it carried
into the new one, said in one line. Real damaged files: cut short, pages overwritten with
garbage, an interior page lost, a file that is not a database; and damage met in the middle of
a call."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rehearse.history.store import SessionStore
from tests.cli_helpers import run
from tests.history_helpers import GOOD, overwrite_pages, page_count, root_page, save_many, settle, truncate

KEPT = re.compile(
    r"rehearse: (?P<db>\S+) was damaged \((?P<why>[^)]*)\); moved it to (?P<moved>\S+) and started a new "
    r"one: kept the (?P<sessions>\d+) sessions?(?: \((?P<partial>\d+) of them in part\))? and "
    r"(?P<calls>\d+) logged calls? that could be read\n"
)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REHEARSE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def saved_history(capsys: pytest.CaptureFixture[str], home: Path, count: int = 40) -> dict[str, tuple]:
    """`count` sessions and one logged call; each session's events as saved, by name."""
    names = save_many(home, count)
    logged = run(capsys, "log-call", "--date", "2026-11-24", "--outcome", "left a voicemail")
    assert logged.status == 0, logged.err
    store = SessionStore(home)
    return {name: store.load(name).events for name in names}


def listed(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    shown = run(capsys, "history", "--json")
    assert (shown.status, shown.err) == (0, "")
    return json.loads(shown.out)


def check_what_was_kept(
    capsys: pytest.CaptureFixture[str], home: Path, before: dict[str, tuple], damaged: bytes
) -> re.Match[str]:
    """The one line, the damaged file kept as it was, and every session kept holding only what
    was saved (all of it unless the line counts it as kept in part).

    Damage is met by the first query that reads a damaged page: `history` reads the sessions'
    rows, `replay` a session's events, as a user would one after the other."""
    for command in [("history", "--all"), *(("replay", name) for name in sorted(before))]:
        result = run(capsys, *command)
        if result.err:
            break
    said = KEPT.fullmatch(result.err)
    assert said, repr(result)
    assert result.status == 0
    assert said["db"] == str(home / "history.db")
    assert Path(said["moved"]).read_bytes() == damaged
    kept = listed(capsys)
    shown = run(capsys, "history", "--all").out
    assert len(kept) == int(said["sessions"]) == len(re.findall(r"^2026-", shown, re.MULTILINE))
    store = SessionStore(home)
    partial = 0
    for session in kept:
        events = store.load(session["id"]).events
        # a session whose row was lost is made again from its events, under a name of its own
        saved = before.get(session["id"]) or next(e for e in before.values() if _within(events, e))
        assert _within(events, saved)
        partial += events != saved
    assert partial <= int(said["partial"] or 0)
    assert run(capsys, "history").err == ""  # said once; the new database is sound
    return said


def _within(events: tuple, saved: tuple) -> bool:
    return set(map(json.dumps, events)) <= set(map(json.dumps, saved))


def test_a_database_cut_short_keeps_every_session_before_the_cut(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    before = saved_history(capsys, home)
    db = home / "history.db"
    truncate(db, 0.6)
    damaged = db.read_bytes()
    said = check_what_was_kept(capsys, home, before, damaged)
    assert said["why"] == "database disk image is malformed"
    kept = sorted(s["id"] for s in listed(capsys) if s["id"] in before)
    assert kept == sorted(before)[: len(kept)]  # the oldest ones: those written before the cut
    assert 15 <= len(kept) < 40 and said["calls"] == "1"
    # the real call logged is kept: `when` does not say "call now" the day after it
    when = run(capsys, "when", "--interviewed", "2026-11-10", "--today", "2026-11-25")
    assert when.out.startswith("Your last logged call: 2026-11-24, left a voicemail.\nNot yet.\n")


def test_garbage_over_pages_in_the_middle_loses_only_what_was_on_them(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    before = saved_history(capsys, home)
    db = home / "history.db"
    middle = page_count(db) // 2
    overwrite_pages(db, [middle - 1, middle, middle + 7])
    said = check_what_was_kept(capsys, home, before, db.read_bytes())
    # SQLite sees a broken page; garbage in an overflow page reads back as bytes, not text
    assert said["why"] in ("database disk image is malformed", "a row holds bytes that are not text")
    assert int(said["sessions"]) >= 37 and said["calls"] == "1"
    whole = [s for s in listed(capsys) if SessionStore(home).load(s["id"]).events == before[s["id"]]]
    assert len(whole) >= 34


def test_a_lost_interior_page_loses_only_its_own_rows(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    """The root page of the events: every leaf under it is out of SQLite's reach, and read from
    the file's pages instead."""
    before = saved_history(capsys, home)
    db = home / "history.db"
    overwrite_pages(db, [root_page(db, "events")])
    said = check_what_was_kept(capsys, home, before, db.read_bytes())
    assert said["sessions"] == "40"
    events = sum(len(SessionStore(home).load(name).events) for name in before)
    assert events >= sum(map(len, before.values())) - 15  # what the lost page itself held


def test_a_file_that_is_not_a_database_is_kept_and_a_new_one_started(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    home.mkdir(parents=True)
    (home / "history.db").write_bytes(b"these are my notes, not a database\n" * 300)
    result = run(capsys, "replay", "--list")
    (moved,) = home.glob("history.db.damaged-*")
    assert result.err == (
        f"rehearse: {home / 'history.db'} was damaged (file is not a database); moved it to {moved} "
        "and started a new one: nothing in it could be read\n"
    )
    assert moved.read_bytes() == b"these are my notes, not a database\n" * 300
    assert (result.status, result.out) == (0, "No saved sessions yet: practise a call first.\n")


def test_damage_met_in_the_middle_of_a_call_keeps_the_call_and_the_rest(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    before = saved_history(capsys, home, count=10)
    writer = SessionStore(home).create("follow-up")
    writer.record("start", script="follow-up", title="Follow-up", scenario="open", today="2026-11-25")
    writer.record("turn", text=GOOD[0], source="typed", words=[], audio=None)
    db = home / "history.db"
    settle(db)
    overwrite_pages(db, [root_page(db, "events"), root_page(db, "sessions")])
    writer.record("turn", text=GOOD[1], source="typed", words=[], audio=None)  # meets the damage
    writer.record("end", reason="interrupted")
    writer.close()
    said = KEPT.fullmatch(capsys.readouterr().err)
    assert said, "one line when the damage was met"
    call = SessionStore(home).load(writer.name)
    assert [e["text"] for e in call.events if e["event"] == "turn"] == GOOD[:2]
    assert [e["event"] for e in call.events] == ["start", "turn", "turn", "end"]
    names = {s["id"] for s in listed(capsys)}
    assert names == {*before, writer.name}


def test_any_damage_at_all_is_salvaged_without_an_error(home: Path) -> None:
    """Random damage, a hundred times over (cut anywhere, pages overwritten, bytes flipped, a run
    of garbage): the salvage never fails. Cut or overwritten by whole pages, it keeps only
    sessions that were saved, each holding only events that were (a byte flipped inside a text
    that stays valid text and JSON cannot be told from what was saved, and is kept as it is)."""
    import random

    from rehearse.history.database import in_memory
    from rehearse.history.salvage import salvage

    names = save_many(home, 15)
    store = SessionStore(home)
    saved = {name: {json.dumps(e) for e in store.load(name).events} for name in names}
    db = home / "history.db"
    settle(db)
    original = db.read_bytes()
    for trial in range(100):
        noise = random.Random(trial)
        data = bytearray(original)
        if trial % 4 == 0:
            data = data[: noise.randrange(len(data))]
        elif trial % 4 == 1:
            for _ in range(noise.randrange(1, 6)):
                page = noise.randrange(len(data) // 4096)
                data[page * 4096 : (page + 1) * 4096] = noise.randbytes(4096)
        elif trial % 4 == 2:
            for _ in range(noise.randrange(1, 50)):
                data[noise.randrange(len(data))] = noise.randrange(256)
        else:
            at = noise.randrange(len(data))
            data[at : at + 20000] = noise.randbytes(len(data[at : at + 20000]))
        damaged = home / f"damaged-{trial}.db"
        damaged.write_bytes(bytes(data))
        target = in_memory()
        salvage(damaged, target)
        whole_pages = trial % 4 in (0, 1)
        for session_id, name in target.execute("SELECT id, name FROM sessions") if whole_pages else []:
            events = target.execute("SELECT event, at, data FROM events WHERE session_id = ?", (session_id,))
            kept = {json.dumps({"event": e, "at": at, **json.loads(d)}) for e, at, d in events}
            assert any(kept <= whole for whole in saved.values()), (trial, name)
        target.close()
        damaged.unlink()
