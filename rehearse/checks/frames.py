"""Word sets and clause positions shared by the structural detectors (`question`, `request`).

A word set is a tuple of word sequences in normalized form ("i'd like to know" ->
`("id", "like", "to", "know")`); a sequence's word ending in `*` matches any word
starting with the rest ("decid*" matches "decide", "decided", "deciding"). Matching is
exact and whole-word: these sets name grammar (question openers, fillers, statement
cues), where fuzzy scores would blur "is" into "it".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rehearse.checks.text import NEGATION_CUES, Turn, analyse, norm_word

Seq = tuple[str, ...]


@lru_cache(maxsize=1024)
def compile_set(entries: tuple[str, ...]) -> tuple[Seq, ...]:
    """Entries as normalized word sequences; `*` at a word's end is kept as a prefix mark."""
    compiled: list[Seq] = []
    for entry in entries:
        words = tuple(norm_word(w.rstrip("*")) + ("*" if w.endswith("*") else "") for w in entry.split())
        words = tuple(w for w in words if w.rstrip("*"))
        if words:
            compiled.append(words)
    return tuple(compiled)


def _word_matches(word: str, pattern: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern


def match_at(norms: Sequence[str], index: int, seq: Seq) -> bool:
    """Whether `seq` starts at word `index`."""
    if index < 0 or index + len(seq) > len(norms):
        return False
    return all(_word_matches(norms[index + k], p) for k, p in enumerate(seq))


def find_in(norms: Sequence[str], lo: int, hi: int, seqs: Iterable[Seq]) -> list[tuple[int, int]]:
    """Every (first, last) span of any sequence inside words lo..hi (inclusive)."""
    spans: list[tuple[int, int]] = []
    for seq in seqs:
        for index in range(lo, hi - len(seq) + 2):
            if match_at(norms, index, seq):
                spans.append((index, index + len(seq) - 1))
    return sorted(spans)


def ends_before(norms: Sequence[str], lo: int, end: int, seqs: Iterable[Seq]) -> bool:
    """Whether any sequence ends exactly at word `end` and starts at or after `lo`."""
    return any(end - len(s) + 1 >= lo and match_at(norms, end - len(s) + 1, s) for s in seqs)


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
