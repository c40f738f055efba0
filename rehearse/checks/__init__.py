"""Detectors for the points of a call, looked up by kind in a plain registry.

A call script's point says `detect: {kind: phrases, phrases: [...], threshold: 85}`;
the loader checks the mapping against `DETECTORS[kind].params_schema` and
builds the detector with `DETECTORS[kind].factory(params)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rehearse.checks import (
    brevity,
    dates,
    intent,
    mention,
    name,
    phrases,
    politeness,
    question,
    request,
    stance,
    times,
)
from rehearse.checks.base import MISSED, Detector, DetectorKind, Facts, Finding

DETECTORS: dict[str, DetectorKind] = {
    "name": name.KIND,
    "date": dates.KIND,
    "time": times.KIND,
    "phrases": phrases.KIND,
    "politeness": politeness.KIND,
    "brevity": brevity.KIND,
    "mention": mention.KIND,
    "question": question.KIND,
    "request": request.KIND,
    "stance": stance.KIND,
    "intent": intent.KIND,
}


def build_detector(detect: Mapping[str, Any]) -> Detector:
    """Build a detector from a whole `detect:` mapping (with `kind`), checking its schema.

    For callers outside the script loader (tests, the bench); raises ValueError
    with a short message.
    """
    import jsonschema

    params = dict(detect)
    kind = params.pop("kind", None)
    if kind not in DETECTORS:
        raise ValueError(f"kind: unknown detector {kind!r} (known: {', '.join(DETECTORS)})")
    entry = DETECTORS[kind]
    try:
        jsonschema.validate(params, entry.params_schema)
    except jsonschema.ValidationError as error:
        where = ".".join(str(p) for p in error.absolute_path)
        raise ValueError(f"{where + ': ' if where else ''}{error.message}") from None
    return entry.factory(params)


__all__ = ["DETECTORS", "MISSED", "Detector", "DetectorKind", "Facts", "Finding", "build_detector"]
