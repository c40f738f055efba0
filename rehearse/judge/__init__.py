"""The intent judge: embeds sentences, trains each intent point's classifier from its
examples, caches it by the examples' hash, and answers `rehearse.checks.intent`'s questions.

Outside the core on purpose: it imports numpy and onnxruntime, which the core does not. The
core finds it by name (`rehearse.checks.intent.DEFAULT_ENGINE`) and sees only the small
`IntentEngine` / `IntentModel` protocols.

Trained models are looked up first among those shipped for the bundled scripts
(`trained/`, written by `python -m rehearse.judge --write`), then in the user cache
(`rehearse.config.cache_dir()/judge`); a spec found in neither is trained at load (the lines'
embeddings are kept in the cache too, so adding one example embeds only that line) and
cached.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rehearse.checks.heard import variants
from rehearse.checks.intent import NEAR_MISS_SIMILARITY, IntentSpec, SentenceScore
from rehearse.judge import features, logistic
from rehearse.judge.encoder import MODEL_ID, MiniLM

TRAINED = Path(__file__).with_name("trained")


def model_key(spec: IntentSpec) -> str:
    """The file name a spec's model is kept under: its examples' hash, the sentence model and
    the feature version (a change to any of them retrains)."""
    digest = hashlib.sha256(f"{spec.key()}|{MODEL_ID}|{features.VERSION}".encode()).hexdigest()[:20]
    return f"{spec.name}-{digest}"


@dataclass
class TrainedIntent:
    encoder: MiniLM
    w: np.ndarray
    b: float
    against_w: np.ndarray | None
    against_b: float
    spoils_w: np.ndarray | None
    spoils_b: float
    tip_vectors: np.ndarray  # one row per near miss that has a tip
    tips: tuple[str, ...]

    def scores(self, sentences: Sequence[str]) -> list[SentenceScore]:
        if not sentences:
            return []
        embedded = self.encoder.encode(sentences)
        x = features.matrix(sentences, embedded)
        covers = logistic.probability(x, self.w, self.b)
        against = (
            logistic.probability(x, self.against_w, self.against_b)
            if self.against_w is not None
            else np.zeros(len(sentences))
        )
        spoils = (
            logistic.probability(x, self.spoils_w, self.spoils_b)
            if self.spoils_w is not None
            else np.zeros(len(sentences))
        )
        tips: list[str | None] = [None] * len(sentences)
        if len(self.tips):
            similar = embedded @ self.tip_vectors.T
            for row in range(len(sentences)):
                best = int(similar[row].argmax())
                if similar[row, best] >= NEAR_MISS_SIMILARITY:
                    tips[row] = self.tips[best]
        return [
            SentenceScore(float(c), float(a), float(s), t)
            for c, a, s, t in zip(covers, against, spoils, tips, strict=True)
        ]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp.npz")
        np.savez_compressed(
            temporary,
            w=self.w,
            b=np.array([self.b, self.against_b, self.spoils_b], np.float32),
            against_w=self.against_w if self.against_w is not None else np.zeros(0, np.float32),
            spoils_w=self.spoils_w if self.spoils_w is not None else np.zeros(0, np.float32),
            tip_vectors=self.tip_vectors.astype(np.float16),
            tips=np.array(self.tips, dtype=str),
        )
        temporary.replace(path)

    @classmethod
    def load(cls, path: Path, encoder: MiniLM) -> TrainedIntent:
        with np.load(path, allow_pickle=False) as data:
            against_w, spoils_w = data["against_w"], data["spoils_w"]
            return cls(
                encoder,
                data["w"],
                float(data["b"][0]),
                against_w if against_w.size else None,
                float(data["b"][1]),
                spoils_w if spoils_w.size else None,
                float(data["b"][2]),
                data["tip_vectors"].astype(np.float32),
                tuple(str(t) for t in data["tips"]),
            )


class LineStore:
    """Embeddings of training lines, kept between runs (float16, keyed by the line)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.vectors: dict[str, np.ndarray] = {}
        if path is not None and path.is_file():
            with np.load(path, allow_pickle=False) as data:
                self.vectors = dict(zip((str(t) for t in data["lines"]), data["vectors"], strict=True))
        self.dirty = False

    def embed(self, lines: Sequence[str], encoder: MiniLM) -> np.ndarray:
        missing = [line for line in dict.fromkeys(lines) if line not in self.vectors]
        if missing:
            for line, vector in zip(missing, encoder.encode(missing, batch=64), strict=True):
                self.vectors[line] = vector.astype(np.float16)
            self.dirty = True
        return np.stack([self.vectors[line].astype(np.float32) for line in lines])

    def save(self) -> None:
        if self.path is None or not self.dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp.npz")
        lines = list(self.vectors)
        np.savez_compressed(
            temporary, lines=np.array(lines, dtype=str), vectors=np.stack([self.vectors[t] for t in lines])
        )
        temporary.replace(self.path)
        self.dirty = False


def _training_rows(positives: Sequence[str], negatives: Sequence[str]) -> tuple[list[str], np.ndarray]:
    lines: list[str] = []
    labels: list[float] = []
    wanted = {v for line in positives for v in variants(line)}
    for line in positives:
        for form in variants(line):
            lines.append(form)
            labels.append(1.0)
    for line in negatives:
        for form in variants(line):
            if form not in wanted:
                lines.append(form)
                labels.append(0.0)
    return lines, np.array(labels)


def train(spec: IntentSpec, encoder: MiniLM, store: LineStore) -> TrainedIntent:
    near = [line for g in spec.near_misses for line in g.lines]
    against = [line for g in spec.against for line in g.lines]
    spoils = [line for g in spec.spoils for line in g.lines]

    def fitted(positives: Sequence[str], negatives: Sequence[str]) -> tuple[np.ndarray, float]:
        lines, y = _training_rows(positives, negatives)
        return logistic.fit(features.matrix(lines, store.embed(lines, encoder)), y)

    w, b = fitted(spec.examples, [*near, *against, *spoils, *spec.background])
    against_w, against_b = (
        fitted(against, [*spec.examples, *near, *spec.background]) if against else (None, 0.0)
    )
    spoils_w, spoils_b = fitted(spoils, [*spec.examples, *near, *spec.background]) if spoils else (None, 0.0)
    tipped = spec.tips()
    tip_vectors = (
        store.embed([line for line, _ in tipped], encoder) if tipped else np.zeros((0, 384), np.float32)
    )
    tips = tuple(t for _, t in tipped)
    return TrainedIntent(encoder, w, b, against_w, against_b, spoils_w, spoils_b, tip_vectors, tips)


class MiniLMEngine:
    """The default engine: one sentence model for every point, models trained once per spec."""

    def __init__(self, cache: Path | None = None, shipped: Path | None = TRAINED) -> None:
        self.cache = cache
        self.shipped = shipped
        self._encoder: MiniLM | None = None
        self._models: dict[str, TrainedIntent] = {}
        self._lock = threading.RLock()
        self.load_seconds = 0.0
        self.trained: list[str] = []  # the specs this engine had to train (not found cached)

    @property
    def encoder(self) -> MiniLM:
        with self._lock:
            if self._encoder is None:
                self._encoder = MiniLM()
            return self._encoder

    def model(self, spec: IntentSpec) -> TrainedIntent:
        name = model_key(spec)
        with self._lock:
            if name in self._models:
                return self._models[name]
            started = time.perf_counter()
            places = [p / f"{name}.npz" for p in (self.shipped, self.cache) if p is not None]
            found = next((p for p in places if p.is_file()), None)
            if found is not None:
                model = TrainedIntent.load(found, self.encoder)
            else:
                store = LineStore(self.cache / f"lines-{MODEL_ID}.npz" if self.cache else None)
                model = train(spec, self.encoder, store)
                store.save()
                if self.cache is not None:
                    model.save(self.cache / f"{name}.npz")
                self.trained.append(name)
            self._models[name] = model
            self.load_seconds += time.perf_counter() - started
            return model


_default: MiniLMEngine | None = None
_default_lock = threading.Lock()


def default_engine() -> MiniLMEngine:
    """The engine `rehearse.checks.intent` uses unless another is installed."""
    global _default
    with _default_lock:
        if _default is None:
            from rehearse.config import cache_dir

            _default = MiniLMEngine(cache=cache_dir() / "judge")
        return _default
