"""Read a written call: which lines are the caller's.

One turn per line. `You: ...` (also `Me:`, `Caller:`, or the caller's own
name) or a line with no speaker is the caller; a line with any other speaker
prefix (`Receptionist:`, `Interviewer:`, `Maria:`) is the other side. Blank
lines and lines starting with `#` are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CALLER_LABELS = frozenset({"you", "me", "caller", "i"})

# A speaker prefix: up to four words starting with a letter, then a colon.
_PREFIX = re.compile(r"^\s*([A-Za-z][\w.'-]*(?:\s+[\w.'-]+){0,3})\s*:\s*(.*)$")


@dataclass(frozen=True)
class TranscriptLine:
    speaker: str | None  # None: no prefix given
    text: str
    is_caller: bool


def parse_transcript(text: str, caller_names: tuple[str, ...] = ()) -> list[TranscriptLine]:
    own = CALLER_LABELS | {n.lower() for n in caller_names}
    lines: list[TranscriptLine] = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _PREFIX.match(stripped)
        if match:
            speaker, said = match.group(1).strip(), match.group(2).strip()
            if not said:
                continue
            lines.append(TranscriptLine(speaker, said, speaker.lower() in own))
        else:
            lines.append(TranscriptLine(None, stripped, True))
    return lines


def caller_turns(lines: list[TranscriptLine]) -> list[str]:
    return [line.text for line in lines if line.is_caller]
