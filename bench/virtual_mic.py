"""A virtual microphone for tests and benchmarks on machines without a sound card.

Starts a private PulseAudio daemon with one null sink, `vmic`, whose monitor is the default
source. Whatever `play()` sends into the sink is what PyAudio (through ALSA's `pulse` plugin,
from Debian's libasound2-plugins) hears from the default microphone. The daemon lives in a
temporary folder, talks over a unix socket only, needs no cookie, and is stopped by `stop()`.

A stream of silence plays into the sink all the time, as a real microphone delivers sound
all the time: an idle null sink renders in blocks of about two seconds, so without it the
first read of a newly opened microphone waited 1.8 s, a delay no real device has.

Needs Debian's `pulseaudio`, `pulseaudio-utils` (paplay, pacat, parec, pactl) and `libasound2-plugins`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rehearse.errors import EngineMissingError

SINK = "vmic"
REQUIRED_PROGRAMS = ("pulseaudio", "pactl", "paplay", "pacat", "parec")
CLOCK_LATENCY_MS = 20  # the silence stream's latency: how often the monitor hands out audio
INSTALL_HINT = "sudo apt-get install pulseaudio pulseaudio-utils libasound2-plugins"
START_TIMEOUT = 10.0


def missing_programs() -> list[str]:
    return [name for name in REQUIRED_PROGRAMS if shutil.which(name) is None]


class VirtualMicrophone:
    """A PulseAudio null sink used as the default microphone of this process."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self._clock: subprocess.Popen[bytes] | None = None

    @property
    def socket(self) -> Path:
        assert self.folder is not None, "the virtual microphone is not started"
        return self.folder / "native"

    def environment(self) -> dict[str, str]:
        """What a client (PyAudio, paplay) needs to find the daemon."""
        return {"PULSE_SERVER": f"unix:{self.socket}", "PULSE_SINK": SINK}

    def start(self) -> VirtualMicrophone:
        missing = missing_programs()
        if missing:
            raise EngineMissingError(f"the virtual microphone needs {', '.join(missing)}: {INSTALL_HINT}")
        self.folder = Path(tempfile.mkdtemp(prefix="rehearse-vmic-"))
        os.chmod(self.folder, 0o700)
        env = dict(os.environ)
        # A private home and runtime folder: the daemon writes its cookie and state there.
        env.update(HOME=str(self.folder), XDG_RUNTIME_DIR=str(self.folder))
        env.update(PULSE_RUNTIME_PATH=str(self.folder / "runtime"))
        env.pop("PULSE_SERVER", None)
        log = open(self.folder / "daemon.log", "wb")  # noqa: SIM115 - handed to the child
        command = [
            "pulseaudio",
            "--daemonize=no",
            "-n",  # no default.pa: only the modules below
            "--exit-idle-time=-1",
            "--use-pid-file=no",
            "--disallow-module-loading=no",
            "--log-target=stderr",
            "-L",
            f"module-null-sink sink_name={SINK} rate=16000 channels=1",
            "-L",
            f"module-native-protocol-unix socket={self.socket} auth-anonymous=1",
        ]
        self.process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        log.close()
        self._wait_until_ready()
        self._pactl("set-default-sink", SINK)
        self._pactl("set-default-source", f"{SINK}.monitor")
        self._start_clock()
        return self

    def stop(self) -> None:
        clock, self._clock = self._clock, None
        if clock is not None and clock.poll() is None:
            clock.kill()
            clock.wait()
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def play(self, wav: Path) -> float:
        """Play a WAV into the microphone; return `time.monotonic()` when it has all been heard."""
        subprocess.run(
            ["paplay", f"--device={SINK}", str(wav)],
            env=self._client_env(),
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        return time.monotonic()

    def log(self) -> str:
        if self.folder is None or not (self.folder / "daemon.log").exists():
            return ""
        return (self.folder / "daemon.log").read_text(errors="replace")

    # -- internals -------------------------------------------------------------------------

    def _client_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(self.environment())
        return env

    def _pactl(self, *args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            ["pactl", *args],
            env=self._client_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=5,
            check=False,
        )

    def _start_clock(self) -> None:
        """Play endless silence into the sink at low latency, and wait until it runs."""
        with open("/dev/zero", "rb") as zeros:
            self._clock = subprocess.Popen(
                [
                    *("pacat", "--playback", f"--device={SINK}", f"--latency-msec={CLOCK_LATENCY_MS}"),
                    *("--raw", "--format=s16le", "--rate=16000", "--channels=1"),
                ],
                env=self._client_env(),
                stdin=zeros,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            sinks = self._pactl("list", "short", "sinks").stdout.decode()
            if any(line.split("\t")[1:2] == [SINK] and "RUNNING" in line for line in sinks.splitlines()):
                self._prime_monitor()
                return
            time.sleep(0.05)
        self.stop()
        raise EngineMissingError(f"the virtual microphone's sink did not start: {INSTALL_HINT}")

    def _prime_monitor(self) -> None:
        """Record a moment from the monitor once: the first recording after the sink starts
        waits for the sink's old two-second block; every later one starts at once."""
        recorder = subprocess.Popen(
            [*("parec", f"--device={SINK}.monitor", f"--latency-msec={CLOCK_LATENCY_MS}"), "--raw"],
            env=self._client_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert recorder.stdout is not None
        recorder.stdout.read(640)
        recorder.kill()
        recorder.wait()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                break
            if self.socket.exists() and self._pactl("info").returncode == 0:
                return
            time.sleep(0.05)
        log = self.log().strip().splitlines()
        self.stop()
        detail = log[-1] if log else "no output"
        raise EngineMissingError(f"the PulseAudio daemon did not start ({detail}): {INSTALL_HINT}")


@contextmanager
def as_default_microphone(mic: VirtualMicrophone) -> Iterator[None]:
    """Make the virtual microphone this process's default device for the block.

    Only the environment changes (`PULSE_SERVER`): ALSA's pulse plugin reads it whenever
    PortAudio starts, so devices opened afterwards are the daemon's.
    """
    saved = {key: os.environ.get(key) for key in mic.environment()}
    os.environ.update(mic.environment())
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextmanager
def virtual_microphone() -> Iterator[VirtualMicrophone]:
    """Start the daemon, make it the default microphone for the block, then stop it."""
    mic = VirtualMicrophone().start()
    try:
        with as_default_microphone(mic):
            yield mic
    finally:
        mic.stop()
