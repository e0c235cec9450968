"""Lexical half of hybrid retrieval.

Unlike dense.py this matches words, not meanings, so Chinese is segmented with jieba
first: BM25's default token pattern treats a run of Hanzi as a single token and would
score every Chinese question 0. Segmented words are joined with spaces and handed to
LlamaIndex's BM25Retriever (bm25s), which stems the English words.
"""

from __future__ import annotations

from llama_index.core.schema import TextNode
from llama_index.retrievers.bm25 import BM25Retriever

from qa.text import segment
from store.paragraphs import Paragraph

TOKEN_PATTERN = r"(?u)\b\w+\b"  # single-character Chinese words count


def segmented(text: str) -> str:
    """Example: "派遣援外医疗队" -> "派遣 援外 医疗 医疗队" """
    return " ".join(segment(text))


def bm25_retriever(paragraphs: list[Paragraph], top_k: int) -> BM25Retriever:
    nodes = [
        TextNode(id_=p.id, text=segmented(p.text), metadata={"pid": p.id},
                 excluded_embed_metadata_keys=["pid"], excluded_llm_metadata_keys=["pid"])
        for p in paragraphs
    ]
    return BM25Retriever(nodes=nodes, similarity_top_k=top_k, language="en", token_pattern=TOKEN_PATTERN)
