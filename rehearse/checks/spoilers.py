"""Words that turn a courtesy into sarcasm or a set phrase.

"Thanks for nothing", "thank god that's over", "thanks to your car park I got a ticket",
"cheers for ghosting me", "Thanks a bunch. Not.": the courtesy words are there, the
courtesy is not. A match is spoiled when one of its point's `spoilers` stands near it,
between the same punctuation marks (up to `NEAR` words either side), unless one of the
point's `keep` wordings stands there too ("pass my thanks to the team" is a real thanks
although "thanks to the" can mean "because of"). A short sentence right after the match
that takes it back ("Not.", "Yeah right.") spoils it too.
Matching is exact and whole-word (see `frames`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rehearse.checks.frames import WordSet, find_in
from rehearse.checks.text import Turn

NEAR = 8  # words either side of a match that a spoiler may stand in
_PUNCT = re.compile(r"[,;:.?!]|\s[-–—]\s")
SHORT_SENTENCE = 2  # a sentence this short right after a match ("Not.", "Yeah right.") counts


@dataclass(frozen=True)
class Spoilers:
    spoilers: WordSet
    keep: WordSet

    def __bool__(self) -> bool:
        return bool(self.spoilers)

    def spoil(self, turn: Turn, first: int, last: int) -> bool:
        """Whether the match at words `first`..`last` is sarcasm or a set phrase."""
        if not self.spoilers:
            return False
        words = turn.words
        norms = [w.norm for w in words]
        lo, hi = max(0, first - NEAR), min(len(words) - 1, last + NEAR)

        # Within the match's own stretch between punctuation marks: "no need to thank me for
        # coming in, it was my pleasure" spoils the thanks, not the pleasure. (Clauses split
        # at "so", which would cut "thank you so much for finally picking up".)
        def broken(i: int) -> bool:  # punctuation between word i and word i + 1
            return bool(_PUNCT.search(turn.text[words[i].end : words[i + 1].start]))

        lo = next((i + 1 for i in range(first - 1, lo - 1, -1) if broken(i)), lo)
        hi = next((i for i in range(last, hi) if broken(i)), hi)
        if _tagged(turn, last):
            return True
        if not find_in(norms, lo, hi, self.spoilers):
            return False
        return not find_in(norms, lo, hi, self.keep)


# A short sentence right after the match that takes it back: "Thanks a bunch. Not."
SARCASM_TAGS = frozenset({("not",), ("yeah", "right"), ("as", "if"), ("not", "really")})


def _tagged(turn: Turn, last: int) -> bool:
    _, s_hi = turn.sentence_bounds(last)
    if s_hi + 1 >= len(turn.words):
        return False
    n_lo, n_hi = turn.sentence_bounds(s_hi + 1)
    return (
        n_hi - n_lo + 1 <= SHORT_SENTENCE
        and tuple(w.norm for w in turn.words[n_lo : n_hi + 1]) in SARCASM_TAGS
    )
