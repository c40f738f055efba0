"""Whole-word fuzzy phrase matching over caller turns.

A phrase of n words is compared with every run of n-1, n and n+1 consecutive
words of a turn using `fuzz.ratio`, so a phrase never matches inside a longer
word ("no" in "know") and a subset never scores 100 the way `token_set_ratio`
or `partial_ratio` would ("interested" inside "not interested"). A window one
word shorter is tried only for phrases of three words or more, and one-word
phrases shorter than five letters must match exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from rehearse.checks.text import Turn, analyse, negated, norm_word

if TYPE_CHECKING:
    from rehearse.checks.spoilers import Spoilers

SHORT_WORD = 5  # one-word phrases shorter than this must match exactly
EDGE = 70  # a window's first and last words must score this much against the phrase's
EXACT_EDGE = 3  # a phrase's first or last word this short must be matched exactly
TINY_WORD = 2  # one-word phrases this short must stand alone in their clause
ALONE_WITH = frozenset(
    "ok okay right oh ah well lovely great love mate bye then thanks cheers very much brilliant "
    "cool perfect super nice good fab sound grand".split()
)


def _edges_match(window: str, phrase: str) -> bool:
    """Whether a window starts and ends like the phrase.

    Without this, a long phrase matches a window that differs only at its
    ends: "calling about the position" for "following up on the position",
    "just tell her" for "just tell me".
    """
    got, want = window.split(), phrase.split()
    if len(want) < 2:
        return True
    for mine, theirs in ((got[0], want[0]), (got[-1], want[-1])):
        # A short word one letter off is another word: "many dates" is not "any updates".
        if len(theirs) <= EXACT_EDGE and mine != theirs:
            return False
        if fuzz.ratio(mine, theirs, processor=default_process) < EDGE:
            return False
    return True


@dataclass(frozen=True)
class Match:
    turn: int
    first: int  # word indexes in the turn, inclusive
    last: int
    score: float
    phrase: str

    def evidence(self, turns: Sequence[str]) -> str:
        return analyse(turns[self.turn]).evidence(self.first, self.last)

    def said(self, turns: Sequence[str]) -> str:
        return analyse(turns[self.turn]).span(self.first, self.last)


def phrase_key(phrase: str) -> str:
    """A phrase as matched: normalized words joined by single spaces."""
    return " ".join(norm_word(w.text) for w in analyse(phrase).words)


@lru_cache(maxsize=8192)
def _windows(text: str, size: int) -> tuple[tuple[str, ...], tuple[int, ...]]:
    words = analyse(text).words
    starts = tuple(range(len(words) - size + 1))
    return tuple(" ".join(w.norm for w in words[i : i + size]) for i in starts), starts


@lru_cache(maxsize=256)
def _by_length(phrases: tuple[str, ...]) -> dict[int, list[str]]:
    """Phrase keys grouped by word count (built once per phrase list, not per call)."""
    by_len: dict[int, list[str]] = {}
    for key in dict.fromkeys(phrase_key(p) for p in phrases):
        if key:
            by_len.setdefault(len(key.split()), []).append(key)
    return by_len


def _sizes(n: int) -> tuple[int, ...]:
    if n == 1:
        return (1, 2)
    if n == 2:
        return (2, 3)
    return (n - 1, n, n + 1)


def find_all(
    turns: Sequence[str],
    phrases: Sequence[str],
    threshold: float,
    *,
    negation: bool = False,
    reach: int = 3,
    cancel: tuple[tuple[str, ...], ...] = (),
    cancel_reach: int = 2,
    spoilers: Spoilers | None = None,
) -> list[Match]:
    """Every non-overlapping best match of any phrase, in turn order.

    With `negation`, a match governed by a negation cue (see `text.negated`)
    is dropped, unless the phrase itself holds that cue. A match is dropped
    too when one of the `cancel` words comes up to `cancel_reach` words before
    it in its clause ("I know the job is still open" is no question), and when
    `spoilers` make it sarcasm or a set phrase ("thanks for nothing").
    """
    by_len = _by_length(tuple(phrases))
    found: list[Match] = []
    for turn_index, text in enumerate(turns):
        turn = analyse(text)
        if not turn.words:
            continue
        candidates: list[Match] = []
        for n, queries in by_len.items():
            for size in _sizes(n):
                windows, starts = _windows(text, size)
                if not windows:
                    continue
                scores = process.cdist(
                    queries,
                    windows,
                    scorer=fuzz.ratio,
                    processor=default_process,
                    score_cutoff=threshold,
                )
                for qi, wi in zip(*scores.nonzero(), strict=True):
                    key = queries[qi]
                    if n == 1 and len(key) < SHORT_WORD and windows[wi] != key:
                        continue
                    if n == 1 and len(key) <= TINY_WORD and not _alone(turn, starts[wi]):
                        continue
                    if not _edges_match(windows[wi], key):
                        continue
                    first = starts[wi]
                    candidates.append(Match(turn_index, first, first + size - 1, float(scores[qi, wi]), key))
        candidates.sort(key=lambda m: (-m.score, m.first))
        taken: list[Match] = []
        vetoed: list[Match] = []
        for match in candidates:
            if any(m.first <= match.last and match.first <= m.last for m in taken + vetoed):
                continue
            if (
                (negation and _governed(turn, match, reach))
                or _cancelled(turn, match, cancel, cancel_reach)
                or (spoilers is not None and spoilers.spoil(turn, match.first, match.last))
            ):
                vetoed.append(match)
                continue
            taken.append(match)
        found.extend(sorted(taken, key=lambda m: m.first))
    return found


def _alone(turn: Turn, index: int) -> bool:
    """Whether word `index` is its clause's only word besides a few that go with it."""
    clause = turn.words[index].clause
    return all(w.norm in ALONE_WITH for i, w in enumerate(turn.words) if w.clause == clause and i != index)


def _governed(turn: Turn, match: Match, reach: int) -> bool:
    phrase_has_cue = negated(analyse(match.phrase), 0, len(match.phrase.split()) - 1, 0)
    return not phrase_has_cue and negated(turn, match.first, match.last, reach)


def _cancelled(turn: Turn, match: Match, cancel: tuple[tuple[str, ...], ...], reach: int) -> bool:
    """Whether a cancel phrase ends within `reach` words before the match, in its clause."""
    words = turn.words
    clause = words[match.first].clause
    for words_of in cancel:
        size = len(words_of)
        for end in range(match.first - 1, max(-1, match.first - 1 - reach), -1):
            start = end - size + 1
            if start < 0 or words[start].clause != clause or words[end].clause != clause:
                continue
            if tuple(w.norm for w in words[start : end + 1]) == words_of:
                return True
    return False


def find_first(
    turns: Sequence[str],
    phrases: Sequence[str],
    threshold: float,
    *,
    negation: bool = False,
    reach: int = 3,
    cancel: tuple[tuple[str, ...], ...] = (),
    cancel_reach: int = 2,
    spoilers: Spoilers | None = None,
) -> Match | None:
    matches = find_all(
        turns,
        phrases,
        threshold,
        negation=negation,
        reach=reach,
        cancel=cancel,
        cancel_reach=cancel_reach,
        spoilers=spoilers,
    )
    return matches[0] if matches else None
