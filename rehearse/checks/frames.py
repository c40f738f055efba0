"""Word sets and clause positions shared by the structural detectors (`question`, `request`).

A word set is a tuple of word sequences in normalized form ("i'd like to know" ->
`("id", "like", "to", "know")`); a sequence's word ending in `*` matches any word
starting with the rest ("decid*" matches "decide", "decided", "deciding"). Matching is
exact and whole-word: these sets name grammar (question openers, fillers, statement
cues), where fuzzy scores would blur "is" into "it".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rehearse.checks.text import NEGATION_CUES, Turn, analyse, norm_word

Seq = tuple[str, ...]


class WordSet:
    """Word sequences indexed by their first and last words, for quick lookups."""

    def __init__(self, seqs: tuple[Seq, ...]) -> None:
        self.seqs = seqs
        self._first: dict[str, list[Seq]] = {}
        self._last: dict[str, list[Seq]] = {}
        self._wild_first: list[Seq] = []
        self._wild_last: list[Seq] = []
        for seq in seqs:
            for key, table, wild in (
                (seq[0], self._first, self._wild_first),
                (seq[-1], self._last, self._wild_last),
            ):
                if key.endswith("*"):
                    wild.append(seq)
                else:
                    table.setdefault(key, []).append(seq)

    def __bool__(self) -> bool:
        return bool(self.seqs)

    def starting(self, word: str) -> list[Seq]:
        return self._first.get(word, []) + [s for s in self._wild_first if word.startswith(s[0][:-1])]

    def ending(self, word: str) -> list[Seq]:
        return self._last.get(word, []) + [s for s in self._wild_last if word.startswith(s[-1][:-1])]


@lru_cache(maxsize=1024)
def compile_set(entries: tuple[str, ...]) -> WordSet:
    """Entries as normalized word sequences; `*` at a word's end is kept as a prefix mark."""
    compiled: list[Seq] = []
    for entry in entries:
        words = tuple(norm_word(w.rstrip("*")) + ("*" if w.endswith("*") else "") for w in entry.split())
        words = tuple(w for w in words if w.rstrip("*"))
        if words:
            compiled.append(words)
    return WordSet(tuple(compiled))


def _word_matches(word: str, pattern: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern


def match_at(norms: Sequence[str], index: int, seq: Seq) -> bool:
    """Whether `seq` starts at word `index`."""
    if index < 0 or index + len(seq) > len(norms):
        return False
    return all(_word_matches(norms[index + k], p) for k, p in enumerate(seq))


def find_in(norms: Sequence[str], lo: int, hi: int, words: WordSet) -> list[tuple[int, int]]:
    """Every (first, last) span of any sequence inside words lo..hi (inclusive)."""
    spans: list[tuple[int, int]] = []
    if not words:
        return spans
    for index in range(lo, hi + 1):
        for seq in words.starting(norms[index]):
            end = index + len(seq) - 1
            if end <= hi and match_at(norms, index, seq):
                spans.append((index, end))
    return spans


def ends_before(norms: Sequence[str], lo: int, end: int, words: WordSet) -> bool:
    """Whether any sequence ends exactly at word `end` and starts at or after `lo`."""
    if end < 0 or end >= len(norms) or not words:
        return False
    return any(
        end - len(s) + 1 >= lo and match_at(norms, end - len(s) + 1, s) for s in words.ending(norms[end])
    )


@dataclass(frozen=True)
class Clause:
    first: int  # word indexes in the turn, inclusive
    last: int


@lru_cache(maxsize=4096)
def clauses(text: str) -> tuple[Clause, ...]:
    words = analyse(text).words
    found: list[Clause] = []
    start = 0
    for index in range(1, len(words) + 1):
        if index == len(words) or words[index].clause != words[start].clause:
            found.append(Clause(start, index - 1))
            start = index
    return tuple(found)


@lru_cache(maxsize=4096)
def norms_of(text: str) -> tuple[str, ...]:
    return tuple(w.norm for w in analyse(text).words)


def sentence_ends_with_question(turn: Turn, index: int) -> bool:
    """Whether the sentence holding word `index` ends with a question mark."""
    _, last = turn.sentence_bounds(index)
    tail = turn.text[turn.words[last].end :]
    for char in tail:
        if char == "?":
            return True
        if char in ".!;":
            return False
    return False


def negation_between(norms: Sequence[str], lo: int, hi: int) -> bool:
    """Whether a negation cue stands among words lo..hi-1 (the `no` of "no longer" too)."""
    return any(norms[i] in NEGATION_CUES for i in range(max(0, lo), hi))
