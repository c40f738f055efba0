"""One error root for everything a user can run into.

Each subclass carries the exit status the command line returns for it, so a
script (or a test) can tell the problems apart without reading the message.
The message is one line, written for the person at the keyboard.
"""

from __future__ import annotations

from pathlib import Path


class RehearseError(Exception):
    """Base of every error rehearse reports to a user.

    `reported=True` means the details were already printed (e.g. one line per
    bad script by `rehearse validate`); the CLI then only sets the exit status.
    """

    exit_status = 1

    def __init__(self, message: str, *, reported: bool = False) -> None:
        super().__init__(message)
        self.reported = reported


class UsageError(RehearseError):
    """The command line itself is wrong (unknown option, bad value)."""

    exit_status = 64


class ScriptError(RehearseError):
    """A call script is invalid. The message reads `FILE:LINE:COL: path: problem`."""

    exit_status = 2


class ProfileError(RehearseError):
    """The caller's profile is missing a field or has a bad value."""

    exit_status = 3


class InputFileError(RehearseError):
    """A file the user named cannot be read (missing, unreadable, wrong format)."""

    exit_status = 4


class NothingSaidError(InputFileError):
    """The call's input ended before the caller's first turn: nothing to score or keep.
    Same status as an empty transcript for `check`."""


class TypedInputError(InputFileError):
    """Turns piped into a typed call that `check` would refuse as a transcript: not text (a NUL
    byte), not UTF-8, or more than one call holds. The call is refused and not kept."""


class AudioDeviceError(RehearseError):
    """No microphone or no sound output where one is needed."""

    exit_status = 5


class EngineMissingError(RehearseError):
    """A speech engine, package or model is not installed; the message says how to get it."""

    exit_status = 6


class AudioContentError(RehearseError):
    """An audio file was read but holds nothing usable (silence, too short)."""

    exit_status = 7


class StoreError(RehearseError):
    """The session history cannot be written or read (locked, unreadable, a newer schema)."""

    exit_status = 8


class FolderNotWritableError(StoreError):
    """The folder rehearse keeps your profile or history in cannot be written (read-only,
    not yours, not a folder): nothing can be saved there. What is saved can still be read."""

    exit_status = 12


class NoSuchSessionError(StoreError):
    """A saved session named on the command line does not exist."""

    exit_status = 9


class EngineUnreachableError(RehearseError):
    """An online speech engine was asked for by name and cannot be reached."""

    exit_status = 10


INTERRUPTED_EXIT_STATUS = 130
INTERNAL_ERROR_EXIT_STATUS = 70  # a bug in rehearse: the traceback is saved to a file


class OutputFileError(RehearseError):
    """A file rehearse was asked to write (a report, a chart) cannot be written."""

    exit_status = 11


def read_user_file(path: Path, kind: str) -> bytes:
    """The bytes of a file the user named (`kind`: "call script", "profile file"...); each way
    reading it can fail is one InputFileError line that names the file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such {kind}") from None
    except IsADirectoryError:
        raise InputFileError(f"{path}: is a folder, not a {kind}") from None
    except PermissionError:
        raise InputFileError(f"{path}: not allowed to read it") from None
    except OSError as error:
        raise InputFileError(f"{path}: cannot read it ({error.strerror or 'read error'})") from None


def read_user_text(path: Path, kind: str) -> str:
    """A UTF-8 text file the user named (a byte-order mark is ignored), as read_user_file."""
    try:
        return read_user_file(path, kind).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError(f"{path}: not UTF-8 text (save the {kind} as UTF-8)") from None
