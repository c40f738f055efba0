"""The `rehearse` command: parse, run one command, and turn every failure into one line.

Every RehearseError becomes one line on standard error and its exit status; Ctrl-C exits 130
after saying where the session was kept; a closed pipe (`rehearse check call.txt | head -2`)
ends quietly with 0; anything else is one line and the traceback in a file.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from rehearse.cli.parser import build_parser
from rehearse.errors import (
    INTERNAL_ERROR_EXIT_STATUS,
    INTERRUPTED_EXIT_STATUS,
    RehearseError,
    ScriptError,
    UsageError,
)


def _report_error(error: RehearseError) -> None:
    if getattr(error, "reported", False):
        return
    lines = str(error).splitlines() or [""]
    if not isinstance(error, ScriptError):
        # One line per problem, each with one prefix (never "rehearse: rehearse check: ...").
        lines = [f"rehearse: {line.removeprefix('rehearse: ')}" for line in lines]
    sys.stderr.write("\n".join(lines) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; everything it writes (profile, sessions, audio) is readable only by the user."""
    _printable_output()
    previous_umask = os.umask(0o077)
    try:
        return _run(argv)
    finally:
        os.umask(previous_umask)


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help(sys.stderr)
            return UsageError.exit_status
        handler: Callable[[argparse.Namespace], int] = args.func
        status = handler(args)
        sys.stdout.flush()  # a pipe closed early is found here, not at the interpreter's exit
        return status
    except RehearseError as error:
        _report_error(error)
        return error.exit_status
    except KeyboardInterrupt:
        sys.stderr.write("\nrehearse: stopped\n")
        return INTERRUPTED_EXIT_STATUS
    except BrokenPipeError:
        _drop_output()
        return 0
    except Exception as error:  # the last line of defence: users never see a traceback
        return _report_crash(error)


def _printable_output() -> None:
    """A terminal that cannot show a character (LANG=C, an ASCII console) shows "?" for it
    rather than the command failing on what the caller typed."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            reconfigure(errors="replace")


def _drop_output() -> None:
    """The reader of standard output has gone: what is still buffered goes to os.devnull, so the
    interpreter's last flush at exit fails neither loudly nor with status 1 (Python's recipe,
    "Note on SIGPIPE" in the signal module's documentation)."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test's capture)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


def _report_crash(error: Exception) -> int:
    """An unexpected failure: one line for the user, the traceback kept in a file for a bug report."""
    import tempfile
    import traceback

    from rehearse import config

    details = "".join(traceback.format_exception(error))
    try:
        folder = config.data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "last-error.txt"
        path.write_text(details, encoding="utf-8")
    except OSError:
        handle, name = tempfile.mkstemp(prefix="rehearse-error-", suffix=".txt")
        with open(handle, "w", encoding="utf-8") as file:
            file.write(details)
        path = Path(name)
    summary = f"{type(error).__name__}: {error}".strip().splitlines()[0]
    sys.stderr.write(f"rehearse: unexpected error ({summary}); details in {path}\n")
    return INTERNAL_ERROR_EXIT_STATUS
