"""qa/retrieve.py gives the hits LlamaIndex's retrievers gave, on every question of the set.

The question path no longer imports LlamaIndex (2 s of every cold start), so the fusion
arithmetic, the BM25 tokenisation and the dense scores are written out in qa/. The
reference here is the LlamaIndex pipeline they replaced (VectorIndexRetriever over
ChromaVectorStore, BM25Retriever, QueryFusionRetriever), run on the real store.
"""

from __future__ import annotations

import math

import pytest
from llama_index.core import QueryBundle, VectorStoreIndex
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.llms import MockLLM
from llama_index.core.retrievers import QueryFusionRetriever
from llama_index.core.schema import NodeWithScore, TextNode
from llama_index.retrievers.bm25 import BM25Retriever
from llama_index.vector_stores.chroma import ChromaVectorStore

from eval.questions import load_questions
from qa.bm25 import TOKEN_PATTERN, query_text, segmented
from qa.retrieve import FUSION_MODES, HybridRetriever
from qa.text import detect_lang
from store.embed import E5Embedding
from store.settings import Settings, SettingsError

pytestmark = pytest.mark.long  # minutes: scheduled first (tests/conftest.py)


class _InLanguage(BaseRetriever):
    """The replaced wrapper: hits mapped to one edition, best raw score of both editions."""

    def __init__(self, inner, store, lang, kind):
        super().__init__()
        self._inner, self._store, self._lang, self._kind = inner, store, lang, kind
        self._nodes = {p.id: TextNode(id_=p.id, text=p.text) for p in store.in_lang(lang)}

    def _retrieve(self, query_bundle):
        bundle = QueryBundle(query_text(query_bundle.query_str)) if self._kind == "bm25" else query_bundle
        best = {}
        for hit in self._inner.retrieve(bundle):
            raw = 1.0 + math.log(hit.score) if self._kind == "dense" and hit.score > 0 else hit.score or 0.0
            if self._kind == "bm25" and raw <= 0:
                continue
            p = self._store.paragraphs.get(hit.node.node_id)
            pid = None if p is None else p.id if p.lang == self._lang else p.aligned_id
            if pid is not None and raw > best.get(pid, -math.inf):
                best[pid] = raw
        return [NodeWithScore(node=self._nodes[pid], score=s) for pid, s in best.items()]


def _reference(store, embedder, mode, top_k=8, dense_weight=0.5):
    depth = top_k * 3
    dense = VectorStoreIndex.from_vector_store(ChromaVectorStore(chroma_collection=store.paragraph_collection),
                                               embed_model=_NoEmbedding()).as_retriever(similarity_top_k=depth)
    nodes = [TextNode(id_=p.id, text=segmented(p.text), metadata={"pid": p.id}, excluded_embed_metadata_keys=["pid"],
                      excluded_llm_metadata_keys=["pid"]) for p in store.paragraphs.values()]
    lexical = BM25Retriever(nodes=nodes, similarity_top_k=depth, language="en", token_pattern=TOKEN_PATTERN)
    out = {}
    for lang in ("en", "zh"):
        parts = {"dense": _InLanguage(dense, store, lang, "dense"), "bm25": _InLanguage(lexical, store, lang, "bm25")}
        out[lang] = parts[mode] if mode in parts else QueryFusionRetriever(
            [parts["dense"], parts["bm25"]], llm=MockLLM(), mode=mode, num_queries=1, similarity_top_k=top_k,
            use_async=False, retriever_weights=[dense_weight, 1.0 - dense_weight])
    return out


def _NoEmbedding():
    from llama_index.core.embeddings import MockEmbedding

    return MockEmbedding(embed_dim=384)  # never called: every query carries its vector


@pytest.fixture(scope="module")
def questions_with_vectors(pipeline):
    """Every question with its vector, embedded in the query worker's batches (all submitted first: 300
    questions in 3.9 s against 6.5 s one by one) by an embedder that remembers nothing: both retrievers read the same
    vector, and the pipeline's own cache keeps the vectors its questions are embedded with one at a time."""
    items = [(q.question, detect_lang(q.question)) for q in load_questions()]
    embedder = E5Embedding(pipeline.embedder.threads, remember=False)
    pending = [embedder.submit(text) for text, _ in items]
    return [(text, lang if lang in ("en", "zh") else "en", wait()) for (text, lang), wait in zip(items, pending, strict=True)]


@pytest.mark.parametrize("mode", FUSION_MODES)
def test_same_hits_as_the_llamaindex_pipeline(pipeline, questions_with_vectors, mode):
    ours = HybridRetriever(pipeline.store, pipeline.embedder, mode, 8)
    reference = _reference(pipeline.store, pipeline.embedder, mode)
    for text, lang, vector in questions_with_vectors:
        expected = reference[lang].retrieve(QueryBundle(text, embedding=vector.tolist()))[:8]
        got = ours.retrieve(text, lang, vector)
        assert [h.paragraph.id for h in got] == [n.node.node_id for n in expected], (mode, text)
        assert [h.score for h in got] == pytest.approx([n.score for n in expected], abs=1e-6), (mode, text)


def test_the_dense_weight_is_the_llamaindex_retriever_weight(pipeline, questions_with_vectors):
    ours = HybridRetriever(pipeline.store, pipeline.embedder, "relative_score", 8, dense_weight=0.3)
    reference = _reference(pipeline.store, pipeline.embedder, "relative_score", dense_weight=0.3)
    for text, lang, vector in questions_with_vectors[::4]:
        expected = reference[lang].retrieve(QueryBundle(text, embedding=vector.tolist()))[:8]
        got = ours.retrieve(text, lang, vector)
        assert [h.paragraph.id for h in got] == [n.node.node_id for n in expected], text
        assert [h.score for h in got] == pytest.approx([n.score for n in expected], abs=1e-6), text


@pytest.mark.parametrize("raw, problem", [("1.5", "between 0 and 1"), ("-0.1", "between 0 and 1"), ("half", "not a valid number")])
def test_a_dense_weight_outside_0_to_1_is_refused_by_name(raw, problem):
    with pytest.raises(SettingsError, match=problem):
        Settings.from_env({"WPQA_DENSE_WEIGHT": raw})
    assert Settings.from_env({"WPQA_DENSE_WEIGHT": "0.3"}).dense_weight == 0.3


def test_a_wider_search_is_the_llamaindex_retrievers_at_that_depth(pipeline, questions_with_vectors):
    """top_k per call (a broad question asks for settings.broad_top_k): the same hits as a LlamaIndex
    pipeline built for that many."""
    ours = HybridRetriever(pipeline.store, pipeline.embedder, "relative_score", 8)
    reference = _reference(pipeline.store, pipeline.embedder, "relative_score", top_k=16)
    for text, lang, vector in questions_with_vectors[::6]:
        expected = reference[lang].retrieve(QueryBundle(text, embedding=vector.tolist()))[:16]
        got = ours.retrieve(text, lang, vector, top_k=16)
        assert len(got) == 16
        assert [h.paragraph.id for h in got] == [n.node.node_id for n in expected], text
        assert [h.score for h in got] == pytest.approx([n.score for n in expected], abs=1e-6), text


@pytest.mark.parametrize("asked, plain", [
    ("白皮书说中国在柬埔寨做了哪些减贫项目？", "中国在柬埔寨做了哪些减贫项目？"),
    ("What does the white paper say about the Mombasa-Nairobi Railway?", "What does it say about the Mombasa-Nairobi Railway?"),
])
def test_words_for_the_paper_itself_do_not_steer_bm25(pipeline, asked, plain):
    """Only the preface's last paragraph and the note on terms write 白皮书 / "white paper": a question that
    names the paper is not about them."""
    bm25 = HybridRetriever(pipeline.store, pipeline.embedder, "bm25", 8).bm25
    assert bm25.scores(asked, 8) == bm25.scores(plain, 8)
    first = pipeline.store.paragraphs[bm25.scores(asked, 1)[0][0]]
    assert first.id.split("-")[1] not in ("preface", "note")
    # the index keeps them: the paragraphs that write them are still found by other words
    assert any(pid.endswith("note-01") for pid, _ in bm25.scores("“中国国际发展合作”指什么？南南合作框架", 4))
