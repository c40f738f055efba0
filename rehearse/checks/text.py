"""Text helpers every detector shares: words with their place in the turn, clauses, negation.

Caller turns are often speech-recognizer output: lowercase, unpunctuated, with
`im` for `i'm`. Words keep their character offsets so evidence can be quoted as
the caller said it. Clauses split at punctuation and at joining words (`but`,
`and`, `so`...), which is the best one can do without punctuation; they bound
negation scope and the evidence quoted back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
_CLAUSE_PUNCT = re.compile(r"[.,;:?!]|\s[-–—]\s")
_SENTENCE_PUNCT = re.compile(r"[.;?!]")

# A new clause starts at these words in unpunctuated speech.
CLAUSE_BREAKS = frozenset(
    "but and so because though although also plus anyway however whereas if whether while".split()
)

# Titles whose abbreviating full stop is no sentence end.
TITLES = frozenset("mr mrs ms dr st".split())

# Words that negate what follows in their clause.
NEGATION_CUES = frozenset(
    "not never neither nor nothing without cannot dont doesnt didnt isnt wasnt arent werent "
    "havent hasnt hadnt wont wouldnt cant couldnt shouldnt aint longer".split()
)


@dataclass(frozen=True)
class Word:
    text: str  # as said
    norm: str  # lowercase, apostrophes dropped: "i'm" -> "im"
    start: int
    end: int
    clause: int  # index of the clause the word is in
    sentence: int  # index of the punctuated sentence (or stretch) the word is in


@dataclass(frozen=True)
class Turn:
    text: str
    words: tuple[Word, ...]

    def span(self, first: int, last: int) -> str:
        """The caller's own text from word `first` to word `last` (inclusive)."""
        return self.text[self.words[first].start : self.words[last].end]

    def sentence_bounds(self, index: int) -> tuple[int, int]:
        """First and last word index of the sentence holding word `index`."""
        sentence = self.words[index].sentence
        first = index
        while first > 0 and self.words[first - 1].sentence == sentence:
            first -= 1
        last = index
        while last + 1 < len(self.words) and self.words[last + 1].sentence == sentence:
            last += 1
        return first, last

    def evidence(self, first: int, last: int, context: int = 6) -> str:
        """The sentence around words `first`..`last`, trimmed to `context` words each side."""
        lo, _ = self.sentence_bounds(first)
        _, hi = self.sentence_bounds(last)
        lo = max(lo, first - context)
        hi = min(hi, last + context)
        return self.span(lo, hi)


def norm_word(word: str) -> str:
    return word.lower().replace("'", "").replace("’", "")


@lru_cache(maxsize=4096)
def analyse(text: str) -> Turn:
    """Split a turn into words, each tagged with its clause."""
    words: list[Word] = []
    clause = sentence = 0
    previous_end = 0
    for match in _WORD.finditer(text):
        gap = text[previous_end : match.start()]
        previous_end = match.end()
        norm = norm_word(match.group(0))
        if words:
            # "Mr. Okafor": the title's full stop ends nothing.
            titled = words[-1].norm in TITLES and gap.strip() == "."
            if _SENTENCE_PUNCT.search(gap) and not titled:
                sentence += 1
            if (_CLAUSE_PUNCT.search(gap) and not titled) or norm in CLAUSE_BREAKS:
                clause += 1
        words.append(Word(match.group(0), norm, match.start(), match.end(), clause, sentence))
    return Turn(text, tuple(words))


def negated(turn: Turn, first: int, last: int, reach: int = 3, inside: bool = True) -> bool:
    """Whether a negation cue governs words `first`..`last`.

    A cue counts when it is in the same clause up to `reach` words before the
    match, or (with `inside`) within the match itself. `no` counts only right
    before the match ("no longer", "no interest"), so "no, I'm still
    interested" is not negated.
    """
    words = turn.words
    clause = words[first].clause
    if inside and any(words[i].norm in NEGATION_CUES for i in range(first, last + 1)):
        return True
    for i in range(first - 1, max(-1, first - 1 - reach), -1):
        if words[i].clause != clause:
            break
        if words[i].norm in NEGATION_CUES:
            return True
        if i == first - 1 and words[i].norm == "no":
            return True
    return False


def word_count(turns: list[str] | tuple[str, ...]) -> int:
    return sum(len(analyse(t).words) for t in turns)
