"""The chat app as API clients see it: `python -m ui` in a subprocess, called through gradio_client.

serve() is shared with test_app_browser.py: it starts the real entry point on a free
port against the session's built store and waits until questions get real answers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import free_port
from gradio_client import Client

import eval.load as eval_load
from qa.errors import StoreProblem
from store.settings import Settings
from ui.app import BUILDING, STATUS_BUILDING, Warmup, plain_error, reply

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
