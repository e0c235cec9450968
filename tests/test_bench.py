"""eval/bench.py and eval/load.py: they run end to end and report sane numbers (no timing is asserted).

The pure helpers (percentile, the session plans, the loopback check) get table tests;
the two commands run once each on the session's built store.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

import pytest
from conftest import project_dir

from eval import bench
from eval.load import LoadError, check_loopback, plan
from eval.questions import load_questions

KEYS = ("p50_ms", "p95_ms", "cold_start_s", "rss_mb", "floor_p50_ms", "floor_p95_ms", "n")


@pytest.mark.parametrize("values, q, expected", [
    ([1, 2, 3, 4], 50, 2),
    ([1, 2, 3, 4], 95, 4),
    ([7], 95, 7),
    (list(range(1, 101)), 95, 95),
])
def test_percentile_is_nearest_rank(values, q, expected):
    assert bench.percentile(values, q) == expected


def test_pick_cycles_past_the_end_of_the_set():
    questions = load_questions()
    assert bench.pick(questions, None) == questions
    assert bench.pick(questions, len(questions) + 2)[-2:] == questions[:2]


def test_plans_alternate_languages_and_keep_follow_ups_after_their_history():
    questions = load_questions()
    plans = plan(questions, sessions=6, per_session=4)
    assert [len(p) for p in plans] == [4] * 6
    assert {lang for p in plans for lang, _ in p} == {"en", "zh"}
    assert plans[0][0][0] == "en" and plans[1][0][0] == "zh"
    turns = [text for p in plan(questions, sessions=40, per_session=4, seed=1) for _, text in p]
    once = Counter(t for q in questions for t in (*q.history, q.question))  # subtle: "Why?" ends several
    for q in (q for q in questions if q.history and q.question in turns and once[q.question] == 1):
        at = turns.index(q.question)
        assert turns[at - len(q.history):at] == list(q.history), q.id


@pytest.mark.parametrize("url, ok", [
    ("http://127.0.0.1:7860/", True),
    ("http://localhost:7860", True),
    ("http://192.168.1.5:7860/", False),
    ("https://example.org/", False),
])
def test_load_only_talks_to_loopback(url, ok):
    if ok:
        assert check_loopback(url) == url
    else:
        with pytest.raises(LoadError, match="127.0.0.1"):
            check_loopback(url)


def test_bench_json_has_every_number(built_store, capsys):
    assert bench.main(["--json", "--n", "5"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in KEYS:
        assert isinstance(data[key], int | float) and data[key] > 0, (key, data[key])
    assert data["n"] == 5 and data["p50_ms"] <= data["p95_ms"]
    colds = data["cold_starts_s"]  # one spawn is one sample: the median of at least three is reported
    assert len(colds) == data["cold_runs"] >= 3 and data["cold_start_s"] == sorted(colds)[len(colds) // 2]
    assert data["machine"]["cores"] >= 1 and data["machine"]["python"] and data["machine"]["timestamp"]


def test_questions_asked_alone_and_follow_ups_are_also_timed_apart(built_store):
    """The headline p50 mixes one-embedding questions with two-embedding follow-ups; the split says which."""
    questions = load_questions()
    alone = next(q for q in questions if not q.history)
    follow_up = next(q for q in questions if len(q.history) == 1)
    result = bench.bench(built_store, [alone, follow_up, alone], progress=False)
    assert result.n == 3 and result.followups == 1
    assert result.alone_p50_ms > 0 and result.alone_floor_p50_ms > 0
    assert result.followup_p50_ms > 0 and result.followup_floor_p50_ms > 0
    assert "asked alone" in result.table() and "with history" in result.table()


def test_load_against_a_started_app_has_no_errors(built_store):
    env = {**os.environ, "WPQA_STORE_DIR": str(built_store.store_dir)}
    done = subprocess.run([sys.executable, "-m", "eval.load", "--sessions", "3", "--questions-per-session", "2",
                           "--json", "--deadline", "60"], cwd=project_dir(), env=env, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    data = json.loads(done.stdout)
    assert data["errors"] == 0 and data["asked"] == data["planned"] == 6, data
    assert data["throughput_qps"] > 0 and 0 < data["p50_ms"] <= data["p95_ms"]
    assert data["url"].startswith("http://127.0.0.1:")
    # the app was started here, so its CPU is counted; the generator's own (about 1 ms a question) can
    # stay under one clock tick (10 ms) over six questions, so it is only present and not negative
    assert data["app_cpu_ms_per_q"] > 0 and data["client_cpu_ms_per_q"] >= 0


def test_a_follow_up_is_timed_as_the_chat_asks_it(built_store):
    """Its earlier turns are answered first and remembered as the chat remembers them (their vectors),
    and nothing of the timed question itself is kept from before: no answer, no vector."""
    from dataclasses import replace

    import numpy as np

    from store import caches

    settings = replace(built_store, answer_cache=True)
    q = next(q for q in load_questions() if len(q.history) == 1)
    key = ("", settings.embed_threads, q.question)
    caches.QUERIES.put(key, np.zeros(384, dtype=np.float32))  # remembered from before: must not be used
    assert bench._timed(settings, q) > 0
    remembered = {key[2] for key in caches.QUERIES._items}
    assert q.history[0] in remembered  # the earlier turn's vector, as the chat keeps it
    assert np.linalg.norm(caches.QUERIES.peek(key)) > 0.99  # embedded by the timed call itself
    answered = [key for key in caches.ANSWERS._items if key[0] == settings.location]
    assert len(answered) == 1 and q.question in answered[0]  # the earlier turn's answer was dropped
