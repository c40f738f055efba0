"""Pytest fixtures for the virtual microphone (a private PulseAudio daemon, see
`bench.virtual_mic`). Import them into a test module to register them::

    from tests.virtual_mic import virtual_mic_fixture, heard_mic_fixture  # noqa: F401

- `virtual_mic` (session): the running daemon; skips the test, with the reason, where
  pulseaudio, paplay or PyAudio is missing. Stopped at the end of the run.
- `heard_mic` (function): the same daemon, made this process's default microphone for one
  test only, so tests that expect no sound device elsewhere are not affected.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator

import pytest

from bench.virtual_mic import (
    INSTALL_HINT,
    VirtualMicrophone,
    as_default_microphone,
    missing_programs,
)
from rehearse.errors import EngineMissingError


@pytest.fixture(scope="session", name="virtual_mic")
def virtual_mic_fixture() -> Iterator[VirtualMicrophone]:
    missing = missing_programs()
    if missing:
        pytest.skip(f"virtual microphone needs {', '.join(missing)}: {INSTALL_HINT}")
    if importlib.util.find_spec("pyaudio") is None:
        pytest.skip("PyAudio is not installed: pip install 'rehearse[microphone]'")
    mic = VirtualMicrophone()
    try:
        mic.start()
    except EngineMissingError as exc:
        pytest.skip(str(exc))
    yield mic
    mic.stop()


@pytest.fixture(name="heard_mic")
def heard_mic_fixture(virtual_mic: VirtualMicrophone) -> Iterator[VirtualMicrophone]:
    with as_default_microphone(virtual_mic):
        yield virtual_mic
