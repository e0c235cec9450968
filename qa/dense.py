"""Dense half of hybrid retrieval: the question's embedding against paragraph vectors in Chroma.

Unlike bm25.py this matches meanings, across languages: an English question finds
Chinese paragraphs too. Chroma is asked for ids and distances only (LlamaIndex's
VectorIndexRetriever also fetched every document and rebuilt a node per hit, and its
import alone took 2 s of a 2 s cold-start budget; see README, "Speed and memory").
"""

from __future__ import annotations

import numpy as np


def dense_scores(collection, vector: np.ndarray, depth: int) -> list[tuple[str, float]]:
    """(paragraph id, cosine similarity), best first.  Example: [("en-4.3-04", 0.91), …]"""
    found = collection.query(query_embeddings=[np.asarray(vector, dtype=np.float32)],
                             n_results=depth, include=["distances"])
    return [(pid, 1.0 - float(d)) for pid, d in zip(found["ids"][0], found["distances"][0], strict=True)]
