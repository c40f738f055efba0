"""Bring the JSONL sessions of earlier versions into the history database, once.

Before the database, each session was `<data dir>/sessions/<name>/session.jsonl` (and
`demo-sessions/<name>/...` for demo calls). The first time a database is opened, every such
file is read and its events stored as they were, in one transaction that also records
`jsonl_imported` in the `meta` table: an import that is stopped half-way leaves nothing, and
a finished one is never repeated. A line that is not JSON is kept as an `unreadable` event
holding the raw text, so nothing is lost. The JSONL files are left where they are.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

from rehearse.history.events import AUDIO_FOLDERS, apply_event, transaction

SESSION_FILE = "session.jsonl"
IMPORTED_KEY = "jsonl_imported"


def import_jsonl_once(connection: sqlite3.Connection, data_dir: Path) -> int:
    """Import every earlier JSONL session not imported yet; returns how many were imported."""
    done = "SELECT 1 FROM meta WHERE key = ?"
    if connection.execute(done, (IMPORTED_KEY,)).fetchone():
        return 0
    found = [(kind, path) for kind, path in _jsonl_files(data_dir)]
    with transaction(connection):
        if connection.execute(done, (IMPORTED_KEY,)).fetchone():  # another process did it meanwhile
            return 0
        imported = sum(_import_one(connection, kind, path) for kind, path in found)
        stamp = dt.datetime.now().isoformat(timespec="seconds")
        connection.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)", (IMPORTED_KEY, f"{stamp}: {imported} sessions")
        )
    return imported


def _jsonl_files(data_dir: Path) -> list[tuple[str, Path]]:
    found = []
    for kind in ("practice", "demo"):
        root = data_dir / AUDIO_FOLDERS[kind]
        if root.is_dir():
            found += [
                (kind, p / SESSION_FILE) for p in sorted(root.iterdir()) if (p / SESSION_FILE).is_file()
            ]
    return found


def _import_one(connection: sqlite3.Connection, kind: str, path: Path) -> int:
    name = path.parent.name
    taken = "SELECT 1 FROM sessions WHERE kind = ? AND name = ?"
    if connection.execute(taken, (kind, name)).fetchone():
        return 0
    events = read_jsonl(path)
    started = next((e.get("at") for e in events if e.get("at")), None) or _time_from_name(name)
    audio = path.parent / "audio"
    cursor = connection.execute(
        "INSERT INTO sessions (name, kind, started_at, audio_dir, imported_from) VALUES (?, ?, ?, ?, ?)",
        (name, kind, started, str(audio) if audio.is_dir() else None, str(path)),
    )
    assert cursor.lastrowid is not None
    for seq, event in enumerate(events, start=1):
        apply_event(connection, cursor.lastrowid, seq, event)
    return 1


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The events of one JSONL session; a line that is not a JSON event is kept raw."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as error:
        return [{"event": "unreadable", "text": f"{path}: {error.strerror}"}]
    events: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            event = None
        if not isinstance(event, dict) or not isinstance(event.get("event"), str):
            events.append({"event": "unreadable", "line": number, "text": line})
            continue
        events.append(event)
    return events


def _time_from_name(name: str) -> str:
    try:
        return dt.datetime.strptime(name[:15], "%Y%m%d-%H%M%S").isoformat(timespec="seconds")
    except ValueError:
        return "1970-01-01T00:00:00"
