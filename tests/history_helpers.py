"""What the history tests share: saved sessions as a call records them, and damage done to a
real database file."""

from __future__ import annotations

import datetime as dt
import functools
import os
import random
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from rehearse.checks.base import Facts
from rehearse.coaching.feedback import build_report
from rehearse.history.store import SessionStore
from rehearse.profile.model import load_profile
from rehearse.script.loader import load_bundled
from rehearse.script.model import CallScript, expected_points

DATA = Path(__file__).parent / "data"
PROFILE = str(DATA / "jordan.yaml")
GOOD = [
    "hi this is jordan lee, could i speak to maria lopez please",
    "i interviewed on tuesday november 17th at 2 pm for the data analyst job",
    "i'm calling to ask whether a decision has been made, and am i still being considered",
    "i'm still very interested in the role",
    "thank you for your time, and sorry to bother you",
]
PAGE = 4096


@functools.cache
def follow_up() -> CallScript:
    return load_bundled("follow-up")


def save(home: Path, when: str, turns: list[str], *, finish: bool = True, demo: bool = False) -> str:
    """A practice session as a call records it, at a fixed time."""
    script = follow_up()
    facts = Facts(profile=load_profile(Path(PROFILE)), today=dt.date(2026, 11, 25))
    writer = SessionStore(home, demo=demo).create("follow-up", now=dt.datetime.fromisoformat(when))
    events: list[tuple[str, dict[str, object]]] = [
        ("start", {"script": "follow-up", "title": script.title, "scenario": "open", "today": "2026-11-25"})
    ]
    for turn in turns:
        events.append(("line", {"role": "receptionist", "speaker": "Receptionist", "text": "Hello?"}))
        events.append(("turn", {"text": turn, "source": "typed", "words": [], "audio": None}))
    if finish:
        report = build_report(script, facts, turns, applies=expected_points(script, {"answer": "open"}))
        events += [("report", {"report": report.to_json()}), ("end", {"reason": "finished"})]
    else:
        events.append(("end", {"reason": "interrupted"}))
    writer.record_many(events)  # one commit: a call commits each event, a test need not wait for each
    writer.close()
    return writer.name


def save_many(home: Path, count: int) -> list[str]:
    """`count` sessions, one a day from 2026-01-01, of 1 to 5 turns (every fifth incomplete)."""
    start = dt.datetime(2026, 1, 1, 9)
    return [
        save(home, (start + dt.timedelta(days=i)).isoformat(), GOOD[: 1 + i % 5], finish=i % 5 != 4)
        for i in range(count)
    ]


def settle(db: Path) -> None:
    """Fold the write-ahead log into the file, as the last process to close it does."""
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def truncate(db: Path, fraction: float) -> None:
    settle(db)
    data = db.read_bytes()
    db.write_bytes(data[: int(len(data) * fraction) // PAGE * PAGE + PAGE // 3])  # mid-page, too


def overwrite_pages(db: Path, pages: list[int], seed: int = 7) -> None:
    """Random bytes over whole pages (numbered from 1, as SQLite does)."""
    settle(db)
    data = bytearray(db.read_bytes())
    noise = random.Random(seed)
    for page in pages:
        data[(page - 1) * PAGE : page * PAGE] = noise.randbytes(PAGE)
    db.write_bytes(bytes(data))


def page_count(db: Path) -> int:
    settle(db)
    return db.stat().st_size // PAGE


def root_page(db: Path, table: str) -> int:
    connection = sqlite3.connect(db)
    (page,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    connection.close()
    return int(page)


def _ran(*command: str) -> bool:
    return subprocess.run(command, capture_output=True, check=False).returncode == 0


@contextmanager
def read_only(folder: Path, way: str = "mount") -> Iterator[str]:
    """Make `folder` (and what is in it) unwritable for this process, root included: a read-only
    bind mount over it where `mount` works (`way="mount"`), else `chattr +i`, the folder made
    immutable (first, with `way="chattr"`), else, for a user other than root, chmod 0555.
    Yields which; skips the test if none of them stops a write."""
    folder.mkdir(parents=True, exist_ok=True)
    undo: list[tuple[str, ...]] = []
    how = ""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        how, undo = "chmod 0555", [("chmod", "0700", str(folder))]
    elif way == "mount" and _ran("mount", "--bind", str(folder), str(folder)):
        undo = [("umount", "-l", str(folder))]  # lazy: SQLite may keep a file open a little longer
        if _ran("mount", "-o", "remount,ro,bind", str(folder)):
            how = "read-only bind mount"
    if not how and _ran("chattr", "+i", str(folder)):
        how, undo = "chattr +i", [*undo, ("chattr", "-i", str(folder))]
    try:
        probe = folder / ".probe"
        try:
            probe.write_text("")
        except OSError:
            pass
        else:
            probe.unlink()
            pytest.skip("nothing here makes a folder read-only for this user")
        yield how
    finally:
        for command in reversed(undo):
            subprocess.run(command, capture_output=True, check=False)


def listing(folder: Path) -> list[tuple[str, int, float]]:
    """Every file under `folder` with its size and time: to show that nothing was written."""
    files = folder.rglob("*")
    return sorted((str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime) for p in files)
