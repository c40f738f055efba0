"""The one SQLite database that holds the session history: `<data dir>/history.db`.

It is the journal itself, not a copy of one: a session gets its row when the call starts
(status `incomplete`), each line and turn is a row committed as it happens, and the report
marks it `complete`. WAL mode with `synchronous=FULL` makes every commit durable, so an
error, a crash or Ctrl-C loses nothing already said.

A damaged database (not a database at all, its schema missing, or a page that SQLite
finds corrupt when a query reads it) is never deleted: it is moved aside to
`history.db.damaged-YYYYMMDD-HHMMSS` (with its `-wal` and `-shm` files), a new one is
started, everything that can still be read from the old one is carried into it (`salvage.py`),
and one line on standard error says so, where the old one is, and how many sessions and
logged calls were kept. The JSONL sessions of earlier versions are then imported again into
the new one (those already carried over are not doubled).

A folder that cannot be written (read-only, not yours) still lets you read what is saved there:
`open_read_only` opens the file with `mode=ro` (or as an immutable file when it has no `-wal`,
since none can be made there), or gives an empty history in memory when there is none; writing
there is a FolderNotWritableError, one line.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import struct
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rehearse.errors import FolderNotWritableError, StoreError

DB_NAME = "history.db"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 5000
SQLITE_CANTOPEN, SQLITE_CORRUPT, SQLITE_NOTADB = 14, 11, 26
_DAMAGE_CODES = {SQLITE_CORRUPT, SQLITE_NOTADB}
REQUIRED_TABLES = {"sessions", "events", "results", "real_calls", "meta"}

SCHEMA = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,                 -- what `rehearse replay NAME` takes
    kind TEXT NOT NULL CHECK (kind IN ('practice', 'check', 'demo')),
    status TEXT NOT NULL DEFAULT 'incomplete' CHECK (status IN ('incomplete', 'complete')),
    started_at TEXT NOT NULL,           -- local time, ISO 8601, seconds
    ended_at TEXT,
    end_reason TEXT,                    -- finished, caller hung up, interrupted, error: ...
    script TEXT,
    title TEXT,
    scenario TEXT,
    call_day TEXT,                      -- the day the call was set on (--today)
    score INTEGER,
    missed TEXT,                        -- JSON: [[point, label], ...] not covered (from results)
    missed_labels TEXT,                 -- their labels in one string, for `rehearse history`
    delivery TEXT,                      -- JSON: delivery figures, when the report has them
    turns INTEGER NOT NULL DEFAULT 0,
    audio_dir TEXT,                     -- where the session's audio files are kept
    imported_from TEXT,                 -- the JSONL file it was imported from, if any
    UNIQUE (kind, name)
);
CREATE INDEX sessions_by_time ON sessions (started_at);
CREATE TABLE events (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    event TEXT NOT NULL,                -- start (with the profile), line, turn, scenario, report, end
    data TEXT NOT NULL,                 -- JSON: the rest of the event (text, speaker, audio, words...)
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE TABLE results (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    point TEXT NOT NULL,
    label TEXT NOT NULL,
    applies INTEGER NOT NULL,
    covered INTEGER NOT NULL,
    against INTEGER NOT NULL,
    PRIMARY KEY (session_id, point)
) WITHOUT ROWID;
CREATE TABLE real_calls (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,                  -- YYYY-MM-DD
    outcome TEXT NOT NULL,
    logged_at TEXT NOT NULL
);
CREATE INDEX real_calls_by_day ON real_calls (day);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

Notify = Callable[[str], None]


class Damaged(sqlite3.DatabaseError):
    """Damage SQLite itself cannot see: a row whose text is not what rehearse wrote (garbage
    in an overflow page reads back as bytes that are not UTF-8, or as text that is not JSON)."""

    sqlite_errorcode = SQLITE_CORRUPT


class SchemaMissing(Damaged):
    """A database file without rehearse's tables although it says it has them: damaged."""


def _stderr_line(message: str) -> None:
    sys.stderr.write(f"rehearse: {message}\n")
    sys.stderr.flush()


_NOT_TEXT = "Could not decode to UTF-8"  # what Python's sqlite3 says of such bytes (no error code)


def is_damage(error: sqlite3.DatabaseError) -> bool:
    """A damaged file, as opposed to a locked or unreadable one (those are StoreErrors)."""
    return getattr(error, "sqlite_errorcode", None) in _DAMAGE_CODES or str(error).startswith(_NOT_TEXT)


def damage_reason(error: Exception) -> str:
    """The damage in a few words (never the garbage itself, which the error may quote)."""
    return "a row holds bytes that are not text" if str(error).startswith(_NOT_TEXT) else str(error)


def unwritable(folder: Path) -> str | None:
    """Why nothing can be saved in `folder` ("Read-only file system"...), or None if it can
    (a folder that does not exist yet is made, as opening the history would)."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except FileExistsError:
        return "not a folder"
    except OSError as error:
        return error.strerror or str(error)
    if os.access(folder, os.W_OK | os.X_OK):
        return None
    try:  # the system's own reason (access() says only no)
        handle, name = tempfile.mkstemp(dir=folder, prefix=".rehearse-")
    except OSError as error:
        return error.strerror or str(error)
    os.close(handle)
    os.unlink(name)
    return None


def not_writable(folder: Path, reason: str) -> FolderNotWritableError:
    return FolderNotWritableError(
        f"cannot keep the session history in {folder}: {reason}; set REHEARSE_HOME to a folder you can write"
    )


def open_database(path: Path, notify: Notify = _stderr_line) -> sqlite3.Connection:
    """Open (or create) the history database; a damaged one is moved aside and replaced."""
    reason = unwritable(path.parent)
    if reason is not None:
        raise not_writable(path.parent, reason)
    try:
        return _open(path)
    except sqlite3.DatabaseError as error:
        if not is_damage(error):
            raise StoreError(f"{path}: cannot open the session history: {error}") from None
        return replace_damaged(path, error, notify)


def open_read_only(path: Path, notify: Notify = _stderr_line) -> sqlite3.Connection:
    """The history for reading in a folder that cannot be written: the file, read only; an
    empty history in memory if there is none; what can be read of a damaged one, in memory
    (the file is left as it is: it cannot be moved aside there)."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return in_memory()
    except OSError as error:
        raise StoreError(f"{path}: cannot read the session history: {error.strerror}") from None
    try:
        connection = _open_read_only(path)
    except sqlite3.DatabaseError as error:
        if not is_damage(error):
            raise StoreError(f"{path}: cannot read the session history: {error}") from None
        return salvaged_in_memory(path, error, notify)
    return connection if connection is not None else in_memory()


def _open_read_only(path: Path) -> sqlite3.Connection | None:
    """`mode=ro` reads through the -wal when there is one (a call that was cut off); without
    one, SQLite cannot make the -shm it wants, so the file is opened as immutable: nothing can
    change it while its folder cannot be written. None for an empty file."""
    uri = path.resolve().as_uri()
    ways = ["mode=ro", "mode=ro&immutable=1"]
    if not path.with_name(path.name + "-wal").exists():
        ways = ways[1:]
    for way in ways:
        connection = sqlite3.connect(f"{uri}?{way}", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            if _checked(connection, path, create=False):
                return connection
            connection.close()
            return None
        except sqlite3.OperationalError as error:
            connection.close()
            if getattr(error, "sqlite_errorcode", None) != SQLITE_CANTOPEN or way == ways[-1]:
                raise
        except BaseException:
            connection.close()
            raise
    raise AssertionError("unreachable")


def in_memory() -> sqlite3.Connection:
    """An empty history, in memory: what a folder that cannot be written holds when it has no
    database (the earlier JSONL sessions may be imported into it)."""
    connection = sqlite3.connect(":memory:", isolation_level=None)
    _create(connection)
    return connection


def is_in_memory(connection: sqlite3.Connection) -> bool:
    return connection.execute("PRAGMA database_list").fetchone()[2] == ""


def salvaged_in_memory(path: Path, error: Exception, notify: Notify = _stderr_line) -> sqlite3.Connection:
    """What can be read of a damaged database that cannot be moved aside, in memory."""
    from rehearse.history.salvage import salvage

    connection = in_memory()
    try:
        kept = salvage(path, connection).describe("showing")
    except (sqlite3.Error, ValueError, LookupError, OverflowError, struct.error) as failed:
        kept = f"nothing in it could be read ({failed})"
    notify(
        f"{path} is damaged ({damage_reason(error)}) and its folder cannot be written, "
        f"so it is left as it is: {kept}"
    )
    return connection


def replace_damaged(path: Path, error: Exception, notify: Notify = _stderr_line) -> sqlite3.Connection:
    """Move a damaged database aside, start a new one with what can be read of the old one,
    and say so in one line.

    Called on opening, and by any query or write that meets SQLITE_CORRUPT or SQLITE_NOTADB
    (the connection that met it must be closed first)."""
    from rehearse.history.salvage import salvage

    moved = move_aside(path)
    try:
        connection = _open(path)
    except sqlite3.DatabaseError as again:
        raise StoreError(f"{path}: cannot start a new session history: {again}") from None
    try:
        kept = salvage(moved, connection).describe()
    except (sqlite3.Error, ValueError, LookupError, OverflowError, struct.error) as failed:
        kept = f"nothing could be carried over ({failed})"  # the old file is aside, as it was
    except BaseException:
        connection.close()
        raise
    notify(f"{path} was damaged ({damage_reason(error)}); moved it to {moved} and started a new one: {kept}")
    return connection


def _open(path: Path) -> sqlite3.Connection:
    """Connect and check the header and schema (a full integrity check would read every page:
    about a second for 10,000 sessions; damage deeper in is met, and handled, by the query
    that reads it).

    SQLite's busy timeout does not cover every lock met while opening: switching a new file
    to WAL while another process opens it fails at once with "database is locked". Such an
    open is tried again, for as long as the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            return _open_once(path)
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _open_once(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL").fetchone()
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA foreign_keys=ON")
        _checked(connection, path, create=True)
    except BaseException:
        connection.close()
        raise
    os.chmod(path, 0o600)
    return connection


def _checked(connection: sqlite3.Connection, path: Path, *, create: bool) -> bool:
    """Check the schema (made first in a new file, with `create`); False for an empty file."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version == 0:
        if not create:
            return False
        _create(connection)
    elif version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: written by a newer rehearse (schema {version}); upgrade rehearse to read it"
        )
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables >= REQUIRED_TABLES:
        raise SchemaMissing(f"tables missing: {', '.join(sorted(REQUIRED_TABLES - tables))}")
    return True


def _create(connection: sqlite3.Connection) -> None:
    connection.execute("BEGIN IMMEDIATE")
    try:
        if connection.execute("PRAGMA user_version").fetchone()[0] == 0:  # not made meanwhile
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def move_aside(path: Path, now: dt.datetime | None = None) -> Path:
    """Rename a damaged database (and its -wal, -shm) to `NAME.damaged-YYYYMMDD-HHMMSS`."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    suffix = 2
    while target.exists():
        target = path.with_name(f"{path.name}.damaged-{stamp}-{suffix}")
        suffix += 1
    try:
        path.rename(target)
        for extra in ("-wal", "-shm"):
            companion = path.with_name(path.name + extra)
            if companion.exists():
                companion.rename(target.with_name(target.name + extra))
    except OSError as error:
        raise StoreError(f"{path}: damaged, and cannot be moved aside: {error.strerror}") from None
    return target
