"""Generative mode against a fake OpenAI-compatible server started here, over the real built store.

The server (http.server in a thread on 127.0.0.1) answers POST /v1/chat/completions
with whatever the test scripts: a reply built from the prompt it received (so its
quotes are real sentences of the real paragraphs), a fabricated quote, an HTTP error,
a body that is not JSON, or a reply slower than llm_timeout_s.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import qa.prompts
from qa import answer, prepare
from qa.errors import PromptError
from qa.generative import REMOVED, GenerativeAnswerer, check_reply, numbered, pack
from qa.prompts import render
from qa.quotes import is_verbatim
from store.settings import Settings

EN_QUESTION = "How did irrigation change rice farming in Cambodia?"
ZH_QUESTION = "柬埔寨的水稻种植有什么变化？"
TIMEOUT_S = 1.5
FABRICATED = "China sent 5,000 astronauts to Mars in 2019"
_PARAGRAPH = re.compile(r"^\[(\d+)\] (.+)$", re.M)


# --- the fake endpoint -------------------------------------------------------------------------

@dataclass
class FakeModel:
    """What the fake endpoint does with the next request; `prompts` records what it was sent."""

    reply: Callable[[str], str] = lambda prompt: "The white paper does not address this question."
    status: int = 200
    body: bytes | None = None  # sent as is instead of a chat completion
    delay_s: float = 0.0
    prompts: list[str] = field(default_factory=list)
    released: threading.Event = field(default_factory=threading.Event)  # set -> slow replies stop waiting


def _handler(model: FakeModel) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            if self.path.rstrip("/").endswith("/models"):
                self._send(200, json.dumps({"object": "list", "data": [{"id": "fake", "object": "model"}]}))
            else:
                self._send(404, "{}")

        def do_POST(self) -> None:  # noqa: N802
            request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            prompt = request["messages"][-1]["content"]
            model.prompts.append(prompt)
            model.released.wait(model.delay_s)
            if model.body is not None or model.status != 200:
                self._send(model.status, model.body or b'{"error": {"message": "boom"}}')
            else:
                self._send(200, json.dumps(_completion(model.reply(prompt))))

        def _send(self, status: int, body: str | bytes) -> None:
            data = body.encode() if isinstance(body, str) else body
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the client gave up on a slow reply
                pass

        def log_message(self, *args: object) -> None:
            pass

    return Handler


def _completion(content: str | None) -> dict:
    return {"id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "fake",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


@pytest.fixture(scope="module")
def server():
    model = FakeModel()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(model))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, model
    model.released.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def model(server) -> FakeModel:
    """The server's script, reset for each test."""
    _, fake = server
    fake.reply, fake.status, fake.body, fake.delay_s = FakeModel.reply, 200, None, 0.0
    fake.prompts.clear()
    return fake


@pytest.fixture(scope="module")
def llm_settings(built_store: Settings, server) -> Settings:
    httpd, _ = server
    # answer_cache off: every test here is about what happens when a call really reaches the endpoint
    return replace(built_store, llm_url=f"http://127.0.0.1:{httpd.server_address[1]}/v1",
                   llm_timeout_s=TIMEOUT_S, answer_cache=False)


@pytest.fixture(scope="module")
def store(built_store: Settings):
    return prepare(built_store, progress=False).store


# --- replies built from the prompt the server received -----------------------------------------

def prompt_paragraphs(prompt: str) -> dict[int, str]:
    """[n] -> paragraph text, as numbered in the prompt."""
    return {int(n): text for n, text in _PARAGRAPH.findall(prompt)}


def sentence(store, text: str, index: int = 0) -> str:
    """A real sentence (by the store's own sentence spans) of the stored paragraph with this text."""
    paragraph = next(p for p in store.paragraphs.values() if p.text == text)
    spans = paragraph.sentences
    return paragraph.text[slice(*spans[min(index, len(spans) - 1)])]


def quoting(store, *numbers: int) -> Callable[[str], str]:
    """A model that quotes the first sentence of each numbered paragraph, e.g. '“…” [1] and “…” [2]'."""
    def reply(prompt: str) -> str:
        paragraphs = prompt_paragraphs(prompt)
        return "The white paper says " + " and ".join(
            f"“{sentence(store, paragraphs[n])}” [{n}]" for n in numbers) + "."
    return reply


def assert_verbatim(result, store) -> None:
    assert [c.n for c in result.citations] == list(range(1, len(result.citations) + 1))
    for c in result.citations:
        assert c.paragraph_text[c.start:c.end] == c.quote
        assert is_verbatim(c, store)
        assert f"[{c.n}]" in result.text


# --- (a) a correct quoted answer -----------------------------------------------------------------

@pytest.mark.parametrize("question, lang", [(EN_QUESTION, "en"), (ZH_QUESTION, "zh")])
def test_real_quotes_make_a_generative_answer(llm_settings, model, store, question, lang):
    model.reply = quoting(store, 2, 1)
    result = answer(question, settings=llm_settings)
    assert result.mode == "generative" and result.notice == ""
    assert len(result.citations) == 2 and {c.lang for c in result.citations} == {lang}
    paragraphs = prompt_paragraphs(model.prompts[-1])
    assert [c.paragraph_text for c in result.citations] == [paragraphs[2], paragraphs[1]]  # renumbered
    space = " " if lang == "en" else ""
    assert f"“{result.citations[0].quote}”{space}[1]" in result.text
    assert_verbatim(result, store)


@pytest.mark.parametrize("question, language", [(EN_QUESTION, "English"), (ZH_QUESTION, "Chinese")])
def test_prompt_holds_question_and_paragraphs_within_budget(llm_settings, model, store, question, language):
    result = answer(question, settings=llm_settings)
    prompt = model.prompts[-1]
    assert question in prompt and f"Answer in {language}" in prompt
    ids = result.meta["llm"]["paragraphs"]
    packed = [store.paragraphs[pid] for pid in ids]
    assert len(ids) >= 2 and numbered(packed) in prompt
    assert {c.paragraph_id for c in result.citations} <= set(ids)  # the extractive evidence was sent
    answerer = GenerativeAnswerer(llm_settings, store)
    assert answerer.count_tokens(numbered(packed)) <= llm_settings.llm_context_tokens


def test_pack_stops_at_the_token_budget(llm_settings, store):
    answerer = GenerativeAnswerer(llm_settings, store)
    paragraphs = store.in_lang("en")[:40]
    for budget in (50, 300, 1200):
        packed = pack(paragraphs, budget, answerer.count_tokens)
        assert answerer.count_tokens(numbered(packed)) <= budget
        assert packed == [p for p in paragraphs if p in packed]  # best first, order kept
    assert pack(paragraphs, 1, answerer.count_tokens) == []


# --- (b) fabricated quotes -----------------------------------------------------------------------

def test_fabricated_quote_is_removed_and_counted(llm_settings, model, store):
    real = quoting(store, 1)
    model.reply = lambda prompt: f"{real(prompt)} It also says “{FABRICATED}” [2]."
    result = answer(EN_QUESTION, settings=llm_settings)
    assert result.mode == "generative" and len(result.citations) == 1
    assert FABRICATED not in result.text and REMOVED["en"] in result.text
    assert "1 quote" in result.notice and "removed" in result.notice
    assert_verbatim(result, store)


def test_only_fabricated_quotes_fall_back_to_the_extractive_answer(llm_settings, built_store, model):
    model.reply = lambda prompt: f"The paper says “{FABRICATED}” [1] and \"{FABRICATED} too\" [3]."
    result = answer(EN_QUESTION, settings=llm_settings)
    extractive = answer(EN_QUESTION, settings=built_store)
    assert result.mode == "extractive" and result.citations == extractive.citations
    assert result.text == extractive.text and FABRICATED not in result.text
    assert "None of the language model's quotes" in result.notice and "2 removed" in result.notice


def test_real_quote_under_the_wrong_number_is_removed(llm_settings, model, store):
    def reply(prompt: str) -> str:
        paragraphs = prompt_paragraphs(prompt)
        return f"“{sentence(store, paragraphs[1])}” [2] and “{sentence(store, paragraphs[3])}” [3]"
    model.reply = reply
    result = answer(EN_QUESTION, settings=llm_settings)
    assert len(result.citations) == 1 and result.citations[0].n == 1
    assert result.text.startswith(REMOVED["en"]) and "1 quote" in result.notice


# --- (c) and (d) the endpoint fails --------------------------------------------------------------

@pytest.mark.parametrize("status, body, delay_s, reason", [
    (500, None, 0.0, "HTTP 500"),
    (503, b"Service Unavailable", 0.0, "HTTP 503"),
    (200, b"<html>not json</html>", 0.0, "unreadable reply"),
    (200, json.dumps(_completion(None)).encode(), 0.0, "empty reply"),
    (200, json.dumps({"choices": []}).encode(), 0.0, "unreadable reply"),
    (200, None, 4.0, f"no reply within {TIMEOUT_S:g} s"),
])
def test_endpoint_failure_falls_back_with_a_notice(llm_settings, store, model, status, body, delay_s, reason):
    model.status, model.body, model.delay_s = status, body, delay_s
    model.reply = quoting(store, 1)
    started = time.perf_counter()
    result = answer(EN_QUESTION, settings=llm_settings)
    assert time.perf_counter() - started < TIMEOUT_S + 2.0  # no retries, no waiting out a slow reply
    assert result.mode == "extractive" and result.citations and len(model.prompts) == 1
    assert result.notice.startswith(f"The language model at {llm_settings.llm_url} did not answer ({reason}")
    assert result.notice.endswith("); showing the extractive answer.")
    assert "Traceback" not in result.notice and "\n" not in result.notice


def test_unreachable_endpoint_falls_back(built_store, store):
    from conftest import free_port

    settings = replace(built_store, llm_url=f"http://127.0.0.1:{free_port()}/v1", llm_timeout_s=TIMEOUT_S)
    fallback = answer(EN_QUESTION, settings=built_store)
    hits = prepare(built_store).retriever.retrieve(EN_QUESTION, "en")
    result = GenerativeAnswerer(settings, store).answer(EN_QUESTION, "en", hits, fallback)
    assert result.citations == fallback.citations
    assert result.notice == (f"The language model at {settings.llm_url} did not answer (could not connect); "
                             "showing the extractive answer.")


# --- (e) ellipsis quotes -------------------------------------------------------------------------

def test_ellipsis_quote_with_real_fragments_is_kept(llm_settings, model, store):
    def reply(prompt: str) -> str:
        text = prompt_paragraphs(prompt)[1]
        first, second = sentence(store, text, 0), sentence(store, text, 1)
        return f"The paper says “{first} … {second}” [1]."
    model.reply = reply
    result = answer(EN_QUESTION, settings=llm_settings)
    assert result.mode == "generative" and result.notice == ""
    assert len(result.citations) == 2 and result.citations[0].paragraph_id == result.citations[1].paragraph_id
    assert result.citations[0].end <= result.citations[1].start
    assert f"“{result.citations[0].quote} … {result.citations[1].quote}” [1][2]" in result.text
    assert_verbatim(result, store)


# --- the reply checker on hand-built replies -----------------------------------------------------

def _belt_and_road(store, lang: str):
    mark = '"Belt and Road"' if lang == "en" else "“一带一路”"
    return next(p for p in store.in_lang(lang) if mark in p.text and len(p.text) > 200)


@pytest.mark.parametrize("lang, template, kept, removed", [
    ("en", "It says “{q}” [1].", 1, 0),
    ("en", 'It says "{q}" [1].', 1, 0),  # straight quotes around the paper's own straight quotes
    ("en", "It says “{q}”. [1]", 1, 0),  # punctuation between the quote and its marker
    ("en", "It says “{q}” [2] [1].", 1, 0),  # out-of-range number, then the right one
    ("en", "It says “{q}” [2].", 0, 1),
    ("en", "It says “{Q}.” [1]", 1, 0),  # case and a full stop the paper does not have are forgiven
    ("en", "It says ‘{q}’ [1].", 1, 0),
    ("en", "It says “the … of” [1].", 0, 1),  # fragments too short to be evidence
    ("en", "Unmarked “{q}” stays [1]; “" + FABRICATED + "” goes.", 0, 1),
    ("zh", "白皮书指出：“{q}”[1]。", 1, 0),  # Chinese quotes nest inside Chinese quotes
    ("zh", "白皮书指出：「{q}」【1】。", 1, 0),
    ("zh", "白皮书指出：“编造的内容一二三”[1]。", 0, 1),
])
def test_check_reply(store, lang, template, kept, removed):
    paragraph = _belt_and_road(store, lang)
    at = paragraph.text.index('"Belt and Road"' if lang == "en" else "“一带一路”")
    quote = paragraph.text[max(0, at - 20):at + 30]
    reply = template.format(q=quote, Q=quote.upper())
    checked = check_reply(reply, [paragraph], store, lang)
    assert (len(checked.citations), checked.removed) == (kept, removed)
    for c in checked.citations:
        assert c.quote == quote and f"{c.quote}" in checked.text
    if removed:
        assert REMOVED[lang] in checked.text
    assert not re.search(r"\[[2-9]\]|【", checked.text)  # stray and out-of-range markers are gone


# --- prompts -------------------------------------------------------------------------------------

def test_render_fills_every_placeholder():
    text = render("answer", question="Q$1?", paragraphs="[1] P.", language="English")
    assert "Q$1?" in text and "[1] P." in text and "$" not in text.replace("Q$1?", "")
    assert "And in Africa?" in render("condense", history="- Who pays?", question="And in Africa?")


@pytest.mark.parametrize("name, values, message", [
    ("answer", {"question": "q", "paragraphs": "p"}, "prompts/answer.txt needs: language"),
    ("answer", {"question": "q", "paragraphs": "p", "language": "en", "extra": "x"},
     "prompts/answer.txt has no placeholder for: extra"),
    ("no_such_prompt", {}, "prompts/no_such_prompt.txt could not be read"),
    ("../answer", {}, "is not a prompt name"),
])
def test_render_refuses_gaps(name, values, message):
    with pytest.raises(PromptError, match=re.escape(message)):
        render(name, **values)


def test_render_refuses_a_stray_dollar(tmp_path, monkeypatch):
    (tmp_path / "price.txt").write_text("It costs $5 for $who", "utf-8")
    monkeypatch.setattr(qa.prompts, "PROMPTS_DIR", tmp_path)
    with pytest.raises(PromptError, match="stray"):
        render("price", who="you")
