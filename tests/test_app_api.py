"""The chat app as API clients see it: `python -m ui` in a subprocess, called through gradio_client.

serve() is shared with test_app_browser.py: it starts the real entry point on a free
port against the session's built store and waits until questions get real answers.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jsonschema
import pytest
from conftest import free_port, project_dir
from gradio_client import Client

import eval.load as eval_load
from eval.questions import load_questions
from qa.errors import StoreProblem
from store.settings import Settings
from ui.app import (
    BUILDING,
    QUEUE_ANALYTICS,
    STATUS_BUILDING,
    Warmup,
    answer_json,
    build_app,
    plain_error,
    queued,
    reply,
)

QUESTIONS = [  # question -> text every answer to it must quote
    ("How many medical workers did China send abroad from 2015 to 2019?", "3,588"),
    ("How did irrigation change rice farming in Cambodia?", ""),
    ("2015年至2019年，中国派出了多少医疗队员？", ""),
    ("柬埔寨的水稻种植有什么变化？", "两季"),
]


serve = eval_load.serve  # one way to start the app, shared with the load test



@pytest.fixture(scope="module")
def app_url(built_store: Settings) -> Iterator[str]:
    with serve(built_store) as url:
        yield url


def ask(url: str, question: str, history: list[str] | None = None) -> str:
    return Client(url, verbose=False).predict(question, history or [], api_name="/ask")


def json_client(url: str) -> Client:
    # subtle: by default gradio_client downloads any {"path": str} in a reply as a file (its pre-4.20
    # file check); a related passage's "path" is its chapter › section, so the JSON must be kept as is
    return Client(url, verbose=False, download_files=False)


def answer_via_api(url: str, question: str, history: list[str] | None = None) -> dict:
    return json_client(url).predict(question, history or [], api_name="/answer")


@pytest.fixture(scope="module")
def schema() -> dict:
    data = json.loads((project_dir() / "docs" / "answer.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(data)
    return data


BAD_INPUTS = ["", "   ", "why " * 600, "?!?!", "\u0000\u0001", "🙂🙂🙂"]  # each gets a "message", not an answer


def schema_questions() -> list[tuple[str, list[str]]]:
    """At least 50 questions from the set, every category (answered, partial, not found), then bad input."""
    per_category = {"en": 16, "zh": 12, "cross": 5, "unanswerable": 10, "conversation": 5, "near_miss": 10,
                    "broad": 2, "hant": 2, "other_lang": 2}
    picked: list[tuple[str, list[str]]] = []
    for category, n in per_category.items():
        items = [q for q in load_questions() if q.category == category]
        picked += [(q.question, list(q.history)) for q in items[:: max(1, len(items) // n)][:n]]
    return picked + [(bad, []) for bad in BAD_INPUTS]


def test_answer_endpoint_matches_its_schema_for_fifty_real_answers(app_url, schema):
    jobs = schema_questions()
    assert len(jobs) >= 50
    def session(chunk: list[tuple[str, list[str]]]) -> list[dict]:  # one client per thread, like a user
        client = json_client(app_url)
        return [client.predict(question, history, api_name="/answer") for question, history in chunk]

    with ThreadPoolExecutor(max_workers=4) as pool:
        chunks = list(pool.map(session, [jobs[i::4] for i in range(4)]))
    jobs = [job for i in range(4) for job in jobs[i::4]]  # the order the replies come back in
    replies = [reply for chunk in chunks for reply in chunk]
    validator = jsonschema.Draft202012Validator(schema)
    for (question, _), data in zip(jobs, replies, strict=True):
        errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(data)]
        assert errors == [], (question[:80], errors)
        for c in data["citations"]:  # what a schema cannot say: every quote is verbatim
            assert c["paragraph_text"][c["start"]:c["end"]] == c["quote"]
    statuses = [d["status"] for d in replies]
    print({s: statuses.count(s) for s in sorted(set(statuses))})
    assert set(statuses) == {"answered", "partial", "not_found", "message"}  # every kind of reply, validated
    assert all(d["status"] == "message" for (q, _), d in zip(jobs, replies, strict=True) if q in BAD_INPUTS)


def test_answer_endpoint_follows_up_and_agrees_with_ask(app_url):
    first = answer_via_api(app_url, "How many medical workers did China send abroad from 2015 to 2019?")
    assert first["status"] == "answered" and "3,588" in json.dumps(first["citations"])
    follow = answer_via_api(app_url, "And how many patients did they treat?", [first["question"]])
    assert follow["standalone_question"] != follow["question"]  # resolved against the history
    html_reply = ask(app_url, first["question"])
    assert all(c["paragraph_id"] in html_reply for c in first["citations"])


def test_answer_json_while_building_or_failing_still_matches_the_schema(tmp_path, schema):
    failing = Settings.from_env({}, chroma_url=f"http://127.0.0.1:{free_port()}")
    out = answer_json("How many doctors went abroad?", [], failing, warmup=None)
    jsonschema.validate(out, schema)
    assert out["status"] == "message" and out["meta"] == {"message": "error"} and "127.0.0.1" not in out["text"]
    class Held(HeldWarmup):
        release = threading.Event()  # its own: HeldWarmup's is set for good by the test that uses it

    warmup = Held(Settings.from_env({}, store_dir=tmp_path / "store")).start()
    try:
        out = answer_json("How many doctors went abroad?", [], warmup.settings, warmup)
    finally:
        warmup.release.set()
        warmup.thread.join()
    jsonschema.validate(out, schema)
    assert out["text"] == BUILDING and out["meta"] == {"message": "building"}


def test_the_queue_summarises_gradios_analytics_rarely(built_store, monkeypatch):
    """Gradio would summarise its last 10,000 events in a DataFrame after every question, for a
    monitoring page the app never enables (ui/app.py, QUEUE_ANALYTICS)."""
    for name in QUEUE_ANALYTICS:
        monkeypatch.setenv(name, "0")
        monkeypatch.delenv(name)  # unset here, and as it was after the test
    queue = queued(build_app(built_store))._queue
    assert (queue.ANAYLTICS_CACHE_FREQUENCY, queue.ANALYTICS_MAX_EVENTS) == (1000, 1000)  # sic: Gradio's spelling
    monkeypatch.setenv("GRADIO_ANALYTICS_CACHE_FREQUENCY", "7")
    assert queued(build_app(built_store))._queue.ANAYLTICS_CACHE_FREQUENCY == 7  # the environment wins


def test_twenty_concurrent_questions_are_all_answered(app_url):
    jobs = [(QUESTIONS[i % len(QUESTIONS)], [QUESTIONS[0][0]] if i % 5 == 4 else []) for i in range(20)]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=20) as pool:
        replies = list(pool.map(lambda job: ask(app_url, job[0][0], job[1]), jobs))
    elapsed = time.monotonic() - started
    for ((question, must_quote), _), html_reply in zip(jobs, replies, strict=True):
        assert 'class="wpqa-answer' in html_reply, question
        assert "wpqa-error" not in html_reply and "wpqa-message" not in html_reply, (question, html_reply)
        assert "wpqa-card" in html_reply and "<mark>" in html_reply, (question, html_reply[:300])
        assert must_quote in html_reply
    print(f"20 concurrent questions answered in {elapsed:.1f} s")


def test_bad_input_comes_back_as_a_message_not_an_error(app_url):
    assert "wpqa-message" in ask(app_url, "   ")
    too_long = ask(app_url, "why " * 600)
    assert "wpqa-message" in too_long and "2000" in too_long


def test_api_reply_escapes_the_question(app_url):
    out = ask(app_url, "<script>window.__pwned=1</script>")
    assert "<script" not in out.lower()


@pytest.mark.parametrize("err, expected", [
    (StoreProblem("The store at /srv/secret/store could not be read (OSError); rebuild it."),
     "The store could not be read (OSError); rebuild it."),
    (StoreProblem("The Chroma server at http://user:pw@db:8000 is not reachable: is `chroma run` up?"),
     "The Chroma server is not reachable: is `chroma run` up?"),
    (RuntimeError("Traceback … /home/me/.env WPQA_LLM_API_KEY=sk-123"), "Something went wrong"),
])
def test_errors_become_one_plain_sentence_without_paths(err, expected):
    settings = Settings.from_env({}, store_dir=Path("/srv/secret/store"), chroma_url="http://user:pw@db:8000")
    assert plain_error(err, settings).startswith(expected)


def test_unreachable_chroma_server_is_one_sentence_not_a_traceback():
    settings = Settings.from_env({}, chroma_url=f"http://127.0.0.1:{free_port()}")
    out, keep = reply("How many doctors went abroad?", [], settings, warmup=None)
    assert "wpqa-error" in out and "not reachable" in out and "127.0.0.1" not in out
    assert not keep  # a failed question does not join the conversation history


class HeldWarmup(Warmup):
    """A warm-up whose preparing never finishes until released: the first minute of a first start."""

    release = threading.Event()

    def _run(self) -> None:
        self.release.wait(timeout=30)


def test_questions_while_building_get_a_polite_try_again(tmp_path):
    warmup = HeldWarmup(Settings.from_env({}, store_dir=tmp_path / "store")).start()
    try:
        out, keep = reply("How many doctors went abroad?", [], warmup.settings, warmup)
        assert BUILDING.replace("'", "&#x27;") in out and "wpqa-message" in out and not keep
        assert warmup.status() == STATUS_BUILDING
    finally:
        warmup.release.set()
        warmup.thread.join()
    assert not (tmp_path / "store").exists()  # nothing was built behind our back
