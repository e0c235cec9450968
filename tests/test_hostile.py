"""Hostile and odd questions (tests/hostile_inputs.py) through answer(), the renderer and the CLI.

Every case comes back as an Answer, in bounded time, with only verbatim citations, and
nothing of the input's markup reaches the answer text or the HTML. Each case runs once
(module fixture); the tests below read the runs.
"""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from click.testing import CliRunner
from hostile_inputs import (
    HAND_WRITTEN,
    Run,
    cli_sample,
    hostile_inputs,
    one_embedding_thread,
    run_all,
    slowest,
    summary,
)

from qa import answer, prepare
from qa.answer import HISTORY_TOKENS, WINDOW_TOKENS
from qa.messages import _TEXTS
from qa.quotes import is_verbatim
from store.settings import Settings
from ui.cli import cli
from ui.render import render_answer

CASES = hostile_inputs()
LIMIT_S = 5.0  # per question, with the embedder on one thread (see one_embedding_thread)
MARKUP = ("<script", "<img", "<iframe", "<svg", "onerror", "onload", "javascript:", "](http", "](javascript")
MESSAGES = {text for pair in _TEXTS.values() for text in pair}
_MD_LINK = re.compile(r"!?\[[^\]]*\]\((?:https?|javascript):", re.I)


@pytest.fixture(scope="module")
def runs(built_store: Settings) -> dict[str, Run]:
    prepare(built_store, progress=False)
    with one_embedding_thread():
        answer("What is South-South cooperation?", settings=built_store)  # warm: first query loads caches
        done = run_all(built_store, CASES)
    print("\n" + summary(done))
    return {r.case.name: r for r in done}


@pytest.fixture(scope="module")
def store(built_store: Settings):
    return prepare(built_store, progress=False).store


def test_corpus_is_big_and_varied():
    assert len(CASES) >= 200 and len(HAND_WRITTEN) >= 100
    texts = "".join(c.text for c in CASES)
    for needle in ["\x00", "\ud800", "\u202e", "\u200b", "<script>", "onerror", "javascript:", "](http",
                   "DROP TABLE", "Ignore previous instructions", "？", "😀", "ｍ"]:
        assert needle in texts, needle
    assert max(len(c.text) for c in CASES) == 100_000


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_hostile_input_is_answered_safely(runs, store, name):
    run = runs[name]
    if run.error is not None:
        raise run.error
    result = run.answer
    assert run.seconds < LIMIT_S, f"{name} took {run.seconds:.1f} s"
    assert all(is_verbatim(c, store) for c in result.citations)
    unquoted = result.text
    for c in result.citations:
        unquoted = unquoted.replace(c.quote, "")
    html = render_answer(result, prefix="t0")
    for token in MARKUP:
        if token in run.case.text.lower():
            assert token not in unquoted.lower(), token
            assert token not in html.lower(), token
    assert not _MD_LINK.search(html)
    assert "<script" not in html.lower() and "<img" not in html.lower()
    json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")  # what `wpqa ask --json` prints
    assert not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in result.question)
    if result.mode == "message":
        assert result.text in {m.format(limit=2000) for m in MESSAGES}
    if len(run.case.text) > 2000:
        assert result.meta.get("message") == "too_long"


@pytest.mark.parametrize("name, message", [
    ("empty", "empty"), ("zero-width-only", "empty"), ("nuls", "empty"), ("c0-controls", "empty"),
    ("long-100k-a", "too_long"), ("long-over-limit", "too_long"), ("lone-high-surrogate", "no_words"),
    ("punct/many-question-marks", "no_words"), ("punct/mixed", "no_words"), ("emoji-only", "no_words"),
    ("html/img-onerror", "no_words"), ("arabic", "other_language"), ("thai", "other_language"),
    ("hindi", "other_language"), ("greek", "other_language"),
])
def test_input_that_is_no_question_gets_its_message(runs, name, message):
    assert runs[name].answer.meta.get("message") == message


@pytest.mark.parametrize("name, lang", [("french", "fr"), ("german", "de"), ("spanish", "es"), ("russian", "ru"),
                                        ("japanese", "ja"), ("korean", "ko"), ("traditional-chinese", "zh-Hant")])
def test_languages_we_read_are_searched_not_refused(runs, name, lang):
    result = runs[name].answer
    assert result.mode != "message" and result.lang == lang


@pytest.mark.parametrize("name", ["nul-in-question", "rlo-question", "bom-then-question", "surrogate-in-question",
                                  "html/script-with-question", "html/img-onerror-question", "mixed/en-zh",
                                  "gen/script-prefix/en-medical", "gen/surrogate/zh-medical",
                                  "gen/nul-padded/zh-rice", "long-at-limit"])
def test_question_wrapped_in_noise_is_still_answered(runs, name):
    assert runs[name].answer.citations, runs[name].answer.text


@pytest.mark.parametrize("name", ["inject/ignore-quote", "inject/zh", "md/fake-citation", "inject/quote-format"])
def test_injected_claims_are_never_quoted(runs, name):
    result = runs[name].answer
    assert "9,999" not in result.text and "9999" not in result.text and "aid is over" not in result.text


@pytest.mark.parametrize("name", [
    "gen/zero-width/zh-rice", "gen/rlo/en-medical", "gen/bidi-isolates/en-rice", "gen/extra-whitespace/en-medical",
    "gen/zero-width/en-medical", "fullwidth-question",
    "all-caps",
])
def test_disguised_real_question_is_still_answered(runs, name):
    assert runs[name].answer.citations


@pytest.mark.parametrize("question", [None, 42, b"How many doctors?", ["How many doctors?"], {"q": 1}])
def test_question_that_is_not_text_gets_a_message(built_store, question):
    assert answer(question, settings=built_store).meta["message"] == "not_text"


@pytest.mark.parametrize("history", [
    "How many doctors?",  # a string, not a list: it used to be read as 17 one-letter questions
    [None, 42, b"bytes", "\ud800", "\x00" * 10],
    ["x" * 100_000, "中" * 100_000],
    ["<script>alert(1)</script>"] * 50,
])
def test_hostile_history_is_ignored_or_cut(built_store, history):
    with one_embedding_thread():
        result = answer("And in Africa?", history, settings=built_store)
    assert result.mode != "message" and "<script" not in result.standalone_question
    tokens = prepare(built_store).embedder.engine.token_count(result.standalone_question, True)
    assert tokens <= WINDOW_TOKENS + 5 * HISTORY_TOKENS  # what one question may cost to embed, bounded


def test_report_count_and_slowest(runs):
    done = list(runs.values())
    worst = slowest(done)
    print(f"\n{len(done)} hostile inputs handled; slowest {worst.case.name}: {worst.seconds:.2f} s")
    assert all(r.error is None for r in done)


# --- the CLI ---------------------------------------------------------------------------------------

SAMPLE = cli_sample()


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
@pytest.mark.parametrize("case", SAMPLE, ids=[c.name for c in SAMPLE])
def test_cli_ask_never_shows_a_traceback(runs, case, as_json):
    with one_embedding_thread():
        result = CliRunner().invoke(cli, ["ask", *(["--json"] if as_json else []), "--", case.text])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and 'File "' not in result.output
    if result.exit_code == 1:
        assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    elif as_json:
        data = json.loads(result.output)
        assert all(c["quote"] in c["paragraph_text"] for c in data["citations"])
    elif runs[case.name].answer.mode == "message":
        assert result.output == runs[case.name].answer.text + "\n"  # one line, nothing else


def test_cli_question_starting_with_a_dash_is_a_usage_error_not_a_traceback(built_store):
    result = CliRunner().invoke(cli, ["ask", "-3 doctors?"])
    assert result.exit_code == 2 and "No such option" in result.output and "Traceback" not in result.output
