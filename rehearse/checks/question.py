"""`question`: the caller asked about something, found by the shape of the clause.

A clause counts when it holds a topic word of one of the point's `shapes` (for the
status: decision, update, filled, still open...) and is put as a question:

- it opens with a question word (`openers`: is, has, did, any, when, whether, if...),
  at the start of the clause or right after a filler ("okay is there any news"); an
  embedded question ("I was wondering | if a decision has been made") opens its own
  clause at `if`/`whether`, because those words start a clause;
- or a request cue (`asks`: "I was wondering", "I'd like to know", "could you tell
  me", "any") comes up to `ask_window` words before the topic in the same sentence;
- or (with `question_mark`) its sentence ends with "?".

A `lead` shape needs its topic word itself to open the question ("when is she
back"), so "give me a ring when he's free" is no question about a time. A shape's
`with` words must also be in the clause, and its `unless` words must not be.

Statements are not questions: a statement cue ("I know", "I heard", "I need to
know") in the clause before the topic, or in the clause the embedded question hangs
from, cancels it, unless a tag follows in the sentence ("..., is that right?") or
the sentence ends with "?". A negation before the topic in the clause cancels it
unless the clause opens with a question word ("haven't you decided?").

The interviewer's names count as fillers (`vocatives`: "hi henrik any word on the
job"). A direct question followed by an outburst word (`outbursts`: "did I get it or
not", "... or what") is a demand, not a polite question; hung from a request cue or
"whether"/"if" ("could you tell me if I got it or not") it is still asked.

`phrases` (fuzzy, whole-word, as in the `phrases` kind) are tried too, with the
same statement rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rehearse.checks.base import MISSED, DetectorKind, Facts, Finding
from rehearse.checks.fallback import PhraseFallback
from rehearse.checks.frames import (
    Clause,
    WordSet,
    clauses,
    compile_set,
    ends_before,
    find_in,
    match_at,
    negation_between,
    norms_of,
    sentence_ends_with_question,
)
from rehearse.checks.params import (
    build_shapes,
    flag,
    phrase_fallback_schema,
    positive_int,
    shapes_schema,
    word_set,
    words_schema,
)
from rehearse.checks.text import Turn, analyse

OPENERS = (
    "is am are was were has have had did do does will would could can may might should shall "
    "any when whens what whats where wheres how hows who whos which whether if "
    "isnt hasnt havent didnt arent wont wouldnt"
).split()
FILLERS = (
    "um umm uh uhm er erm ah oh ok okay well so and yeah yes yep right alright hi hello hey "
    "sorry also just then great lovely sure fine actually now anyway"
).split()
ASKS = [
    "wondering",
    "wondered",
    "wonder",
    "curious",
    "like to know",
    "love to know",
    "want to know",
    "wanted to know",
    "hoping to know",
    "find out",
    "to hear",
    "tell me",
    "let me know",
    "to see",
    "see if",
    "to check",
    "checking",
    "to ask",
    "asking",
    "any idea",
    "any chance",
    "do you know",
    "enquire",
    "enquiring",
    "inquire",
    "inquiring",
    "interested to know",
    "interested to hear",
    "interested in hearing",
    "keen to know",
    "keen to hear",
    "eager to hear",
    "any",
]
STATEMENTS = [
    "i know",
    "i knew",
    "i saw",
    "i heard",
    "i understand",
    "i was told",
    "i realise",
    "i realize",
    "i guess",
    "i suppose",
    "i assume",
    "i noticed",
    "not going to ask",
    "wont ask",
    "not asking",
    "no need to ask",
    "dont need to ask",
]
AUXILIARIES = (
    "is am are was were has have had did do does will would could can should shall may might".split()
)
SUBJECTS = "he she they it there you i we anyone anybody someone somebody".split()
# A wh-word fused with "is" asks wherever it stands: "oh he's at a meeting what's the best time".
FUSED = "whats whens hows wheres whos".split()
DEMANDS = [
    "just tell me",
    "i need to know",
    "i need an answer",
    "i demand",
    "tell me now",
    "i want to know today",
    "i want to know now",
    "i want an answer",
]
# Said after a direct question, these make it an outburst: "did I get the job or what".
OUTBURSTS = ["or what", "or not"]
TAGS = [
    "is that right",
    "is that true",
    "is that correct",
    "is that so",
    "am i right",
    "or not",
    "isnt it",
    "hasnt it",
    "havent you",
    "is it",
]


def _words_schema(what: str) -> dict[str, Any]:
    return words_schema(what, " ('decid*')")


SHAPE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["topics"],
    "properties": {
        "topics": {
            **_words_schema("What the question is about; one must be in the clause."),
            "minItems": 1,
        },
        "with": _words_schema("Words of which one must also be in the clause. Default: none needed."),
        "unless": _words_schema("Words that rule the clause out (another subject). Default none."),
        "lead": {
            "type": "boolean",
            "description": (
                "The topic word itself must open the question (a wh-word such as 'when'): at "
                "the clause start, after a filler, or right after a request cue. Default false."
            ),
        },
    },
}

PARAMS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["shapes"],
    "properties": {
        "shapes": shapes_schema(SHAPE_SCHEMA, "Question shapes that cover the point; any one is enough."),
        "openers": _words_schema(
            f"Words that make a clause a question when they open it. Default: {' '.join(OPENERS)}."
        ),
        "fillers": _words_schema(
            "Words skipped before an opener; an opener right after one also counts. "
            f"Default: {' '.join(FILLERS)}."
        ),
        "asks": _words_schema(
            f"Request cues that make what follows a question ('i was wondering'). Default: {', '.join(ASKS)}."
        ),
        "ask_window": {
            "type": "integer",
            "minimum": 1,
            "maximum": 30,
            "description": "How many words before the topic a request cue may come. Default 12.",
        },
        "statements": _words_schema(
            "Cues that make the clause a statement ('i know the job is still open'). "
            f"Default: {', '.join(STATEMENTS)}."
        ),
        "subjects": _words_schema(
            "What may follow an auxiliary for 'inversion' ('is he', 'would friday'). "
            f"Default: {' '.join(SUBJECTS)}."
        ),
        "inversion": {
            "type": "boolean",
            "description": (
                "In unpunctuated speech a question may start mid-clause: an opener that is an "
                f"auxiliary ({' '.join(AUXILIARIES)}) followed by a subject ({' '.join(SUBJECTS)}) "
                "('bummer is he in tomorrow'), or a lead topic followed by an auxiliary ('what "
                f"time does he get in'), or a fused {'/'.join(FUSED)} anywhere. Default true."
            ),
        },
        "demands": _words_schema(
            "Demands that no question mark or tag turns into a polite question "
            f"('just tell me, did I get it?'). Default: {', '.join(DEMANDS)}."
        ),
        "outbursts": _words_schema(
            "Words after the topic that turn a direct question (not one hung from a request "
            "cue or 'whether'/'if') into an outburst, not a polite question ('did I get it or "
            f"not'). Default: {', '.join(OUTBURSTS)}."
        ),
        "vocatives": {
            "type": "boolean",
            "description": (
                "The interviewer's names count as fillers before a question ('hi henrik any "
                "word on the job'). Default true."
            ),
        },
        "phrases_asked": {
            "type": "boolean",
            "description": (
                "A phrase match must also be put as a question (a phrase starting with a "
                "question word must open it), so 'ring me when he's free' is not 'when is he "
                "free'. Default false."
            ),
        },
        "tags": _words_schema(
            f"Tag questions that turn a statement back into a question. Default: {', '.join(TAGS)}."
        ),
        "exclude": _words_schema(
            "Word runs in which a topic or 'with' word does not count ('hear back' for 'back'). Default none."
        ),
        "question_mark": {
            "type": "boolean",
            "description": "A sentence ending with '?' is a question. Default true.",
        },
        "other_subjects": _words_schema(
            "Things other than the point's subject ('office', 'parking', 'form'): a clause "
            "holding one asks about that, not the point ('is the office still open on "
            "Fridays?'), unless one of `own_subjects` is in the clause too. Default none."
        ),
        "own_subjects": _words_schema(
            "The point's own subject ('job', 'position', 'my application'), which keeps a "
            "clause that also names another thing. Default none."
        ),
        "other_people": _words_schema(
            "Someone the caller may ask for ('my cousin', 'my friend'): a sentence naming one "
            "asks on their behalf ('my cousin asked me to check, is the driver vacancy still "
            "open?'), unless one of `own_people` is in it too. Default none."
        ),
        "own_people": _words_schema(
            "Words that keep such a sentence the caller's own ('my application', 'I "
            "interviewed'). Default none."
        ),
        "referents": _words_schema(
            "Words that stand for a thing named before ('it', 'that'): a clause naming neither "
            "an `other_subjects` nor an `own_subjects` thing but holding one of these is about "
            "the thing last named before it in the call ('the parking spot you advertised ... "
            "is it still available?'). Default none."
        ),
        "referent_own": _words_schema(
            "More words that, named before such a clause, make it the point's own subject "
            "('interview*'), beside `own_subjects` and the profile's position. Default none."
        ),
        "known_outcome": {
            "type": "object",
            "additionalProperties": False,
            "required": ["cues", "outcomes", "topics"],
            "description": (
                "A caller who has said they know the outcome ('I've heard the job has gone to "
                "someone else') asks no status question with these topics after it ('but I'd "
                "like some feedback')."
            ),
            "properties": {
                "cues": _words_schema("What the caller says they know by ('i heard', 'i was told')."),
                "outcomes": _words_schema("The outcome, after a cue in its sentence ('gone to', 'filled')."),
                "topics": _words_schema("Topics that no longer ask the status after it ('feedback')."),
            },
        },
        **phrase_fallback_schema(
            "Fuzzy wordings that also cover the point; placeholders such as {position} are "
            "filled from the profile. Default none."
        ),
    },
}


@dataclass(frozen=True)
class Shape:
    topics: WordSet
    with_: WordSet = field(default_factory=lambda: compile_set(()))
    unless: WordSet = field(default_factory=lambda: compile_set(()))
    lead: bool = False


@dataclass(frozen=True)
class KnownOutcome:
    cues: WordSet
    outcomes: WordSet
    topics: WordSet


@dataclass(frozen=True)
class QuestionDetector:
    shapes: tuple[Shape, ...]
    openers: frozenset[str] = frozenset(OPENERS)
    fillers: frozenset[str] = frozenset(FILLERS)
    asks: WordSet = field(default_factory=lambda: compile_set(tuple(ASKS)))
    ask_window: int = 12
    statements: WordSet = field(default_factory=lambda: compile_set(tuple(STATEMENTS)))
    tags: WordSet = field(default_factory=lambda: compile_set(tuple(TAGS)))
    demands: WordSet = field(default_factory=lambda: compile_set(tuple(DEMANDS)))
    outbursts: WordSet = field(default_factory=lambda: compile_set(tuple(OUTBURSTS)))
    vocatives: bool = True
    phrases_asked: bool = False
    inversion: bool = True
    subjects: frozenset[str] = frozenset(SUBJECTS)
    exclude: WordSet = field(default_factory=lambda: compile_set(()))
    question_mark: bool = True
    other_subjects: WordSet = field(default_factory=lambda: compile_set(()))
    own_subjects: WordSet = field(default_factory=lambda: compile_set(()))
    other_people: WordSet = field(default_factory=lambda: compile_set(()))
    own_people: WordSet = field(default_factory=lambda: compile_set(()))
    referents: WordSet = field(default_factory=lambda: compile_set(()))
    referent_own: WordSet = field(default_factory=lambda: compile_set(()))
    known_outcome: KnownOutcome | None = None
    fallback: PhraseFallback = field(default_factory=PhraseFallback)

    def find(self, turns: Sequence[str], facts: Facts) -> Finding:
        veto = self.fallback.veto(turns, facts)
        if veto is not None:
            return veto
        fuzzy = self._phrase_hits(turns, facts)
        fillers = self.fillers | _names(facts) if self.vocatives else self.fillers
        for turn_index, text in enumerate(turns):
            turn = analyse(text)
            hits = [h for h in fuzzy if h[0] == turn_index] + [
                (turn_index, first, last) for first, last in self._structure_hits(text, fillers)
            ]
            hits = [
                h
                for h in hits
                if not self._for_someone_else(turn, h[1])
                and not self._refers_elsewhere(turns, turn_index, h[1], facts)
                and not self._after_known_outcome(turns, turn_index, h[1], h[2])
            ]
            if hits:
                _, first, last = min(hits, key=lambda h: h[1])
                return Finding(True, turn.evidence(first, last), turn_index)
        return MISSED

    def _phrase_hits(self, turns: Sequence[str], facts: Facts) -> list[tuple[int, int, int]]:
        matches = self.fallback.matches(turns, facts)
        hits = []
        for m in matches:
            text = turns[m.turn]
            turn, norms = analyse(text), norms_of(text)
            clause = next(c for c in clauses(text) if c.first <= m.first <= c.last)
            if self._elsewhere(norms, clause):
                continue
            if self.phrases_asked:
                lead = norms[m.first] in self.openers
                if not self._asked(turn, norms, clause, m.first, m.last, lead):
                    continue
            if not self._statement(turn, norms, clause, m.first, m.last, text):
                hits.append((m.turn, m.first, m.last))
        return hits

    def _structure_hits(self, text: str, fillers: frozenset[str]) -> list[tuple[int, int]]:
        turn = analyse(text)
        norms = norms_of(text)
        found: list[tuple[int, int]] = []
        for clause in clauses(text):
            if self._elsewhere(norms, clause):
                continue
            excluded = find_in(norms, clause.first, clause.last, self.exclude)
            for shape in self.shapes:
                if find_in(norms, clause.first, clause.last, shape.unless):
                    continue
                if shape.with_ and not _free(
                    find_in(norms, clause.first, clause.last, shape.with_), excluded
                ):
                    continue
                for first, last in _free(find_in(norms, clause.first, clause.last, shape.topics), excluded):
                    if self._asked(
                        turn, norms, clause, first, last, shape.lead, fillers
                    ) and not self._statement(turn, norms, clause, first, last, text):
                        found.append((first, last))
                        break
        return found

    def _for_someone_else(self, turn: Turn, index: int) -> bool:
        """Whether the sentence holding word `index` asks for another person ("my cousin")."""
        if not self.other_people:
            return False
        lo, hi = turn.sentence_bounds(index)
        norms = [w.norm for w in turn.words]
        if not find_in(norms, lo, hi, self.other_people):
            return False
        return not find_in(norms, lo, hi, self.own_people)

    def _refers_elsewhere(self, turns: Sequence[str], turn_index: int, index: int, facts: Facts) -> bool:
        """Whether the clause of word `index` asks about "it" where the thing named last
        before it is another subject: "the parking spot you advertised | is it still available"."""
        if not self.referents:
            return False
        norms = norms_of(turns[turn_index])
        clause = next(c for c in clauses(turns[turn_index]) if c.first <= index <= c.last)
        if not find_in(norms, clause.first, clause.last, self.referents):
            return False
        if find_in(norms, clause.first, clause.last, self.other_subjects) or find_in(
            norms, clause.first, clause.last, self.own_subjects
        ):
            return False
        position = compile_set((facts.profile.position,))
        for back in range(turn_index, -1, -1):
            words = norms if back == turn_index else norms_of(turns[back])
            end = clause.first - 1 if back == turn_index else len(words) - 1
            if end < 0:
                continue
            other = find_in(words, 0, end, self.other_subjects)
            own = (
                find_in(words, 0, end, self.own_subjects)
                + find_in(words, 0, end, self.referent_own)
                + find_in(words, 0, end, position)
            )
            if other or own:
                last_other = max((span[1] for span in other), default=-1)
                last_own = max((span[1] for span in own), default=-1)
                return last_other > last_own
        return False

    def _after_known_outcome(self, turns: Sequence[str], turn_index: int, first: int, last: int) -> bool:
        """Whether words first..last ask for feedback after the caller said they know the
        outcome ("I've heard the job has gone to someone else, but ... some feedback")."""
        known = self.known_outcome
        if known is None:
            return False
        norms = norms_of(turns[turn_index])
        if not any(s[0] <= last and first <= s[1] for s in find_in(norms, first, last, known.topics)):
            return False
        for back in range(turn_index + 1):
            text = turns[back]
            turn = analyse(text)
            words = norms if back == turn_index else norms_of(text)
            end = first - 1 if back == turn_index else len(words) - 1
            for _, cue_last in find_in(words, 0, end, known.cues):
                _, sentence_last = turn.sentence_bounds(cue_last)
                for out_first, _ in find_in(words, cue_last + 1, min(sentence_last, end), known.outcomes):
                    if not negation_between(words, cue_last + 1, out_first):
                        return True
        return False

    def _elsewhere(self, norms: Sequence[str], clause: Clause) -> bool:
        """Whether the clause is about another thing ("is the office still open")."""
        if not find_in(norms, clause.first, clause.last, self.other_subjects):
            return False
        return not find_in(norms, clause.first, clause.last, self.own_subjects)

    def _opens(
        self, norms: Sequence[str], clause: Clause, index: int, fillers: frozenset[str] | None = None
    ) -> bool:
        """Whether word `index` stands where a question starts in its clause."""
        skipped = self.fillers if fillers is None else fillers
        if index == clause.first or norms[index - 1] in skipped:
            return True
        return all(norms[i] in skipped for i in range(clause.first, index))

    def _inverted(self, norms: Sequence[str], clause: Clause, index: int) -> bool:
        """An auxiliary before its subject mid-clause ('is he', 'will she'), or a fused 'what's'."""
        if not self.inversion:
            return False
        if norms[index] in FUSED:
            return True
        return norms[index] in AUXILIARIES and index + 1 <= clause.last and norms[index + 1] in self.subjects

    def _asked(
        self,
        turn: Turn,
        norms: Sequence[str],
        clause: Clause,
        topic: int,
        last: int,
        lead: bool,
        fillers: frozenset[str] | None = None,
    ) -> bool:
        if lead:
            if self._opens(norms, clause, topic, fillers) or (self.inversion and norms[topic] in FUSED):
                return True
            if self.inversion and last + 1 <= clause.last and norms[last + 1] in AUXILIARIES:
                return True
            return any(self._cue_ends(norms, 0, topic - k) for k in (1, 2))
        opened = any(
            norms[i] in self.openers
            and (self._opens(norms, clause, i, fillers) or self._inverted(norms, clause, i))
            for i in range(clause.first, topic + 1)
        )
        if opened:
            return True
        if negation_between(norms, clause.first, topic):
            return False
        sentence_first, _ = turn.sentence_bounds(topic)
        lo = max(sentence_first, topic - self.ask_window)
        if any(self._cue_ends(norms, lo, end) for end in range(lo, topic)):
            return True
        if self._tagged(turn, norms, last):
            return True
        return self.question_mark and sentence_ends_with_question(turn, topic)

    def _cue_ends(self, norms: Sequence[str], lo: int, end: int) -> bool:
        """Whether a request cue ends at word `end` (from `lo` on) and is not the caller's own
        negated one: "I don't know really, I'll maybe call back next week" asks nothing."""
        for seq in self.asks.ending(norms[end]) if 0 <= end < len(norms) else ():
            start = end - len(seq) + 1
            if start >= lo and match_at(norms, start, seq) and not _self_negated(norms, start):
                return True
        return False

    def _statement(
        self, turn: Turn, norms: Sequence[str], clause: Clause, first: int, last: int, text: str
    ) -> bool:
        """Whether the words first..last are said as a statement, not asked."""
        lo = clause.first
        if norms[clause.first] in self.openers and clause.first > 0:
            # An embedded question hangs from the clause before it: "I need to know | whether".
            previous = [c for c in clauses(text) if c.last == clause.first - 1]
            if previous and turn.words[previous[0].last].sentence == turn.words[first].sentence:
                lo = previous[0].first
        if any(
            ends_before(norms, lo, end, self.demands) and not _requested(norms, end, self.demands)
            for end in range(lo, first)
        ):
            return True
        if self._outburst(turn, norms, clause, first, last):
            return True
        said = any(ends_before(norms, lo, end, self.statements) for end in range(lo, first))
        if not said:
            return False
        if sentence_ends_with_question(turn, first):
            return False
        return not self._tagged(turn, norms, last)

    def _outburst(self, turn: Turn, norms: Sequence[str], clause: Clause, first: int, last: int) -> bool:
        """A direct question followed by an outburst word ("did I get it or not")."""
        if not self.outbursts or norms[clause.first] in ("whether", "if"):
            return False
        sentence_first, sentence_last = turn.sentence_bounds(last)
        if any(ends_before(norms, sentence_first, end, self.asks) for end in range(sentence_first, first)):
            return False
        return any(
            match_at(norms, i, seq) for seq in self.outbursts.seqs for i in range(last + 1, sentence_last + 1)
        )

    def _tagged(self, turn: Turn, norms: Sequence[str], last: int) -> bool:
        """Whether a tag question follows word `last` in its sentence ("..., is that right")."""
        _, sentence_last = turn.sentence_bounds(last)
        return any(
            match_at(norms, i, tag) for tag in self.tags.seqs for i in range(last + 1, sentence_last + 1)
        )


def _names(facts: Facts) -> frozenset[str]:
    """Names said before a question: the interviewer's, as a vocative ("hi henrik, any news"),
    and the caller's own, with what follows it ("hi sam ortiz here is the job still open")."""
    people = f"{facts.profile.interviewer} {facts.profile.name}"
    return frozenset(w.norm for w in analyse(people).words) | _SELF_INTRO


_SELF_INTRO = frozenset("here calling speaking".split())
_SELF = frozenset("i we im ive".split())
_NEGATORS = frozenset("dont didnt cant not never wont".split())


def _self_negated(norms: Sequence[str], start: int) -> bool:
    """Whether the words before `start` negate it in the first person ("I don't | know",
    "I'm not | asking", "I really don't | know")."""
    before = norms[max(0, start - 3) : start]
    return bool(before) and before[-1] in _NEGATORS and any(w in _SELF for w in before[:-1])


_REQUESTS = (("could", "you"), ("can", "you"), ("would", "you"), ("will", "you"))


def _requested(norms: Sequence[str], end: int, demands: WordSet) -> bool:
    """Whether the demand ending at `end` is asked as a request: "could you just tell me"."""
    for seq in demands.ending(norms[end]):
        start = end - len(seq) + 1
        if start >= 2 and (norms[start - 2], norms[start - 1]) in _REQUESTS:
            return True
    return False


def _free(spans: list[tuple[int, int]], excluded: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [s for s in spans if not any(e[0] <= s[1] and s[0] <= e[1] for e in excluded)]


def _shape(raw: Mapping[str, Any]) -> Shape:
    shape = Shape(
        word_set(raw, "topics"), word_set(raw, "with"), word_set(raw, "unless"), bool(raw.get("lead", False))
    )
    if not shape.topics:
        raise ValueError("topics: give at least one word")
    return shape


def _flat(params: Mapping[str, Any], key: str, default: Sequence[str]) -> frozenset[str]:
    return frozenset(" ".join(s) for s in word_set(params, key, default).seqs)


def build(params: Mapping[str, Any]) -> QuestionDetector:
    question_mark = flag(params, "question_mark", True)
    return QuestionDetector(
        shapes=build_shapes(params, _shape, "question shape"),
        openers=_flat(params, "openers", OPENERS),
        fillers=_flat(params, "fillers", FILLERS),
        asks=word_set(params, "asks", ASKS),
        ask_window=positive_int(params, "ask_window", 12),
        statements=word_set(params, "statements", STATEMENTS),
        tags=word_set(params, "tags", TAGS),
        demands=word_set(params, "demands", DEMANDS),
        outbursts=word_set(params, "outbursts", OUTBURSTS),
        vocatives=flag(params, "vocatives", True),
        phrases_asked=flag(params, "phrases_asked", False),
        inversion=flag(params, "inversion", True),
        subjects=_flat(params, "subjects", SUBJECTS),
        exclude=word_set(params, "exclude"),
        question_mark=question_mark,
        other_subjects=word_set(params, "other_subjects"),
        own_subjects=word_set(params, "own_subjects"),
        other_people=word_set(params, "other_people"),
        own_people=word_set(params, "own_people"),
        referents=word_set(params, "referents"),
        referent_own=word_set(params, "referent_own"),
        known_outcome=_known_outcome(params.get("known_outcome")),
        fallback=PhraseFallback.from_params(params),
    )


def _known_outcome(raw: Any) -> KnownOutcome | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise ValueError("known_outcome: expected a mapping with cues, outcomes and topics")
    parts = {key: word_set(raw, key) for key in ("cues", "outcomes", "topics")}
    for key, words in parts.items():
        if not words:
            raise ValueError(f"known_outcome.{key}: give at least one word")
    return KnownOutcome(**parts)


KIND = DetectorKind(
    factory=build,
    params_schema=PARAMS_SCHEMA,
    summary="A question about a topic, by clause shape (question word, request cue, '?'), not a statement.",
)
