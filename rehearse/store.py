"""Session history: every practice call is written down as it happens.

Each session is a folder under the data dir (`sessions/YYYYMMDD-HHMMSS-<script>/`)
holding `session.jsonl`: one JSON event per line (start, line, turn, report,
end), appended and flushed as the call goes, so nothing the caller typed or said
is lost on an error or Ctrl-C. Voice sessions keep both sides' audio in `audio/`.
Folders are 0700 and files 0600: only the user can read them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rehearse.errors import NoSuchSessionError, StoreError

SESSION_FILE = "session.jsonl"


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)


class SessionWriter:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / SESSION_FILE
        try:
            _private_dir(folder)
            descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            self._file = os.fdopen(descriptor, "a", encoding="utf-8")
        except OSError as error:
            raise StoreError(f"{folder}: cannot write the session history: {error.strerror}") from None

    @property
    def audio_dir(self) -> Path:
        folder = self.folder / "audio"
        _private_dir(folder)
        return folder

    def record(self, event: str, **data: Any) -> None:
        entry = {"event": event, "at": dt.datetime.now().isoformat(timespec="seconds"), **data}
        self._file.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()

    def discard(self) -> None:
        """Remove this session (a call in which nothing was said): history keeps real calls."""
        self.close()
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass(frozen=True)
class SavedSession:
    id: str
    folder: Path
    events: tuple[dict[str, Any], ...]

    @property
    def start(self) -> dict[str, Any]:
        return next((e for e in self.events if e["event"] == "start"), {})

    @property
    def report(self) -> dict[str, Any] | None:
        return next((e["report"] for e in reversed(self.events) if e["event"] == "report"), None)


class SessionStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def create(self, script: str, now: dt.datetime | None = None) -> SessionWriter:
        stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
        folder = self.root / f"{stamp}-{script}"
        suffix = 2
        while folder.exists():
            folder = self.root / f"{stamp}-{script}-{suffix}"
            suffix += 1
        return SessionWriter(folder)

    def ids(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if (p / SESSION_FILE).is_file())

    def load(self, session_id: str) -> SavedSession:
        ids = self.ids()
        if session_id == "last":
            if not ids:
                raise StoreError("no saved sessions yet: practise a call first")
            session_id = ids[-1]
        folder = self.root / session_id
        path = folder / SESSION_FILE
        if session_id not in ids:
            raise NoSuchSessionError(f"{session_id}: no such session (see `rehearse replay --list`)")
        return SavedSession(session_id, folder, tuple(_read_events(path)))


def _read_events(path: Path) -> Iterator[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise StoreError(f"{path}: cannot read: {error.strerror}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError:
            raise StoreError(f"{path}:{number}: damaged session record") from None
