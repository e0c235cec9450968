"""Fuses dense and BM25 rankings into Hits in the question's language.

Both retrievers search both editions. Before fusion each hit is mapped to the edition
the question is asked in (through the alignment), keeping the better score of the two
editions, so an English question can be answered from a paragraph that only the
Chinese text matched, and the fused list holds each paragraph once.

The fusion is LlamaIndex's QueryFusionRetriever arithmetic (relative_score, dist_based_score,
reciprocal_rerank) with one query, written out here: importing LlamaIndex cost 2 s per
process and its node plumbing about 4 ms per question, more than the fusion itself.
tests/test_retrieve.py checks the two give the same hits on the whole question set.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from qa.bm25 import BM25Index
from qa.dense import dense_scores
from qa.text import cache_dictionary_in
from qa.types import Hit
from store.embed import E5Embedding
from store.load import Store
from store.settings import FUSION_MODES

RRF_K = 60.0  # reciprocal-rank constant of the original paper, as in LlamaIndex


class HybridRetriever:
    """question -> Hits, by dense, BM25, or both fused (relative-score or reciprocal-rank)."""

    def __init__(self, store: Store, embedder: E5Embedding, mode: str = "relative_score", top_k: int = 8,
                 dense_weight: float = 0.5):
        if mode not in FUSION_MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}: choose one of {', '.join(FUSION_MODES)}")
        self.store, self.embedder, self.mode, self.top_k = store, embedder, mode, top_k
        self.weights = (dense_weight, 1.0 - dense_weight)
        self.depth = top_k * 3  # both editions come back, so ask for more than we keep
        cache = None if store.settings.chroma_url else store.settings.store_dir
        if cache is not None:
            cache_dictionary_in(cache)
        self.bm25 = BM25Index(list(store.paragraphs.values()), cache) if mode != "dense" else None

    def retrieve(self, question: str, lang: str,
                 query_vector: np.ndarray | Callable[[], np.ndarray] | None = None, foreign: bool = False,
                 top_k: int | None = None) -> list[Hit]:
        """Hits in `lang` ("en" / "zh"), best first; query_vector saves embedding the question twice (a
        vector, or a function that waits for one being embedded: BM25 is scored meanwhile).

        foreign: the question is in another language than the editions (French, …); BM25 would read its
        words as English and find "China" and look-alikes, so its place in the fusion goes to the
        paragraphs' best sentences by meaning: one sentence a question paraphrases stands out better
        alone than in its paragraph's vector. top_k: hits kept, if not the retriever's own."""
        top_k = top_k or self.top_k
        depth = max(self.depth, top_k * 3)
        dense: dict[str, float] = {}  # paragraph id in lang -> best cosine of both editions
        bm25: dict[str, float] = {}  # paragraph id in lang -> best BM25 score of both editions
        second: dict[str, float] = {}  # what is fused with dense: BM25, or for a foreign question the sentences
        if self.mode != "dense" and not (foreign and self.mode != "bm25"):
            # zero-score BM25 hits share no term with the question: not evidence
            bm25 = second = self._in_lang([(pid, s) for pid, s in self.bm25.scores(question, depth) if s > 0], lang)
        if self.mode != "bm25":
            vector = self.embedder.query_vector(question) if query_vector is None else query_vector
            vector = vector() if callable(vector) else vector
            dense = self._in_lang(dense_scores(self.store.paragraph_collection, vector, depth), lang)
            if foreign and self.mode != "dense":
                second = self._in_lang(self._by_sentence(vector, depth), lang)
        if self.mode in ("dense", "bm25"):
            fused = dense or bm25
        elif self.mode == "reciprocal_rerank":
            fused = _reciprocal_rank([dense, second])
        else:
            fused = _relative_score([dense, second], self.weights, dist_based=self.mode == "dist_based_score")
        ranked = sorted(fused.items(), key=lambda item: item[1], reverse=True)[:top_k]
        return [Hit(self.store.paragraphs[pid], score, dense=dense.get(pid, 0.0), bm25=bm25.get(pid, 0.0))
                for pid, score in ranked]

    def _by_sentence(self, vector: np.ndarray, depth: int) -> list[tuple[str, float]]:
        """(paragraph id, its best sentence's cosine) for the `depth` paragraphs of both editions whose
        best sentence is closest to the question, best first."""
        cosines = self.store.sentence_vectors @ np.asarray(vector, dtype=self.store.sentence_vectors.dtype)
        best: dict[str, float] = {}  # paragraph id -> cosine; insertion order is rank order
        for row in np.argsort(-cosines):
            best.setdefault(self.store.sentence_ids[row][0], float(cosines[row]))
            if len(best) == depth:
                break
        return list(best.items())

    def _in_lang(self, scored: list[tuple[str, float]], lang: str) -> dict[str, float]:
        best: dict[str, float] = {}  # subtle: insertion order is rank order; fusion ties keep it
        for pid, score in scored:
            paragraph = self.store.paragraphs.get(pid)
            if paragraph is None:
                continue
            mapped = pid if paragraph.lang == lang else paragraph.aligned_id
            if mapped is not None and score > best.get(mapped, -math.inf):
                best[mapped] = score
        return best


def _relative_score(rankings: list[dict[str, float]], weights: tuple[float, float],
                    dist_based: bool) -> dict[str, float]:
    """Each ranking min-max scaled (or mean ± 3 sd), times its weight, summed per paragraph.

    Example: [{"a": 0.9, "b": 0.7}, {"b": 12.0}] with weights (0.5, 0.5) -> {"a": 0.5, "b": 0.5}
    """
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        if not ranking:
            continue
        scores = list(ranking.values())
        if dist_based:
            mean = sum(scores) / len(scores)
            sd = (sum((x - mean) ** 2 for x in scores) / len(scores)) ** 0.5
            low, high = mean - 3 * sd, mean + 3 * sd
        else:
            low, high = min(scores), max(scores)
        for pid, score in ranking.items():
            scaled = (1.0 if high > 0 else 0.0) if high == low else (score - low) / (high - low)
            fused[pid] = fused.get(pid, 0.0) + scaled * weight
    return fused


def _reciprocal_rank(rankings: list[dict[str, float]]) -> dict[str, float]:
    """Example: [{"a": 0.9, "b": 0.7}, {"b": 3.0}] -> {"a": 1/60, "b": 1/61 + 1/60}"""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, pid in enumerate(sorted(ranking, key=ranking.get, reverse=True)):
            fused[pid] = fused.get(pid, 0.0) + 1.0 / (rank + RRF_K)
    return fused
