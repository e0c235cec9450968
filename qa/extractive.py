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

from qa.abstain import Evidence, reason, should_abstain
from qa.kinds import Kind, classify, fit
from qa.quotes import cite
from qa.text import content_terms, numbers_in, sentence_terms
from qa.types import Answer, Citation, Hit, Related
from store.load import Store

_SHORT_SENTENCE_CHARS = {"en": 40, "zh": 14}  # bullet lead-ins like "Send volunteers." carry no fact
_LEAD_IN_CHARS = {"en": 90, "zh": 25}  # a bullet's first sentence up to this long is its title
_TOO_SHORT = {"en": 25, "zh": 8}  # a quote shorter than this says nothing on its own
# A sentence that starts like this continues the one before ("Among them, grants were …").
_CONTINUES = re.compile(r"^(Among them|Of (which|these|this)|These|This|Including|In particular|其中|包括|这些|此外)",
                        re.I)
# A sentence that starts like this leans on the one before ("It belongs to …").
_POINTS_BACK = re.compile(r"^(It|This|These|They|Such|That|Those|Therefore|Thus|Hence|So)\b|^(其|这|此|该|因此|所以)")
_MAX_QUOTE_CHARS = {"en": 700, "zh": 260}
MAX_QUOTES = 3


@dataclass(frozen=True)
class Candidate:
    paragraph_rank: int
    hit: Hit
    start: int
    end: int
    score: float
    terms: frozenset[str]
    kind: Kind


class ExtractiveAnswerer:
    def __init__(self, store: Store, paragraphs_considered: int = 5):
        self.store = store
        self.considered = paragraphs_considered

    def answer(self, question: str, lang: str, hits: list[Hit], query_vector: np.ndarray,
               focus: str | None = None) -> Answer:
        """focus: the part of a follow-up that is new (its terms weigh most)."""
        terms = content_terms(focus or question, lang)
        context = [t for t in content_terms(question, lang) if t not in terms] if focus else []
        candidates = self._candidates(question, lang, hits, query_vector, terms, context)
        evidence = Evidence.gather(question, lang, hits, candidates[0].score if candidates else 0.0,
                                   self.store, terms)
        if not candidates or should_abstain(evidence):
            return abstention(question, lang, hits, self.store, evidence.as_dict(), reason(evidence, lang))
        chosen = self._choose(candidates, terms)
        citations = [cite(n, c.hit.paragraph, c.start, c.end, self.store) for n, c in enumerate(chosen, 1)]
        return Answer(question=question, text=compose(citations, lang), citations=tuple(citations),
                      lang=lang, meta=evidence.as_dict())

    def _candidates(self, question: str, lang: str, hits: list[Hit], qvec: np.ndarray,
                    terms: list[str], context: list[str]) -> list[Candidate]:
        """context: words of the earlier turns a follow-up leans on; they count half."""
        kind = classify(question, lang, terms)
        weights = {t: 0.5 for t in context} | {t: 1.0 for t in terms}  # word -> weight in the overlap
        total = sum(weights.values())
        q_numbers = numbers_in(question)
        term_set = set(terms)
        out: list[Candidate] = []
        for rank, hit in enumerate(hits[: self.considered]):
            rows = self.store.sentence_rows.get(hit.paragraph.id, [])
            sims = self.store.sentence_vectors[rows] @ qvec if rows else []
            by_start = {self.store.sentence_ids[row][1]: float(sim) for row, sim in zip(rows, sims, strict=True)}
            for start, end in self._spans(hit.paragraph, lang, explain=kind.why):
                text = hit.paragraph.text[start:end]
                sim = max((v for k, v in by_start.items() if start <= k < end), default=0.0)
                words = sentence_terms(text, lang)
                overlap = sum(w for t, w in weights.items() if t in words) / total if total else 0.0
                score = sim + 0.5 * overlap + 0.06 / (1 + rank) + 0.08 * hit.score + fit(kind, text, lang)
                if q_numbers:
                    score += 0.08 * len(q_numbers & numbers_in(text)) / len(q_numbers)
                if len(text) < _TOO_SHORT[lang]:
                    score -= 0.3
                out.append(Candidate(rank, hit, start, end, score, frozenset(term_set & words), kind))
        return sorted(out, key=lambda c: c.score, reverse=True)

    def _spans(self, paragraph, lang: str, explain: bool = False) -> list[tuple[int, int]]:
        """Quotable spans: sentences; a bullet's title joined to the sentence after it; a sentence
        joined to the one that continues it ("Among them, …") or leans on it ("It belongs …");
        for "why" questions, every two neighbouring sentences (an explanation rarely fits in one)."""
        sentences = list(paragraph.sentences)
        spans: list[tuple[int, int]] = []
        for i, (start, end) in enumerate(sentences):
            nxt = sentences[i + 1] if i + 1 < len(sentences) else None
            prev = sentences[i - 1] if i else None
            if prev and _POINTS_BACK.match(paragraph.text[start:end]) and end - prev[0] <= _MAX_QUOTE_CHARS[lang]:
                spans.append((prev[0], end))
                continue
            if explain and nxt and nxt[1] - start <= _MAX_QUOTE_CHARS[lang]:
                spans.append((start, nxt[1]))
            title = paragraph.bullet and i == 0 and end - start <= _LEAD_IN_CHARS[lang]
            if nxt and (title or end - start < _SHORT_SENTENCE_CHARS[lang]):
                spans.append((start, nxt[1]))
                continue
            spans.append((start, end))
            if nxt and _CONTINUES.match(paragraph.text[nxt[0]:nxt[1]]) \
                    and nxt[1] - start <= _MAX_QUOTE_CHARS[lang]:
                spans.append((start, nxt[1]))
        return spans

    def _choose(self, candidates: list[Candidate], terms: list[str]) -> list[Candidate]:
        best = candidates[0]
        chosen = [best]
        covered = set(best.terms)
        # a list may be spread over sibling bullets: take their best sentences too
        margin = 0.15 if best.kind.list else 0.08
        for c in candidates[1:]:
            if len(chosen) == MAX_QUOTES or c.score < best.score - margin:
                break
            overlaps = any(c.hit.paragraph.id == o.hit.paragraph.id and c.start < o.end and o.start < c.end
                           for o in chosen)
            sibling = best.kind.list and c.hit.paragraph.bullet and all(
                c.hit.paragraph.id != o.hit.paragraph.id for o in chosen) and (
                c.hit.paragraph.chapter, c.hit.paragraph.section) == (
                best.hit.paragraph.chapter, best.hit.paragraph.section)
            if overlaps or not (sibling or c.terms - covered):
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
    return Answer(question=question, text=text, status="not_found", lang=lang, related=related,
                  meta={**(meta or {}), "abstain_reason": reason or (meta or {}).get("abstain_reason", "")})
