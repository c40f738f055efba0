"""Carry what can still be read from a damaged history database into a new one.

A damaged file (cut short, pages overwritten, not a database at all) is moved aside, never
deleted (see `database.py`); before the new database is used, every row that SQLite can still
read from the old one is copied into it: sessions, their events and results, the logged real
calls, and the `meta` marks. Each table is read in key order forward and then backward, each
scan stopping at the first page SQLite cannot read, and the keys between the two stops are then
looked up one by one, so only the rows on the damaged pages themselves are lost.

Then every page of the file that holds rows is read by the file format alone (`pages.py`, what SQLite's
`.recover` does, without needing its shell): that finds the rows under an interior page that
was lost. A session whose row was lost but whose events were read is made again from them.
Rows are copied under new ids, so a process that started writing to the new database
meanwhile keeps its own.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rehearse.history.events import store_report, update_row
from rehearse.history.pages import read_pages

KEYS = {
    "sessions": ("id",),
    "events": ("session_id", "seq"),
    "results": ("session_id", "point"),
    "real_calls": ("id",),
    "meta": ("key",),
}
MAX_PROBES = 200_000  # keys looked up one by one between the two scans of a table
YOURS = ("practice", "check")  # as in store.py (which this module must not import: it imports this)

Rows = dict[tuple[Any, ...], dict[str, Any]]


@dataclass
class Salvaged:
    """What was carried over: counts for the one line that says so."""

    sessions: int = 0  # yours (practice and check)
    demos: int = 0
    partial: int = 0  # sessions (of any kind) some of whose events could not be read
    calls: int = 0  # logged real calls

    def describe(self, verb: str = "kept") -> str:
        if not (self.sessions or self.demos or self.calls):
            return "nothing in it could be read"
        parts = [_plural(self.sessions, "session")]
        if self.partial:
            parts[0] += f" ({self.partial} of them in part)" if self.partial > 1 else " (1 of them in part)"
        if self.demos:
            parts.append(_plural(self.demos, "demo call"))
        parts.append(_plural(self.calls, "logged call"))
        listed = ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"{verb} the {listed} that could be read"


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def salvage(damaged: Path, target: sqlite3.Connection) -> Salvaged:
    """Copy every readable row of `damaged` into `target` (a database with the current schema)
    in one transaction; say what was kept."""
    pages = read_pages(damaged)  # (first: SQLite may add a -wal beside the file)
    tables = read_damaged(damaged)
    for table, rows in pages.items():  # what no b-tree reaches any more
        for key, row in rows.items():
            if key not in tables.setdefault(table, {}) and (checked := sound(row)) is not None:
                tables[table][key] = checked
    target.execute("BEGIN IMMEDIATE")
    try:
        result = _copy(tables, target)
        target.execute("COMMIT")
    except BaseException:
        if target.in_transaction:
            target.execute("ROLLBACK")
        raise
    return result


# ---------------------------------------------------------------- reading


def read_damaged(path: Path) -> dict[str, Rows]:
    """Every row of rehearse's tables that SQLite can read from `path`, by table and key.

    Read only, and nothing is left beside the file: with its `-wal` it is read through it;
    without one, as an immutable file (which creates no `-wal` or `-shm`)."""
    companions = [path.with_name(path.name + extra) for extra in ("-wal", "-shm")]
    there = {companion for companion in companions if companion.exists()}
    ways = ["mode=ro", "mode=ro&immutable=1"] if companions[0] in there else ["mode=ro&immutable=1"]
    try:
        for way in ways:  # (with a -wal in a folder that cannot be written: no -shm, so immutable)
            source = sqlite3.connect(f"{path.resolve().as_uri()}?{way}", uri=True, isolation_level=None)
            try:
                # A file cut short says, in its header, that it has more pages than it holds;
                # SQLite reads none of it unless the schema is "writable" (nothing is written).
                source.execute("PRAGMA writable_schema=ON")
                source.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.Error:
                source.close()
                continue
            source.text_factory = bytes  # a row whose text is garbage is left out, the scan goes on
            try:
                return _read_all(source)
            finally:
                source.close()
        return {}
    finally:
        for companion in set(companions) - there:
            with contextlib.suppress(OSError):
                companion.unlink(missing_ok=True)


def _read_all(source: sqlite3.Connection) -> dict[str, Rows]:
    tables: dict[str, Rows] = {}
    gaps: dict[str, tuple[list[str], int, int | None]] = {}
    for table in KEYS:
        columns = _columns(source, table)
        if columns and set(KEYS[table]) <= set(columns):
            tables[table] = {}
            gap = _scan_table(source, table, columns, tables[table])
            if gap is not None:
                gaps[table] = (columns, *gap)
    if gaps:  # keys no scan reached: look each one up (the ids come from every table and index)
        known = [key[0] for rows in tables.values() for key in rows if key and isinstance(key[0], int)]
        known += _indexed_session_ids(source)
        top = max(known, default=0)
        for table, (columns, low, high) in gaps.items():
            _probe(source, table, columns, tables[table], low, top if high is None else high)
    return tables


def _columns(source: sqlite3.Connection, table: str) -> list[str]:
    try:
        return [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
    except sqlite3.DatabaseError:
        return []


def _read(
    source: sqlite3.Connection,
    columns: list[str],
    key_columns: tuple[str, ...],
    rows: Rows,
    sql: str,
    params: tuple[Any, ...] = (),
) -> tuple[bool, Any]:
    """Read rows until the end (True) or the first page SQLite cannot read (False), noting
    each by its key; also the first key column of the last row read."""
    last = None
    try:
        for values in source.execute(sql, params):
            row = sound(dict(zip(columns, map(_text, values), strict=True)))
            if row is not None:
                key = tuple(row[c] for c in key_columns)
                rows[key] = row
                last = key[0]
    except sqlite3.DatabaseError:
        return False, last
    return True, last


def _text(value: Any) -> Any:
    """Text read as bytes (see `text_factory`): decoded, or _GARBAGE where it is not UTF-8."""
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return _GARBAGE
    return value


_GARBAGE = object()
_JSON_COLUMNS = {"data": dict, "missed": list, "delivery": dict}


def sound(row: dict[str, Any]) -> dict[str, Any] | None:
    """A row as rehearse wrote it, or None: no text that is not UTF-8 (a session's JSON columns
    that cannot be read are left empty; an event must hold a JSON object)."""
    for column, kind in _JSON_COLUMNS.items():
        value = row.get(column)
        if value is None or value is _GARBAGE:
            continue
        try:
            ok = isinstance(json.loads(value), kind)
        except (TypeError, ValueError):
            ok = False
        if not ok:
            row[column] = _GARBAGE
    if row.get("data") is _GARBAGE:
        return None
    for column in ("missed", "delivery"):
        if row.get(column) is _GARBAGE:
            row[column] = None
    return None if any(value is _GARBAGE for value in row.values()) else row


def _select(table: str, columns: list[str]) -> str:
    return f"SELECT {', '.join(columns)} FROM {table}"


def _scan_table(
    source: sqlite3.Connection, table: str, columns: list[str], rows: Rows
) -> tuple[int, int | None] | None:
    """Read the table forward, and if that stops, backward: None if all was read, else the
    range of first keys between the two stops (None for the top: unknown)."""
    keys = KEYS[table]
    select = _select(table, columns)
    whole, forward_stop = _read(source, columns, keys, rows, f"{select} ORDER BY {', '.join(keys)}")
    if whole:
        return None
    descending = ", ".join(f"{column} DESC" for column in keys)
    _, backward_stop = _read(source, columns, keys, rows, f"{select} ORDER BY {descending}")
    if not all(isinstance(stop, int | None) for stop in (forward_stop, backward_stop)):
        return None  # meta: a few rows under text keys, nothing to look up one by one
    return (forward_stop or 1), backward_stop


def _probe(
    source: sqlite3.Connection, table: str, columns: list[str], rows: Rows, low: int, high: int
) -> None:
    keys = KEYS[table]
    select = _select(table, columns)
    ascending = ", ".join(keys)
    descending = ", ".join(f"{column} DESC" for column in keys)
    for value in range(low, min(high, low + MAX_PROBES) + 1):
        sql = f"{select} WHERE {keys[0]} = ? ORDER BY "
        whole, _ = _read(source, columns, keys, rows, sql + ascending, (value,))
        if not whole and len(keys) > 1:  # the rest of one session's events, from its end
            _read(source, columns, keys, rows, sql + descending, (value,))


def _indexed_session_ids(source: sqlite3.Connection) -> list[int]:
    """Session ids read from the sessions' indexes alone (they survive when the table's own
    pages do not)."""
    ids: list[int] = []
    for order in ("started_at", "kind, name"):
        with contextlib.suppress(sqlite3.DatabaseError):
            ids += [row[0] for row in source.execute(f"SELECT id FROM sessions ORDER BY {order}")]
    return ids


# ---------------------------------------------------------------- writing


def _copy(tables: dict[str, Rows], target: sqlite3.Connection) -> Salvaged:
    result = Salvaged()
    rows = {key[0]: row for key, row in tables.get("sessions", {}).items()}
    events: dict[int, list[dict[str, Any]]] = {}
    for (session_id, _seq), event in sorted(tables.get("events", {}).items()):
        events.setdefault(session_id, []).append(event)
    results: dict[int, list[dict[str, Any]]] = {}
    for (session_id, _point), row in sorted(tables.get("results", {}).items()):
        results.setdefault(session_id, []).append(row)
    for old in sorted(rows.keys() | events.keys()):
        its_events = events.get(old, [])
        row = rows.get(old) or _row_from_events(its_events)  # a row lost is made from its events
        if row is None:
            continue
        new = _insert_session(target, {k: v for k, v in row.items() if k != "id"}, renamed=old not in rows)
        if new is None:
            continue
        for event in its_events:
            try:
                target.execute(
                    "INSERT INTO events (session_id, seq, at, event, data) VALUES (?, ?, ?, ?, ?)",
                    (new, event["seq"], event["at"], event["event"], event["data"]),
                )
            except sqlite3.IntegrityError:  # a value the schema refuses: that row alone is left out
                continue
            if old not in rows:
                update_row(target, new, event["event"], _data(event), event["at"])
        if old in rows:
            _copy_results(target, new, results.get(old, []), its_events)
        if row["kind"] in YOURS:
            result.sessions += 1
        else:
            result.demos += 1
        result.partial += old not in rows or not _whole(row, its_events)

    for _, call in sorted(tables.get("real_calls", {}).items()):
        try:
            target.execute(
                "INSERT INTO real_calls (day, outcome, logged_at) VALUES (?, ?, ?)",
                (call["day"], call["outcome"], call["logged_at"]),
            )
            result.calls += 1
        except (sqlite3.IntegrityError, KeyError):
            continue
    for _, mark in sorted(tables.get("meta", {}).items()):
        try:
            target.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (mark["key"], mark["value"])
            )
        except (sqlite3.IntegrityError, KeyError):
            continue
    return result


SESSION_COLUMNS = (
    "name kind status started_at ended_at end_reason script title scenario call_day score missed "
    "missed_labels delivery turns audio_dir imported_from"
).split()


def _insert_session(target: sqlite3.Connection, row: dict[str, Any], *, renamed: bool) -> int | None:
    """Insert a session row under a new id; None if it cannot be (its name already taken, a
    value the schema refuses). A row made from its events takes `NAME-2`... if NAME is taken."""
    values = {k: row[k] for k in SESSION_COLUMNS if k in row and row[k] is not None}
    sql = f"INSERT INTO sessions ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})"
    for suffix in range(1, 100 if renamed else 2):
        if suffix > 1:
            values["name"] = f"{row['name']}-{suffix}"
        try:
            return target.execute(sql, tuple(values.values())).lastrowid
        except sqlite3.IntegrityError:
            continue
    return None


def _data(event: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(event["data"])
    except (TypeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _whole(row: dict[str, Any], events: list[dict[str, Any]]) -> bool:
    """Whether every event of a session was read: its seqs run 1..n without a gap, and they
    hold the turns, the report and the end its row counts."""
    seqs = [event["seq"] for event in events]
    names = [event["event"] for event in events]
    return (
        seqs == list(range(1, len(seqs) + 1))
        and names.count("turn") == (row.get("turns") or 0)
        and (row.get("status") != "complete" or "report" in names)
        and (row.get("ended_at") is None or "end" in names)
    )


def _row_from_events(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A session row made again from its events (its own row could not be read)."""
    if not events:
        return None
    start = next((_data(e) for e in events if e["event"] == "start"), {})
    started = str(events[0]["at"])
    script = str(start.get("script") or "call")
    stamp = started.replace("-", "").replace(":", "").replace("T", "-")[:15]
    audio = [str(a) for e in events if (a := _data(e).get("audio"))]
    if "source" in start:
        kind = "check"
    elif any("/demo-sessions/" in path for path in audio):
        kind = "demo"
    else:
        kind = "practice"
    folders = [Path(path).parent for path in audio if Path(path).parent.name == "audio"]
    return {
        "name": folders[0].parent.name if folders else f"{stamp}-{script}",  # the audio's folder has it
        "kind": kind,
        "started_at": started,
        "audio_dir": str(Path(audio[0]).parent) if audio else None,
    }


def _copy_results(
    target: sqlite3.Connection, session: int, rows: list[dict[str, Any]], events: list[dict[str, Any]]
) -> None:
    if rows:
        for r in rows:
            with contextlib.suppress(sqlite3.IntegrityError):
                target.execute(
                    "INSERT OR IGNORE INTO results (session_id, point, label, applies, covered, against)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (session, r["point"], r["label"], r["applies"], r["covered"], r["against"]),
                )
        return
    report = next((_data(e).get("report") for e in reversed(events) if e["event"] == "report"), None)
    if report is not None:  # the results were lost, the report they came from was not
        store_report(target, session, report)
