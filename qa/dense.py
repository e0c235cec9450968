"""Dense half of hybrid retrieval: the question's embedding against paragraph vectors in Chroma.

Unlike bm25.py this matches meanings, across languages: an English question finds
Chinese paragraphs too. The embedder is passed explicitly, so LlamaIndex never reaches
for its OpenAI default.
"""

from __future__ import annotations

from llama_index.core import VectorStoreIndex
from llama_index.core.retrievers import VectorIndexRetriever
from llama_index.vector_stores.chroma import ChromaVectorStore

from store.embed import E5Embedding


def dense_retriever(collection, embedder: E5Embedding, top_k: int) -> VectorIndexRetriever:
    index = VectorStoreIndex.from_vector_store(ChromaVectorStore(chroma_collection=collection),
                                               embed_model=embedder)
    return index.as_retriever(similarity_top_k=top_k)
