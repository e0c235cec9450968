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
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from qa import acronyms, cantonese, conversation, messages
from qa.answer_types import analyse, names_subject
from qa.errors import QAError, StoreProblem
from qa.extractive import ExtractiveAnswerer
from qa.language import FROM_ENGLISH, identify
from qa.outcome import names_known
from qa.parts import CHAPTERS, named_part, named_subject_part
from qa.regional import Renamer, papers_countries
from qa.reply import localise
from qa.retrieve import HybridRetriever
from qa.scoring import Scorer
from qa.script import has_traditional, is_traditional, to_simplified, variant, vocabulary
from qa.text import clean_question, detect_lang, sentence_terms, set_aside
from qa.types import Answer, Hit, edition, is_foreign
from store import caches
from store.build import files_gone
from store.embed import E5Embedding, engine_text
from store.errors import StoreError
from store.load import Store, open_store
from store.paragraphs import Paragraph
from store.settings import Settings

_TAG = re.compile(r"<[^>]{0,200}>")
_WORDLIKE = re.compile(r"[^\W_]")  # a letter, digit or Han character; "_" alone is punctuation
WINDOW_TOKENS = 512  # e5's input length, with its special tokens and the "query: " prefix
HISTORY_TOKENS = 128  # per earlier question: a follow-up needs its topic, not all of it
SHORT_PART = 6  # a named part this short (the preface has 3 paragraphs, the conclusion 3) is read whole
FORCED_LANGS = ("en", "zh", "zh-Hant")  # answer(lang=…) values; any other value means "the question's"


class Pipeline:
    """Everything a question needs, opened once: store, embedder, retriever, answerers."""

    def __init__(self, settings: Settings, store: Store, embedder: E5Embedding):
        self.settings, self.store, self.embedder = settings, store, embedder
        self.retriever = HybridRetriever(store, embedder, settings.fusion_mode, settings.top_k, settings.dense_weight)
        self.extractive = ExtractiveAnswerer(store, scorer_path=settings.scoring_path)
        self.generative = None
        if settings.llm_url:
            from qa.generative import GenerativeAnswerer

            self.generative = GenerativeAnswerer(settings, store)

    @cached_property
    def zh_words(self) -> frozenset[str]:
        """Words of the Chinese edition (Taiwan's phrase-level conversion is kept only where it yields them);
        made on the first question with Traditional characters (0.2 s), not at start."""
        return vocabulary("".join(p.text for p in self.store.paragraphs.values() if p.lang == "zh"))

    @cached_property
    def renamer(self) -> Renamer:
        """Taiwan's and Hong Kong's names read as the paper's (qa/regional.py); made after zh_words, 0.3 s."""
        return Renamer(self.zh_text, self.zh_words)

    @cached_property
    def zh_text(self) -> str:
        return "".join(p.text for p in self.store.paragraphs.values() if p.lang == "zh")

    def simplified(self, text: str) -> str:
        """text with any Traditional characters made Simplified, for reading, Taiwan's and Hong Kong's names
        made the paper's (伊波拉 -> 埃博拉), written Cantonese's words standard Chinese's (係咩 -> 是什么); the
        rest is untouched."""
        return self.renamer.rename(to_simplified(cantonese.standard(text), self.zh_words)) if has_traditional(text) else text

    def readable(self, text: str, asked: str) -> str:
        """The question as the pipeline reads it: Simplified, except in a language answered from the English
        edition, whose Han characters are not Traditional Chinese (Japanese 開発 would become 开発, which
        the embedder reads worse: measured on the dev split's Japanese questions), without the places it
        names only to set them aside ("Guinea itself, not Guinea-Bissau")."""
        read = text if asked in FROM_ENGLISH else self.simplified(text)
        lang = "zh" if asked.startswith("zh") else "en"
        if lang == "zh":  # 巴新 and 刚果民主共和国 as the paper writes them: 巴布亚新几内亚, 刚果（金）
            read = papers_countries(read, self.zh_text)
        return set_aside(self.expanded(read, lang), lang)

    def expanded(self, text: str, lang: str) -> str:
        """text with the acronyms the paper never writes read as the names it writes (qa/acronyms.py)."""
        return acronyms.expand(text, lang, self.acronyms)

    @cached_property
    def acronyms(self) -> dict[str, tuple[str | None, str | None]]:
        """The acronyms the paper never writes, with the names it writes for them (qa/acronyms.py)."""
        return acronyms.readings(*("\n".join(p.text for p in self.store.in_lang(lang)) for lang in ("en", "zh")))

    def understand(self, question: str, lang: str, history: object, scorer: Scorer | None = None,
                   foreign: bool = False) -> Search:
        """The question as it will be answered: alone, or (a follow-up) with the turns it leans on
        and the paragraphs the earlier answer cited. scorer: eval.tune passes the one it is fitting."""
        scorer = scorer or self.extractive.scorer
        earlier = conversation.turns(history)
        pending = self.embedder.submit(question)  # BM25 and the name scan read the question while it is embedded
        naming = self.naming(question, lang, foreign)
        part = None if foreign else self.named(question, lang)
        found = self.subject_first(self.hits(question, lang, pending, foreign, deep=part is not None), naming)
        alone = self.part_first(found, part, lang)
        vector = pending()
        if not earlier:
            return Search(question, None, vector, alone)
        known = not foreign and names_known(question, lang, self.store)
        related = float(self.embedder.query_vector(earlier[-1].question) @ vector)
        # how well the question finds the paper by itself, before a part it names is put first: "换个话题：展望
        # 未来，…" finds the outlook's paragraphs by their meaning, and BM25 none of them
        signals = conversation.signals(question, lang, earlier, found, known, related)
        if scorer.followup_prob(signals) < 0.5:
            return Search(question, None, vector, alone, signals=signals)
        thread = conversation.thread(earlier)
        standalone = " ".join([*thread, question])
        with_context = self.thread_vector(thread, vector)
        # subtle: the earlier question's words can drown the new one's, so the hits of both searches
        # take turns, and the earlier answer's paragraphs come after them
        hits = _interleave(self.hits(standalone, lang, with_context, foreign), alone)
        boosted = conversation.neighbours(earlier, self.store.paragraphs, lang)
        seen = {h.paragraph.id for h in hits}
        hits += [Hit(self.store.paragraphs[pid], 0.0) for pid in boosted if pid not in seen]
        seen_quotes = conversation.quoted(earlier, lang) if conversation.asks_for_more(question, lang) else ()
        # "Why?" after an answer asks for the reason of what was just quoted: the reason next to it
        explains = conversation.quoted(earlier, lang) if conversation.asks_why(question, lang) else ()
        return Search(standalone, question, with_context, hits, tuple(boosted), signals, vector, seen_quotes,
                      explains=explains)

    def thread_vector(self, thread: list[str], vector: np.ndarray) -> np.ndarray:
        """A follow-up's search vector: the earlier questions' vectors (each embedded at its own turn, so
        remembered) and the follow-up's own, which weighs the more. Embedding the thread and the question
        as one text, as before, found the same dev items and cost a second embedding of the longest text
        a turn has: dev conversations' p50 34 -> 16 ms. settings.thread_weight is the thread's weight."""
        earlier = sum(self.embedder.query_vector(q) for q in thread)
        both = self.settings.thread_weight * earlier / np.linalg.norm(earlier) + vector
        return both / np.linalg.norm(both)

    def naming(self, question: str, lang: str, foreign: bool) -> list[Paragraph]:
        """The paragraphs (in lang, in the paper's order) that name the subject a broad question names
        ("What has China done in Cambodia?"); none for other questions. See subject_first()."""
        asked = None if foreign else analyse(question, lang)
        return [p for p in self.store.in_lang(lang) if names_subject(p, asked, self.store)] if asked and asked.subject else []

    @staticmethod
    def subject_first(hits: list[Hit], naming: list[Paragraph]) -> list[Hit]:
        """A broad question about a named subject also gets every paragraph that names it, after the
        question's own hits, in the paper's order: those passages are spread over the paper (Cambodia is
        named in a dozen), a search returns its top few, and the question's other words ("done",
        "projects") find the wrong ones. (A second search for the name alone, interleaved, was measured
        on dev: the same 229 of 278 items right, one embedding more.)"""
        seen = {h.paragraph.id for h in hits}
        return hits + [Hit(p, 0.0) for p in naming if p.id not in seen]

    def named(self, question: str, lang: str) -> tuple[int, int] | None:
        """The part of the paper the question names, as (chapter, section), section 0 for a whole chapter:
        by its name or number (qa/parts.py: named_part), else by its subject, read against the titles of
        the edition's chapters and sections ("讲生态环保那一节时…" -> 4.8 支持生态环保)."""
        part = named_part(question, lang)
        if part is not None:
            return part, 0
        return named_subject_part(question, lang, self.titles[lang], lambda text: sentence_terms(text, lang))

    @cached_property
    def titles(self) -> dict[str, dict[tuple[int, int], str]]:
        """Each edition's chapter and section titles by (chapter, section), section 0 for a chapter's: read
        once, not on every question."""
        return {lang: {(p.chapter, p.section): p.section_title if p.section else p.chapter_title
                       for p in self.store.in_lang(lang) if p.chapter in CHAPTERS} for lang in ("en", "zh")}

    def part_first(self, hits: list[Hit], part: tuple[int, int] | None, lang: str) -> list[Hit]:
        """A question that names a part of the paper ("According to the conclusion, …", "前言里…", "讲生态环保
        那一节时…") is answered from that part: its own hits there, then (a short part: the preface, the
        conclusion, most sections) the part's other paragraphs in the paper's order. A long chapter none of
        whose paragraphs the search found keeps the hits it has (reading 33 paragraphs whole is not a search)."""
        if part is None:
            return hits
        chapter, section = part
        ids = [p.id for p in self.store.in_lang(lang) if p.chapter == chapter and section in (0, p.section)]
        inside = [h for h in hits if h.paragraph.id in ids]
        seen = {h.paragraph.id for h in inside}
        rest = [Hit(self.store.paragraphs[pid], 0.0) for pid in ids if pid not in seen] if len(ids) <= SHORT_PART else []
        return (inside + rest) or hits

    def hits(self, text: str, lang: str, vector: np.ndarray | Callable[[], np.ndarray], foreign: bool = False,
             deep: bool = False) -> list[Hit]:
        """vector: the text's, or the function that waits for it (qa.retrieve scores BM25 first).
        The embedder's own failure goes on as it is: it is not the store's. deep: as many hits as a broad
        question gets, for a question naming a part of the paper, which keeps only the part's hits ("展望
        未来，…" found one paragraph of the outlook's 15 among the first eight)."""
        embedding_failed: list[Exception] = []

        def waited() -> np.ndarray:
            try:
                return vector() if callable(vector) else vector
            except Exception as err:
                embedding_failed.append(err)
                raise

        try:
            broad = not foreign and analyse(text, lang).broad
            return self.retriever.retrieve(text, lang, waited, foreign, self.settings.broad_top_k if broad or deep else None)
        except StoreError as err:
            raise StoreProblem(str(err)) from err
        except Exception as err:  # Chroma raises many types when its server or files go away
            if embedding_failed:
                raise embedding_failed[0] from None
            raise StoreProblem(_unsearchable(self.settings)) from err

    def ask(self, question: str, lang: str, history: object, foreign: bool = False) -> Answer:
        """lang: the edition's language; foreign: the question is in another (French, …)."""
        found = self.understand(question, lang, history, foreign=foreign)
        standalone = found.standalone
        result = self.extractive.answer(standalone, lang, found.hits, found.query_vector, focus=found.focus,
                                        earlier=found.earlier, focus_vector=found.focus_vector, foreign=foreign,
                                        avoid=found.avoid, explains=found.explains)
        if found.signals:
            result.meta["followup"] = {"follow_up": found.focus is not None, **found.signals}
        if self.generative is not None and result.status == "answered":
            result = self.generative.answer(standalone, lang, found.hits, fallback=result)
        return replace(result, question=question, standalone_question=standalone)


@dataclass(frozen=True)
class Search:
    standalone: str  # the question as retrieved, after follow-up resolution
    focus: str | None  # a follow-up's own words (None for a question asked alone)
    query_vector: np.ndarray
    hits: list[Hit]
    earlier: tuple[str, ...] = ()  # paragraphs the earlier answer cited, and their neighbours
    signals: dict = field(default_factory=dict)  # the follow-up features, when there was history
    focus_vector: np.ndarray | None = None  # a follow-up's own words embedded alone
    avoid: tuple[tuple[str, int, int], ...] = ()  # "What else …?": spans the earlier answer quoted
    explains: tuple[tuple[str, int, int], ...] = ()  # "Why?": the spans whose reason is asked


def _interleave(first: list[Hit], second: list[Hit]) -> list[Hit]:
    """Example: ([a, b], [c, a]) -> [a, c, b]: each paragraph once, the two rankings taking turns."""
    out: dict[str, Hit] = {}
    for pair in zip(first, second, strict=False):
        for h in pair:
            out.setdefault(h.paragraph.id, h)
    for h in first[len(second):] + second[len(first):]:
        out.setdefault(h.paragraph.id, h)
    return list(out.values())


def _unsearchable(settings: Settings) -> str:
    if settings.chroma_url:
        return f"The Chroma server at {settings.chroma_url} did not answer: check that `chroma run` is up."
    return (f"The store at {settings.store_dir} could not be searched just now: "
            "restart to rebuild it, or run `wpqa store build --rebuild`.")


def _key(settings: Settings) -> tuple:
    llm = (settings.llm_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout_s,
           settings.llm_context_tokens) if settings.llm_url else None  # subtle: any change needs a new client
    # the embedder remembers query vectors only with the answer cache; its thread count is its own: a
    # pipeline opened with the adaptive policy would serve `eval.tune`'s one-thread refit vectors whose
    # last bits follow the load (a refit in the test suite then missed the committed file now and then)
    return (settings.location, settings.collection, settings.fusion_mode, settings.top_k, settings.broad_top_k, settings.dense_weight,
            settings.thread_weight, llm,
            settings.answer_cache, settings.embed_threads)


def prepare(settings: Settings | None = None, progress: bool = True, warm: bool = False) -> Pipeline:
    """Open (building if needed) the store and the pipeline for these settings; idempotent.

    Both are kept in store.caches (the one owner of what the process keeps between questions).
    warm: a server's start: every paragraph's spans are made before the pipeline is handed to anyone
    (a question asked meanwhile waits for it; see ExtractiveAnswerer.warm).
    """
    settings = settings or Settings.from_env()
    if files_gone(settings) and ready(settings):
        # subtle: Chroma may go on reading the deleted files through handles it holds, or fail on the next
        # one it opens ("Failed to get segments", as a CI run did): either way the store is rebuilt now
        forget(settings)

    def open_pipeline() -> Pipeline:
        try:
            store = caches.STORES.get((settings.location, settings.collection),
                                      lambda: open_store(settings, progress=progress))
        except StoreError as err:
            raise StoreProblem(str(err)) from err
        pipeline = Pipeline(settings, store, E5Embedding(threads=settings.embed_threads,
                                                             remember=settings.answer_cache))
        if warm:
            pipeline.extractive.warm()
        return pipeline

    return caches.PIPELINES.get(_key(settings), open_pipeline)


def ready(settings: Settings | None = None) -> bool:
    return caches.PIPELINES.peek(_key(settings or Settings.from_env())) is not None


def forget(settings: Settings | None = None) -> None:
    """Drop everything opened for this store (pipeline, store, answers, Chroma client), so the next
    question opens (and heals) them afresh."""
    caches.forget((settings or Settings.from_env()).location)


def answer(question: str, history: list | None = None, *, settings: Settings | None = None,
           lang: str | None = None) -> Answer:
    """Answer a question about the white paper with verbatim, cited quotes.

    history: the earlier turns, oldest first, as question strings, Answers or (question, Answer)
    pairs; with answers, a follow-up builds on the paragraphs they cited.

    Bad input comes back as an Answer with mode="message"; store trouble raises QAError.
    """
    started = time.perf_counter()
    settings = settings or Settings.from_env()
    result = _answer(question, history, settings, lang)
    return replace(result, latency_ms=round((time.perf_counter() - started) * 1000, 1))


def replay(history: list[str] | tuple[str, ...], settings: Settings | None = None) -> list[tuple[str, Answer]]:
    """Earlier questions asked in order, each with the turns before it, as the chat keeps them:
    (question, Answer) pairs, so that a follow-up can build on what was answered."""
    turns: list[tuple[str, Answer]] = []
    for earlier in history:
        turns.append((earlier, answer(earlier, list(turns), settings=settings)))
    return turns


def _answer(question: object, history: list | None, settings: Settings, lang: str | None) -> Answer:
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
    key = _cache_key(settings, asked, text, history)
    cached = caches.ANSWERS.peek(key) if settings.answer_cache else None
    pipeline = prepare(settings)
    readable = _within(pipeline.readable(text, asked), pipeline.embedder)
    result = cached or pipeline.ask(readable, edition(asked), _earlier(history, settings, pipeline),
                                    foreign=is_foreign(asked))
    if cached is None and settings.answer_cache and not result.notice:  # subtle: a notice (model fallback) may not last
        caches.ANSWERS.put(key, result)
    region = next((variant(t) for t in [text, *reversed(earlier)] if is_traditional(t)), "tw")
    return localise(replace(result, question=cleaned), asked, region)


def _cache_key(settings: Settings, asked: str, text: str, history: object) -> tuple:
    """What the answer cache keys on: the question as the pipeline reads it (white space folded; case
    and punctuation kept, since capitals mark names) and each earlier turn with what it answered.

    Example: ("/store", …, "en", "How many teams?", (("And Africa?", "Teams …", ("en-4.3-04",)),))
    """
    turns = tuple((" ".join(t.question.split()), t.answer.text if t.answer else None, t.cited)
                  for t in conversation.turns(history))
    return (*_key(settings), asked, " ".join(text.split()), turns)


def _heads(history: object) -> list[str]:
    """The earlier questions' first 500 characters, cleaned: enough to tell their language and script."""
    return [clean_question(t.question[:500]) for t in conversation.turns(history)]


def _earlier(history: object, settings: Settings, pipeline: Pipeline) -> list[tuple[str, Answer | None]]:
    """The last turns as (question, answer) pairs: each question cleaned, read in Simplified and cut
    to HISTORY_TOKENS (it is only context); history may hold strings, Answers or (question, Answer) pairs."""
    kept = []
    for turn in conversation.turns(history):
        text = _TAG.sub(" ", clean_question(turn.question[: settings.max_question_chars])).strip()
        if text:
            read = pipeline.expanded(pipeline.simplified(text), detect_lang(text))
            kept.append((_within(read, pipeline.embedder, HISTORY_TOKENS), turn.answer))
    return kept


def _within(text: str, embedder: E5Embedding, tokens: int = WINDOW_TOKENS) -> str:
    """The longest prefix of text that the embedder reads as at most `tokens` tokens.

    e5 reads 512 tokens at a time and embeds longer text window by window (about a second
    each on a small CPU), so 2,000 Han characters would cost four windows for no better answer.
    Text of at most (tokens - 16) / 2 characters (as the engine reads them, NFKC) is not tokenised
    (0.3 ms a question): e5's SentencePiece pieces each cover at least one character, so it reads at
    most one token per character plus its "query: " prefix and specials (measured: at most characters
    + 6, on every question, paragraph and 3,000 random strings of many scripts).
    """
    if 2 * len(engine_text(text)) + 16 <= tokens:
        return text
    count = embedder.token_count
    if count(text) <= tokens:
        return text
    low, high = 0, len(text)  # invariant: text[:low] fits, text[:high + 1] does not
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if count(text[:middle]) <= tokens else (low, middle - 1)
    return text[:low].strip()


__all__ = ["QAError", "answer", "forget", "prepare", "ready", "replay"]
