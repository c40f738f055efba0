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
from difflib import SequenceMatcher
from functools import lru_cache

from rehearse.checks.written import written_form

_WORD = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)*")
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


# Words a quote must not be cut just after: they change what follows ("not", "maybe").
QUALIFIERS = NEGATION_CUES | frozenset(
    "no maybe might perhaps probably possibly guess suppose unsure".split()
)
QUALIFIER_REACH = 3
_SUBJECT_WORDS = frozenset("i im id ive you he hes she shes it its we they theyre is am are was".split())

# Evidence quoted back is at most this many words.
EVIDENCE_WORDS = 14

# Words that leave a quote dangling when they open or close it ("am" is no such word:
# it may be the time, "at 10 am").
_JOINERS = "and but so or because though although plus if whether while than".split()
_PREPOSITIONS = (
    "for to of at on in with about from by into onto over after before as like around regarding"
).split()
_MODALS = "could can would will may might shall should".split()
_PRONOUNS = "i im ive id ill you he she we they".split()
PHRASE_STARTS = frozenset(_JOINERS + _PREPOSITIONS + _PRONOUNS)
PHRASE_BREAKS = frozenset(_JOINERS + _PREPOSITIONS + _MODALS + "thank thanks cheers please".split())
DANGLING_START = frozenset(_JOINERS + "also then".split())
DANGLING_END = frozenset(
    _JOINERS
    + _PREPOSITIONS
    + "the a an my your his her our their this that these those i you he she we they it its "
    "is are was were be been has have had do does did will would could can should may might "
    "shall just um uh er erm very really thank how what when where why who which".split()
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
    text: str  # the turn in its one written form (`checks.written`)
    words: tuple[Word, ...]
    source: str = ""  # the turn as the caller typed it or the recognizer wrote it

    def span(self, first: int, last: int) -> str:
        """The turn's written form from word `first` to word `last` (inclusive)."""
        return self.text[self.words[first].start : self.words[last].end]

    def quote(self, first: int, last: int) -> str:
        """The caller's own words from word `first` to word `last`, as they wrote them
        ("8/26 at 11am", not the written form "August 26th at 11 am")."""
        start, end = self.words[first].start, self.words[last].end
        if not self.source or self.source == self.text:
            return self.text[start:end]
        starts, ends = _source_offsets(self.source, self.text)
        return self.source[starts[start] : ends[end]].strip()

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

    def evidence(
        self, first: int, last: int, context: int | None = None, max_words: int = EVIDENCE_WORDS
    ) -> str:
        """The caller's words that showed a point: the clause around words `first`..`last`.

        Neighbouring clauses of the same sentence are added, the one before first, while
        the whole stays within `max_words`; with `context` only the clauses before are added,
        within the match plus `context` words each side;
        a clause too long on its own is trimmed to a window centred on the match. The
        match itself is never cut, and joining words or prepositions left dangling at
        either edge ("and", "for the", "could i speak to") are dropped.
        """
        budget = max_words if context is None else min(max_words, last - first + 1 + 2 * context)
        budget = max(budget, last - first + 1)
        s_lo, _ = self.sentence_bounds(first)
        _, s_hi = self.sentence_bounds(last)
        lo, hi = self._clause_lo(first, s_lo), self._clause_hi(last, s_hi)
        ends = [i for i in range(last + 1, hi + 1) if self.words[i].norm in PHRASE_BREAKS]
        if hi - lo + 1 > budget and ends and ends[0] - lo <= budget:
            # Ending where the next phrase starts keeps the clause's opening words.
            hi = ends[0] - 1
        if hi - lo + 1 > budget:
            spare = budget - (last - first + 1)
            before = min(first - lo, spare // 2 + spare % 2)
            after = min(hi - last, spare - before)
            before = min(first - lo, spare - after)
            cut_lo, cut_hi = first - before, last + after
            # Cut where a phrase starts, not inside one: from the first phrase start in
            # the window, up to the first joining word, preposition or modal after the match.
            ends = [i for i in range(last + 1, cut_hi + 1) if self.words[i].norm in PHRASE_BREAKS]
            if cut_hi < hi and ends:
                cut_hi = ends[0] - 1
                cut_lo = max(lo, min(first, cut_hi - budget + 1))
            starts = [i for i in range(cut_lo, first) if self.words[i].norm in PHRASE_STARTS]
            lo = starts[0] if cut_lo > lo and starts else cut_lo
            hi = cut_hi
        else:
            grown = True
            while grown:
                grown = False
                if lo > s_lo:
                    new_lo = self._clause_lo(lo - 1, s_lo)
                    if hi - new_lo + 1 <= budget:
                        lo, grown = new_lo, True
                if hi < s_hi and context is None:
                    new_hi = self._clause_hi(hi + 1, s_hi)
                    if new_hi - lo + 1 <= budget:
                        hi, grown = new_hi, True
        while lo < first and self.words[lo].norm in DANGLING_START:
            lo += 1
        while hi > last and self.words[hi].norm in DANGLING_END:
            hi -= 1
        for _ in range(3):  # a qualifier kept may itself follow another ("not in, no worries")
            kept = self._keep_qualifier(lo)
            if kept == lo:
                break
            lo = kept
        return self.quote(lo, hi)

    def _keep_qualifier(self, lo: int) -> int:
        """Where a quote must start so that it keeps a negation or hedge governing its first
        words: never "I'm still interested" cut from "I'm not sure I'm still interested"."""
        clause = self.words[lo].clause
        cues = [
            i
            for i in range(max(0, lo - QUALIFIER_REACH), lo)
            if self.words[i].clause == clause and self.words[i].norm in QUALIFIERS
        ]
        if not cues:
            return lo
        start = cues[0]
        while (
            start > 0
            and self.words[start - 1].clause == clause
            and self.words[start - 1].norm in _SUBJECT_WORDS
        ):
            start -= 1
        return start

    def _clause_lo(self, index: int, floor: int) -> int:
        clause = self.words[index].clause
        while index > floor and self.words[index - 1].clause == clause:
            index -= 1
        return index

    def _clause_hi(self, index: int, ceiling: int) -> int:
        clause = self.words[index].clause
        while index < ceiling and self.words[index + 1].clause == clause:
            index += 1
        return index


@lru_cache(maxsize=4096)
def _source_offsets(source: str, written: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """For each offset in the written form, where a span starting or ending there starts or
    ends in the source: rewritten stretches map to the whole stretch they came from."""
    starts = [0] * (len(written) + 1)
    ends = [0] * (len(written) + 1)
    matcher = SequenceMatcher(None, source, written, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(j2 - j1 + 1):
                starts[j1 + k] = i1 + k
                ends[j1 + k] = i1 + k
        else:
            for j in range(j1, j2 + 1):
                starts[j] = i1 if j < j2 else i2
                ends[j] = i2 if j > j1 else i1
    return tuple(starts), tuple(ends)


def norm_word(word: str) -> str:
    return word.lower().replace("'", "").replace("’", "")


@lru_cache(maxsize=4096)
def analyse(text: str) -> Turn:
    """Split a turn into words, each tagged with its clause; the turn is first put in its one
    written form (`checks.written`), so "2.30pm" or "11/17" read the same from any source."""
    source = text
    text = written_form(text)
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
    return Turn(text, tuple(words), source)


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


def word_count(text: str) -> int:
    """Words as the caller wrote or said them ("2pm" and "11/17" are one word each): the one
    count that the brevity point, the summary line and `--json` all use."""
    return sum(1 for token in text.split() if _COUNTED.search(token))


_COUNTED = re.compile(r"[^\W_]")
