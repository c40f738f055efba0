"""Play a WAV file through the sound output, quietly.

Two players in a plain registry: `aplay` (alsa-utils; goes through PulseAudio/PipeWire when
they are the ALSA default) and PyAudio (where there is no `aplay`). Either one raises
AudioDeviceError with one line when there is nothing to play through; the sound stack's own
warnings never reach the terminal.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from rehearse.errors import AudioDeviceError

NO_OUTPUT_HINT = "plug in speakers or headphones, or practise in text mode"


class Player(Protocol):
    def play(self, path: Path) -> None:
        """Play a WAV file to the end; raise AudioDeviceError when there is no sound output."""
        ...


def wav_seconds(path: Path) -> float:
    try:
        with wave.open(str(path), "rb") as wav:
            return wav.getnframes() / float(wav.getframerate())
    except (OSError, wave.Error, EOFError):
        return 0.0


class AplayPlayer:
    """Plays through `aplay -q`; its complaints are captured and summed up in one line."""

    def __init__(self, command: str = "aplay", device: str | None = None) -> None:
        self.command = command
        self.device = device

    def play(self, path: Path) -> None:
        executable = shutil.which(self.command)
        if executable is None:
            raise AudioDeviceError(
                f"No sound player found ({self.command} is missing): "
                "sudo apt-get install alsa-utils, or practise in text mode"
            )
        args = [executable, "-q"]
        if self.device:
            args += ["-D", self.device]
        args.append(str(Path(path).resolve()))
        timeout = wav_seconds(Path(path)) + 15.0
        try:
            done = subprocess.run(
                args, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise AudioDeviceError(
                f"The sound output did not finish playing within {timeout:.0f} s: {NO_OUTPUT_HINT}"
            ) from exc
        if done.returncode != 0:
            reason = _reason(done.stderr.decode("utf-8", errors="replace"))
            raise AudioDeviceError(f"No sound output found ({reason}): {NO_OUTPUT_HINT}")


def _reason(stderr: str) -> str:
    """aplay's own verdict (its last line), without the ALSA library chatter before it."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    own = [line for line in lines if line.startswith("aplay:")]
    if not (own or lines):
        return "the player failed"
    return re.sub(r"^aplay:\s*(\w+:\d+:\s*)?", "", (own or lines)[-1])[:120]


class PyAudioPlayer:
    """Plays through PortAudio, with its device probing kept off the terminal."""

    def play(self, path: Path) -> None:
        from rehearse.errors import EngineMissingError
        from rehearse.speech.audio.quiet import quiet_audio

        try:
            import pyaudio
        except ImportError as exc:
            raise EngineMissingError("PyAudio is not installed: pip install 'rehearse[microphone]'") from exc
        with wave.open(str(path), "rb") as wav:
            width, channels, rate = wav.getsampwidth(), wav.getnchannels(), wav.getframerate()
            frames = wav.readframes(wav.getnframes())
        with quiet_audio():
            audio = pyaudio.PyAudio()
            try:
                try:
                    audio.get_default_output_device_info()
                    stream = audio.open(
                        format=audio.get_format_from_width(width),
                        channels=channels,
                        rate=rate,
                        output=True,
                    )
                except (OSError, ValueError) as exc:
                    raise AudioDeviceError(f"No sound output found ({exc}): {NO_OUTPUT_HINT}") from exc
                try:
                    stream.write(frames)
                finally:
                    stream.stop_stream()
                    stream.close()
            finally:
                audio.terminate()


PLAYERS: dict[str, Callable[[], Player]] = {
    "aplay": AplayPlayer,
    "pyaudio": PyAudioPlayer,
}


def default_player() -> Player:
    """`aplay` where it is installed, PyAudio otherwise."""
    return AplayPlayer() if shutil.which("aplay") else PyAudioPlayer()


def play_wav(path: Path, player: Player | None = None) -> None:
    """Play `path`; raise AudioDeviceError when there is no sound output."""
    (player or default_player()).play(Path(path))
