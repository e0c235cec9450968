"""The naive baseline the product has to beat: the top 3 fused paragraphs, their two sentences
closest to the question, never abstaining, no answer types, no fitted scorer, no follow-up model.

It shares the product's retrieval (same store, embedder, fusion) and its reading of the question's
language and script, so a difference between the two modes is the answerer's doing alone.
"""

from __future__ import annotations

import numpy as np

from qa import prepare
from qa.language import identify
from qa.quotes import cite
from qa.types import Answer, edition, is_foreign
from store.settings import Settings

PARAGRAPHS = 3
SENTENCES = 2


def baseline_answer(question: str, settings: Settings) -> Answer:
    """Example: "How many medical team members …?" -> the two sentences of the top 3 paragraphs
    whose embeddings are closest to the question's, best first."""
    pipeline = prepare(settings, progress=False)
    store = pipeline.store
    asked = identify(question)
    lang = edition(asked)
    text = pipeline.simplified(question)
    vector = pipeline.embedder.query_vector(text)
    hits = pipeline.hits(text, lang, vector, foreign=is_foreign(asked))[:PARAGRAPHS]  # the product's retrieval
    rows = [row for h in hits for row in store.sentence_rows.get(h.paragraph.id, [])]
    if not rows:
        return Answer(question=question, text="", status="not_found", lang=lang, standalone_question=text)
    sims = store.sentence_vectors[rows] @ vector
    best = [rows[i] for i in np.argsort(-sims)[:SENTENCES]]
    citations = []
    for n, row in enumerate(best, 1):
        pid, start, end = store.sentence_ids[row]
        citations.append(cite(n, store.paragraphs[pid], start, end, store))
    quotes = " ".join(f"“{c.quote}” [{c.n}]" for c in citations)
    return Answer(question=question, text=quotes, citations=tuple(citations), lang=lang,
                  standalone_question=text)
