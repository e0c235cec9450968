"""The embedded store: built once, reused, rebuilt when stale, damaged or half-built; never doubled."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest

from store import build as build_mod
from store import chroma
from store.build import build, ensure_store, fingerprint, stale_reason
from store.load import open_store
from store.settings import Settings


@pytest.fixture
def own_store(built_store: Settings, tmp_path) -> Settings:
    """A private copy of the session store that a test may damage."""
    target = tmp_path / "store"
    shutil.copytree(built_store.store_dir, target)
    return replace(built_store, store_dir=target)


def _count(settings: Settings) -> int:
    client = chroma.open_client(settings)
    return chroma.get_collection(client, chroma.collection_name(settings, chroma.PARAGRAPHS)).count()


def test_built_store_holds_both_editions(built_store):
    store = open_store(built_store, progress=False)
    langs = [p.lang for p in store.paragraphs.values()]
    assert langs.count("en") == langs.count("zh") == 142
    assert store.sentence_vectors.shape == (len(store.sentence_ids), 384)
    assert all(p.text[a:b] for p in store.paragraphs.values() for a, b in p.sentences)


def test_reopen_reuses_quickly_and_keeps_count(own_store):
    before = _count(own_store)
    started = time.perf_counter()
    report = ensure_store(own_store, progress=False)
    assert not report.built and report.reason == "up to date"
    assert time.perf_counter() - started < 1.0
    assert _count(own_store) == before == 284


def test_building_twice_never_duplicates(own_store):
    build(own_store, progress=False)
    build(own_store, progress=False)
    assert _count(own_store) == 284
    assert stale_reason(own_store) is None


def test_changed_fingerprint_rebuilds(own_store, monkeypatch):
    monkeypatch.setattr(build_mod, "PARSER_VERSION", "wpqa-parser/test-bump")
    assert fingerprint() != build_mod.FORMAT
    assert stale_reason(own_store).startswith("stale")
    report = ensure_store(own_store, progress=False)
    assert report.built and report.reason.startswith("stale")
    assert stale_reason(own_store) is None


def test_dense_search_is_exact_and_the_same_in_every_process(built_store, tmp_path):
    """The paragraph search returns the true nearest neighbours, as a brute-force cosine over the
    stored vectors finds them, and a fresh process gets the same lists (the fitted scorer's
    candidates must not change between processes)."""
    import json
    import subprocess
    import sys

    import numpy as np

    from eval.questions import load_questions
    from qa.dense import dense_scores
    from store.embed import E5Embedding

    col = chroma.get_collection(chroma.open_client(built_store),
                                chroma.collection_name(built_store, chroma.PARAGRAPHS))
    assert chroma.is_exact(col, col.count())
    stored = col.get(include=["embeddings"])
    matrix = np.asarray(stored["embeddings"], dtype=np.float64)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    questions = [q.question for q in load_questions()[:60]]
    embedder = E5Embedding(built_store.embed_threads)
    here = []
    for question in questions:
        vector = np.asarray(embedder.query_vector(question), dtype=np.float64)
        found = dense_scores(col, vector, 24)
        exact = np.argsort(-(matrix @ (vector / np.linalg.norm(vector))))[:24]
        assert [pid for pid, _ in found] == [stored["ids"][i] for i in exact], question
        here.append([pid for pid, _ in found])
    script = (
        "import json, sys\n"
        "import numpy as np\n"
        "from store import chroma\n"
        "from store.embed import E5Embedding\n"
        "from store.settings import Settings\n"
        "from qa.dense import dense_scores\n"
        "from eval.questions import load_questions\n"
        "s = Settings.from_env()\n"
        "col = chroma.get_collection(chroma.open_client(s), chroma.collection_name(s, chroma.PARAGRAPHS))\n"
        "e = E5Embedding(s.embed_threads)\n"
        "qs = [q.question for q in load_questions()[:60]]\n"
        "json.dump([[p for p, _ in dense_scores(col, e.query_vector(q), 24)] for q in qs], sys.stdout)\n"
    )
    env = {**os.environ, "WPQA_STORE_DIR": str(built_store.store_dir)}
    env.pop("WPQA_CHROMA_URL", None)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                         cwd=Path(__file__).parent.parent, timeout=300, check=True)
    assert json.loads(out.stdout) == here


def test_a_store_whose_dense_search_is_approximate_is_rebuilt(own_store):
    client = chroma.open_client(own_store)
    col = chroma.get_collection(client, chroma.collection_name(own_store, chroma.PARAGRAPHS))
    col.modify(configuration={"hnsw": {"ef_search": 100}})  # Chroma's default, as stores before format 3
    assert stale_reason(own_store).startswith("stale: its dense search is approximate")
    report = ensure_store(own_store, progress=False)
    assert report.built
    assert stale_reason(own_store) is None
    col = chroma.get_collection(chroma.open_client(own_store),
                                chroma.collection_name(own_store, chroma.PARAGRAPHS))
    assert chroma.is_exact(col, _count(own_store))


def test_deleted_store_is_rebuilt(own_store):
    chroma.close(own_store)  # the one open client, through chromadb's public close()
    shutil.rmtree(own_store.store_dir)
    report = ensure_store(own_store, progress=False)
    assert report.built and report.reason == "missing"
    assert _count(own_store) == 284


def test_truncated_store_is_rebuilt_not_a_crash(own_store):
    chroma.close(own_store)  # the one open client, through chromadb's public close()
    sqlite = own_store.store_dir / "chroma.sqlite3"
    sqlite.write_bytes(sqlite.read_bytes()[:4096])
    report = ensure_store(own_store, progress=False)
    assert report.built
    assert _count(own_store) == 284


def test_interrupted_build_is_not_taken_for_good(own_store, monkeypatch):
    chroma.close(own_store)  # the one open client, through chromadb's public close()
    shutil.rmtree(own_store.store_dir)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt("killed midway")

    monkeypatch.setattr(build_mod, "_add_sentences", killed)
    with pytest.raises(KeyboardInterrupt):
        build(own_store, progress=False)
    assert stale_reason(own_store) == "missing"
    monkeypatch.undo()
    report = ensure_store(own_store, progress=False)
    assert report.built and stale_reason(own_store) is None


def test_settings_read_from_environment(tmp_path):
    s = Settings.from_env({"WPQA_STORE_DIR": str(tmp_path), "WPQA_TOP_K": "5",
                           "WPQA_CHROMA_URL": "http://localhost:9"})
    assert s.store_dir == tmp_path and s.top_k == 5 and s.location == "http://localhost:9"
