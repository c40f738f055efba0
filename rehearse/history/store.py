"""Session history: every practice, check and demo call, written down as it happens.

All of it lives in one SQLite database, `<data dir>/history.db` (see `database.py`): a
session's row is made when the call starts (status `incomplete`), each event (start, line,
turn, report, end; `scenario` once a call drawn at random shows which it is on) is a row
committed at once, and the report marks the session `complete`. A call stopped by Ctrl-C or
an error keeps everything said up to then.

Spoken calls keep both sides' audio as WAV files in `<data dir>/sessions/<session>/audio/`
(`demo-sessions/` for the sample caller's calls); the database holds their paths. Demo
calls are sessions of kind `demo`: `replay --demo` shows them, and nothing else counts
them. Folders are 0700 and files 0600: only the user can read them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from rehearse.errors import NoSuchSessionError, StoreError
from rehearse.history.database import (
    DB_NAME,
    Damaged,
    Notify,
    is_damage,
    is_in_memory,
    open_database,
    open_read_only,
    replace_damaged,
    salvaged_in_memory,
    unwritable,
)
from rehearse.history.events import AUDIO_FOLDERS, apply_event, transaction
from rehearse.history.events import now as _now
from rehearse.history.legacy import import_jsonl_once
from rehearse.turns import Line, Said, Utterance

T = TypeVar("T")
YOURS = ("practice", "check")  # what history, progress and `replay` show
DEMO = ("demo",)


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)


def open_history(data_dir: Path, notify: Notify | None = None) -> sqlite3.Connection:
    """The history database, with the JSONL sessions of earlier versions imported (once)."""
    connection = open_database(data_dir / DB_NAME, notify) if notify else open_database(data_dir / DB_NAME)
    try:
        import_jsonl_once(connection, data_dir)
    except sqlite3.Error as error:
        connection.close()
        raise StoreError(f"{data_dir / DB_NAME}: cannot import the earlier sessions: {error}") from None
    return connection


class SessionWriter:
    """One session being written: each `record()` is committed before it returns.

    Its row is made with its first event (the call's `start`), in the same transaction: a
    call stopped before it started (Ctrl-C at a profile question, a process killed there)
    leaves nothing in the history. Its name is chosen when it is created, so its audio folder
    can be made before; should another process take that name meanwhile, the row takes
    `NAME-2` (keeping the folder it made, as `audio_dir`; a call that made none also gives
    way to a folder of that name).

    The events are also kept in memory for the length of the call, so that if the database
    turns out damaged in the middle of one, it is moved aside and the session so far is
    written again into the new one: nothing said is lost even then."""

    def __init__(self, connection: sqlite3.Connection, row: _NewRow, data_dir: Path) -> None:
        self._connection: sqlite3.Connection | None = connection
        self._row = row
        self._data_dir = data_dir
        self._journal: list[dict[str, Any]] = []
        self._folder_made = False
        self.name = row.name
        self.folder = data_dir / AUDIO_FOLDERS[row.kind] / row.name

    @property
    def audio_dir(self) -> Path:
        try:
            _private_dir(self.folder.parent)
            while not self._folder_made:
                try:
                    self.folder.mkdir(mode=0o700)  # this call's own folder, not another's
                    self._folder_made = True
                except FileExistsError:
                    if self._row.id:
                        break
                    self._rename(_next_name(self._row.name))
            folder = self.folder / "audio"
            _private_dir(folder)
        except OSError as error:
            raise StoreError(f"{self.folder}: cannot keep the call's audio: {error.strerror}") from None
        return folder

    def _rename(self, name: str) -> None:
        self.name = name
        if not self._folder_made:
            self.folder = self._data_dir / AUDIO_FOLDERS[self._row.kind] / name
        self._row = replace(self._row, name=name, audio_dir=str(self.folder / "audio"))

    def record(self, event: str, **data: Any) -> None:
        self.record_many([(event, data)])

    def record_many(self, events: list[tuple[str, dict[str, Any]]]) -> None:
        """Several events in one transaction (a written call saved by `check`). Ctrl-C during
        the write is held back until the events are committed and noted (then raised), so
        the next event never takes a number already used."""
        if self._connection is None:
            raise StoreError(f"session {self.name} is already closed")
        new = [{"event": event, "at": _now(), **data} for event, data in events]
        with _ctrl_c_held_back():
            try:
                self._write(self._connection, new, len(self._journal))
            except sqlite3.DatabaseError as error:
                if not is_damage(error):
                    raise StoreError(f"cannot write the session history: {error}") from None
                self._write_again(error, new)
            self._journal += new

    def _write_again(self, error: sqlite3.DatabaseError, new: list[dict[str, Any]]) -> None:
        """The database met damage: it is moved aside, and the session so far written again."""
        assert self._connection is not None
        self._connection.close()
        replace_damaged(self._data_dir / DB_NAME, error).close()
        self._connection = open_history(self._data_dir)
        try:
            if self._row.id:  # what was carried over of this session gives way to the whole of it
                with transaction(self._connection):
                    self._connection.execute(
                        "DELETE FROM sessions WHERE kind = ? AND name = ?", (self._row.kind, self._row.name)
                    )
                self._row = replace(self._row, id=0)
            self._write(self._connection, self._journal + new, 0)
        except sqlite3.Error as again:
            raise StoreError(f"cannot write the session history: {again}") from None

    def _write(self, connection: sqlite3.Connection, events: list[dict[str, Any]], after: int) -> None:
        row = self._row
        with transaction(connection):
            if not row.id:  # the first event: the session's row is made with it
                while self._taken(connection, row.name):
                    self._rename(_next_name(row.name))
                    row = self._row
                row = row.insert(connection)
            for seq, event in enumerate(events, start=after + 1):
                apply_event(connection, row.id, seq, event)
        self._row = row  # (only once committed)

    def _taken(self, connection: sqlite3.Connection, name: str) -> bool:
        """A name another session has: its row, or (for a call that made no folder) its folder."""
        if connection.execute("SELECT 1 FROM sessions WHERE name = ?", (name,)).fetchone():
            return True
        return not self._folder_made and self.folder.exists()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if not self._journal and self._folder_made:  # never started: no session, no folder
            shutil.rmtree(self.folder, ignore_errors=True)

    def discard(self) -> None:
        """Remove this session (a call in which nothing was said): history keeps real calls."""
        if self._row.id:
            connection = self._connection or open_database(self._data_dir / DB_NAME)
            try:
                with transaction(connection):
                    connection.execute("DELETE FROM sessions WHERE id = ?", (self._row.id,))
            except sqlite3.Error as error:
                raise StoreError(f"cannot remove the empty session {self.name}: {error}") from None
            finally:
                connection.close()
                self._connection = None
        self.close()
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def _ctrl_c_held_back() -> Iterator[None]:
    """Ctrl-C (SIGINT) waits until the block is done, then is raised as usual. Only the main
    thread can set a signal handler; elsewhere the block runs as it is."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) is None:
        yield
        return
    caught: list[tuple[int, Any]] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: caught.append((number, frame)))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            if callable(previous):
                previous(*caught[0])
            elif previous != signal.SIG_IGN:
                raise KeyboardInterrupt


def _next_name(name: str) -> str:
    """NAME -> NAME-2 -> NAME-3 ..."""
    numbered = re.fullmatch(r"(.+)-(\d{1,3})", name)
    return f"{numbered[1]}-{int(numbered[2]) + 1}" if numbered else f"{name}-2"


@dataclass(frozen=True)
class _NewRow:
    """A session's row as made with its first event (and made again after a recovery)."""

    name: str
    kind: str
    started_at: str
    audio_dir: str
    id: int = 0

    def insert(self, connection: sqlite3.Connection) -> _NewRow:
        cursor = connection.execute(
            "INSERT INTO sessions (name, kind, started_at, audio_dir) VALUES (?, ?, ?, ?)",
            (self.name, self.kind, self.started_at, self.audio_dir),
        )
        assert cursor.lastrowid is not None
        return replace(self, id=cursor.lastrowid)


@dataclass(frozen=True)
class SavedSession:
    id: str
    kind: str
    status: str
    events: tuple[dict[str, Any], ...]

    @property
    def start(self) -> dict[str, Any]:
        return next((e for e in self.events if e["event"] == "start"), {})

    @property
    def scenario(self) -> str | None:
        """The scenario the call was on: asked for at the start, or drawn and noted later."""
        noted = [e.get("scenario") for e in self.events if e["event"] in ("start", "scenario")]
        return next((name for name in reversed(noted) if name), None)

    @property
    def report(self) -> dict[str, Any] | None:
        return next((e["report"] for e in reversed(self.events) if e["event"] == "report"), None)

    def said(self) -> list[tuple[Said, str | None]]:
        """The call's lines and turns in order, each with where its audio was kept, if anywhere."""
        return [
            (Line.from_json(e) if e["event"] == "line" else Utterance.from_json(e), e.get("audio"))
            for e in self.events
            if e["event"] in ("line", "turn")
        ]


@dataclass(frozen=True)
class Listed:
    id: str
    kind: str
    score: int | None
    turns: int


class SessionStore:
    """The sessions of one side of the history: yours (practice, check) or the demo calls."""

    def __init__(self, data_dir: Path, *, demo: bool = False) -> None:
        self.data_dir = data_dir
        self.kinds = DEMO if demo else YOURS

    @property
    def nothing_yet(self) -> str:
        """What `replay` says with no session saved (as `history` does for yours)."""
        if self.kinds == DEMO:
            return "no demo calls saved yet: run `rehearse demo` first"
        return "no saved sessions yet: practise a call first"

    def create(self, script: str, kind: str | None = None, now: dt.datetime | None = None) -> SessionWriter:
        """A new session, named `YYYYMMDD-HHMMSS-<script>`; its row (status `incomplete`) is
        made with its first event. The history is opened now: a folder that cannot be
        written, or a database that cannot be, is an error before the call begins."""
        kind = kind or self.kinds[0]
        started = now or dt.datetime.now()

        def free_name(db: sqlite3.Connection) -> str:
            name = f"{started.strftime('%Y%m%d-%H%M%S')}-{script}"
            while db.execute("SELECT 1 FROM sessions WHERE name = ?", (name,)).fetchone():
                name = _next_name(name)
            return name

        name = query(self.data_dir, free_name, write=True)  # (damage met here is repaired)
        connection = open_history(self.data_dir)
        audio = self.data_dir / AUDIO_FOLDERS[kind] / name / "audio"
        return SessionWriter(
            connection, _NewRow(name, kind, started.isoformat(timespec="seconds"), str(audio)), self.data_dir
        )

    def listed(self) -> list[Listed]:
        """Every session of this side, oldest first."""
        marks = ", ".join("?" * len(self.kinds))
        sql = f"SELECT name, kind, score, turns FROM sessions WHERE kind IN ({marks}) ORDER BY started_at, id"
        return query(self.data_dir, lambda db: [Listed(*row) for row in db.execute(sql, self.kinds)])

    def ids(self) -> list[str]:
        return [session.id for session in self.listed()]

    def load(self, session_id: str) -> SavedSession:
        return query(self.data_dir, lambda db: self._load(db, session_id))

    def _load(self, connection: sqlite3.Connection, session_id: str) -> SavedSession:
        marks = ", ".join("?" * len(self.kinds))
        columns = f"SELECT id, name, kind, status FROM sessions WHERE kind IN ({marks})"
        if session_id == "last":
            sql = columns + " ORDER BY started_at DESC, id DESC"
            row = connection.execute(sql, self.kinds).fetchone()
            if row is None:  # no session to show, as with a name that is not saved: exit 9
                raise NoSuchSessionError(self.nothing_yet)
        else:
            row = connection.execute(columns + " AND name = ?", (*self.kinds, session_id)).fetchone()
            if row is None:
                raise NoSuchSessionError(f"{session_id}: no such session (see `rehearse replay --list`)")
        events = connection.execute(
            "SELECT event, at, data FROM events WHERE session_id = ? ORDER BY seq", (row[0],)
        )
        return SavedSession(row[1], row[2], row[3], tuple(_event(*columns) for columns in events))


def _event(name: str, at: str, data: str) -> dict[str, Any]:
    try:
        fields = json.loads(data)
    except ValueError:
        fields = None
    if not isinstance(fields, dict):
        raise Damaged("an event that is not JSON")
    return {"event": name, "at": at, **fields}


def query(data_dir: Path, read: Callable[[sqlite3.Connection], T], *, write: bool = False) -> T:
    """Run `read` on the history; if it meets a damaged database, that one is moved aside and
    `read` runs again on the new one (with the earlier JSONL sessions imported).

    In a folder that cannot be written, a `read` (not `write`) runs on the history read only
    (see `open_read_only`); a `write` there is a FolderNotWritableError."""
    path = data_dir / DB_NAME
    if not write and unwritable(data_dir) is not None:
        return _query_read_only(data_dir, read)

    def replaced(error: sqlite3.DatabaseError) -> sqlite3.Connection:
        replace_damaged(path, error).close()
        return open_history(data_dir)

    return _read_or_recover(path, open_history(data_dir), read, replaced)


def _query_read_only(data_dir: Path, read: Callable[[sqlite3.Connection], T]) -> T:
    path = data_dir / DB_NAME

    def read_here(connection: sqlite3.Connection) -> T:
        if is_in_memory(connection):  # no database there: the earlier JSONL sessions, if any
            import_jsonl_once(connection, data_dir)
        return read(connection)

    return _read_or_recover(
        path, open_read_only(path), read_here, lambda error: salvaged_in_memory(path, error)
    )


def _read_or_recover(
    path: Path,
    connection: sqlite3.Connection,
    read: Callable[[sqlite3.Connection], T],
    recover: Callable[[sqlite3.DatabaseError], sqlite3.Connection],
) -> T:
    """`read` the history; met with damage, read again what `recover` made of it (the damaged
    file replaced by what could be salvaged, or that salvage in memory). Closes what it opened."""
    try:
        return read(connection)
    except sqlite3.DatabaseError as error:
        if not is_damage(error):
            raise StoreError(f"{path}: cannot read the session history: {error}") from None
        connection.close()
        connection = recover(error)
        try:
            return read(connection)
        except sqlite3.Error as again:
            raise StoreError(f"{path}: cannot read the session history: {again}") from None
    finally:
        connection.close()
