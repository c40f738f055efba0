"""How common an English word is, for telling everyday words from names.

The measure is a word's unigram log10 probability in the general en-us language model
that the pocketsphinx wheel ships (pocketsphinx is a core dependency, so the model is
always there when rehearse is installed). Everyday words score high ("me" -2.5, "too"
-2.9, "calling" -4.0); surnames the model has never seen ("okafor", "adeyemi") score
`UNSEEN`. The thresholds that split them are kept in the call script, not here.

Without pocketsphinx (or with a broken model file) every word is "unknown" (`None`), and
the rules that rely on it stand aside instead of guessing.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Any

UNSEEN = -99.0  # log10 probability reported for a word the model does not hold
_LOG10_BASE = math.log10(1.0001)  # pocketsphinx LogMath's default base
_FLOOR = -(1 << 20)  # model scores at or below this (in LogMath units) are out of vocabulary


@lru_cache(maxsize=1)
def _model() -> Any | None:
    try:
        from pocketsphinx import Config, LogMath, NGramModel, get_model_path
    except ImportError:
        return None
    path = Path(get_model_path()) / "en-us" / "en-us.lm.bin"
    try:
        return NGramModel(Config(), LogMath(), str(path))
    except (OSError, RuntimeError, ValueError):
        return None


@lru_cache(maxsize=65536)
def log10_prob(word: str) -> float | None:
    """The word's unigram log10 probability, `UNSEEN` when the model lacks it, `None`
    when no model can be read. `word` is looked up lowercased, as said and without its
    apostrophes ("i'm" and "im"), and the more common form counts."""
    model = _model()
    if model is None:
        return None
    spoken = word.lower().replace("’", "'").strip('.,;:!?"()')
    best = UNSEEN
    for form in dict.fromkeys((spoken, spoken.replace("'", ""))):
        if not form:
            continue
        score = model.prob([form])
        if score > _FLOOR:
            best = max(best, score * _LOG10_BASE)
    return best


def at_least(word: str, level: float) -> bool:
    """Whether `word` is at least as common as `level` (False when unknown)."""
    score = log10_prob(word)
    return score is not None and score >= level


def below(word: str, level: float) -> bool:
    """Whether `word` is rarer than `level` (False when unknown)."""
    score = log10_prob(word)
    return score is not None and score < level
