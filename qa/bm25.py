"""Lexical half of hybrid retrieval.

Unlike dense.py this matches words, not meanings, so Chinese is segmented with jieba
first: BM25's default token pattern treats a run of Hanzi as a single token and would
score every Chinese question 0. Segmented words are joined with spaces and indexed with
bm25s exactly as LlamaIndex's BM25Retriever does (English stop words out of the corpus,
English stemming on both sides); called directly, so a question never imports LlamaIndex.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from pathlib import Path

import bm25s
import jieba
import numpy as np
import Stemmer

from qa.text import segment
from store.paragraphs import Paragraph

TOKEN_PATTERN = r"(?u)\b\w+\b"  # single-character Chinese words count
_TOKEN = re.compile(TOKEN_PATTERN)
_STOP = frozenset(bm25s.stopwords.STOPWORDS_EN)  # what bm25s.tokenize drops by default
# A question's words for the paper itself ("What does the white paper say …", "白皮书说……"): only the preface's
# last paragraph and the note on terms write them, so their weight sent every such question there. The index
# keeps them; only the question's are dropped.
_THE_PAPER = frozenset({"white", "paper", "whitepaper", "白皮书", "白皮", "皮书"})


def segmented(text: str) -> str:
    """Example: "派遣援外医疗队" -> "派遣 援外 医疗 医疗队" """
    return " ".join(segment(text))


def query_text(question: str) -> str:
    """The question as BM25 reads it: segmented, without its words for the paper itself.
    Example: "白皮书说中国做了什么" -> "说 中国 做 了 什么" """
    return " ".join(w for w in _TOKEN.findall(segmented(question)) if w.lower() not in _THE_PAPER)


class BM25Index:
    """Paragraphs indexed once; scores(question) -> (paragraph id, BM25 score), best first.

    cache_dir: where the index is saved and found again, named by a digest of the paragraphs and
    the segmenter (segmenting 284 paragraphs with jieba took 2.5 s of every cold start).
    """

    def __init__(self, paragraphs: list[Paragraph], cache_dir: Path | None = None):
        self.ids = [p.id for p in paragraphs]
        self._stemmer = Stemmer.Stemmer("english")
        saved = cache_dir / f"bm25-{_digest(paragraphs)}" if cache_dir is not None else None
        self._bm25 = _load(saved, self.ids)
        if self._bm25 is None:
            tokens = bm25s.tokenize([segmented(p.text) for p in paragraphs], stopwords="en",
                                    stemmer=self._stemmer, token_pattern=TOKEN_PATTERN, show_progress=False)
            self._bm25 = bm25s.BM25()
            self._bm25.index(tokens, show_progress=False)
            if saved is not None:
                _save(self._bm25, saved, self.ids)

    def scores(self, question: str, depth: int) -> list[tuple[str, float]]:
        """The question tokenised as bm25s.tokenize does it (lower case, its English stop words out,
        stemmed) and scored and ranked by what BM25.retrieve calls for one query, without their
        vocabulary round trip and batch machinery (0.1 ms a question; tests/test_retrieve.py checks
        against LlamaIndex's BM25Retriever that the hits are the same on every question of the set)."""
        words = [w for w in _TOKEN.findall(query_text(question).lower()) if w not in _STOP]
        stems = self._stemmer.stemWords(words)
        scored = self._bm25.get_scores(stems) if stems else np.zeros(len(self.ids), dtype=self._bm25.dtype)
        scores, rows = bm25s.selection.topk(scored, min(depth, len(self.ids)), sorted=True)
        return [(self.ids[int(i)], float(s)) for i, s in zip(rows, scores, strict=True)]


def _digest(paragraphs: list[Paragraph]) -> str:
    parts = [TOKEN_PATTERN, jieba.__version__, bm25s.__version__, *(f"{p.id}\x00{p.text}" for p in paragraphs)]
    return hashlib.sha256("\x01".join(parts).encode()).hexdigest()[:16]


def _load(saved: Path | None, ids: list[str]) -> bm25s.BM25 | None:
    """The saved index, or None when there is none or it is for other paragraphs (never an error)."""
    if saved is None or not saved.is_dir():
        return None
    try:
        if json.loads((saved / "ids.json").read_text("utf-8")) != ids:
            return None
        return bm25s.BM25.load(saved)
    except (OSError, ValueError, KeyError):
        return None


def _save(index: bm25s.BM25, saved: Path, ids: list[str]) -> None:
    """Written aside and renamed, so a reader never sees half an index; a read-only place is fine."""
    tmp = saved.parent / f".bm25-{saved.name}-unfinished"
    try:
        saved.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=saved.parent, prefix=".bm25-"))
        index.save(tmp, show_progress=False)
        (tmp / "ids.json").write_text(json.dumps(ids), "utf-8")
        for old in saved.parent.glob("bm25-*"):  # subtle: only the current paragraphs' index is kept
            shutil.rmtree(old, ignore_errors=True)
        tmp.rename(saved)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
