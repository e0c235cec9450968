"""answer(question, history=None) -> Answer: checks the input, resolves follow-ups, picks the answerer.

A question in Traditional Chinese is read in Simplified and one in French, Spanish, … is
answered from the English edition (qa/language.py names the language, qa/script.py
converts); qa/reply.py then hands the answer back in the reader's language.

The pipeline (store, embedder, retrievers) is opened once per store location and
shared by every caller; `prepare()` opens it ahead of the first question (the chat
does so at start, building the store with a progress bar if it has to).
"""

from __future__ import annotations

import html
import re
import threading
import time
from dataclasses import replace
from functools import cached_property

from qa import messages
from qa.errors import QAError, StoreProblem
from qa.extractive import ExtractiveAnswerer, abstention
from qa.followup import condense
from qa.language import identify
from qa.reply import localise
from qa.retrieve import HybridRetriever
from qa.script import has_traditional, is_traditional, to_simplified, variant, vocabulary
from qa.text import clean_question
from qa.types import Answer, edition
from store.embed import E5Embedding
from store.errors import StoreError
from store.load import Store, open_store
from store.settings import Settings

_TAG = re.compile(r"<[^>]{0,200}>")
_WORDLIKE = re.compile(r"[^\W_]")  # a letter, digit or Han character; "_" alone is punctuation
WINDOW_TOKENS = 512  # e5's input length, with its special tokens and the "query: " prefix
HISTORY_TOKENS = 128  # per earlier question: a follow-up needs its topic, not all of it
FORCED_LANGS = ("en", "zh", "zh-Hant")  # answer(lang=…) values; any other value means "the question's"


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

    @cached_property
    def zh_words(self) -> frozenset[str]:
        """Words of the Chinese edition (Taiwan's phrase-level conversion is kept only where it yields them);
        made on the first question with Traditional characters (0.2 s), not at start."""
        return vocabulary("".join(p.text for p in self.store.paragraphs.values() if p.lang == "zh"))

    def simplified(self, text: str) -> str:
        """text with any Traditional characters made Simplified, for reading; the rest is untouched."""
        return to_simplified(text, self.zh_words) if has_traditional(text) else text

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


_pipelines: dict[tuple, Pipeline] = {}  # (store location, collection, fusion, top_k, llm settings) -> pipeline
_stores: dict[tuple, Store] = {}  # (store location, collection) -> opened store
_lock = threading.Lock()


def _key(settings: Settings) -> tuple:
    llm = (settings.llm_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout_s,
           settings.llm_context_tokens) if settings.llm_url else None  # subtle: any change needs a new client
    return (settings.location, settings.collection, settings.fusion_mode, settings.top_k, llm)


def prepare(settings: Settings | None = None, progress: bool = True) -> Pipeline:
    """Open (building if needed) the store and the pipeline for these settings; idempotent."""
    settings = settings or Settings.from_env()
    with _lock:
        pipeline = _pipelines.get(_key(settings))
        if pipeline is None:
            store_key = (settings.location, settings.collection)
            try:
                store = _stores.get(store_key) or open_store(settings, progress=progress)
            except StoreError as err:
                raise StoreProblem(str(err)) from err
            _stores[store_key] = store
            pipeline = Pipeline(settings, store, E5Embedding(threads=settings.embed_threads))
            _pipelines[_key(settings)] = pipeline
        return pipeline


def ready(settings: Settings | None = None) -> bool:
    return _key(settings or Settings.from_env()) in _pipelines


def forget(settings: Settings | None = None) -> None:
    """Drop the opened pipeline and store, so the next question opens (and heals) them afresh."""
    settings = settings or Settings.from_env()
    with _lock:
        _pipelines.pop(_key(settings), None)
        _stores.pop((settings.location, settings.collection), None)


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
        return messages.message(clean_question(question[:200]), identify(clean_question(question[:500])),
                                messages.TOO_LONG, limit=settings.max_question_chars)
    cleaned = clean_question(question)
    text = _TAG.sub(" ", html.unescape(cleaned)).strip()
    earlier = _heads(history)
    asked = lang if lang in FORCED_LANGS else identify(text, earlier)
    if not cleaned:
        return messages.message(cleaned, "en", messages.EMPTY)
    if not _WORDLIKE.search(text):
        return messages.message(cleaned, asked, messages.NO_WORDS)
    if asked == "other":
        return messages.message(cleaned, "en", messages.OTHER_LANGUAGE)
    pipeline = prepare(settings)
    readable = _within(pipeline.simplified(text), pipeline.embedder)
    result = pipeline.ask(readable, edition(asked), _earlier(history, settings, pipeline))
    region = next((variant(t) for t in [text, *reversed(earlier)] if is_traditional(t)), "tw")
    return localise(replace(result, question=cleaned), asked, region)


def _heads(history: object) -> list[str]:
    """The earlier questions' first 500 characters, cleaned: enough to tell their language and script."""
    if not isinstance(history, list | tuple):
        return []
    return [clean_question(h[:500]) for h in history if isinstance(h, str)]


def _earlier(history: object, settings: Settings, pipeline: Pipeline) -> list[str]:
    """The last five earlier questions, cleaned and read in Simplified, each cut to HISTORY_TOKENS
    (they are only context)."""
    if not isinstance(history, list | tuple):
        return []
    kept = [_TAG.sub(" ", clean_question(h[: settings.max_question_chars])).strip()
            for h in history if isinstance(h, str)]
    return [_within(pipeline.simplified(h), pipeline.embedder, HISTORY_TOKENS) for h in kept if h][-5:]


def _within(text: str, embedder: E5Embedding, tokens: int = WINDOW_TOKENS) -> str:
    """The longest prefix of text that the embedder reads as at most `tokens` tokens.

    e5 reads 512 tokens at a time and embeds longer text window by window (about a second
    each on a small CPU), so 2,000 Han characters would cost four windows for no better answer.
    """
    count = embedder.engine.token_count
    if count(text, True) <= tokens:
        return text
    low, high = 0, len(text)  # invariant: text[:low] fits, text[:high + 1] does not
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if count(text[:middle], True) <= tokens else (low, middle - 1)
    return text[:low].strip()


__all__ = ["QAError", "abstention", "answer", "forget", "prepare", "ready"]
