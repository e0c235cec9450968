"""Paragraphs -> vectors -> Chroma, and the check that decides when to do it again.

A build writes into ``*_building`` collections, marks them complete and only then
renames them into place, so a build killed midway never leaves a store that passes for
good. The manifest (format, fingerprint, counts) lives in the paragraphs collection's
metadata; a store whose manifest does not match is rebuilt, never guessed at.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import time
from dataclasses import dataclass

import numpy as np
from llama_index.core.schema import TextNode
from llama_index.vector_stores.chroma import ChromaVectorStore
from tqdm import tqdm

from store import chroma
from store.corpus import PARSER_VERSION, load_corpus, source_sha
from store.discrepancies import FINDER_VERSION, Discrepancy, find
from store.embed import MODEL_NAME, E5Embedding
from store.errors import StoreBroken, StoreUnavailable
from store.paragraphs import Paragraph
from store.sentalign import ALIGNER_VERSION, Bead, align_sentences
from store.settings import Settings

FORMAT = "wpqa-store/2"  # 2: paragraphs carry their sentence alignment ("beads")
_BATCH = 16
_vector_cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # texts+model hash -> (paragraph, sentence) vectors


@dataclass(frozen=True)
class BuildReport:
    built: bool  # False when the existing store was reused
    reason: str  # why it was (re)built, or "up to date"
    paragraphs: int
    sentences: int
    seconds: float
    location: str


def fingerprint() -> str:
    """Changes when the source texts, the parser, the sentence aligner or the embedding model change."""
    parts = [FORMAT, source_sha(), PARSER_VERSION, ALIGNER_VERSION, FINDER_VERSION, MODEL_NAME]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def stale_reason(settings: Settings) -> str | None:
    """Why the store at settings must be (re)built, or None when it is good to use."""
    if not settings.chroma_url and not (settings.store_dir / "chroma.sqlite3").is_file():
        _forget_open_client(settings)
        return "missing"
    try:
        client = chroma.open_client(settings)
        names = {c.name for c in client.list_collections()}
        para_name = chroma.collection_name(settings, chroma.PARAGRAPHS)
        sent_name = chroma.collection_name(settings, chroma.SENTENCES)
        if para_name not in names or sent_name not in names:
            return "missing"
        manifest = chroma.get_collection(client, para_name).metadata or {}
        if manifest.get("format") != FORMAT or manifest.get("fingerprint") != fingerprint():
            return "stale: fingerprint differs (source text, parser or model changed)"
        if not manifest.get("complete"):
            return "incomplete: an earlier build did not finish"
        para_count = chroma.get_collection(client, para_name).count()
        sent_count = chroma.get_collection(client, sent_name).count()
        if para_count != manifest.get("paragraphs") or sent_count != manifest.get("sentences"):
            return f"damaged: {para_count} paragraphs / {sent_count} sentences, manifest says otherwise"
    except StoreUnavailable:
        raise
    except Exception as err:  # a truncated sqlite file or HNSW segment surfaces as anything
        return f"unreadable: {type(err).__name__}: {err}"
    return None


def ensure_store(settings: Settings, progress: bool = True) -> BuildReport:
    """Reuse a good store (well under a second) or build one, with a progress bar."""
    started = time.perf_counter()
    reason = stale_reason(settings)
    if reason is None:
        counts = _manifest_counts(settings)
        return BuildReport(False, "up to date", *counts, time.perf_counter() - started, settings.location)
    return build(settings, reason=reason, progress=progress)


def build(settings: Settings, reason: str = "requested", progress: bool = True) -> BuildReport:
    started = time.perf_counter()
    if reason.startswith("unreadable") and not settings.chroma_url:
        _wipe_embedded(settings)
    try:
        client = chroma.open_client(settings)
    except OSError as err:  # a parent that is a file, no permission, a full disk
        raise StoreBroken(f"The store at {settings.location} cannot be created: "
                          f"{err.strerror or type(err).__name__}.") from err
    corpus = load_corpus()
    paragraphs = corpus.all()
    sentences = [(p, i, a, b) for p in paragraphs for i, (a, b) in enumerate(p.sentences)]
    para_vecs, sent_vecs = _vectors(paragraphs, sentences, progress)
    beads = sentence_beads(paragraphs, sentences, sent_vecs)
    found: dict[str, list[Discrepancy]] = {}  # English paragraph id -> its discrepancies
    for d in find(corpus.by_id(), beads):
        found.setdefault(d.en_id, []).append(d)
    manifest = {
        "format": FORMAT,
        "fingerprint": fingerprint(),
        "model": MODEL_NAME,
        "parser": PARSER_VERSION,
        "source_sha": corpus.source_sha,
        "paragraphs": len(paragraphs),
        "sentences": len(sentences),
        "complete": False,
    }
    names = {kind: chroma.collection_name(settings, kind, building=True)
             for kind in (chroma.PARAGRAPHS, chroma.SENTENCES)}
    for name in names.values():
        chroma.drop_collection(client, name)
    para_col = chroma.create_collection(client, names[chroma.PARAGRAPHS], manifest)
    sent_col = chroma.create_collection(client, names[chroma.SENTENCES], {"format": FORMAT})
    ChromaVectorStore(chroma_collection=para_col).add(_nodes(paragraphs, para_vecs, beads, found))
    _add_sentences(sent_col, sentences, sent_vecs)
    para_col.modify(metadata={**manifest, "complete": True})
    for kind, name in names.items():
        final = chroma.collection_name(settings, kind)
        chroma.drop_collection(client, final)
        chroma.get_collection(client, name).modify(name=final)
    return BuildReport(True, reason, len(paragraphs), len(sentences), time.perf_counter() - started,
                       settings.location)


def _vectors(paragraphs: list[Paragraph], sentences: list[tuple], progress: bool) -> tuple[np.ndarray, np.ndarray]:
    texts = [p.text for p in paragraphs] + [p.text[a:b] for p, _, a, b in sentences]
    key = hashlib.sha256("\x00".join([MODEL_NAME, *texts]).encode()).hexdigest()
    if key not in _vector_cache:  # subtle: the same texts under the same model give the same vectors
        embedder = E5Embedding()
        bar = tqdm(total=len(texts), desc="Embedding paragraphs and sentences", unit="text",
                   disable=not progress, file=sys.stderr)
        chunks = []
        for i in range(0, len(texts), _BATCH):
            chunks.append(embedder.passages(texts[i:i + _BATCH]))
            bar.update(min(_BATCH, len(texts) - i))
        bar.close()
        vectors = np.vstack(chunks)
        _vector_cache[key] = (vectors[: len(paragraphs)], vectors[len(paragraphs):])
    return _vector_cache[key]


def sentence_beads(paragraphs: list[Paragraph], sentences: list[tuple], vectors: np.ndarray) -> dict[str, list[Bead]]:
    """Each aligned pair's sentence alignment, under both paragraph ids (English id and Chinese id),
    from the sentence vectors just computed (nothing is embedded twice)."""
    rows: dict[str, list[int]] = {}  # paragraph id -> its rows in vectors
    for row, (p, _, _, _) in enumerate(sentences):
        rows.setdefault(p.id, []).append(row)
    by_id = {p.id: p for p in paragraphs}
    out: dict[str, list[Bead]] = {}
    for p in paragraphs:
        other = by_id.get(p.aligned_id or "")
        if p.lang != "en" or other is None:
            continue
        beads = align_sentences(p, other, vectors[rows.get(p.id, [])], vectors[rows.get(other.id, [])])
        out[p.id] = out[other.id] = beads
    return out


def _nodes(paragraphs: list[Paragraph], vectors: np.ndarray, beads: dict[str, list[Bead]],
           found: dict[str, list[Discrepancy]]) -> list[TextNode]:
    return [
        TextNode(id_=p.id, text=p.text, embedding=vec.tolist(),
                 metadata=paragraph_metadata(p, beads.get(p.id, []), found.get(p.id, [])))
        for p, vec in zip(paragraphs, vectors, strict=True)
    ]


def paragraph_metadata(p: Paragraph, beads: list[Bead] = (), found: list[Discrepancy] = ()) -> dict:
    """Flat metadata Chroma can hold (no None, no lists); store.load reverses it.
    beads: [[English sentence indices], [Chinese sentence indices]] per bead, the same under both ids;
    discrepancies: those of an English paragraph (Discrepancy.fields()), [] on Chinese ones."""
    return {
        "pid": p.id, "lang": p.lang, "chapter": p.chapter, "chapter_title": p.chapter_title,
        "section": p.section, "section_title": p.section_title, "position": p.position,
        "line": p.line, "bullet": p.bullet, "aligned_id": p.aligned_id or "",
        "sentences": json.dumps(p.sentences),
        "beads": json.dumps([b.to_json() for b in beads]),
        "discrepancies": json.dumps([d.fields() for d in found], ensure_ascii=False),
    }


def _add_sentences(collection, sentences: list[tuple], vectors: np.ndarray) -> None:
    ids = [f"{p.id}#{i}" for p, i, _, _ in sentences]
    metadatas = [{"pid": p.id, "lang": p.lang, "start": a, "end": b} for p, _, a, b in sentences]
    for i in range(0, len(ids), 1000):
        collection.add(ids=ids[i:i + 1000], embeddings=vectors[i:i + 1000],
                       metadatas=metadatas[i:i + 1000])


def _manifest_counts(settings: Settings) -> tuple[int, int]:
    client = chroma.open_client(settings)
    meta = chroma.get_collection(client, chroma.collection_name(settings, chroma.PARAGRAPHS)).metadata
    return int(meta["paragraphs"]), int(meta["sentences"])


def _forget_open_client(settings: Settings) -> None:
    """subtle: chroma keeps one open client per path, and one opened before the store's files
    were deleted keeps reading the deleted files; without this a rebuild would go there too."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient._identifier_to_system.pop(str(settings.store_dir), None)
    SharedSystemClient._identifier_to_refcount.pop(str(settings.store_dir), None)


def _wipe_embedded(settings: Settings) -> None:
    """An unreadable on-disk store is derived data: remove it so it can be built afresh."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()  # subtle: chroma caches one client per path
    try:
        shutil.rmtree(settings.store_dir, ignore_errors=False)
    except FileNotFoundError:
        pass
    except OSError as err:
        raise StoreBroken(f"The store at {settings.store_dir} is unreadable and could not be removed: {err}") from err
