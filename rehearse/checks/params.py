"""Schema pieces and checks shared by detector factories."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any, TypeVar

from rehearse.checks.frames import WordSet, compile_set
from rehearse.checks.spoilers import Spoilers
from rehearse.profile.model import TEMPLATE_FIELDS, Profile
from rehearse.templates import TemplateFieldError, fields_in, render


def threshold_schema(default: float, what: str = "a fuzzy match") -> dict[str, Any]:
    return {
        "type": "number",
        "minimum": 0,
        "maximum": 100,
        "description": f"Lowest RapidFuzz score (0-100) for {what} to count. Default {default}.",
    }


def words_schema(what: str, example: str = "") -> dict[str, Any]:
    """A list of whole words or word runs; a trailing * matches any ending."""
    return phrases_schema(f"{what} Whole words; a trailing * matches any ending{example}.")


def phrases_schema(what: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "string", "minLength": 1},
        "description": what,
    }


def shapes_schema(items: Mapping[str, Any], description: str) -> dict[str, Any]:
    """The `shapes` key of a structural detector: one or more shapes, any one is enough."""
    return {"type": "array", "minItems": 1, "items": items, "description": description}


def reach_schema(default: int, what: str = "a phrase match") -> dict[str, Any]:
    return {
        "type": "integer",
        "minimum": 0,
        "maximum": 8,
        "description": f"How many words before {what} a negation still applies. Default {default}.",
    }


def phrase_fallback_schema(phrases_description: str) -> dict[str, Any]:
    """The fuzzy-phrase keys that structural detectors accept beside their shapes."""
    return {
        "phrases": phrases_schema(phrases_description),
        "threshold": threshold_schema(85, "a phrase"),
        "reach": reach_schema(3),
        "reject": phrases_schema("Fuzzy wordings that cancel the point anywhere in the call. Default none."),
        "reject_threshold": threshold_schema(88, "a reject phrase"),
        "against": phrases_schema(
            "Fuzzy wordings that cancel the point as said against it ('I'd like to withdraw my "
            "application'): a script can react (`against:` rules, `against_tip`). Default none."
        ),
    }


def threshold(params: Mapping[str, Any], key: str, default: float) -> float:
    value = params.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ValueError(f"{key}: expected a number from 0 to 100, got {value!r}")
    if value < 50:
        raise ValueError(f"{key}: {value} would match almost anything; use 50 or more")
    return float(value)


def phrase_list(params: Mapping[str, Any], key: str, required: bool = False) -> tuple[str, ...]:
    value = params.get(key, [])
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise ValueError(f"{key}: expected a list of phrases")
    phrases = tuple(p.strip() for p in value if p.strip())
    if required and not phrases:
        raise ValueError(f"{key}: give at least one phrase")
    for phrase in phrases:
        try:
            names = fields_in(phrase)
        except TemplateFieldError as error:
            raise ValueError(f"{key}: {phrase!r}: {error}") from None
        unknown = [n for n in names if n not in TEMPLATE_FIELDS]
        if unknown:
            raise ValueError(
                f"{key}: {phrase!r}: unknown placeholder {{{unknown[0]}}} "
                f"(use one of {', '.join(TEMPLATE_FIELDS)})"
            )
    return phrases


def positive_int(params: Mapping[str, Any], key: str, default: int, minimum: int = 0) -> int:
    value = params.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{key}: expected a whole number of {minimum} or more, got {value!r}")
    return value


def flag(params: Mapping[str, Any], key: str, default: bool) -> bool:
    value = params.get(key, default)
    if not isinstance(value, bool):
        raise ValueError(f"{key}: expected true or false")
    return value


@lru_cache(maxsize=256)
def rendered(phrases: Sequence[str], profile: Profile) -> tuple[str, ...]:
    """Phrases with `{position}`-style placeholders filled from the profile."""
    values = profile.template_values()
    return tuple(render(p, values) for p in phrases)


def word_set(params: Mapping[str, Any], key: str, default: Sequence[str] = ()) -> WordSet:
    """The word runs under `key`, or `default` when the key is absent."""
    return compile_set(phrase_list(params, key) if key in params else tuple(default))


Shape = TypeVar("Shape")


def build_shapes(
    params: Mapping[str, Any], build_one: Callable[[Mapping[str, Any]], Shape], what: str
) -> tuple[Shape, ...]:
    """Build every entry of `shapes`; a problem in one is reported as `shapes.N.key: ...`."""
    shapes = params.get("shapes")
    if not isinstance(shapes, list) or not shapes:
        raise ValueError(f"shapes: give at least one {what}")
    built = []
    for index, raw in enumerate(shapes):
        try:
            built.append(build_one(raw))
        except ValueError as error:
            raise ValueError(f"shapes.{index}.{error}") from None
    return tuple(built)


def spoilers_schema() -> dict[str, Any]:
    """The `spoilers` and `keep` keys of detectors whose wordings can be said in sarcasm."""
    return {
        "spoilers": words_schema(
            "Wordings that make a match near them in its sentence sarcasm or a set phrase "
            "('for nothing', 'thank god', 'ghosting'). Default none.",
            ", e.g. 'wast*'",
        ),
        "keep": words_schema(
            "Wordings that keep a match although a spoiler is near ('pass my thanks'). Default none."
        ),
    }


def spoilers_param(params: Mapping[str, Any]) -> Spoilers:
    return Spoilers(word_set(params, "spoilers"), word_set(params, "keep"))
