"""What callers hold: Hit (a retrieved paragraph), Citation (a verified quote), Answer."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from store.paragraphs import Paragraph


@dataclass(frozen=True)
class Hit:
    paragraph: Paragraph  # in the question's language
    score: float  # fused retrieval score, higher is better
    dense: float = 0.0  # cosine similarity of the question to this paragraph (best of both editions)
    bm25: float = 0.0  # BM25 score (best of both editions); 0 = no shared term


@dataclass(frozen=True)
class Citation:
    n: int  # the [n] marker in Answer.text
    paragraph_id: str
    lang: str
    chapter: str  # chapter heading, e.g. "4. Promote the implementation of …"
    section: str  # section heading, "" for a chapter's opening text
    quote: str  # == paragraph_text[start:end], always (checked in qa.quotes)
    start: int
    end: int
    paragraph_text: str
    aligned: dict | None = None  # {"paragraph_id", "lang", "text"} of the other edition, or None
    # The quote in Traditional characters, for a question asked in them: a machine conversion
    # (OpenCC) shown beside the quote, never instead of it; "" otherwise.
    quote_hant: str = ""
    # the other edition's sentence(s) translating the quote's sentence(s):
    # {"paragraph_id", "lang", "start", "end", "text"} (text == that paragraph's [start:end]), or None
    aligned_sentence: dict | None = None
    # store.discrepancies.Discrepancy.to_dict() for each disagreement inside the quote's sentences
    discrepancies: tuple[dict, ...] = ()

    @property
    def path(self) -> str:
        return f"{self.chapter} › {self.section}" if self.section else self.chapter


@dataclass(frozen=True)
class Related:
    """A nearby passage offered with an abstention: shown, never cited as evidence."""

    paragraph_id: str
    lang: str
    path: str
    text: str


def edition(lang: str) -> str:
    """The edition that answers a question in lang. Example: edition("zh-Hant") -> "zh"; edition("fr") -> "en" """
    return "zh" if lang in ("zh", "zh-Hant") else "en"


def is_foreign(lang: str) -> bool:
    """Asked in another language than the editions' (French, …): answered from the English edition, its
    words not the paper's. Example: is_foreign("fr") -> True; is_foreign("zh-Hant") -> False"""
    return lang not in ("en", "zh", "zh-Hant")


STATUSES = ("answered", "partial", "not_found", "message")


@dataclass(frozen=True)
class Answer:
    """status: "answered" (the quotes hold the asked fact), "partial" (the paper discusses the topic
    but not the asked fact; the quotes are context), "not_found", or "message" (bad input)."""

    question: str
    text: str  # the answer, with [n] markers
    citations: tuple[Citation, ...] = ()
    status: str = "answered"
    lang: str = "en"  # language of the question: "en", "zh", "zh-Hant" or one of qa.language.FROM_ENGLISH
    mode: str = "extractive"  # "extractive" | "generative" | "message"
    related: tuple[Related, ...] = ()  # with abstentions: the nearest passages
    notice: str = ""  # e.g. "The language model did not answer; showing the extractive answer."
    standalone_question: str = ""  # the question as retrieved, after follow-up resolution
    latency_ms: float = 0.0
    meta: dict = field(default_factory=dict, compare=False)  # scores and signals, for eval and debugging

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown answer status {self.status!r}: one of {', '.join(STATUSES)}")

    @property
    def edition(self) -> str:
        """The edition quoted and searched: "zh" for Chinese in either script, else "en"."""
        return edition(self.lang)

    @property
    def abstained(self) -> bool:
        """Kept for callers that know two outcomes: True when the paper was searched and had nothing."""
        return self.status == "not_found"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["abstained"] = self.abstained
        data["edition"] = self.edition
        data["citations"] = [asdict(c) for c in self.citations]
        data["related"] = [asdict(r) for r in self.related]
        return data
