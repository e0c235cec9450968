"""A built store, opened for questions: paragraphs as stored, sentence vectors in memory.

Paragraph texts come back from Chroma (not from the source files), so a citation's
``paragraph_text`` is always the stored text of its id. Sentence vectors were computed
at build time and are held as one matrix, so choosing a quote costs a matrix product.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from store import chroma
from store.build import ensure_store
from store.errors import StoreBroken
from store.paragraphs import Paragraph
from store.settings import Settings


@dataclass(eq=False)  # identity-hashed: caches key on the open store
class Store:
    settings: Settings
    client: object  # chromadb ClientAPI
    paragraph_collection: object  # chromadb Collection of paragraphs: id = paragraph id, document = its text
    paragraphs: dict[str, Paragraph]  # id -> paragraph, both languages
    sentence_ids: list[tuple[str, int, int]]  # row -> (paragraph id, start, end)
    sentence_vectors: np.ndarray  # (sentences, 384), L2-normalised
    sentence_rows: dict[str, list[int]]  # paragraph id -> its rows in sentence_vectors

    def in_lang(self, lang: str) -> list[Paragraph]:
        return sorted((p for p in self.paragraphs.values() if p.lang == lang), key=lambda p: p.position)

    def counterpart(self, paragraph: Paragraph) -> Paragraph | None:
        return self.paragraphs.get(paragraph.aligned_id or "")


def open_store(settings: Settings, progress: bool = True) -> Store:
    """Build the store if it is missing or stale, then read it into memory."""
    ensure_store(settings, progress=progress)
    try:
        client = chroma.open_client(settings)
        para_col = chroma.get_collection(client, chroma.collection_name(settings, chroma.PARAGRAPHS))
        sent_col = chroma.get_collection(client, chroma.collection_name(settings, chroma.SENTENCES))
        records = para_col.get(include=["documents", "metadatas"])
        sentences = sent_col.get(include=["embeddings", "metadatas"])
    except Exception as err:
        raise StoreBroken(f"The store at {settings.location} could not be read ({type(err).__name__}); "
                          "restart to rebuild it, or run `wpqa store build --rebuild`.") from err
    paragraphs = {m["pid"]: _paragraph(doc, m) for doc, m in zip(records["documents"], records["metadatas"],
                                                                   strict=True)}
    order = sorted(range(len(sentences["ids"])),
                   key=lambda i: (sentences["metadatas"][i]["pid"], sentences["metadatas"][i]["start"]))
    sentence_ids = [(sentences["metadatas"][i]["pid"], int(sentences["metadatas"][i]["start"]),
                     int(sentences["metadatas"][i]["end"])) for i in order]
    vectors = np.asarray(sentences["embeddings"], dtype=np.float32)[order]
    rows: dict[str, list[int]] = {}
    for row, (pid, _, _) in enumerate(sentence_ids):
        rows.setdefault(pid, []).append(row)
    return Store(settings, client, para_col, paragraphs, sentence_ids, vectors, rows)


def _paragraph(text: str, m: dict) -> Paragraph:
    return Paragraph(
        id=m["pid"], lang=m["lang"], chapter=int(m["chapter"]), chapter_title=m["chapter_title"],
        section=int(m["section"]), section_title=m["section_title"], position=int(m["position"]),
        text=text, line=int(m["line"]), bullet=bool(m["bullet"]), aligned_id=m["aligned_id"] or None,
        sentences=tuple(tuple(span) for span in json.loads(m["sentences"])),
    )
