"""The listener's "Sorry, I didn't catch that" is said by whoever spoke last."""

from __future__ import annotations

from rehearse.channels.voice import LastLineSpeaker
from rehearse.turns import Line, VoiceHint


class Recorder:
    def __init__(self) -> None:
        self.said: list[Line] = []

    def say(self, line: Line) -> str | None:
        self.said.append(line)
        return None


def test_notice_in_the_voice_of_the_last_line() -> None:
    inner = Recorder()
    speaker = LastLineSpeaker(inner)
    assert speaker.repeat_as("Sorry, I didn't catch that.") is False
    voice = VoiceHint(gender="female", rate=165)
    speaker.say(Line("receptionist", "Receptionist", "How can I help you?", voice))
    assert speaker.repeat_as("Sorry, I didn't catch that.") is True
    assert inner.said[-1] == Line("receptionist", "Receptionist", "Sorry, I didn't catch that.", voice)
