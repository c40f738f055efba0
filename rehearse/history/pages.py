"""Rows read straight from the pages of a damaged SQLite file, by the file format alone.

SQLite reaches a row through its table's b-tree: when an interior page is lost (overwritten,
or past the end of a file cut short), every leaf under it is out of reach although the leaves
themselves are intact. This module reads every page that holds records (a table's leaves, an
index's pages: those hold the rows of WITHOUT ROWID tables), and the newest copy of each page
in the `-wal`, decodes each cell's record (following overflow pages), and tells
rehearse's rows by their shape: a session (18 columns, its kind and status among the known
ones), an event (5: two integers and three texts, the last a JSON object), a result (6) and a
logged call (4). Pages on the freelist (rows deleted long ago) are skipped. It is what SQLite's
own `.recover` does, without needing SQLite's command-line shell.

See https://www.sqlite.org/fileformat2.html for the layout.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DEFAULT_PAGE_SIZE = 4096
TABLE_LEAF, INDEX_LEAF, INDEX_INTERIOR = (
    0x0D,
    0x0A,
    0x02,
)  # (index pages hold the rows of WITHOUT ROWID tables)
KINDS = {"practice", "check", "demo"}
STATUSES = {"incomplete", "complete"}
SESSION_COLUMNS = (
    "id name kind status started_at ended_at end_reason script title scenario call_day score missed "
    "missed_labels delivery turns audio_dir imported_from"
).split()
MAX_OVERFLOW_PAGES = 10_000

Rows = dict[tuple[Any, ...], dict[str, Any]]


def read_pages(path: Path) -> dict[str, Rows]:
    """rehearse's rows found in the leaf pages of `path` (and its -wal), by table and key."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    page_size = _page_size(data)
    pages = {n + 1: data[o : o + page_size] for n, o in enumerate(range(0, len(data), page_size))}
    pages.update(_wal_pages(path.with_name(path.name + "-wal"), page_size))
    usable = page_size - (data[20] if len(data) > 100 and _valid_header(data) else 0)
    skipped = _freelist(pages, usable) if _valid_header(data) else set()
    tables: dict[str, Rows] = {"sessions": {}, "events": {}, "results": {}, "real_calls": {}}
    for number in sorted(pages):
        if number in skipped:
            continue
        for rowid, record in _cells(pages, number, usable):
            _classify(rowid, record, tables)
    return tables


def _valid_header(data: bytes) -> bool:
    return data[:16] == b"SQLite format 3\x00"


def _page_size(data: bytes) -> int:
    if _valid_header(data) and len(data) >= 100:
        size = struct.unpack(">H", data[16:18])[0]
        size = 65536 if size == 1 else size
        if size >= 512 and size & (size - 1) == 0:
            return size
    return DEFAULT_PAGE_SIZE


def _wal_pages(wal: Path, page_size: int) -> dict[int, bytes]:
    """The newest copy of each page in a write-ahead log (frames: 24-byte header, then a page)."""
    try:
        data = wal.read_bytes()
    except OSError:
        return {}
    if len(data) < 32 or struct.unpack(">I", data[8:12])[0] != page_size:
        return {}
    pages: dict[int, bytes] = {}
    for offset in range(32, len(data) - 24 - page_size + 1, 24 + page_size):
        number = struct.unpack(">I", data[offset : offset + 4])[0]
        if number:
            pages[number] = data[offset + 24 : offset + 24 + page_size]
    return pages


def _freelist(pages: dict[int, bytes], usable: int) -> set[int]:
    """Every page on the freelist (trunk pages and the leaves they list)."""
    first = pages.get(1, b"")
    if len(first) < 40:
        return set()
    trunk = struct.unpack(">I", first[32:36])[0]
    found: set[int] = set()
    while trunk and trunk not in found and trunk in pages:
        found.add(trunk)
        page = pages[trunk]
        if len(page) < 8:  # the last page of a file cut short
            break
        count = min(struct.unpack(">I", page[4:8])[0], (len(page) - 8) // 4, (usable - 8) // 4)
        found.update(struct.unpack(">I", page[8 + 4 * i : 12 + 4 * i])[0] for i in range(count))
        trunk = struct.unpack(">I", page[0:4])[0]
    return found


def _varint(data: bytes, offset: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        if offset + i >= len(data):
            raise ValueError("varint past the end")
        byte = data[offset + i]
        if i == 8:
            return (value << 8) | byte, offset + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, offset + i + 1
    raise AssertionError("unreachable")


def _cells(pages: dict[int, bytes], number: int, usable: int) -> Iterator[tuple[int | None, list[Any]]]:
    """(rowid or None, record values) of each cell of a page that holds records: a table's
    leaf, or an index page (leaf or interior: both hold whole keys); nothing for other pages."""
    page = pages[number]
    base = 100 if number == 1 else 0
    if len(page) < base + 12 or page[base] not in (TABLE_LEAF, INDEX_LEAF, INDEX_INTERIOR):
        return
    table = page[base] == TABLE_LEAF
    header = 12 if page[base] == INDEX_INTERIOR else 8
    skip = 4 if page[base] == INDEX_INTERIOR else 0  # the left child's page number
    count = struct.unpack(">H", page[base + 3 : base + 5])[0]
    for i in range(min(count, (len(page) - base - header) // 2)):
        at = base + header + 2 * i
        pointer = struct.unpack(">H", page[at : at + 2])[0] + skip
        try:
            size, at = _varint(page, pointer)
            rowid = None
            if table:
                rowid, at = _varint(page, at)
            payload = _payload(pages, page, at, size, usable, table)
            yield rowid, _record(payload)
        except (ValueError, struct.error, UnicodeDecodeError):
            continue


def _payload(pages: dict[int, bytes], page: bytes, at: int, size: int, usable: int, table: bool) -> bytes:
    most = usable - 35 if table else ((usable - 12) * 64 // 255) - 23
    if size <= most:
        local = size
    else:
        least = ((usable - 12) * 32 // 255) - 23
        local = least + (size - least) % (usable - 4)
        local = local if local <= most else least
    if at + local > len(page):
        raise ValueError("cell past the end of its page")
    payload = bytearray(page[at : at + local])
    if local < size:
        overflow = struct.unpack(">I", page[at + local : at + local + 4])[0]
        seen = 0
        while len(payload) < size:
            seen += 1
            if overflow not in pages or seen > MAX_OVERFLOW_PAGES:
                raise ValueError("overflow page missing")
            chunk = pages[overflow]
            payload += chunk[4:usable][: size - len(payload)]
            overflow = struct.unpack(">I", chunk[0:4])[0]
    return bytes(payload)


def _record(payload: bytes) -> list[Any]:
    header_size, at = _varint(payload, 0)
    if header_size > len(payload):
        raise ValueError("record header past its end")
    types = []
    while at < header_size:
        kind, at = _varint(payload, at)
        types.append(kind)
    values: list[Any] = []
    at = header_size
    for kind in types:
        if kind == 0:
            values.append(None)
        elif kind in (8, 9):
            values.append(kind - 8)
        elif 1 <= kind <= 6:
            width = (1, 2, 3, 4, 6, 8)[kind - 1]
            values.append(int.from_bytes(payload[at : at + width], "big", signed=True))
            at += width
        elif kind == 7:
            values.append(struct.unpack(">d", payload[at : at + 8])[0])
            at += 8
        elif kind >= 12:
            width = (kind - 12) // 2
            chunk = payload[at : at + width]
            values.append(chunk.decode("utf-8") if kind % 2 else bytes(chunk))
            at += width
        else:
            raise ValueError("reserved serial type")
        if at > len(payload):
            raise ValueError("value past the end of its record")
    return values


def _classify(rowid: int | None, values: list[Any], tables: dict[str, Rows]) -> None:
    """Put a record in the table it has the shape of, if any."""
    text = [isinstance(v, str) for v in values]
    if rowid is not None and len(values) == len(SESSION_COLUMNS) and values[0] is None:
        if values[2] in KINDS and values[3] in STATUSES and text[1] and text[4]:
            row = dict(zip(SESSION_COLUMNS, values, strict=True))
            tables["sessions"][(rowid,)] = {**row, "id": rowid}
    elif rowid is not None and len(values) == 4 and values[0] is None and all(text[1:]):
        row = {"id": rowid, "day": values[1], "outcome": values[2], "logged_at": values[3]}
        tables["real_calls"][(rowid,)] = row
    elif rowid is None and len(values) == 5 and _ints(values[:2]) and all(text[2:]):
        if values[4].startswith("{") and values[3].isidentifier():
            row = dict(zip(("session_id", "seq", "at", "event", "data"), values, strict=True))
            tables["events"][(values[0], values[1])] = row
    elif rowid is None and len(values) == 6 and _ints(values[:1]) and all(text[1:3]) and _ints(values[3:]):
        row = dict(
            zip(("session_id", "point", "label", "applies", "covered", "against"), values, strict=True)
        )
        tables["results"][(values[0], values[1])] = row


def _ints(values: list[Any]) -> bool:
    return all(isinstance(v, int) and not isinstance(v, bool) for v in values)
