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
import threading
import time
from dataclasses import dataclass

import numpy as np

from store import chroma, vectors
from store.corpus import PARSER_VERSION, load_corpus, source_sha
from store.discrepancies import FINDER_VERSION, Discrepancy, find
from store.embed import MODEL_NAME
from store.errors import StoreBroken, StoreUnavailable
from store.paragraphs import Paragraph
from store.sentalign import ALIGNER_VERSION, Bead, align_sentences, params_digest
from store.settings import Settings

FORMAT = "wpqa-store/3"  # 2: paragraphs carry their sentence alignment ("beads"); 3: exact dense search
WRITE_BATCH = 100  # records per Chroma write: small enough for a moving percentage
# What a step costs, in units of one record written (measured: embedding one text takes about
# 50 ms on 2 cores, writing one record about 2 ms), so the percentage moves at an even pace.
EMBED_COST = 25


@dataclass(frozen=True)
class Progress:
    """How far the build of one store is.  Example: Progress("embedding", 0.37).percent -> 37"""

    stage: str  # "reading the paper" | "embedding" | "writing the store" | "done"
    fraction: float  # 0.0 .. 1.0 of the whole build

    @property
    def percent(self) -> int:
        return int(self.fraction * 100)


_progress: dict[str, Progress] = {}  # store location -> its build's progress (set while a build runs)
_progress_lock = threading.Lock()


def progress(settings: Settings) -> Progress | None:
    """The running build's progress for this store, or None when none is running."""
    return _progress.get(settings.location)


class _Meter:
    """Turns step counts into one overall fraction, published for progress() and a tqdm bar."""

    def __init__(self, settings: Settings, to_embed: int, to_write: int, bar: bool):
        from tqdm import tqdm

        self.location = settings.location
        self.total = max(1, to_embed * EMBED_COST + to_write)
        self.done = 0
        self.bar = tqdm(total=self.total, desc="Building the store", unit="step", disable=not bar,
                        file=sys.stderr, bar_format="{l_bar}{bar}| {elapsed}<{remaining}")
        self.publish("reading the paper")

    def publish(self, stage: str) -> None:
        with _progress_lock:
            _progress[self.location] = Progress(stage, min(1.0, self.done / self.total))

    def add(self, stage: str, steps: int) -> None:
        self.done += steps
        self.bar.update(steps)
        self.publish(stage)

    def close(self) -> None:
        self.bar.close()
        with _progress_lock:
            _progress.pop(self.location, None)


@dataclass(frozen=True)
class BuildReport:
    built: bool  # False when the existing store was reused
    reason: str  # why it was (re)built, or "up to date"
    paragraphs: int
    sentences: int
    seconds: float
    location: str


def fingerprint() -> str:
    """Changes when the source texts, the parser, the sentence aligner (or its fitted parameters,
    store/sentalign.json) or the embedding model change."""
    parts = [FORMAT, source_sha(), PARSER_VERSION, ALIGNER_VERSION, params_digest(), FINDER_VERSION, MODEL_NAME]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def files_gone(settings: Settings) -> bool:
    """A local store whose files are no longer there (deleted while a process had it open): one stat,
    cheap enough to ask before every question."""
    return not settings.chroma_url and not (settings.store_dir / "chroma.sqlite3").is_file()


def stale_reason(settings: Settings) -> str | None:
    """Why the store at settings must be (re)built, or None when it is good to use."""
    if files_gone(settings):
        chroma.close(settings)  # subtle: a client opened before the files went keeps reading the deleted ones
        return "missing"
    try:
        client = chroma.open_client(settings)
        names = {c.name for c in client.list_collections()}
        para_name = chroma.collection_name(settings, chroma.PARAGRAPHS)
        sent_name = chroma.collection_name(settings, chroma.SENTENCES)
        if para_name not in names or sent_name not in names:
            return "missing"
        para_col = chroma.get_collection(client, para_name)
        manifest = para_col.metadata or {}
        if manifest.get("format") != FORMAT or manifest.get("fingerprint") != fingerprint():
            return "stale: fingerprint differs (source text, parser or model changed)"
        if not manifest.get("complete"):
            return "incomplete: an earlier build did not finish"
        para_count = para_col.count()
        sent_count = chroma.get_collection(client, sent_name).count()
        if para_count != manifest.get("paragraphs") or sent_count != manifest.get("sentences"):
            return f"damaged: {para_count} paragraphs / {sent_count} sentences, manifest says otherwise"
        if not chroma.is_exact(para_col, para_count):
            return "stale: its dense search is approximate (ef_search below the paragraph count)"
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
    texts = [p.text for p in paragraphs] + [p.text[a:b] for p, _, a, b in sentences]
    meter = _Meter(settings, _to_embed(settings, texts), len(texts), progress)
    try:
        para_vecs, sent_vecs = _vectors(paragraphs, sentences, settings, meter)
        beads = sentence_beads(paragraphs, sentences, sent_vecs)
        found: dict[str, list[Discrepancy]] = {}  # English paragraph id -> its discrepancies
        for d in find(corpus.by_id(), beads):
            found.setdefault(d.en_id, []).append(d)
        _write(settings, client, corpus, paragraphs, sentences, para_vecs, sent_vecs, beads, found, meter)
    finally:
        meter.close()
    return BuildReport(True, reason, len(paragraphs), len(sentences), time.perf_counter() - started,
                       settings.location)


def _write(settings: Settings, client, corpus, paragraphs: list[Paragraph], sentences: list[tuple],
           para_vecs: np.ndarray, sent_vecs: np.ndarray, beads: dict[str, list[Bead]],
           found: dict[str, list[Discrepancy]], meter: _Meter) -> None:
    """Into *_building collections, marked complete, then renamed into place.

    Written with Chroma's own add(): LlamaIndex's ChromaVectorStore wrote the same records plus a
    serialised node nobody reads, and importing it took 2 s of CPU of a first start.
    """
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
    para_col = chroma.create_collection(client, names[chroma.PARAGRAPHS], manifest, len(paragraphs))
    sent_col = chroma.create_collection(client, names[chroma.SENTENCES], {"format": FORMAT}, len(sentences))
    for i in range(0, len(paragraphs), WRITE_BATCH):
        chunk = paragraphs[i:i + WRITE_BATCH]
        para_col.add(ids=[p.id for p in chunk], embeddings=para_vecs[i:i + WRITE_BATCH],
                     documents=[p.text for p in chunk],
                     metadatas=[paragraph_metadata(p, beads.get(p.id, []), found.get(p.id, [])) for p in chunk])
        meter.add("writing the store", len(chunk))
    _add_sentences(sent_col, sentences, sent_vecs, meter)
    para_col.modify(metadata={**manifest, "complete": True})
    for kind, name in names.items():
        final = chroma.collection_name(settings, kind)
        chroma.drop_collection(client, final)
        chroma.get_collection(client, name).modify(name=final)


def _to_embed(settings: Settings, texts: list[str]) -> int:
    known = vectors.read(vectors.shipped_path()) | vectors.read(_local_vectors(settings))
    return len({t for t in texts if vectors.key(t) not in known})


def _local_vectors(settings: Settings):
    return settings.store_dir / vectors.LOCAL_NAME


def _vectors(paragraphs: list[Paragraph], sentences: list[tuple], settings: Settings,
             meter: _Meter) -> tuple[np.ndarray, np.ndarray]:
    """Paragraph and sentence vectors; only texts no cache holds are embedded (store/vectors.py)."""
    texts = [p.text for p in paragraphs] + [p.text[a:b] for p, _, a, b in sentences]
    steps = [0]

    def embedded(done: int, total: int) -> None:
        meter.add("embedding", (done - steps[0]) * EMBED_COST)
        steps[0] = done

    matrix, _ = vectors.passage_vectors(texts, _local_vectors(settings), embedded)
    return matrix[: len(paragraphs)], matrix[len(paragraphs):]


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


def _add_sentences(collection, sentences: list[tuple], matrix: np.ndarray, meter: _Meter | None = None) -> None:
    ids = [f"{p.id}#{i}" for p, i, _, _ in sentences]
    metadatas = [{"pid": p.id, "lang": p.lang, "start": a, "end": b} for p, _, a, b in sentences]
    for i in range(0, len(ids), WRITE_BATCH * 2):
        collection.add(ids=ids[i:i + WRITE_BATCH * 2], embeddings=matrix[i:i + WRITE_BATCH * 2],
                       metadatas=metadatas[i:i + WRITE_BATCH * 2])
        if meter is not None:
            meter.add("writing the store", len(ids[i:i + WRITE_BATCH * 2]))


def _manifest_counts(settings: Settings) -> tuple[int, int]:
    client = chroma.open_client(settings)
    meta = chroma.get_collection(client, chroma.collection_name(settings, chroma.PARAGRAPHS)).metadata
    return int(meta["paragraphs"]), int(meta["sentences"])


def _wipe_embedded(settings: Settings) -> None:
    """An unreadable on-disk store is derived data: remove it so it can be built afresh."""
    chroma.close(settings)
    keep = vectors.read(_local_vectors(settings))  # subtle: the vectors are fine; only Chroma's files are not
    try:
        shutil.rmtree(settings.store_dir, ignore_errors=False)
    except FileNotFoundError:
        pass
    except OSError as err:
        raise StoreBroken(f"The store at {settings.store_dir} is unreadable and could not be removed: {err}") from err
    if keep:
        vectors.write(_local_vectors(settings), keep)
