"""Filler words and hedges in what the caller said: whole words, multi-word runs, in data.

Pure: a turn's tokens in, hits out. A token is a lowercase word ("i'd", "2pm") or a
punctuation mark ("," "." "?"), each tagged with the index of the recognized word it came
from, so a hit can be placed in time when the turn has word timings.

Three tables, all data:

- `HESITATION` (a pattern): sounds, not words: "um", "uhh", "erm", "hmm". Recognizers often
  leave them out (Whisper almost always does), so they are counted apart.
- `FILLER_WORDS`: real words used as fillers: "you know", "i mean", "sort of", "basically",
  and "like" in its filler uses only (see `_like_is_filler`). Each has `not_after` /
  `not_before` words that make it a plain use ("do you know", "what sort of role",
  "i mean to").
- `HEDGES`: wordings that soften or undercut the message ("just", "sorry to bother you",
  "i was only wondering", "kind of", "maybe"). A hedge said once is fine; each has the
  number of times (`repeats`) from which it is worth pointing out.

A word counted by one run is never counted again by another ("i was just wondering" is the
one hedge, not that hedge and "just").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*|[,;:.!?…]|--?")
PUNCTUATION = frozenset(",;:.!?…-")
BE_FORMS = frozenset("is was were am are be been being 's 'm 're it's that's he's she's".split())


@dataclass(frozen=True)
class Token:
    text: str
    word: int | None  # index of the recognized word it came from (None for typed text)

    @property
    def is_word(self) -> bool:
        return self.text not in PUNCTUATION


def tokens(text: str, word: int | None = None) -> list[Token]:
    """Lowercase word and punctuation tokens of `text` (curly apostrophes read as straight)."""
    clean = text.lower().replace("’", "'").replace("‘", "'")
    return [Token(t, word) for t in _TOKEN.findall(clean)]


@dataclass(frozen=True)
class Phrase:
    """A wording to find, as whole words; `label` groups variants ("sorry to bother" -> ...)."""

    words: tuple[str, ...]
    label: str
    not_after: frozenset[str] = frozenset()  # a plain use when the word before is one of these
    not_before: frozenset[str] = frozenset()  # ... or the word after is one of these
    repeats: int = 1  # hedges: how many times before it is worth saying


def phrase(
    text: str, label: str | None = None, *, not_after: str = "", not_before: str = "", repeats: int = 1
) -> Phrase:
    return Phrase(
        tuple(text.split()),
        label or text,
        frozenset(not_after.split()),
        frozenset(not_before.split()),
        repeats,
    )


# Sounds rather than words: um, umm, uh, uhh, uhm, er, erm, hmm, mm.
HESITATION = re.compile(r"u+[hm]+|e+r+m*|h+m+|m{2,}")

_DETERMINERS = "what that this the a an any some which all one every these those no each"

FILLER_WORDS: tuple[Phrase, ...] = (
    # "do you know when...", "I'll let you know", "as you know": asking or telling, not filling.
    phrase(
        "you know",
        not_after="do did does would will could can let to if don't didn't as whether "
        "might may should i'd i'll we'll",
    ),
    # "I mean to call back" is an intent; "what I mean is" explains.
    phrase("i mean", not_after="what", not_before="to it that"),
    # "what sort of role", "that sort of thing": a kind of something.
    phrase("sort of", not_after=_DETERMINERS),
    phrase("basically"),
    phrase("like"),  # only its filler uses count: see _like_is_filler
)

HEDGES: tuple[Phrase, ...] = (
    phrase("sorry to bother you", "sorry to bother you", repeats=2),
    phrase("sorry to bother", "sorry to bother you", repeats=2),
    phrase("sorry for bothering you", "sorry to bother you", repeats=2),
    phrase("sorry to disturb you", "sorry to bother you", repeats=2),
    phrase("i was only wondering", "I was only wondering", repeats=2),
    phrase("i was just wondering", "I was only wondering", repeats=2),
    phrase("i'm only wondering", "I was only wondering", repeats=2),
    phrase("i just wanted to", "I just wanted to", repeats=2),
    phrase("if it's not too much trouble", repeats=2),
    phrase("kind of", not_after=_DETERMINERS, repeats=2),
    phrase("i guess", "I guess", repeats=2),
    phrase("maybe", repeats=3),
    phrase("perhaps", repeats=3),
    phrase("just", repeats=3),
)


@dataclass(frozen=True)
class Hit:
    label: str
    first: int  # token index of its first word
    last: int  # token index of its last word


def _words_at(toks: Sequence[Token], start: int, count: int) -> list[int] | None:
    """Indexes of `count` word tokens from `start` with no punctuation between them."""
    out = []
    i = start
    while len(out) < count:
        if i >= len(toks) or not toks[i].is_word:
            return None
        out.append(i)
        i += 1
    return out


def _neighbour(toks: Sequence[Token], index: int, step: int) -> Token | None:
    j = index + step
    return toks[j] if 0 <= j < len(toks) else None


def _like_is_filler(toks: Sequence[Token], i: int) -> bool:
    """'like' as a filler: set off by commas ("it was, like, great"), before another filler
    ("like, um" / "like you know"), or right after a form of 'be' ("it was like really good",
    "I was like, wow"). Everything else is the verb or the comparison ("I'd like to",
    "I like the role", "sounds like", "something like that", "what is it like?")."""
    before, after = _neighbour(toks, i, -1), _neighbour(toks, i, 1)
    if after is None or after.text in ".?!":
        return False  # "what is it like?", "I'd like."
    if after.text == "," and (before is None or not before.is_word or before.text in BE_FORMS):
        return True
    if HESITATION.fullmatch(after.text) or after.text in ("you", "basically"):
        nxt = _neighbour(toks, i, 2)
        return after.text != "you" or (nxt is not None and nxt.text == "know")
    if before is not None and before.text in BE_FORMS:
        return after.text != "to"
    return False


def _match(toks: Sequence[Token], start: int, entry: Phrase, used: set[int]) -> list[int] | None:
    at = _words_at(toks, start, len(entry.words))
    if at is None or any(i in used for i in at):
        return None
    if [toks[i].text for i in at] != list(entry.words):
        return None
    before, after = _neighbour(toks, at[0], -1), _neighbour(toks, at[-1], 1)
    if before is not None and before.text in entry.not_after:
        return None
    if after is not None and after.text in entry.not_before:
        return None
    if entry.words == ("like",) and not _like_is_filler(toks, at[0]):
        return None
    return at


def find_phrases(toks: Sequence[Token], table: Sequence[Phrase], used: set[int] | None = None) -> list[Hit]:
    """Every whole-word hit of `table` in `toks`, longest wordings first, never overlapping;
    the token indexes they take are added to `used`."""
    used = set() if used is None else used
    hits = []
    for entry in sorted(table, key=lambda p: -len(p.words)):
        for start in range(len(toks)):
            at = _match(toks, start, entry, used)
            if at is not None:
                used.update(at)
                hits.append(Hit(entry.label, at[0], at[-1]))
    return sorted(hits, key=lambda h: h.first)


def find_hesitations(toks: Sequence[Token], used: set[int] | None = None) -> list[Hit]:
    used = set() if used is None else used
    hits = [
        Hit(hesitation_label(t.text), i, i)
        for i, t in enumerate(toks)
        if t.is_word and i not in used and HESITATION.fullmatch(t.text)
    ]
    used.update(h.first for h in hits)
    return hits


def hesitation_label(text: str) -> str:
    """One label per sound: "umm" and "uhm" are "um", "uhh" is "uh", "erm" is "er"."""
    if text.startswith("u"):
        return "uh" if "m" not in text else "um"
    if text.startswith("e"):
        return "er"
    return "hmm" if text.startswith("h") else "mm"
