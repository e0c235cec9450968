"""Default answerer: the sentences of the top paragraphs that answer best, quoted verbatim.

No language model: sentences are scored against the question by meaning (their
precomputed embeddings), by shared words, and by what kind of answer is wanted (a
"how many" question wants a sentence with a number; "which countries" wants a list).
When the evidence is weak, or the question names something the paper never mentions,
it abstains and offers the nearest passages as related reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from qa.abstain import Evidence, should_abstain
from qa.quotes import cite
from qa.text import content_terms, numbers_in, sentence_terms
from qa.types import Answer, Citation, Hit, Related
from store.load import Store

_NUMBER_Q = re.compile(
    r"\b(how (many|much|long|large|big)|what (number|amount|share|percentage|proportion|year)|when|"
    r"which year|total|number of)\b|多少|几|何时|哪一年|哪年|什么时候|数量|规模|总额|比例", re.I)
_LIST_Q = re.compile(r"\b(which|what) (countries|nations|organi[sz]ations|areas|fields|projects|regions)\b|"
                     r"\blist\b|\bname (the|some)\b|哪些|哪几个", re.I)
_DIGIT = re.compile(r"\d|[一二三四五六七八九十百千万亿]+(?:个|名|所|项|批|次|国|年)")
_SHORT_SENTENCE_CHARS = {"en": 40, "zh": 14}  # bullet lead-ins like "Send volunteers." carry no fact
MAX_QUOTES = 3


@dataclass(frozen=True)
class Candidate:
    paragraph_rank: int
    hit: Hit
    start: int
    end: int
    score: float
    terms: frozenset[str]


class ExtractiveAnswerer:
    def __init__(self, store: Store, paragraphs_considered: int = 5):
        self.store = store
        self.considered = paragraphs_considered

    def answer(self, question: str, lang: str, hits: list[Hit], query_vector: np.ndarray,
               focus: str | None = None) -> Answer:
        """focus: the part of a follow-up that is new (its terms weigh most)."""
        terms = content_terms(focus or question, lang)
        candidates = self._candidates(question, lang, hits, query_vector, terms)
        evidence = Evidence.gather(question, lang, hits, candidates[0].score if candidates else 0.0,
                                   self.store, terms)
        if not candidates or should_abstain(evidence):
            return abstention(question, lang, hits, self.store, evidence.as_dict())
        chosen = self._choose(candidates, terms)
        citations = [cite(n, c.hit.paragraph, c.start, c.end, self.store) for n, c in enumerate(chosen, 1)]
        return Answer(question=question, text=compose(citations, lang), citations=tuple(citations),
                      lang=lang, meta=evidence.as_dict())

    def _candidates(self, question: str, lang: str, hits: list[Hit], qvec: np.ndarray,
                    terms: list[str]) -> list[Candidate]:
        wants_number = bool(_NUMBER_Q.search(question))
        wants_list = bool(_LIST_Q.search(question))
        q_numbers = numbers_in(question)
        term_set = set(terms)
        out: list[Candidate] = []
        for rank, hit in enumerate(hits[: self.considered]):
            rows = self.store.sentence_rows.get(hit.paragraph.id, [])
            if not rows:
                continue
            sims = self.store.sentence_vectors[rows] @ qvec
            for row, sim in zip(rows, sims, strict=True):
                _, start, end = self.store.sentence_ids[row]
                start, end = self._extend_lead_in(hit.paragraph, start, end, lang)
                text = hit.paragraph.text[start:end]
                words = sentence_terms(text, lang)
                overlap = len(term_set & words) / len(term_set) if term_set else 0.0
                score = float(sim) + 0.5 * overlap + 0.06 / (1 + rank) + 0.08 * hit.score
                if wants_number and _DIGIT.search(text):
                    score += 0.06
                if wants_list and (text.count(",") + text.count("、")) >= 3:
                    score += 0.05
                if q_numbers:
                    score += 0.08 * len(q_numbers & numbers_in(text)) / len(q_numbers)
                out.append(Candidate(rank, hit, start, end, score, frozenset(term_set & words)))
        return sorted(out, key=lambda c: c.score, reverse=True)

    def _extend_lead_in(self, paragraph, start: int, end: int, lang: str) -> tuple[int, int]:
        """A bullet's short lead-in sentence ("Send volunteers.") is quoted with the sentence after it."""
        if end - start >= _SHORT_SENTENCE_CHARS[lang]:
            return start, end
        following = [s for s in paragraph.sentences if s[0] >= end]
        return (start, following[0][1]) if following else (start, end)

    def _choose(self, candidates: list[Candidate], terms: list[str]) -> list[Candidate]:
        best = candidates[0]
        chosen = [best]
        covered = set(best.terms)
        for c in candidates[1:]:
            if len(chosen) == MAX_QUOTES or c.score < best.score - 0.08:
                break
            overlaps = any(c.hit.paragraph.id == o.hit.paragraph.id and c.start < o.end and o.start < c.end
                           for o in chosen)
            if overlaps or not (c.terms - covered):
                continue
            chosen.append(c)
            covered |= c.terms
        # reading order: by paragraph position, then by offset
        return sorted(chosen, key=lambda c: (c.hit.paragraph.position, c.start))


def compose(citations: list[Citation], lang: str) -> str:
    """Example: one English citation -> 'According to the white paper, “…” [1]'."""
    if lang == "zh":
        return "白皮书指出：" + "".join(f"“{c.quote}”[{c.n}]" for c in citations)
    quotes = " ".join(f"“{c.quote}” [{c.n}]" for c in citations)
    return f"According to the white paper, {quotes}"


def abstention(question: str, lang: str, hits: list[Hit], store: Store, meta: dict | None = None,
               reason: str = "") -> Answer:
    related = tuple(Related(h.paragraph.id, h.paragraph.lang, h.paragraph.path, h.paragraph.text)
                    for h in hits[:3])
    if lang == "zh":
        text = "白皮书没有涉及这个问题。" + ("以下段落与之相关，但并未回答它。" if related else "")
    else:
        text = "The white paper does not address this question." + (
            " The passages below are the closest it comes, but they do not answer it." if related else "")
    return Answer(question=question, text=text, abstained=True, lang=lang, related=related,
                  meta={**(meta or {}), "abstain_reason": reason or (meta or {}).get("abstain_reason", "")})
