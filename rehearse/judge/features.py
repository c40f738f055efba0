"""What the classifier sees of a sentence: its embedding beside hashed word pairs.

The embedding carries the meaning; the words carry what embeddings blur ("not", "no
longer", "anymore"). Both are read from one spoken form of the sentence (`spoken_form`), so a
typed "I'm NOT interested!" and a recognizer's "im not interested" look alike.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Sequence

import numpy as np

HASHED = 2048
WORD_WEIGHT = 0.5
VERSION = 1  # bump when features change: cached models are then retrained

_WORDS = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    return _WORDS.findall(text.lower().replace("'", "").replace("’", ""))


def hashed(text: str) -> np.ndarray:
    tokens = words(text)
    grams = set(tokens) | {f"{a} {b}" for a, b in itertools.pairwise(tokens)}
    vector = np.zeros(HASHED, np.float32)
    for gram in grams:
        vector[zlib.crc32(gram.encode()) % HASHED] = 1.0
    total = vector.sum()
    return vector * (WORD_WEIGHT / np.sqrt(total)) if total else vector


def matrix(texts: Sequence[str], embeddings: np.ndarray) -> np.ndarray:
    return np.hstack([embeddings, np.stack([hashed(t) for t in texts]) if texts else np.zeros((0, HASHED))])
