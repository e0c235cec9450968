"""Whether the evidence answers the question at all, from several signals together.

A similarity threshold alone does not work here: the best cosine of questions the paper
cannot answer falls inside the range of answerable ones. So: a question that names
something the paper never mentions (a year, an amount, a country, an organisation)
cannot be answered from it; otherwise the question's topic words must be found in the
top paragraphs, and the dense and sentence scores must not both be weak.
Thresholds were calibrated on eval/questions.jsonl (see README, "Quality").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache

from qa.text import numbers_in, sentence_terms, specific_terms
from qa.types import Hit
from store.load import Store

MIN_COVERAGE = 0.5  # share of the question's topic words found in the top paragraphs
WEAK_DENSE = 0.84  # below this best cosine, the match is by wording alone
WEAK_SENTENCE = 1.05  # best sentence score (cosine + overlap bonus) below this is weak
COVERAGE_PARAGRAPHS = 3


@dataclass(frozen=True)
class Evidence:
    missing_terms: tuple[str, ...]  # specific terms of the question the paper never mentions
    coverage: float  # share of topic words present in the top paragraphs
    top_dense: float
    top_bm25: float
    best_sentence: float
    topic_terms: int

    @classmethod
    def gather(cls, question: str, lang: str, hits: list[Hit], best_sentence: float, store: Store,
               terms: list[str]) -> Evidence:
        missing = tuple(t for t in specific_terms(question, lang) if not _in_paper(t, lang, store))
        top = hits[:COVERAGE_PARAGRAPHS]
        present: set[str] = set()
        for h in top:
            present |= sentence_terms(h.paragraph.text, lang)
        coverage = len(set(terms) & present) / len(set(terms)) if terms else 0.0
        return cls(missing, round(coverage, 3), round(max((h.dense for h in hits), default=0.0), 4),
                   round(max((h.bm25 for h in hits), default=0.0), 3), round(best_sentence, 4), len(set(terms)))

    def as_dict(self) -> dict:
        return asdict(self)


def should_abstain(e: Evidence) -> bool:
    if e.missing_terms:
        return True
    if e.topic_terms and e.coverage < MIN_COVERAGE and e.top_dense < WEAK_DENSE:
        return True
    return e.best_sentence < WEAK_SENTENCE and e.top_dense < WEAK_DENSE


def reason(e: Evidence, lang: str) -> str:
    if e.missing_terms:
        names = "、".join(e.missing_terms) if lang == "zh" else ", ".join(e.missing_terms)
        return f"白皮书没有提到：{names}" if lang == "zh" else f"the white paper never mentions {names}"
    return "没有找到足够相关的内容" if lang == "zh" else "no passage matches the question closely enough"


def _in_paper(term: str, lang: str, store: Store) -> bool:
    text, nums = _paper_text(store, lang)
    if term.replace(",", "").replace(".", "").isdigit():
        return term.replace(",", "") in nums
    needle = term.lower().removesuffix("'s").removesuffix("’s")
    return needle in text


@lru_cache(maxsize=4)
def _paper_text(store: Store, lang: str) -> tuple[str, frozenset[str]]:
    text = "\n".join(p.text for p in store.paragraphs.values() if p.lang == lang)
    return text.lower(), frozenset(numbers_in(text))
