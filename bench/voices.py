"""The other side's voices: load time, time to first audio of a reply, real-time factor.

First, every line the follow-up script can say (rendered for the sample caller), said cold by
each engine through `VoiceSpeaker` with the telephone line on and a player that takes each piece
at once: load time, the whole line's synthesis (the old way, before lines were spoken in pieces)
beside the first piece's, and the real-time factor. Then whole calls in real time, one per
scenario, with a player that takes as long as the audio lasts (no sound card here) and the
sample caller's turns: "time to first audio" is from a line being decided (`say()` called) to
its first sound being handed to the player, without and with the next lines prepared ahead.

.venv/bin/python -m bench.voices
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import time
import wave
from pathlib import Path

from bench.common import SAMPLE_PROFILE, percentile
from rehearse.app.demo import get_caller
from rehearse.channels.speaker import PrintSpeaker, VoiceSpeaker
from rehearse.dialogue.dialogue import Dialogue
from rehearse.speech.audio.phone_line import PhoneLine
from rehearse.speech.synthesis.espeak import Synthesizer
from rehearse.speech.synthesis.voice_bank import VoiceBank
from rehearse.templates import render
from rehearse.turns import Line, Utterance, VoiceHint

TARGET_FIRST_AUDIO_S = 0.15
CALLER_SPEAKS_S = 2.0
SAMPLE_TODAY = SAMPLE_PROFILE.interview_date + dt.timedelta(days=9)
SCENARIOS = ("open", "pending", "filled", "unavailable")
ENGINES = {
    "espeak-ng": VoiceHint(gender="female", rate=165),
    "piper": VoiceHint(engine="piper", name="en_US-joe-medium", gender="male", rate=150),
}


class InstantPlayer:
    """The sound card's stand-in for timing synthesis alone: takes each piece at once."""

    def play(self, path: Path) -> None:
        return None


class RealTimePlayer:
    """The sound card's stand-in for a call: takes as long as the piece lasts, as playing does."""

    def play(self, path: Path) -> None:
        with wave.open(str(path), "rb") as wav:
            time.sleep(wav.getnframes() / wav.getframerate())


class SampleCallerTurns:
    """The sample caller's turns as text, each after CALLER_SPEAKS_S of speaking."""

    def __init__(self, dialogue: Dialogue) -> None:
        self.dialogue = dialogue
        self.caller = get_caller("complete")
        self.values = dialogue.facts.profile.template_values()

    def listen(self) -> Utterance:
        time.sleep(CALLER_SPEAKS_S)
        return Utterance(self.caller.answer("follow-up", self.dialogue.state.step, self.values))


class NoWarning:
    """The speaker without `expect`: how a call went before replies were prepared ahead."""

    def __init__(self, inner: VoiceSpeaker) -> None:
        self.inner = inner

    def say(self, line: Line) -> str | None:
        return self.inner.say(line)


def script_lines() -> list[str]:
    from rehearse.script.loader import load_bundled

    values = SAMPLE_PROFILE.template_values()
    lines = {render(text, values) for step in load_bundled("follow-up").steps.values() for text in step.say}
    return sorted(line for line in lines if line.strip())


def _figures(values: list[float]) -> str:
    return f"{statistics.median(values):.3f}/{percentile(values, 0.95):.3f}/{max(values):.3f}"


def synthesis_table() -> None:
    lines = script_lines()
    words = sum(len(line.split()) for line in lines)
    print(
        f"Every line of the follow-up script ({len(lines)} lines, {words} words), phone line on, said cold:"
    )
    print(f"  {'engine':10} {'load s':>7} {'whole line s':>19} {'first piece s':>19} {'RTF':>6}")
    print(f"  {'':10} {'':>7} {'p50/p95/max':>19} {'p50/p95/max':>19}")
    for label, hint in ENGINES.items():
        started = time.perf_counter()
        bank = VoiceBank(Synthesizer())
        bank.prepare([hint])
        load = time.perf_counter() - started
        speaker = VoiceSpeaker(
            voices=bank, player=InstantPlayer(), fallback=PrintSpeaker(), phone_line=PhoneLine()
        )
        whole: list[float] = []
        synth_seconds = audio_seconds = 0.0
        phone = PhoneLine()
        for text in lines:
            speaker.say(Line("other", "Other", text, hint))
            started = time.perf_counter()
            samples, rate = bank.engine_for(hint).speak(text, hint, 0)
            phone.apply(samples, rate)
            elapsed = time.perf_counter() - started
            whole.append(elapsed)
            synth_seconds += elapsed
            audio_seconds += samples.size / rate
        speaker.close()
        print(
            f"  {label:10} {load:7.2f} {_figures(whole):>19} {_figures(speaker.first_audio):>19} "
            f"{synth_seconds / audio_seconds:6.3f}"
        )
        if bank.substitutes:
            print(f"  note: {label} was not available ({bank.substitutes}); espeak-ng spoke instead")


def call_table() -> bool:
    """Whole calls in real time (playing and the caller speaking take as long as they would)."""
    from rehearse.checks.base import Facts
    from rehearse.dialogue.call import run_call
    from rehearse.script.loader import load_bundled

    script = load_bundled("follow-up")
    facts = Facts(profile=SAMPLE_PROFILE, today=SAMPLE_TODAY)
    bank = VoiceBank(Synthesizer())
    bank.prepare([role.voice for role in script.roles.values()])
    print(
        f"\nWhole calls in real time, one per scenario ({', '.join(SCENARIOS)}), the caller speaking "
        f"{CALLER_SPEAKS_S} s a turn;\nseconds from a line being decided to its first sound (replies = the "
        "first line after each caller turn):"
    )
    print(f"  {'setup':36} {'replies p50/p95/max':>21} {'all lines p50/p95/max':>23}")
    met = True
    for label, warned in (("pieces, cold (before)", False), ("pieces, next lines ready (now)", True)):
        replies: list[float] = []
        every: list[float] = []
        for scenario in SCENARIOS:
            dialogue = Dialogue(script, facts, seed=3, scenario=scenario)
            speaker = VoiceSpeaker(
                voices=bank,
                player=RealTimePlayer(),
                fallback=PrintSpeaker(io.StringIO()),
                phone_line=PhoneLine(),
            )
            turns = SampleCallerTurns(dialogue)
            marks = _ReplyMarks(speaker, dialogue)
            run_call(dialogue, marks if warned else NoWarning(marks), turns)
            replies += [speaker.first_audio[i] for i in marks.reply_indexes if i < len(speaker.first_audio)]
            every += speaker.first_audio
            speaker.close()
        p95 = percentile(replies, 0.95)
        print(f"  {label:36} {_figures(replies):>21} {_figures(every):>23}")
        if warned:
            met = p95 <= TARGET_FIRST_AUDIO_S
            verdict = "meets" if met else "MISSES"
            print(f"  {verdict} the {TARGET_FIRST_AUDIO_S} s target for replies (p95)")
    return met


class _ReplyMarks:
    """Passes lines on to the speaker and notes which of them open a reply."""

    def __init__(self, inner: VoiceSpeaker, dialogue: Dialogue) -> None:
        self.inner = inner
        self.dialogue = dialogue
        self.reply_indexes: list[int] = []
        self._turns_seen = 0
        self._said = 0

    def expect(self, lines: list[Line]) -> None:
        self.inner.expect(lines)

    def say(self, line: Line) -> str | None:
        turns = len(self.dialogue.caller_turns)
        if turns > self._turns_seen:
            self._turns_seen = turns
            self.reply_indexes.append(self._said)
        self._said += 1
        return self.inner.say(line)


def main() -> int:
    synthesis_table()
    call_table()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
