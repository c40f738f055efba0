"""`stance`: the caller said how they feel about something, found by the shape of the clause.

A clause counts when a first-person subject (`subjects`: I, I'm, I'd...) comes up
to `subject_reach` words before a feeling word of one of the point's `shapes`
("I'm still really keen", "I'd love to work there"), with nothing in between that
puts it in the past (`past`: "I was interested ... but"), and no negation before
the feeling in the clause ("I'm not interested"). A shape's `with` words must follow
the feeling within `with_reach` words ("want" needs "the job" or "to work": "I want
to ask" is no interest; a shape may set its own reach), and word runs in `exclude`
do not count when they overlap the feeling or its `with` words ("interested to know"
is a question to come, "the job I want to ask about" is no wish). `reject` phrases
(fuzzy, anywhere in the call) veto the point ("I accepted another offer"); `phrases`
(fuzzy) cover it too, unless a first-person subject before them is put in the past
("I was really excited about the role at the time").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rehearse.checks.base import MISSED, DetectorKind, Facts, Finding
from rehearse.checks.fallback import PhraseFallback
from rehearse.checks.frames import (
    WordSet,
    clauses,
    compile_set,
    ends_before,
    find_in,
    negation_between,
    norms_of,
)
from rehearse.checks.params import (
    build_shapes,
    flag,
    phrase_fallback_schema,
    positive_int,
    shapes_schema,
    spoilers_param,
    spoilers_schema,
    word_set,
    words_schema,
)
from rehearse.checks.spoilers import Spoilers
from rehearse.checks.text import analyse

SUBJECTS = ["i", "im", "id", "ive", "ill", "i am", "i would", "i will", "i still", "we"]
PAST = ["was", "were", "used to", "had been", "did"]


SHAPE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["feelings"],
    "properties": {
        "feelings": {**words_schema("Feeling words; one must be said."), "minItems": 1},
        "with": words_schema("Words of which one must follow the feeling. Default: none needed."),
        "with_reach": {
            "type": "integer",
            "minimum": 1,
            "maximum": 8,
            "description": "Most words from the feeling to a `with` word here. Default: the point's.",
        },
        "subject": {
            "type": "boolean",
            "description": (
                "A first-person subject must come before the feeling; false for feelings that "
                "carry their own ('still my dream job'). Default true."
            ),
        },
    },
}

PARAMS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["shapes"],
    "properties": {
        "shapes": shapes_schema(SHAPE_SCHEMA, "Any one is enough."),
        "subjects": words_schema(f"First-person subjects. Default: {', '.join(SUBJECTS)}."),
        "subject_reach": {
            "type": "integer",
            "minimum": 1,
            "maximum": 8,
            "description": "Most words from the subject to the feeling. Default 5.",
        },
        "with_reach": {
            "type": "integer",
            "minimum": 1,
            "maximum": 8,
            "description": "Most words from the feeling to a `with` word. Default 3.",
        },
        "past": words_schema(
            f"Words between subject and feeling that put it in the past. Default: {', '.join(PAST)}."
        ),
        "exclude": words_schema("Word runs in which a feeling does not count. Default none."),
        **spoilers_schema(),
        **phrase_fallback_schema("Fuzzy wordings that also cover the point. Default none."),
    },
}


@dataclass(frozen=True)
class Feeling:
    feelings: WordSet
    with_: WordSet
    subject: bool = True
    with_reach: int | None = None


@dataclass(frozen=True)
class StanceDetector:
    shapes: tuple[Feeling, ...]
    subjects: WordSet = field(default_factory=lambda: compile_set(tuple(SUBJECTS)))
    subject_reach: int = 5
    with_reach: int = 3
    past: WordSet = field(default_factory=lambda: compile_set(tuple(PAST)))
    exclude: WordSet = field(default_factory=lambda: compile_set(()))
    fallback: PhraseFallback = field(default_factory=PhraseFallback)
    spoilers: Spoilers | None = None

    def find(self, turns: Sequence[str], facts: Facts) -> Finding:
        veto = self.fallback.veto(turns, facts)
        if veto is not None:
            return veto
        fuzzy = self.fallback.matches(turns, facts)
        for turn_index, text in enumerate(turns):
            said = [(m.first, m.last) for m in fuzzy if m.turn == turn_index]
            hits = [h for h in said if not self._in_past(text, h[0])] + self._hits(text)
            if self.spoilers:
                # Hedged, conditional, someone else's or about another thing: "I might still
                # be interested", "are you still interested", "interested in the parking spot".
                turn = analyse(text)
                hits = [h for h in hits if not self.spoilers.spoil(turn, h[0], h[1])]
            if hits:
                first, last = min(hits)
                return Finding(True, analyse(text).evidence(first, last), turn_index)
        return MISSED

    def _hits(self, text: str) -> list[tuple[int, int]]:
        norms = norms_of(text)
        hits: list[tuple[int, int]] = []
        for clause in clauses(text):
            excluded = find_in(norms, clause.first, clause.last, self.exclude)
            for shape in self.shapes:
                for first, last in find_in(norms, clause.first, clause.last, shape.feelings):
                    if any(e[0] <= last and first <= e[1] for e in excluded):
                        continue
                    if negation_between(norms, clause.first, first):
                        continue
                    subject = self._subject(norms, clause.first, first) if shape.subject else first
                    if subject is None:
                        continue
                    if shape.subject and any(
                        ends_before(norms, subject + 1, end, self.past) for end in range(subject + 1, first)
                    ):
                        continue
                    if shape.with_:
                        hi = min(clause.last, last + (shape.with_reach or self.with_reach))
                        objects = find_in(norms, last + 1, hi, shape.with_)
                        if not objects:
                            continue
                        last = objects[0][1]
                        if any(e[0] <= last and first <= e[1] for e in excluded):
                            continue
                    hits.append((subject, last))
        return hits

    def _in_past(self, text: str, first: int) -> bool:
        """Whether a first-person subject before word `first`, in its clause, is put in the
        past by the words between ("I was really excited about the role")."""
        norms = norms_of(text)
        for clause in clauses(text):
            if clause.first <= first <= clause.last:
                subject = self._subject(norms, clause.first, first + 1)
                if subject is None:
                    return False
                return any(
                    ends_before(norms, subject + 1, end, self.past) for end in range(subject + 1, first + 1)
                )
        return False

    def _subject(self, norms: Sequence[str], lo: int, feeling: int) -> int | None:
        """The last word of the nearest subject before the feeling, within reach."""
        for end in range(feeling - 1, max(lo, feeling - self.subject_reach) - 1, -1):
            if ends_before(norms, lo, end, self.subjects):
                return end
        return None


def _feeling(raw: Mapping[str, Any]) -> Feeling:
    reach = positive_int(raw, "with_reach", 0) or None
    feeling = Feeling(word_set(raw, "feelings"), word_set(raw, "with"), flag(raw, "subject", True), reach)
    if not feeling.feelings:
        raise ValueError("feelings: give at least one word")
    return feeling


def build(params: Mapping[str, Any]) -> StanceDetector:
    return StanceDetector(
        shapes=build_shapes(params, _feeling, "shape"),
        subjects=word_set(params, "subjects", SUBJECTS),
        subject_reach=positive_int(params, "subject_reach", 5),
        with_reach=positive_int(params, "with_reach", 3),
        past=word_set(params, "past", PAST),
        exclude=word_set(params, "exclude"),
        fallback=PhraseFallback.from_params(params),
        spoilers=spoilers_param(params) or None,
    )


KIND = DetectorKind(
    factory=build,
    params_schema=PARAMS_SCHEMA,
    summary="A feeling said in the first person ('I'm still keen'), not negated or past.",
)
