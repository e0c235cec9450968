"""A built store, opened for questions: paragraphs as stored, sentence vectors in memory.

Paragraph texts come back from Chroma (not from the source files), so a citation's
``paragraph_text`` is always the stored text of its id. Sentence vectors were computed
at build time and are held as one matrix, so choosing a quote costs a matrix product.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np

from store import chroma
from store.build import ensure_store
from store.discrepancies import Discrepancy
from store.errors import StoreBroken
from store.paragraphs import Paragraph
from store.sentalign import Bead
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
    beads: dict[str, tuple[Bead, ...]] = field(default_factory=dict)  # paragraph id (either edition) -> its pair's beads
    found: list[Discrepancy] = field(default_factory=list)  # found at build time, in English reading order

    def in_lang(self, lang: str) -> list[Paragraph]:
        return sorted((p for p in self.paragraphs.values() if p.lang == lang), key=lambda p: p.position)

    def counterpart(self, paragraph: Paragraph) -> Paragraph | None:
        return self.paragraphs.get(paragraph.aligned_id or "")

    def aligned_sentences(self, paragraph_id: str, start: int, end: int) -> list[tuple[str, int, int]]:
        """The sentences of the other edition that translate the sentences overlapping [start, end) of
        paragraph_id, as (paragraph id, start, end), in reading order; [] when nothing is aligned.

        Example: aligned_sentences("en-4.3-04", 52, 190) -> [("zh-4.3-04", 12, 130)]
        """
        paragraph = self.paragraphs.get(paragraph_id)
        other = self.counterpart(paragraph) if paragraph else None
        if paragraph is None or other is None:
            return []
        mine = {i for i, (a, b) in enumerate(paragraph.sentences) if a < end and start < b}
        side, other_side = ("en", "zh") if paragraph.lang == "en" else ("zh", "en")
        theirs = sorted({j for bead in self.beads.get(paragraph_id, ())
                         if mine & set(getattr(bead, side)) for j in getattr(bead, other_side)})
        return [(other.id, *other.sentences[j]) for j in theirs]

    def discrepancies(self) -> list[Discrepancy]:
        """Every disagreement between the editions, as found when the store was built."""
        return list(self.found)

    def discrepancies_in(self, paragraph_id: str, start: int, end: int) -> list[Discrepancy]:
        """The discrepancies whose sentence in paragraph_id overlaps [start, end) (either edition)."""
        return [d for d in self.found if d.overlaps(paragraph_id, start, end)]


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
    beads = {m["pid"]: tuple(Bead.from_json(b) for b in json.loads(m.get("beads") or "[]"))
             for m in records["metadatas"]}
    found = [Discrepancy.from_fields(d)
             for m in sorted(records["metadatas"], key=lambda m: (m["lang"], int(m["position"])))
             for d in json.loads(m.get("discrepancies") or "[]")]
    order = sorted(range(len(sentences["ids"])),
                   key=lambda i: (sentences["metadatas"][i]["pid"], sentences["metadatas"][i]["start"]))
    sentence_ids = [(sentences["metadatas"][i]["pid"], int(sentences["metadatas"][i]["start"]),
                     int(sentences["metadatas"][i]["end"])) for i in order]
    vectors = np.asarray(sentences["embeddings"], dtype=np.float32)[order]
    rows: dict[str, list[int]] = {}
    for row, (pid, _, _) in enumerate(sentence_ids):
        rows.setdefault(pid, []).append(row)
    return Store(settings, client, para_col, paragraphs, sentence_ids, vectors, rows, beads, found)


def _paragraph(text: str, m: dict) -> Paragraph:
    return Paragraph(
        id=m["pid"], lang=m["lang"], chapter=int(m["chapter"]), chapter_title=m["chapter_title"],
        section=int(m["section"]), section_title=m["section_title"], position=int(m["position"]),
        text=text, line=int(m["line"]), bullet=bool(m["bullet"]), aligned_id=m["aligned_id"] or None,
        sentences=tuple(tuple(span) for span in json.loads(m["sentences"])),
    )
