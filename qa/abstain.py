"""Whether the evidence answers the question at all, from several signals together.

A similarity threshold alone does not work here: the best cosine of questions the paper
cannot answer falls inside the range of answerable ones. So: a question that names
something the paper never mentions (a year, an amount, a country, an organisation)
cannot be answered from it; otherwise the question's topic words must be found in the
top paragraphs, and the dense and sentence scores must not both be weak.
Thresholds were calibrated on eval/questions.jsonl (see README, "Quality").
"""

from __future__ import annotations

import re
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


# Category words that a paraphrase may add to a name the paper spells otherwise
# ("Cyclone Idai" for its "Hurricane Idai"): their absence alone proves nothing.
_GENERIC = frozenset("""cyclone hurricane typhoon storm earthquake flood forum summit conference meeting bank fund
    university college institute institutes school project projects programme program plan agency ministry
    port park zone initiative centre center hospital road railway bridge dam airport plant station""".split())
_INITIALISM_SKIP = frozenset({"of", "and", "the", "for", "on", "in", "to"})
_NAME_RUN = re.compile(r"[A-Z][A-Za-z\-'’]*(?:\s+(?:(?:of|and|the|for|on)\s+)*[A-Z][A-Za-z\-'’]*)+")


def _in_paper(term: str, lang: str, store: Store) -> bool:
    vocab = _vocabulary(store, lang)
    if term.replace(",", "").replace(".", "").isdigit():
        return term.replace(",", "") in vocab.numbers
    if lang == "zh":
        return term in vocab.text
    return all(_word_in_paper(w, vocab) for w in re.split(r"[\s\-]+", term) if w)


def _word_in_paper(word: str, vocab: _Vocabulary) -> bool:
    """Example: "Cambodian" is in a paper that says "Cambodia"; "CIDCA" in one that spells the agency out."""
    letters = re.sub(r"[^A-Za-z]", "", word)
    capitals = re.sub(r"[^A-Z]", "", letters)
    if len(capitals) >= 2 and len(capitals) >= len(letters) - 2:  # an acronym: IAEA, AfDB, MoUs, PhD
        return len(capitals) < 3 or capitals in vocab.initialisms \
            or (len(capitals) >= 4 and capitals[1:] in vocab.initialisms) \
            or letters.lower() in vocab.words
    w = letters.lower()
    if not w or w in _GENERIC or w in vocab.words:
        return True
    stem = w[: min(len(w), max(5, len(w) - 3))]  # Cambodian -> cambod, Bangladeshi -> banglade
    return any(v.startswith(stem) for v in vocab.words)


@dataclass(frozen=True)
class _Vocabulary:
    text: str
    words: frozenset[str]
    numbers: frozenset[str]
    initialisms: frozenset[str]  # capital initials of every run of 2-6 words: "IAEA", "IDCA"


@lru_cache(maxsize=4)
def _vocabulary(store: Store, lang: str) -> _Vocabulary:
    parts = [p.text for p in store.paragraphs.values() if p.lang == lang]
    parts += [f"{p.chapter_title} {p.section_title}" for p in store.paragraphs.values() if p.lang == lang]
    text = "\n".join(parts)
    words = re.findall(r"[A-Za-z]+", text)
    initialisms: set[str] = set()
    for run in _NAME_RUN.finditer(text):  # only names spelled out in capitals can stand behind an acronym
        for word_pattern in (r"[A-Za-z]+", r"[A-Za-z][A-Za-z\-'’]*"):  # "Inter-American" gives I or IA
            caps = [w[0].upper() for w in re.findall(word_pattern, run.group(0)) if w.lower() not in _INITIALISM_SKIP]
            initialisms |= {"".join(caps[i:i + n]) for i in range(len(caps)) for n in range(2, 7)}
    return _Vocabulary(text.lower() if lang == "en" else text, frozenset(w.lower() for w in words),
                       frozenset(numbers_in(text)), frozenset(initialisms))
