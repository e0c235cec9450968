"""Fuses dense and BM25 rankings into Hits in the question's language.

Both retrievers search both editions. Before fusion each hit is mapped to the edition
the question is asked in (through the alignment), keeping the better score of the two
editions, so an English question can be answered from a paragraph that only the
Chinese text matched, and the fused list holds each paragraph once. LlamaIndex's
QueryFusionRetriever does the fusion with one query (no LLM-generated rewrites); a
MockLLM is set explicitly so nothing ever reaches for OpenAI.
"""

from __future__ import annotations

import math
import threading

from llama_index.core import QueryBundle
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.llms import MockLLM
from llama_index.core.retrievers import QueryFusionRetriever
from llama_index.core.schema import NodeWithScore, TextNode

from qa.bm25 import bm25_retriever, segmented
from qa.dense import dense_retriever
from qa.types import Hit
from store.embed import E5Embedding
from store.load import Store
from store.settings import FUSION_MODES


class _InLanguage(BaseRetriever):
    """Wraps a retriever: hits mapped to one edition, one node per paragraph, raw scores recorded."""

    def __init__(self, inner: BaseRetriever, store: Store, lang: str, kind: str, record: threading.local):
        super().__init__()
        self._inner, self._store, self._lang, self._kind, self._record = inner, store, lang, kind, record
        self._nodes = {p.id: TextNode(id_=p.id, text=p.text) for p in store.in_lang(lang)}

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        bundle = query_bundle
        if self._kind == "bm25":  # subtle: BM25 sees the jieba-segmented question
            bundle = QueryBundle(segmented(query_bundle.query_str))
        best: dict[str, float] = {}  # paragraph id in self._lang -> best raw score of both editions
        for hit in self._inner.retrieve(bundle):
            raw = _raw_score(hit.score or 0.0, self._kind)
            if self._kind == "bm25" and raw <= 0:
                continue  # zero-score BM25 hits share no term with the question: not evidence
            pid = self._to_lang(hit.node.node_id)
            if pid is not None and raw > best.get(pid, -math.inf):
                best[pid] = raw
        getattr(self._record, "scores", {})[self._kind] = best
        return [NodeWithScore(node=self._nodes[pid], score=score) for pid, score in best.items()]

    def _to_lang(self, pid: str) -> str | None:
        paragraph = self._store.paragraphs.get(pid)
        if paragraph is None:
            return None
        return pid if paragraph.lang == self._lang else paragraph.aligned_id


def _raw_score(score: float, kind: str) -> float:
    # ChromaVectorStore reports exp(-cosine distance); turn it back into a cosine similarity
    return 1.0 + math.log(score) if kind == "dense" and score > 0 else score


class HybridRetriever:
    """question -> Hits, by dense, BM25, or both fused (relative-score or reciprocal-rank)."""

    def __init__(self, store: Store, embedder: E5Embedding, mode: str = "relative_score", top_k: int = 8,
                 dense_weight: float = 0.5):
        if mode not in FUSION_MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}: choose one of {', '.join(FUSION_MODES)}")
        self.store, self.embedder, self.mode, self.top_k = store, embedder, mode, top_k
        self.weights = [dense_weight, 1.0 - dense_weight]
        depth = top_k * 3  # both editions come back, so ask for more than we keep
        self._record = threading.local()
        dense = dense_retriever(store.paragraph_collection, embedder, depth)
        lexical = bm25_retriever(list(store.paragraphs.values()), depth)
        self._pipelines = {lang: self._pipeline(dense, lexical, lang) for lang in ("en", "zh")}

    def _pipeline(self, dense: BaseRetriever, lexical: BaseRetriever, lang: str) -> BaseRetriever:
        parts = {"dense": _InLanguage(dense, self.store, lang, "dense", self._record),
                 "bm25": _InLanguage(lexical, self.store, lang, "bm25", self._record)}
        if self.mode in parts:
            return parts[self.mode]
        return QueryFusionRetriever(
            [parts["dense"], parts["bm25"]], llm=MockLLM(), mode=self.mode, num_queries=1,
            similarity_top_k=self.top_k, use_async=False, retriever_weights=self.weights,
        )

    def retrieve(self, question: str, lang: str, query_vector: list[float] | None = None) -> list[Hit]:
        """Hits in `lang` ("en" / "zh"), best first; query_vector saves embedding the question twice."""
        self._record.scores = {}
        bundle = QueryBundle(question, embedding=query_vector or self.embedder.get_query_embedding(question))
        nodes = self._pipelines[lang].retrieve(bundle)
        dense, bm25 = self._record.scores.get("dense", {}), self._record.scores.get("bm25", {})
        hits = [
            Hit(self.store.paragraphs[n.node.node_id], float(n.score or 0.0),
                dense=dense.get(n.node.node_id, 0.0), bm25=bm25.get(n.node.node_id, 0.0))
            for n in nodes
        ]
        return hits[: self.top_k]
