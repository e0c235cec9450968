"""store/vectors.py: an unchanged paper never embeds twice; a changed text or model embeds again.

Real model, real texts: the embedder is wrapped only to count what reaches it.
"""

from __future__ import annotations

import numpy as np
import pytest

from store import vectors
from store.corpus import load_corpus
from store.embed import E5Embedding


@pytest.fixture
def embedded(monkeypatch) -> list[str]:
    """Every text that really goes through the model during the test."""
    seen: list[str] = []

    class Counting(E5Embedding):
        def passages(self, texts):
            seen.extend(texts)
            return super().passages(texts)

    monkeypatch.setattr(vectors, "E5Embedding", Counting)
    return seen


def _paper_texts() -> list[str]:
    paragraphs = load_corpus().all()
    return [p.text for p in paragraphs] + [p.text[a:b] for p in paragraphs for a, b in p.sentences]


def test_shipped_vectors_cover_the_current_paper(embedded):
    """Else a fresh clone embeds for a minute: run `python -m store.vectors --ship` and commit the file."""
    texts = _paper_texts()
    matrix, count = vectors.passage_vectors(texts, local=None)
    assert count == 0 and embedded == []
    assert matrix.shape == (len(texts), 384)
    assert np.allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-3)
    assert vectors.shipped_path().stat().st_size < 5_000_000  # no large binaries in the repository


def test_shipped_vectors_are_what_the_model_gives(embedded):
    """The file is keyed by text, so what can go stale is the model (or the role it embedded in). The
    engine's output is not bit-identical across CPUs: on an AVX-512 machine (stop 31) every vector of the
    file, shipped from an AVX2 one, differed by up to 1.6e-3 in a coordinate, at cosine 0.99996, with one
    thread or two. So the check is a cosine that one model on two CPUs passes, and that the same model in
    another role ("query: ", cosine 0.991 at best) fails; it was atol 1e-5, which only the shipping
    machine's CPU passed."""
    texts = _paper_texts()[:3] + _paper_texts()[-3:]
    cached, _ = vectors.passage_vectors(texts, local=None)
    model = E5Embedding()
    assert ((cached * model.passages(texts)).sum(axis=1) > SAME_MODEL).all()
    as_queries = np.array([model.query_vector(t) for t in texts])
    assert ((cached * as_queries).sum(axis=1) < SAME_MODEL).all()


SAME_MODEL = 0.9995  # cosine: one model on two CPUs gave 0.99996; the same texts in the query role at most 0.991


def test_unchanged_texts_embed_once_then_never(tmp_path, embedded):
    local = tmp_path / "vectors.npz"
    texts = ["援外医疗队 3,599 名队员。", "A paragraph the paper never had, 3,599 members.", "援外医疗队 3,599 名队员。"]
    first, count = vectors.passage_vectors(texts, local)
    assert count == 2 and sorted(embedded) == sorted(set(texts))  # the repeated text once
    assert np.array_equal(first[0], first[2])
    again, count = vectors.passage_vectors(texts, local)
    assert count == 0 and len(embedded) == 2 and np.array_equal(first, again)


def test_a_changed_text_embeds_only_itself(tmp_path, embedded):
    texts = _paper_texts()
    edited = [t.replace("3,588", "3,599") for t in texts]
    changed = {t for t in edited if t not in set(texts)}
    assert 1 <= len(changed) <= 4
    _, count = vectors.passage_vectors(edited, tmp_path / "vectors.npz")
    assert count == len(changed) and set(embedded) == changed


def test_another_model_embeds_everything_again(tmp_path, embedded, monkeypatch):
    """The key is (model, text): a new model never reuses the old model's vectors."""
    texts = _paper_texts()[:5]
    before = vectors.key(texts[0])
    monkeypatch.setattr(vectors, "MODEL_NAME", "another/model")
    assert vectors.key(texts[0]) != before
    monkeypatch.setattr(vectors, "shipped_path", lambda model=None: tmp_path / "none.npz")
    _, count = vectors.passage_vectors(texts, tmp_path / "vectors.npz")
    assert count == len(set(texts))


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04 truncated"])
def test_an_unreadable_cache_is_ignored_never_an_error(tmp_path, content):
    bad = tmp_path / "vectors.npz"
    bad.write_bytes(content)
    assert vectors.read(bad) == {}
