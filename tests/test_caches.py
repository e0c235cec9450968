"""store/caches.py owns what the process keeps between questions; qa.forget() drops all of it for one store.

Also the answer cache (qa/answer.py): a repeated question is answered from memory, keyed by the
normalised question and its history, and never across stores.
"""

from __future__ import annotations

import shutil
import threading
import time
from dataclasses import replace

import numpy as np
import pytest

from qa import answer, forget, prepare, ready
from qa.answer import _cache_key
from store import caches, chroma
from store.embed import LANES, E5Embedding

QUESTION = "How many medical team members did China send from 2015 to 2019?"


@pytest.fixture
def own_store(built_store, tmp_path):
    target = tmp_path / "store"
    shutil.copytree(built_store.store_dir, target)
    settings = replace(built_store, store_dir=target)
    yield settings
    forget(settings)


@pytest.mark.parametrize("a, b, same", [
    ("How many  teams?", " How many teams? ", True),  # white space is folded
    ("How many teams?", "how many teams?", False),  # capitals mark names: kept
    ("How many teams?", "How many teams", False),  # so is punctuation
    ("中国派遣了多少医疗队？", "中国派遣了多少医疗队？", True),
])
def test_cache_key_folds_white_space_only(built_store, a, b, same):
    assert (_cache_key(built_store, "en", a, []) == _cache_key(built_store, "en", b, [])) is same


def test_cache_key_holds_each_earlier_turn_and_what_it_answered(built_store):
    first = answer(QUESTION, settings=built_store)
    plain = _cache_key(built_store, "en", "And in Africa?", [QUESTION])
    with_answer = _cache_key(built_store, "en", "And in Africa?", [(QUESTION, first)])
    assert plain != with_answer != _cache_key(built_store, "en", "And in Africa?", [])
    assert _cache_key(built_store, "zh", "And in Africa?", [QUESTION]) != plain


def test_lru_drops_the_oldest_and_calls_on_drop():
    dropped = []
    cache = caches.Cache("t", 2, on_drop=dropped.append)
    for k in "abc":
        cache.put((k,), k.upper())
    assert cache.peek(("a",)) is None and dropped == ["A"] and len(cache) == 2
    assert cache.get(("b",), lambda: "never made") == "B"


def test_get_makes_once_under_concurrency():
    cache, made = caches.Cache("t", 4), []
    start = threading.Barrier(8)

    def ask():
        start.wait()
        cache.get(("k",), lambda: made.append(1) or "value")

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert made == [1]


def test_forget_drops_everything_of_one_store_and_closes_its_client(own_store, built_store):
    prepare(own_store, progress=False)
    answer(QUESTION, settings=own_store)
    client = chroma.open_client(own_store)
    assert ready(own_store) and ready(built_store)
    forget(own_store)
    assert not ready(own_store) and ready(built_store)  # the other store is untouched
    for cache in caches.ALL:
        assert not any(key[0] == own_store.location for key in cache._items), cache.name
    assert client._closed  # chromadb's public close(), never its private registry
    assert chroma.open_client(own_store) is not client


def test_a_repeated_question_is_answered_from_memory(own_store):
    first = answer(QUESTION, settings=own_store)
    again = answer("  How many medical team members   did China send from 2015 to 2019? ", settings=own_store)
    assert again.citations == first.citations and again.text == first.text and again.question == QUESTION
    assert again.latency_ms < first.latency_ms
    assert sum(key[0] == own_store.location for key in caches.ANSWERS._items) == 1


def test_history_is_part_of_the_key(own_store):
    follow_up = "And how many patients did they treat?"
    alone = answer(follow_up, settings=own_store)
    after = answer(follow_up, [QUESTION], settings=own_store)
    assert after.standalone_question != alone.standalone_question


def test_answer_cache_can_be_switched_off(own_store):
    settings = replace(own_store, answer_cache=False)
    answer(QUESTION, settings=settings)
    assert not any(key[0] == settings.location for key in caches.ANSWERS._items)


def test_concurrent_questions_get_the_vectors_they_would_get_alone(pipeline):
    questions = [QUESTION, "柬埔寨的水稻种植有什么变化？", "debt relief", "South-South cooperation"] * 3
    embedder = E5Embedding()
    alone = [embedder.engine.query(q) for q in questions]
    together: dict[int, np.ndarray] = {}
    start = threading.Barrier(len(questions))

    def ask(i: int) -> None:
        start.wait()
        together[i] = embedder.query_vector(questions[i])

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(questions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, vector in enumerate(alone):
        assert np.allclose(together[i], vector, atol=1e-6), questions[i]


def test_a_question_asked_while_another_is_embedded_does_not_wait_for_it(pipeline):
    """The second query lane: a short question is not queued behind a long text being embedded."""
    if LANES < 2:
        pytest.skip("one usable core: one lane")
    embedder = E5Embedding()
    embedder.query_vector("warm")
    long_text = " ".join(["China's foreign aid and international development cooperation"] * 120)  # ~4 windows
    slow = embedder.submit(long_text)
    started = time.perf_counter()
    quick = embedder.query_vector(QUESTION)
    quick_s = time.perf_counter() - started
    slow_vector = slow()
    slow_s = time.perf_counter() - started
    assert quick_s < slow_s / 2, (quick_s, slow_s)
    assert np.allclose(quick, embedder.engine.query(QUESTION), atol=1e-6)
    assert np.allclose(slow_vector, embedder.engine.query(long_text), atol=1e-6)


def test_submit_gives_the_vector_query_vector_gives_and_remembers_it():
    remembering = E5Embedding(remember=True)
    text = "How did China help Nepal rebuild after the 2015 earthquake? (submit)"
    vector = remembering.submit(text)()
    assert np.allclose(vector, E5Embedding().query_vector(text), atol=1e-6)
    assert remembering.submit(text)() is vector  # the second time from store.caches.QUERIES
