"""Read a written call: which lines are the caller's.

One turn per line. A line may start with a speaker label and a colon. The caller's
labels are `You`, `Me`, `Caller`, `I` and the caller's own name; any other label marks
the other side, in any script: `Receptionist:`, `Maria:`, `李雷:`, `Émile:`,
`Interviewer (Maria):`. A line with no label is the caller's.

Not every colon ends a label: "Quick question: is it still open?" is something the
caller said. Text before a colon is taken as a label when it is a known role or name,
when it looks like a name (every word capitalized, or in a script without capitals), or
when the same text labels more than one line. "At 2:30" is a time, never a label.
Blank lines and lines starting with `#` are skipped; a UTF-8 byte-order mark is ignored.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import BinaryIO

from rehearse.errors import InputFileError, read_user_file
from rehearse.profile.model import Profile
from rehearse.script.model import CallScript
from rehearse.turns import WRITTEN, Line, Said, Utterance

CALLER_LABELS = frozenset({"you", "me", "caller", "i", "myself", "candidate", "applicant"})
OTHER_LABELS = frozenset(
    {
        "receptionist",
        "reception",
        "interviewer",
        "recruiter",
        "hr",
        "them",
        "other",
        "operator",
        "assistant",
        "manager",
        "hiring manager",
        "front desk",
        "voicemail",
        "agent",
    }
)

# Longest transcript `check` reads: far more than any phone call (a five-minute call is about
# 800 words), small enough that judging it takes well under a second.
MAX_CHARACTERS = 20_000

# A label: up to four words starting with a letter (any script), an optional "(...)", then a
# colon (ASCII or full-width) that is not the colon of a time such as "2:30".
_PREFIX = re.compile(
    r"^([^\W\d_][\w.'’-]*(?:\s+[\w.'’-]+){0,3}(?:\s*\([^()]{1,40}\))?)\s*[:：](?!\d)\s*(.*)$"
)
_PARENTHESIS = re.compile(r"\s*\(.*\)$")


def decode_transcript(data: bytes, source: str) -> str:
    """The text of a transcript file, or one clear error for anything that is not a call."""
    text = decode_text(data, source)
    if not text.strip():
        raise InputFileError(f"{source}: the transcript is empty")
    check_length(len(text), source)
    return text


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 text (a byte-order mark dropped), or one clear error for bytes that are not text:
    the same for a transcript `check` reads and for the turns `practice` reads from a pipe."""
    if b"\x00" in data:
        raise InputFileError(f"{source}: not a text file (expected UTF-8 text, one turn per line)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError(f"{source}: not UTF-8 text (save it as UTF-8, one turn per line)") from None


def check_length(characters: int, source: str, *, at_least: bool = False) -> None:
    """One call holds at most MAX_CHARACTERS characters (`at_least`: more were not even read)."""
    if characters > MAX_CHARACTERS:
        count = f"{'at least ' if at_least else ''}{characters:,} characters"
        raise InputFileError(f"{source}: too long for one call ({count}; at most {MAX_CHARACTERS:,})")


def parse_transcript(
    text: str, caller_names: tuple[str, ...] = (), other_names: tuple[str, ...] = ()
) -> list[Said]:
    own = CALLER_LABELS | {n.lower() for n in caller_names if n}
    others = OTHER_LABELS | {n.lower() for n in other_names if n}
    raw_lines = text.removeprefix("\ufeff").splitlines()
    candidates = [_PREFIX.match(raw.strip()) for raw in raw_lines]
    repeated = Counter(_base(m.group(1)) for m in candidates if m)
    lines: list[Said] = []
    for number, (raw, match) in enumerate(zip(raw_lines, candidates, strict=True), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if match and _is_label(match.group(1), own | others, repeated):
            speaker, said = match.group(1).strip(), match.group(2).strip()
            if said:
                lines.append(
                    Utterance(said, source=WRITTEN, line=number, speaker=speaker)
                    if _base(speaker) in own
                    else Line(role=None, speaker=speaker, text=said, line=number)
                )
            continue
        lines.append(Utterance(stripped, source=WRITTEN, line=number))
    return lines


def caller_turns(lines: list[Said]) -> list[Utterance]:
    """The caller's turns of a written call, in order."""
    return [line for line in lines if isinstance(line, Utterance)]


def _base(label: str) -> str:
    """A label without its "(...)", lowercased, spaces collapsed."""
    return " ".join(_PARENTHESIS.sub("", label).lower().split())


def _is_label(label: str, known: frozenset[str], repeated: Counter[str]) -> bool:
    base = _base(label)
    if base in known or repeated[base] > 1:
        return True
    return all(_name_like(word) for word in _PARENTHESIS.sub("", label).split())


def _name_like(word: str) -> bool:
    first = word[0]
    return first.isupper() or (first.isalpha() and first.lower() == first.upper())


# Bytes enough for any call within MAX_CHARACTERS (UTF-8 takes at most 4 a character; a BOM 3).
READ_LIMIT = MAX_CHARACTERS * 4 + 3


def read_source(name: str, stdin: BinaryIO) -> bytes:
    """The bytes of a transcript file, or of standard input for "-", or one clear error.

    Standard input is read only as far as a call can go, so an endless stream (`< /dev/zero`)
    is refused at once instead of read to its end."""
    if name != "-":
        return read_user_file(Path(name), "transcript file")
    data = stdin.read(READ_LIMIT + 1)
    if len(data) > READ_LIMIT:
        source = source_label(name)
        for cut in range(4):  # the read may have stopped inside a character
            try:
                text = decode_text(data[: len(data) - cut], source)
            except InputFileError:
                if cut == 3:
                    raise
                continue
            check_length(len(text), source, at_least=True)
            break
    return data


def source_label(name: str) -> str:
    return "standard input" if name == "-" else name


def read_written_call(name: str, stdin: BinaryIO, script: CallScript, profile: Profile) -> list[Said]:
    """A written call, each line the caller's or the other side's; the other side is known by
    the script's roles and the profile's interviewer and company."""
    source = source_label(name)
    text = decode_transcript(read_source(name, stdin), source)
    roles = [role.label for role in script.roles.values()] + list(script.roles)
    others = (profile.interviewer, profile.interviewer_first_name, profile.company, *roles)
    lines = parse_transcript(text, (profile.name, profile.first_name), tuple(others))
    if not caller_turns(lines):
        raise InputFileError(f"{source}: no caller lines found (write them as `You: ...`)")
    return lines
