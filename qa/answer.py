"""answer(question, history=None) -> Answer: checks the input, resolves follow-ups, picks the answerer.

The pipeline (store, embedder, retrievers) is opened once per store location and
shared by every caller; `prepare()` opens it ahead of the first question (the chat
does so at start, building the store with a progress bar if it has to).
"""

from __future__ import annotations

import html
import re
import time
from dataclasses import replace

from qa import messages
from qa.errors import QAError, StoreProblem
from qa.extractive import ExtractiveAnswerer, abstention
from qa.followup import condense
from qa.retrieve import HybridRetriever
from qa.text import clean_question, detect_lang
from qa.types import Answer
from store import caches
from store.embed import E5Embedding
from store.errors import StoreError
from store.load import Store, open_store
from store.settings import Settings

_TAG = re.compile(r"<[^>]{0,200}>")
_WORDLIKE = re.compile(r"[^\W_]")  # a letter, digit or Han character; "_" alone is punctuation
WINDOW_TOKENS = 512  # e5's input length, with its special tokens and the "query: " prefix
HISTORY_TOKENS = 128  # per earlier question: a follow-up needs its topic, not all of it


class Pipeline:
    """Everything a question needs, opened once: store, embedder, retriever, answerers."""

    def __init__(self, settings: Settings, store: Store, embedder: E5Embedding):
        self.settings, self.store, self.embedder = settings, store, embedder
        self.retriever = HybridRetriever(store, embedder, settings.fusion_mode, settings.top_k)
        self.extractive = ExtractiveAnswerer(store)
        self.generative = None
        if settings.llm_url:
            from qa.generative import GenerativeAnswerer

            self.generative = GenerativeAnswerer(settings, store)

    def ask(self, question: str, lang: str, history: list[str] | None) -> Answer:
        standalone = condense(question, history, lang)
        query_vector = self.embedder.query_vector(standalone)
        try:
            hits = self.retriever.retrieve(standalone, lang, query_vector.tolist())
        except StoreError as err:
            raise StoreProblem(str(err)) from err
        except Exception as err:  # Chroma raises many types when its server or files go away
            raise StoreProblem(_unsearchable(self.settings)) from err
        focus = question if standalone != question else None
        result = self.extractive.answer(standalone, lang, hits, query_vector, focus=focus)
        if self.generative is not None and not result.abstained:
            result = self.generative.answer(standalone, lang, hits, fallback=result)
        return replace(result, question=question, standalone_question=standalone)


def _unsearchable(settings: Settings) -> str:
    if settings.chroma_url:
        return f"The Chroma server at {settings.chroma_url} did not answer: check that `chroma run` is up."
    return (f"The store at {settings.store_dir} could not be searched just now: "
            "restart to rebuild it, or run `wpqa store build --rebuild`.")


def _key(settings: Settings) -> tuple:
    llm = (settings.llm_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout_s,
           settings.llm_context_tokens) if settings.llm_url else None  # subtle: any change needs a new client
    return (settings.location, settings.collection, settings.fusion_mode, settings.top_k, llm)


def prepare(settings: Settings | None = None, progress: bool = True) -> Pipeline:
    """Open (building if needed) the store and the pipeline for these settings; idempotent.

    Both are kept in store.caches (the one owner of what the process keeps between questions).
    """
    settings = settings or Settings.from_env()

    def open_pipeline() -> Pipeline:
        try:
            store = caches.STORES.get((settings.location, settings.collection),
                                      lambda: open_store(settings, progress=progress))
        except StoreError as err:
            raise StoreProblem(str(err)) from err
        return Pipeline(settings, store, E5Embedding(threads=settings.embed_threads))

    return caches.PIPELINES.get(_key(settings), open_pipeline)


def ready(settings: Settings | None = None) -> bool:
    return caches.PIPELINES.peek(_key(settings or Settings.from_env())) is not None


def forget(settings: Settings | None = None) -> None:
    """Drop everything opened for this store (pipeline, store, answers, Chroma client), so the next
    question opens (and heals) them afresh."""
    caches.forget((settings or Settings.from_env()).location)


def answer(question: str, history: list[str] | None = None, *, settings: Settings | None = None,
           lang: str | None = None) -> Answer:
    """Answer a question about the white paper with verbatim, cited quotes.

    Bad input comes back as an Answer with mode="message"; store trouble raises QAError.
    """
    started = time.perf_counter()
    settings = settings or Settings.from_env()
    result = _answer(question, history, settings, lang)
    return replace(result, latency_ms=round((time.perf_counter() - started) * 1000, 1))


def _answer(question: object, history: list[str] | None, settings: Settings, lang: str | None) -> Answer:
    if not isinstance(question, str):
        return messages.message("", "en", messages.NOT_TEXT)
    if len(question) > settings.max_question_chars:  # subtle: cleaned, or a lone surrogate breaks --json
        return messages.message(clean_question(question[:200]), detect_lang(question[:500]), messages.TOO_LONG,
                                limit=settings.max_question_chars)
    cleaned = clean_question(question)
    text = _TAG.sub(" ", html.unescape(cleaned)).strip()
    detected = detect_lang(text)
    lang = lang if lang in ("en", "zh") else detected
    if not cleaned:
        return messages.message(cleaned, "en", messages.EMPTY)
    if not _WORDLIKE.search(text):
        return messages.message(cleaned, lang if lang != "other" else "en", messages.NO_WORDS)
    if lang == "other":
        return messages.message(cleaned, "en", messages.OTHER_LANGUAGE)
    key = (*_key(settings), lang, _normalised(text), tuple(_normalised(h) for h in _strings(history)))
    cached = caches.ANSWERS.peek(key) if settings.answer_cache else None
    if cached is not None:
        return replace(cached, question=cleaned)
    pipeline = prepare(settings)
    result = pipeline.ask(_within(text, pipeline.embedder), lang, _earlier(history, settings, pipeline.embedder))
    if settings.answer_cache and not result.notice:  # subtle: a notice (model fallback) may not last
        caches.ANSWERS.put(key, result)
    return replace(result, question=cleaned)


def _normalised(text: str) -> str:
    """The answer cache's view of a question. Example: "  How MANY teams?? " -> "how many teams" """
    return " ".join(text.casefold().split()).rstrip("?？!！.。 ")


def _strings(history: object) -> list[str]:
    return [h for h in history if isinstance(h, str)] if isinstance(history, list | tuple) else []


def _earlier(history: object, settings: Settings, embedder: E5Embedding) -> list[str]:
    """The last five earlier questions, cleaned, each cut to HISTORY_TOKENS (they are only context)."""
    if not isinstance(history, list | tuple):
        return []
    kept = [_TAG.sub(" ", clean_question(h[: settings.max_question_chars])).strip()
            for h in history if isinstance(h, str)]
    return [_within(h, embedder, HISTORY_TOKENS) for h in kept if h][-5:]


def _within(text: str, embedder: E5Embedding, tokens: int = WINDOW_TOKENS) -> str:
    """The longest prefix of text that the embedder reads as at most `tokens` tokens.

    e5 reads 512 tokens at a time and embeds longer text window by window (about a second
    each on a small CPU), so 2,000 Han characters would cost four windows for no better answer.
    """
    count = embedder.token_count
    if count(text) <= tokens:
        return text
    low, high = 0, len(text)  # invariant: text[:low] fits, text[:high + 1] does not
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if count(text[:middle]) <= tokens else (low, middle - 1)
    return text[:low].strip()


__all__ = ["QAError", "abstention", "answer", "forget", "prepare", "ready"]
