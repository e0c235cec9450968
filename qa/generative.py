"""Optional answerer: a language model writes the answer, and every quote in it is checked.

Unlike extractive.py, the words come from a model behind an OpenAI-compatible
endpoint (settings.llm_url), so none of them is trusted. The model sees the top
paragraphs numbered [1]..[k] and must quote them as “…” [n]; each quote is looked up
in paragraph n's stored text (qa.quotes), replaced in the answer by that exact text,
and renumbered. A quote that is not found is cut out and counted in the notice. The
extractive answer comes back instead, with a notice, when the endpoint fails, times
out or sends garbage, or when no quote survives: this answerer never raises for the
model's faults and never shows a quote it could not find.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import openai
from llama_index.core.base.llms.types import ChatMessage
from llama_index.core.utils import get_tokenizer
from llama_index.llms.openai_like import OpenAILike

from qa.prompts import render
from qa.quotes import ELLIPSIS, cite, locate, locate_fragments
from qa.types import Answer, Citation, Hit
from store.load import Store
from store.paragraphs import Paragraph
from store.settings import Settings

ANSWER_TOKENS = 600  # room for the reply
INSTRUCTION_TOKENS = 1000  # room for prompts/answer.txt and the question around the paragraphs
LANGUAGES = {"en": "English", "zh": "Chinese (简体中文)"}
REMOVED = {"en": "[unverified quote removed]", "zh": "[未能核实的引文已删除]"}
MIN_FRAGMENT_CHARS = {"en": 12, "zh": 4}  # an ellipsis must not stitch a claim out of stray words
_PAIRS = {"”": "“", "」": "「", "』": "『", "’": "‘", '"': '"'}  # closing mark -> opening mark
_MARKERS = re.compile(r"(?:[ \t]*[\[【][ \t]*\d+(?:[ \t]*[,，、][ \t]*\d+)*[ \t]*[\]】])+")
_BEFORE_MARKER = re.compile(r"[ \t]*[.,;:。，；：]?[ \t]*$")  # allowed between a closing mark and [n]
_UNMARKED = re.compile(r"“(?:[^“”]|“[^“”]*”)+”|「[^「」]+」|『[^『』]+』|\"[^\"\n]+\"")


class ModelFailed(Exception):
    """The endpoint gave no usable reply; the message is a short reason for the notice."""


@dataclass(frozen=True)
class Checked:
    text: str  # the reply with verified quotes in stored wording, [1]..[m], and the rest cut out
    citations: tuple[Citation, ...]
    removed: int  # quotes that could not be found and were cut out


class GenerativeAnswerer:
    def __init__(self, settings: Settings, store: Store):
        self.settings, self.store = settings, store
        self._encode = get_tokenizer()  # LlamaIndex's bundled tiktoken; tiktoken alone would download
        self.llm = OpenAILike(
            model=settings.llm_model, api_base=settings.llm_url, api_key=settings.llm_api_key,
            timeout=settings.llm_timeout_s, max_retries=0, is_chat_model=True, temperature=0.0,
            max_tokens=ANSWER_TOKENS,
            context_window=settings.llm_context_tokens + INSTRUCTION_TOKENS + ANSWER_TOKENS,
        )

    def answer(self, question: str, lang: str, hits: list[Hit], fallback: Answer) -> Answer:
        stored = [self.store.paragraphs[h.paragraph.id] for h in hits if h.paragraph.id in self.store.paragraphs]
        packed = pack(stored, self.settings.llm_context_tokens, self.count_tokens)
        if not packed:
            return self._fall_back(fallback, "no paragraph fits in llm_context_tokens; showing the "
                                             "extractive answer.")
        prompt = render("answer", question=question, paragraphs=numbered(packed),
                        language=LANGUAGES[lang])
        try:
            reply = self._ask(prompt)
        except ModelFailed as err:
            return self._fall_back(fallback, f"The language model at {self.settings.llm_url} did not "
                                             f"answer ({err}); showing the extractive answer.")
        checked = check_reply(reply, packed, self.store, lang)
        meta = {**fallback.meta, "llm": {"paragraphs": [p.id for p in packed], "reply": reply,
                                         "removed": checked.removed}}
        if not checked.citations:
            return self._fall_back(fallback, _nothing_verified(checked.removed), meta)
        return Answer(question=question, text=checked.text, citations=checked.citations, lang=lang,
                      mode="generative", notice=_removed_notice(checked.removed), meta=meta)

    def count_tokens(self, text: str) -> int:
        return len(self._encode(text))

    def _ask(self, prompt: str) -> str:
        try:
            response = self.llm.chat([ChatMessage(role="user", content=prompt)])
        except Exception as err:  # the client raises many types: timeouts, HTTP errors, unreadable bodies
            raise ModelFailed(self._reason(err)) from err
        content = response.message.content
        if not isinstance(content, str) or not content.strip():
            raise ModelFailed("empty reply")
        return content

    def _reason(self, err: Exception) -> str:
        if isinstance(err, openai.APITimeoutError):  # subtle: a subclass of APIConnectionError
            return f"no reply within {self.settings.llm_timeout_s:g} s"
        if isinstance(err, openai.APIStatusError):
            return f"HTTP {err.status_code}"
        if isinstance(err, openai.APIConnectionError):
            return "could not connect"
        return f"unreadable reply, {type(err).__name__}"

    def _fall_back(self, fallback: Answer, notice: str, meta: dict | None = None) -> Answer:
        return replace(fallback, notice=notice, meta=meta or fallback.meta)


def pack(paragraphs: list[Paragraph], budget: int, count_tokens) -> list[Paragraph]:
    """The paragraphs, best first, that fit in `budget` tokens once numbered; too-long ones are skipped."""
    packed: list[Paragraph] = []
    for paragraph in paragraphs:
        trial = [*packed, paragraph]
        if paragraph not in packed and count_tokens(numbered(trial)) <= budget:
            packed = trial
    return packed


def numbered(paragraphs: list[Paragraph]) -> str:
    """Example: two paragraphs -> "[1] First text.\\n\\n[2] Second text." """
    return "\n\n".join(f"[{n}] {p.text}" for n, p in enumerate(paragraphs, 1))


def check_reply(reply: str, packed: list[Paragraph], store: Store, lang: str) -> Checked:
    """Verify every quote in reply against the packed paragraphs; renumber the ones found, cut the rest.

    Example: '“two seasons” [3]' with "…two seasons…" in packed[2] -> '“two seasons” [1]'.
    """
    out: list[str] = []
    citations: list[Citation] = []
    removed, cursor = 0, 0
    for marker in _MARKERS.finditer(reply):
        close = _closing_mark(reply, cursor, marker.start())
        if close is None:  # a marker with no quote before it: its number means nothing to the reader
            continue
        opening, spans = _claim(reply, cursor, close, _numbers(marker.group()), packed, lang)
        if opening is None:
            continue
        prose, cut = _unmarked(reply[cursor:opening], packed, lang)
        out.append(prose)
        removed += cut
        if spans is None:
            out.append(REMOVED[lang])
            removed += 1
        else:
            paragraph, parts = spans
            new = [cite(len(citations) + i, paragraph, a, b, store) for i, (a, b) in enumerate(parts, 1)]
            citations.extend(new)
            out.append(_quoted(reply[opening], reply[close], new, lang) + reply[close + 1:marker.start()].strip())
        cursor = marker.end()
    prose, cut = _unmarked(reply[cursor:], packed, lang)
    return Checked("".join([*out, prose]).strip(), tuple(citations), removed + cut)


def _closing_mark(reply: str, cursor: int, marker_at: int) -> int | None:
    """Index of the closing quotation mark just before a marker (punctuation may sit between)."""
    gap = _BEFORE_MARKER.search(reply, cursor, marker_at)
    at = (gap.start() if gap else marker_at) - 1
    return at if at >= cursor and reply[at] in _PAIRS else None


def _claim(reply: str, cursor: int, close: int, numbers: list[int], packed: list[Paragraph],
           lang: str) -> tuple[int | None, tuple[Paragraph, list[tuple[int, int]]] | None]:
    """Where the quote ending at `close` opens, and its spans if it is found in a cited paragraph.

    subtle: quotes nest (the English text itself has "Belt and Road" in straight quotes),
    so each well-formed opening is tried, longest quote first, and the text decides.
    """
    openings = [i for i in range(cursor, close) if _well_formed(reply, i, close)]
    for opening in openings:
        found = _find(reply[opening + 1:close], numbers, packed, lang)
        if found is not None:
            return opening, found
    return (openings[0] if openings else None), None


def _well_formed(reply: str, opening: int, close: int) -> bool:
    closer = reply[close]
    opener = _PAIRS[closer]
    if reply[opening] != opener or opening + 1 >= close:
        return False
    inner = reply[opening + 1:close]
    if opener == closer:
        return inner.count(opener) % 2 == 0
    depth = 0
    for ch in inner:
        depth += (ch == opener) - (ch == closer and closer != "’")  # subtle: ’ is also an apostrophe
        if depth < 0:
            return False
    return depth == 0 or closer == "’"


def _find(quote: str, numbers: list[int], packed: list[Paragraph],
          lang: str) -> tuple[Paragraph, list[tuple[int, int]]] | None:
    """The first cited paragraph that holds the quote, and the quote's spans in it."""
    for n in numbers:
        if 1 <= n <= len(packed):
            spans = _spans(packed[n - 1].text, quote, lang)
            if spans:
                return packed[n - 1], spans
    return None


def _spans(text: str, quote: str, lang: str) -> list[tuple[int, int]] | None:
    """Spans of the quote in text; a full stop the model added at the end is forgiven."""
    for candidate in dict.fromkeys([quote, quote.rstrip(" .,;:。，；：")]):
        if not ELLIPSIS.search(candidate):
            span = locate(text, candidate)
            if span:
                return [span]
        elif all(len(p.strip()) >= MIN_FRAGMENT_CHARS[lang] for p in ELLIPSIS.split(candidate) if p.strip()):
            spans = locate_fragments(text, candidate)
            if spans:
                return spans
    return None


def _unmarked(prose: str, packed: list[Paragraph], lang: str) -> tuple[str, int]:
    """Prose between cited quotes: quotes in it stay only if some packed paragraph holds them."""
    removed = 0

    def keep_or_cut(match: re.Match) -> str:
        nonlocal removed
        if any(locate(p.text, match.group()[1:-1]) for p in packed):
            return match.group()
        removed += 1
        return REMOVED[lang]

    text = _UNMARKED.sub(keep_or_cut, _MARKERS.sub("", prose))
    return text, removed


def _quoted(opener: str, closer: str, citations: list[Citation], lang: str) -> str:
    """A verified quote in the stored wording, e.g. “A … B” [1][2]."""
    joiner = "……" if lang == "zh" else " … "
    space = "" if lang == "zh" else " "
    markers = "".join(f"[{c.n}]" for c in citations)
    return f"{opener}{joiner.join(c.quote for c in citations)}{closer}{space}{markers}"


def _numbers(markers: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", markers)]


def _removed_notice(removed: int) -> str:
    if not removed:
        return ""
    what = "1 quote" if removed == 1 else f"{removed} quotes"
    return f"{what} from the language model could not be found in the white paper and removed."


def _nothing_verified(removed: int) -> str:
    if removed:
        return (f"None of the language model's quotes could be found in the white paper ({removed} "
                "removed); showing the extractive answer.")
    return "The language model's answer quoted nothing from the white paper; showing the extractive answer."
