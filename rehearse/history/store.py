"""Session history: every practice, check and demo call, written down as it happens.

All of it lives in one SQLite database, `<data dir>/history.db` (see `database.py`): a
session's row is made when the call starts (status `incomplete`), each event (start, line,
turn, report, end) is a row committed at once, and the report marks the session
`complete`. A call stopped by Ctrl-C or an error keeps everything said up to then.

Spoken calls keep both sides' audio as WAV files in `<data dir>/sessions/<session>/audio/`
(`demo-sessions/` for the sample caller's calls); the database holds their paths. Demo
calls are sessions of kind `demo`: `replay --demo` shows them, and nothing else counts
them. Folders are 0700 and files 0600: only the user can read them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
from collections.abc import Callable
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

    The events are also kept in memory for the length of the call, so that if the database
    turns out damaged in the middle of one, it is moved aside and the session so far is
    written again into the new one: nothing said is lost even then."""

    def __init__(self, connection: sqlite3.Connection, row: _NewRow, data_dir: Path) -> None:
        self._connection: sqlite3.Connection | None = connection
        self._row = row
        self._data_dir = data_dir
        self._journal: list[dict[str, Any]] = []
        self.name = row.name
        self.folder = data_dir / AUDIO_FOLDERS[row.kind] / row.name

    @property
    def audio_dir(self) -> Path:
        folder = self.folder / "audio"
        try:
            _private_dir(self.folder.parent)
            _private_dir(folder)
        except OSError as error:
            raise StoreError(f"{folder}: cannot keep the call's audio: {error.strerror}") from None
        return folder

    def record(self, event: str, **data: Any) -> None:
        self.record_many([(event, data)])

    def record_many(self, events: list[tuple[str, dict[str, Any]]]) -> None:
        """Several events in one transaction (a written call saved by `check`)."""
        if self._connection is None:
            raise StoreError(f"session {self.name} is already closed")
        new = [{"event": event, "at": _now(), **data} for event, data in events]
        try:
            self._write(self._connection, new, len(self._journal))
        except sqlite3.DatabaseError as error:
            if not is_damage(error):
                raise StoreError(f"cannot write the session history: {error}") from None
            self._connection.close()
            replace_damaged(self._data_dir / DB_NAME, error).close()
            self._connection = open_history(self._data_dir)
            try:
                with transaction(self._connection):
                    # what was carried over of this session gives way to the whole of it
                    self._connection.execute(
                        "DELETE FROM sessions WHERE kind = ? AND name = ?", (self._row.kind, self._row.name)
                    )
                    self._row = self._row.insert(self._connection)
                self._write(self._connection, self._journal + new, 0)
            except sqlite3.Error as again:
                raise StoreError(f"cannot write the session history: {again}") from None
        self._journal += new

    def _write(self, connection: sqlite3.Connection, events: list[dict[str, Any]], after: int) -> None:
        with transaction(connection):
            for seq, event in enumerate(events, start=after + 1):
                apply_event(connection, self._row.id, seq, event)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def discard(self) -> None:
        """Remove this session (a call in which nothing was said): history keeps real calls."""
        connection = self._connection or open_database(self._data_dir / DB_NAME)
        try:
            with transaction(connection):
                connection.execute("DELETE FROM sessions WHERE id = ?", (self._row.id,))
        except sqlite3.Error as error:
            raise StoreError(f"cannot remove the empty session {self.name}: {error}") from None
        finally:
            connection.close()
            self._connection = None
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass(frozen=True)
class _NewRow:
    """A session's row as made at the start of the call (and made again after a recovery)."""

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
        """A new session row, status `incomplete`; its name is `YYYYMMDD-HHMMSS-<script>`."""
        kind = kind or self.kinds[0]
        started = now or dt.datetime.now()
        stamp = started.strftime("%Y%m%d-%H%M%S")
        connection = open_history(self.data_dir)
        try:
            with transaction(connection):
                name = f"{stamp}-{script}"
                suffix = 2
                taken = "SELECT 1 FROM sessions WHERE name = ?"
                while connection.execute(taken, (name,)).fetchone():
                    name = f"{stamp}-{script}-{suffix}"
                    suffix += 1
                audio = self.data_dir / AUDIO_FOLDERS[kind] / name / "audio"
                row = _NewRow(name, kind, started.isoformat(timespec="seconds"), str(audio))
                row = row.insert(connection)
        except sqlite3.Error as error:
            connection.close()
            raise StoreError(f"cannot write the session history: {error}") from None
        except BaseException:
            connection.close()
            raise
        return SessionWriter(connection, row, self.data_dir)

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
    connection = open_history(data_dir)
    try:
        return read(connection)
    except sqlite3.DatabaseError as error:
        if not is_damage(error):
            raise StoreError(f"{path}: cannot read the session history: {error}") from None
        connection.close()
        replace_damaged(path, error).close()
        connection = open_history(data_dir)
        try:
            return read(connection)
        except sqlite3.Error as again:
            raise StoreError(f"{path}: cannot read the session history: {again}") from None
    finally:
        connection.close()


def _query_read_only(data_dir: Path, read: Callable[[sqlite3.Connection], T]) -> T:
    path = data_dir / DB_NAME
    connection = open_read_only(path)
    try:
        if is_in_memory(connection):  # no database there: the earlier JSONL sessions, if any
            import_jsonl_once(connection, data_dir)
        return read(connection)
    except sqlite3.DatabaseError as error:
        if not is_damage(error):
            raise StoreError(f"{path}: cannot read the session history: {error}") from None
        connection.close()
        connection = salvaged_in_memory(path, error)
        try:
            return read(connection)
        except sqlite3.Error as again:
            raise StoreError(f"{path}: cannot read the session history: {again}") from None
    finally:
        connection.close()
