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


def run(capsys: pytest.CaptureFixture[str], *args: str, stdin: str | None = None) -> Run:
    if stdin is not None:
        original = sys.stdin
        sys.stdin = io.StringIO(stdin)
        try:
            status = main(list(args))
        finally:
            sys.stdin = original
    else:
        status = main(list(args))
    captured = capsys.readouterr()
    return Run(status, captured.out, captured.err)
