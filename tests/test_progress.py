"""The build's real progress: store.build.progress() moves from 0 to 100 % and the chat's status line shows it.

A real build (real paper, real Chroma, vectors from the shipped cache) into a temporary
directory, watched from another thread the way the chat's status timer watches it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace

from store import build as build_mod
from store import vectors
from store.build import Progress, build, progress
from ui.app import STATUS_BUILDING, STATUS_READY, Warmup, building_status


def _watch(read, until: threading.Event) -> list:
    seen = []
    while not until.is_set():
        value = read()
        if value is not None and (not seen or seen[-1] != value):
            seen.append(value)
        time.sleep(0.002)
    return seen


def test_a_build_reports_moving_progress_then_none(built_store, tmp_path):
    settings = replace(built_store, store_dir=tmp_path / "store")
    done, seen = threading.Event(), []
    watcher = threading.Thread(target=lambda: seen.extend(_watch(lambda: progress(settings), done)))
    watcher.start()
    try:
        report = build(settings, progress=False)
    finally:
        done.set()
        watcher.join()
    assert report.built and report.paragraphs == 284
    percents = [p.percent for p in seen]
    assert len(set(percents)) >= 3, seen
    assert percents == sorted(percents) and 0 <= percents[0] < percents[-1] <= 100
    assert {p.stage for p in seen} >= {"writing the store"}
    assert progress(settings) is None  # no build running


def test_embedding_reports_each_batch(tmp_path, monkeypatch):
    monkeypatch.setattr(vectors, "BATCH", 1)
    calls: list[tuple[int, int]] = []
    vectors.passage_vectors(["one new text", "two new texts", "one new text", "three"], tmp_path / "v.npz",
                            lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_embedding_weighs_more_than_writing_in_the_percentage(built_store, tmp_path):
    settings = replace(built_store, store_dir=tmp_path / "store")
    meter = build_mod._Meter(settings, to_embed=10, to_write=100, bar=False)
    try:
        meter.add("embedding", 10 * build_mod.EMBED_COST)
        assert progress(settings) == Progress("embedding", 10 * build_mod.EMBED_COST / (10 * build_mod.EMBED_COST + 100))
    finally:
        meter.close()
    assert progress(settings) is None


def test_status_line_shows_the_percentage():
    assert building_status(None) == STATUS_BUILDING
    line = building_status(Progress("embedding", 0.423))
    assert "embedding, 42 %" in line and line.count("42 %") == 2  # English and Chinese


def test_chat_status_moves_while_the_store_is_built(built_store, tmp_path):
    warmup = Warmup(replace(built_store, store_dir=tmp_path / "store"))
    done, seen = threading.Event(), []
    warmup.start()
    watcher = threading.Thread(target=lambda: seen.extend(_watch(warmup.status, done)))
    watcher.start()
    warmup.thread.join(timeout=300)
    done.set()
    watcher.join()
    assert not warmup.error
    assert any(" %" in line for line in seen), seen
    assert seen[-1] == STATUS_READY
