"""How long a pause ends the caller's turn, judged from what they have said so far.

People leave a gap of a fraction of a second before answering, and a caller who stops after a
question wants the answer at once; one who stops after "um", "and" or "so" is still thinking
and must not be cut off. A listener that can decode during the pause (`peek()`) asks
`pause_after(text)` once the partial text is ready:

- a question ("... is the position still open?"): `question_pause`;
- a turn that ends on a filler or a joining word ("I interviewed on, um"): `holding_pause`;
- anything else: `pause`, the listener's ordinary pause.

A statement that looks finished keeps the ordinary pause: callers often go on after one
("Hi, this is Jordan Lee. [pause] I'm calling about...").

Pure: text in, seconds out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HOLDING_WORDS = frozenset(
    "um umm uh uhh er erm hmm mm like and but so or because cause then also plus if "
    "the a an my your our their this that to of for with on at in about from by as "
    "is was were are am i i'm we you it's which who when where whether than".split()
)
_WORDS = re.compile(r"[a-z']+")


@dataclass(frozen=True)
class TurnEnd:
    speculate_after: float = 0.25  # seconds of quiet before the listener decodes what it has
    pause: float = 0.8  # the ordinary pause that ends a turn
    question_pause: float = 0.45  # after a question
    holding_pause: float = 1.3  # after "um", "and", "so"...

    def pause_after(self, text: str) -> float:
        """Seconds of quiet that end a turn whose words so far are `text`."""
        stripped = text.strip()
        words = _WORDS.findall(stripped.lower().replace("’", "'"))
        if not words:
            return self.pause
        if words[-1] in HOLDING_WORDS or stripped.endswith((",", "...", "…", "-")):
            return self.holding_pause
        if stripped.endswith("?"):
            return self.question_pause
        return self.pause
