"""`intent`: a point judged by a classifier trained from examples, not by rules.

A point says what counts by example (`examples:`), what must not (`near_misses:`, each group
with an optional tip saying why), and optionally what is said against it (`against:`:
withdrawing, insults). Examples shared between scripts live in `calls/intents/NAME.yaml`
and a point names them with `intent: NAME`; lines in the point itself are added to them.
An author adds a wording by adding an example, not a rule.

This module is pure: it reads the examples, cuts the caller's turns into sentences, writes
the caller's and the interviewer's names as the canonical ones the examples use, and asks an
`IntentEngine` for each sentence's probability. The engine that embeds sentences and trains
the classifier (numpy, onnxruntime) lives outside the core, in `rehearse.judge`; tests may
install a fake one with `use_engine`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Protocol

from rapidfuzz import fuzz, utils

from rehearse.checks.base import MISSED, DetectorKind, Facts, Finding
from rehearse.checks.text import analyse
from rehearse.errors import ScriptError
from rehearse.profile.model import Profile

# The names the examples are written with: at check time the caller's own names (and a
# recognizer's spelling of them) are read as these, so "could I speak to Maria" and "could I
# speak to Morgan Reed" are the same request to the classifier.
CANONICAL_PROFILE = Profile(
    name="Alex Kim",
    interviewer="Morgan Reed",
    company="Acme",
    position="Sales Assistant",
    interview_date=dt.date(2026, 11, 17),
    interview_time=dt.time(14, 0),
)

DEFAULT_THRESHOLD = 0.5
# A sentence this close (cosine) to a near miss that has a tip earns that tip.
NEAR_MISS_SIMILARITY = 0.8
# A quote longer than this is shortened to the words around the match (never after a "not").
QUOTE_WORDS = 30

_ID = r"^[a-z][a-z0-9_-]*$"
_LINES = {"type": "array", "items": {"type": "string", "minLength": 1}}
_GROUPS = {
    "type": "array",
    "items": {
        "anyOf": [
            {"type": "string", "minLength": 1},
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["lines"],
                "properties": {
                    "tip": {"type": "string", "minLength": 1, "description": "Why these do not count."},
                    "lines": {**_LINES, "minItems": 1},
                },
            },
        ]
    },
}

PARAMS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "intent": {
            "type": "string",
            "pattern": _ID,
            "description": "Shared examples to start from: calls/intents/NAME.yaml.",
        },
        "examples": {**_LINES, "description": "Lines a caller may say that cover the point."},
        "near_misses": {
            **_GROUPS,
            "description": "Lines that must not count; a group may carry a tip saying why "
            "('that was a statement; ask it as a question').",
        },
        "against": {
            **_GROUPS,
            "description": "Lines said against the point (withdrawing, an insult): a script can "
            "react to them (`against:` rules, `score_cap`, `against_tip`).",
        },
        "spoils": {
            **_GROUPS,
            "description": "Lines that fail the point wherever they are said, without being said "
            "against it (pushy demands fail courtesy). Default none.",
        },
        "spoils_problem": {
            "type": "string",
            "minLength": 1,
            "description": "The problem shown for a line that spoils the point; {quote} is the "
            "caller's words. Default: 'you said \"{quote}\"'.",
        },
        "threshold": {
            "type": "number",
            "minimum": 0.05,
            "maximum": 0.95,
            "description": f"Lowest probability for a sentence to count. Default {DEFAULT_THRESHOLD}.",
        },
        "against_problem": {
            "type": "string",
            "minLength": 1,
            "description": "The problem shown when a line is said against the point; {quote} is the "
            "caller's words. Default: 'you said \"{quote}\"'.",
        },
    },
}

INTENT_FILE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["version"],
    "properties": {
        "version": {"const": 1},
        "includes": {
            "type": "array",
            "items": {"type": "string", "pattern": _ID},
            "description": "Other intents whose examples count here too (thanks are courtesy).",
        },
        "examples": _LINES,
        "near_misses": _GROUPS,
        "against": _GROUPS,
        "spoils": _GROUPS,
        "lines": {**_LINES, "description": "background.yaml only: lines that cover no point."},
    },
}


# ---------------------------------------------------------------- what a model is trained from


@dataclass(frozen=True)
class Group:
    lines: tuple[str, ...]
    tip: str | None = None


@dataclass(frozen=True)
class IntentSpec:
    """Everything one point's classifier is trained from; equal specs train equal models."""

    name: str
    examples: tuple[str, ...]
    near_misses: tuple[Group, ...] = ()
    against: tuple[Group, ...] = ()
    spoils: tuple[Group, ...] = ()
    background: tuple[str, ...] = field(default=(), repr=False)  # lines of every other intent

    def key(self) -> str:
        """The hash a trained model is cached under."""
        data = {
            "examples": self.examples,
            "near_misses": [[g.tip, g.lines] for g in self.near_misses],
            "against": [[g.tip, g.lines] for g in self.against],
            "spoils": [[g.tip, g.lines] for g in self.spoils],
            "background": self.background,
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:20]

    def tips(self) -> tuple[tuple[str, str], ...]:
        """(line, tip) for every near miss that carries a tip."""
        return tuple((line, g.tip) for g in self.near_misses if g.tip for line in g.lines)


@dataclass(frozen=True)
class SentenceScore:
    covers: float  # probability that the sentence covers the point
    against: float = 0.0  # probability that it is said against it (0 without `against:` lines)
    spoils: float = 0.0  # probability that it fails the point (0 without `spoils:` lines)
    tip: str | None = None  # the tip of the near miss it is closest to, if close enough


class IntentModel(Protocol):
    def scores(self, sentences: Sequence[str]) -> Sequence[SentenceScore]: ...


class IntentEngine(Protocol):
    """Trains (or loads from its cache) the model of a spec."""

    def model(self, spec: IntentSpec) -> IntentModel: ...


# The engine the detectors use: installed with `use_engine`, else the default one, found by
# name so that the core never imports numpy or onnxruntime.
DEFAULT_ENGINE = "rehearse.judge"
_engine: IntentEngine | None = None
_engine_lock = threading.Lock()


def use_engine(engine: IntentEngine | None) -> None:
    """Install the engine every intent detector asks (None: the default, loaded when needed)."""
    global _engine
    _engine = engine


def current_engine() -> IntentEngine:
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = importlib.import_module(DEFAULT_ENGINE).default_engine()
        return _engine


# ---------------------------------------------------------------- the caller's sentences


@dataclass(frozen=True)
class Sentence:
    quote: str  # the caller's own words
    first: int  # word indexes in the analysed turn
    last: int


def sentences(text: str) -> list[Sentence]:
    """A turn cut at its sentence ends (unpunctuated speech is one sentence)."""
    turn = analyse(text)
    words = turn.words
    found: list[Sentence] = []
    start = 0
    for index in range(1, len(words) + 1):
        if index == len(words) or words[index].sentence != words[start].sentence:
            found.append(Sentence(turn.quote(start, index - 1).strip(), start, index - 1))
            start = index
    return [s for s in found if s.quote]


_WORD = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)*")


def _name_parts(profile: Profile) -> list[tuple[str, str]]:
    canon_iv = CANONICAL_PROFILE.interviewer.split()
    canon_me = CANONICAL_PROFILE.name.split()
    parts: list[tuple[str, str]] = []
    for real, canon in ((profile.interviewer.split(), canon_iv), (profile.name.split(), canon_me)):
        if real:
            parts.append((utils.default_process(real[0]), canon[0]))
        if len(real) > 1:
            parts.append((utils.default_process(real[-1]), canon[-1]))
    return [(real, canon) for real, canon in parts if len(real) >= 3]


@cache
def _canonical(text: str, interviewer: str, name: str, company: str) -> str:
    profile = CANONICAL_PROFILE
    if (interviewer, name, company) != (profile.interviewer, profile.name, profile.company):
        profile = Profile(
            name=name,
            interviewer=interviewer,
            company=company,
            position=profile.position,
            interview_date=profile.interview_date,
            interview_time=profile.interview_time,
        )
    if company.strip():
        words = r"\s+".join(re.escape(w) for w in company.split())
        text = re.sub(rf"\b{words}\b", CANONICAL_PROFILE.company, text, flags=re.IGNORECASE)
    parts = _name_parts(profile)

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        plain = utils.default_process(word)
        stem = plain[:-1] if plain.endswith("s") and len(plain) > 4 else plain
        for real, canon in parts:
            if fuzz.ratio(plain, real) >= 80 or fuzz.ratio(stem, real) >= 85:
                return canon + ("'s" if re.search(r"['’]s$", word, re.IGNORECASE) else "")
        return word

    return _WORD.sub(lambda m: swap(m) if len(m.group(0)) >= 3 else m.group(0), text)


def canonical_text(text: str, profile: Profile) -> str:
    """The text with the profile's names (fuzzily, as a recognizer spells them) and company
    written as the canonical ones the examples use."""
    return _canonical(text, profile.interviewer, profile.name, profile.company)


# ---------------------------------------------------------------- shared examples


def _intents_dir() -> Any:
    return resources.files("rehearse").joinpath("calls", "intents")


def bundled_intents() -> list[str]:
    return sorted(
        p.name.removesuffix(".yaml")
        for p in _intents_dir().iterdir()
        if p.name.endswith(".yaml") and p.name != "background.yaml"
    )


@cache
def _intent_file(name: str) -> Mapping[str, Any]:
    """A bundled intent file, checked strictly: `calls/intents/NAME.yaml:LINE:COL: field: problem`."""
    import jsonschema

    from rehearse.yaml_source import YamlProblem, load_with_positions

    source = f"calls/intents/{name}.yaml"
    resource = _intents_dir().joinpath(f"{name}.yaml")
    if not resource.is_file():
        known = ", ".join(bundled_intents())
        raise ValueError(f"intent: no shared examples named '{name}' (known: {known})")
    try:
        data, positions = load_with_positions(resource.read_text(encoding="utf-8"))
    except YamlProblem as problem:
        where = f":{problem.position.line}:{problem.position.column}" if problem.position else ""
        raise ScriptError(f"{source}{where}: {problem.message}") from None
    validator = jsonschema.Draft202012Validator(INTENT_FILE_SCHEMA)
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            extra = sorted(k for k in error.instance if k not in INTENT_FILE_SCHEMA["properties"])
            path = (*path, extra[0])
            where = positions.key(path)
            message = "unknown key"
        else:
            where = positions.value(path)
            message = error.message
        location = f"{source}:{where.line}:{where.column}" if where else source
        field_name = ".".join(str(p) for p in path)
        raise ScriptError(f"{location}: {field_name + ': ' if field_name else ''}{message}")
    return data


def _groups(raw: Iterable[Any]) -> tuple[Group, ...]:
    plain = tuple(item for item in raw if isinstance(item, str))
    groups = [Group(tuple(item["lines"]), item.get("tip")) for item in raw if isinstance(item, dict)]
    return ((Group(plain),) if plain else ()) + tuple(groups)


def _examples(name: str, seen: frozenset[str] = frozenset()) -> tuple[str, ...]:
    data = _intent_file(name)
    lines = list(data.get("examples", []))
    for other in data.get("includes", []):
        if other not in seen | {name}:
            lines.extend(_examples(other, seen | {name}))
    return tuple(dict.fromkeys(lines))


@cache
def _background(own: tuple[str, ...]) -> tuple[str, ...]:
    """Lines that are negatives for an intent whose examples are `own`: background.yaml and
    every bundled intent's examples and near misses, less its own examples."""
    mine = {_key(line) for line in own}
    lines: list[str] = list(_intent_file("background").get("lines", []))
    for name in bundled_intents():
        data = _intent_file(name)
        lines.extend(data.get("examples", []))
        lines.extend(line for g in _groups(data.get("near_misses", [])) for line in g.lines)
    return tuple(dict.fromkeys(line for line in lines if _key(line) not in mine))


def _key(line: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", line.lower().replace("'", "").replace("’", "")))


def build_spec(params: Mapping[str, Any], name: str = "") -> IntentSpec:
    """The training data of a point: its shared intent's lines, then its own."""
    shared: Mapping[str, Any] = {}
    base = params.get("intent")
    if base is not None:
        shared = _intent_file(base)
    examples = (*(_examples(base) if base else ()), *params.get("examples", []))
    examples = tuple(dict.fromkeys(e.strip() for e in examples if e.strip()))
    if not examples:
        raise ValueError("examples: give at least one example (or name shared ones with intent:)")
    near = _groups(shared.get("near_misses", [])) + _groups(params.get("near_misses", []))
    against = _groups(shared.get("against", [])) + _groups(params.get("against", []))
    spoils = _groups(shared.get("spoils", [])) + _groups(params.get("spoils", []))
    return IntentSpec(
        name=name or base or "intent",
        examples=examples,
        near_misses=near,
        against=against,
        spoils=spoils,
        background=_background(examples),
    )


# ---------------------------------------------------------------- the detector


@dataclass(frozen=True)
class IntentDetector:
    spec: IntentSpec
    threshold: float = DEFAULT_THRESHOLD
    against_problem: str = 'you said "{quote}"'
    spoils_problem: str = 'you said "{quote}"'
    _model: list[IntentModel] = field(default_factory=list, compare=False, repr=False)

    def model(self) -> IntentModel:
        if not self._model:
            self._model.append(current_engine().model(self.spec))
        return self._model[0]

    def find(self, turns: Sequence[str], facts: Facts) -> Finding:
        said = [(index, s) for index, turn in enumerate(turns) for s in sentences(turn)]
        if not said:
            return MISSED
        texts = [canonical_text(s.quote, facts.profile) for _, s in said]
        scores = self.model().scores(texts)
        if self.spec.against:
            worst = max(range(len(said)), key=lambda i: scores[i].against)
            if scores[worst].against >= self.threshold:
                turn, sentence = said[worst]
                quote = _shortened(turns[turn], sentence)
                return Finding(
                    False, turn=turn, problem=self.against_problem.format(quote=quote), against=True
                )
        if self.spec.spoils:
            worst = max(range(len(said)), key=lambda i: scores[i].spoils)
            if scores[worst].spoils >= self.threshold:
                turn, sentence = said[worst]
                quote = _shortened(turns[turn], sentence)
                return Finding(False, turn=turn, problem=self.spoils_problem.format(quote=quote))
        best = max(range(len(said)), key=lambda i: scores[i].covers)
        turn, sentence = said[best]
        if scores[best].covers >= self.threshold:
            return Finding(True, _shortened(turns[turn], sentence), turn)
        tipped = [i for i in range(len(said)) if scores[i].tip]
        if tipped:
            near = max(tipped, key=lambda i: scores[i].covers)
            turn, sentence = said[near]
            quote = _shortened(turns[turn], sentence)
            return Finding(False, turn=turn, problem=f'you said "{quote}": {scores[near].tip}')
        return MISSED


def _shortened(text: str, sentence: Sentence) -> str:
    """The sentence as the caller said it; a long one keeps its first words (whole clauses)."""
    if sentence.last - sentence.first + 1 <= QUOTE_WORDS:
        return sentence.quote
    turn = analyse(text)
    return turn.quote(sentence.first, sentence.first + QUOTE_WORDS - 1) + " ..."


def build(params: Mapping[str, Any]) -> IntentDetector:
    threshold = params.get("threshold", DEFAULT_THRESHOLD)
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not 0.05 <= threshold <= 0.95:
        raise ValueError(f"threshold: expected a probability from 0.05 to 0.95, got {threshold!r}")
    return IntentDetector(
        spec=build_spec(params),
        threshold=float(threshold),
        against_problem=params.get("against_problem", 'you said "{quote}"'),
        spoils_problem=params.get("spoils_problem", 'you said "{quote}"'),
    )


def specs_in(points: Iterable[Any]) -> list[IntentSpec]:
    """The specs of a script's intent points (to train or load them ahead of the call)."""
    return [p.detector.spec for p in points if isinstance(p.detector, IntentDetector)]


def prepare(points: Iterable[Any]) -> None:
    """Load (or train) the models of these points now, so the first turn need not wait."""
    for point in points:
        if isinstance(point.detector, IntentDetector):
            point.detector.model()


KIND = DetectorKind(
    factory=build,
    params_schema=PARAMS_SCHEMA,
    summary="Judged by a classifier trained from examples (`examples:`, `near_misses:`).",
)
