"""Keep the sound stack's chatter off the user's terminal.

PortAudio probes every host API when it starts, and on a machine without a sound card ALSA,
JACK and PortAudio itself write screens of warnings ("ALSA lib confmisc.c: cannot find card
'0'", "jack server is not running") straight to file descriptor 2, bypassing `sys.stderr`.
Nothing in them helps the person practising a call: when the microphone is really missing we
raise `AudioDeviceError` with one line that says what to do.

Two layers, both process-wide:

- `silence_alsa()` installs a no-op ALSA error handler once (libasound's own messages, which
  can also appear later, when a stream opens or stops);
- `quiet_stderr()` points fd 2 at /dev/null for the duration of a block (JACK and PortAudio
  have no hook), then puts it back.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

_LOCK = threading.Lock()
_depth = 0
_saved_fd: int | None = None

# libasound's handler is variadic: (file, line, function, err, fmt, ...). Declaring only the fixed
# arguments is safe on the platforms ALSA exists on, since the handler ignores them all.
_ALSA_HANDLER_TYPE = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)
_alsa_handler: Any = None  # kept referenced for the life of the process


def _ignore_alsa_error(
    _file: bytes | None, _line: int, _function: bytes | None, _err: int, _fmt: bytes | None
) -> None:
    return None


def silence_alsa() -> bool:
    """Install a no-op ALSA error handler; True when libasound was found and took it."""
    global _alsa_handler
    with _LOCK:
        if _alsa_handler is not None:
            return True
        name = ctypes.util.find_library("asound")
        if name is None:
            return False
        try:
            library = ctypes.CDLL(name)
        except OSError:
            return False
        handler = _ALSA_HANDLER_TYPE(_ignore_alsa_error)
        library.snd_lib_error_set_handler(handler)
        _alsa_handler = handler
        return True


@contextmanager
def quiet_stderr() -> Iterator[None]:
    """Send everything written to fd 2 inside the block to /dev/null.

    Nested and concurrent uses share one redirection; the last one out restores fd 2.
    Python's own `sys.stderr` is flushed first so nothing already written is lost.
    """
    global _depth, _saved_fd
    with _LOCK:
        if _depth == 0:
            _flush_python_stderr()
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                _saved_fd = os.dup(2)
                os.dup2(devnull, 2)
            finally:
                os.close(devnull)
        _depth += 1
    try:
        yield
    finally:
        with _LOCK:
            _depth -= 1
            if _depth == 0 and _saved_fd is not None:
                _flush_python_stderr()
                os.dup2(_saved_fd, 2)
                os.close(_saved_fd)
                _saved_fd = None


@contextmanager
def quiet_audio() -> Iterator[None]:
    """Both layers: what every PortAudio call that may probe devices is wrapped in."""
    silence_alsa()
    with quiet_stderr():
        yield


def _flush_python_stderr() -> None:
    stream = sys.stderr
    if stream is not None:
        with suppress(OSError, ValueError):
            stream.flush()
