"""Run the `rehearse` command in-process and capture exactly what it prints."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass

import pytest

from rehearse.cli.main import main


@dataclass(frozen=True)
class Run:
    status: int
    out: str
    err: str


def piped(data: bytes) -> io.TextIOWrapper:
    """Standard input as a pipe gives it: bytes beneath, decoded as Python does in a UTF-8 locale."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="surrogateescape")


def run(capsys: pytest.CaptureFixture[str], *args: str, stdin: str | bytes | None = None) -> Run:
    """`stdin` as text is a text stream; as bytes, a pipe's (read as bytes by `practice`)."""
    if stdin is not None:
        original = sys.stdin
        sys.stdin = piped(stdin) if isinstance(stdin, bytes) else io.StringIO(stdin)
        try:
            status = main(list(args))
        finally:
            sys.stdin = original
    else:
        status = main(list(args))
    captured = capsys.readouterr()
    return Run(status, captured.out, captured.err)
