"""Default answerer: spans of the top paragraphs, scored by the fitted scorer, quoted verbatim.

No language model. Each quotable span gets named features (qa/scoring.py); the fitted
sentence model ranks them, and the fitted outcome model says whether the best spans answer
(answered), only discuss the topic (partial: quoted as context and labelled so), or whether
the paper has nothing (not_found, with the nearest passages offered as related reading).
Broad and list questions quote the best span of several paragraphs, in the paper's order (a list
question's best span, most often the enumeration, first).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from qa import answer_types, outcome, scoring
from qa import foreign as foreign_reading
from qa.answer_types import Asked
from qa.glossary import with_renderings
from qa.organisations import name_words, names_organisation, organisations
from qa.quotes import cite
from qa.scoring import SENTENCE_FEATURES, Scorer
from qa.text import content_terms, numbers_in, sentence_terms, stem
from qa.types import Answer, Citation, Hit
from store.load import Store
from store.paragraphs import Paragraph

_SHORT_SENTENCE_CHARS = {"en": 40, "zh": 14}  # bullet lead-ins like "Send volunteers." carry no fact
_LEAD_IN_CHARS = {"en": 90, "zh": 25}  # a bullet's first sentence up to this long is its title
_TOO_SHORT = {"en": 25, "zh": 8}  # a quote shorter than this says nothing on its own
# A sentence that starts like this leans on the one before ("It belongs to …").
_POINTS_BACK = re.compile(r"^(It|This|These|They|Such|That|Those|Therefore|Thus|Hence|So)\b|^(其|这|此|该|因此|所以)")
_MAX_QUOTE_CHARS = {"en": 700, "zh": 260}
# The top hits whose spans a question that asks one thing is answered from (a broad or list question: all).
# Chosen on dev (stop 40; refit at each, `python -m eval.cv` by position and with seeds 1 and 2): 4, 5, 6, 8
# gave 474, 474, 477, 479 of 543 in sample and 463.3, 465.0, 466.7, 467.3 out of fold on average
PARAGRAPHS_CONSIDERED = 8
BROAD_WANTS = ("description", "list")  # answered with passages (up to max_broad_quotes), not a value
MAX_LISTED = 8  # bullets quoted for a list question: enough for the paper's lists, short enough to read


@dataclass
class Candidate:
    paragraph_rank: int
    hit: Hit
    start: int
    end: int
    terms: frozenset[str]
    features: dict[str, float]
    prob: float = 0.0
    x: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def text(self) -> str:
        return self.hit.paragraph.text[self.start:self.end]

    @property
    def opens_list(self) -> bool:
        """The span ends "… the following policy proposals:": what it announces comes after it."""
        return self.text.rstrip().endswith((":", "："))


@dataclass(frozen=True)
class Span:
    """A quotable span as the store has it: the same for every question that reaches its paragraph."""

    start: int
    end: int
    text: str
    words: frozenset[str]  # sentence_terms(text)
    joined: str  # _joined(text): the words pairs() pairs, for the "pairs" feature
    rows: tuple[int, ...]  # its sentences' rows in the store's sentence vectors
    aligned_rows: tuple[int, ...]  # the rows of the other edition's sentences that translate it
    sentences: int  # paragraph sentences starting inside it
    numbers: frozenset[str]  # numbers_in(text)
    reason: bool  # answer_types.reasons(text): it gives a reason (a regex over the span, 20 us)
    periods: frozenset[tuple[str, str]]  # answer_types.periods(text): the spans of years it states
    particulars: int  # list separators and numbers: how many particular things it names (see _particulars)


@dataclass(frozen=True)
class Question:
    """A question as the answerer reads it: its words, what it asks, its context terms."""

    text: str
    lang: str
    asked: Asked
    terms: tuple[str, ...]  # topic words of the question itself (or of a follow-up's new part)
    context: tuple[str, ...] = ()  # words of the earlier turns a follow-up leans on; they count half
    foreign: bool = False  # asked in another language than the edition's (French, …): its words are not the paper's
    own: str = ""  # a follow-up's new part ("And in 2020?"), else ""

    @property
    def dated(self) -> str:
        """The text whose years the question asks about: a follow-up that names a year swaps the earlier
        turn's ("… from 2013 to 2018? And during COVID-19 in 2020?" asks about 2020 alone)."""
        return self.own if self.own and answer_types.years(self.own) else self.text

    @property
    def swapped(self) -> tuple[str, ...]:
        """The subject names a follow-up gives that its earlier turns did not ("What did China do after the
        Nepal earthquake? And in Ecuador?"): the quotes must name them, not only share a paragraph with
        them (the paragraph that names both earthquakes gave the Nepal sentence too)."""
        if not self.own or not self.text.endswith(self.own):
            return ()
        before = self.text[: -len(self.own)]
        return tuple(n for n in self.asked.subject if not answer_types.mentions(before, (n,), self.lang))

    @property
    def kept(self) -> tuple[str, ...]:
        """The countries the earlier turns name, when a follow-up names no place of its own ("… the small
        hydropower station China built in Fiji? And what has China done for farmers there?", "中国帮吉布提建过
        什么民生设施？那职业教育方面呢？"): the quotes must name them, when any does."""
        if not self.own or not self.text.endswith(self.own):
            return ()
        from store.discrepancies import places  # babel's names load at the first follow-up

        if places(self.own, self.lang):
            return ()
        named = places(self.text[: -len(self.own)], self.lang)
        return tuple(dict.fromkeys(p.raw for p in named if not p.is_region))

    @classmethod
    def read(cls, question: str, lang: str, focus: str | None = None, foreign: bool = False) -> Question:
        """focus: the part of a follow-up that is new (its terms weigh most)."""
        if foreign:  # its words are not the edition's: read by its own question words, names and numbers
            terms = foreign_reading.terms(focus or question)
            context = tuple(t for t in foreign_reading.terms(question) if t not in terms) if focus else ()
            return cls(question, lang, foreign_reading.analyse(focus or question), terms, context, foreign,
                       focus or "")
        terms = with_renderings(content_terms(focus or question, lang), lang)  # "concessional": "preferential"
        context = tuple(t for t in content_terms(question, lang) if t not in terms) if focus else ()
        asked = answer_types.analyse(focus or question, lang)
        before = question[: -len(focus)].strip() if focus and question.endswith(focus) else ""
        # … but "其中“与时俱进”那一条，具体是怎么说的？" after "哪些政策主张？" asks what the quoted principle says
        if before and not answer_types.typed(focus, lang) and answer_types.typed(before, lang) \
                and not _QUOTED.search(focus or "") and not answer_types.asks_its_own(focus, lang):
            was = answer_types.analyse(before, lang)  # "How many …? And in Africa?" still asks how many
            # … and "What did China do after the Nepal earthquake? And in Ecuador?" asks what it did in Ecuador:
            # the names the follow-up gives are the subject its passages must mention (not Nepal's schools)
            subject = asked.subject or (answer_types.names(focus, lang) if was.want in BROAD_WANTS else ())
            asked = replace(asked, want=was.want, attribute=was.attribute, attribute_text=was.attribute_text,
                            unit=was.unit, subject=subject, of_places=was.of_places, within=was.within, whether=was.whether,
                            region=(answer_types.regions(focus, lang) or was.region) if was.within else ())
        return cls(question, lang, asked, terms, context, foreign, focus or "")


_QUOTED = re.compile(r"[“\"'‘「『][^”\"'’」』]{2,}[”\"'’」』]")  # a phrase in quotation marks


# a country named as one of a group: "in Ghana, Tanzania and other countries", "几内亚等疫区国家", "such as Guinea"
_LIST_GAP = re.compile(r"^[\s,，、;；]*(?:(?:and|or)\s+(?:the\s+)?|和|及|与|以及)?$", re.I)
_GROUP_AFTER = {"en": re.compile(r"^\s*(?:,\s*)?(?:(?:and|or) other\b|etc\b)", re.I), "zh": re.compile(r"^等")}
_GROUP_BEFORE = {"en": re.compile(r"\b(?:such as|including|like)\s+(?:the\s+)?$", re.I), "zh": re.compile(r"(?:例如|包括|如)$")}
_GROUP_ASKED = {"en": re.compile(r"\b(?:(?:and|or) other|such as|including|like|etc|among (?:them|others)|for (?:example|instance)|"
                                 r"e\.g)\b", re.I),
                "zh": re.compile(r"等|包括|比如|例如|譬如")}


def one_of_many(c: Candidate, asked: Asked, codes: frozenset[str], common: frozenset[str]) -> bool:
    """Whether the span gives the figure asked of a country for a group it names that country in ("How many
    heart operations did Chinese doctors perform in Tanzania?" is not answered by "170 'Love Tour' heart
    operations were performed in Ghana, Tanzania and other countries"): a sentence of the span holds a
    value of the wanted type and names an asked country in a list of countries ("Ghana, Tanzania"), or
    as an example of a group ("such as Guinea", "几内亚等"). A list of projects each in its country
    ("塔吉克斯坦直属中央区500千伏输变电项目、老挝塔棉至拉骚230千伏输变电线路") is no such list. Nor does a
    sentence whose every value sits in a list item naming other countries only give the asked one's ("…
    schistosomiasis in Zanzibar in Tanzania; … malaria in Comoros … a 98% reduction": no rate for Tanzania)."""
    from store.discrepancies import places

    p = c.hit.paragraph
    for a, b in p.sentences:
        if b <= c.start or a >= c.end:
            continue
        sentence = p.text[a:b]
        named = [x for x in places(sentence, p.lang) if x.code.isalpha() and x.code != "CN"]
        values = answer_types.found(sentence, asked, common)
        if not any(x.code in codes for x in named) or not values:
            continue
        # every value sits in a list item naming other countries only: theirs
        own = [countries(sentence[x:y], p.lang) for x, y in answer_types.items(sentence) if any(x <= v < y for v, _ in values)]
        if all(o and not o & codes for o in own):
            return True
        for i, x in enumerate(named):
            if x.code not in codes:
                continue
            listed = any(0 <= j < len(named) and _LIST_GAP.match(sentence[min(x.end, named[j].end):max(x.start, named[j].start)])
                         for j in (i - 1, i + 1))
            if listed or _GROUP_AFTER[p.lang].match(sentence[x.end:]) or _GROUP_BEFORE[p.lang].search(sentence[:x.start]):
                return True
    return False


def countries(text: str, lang: str) -> frozenset[str]:
    """The countries text names, as codes, China aside. Countries only: a question about Africa may be
    answered by a sentence about Kenya."""
    from store.discrepancies import places  # babel's names: loaded by the first question anyway (outcome.py)

    return frozenset(p.code for p in places(text, lang) if p.code.isalpha() and p.code != "CN")


def _sections(store: Store) -> tuple[dict[str, int], np.ndarray]:
    """(paragraph id -> its section's row, one unit vector a section): the mean of the vectors of every
    sentence of the section in both editions. A broad question ("What has China done to protect the
    environment?") is about a section ("Support ecological and environmental protection") more than about
    any one sentence of it, and the paper's sections are its own answer to "what is this about"."""
    keys: dict[tuple[int, int], int] = {}  # (chapter, section) -> row
    section_of: dict[str, int] = {}
    for p in store.paragraphs.values():
        section_of[p.id] = keys.setdefault((p.chapter, p.section), len(keys))
    sums = np.zeros((len(keys), store.sentence_vectors.shape[1]), dtype=np.float64)
    for row, (pid, _, _) in enumerate(store.sentence_ids):
        sums[section_of[pid]] += store.sentence_vectors[row]
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return section_of, (sums / np.where(norms > 0, norms, 1.0)).astype(store.sentence_vectors.dtype)


class ExtractiveAnswerer:
    def __init__(self, store: Store, scorer: Scorer | None = None, scorer_path: str | None = None):
        """scorer: fitted parameters; None -> loaded from scorer_path (default qa/scoring.json) when
        first needed, so eval.tune can compute features before any parameters exist."""
        self.store, self._scorer, self._scorer_path = store, scorer, scorer_path
        self.idf = {lang: _idf([sentence_terms(p.text, lang) for p in store.in_lang(lang)]) for lang in ("en", "zh")}
        # words the English edition writes in lower case: a capitalised one of them is no place name
        self.common = frozenset(w for p in store.in_lang("en") for w in re.findall(r"\b[a-z][a-z\-]+\b", p.text))
        self._span_facts: dict[tuple[str, bool], list[Span]] = {}  # (paragraph id, reasons) -> its spans
        self.section_of, self.sections = _sections(store)

    def warm(self) -> None:
        """Every paragraph's spans made now (0.4 s), not at the first question that reaches each one.

        For a server before its first visitors: 50 sessions asking at once on a fresh app made them
        while answering (`python -m eval.load`, five runs each: p95 1.24–1.38 s, made first 1.07–1.22 s);
        made in the background they competed with that burst instead (stop 25: worse). `wpqa ask` does
        not pay it: one question needs a few dozen spans."""
        for lang in ("en", "zh"):
            for p in self.store.in_lang(lang):
                for reasons in (False, True):
                    self._spans(p, lang, reasons)

    @property
    def scorer(self) -> Scorer:
        if self._scorer is None:
            self._scorer = scoring.load(self._scorer_path)
        return self._scorer

    def answer(self, question: str, lang: str, hits: list[Hit], query_vector: np.ndarray,
               focus: str | None = None, earlier: tuple[str, ...] = (), focus_vector: np.ndarray | None = None,
               foreign: bool = False, avoid: tuple[tuple[str, int, int], ...] = (),
               explains: tuple[tuple[str, int, int], ...] = ()) -> Answer:
        """focus: a follow-up's own words (focus_vector: them embedded alone); earlier: paragraphs the
        earlier answer cited, and their neighbours; foreign: asked in a language other than `lang`;
        avoid: spans the earlier answer quoted, when the follow-up asks for something else; explains:
        spans the earlier answer quoted, when the follow-up asks why (the reason beside them comes first)."""
        q = Question.read(question, lang, focus, foreign)
        candidates = self.candidates(q, hits, query_vector, earlier, focus_vector)
        fresh = [c for c in candidates if not any(pid == c.hit.paragraph.id and a < c.end and c.start < b
                                                  for pid, a, b in avoid)]
        candidates = fresh or candidates  # "What else …?" is not answered by what was just quoted
        self.score(candidates)
        if explains and q.asked.want == "reason":
            candidates = reason_first(candidates, explains)
        evidence = outcome.Evidence.gather(q, hits, candidates, self.store)
        probs = self.scorer.outcome_probs(evidence.vector())
        best = candidates[0] if candidates else None
        other_period = q.asked.wants_value and outcome.another_period(q.dated, best)
        status = outcome.verdict(probs, candidates, q.asked, outcome.names_unmentioned(evidence), other_period,
                                 self.original, self.about_another(q))
        meta = {**evidence.as_dict(), "outcome": {k: round(v, 4) for k, v in probs.items()}, "asked": q.asked.want}
        why = outcome.why_not(evidence, q.dated, best if other_period else None, lang) if status != "answered" else ""
        if status == "not_found":
            return outcome.not_found(question, lang, hits, meta, evidence.reason(lang), why)
        if status == "partial":
            citations = [cite(1, best.hit.paragraph, best.start, best.end, self.store)]
            return Answer(question=question, text=outcome.partial_text(q.asked, citations, lang, why),
                          citations=tuple(citations), status="partial", lang=lang, meta=meta)
        best = candidates[0]  # a list question, or a best quote that ends "… the following proposals:"
        # a run of bullets lists topics: "Which countries got port upgrades?" asks for the countries one names
        listed = self.bullets(best) if (q.asked.want == "list" and not q.asked.of_places) or best.opens_list else []
        if names_member(best, listed, q):
            listed = []
        chosen = None
        if len(listed) < 3 and q.asked.want == "list":
            # "What principles …?": the quote announcing them ("… adheres to the following policy
            # proposals:") may rank below a claim about them; the bullets after it are still the list
            chosen = self.choose(candidates, q.asked, not q.foreign, q.swapped, q.kept)
            listed = next((run for c in chosen if c.opens_list and len(run := self.bullets(c)) >= 3), listed)
        if len(listed) >= 3:
            spans_ = [(p, *lead(p, lang)) for p in listed[:MAX_LISTED]]
            citations = [cite(n, p, a, b, self.store) for n, (p, a, b) in enumerate(spans_, 1)]
            return Answer(question=question, text=compose(citations, lang, listed=len(listed)),
                          citations=tuple(citations), lang=lang, meta={**meta, "listed": len(listed)})
        chosen = chosen or self.choose(candidates, q.asked, not q.foreign, q.swapped, q.kept)
        citations, notices = [], []
        for n, c in enumerate(chosen, 1):
            original = self.original(c, q.asked)
            if original:  # the translation garbles the asked figure: quote the Chinese original instead
                zh, a, b, warnings = original
                citations.append(cite(n, zh, a, b, self.store))
                notices += warnings
            else:
                citations.append(cite(n, c.hit.paragraph, c.start, c.end, self.store))
        notice = (" ".join(dict.fromkeys(notices)) + " So the quote is from the Chinese original, with the English "
                  "translation beside it.") if notices else ""
        return Answer(question=question, text=compose(citations, lang), citations=tuple(citations),
                      lang=lang, notice=notice, meta=meta)

    def bullets(self, best: Candidate) -> list:
        """The run of sibling bullets the best span's paragraph belongs to, or that the best span
        introduces with a colon, in the paper's order (empty otherwise): a list question whose answer is
        a bulleted enumeration."""
        p = best.hit.paragraph
        ordered = self.store.in_lang(p.lang)
        i = next(k for k, o in enumerate(ordered) if o.id == p.id)
        same = lambda o: o.bullet and (o.chapter, o.section) == (p.chapter, p.section)  # noqa: E731
        if best.opens_list and i + 1 < len(ordered) and same(ordered[i + 1]):
            i += 1  # "… adheres to the following policy proposals:": the bullets after it are the list
        elif not p.bullet or best.start != 0:  # the best span is inside a bullet's body: its facts, not the list
            return []
        start, end = i, i
        while start > 0 and same(ordered[start - 1]):
            start -= 1
        while end + 1 < len(ordered) and same(ordered[end + 1]):
            end += 1
        return ordered[start:end + 1]

    def score(self, candidates: list[Candidate]) -> None:
        x = np.array([c.x for c in candidates]) if candidates else np.zeros((0, len(SENTENCE_FEATURES)))
        for c, p in zip(candidates, self.scorer.sentence_probs(x), strict=True):
            c.prob = float(p)
        candidates.sort(key=lambda c: c.prob, reverse=True)

    def candidates(self, q: Question, hits: list[Hit], qvec: np.ndarray, earlier: tuple[str, ...] = (),
                   focus_vector: np.ndarray | None = None) -> list[Candidate]:
        """Every quotable span of the top paragraphs with its features (no weights involved).

        The cosines of the paragraphs' sentences and of their translations are one product, read by
        row (not every sentence of the paper: right after an embedding that reads 1.5 MB from cold
        memory), and what a span is in the store (its sentences, their translations) is looked up, not
        recomputed: this runs on every question, and the per-span work was most of the answerer's own."""
        lang, asked = q.lang, q.asked
        weights = {t: 0.5 for t in q.context} | {t: 1.0 for t in q.terms}  # word -> weight in the overlap
        total = sum(weights.values())
        idf = self.idf[lang]
        rare = {t: w * idf.get(t, idf[""]) for t, w in weights.items()}  # word -> weight x rarity in the paper
        rare_total = sum(rare.values())
        q_numbers = numbers_in(q.text)
        q_years = answer_types.years(q.dated)
        q_pairs = _pair_needles(pairs(q.text, lang), lang)
        q_terms = set(q.terms)
        top_bm25 = max((h.bm25 for h in hits), default=0.0) or 1.0
        tie_words = asked.attribute or asked.focus
        # a name's attribute is its kind ("Which UN agency …?": "agency"), which a name need not repeat
        # ("UNICEF"): it may be tied by what the question says of it instead ("… Somali women and children")
        named = asked.want in ("organisation", "person", "place") and bool(asked.attribute)
        wants_value, wants_list = asked.wants_value, asked.want in BROAD_WANTS
        wants_reason = asked.want == "reason"
        out: list[Candidate] = []
        depth = len(hits) if wants_list else PARAGRAPHS_CONSIDERED  # broad: every hit
        considered = hits[:depth] + [h for h in hits[depth:] if h.paragraph.id in earlier]
        rows = sorted({row for h in considered for pid in (h.paragraph.id, h.paragraph.aligned_id or "")
                       for row in self.store.sentence_rows.get(pid, [])})  # theirs and their translations'
        vectors = self.store.sentence_vectors[rows]
        cosines = dict(zip(rows, (vectors @ qvec).tolist(), strict=True))  # sentence row -> cosine with the question
        own_cosines = cosines if focus_vector is None else dict(zip(rows, (vectors @ focus_vector).tolist(), strict=True))
        for rank, hit in enumerate(considered):
            p = hit.paragraph
            other_rows = self.store.sentence_rows.get(p.aligned_id or "", [])
            para_focus = _share(asked.focus, sentence_terms(p.text, lang))
            other_cosine = max(cosines[row] for row in other_rows) if other_rows else 0.0
            for span in self._spans(p, lang, wants_reason):
                text, words = span.text, span.words
                found = answer_types.found(text, asked, self.common) if wants_value else []
                # the English dropped the figure its Chinese original gives: the span has it, in the original
                dropped = wants_value and not found and self.dropped(p, span, asked)
                inside = [cosines[row] for row in span.rows]  # the span's sentences' cosines
                cosine = max(inside, default=0.0)
                shared = [t for t in weights if t in words]  # in the weights' order: the same sums as ever
                f = {
                    "cosine": cosine,
                    "cosine_min": min(inside, default=0.0),
                    "overlap": sum(map(weights.__getitem__, shared)) / total if total else 0.0,
                    "overlap_idf": sum(map(rare.__getitem__, shared)) / rare_total if rare_total else 0.0,
                    "focus": _share(asked.focus, words),
                    # "the 230 kV … line" states a voltage: a value's unit names the attribute it measures
                    "attribute": _share(asked.attribute, words | answer_types.stated_by_unit(text, [a for a, _ in found])
                                        if found else words),
                    "value": float(bool(found) or dropped),
                    "value_tied": max(_tie(text, found, asked, tie_words, lang, idf),
                                      _tie(text, found, asked, asked.focus, lang, idf) if named else 0.0) if found else 0.0,
                    "value_missing": float(wants_value and not found and not dropped),
                    "numbers": len(q_numbers & span.numbers) / len(q_numbers) if q_numbers else 0.0,
                    "period_same": float(wants_value and any(a in q_years and b in q_years for a, b in span.periods)),
                    "period_other": float(wants_value and any(a not in q_years or b not in q_years
                                                              for a, b in span.periods)),
                    "pairs": sum(map(span.joined.__contains__, q_pairs)) / len(q_pairs) if q_pairs else 0.0,
                    "rank": 1.0 / (1 + rank),
                    "fused": hit.score,
                    "dense": hit.dense,
                    "bm25": hit.bm25 / top_bm25,
                    "short": float(len(text) < _TOO_SHORT[lang]),
                    "reason": float(wants_reason and span.reason),
                    "list_shape": float(wants_list and bool(answer_types.values(text, "list"))),
                    "particulars": min(1.0, span.particulars / _PARTICULARS) if wants_list else 0.0,
                    "first": float(span.start == 0),
                    "joined": float(span.sentences > 1),
                    "para_focus": para_focus,
                    "earlier": float(p.id in earlier),
                    "other_cosine": other_cosine,
                    "own_gain": max([own_cosines[row] for row in span.rows], default=0.0) - cosine,
                    "aligned_cosine": max([cosines[row] for row in span.aligned_rows], default=0.0),
                }
                out.append(Candidate(rank, hit, span.start, span.end, frozenset(q_terms & words), f))
        best_cosine = max((c.features["cosine"] for c in out), default=0.0)
        section_cosines = self.sections @ qvec  # how much the question is about each section of the paper
        best_section = float(section_cosines.max())
        for c in out:
            c.features["cosine_gap"] = best_cosine - c.features["cosine"]
            c.features["section_gap"] = best_section - float(section_cosines[self.section_of[c.hit.paragraph.id]])
        x = np.array([[c.features[name] for name in SENTENCE_FEATURES] for c in out]).reshape(
            len(out), len(SENTENCE_FEATURES))  # one matrix; each candidate's x is its row
        for c, row in zip(out, x, strict=True):
            c.x = row
        return out

    def _spans(self, p: Paragraph, lang: str, reasons: bool) -> list[Span]:
        """The paragraph's quotable spans as the store has them (a fact of the store, so kept: the
        same paragraphs come back question after question)."""
        key = (p.id, reasons)
        found = self._span_facts.get(key)
        if found is None:
            starts = [a for a, _ in p.sentences]
            rows = self.store.sentence_rows.get(p.id, [])
            row_starts = [self.store.sentence_ids[row][1] for row in rows]  # ascending: rows are sorted by start
            found = []
            for start, end in spans(p, lang, reasons=reasons):
                text = p.text[start:end]
                aligned = [row for other, a, b in self.store.aligned_sentences(p.id, start, end)
                           for row in self.store.sentence_rows.get(other, [])
                           if a <= self.store.sentence_ids[row][1] < b]
                numbers = frozenset(numbers_in(text))
                found.append(Span(start, end, text, sentence_terms(text, lang), _joined(text, lang),
                                  tuple(rows[bisect_left(row_starts, start):bisect_left(row_starts, end)]),
                                  tuple(aligned), bisect_left(starts, end) - bisect_left(starts, start),
                                  numbers, answer_types.reasons(text), answer_types.periods(text),
                                  _particulars(text, numbers)))
            self._span_facts[key] = found
        return found

    def dropped(self, p: Paragraph, span: Span, asked: Asked) -> bool:
        """Whether an English span lacks a figure of the wanted kind that its Chinese original gives (the
        discrepancy finder's "missing" figures): "five rounds of emergency humanitarian material
        assistance" where the original adds 累计1.2亿美元. original() then quotes the original."""
        if p.lang != "en":
            return False
        return any(d.kind == "missing" and d.zh_value and answer_types.found(d.zh_value, asked, self.common)
                   for d in self.store.discrepancies_in(p.id, span.start, span.end))

    def about_another(self, q: Question) -> Callable[[Candidate], bool] | None:
        """For a question asking a figure of the countries or organisations it names: whether a span names
        countries (in either edition) and none of those ("How many solar home power systems did China give
        to Myanmar?" is not answered by the solar plant in Cuba), or, in English, names organisations and
        none of those ("How much has China donated to the World Bank's IDA?" is not answered by the sums
        donated to the African, Inter-American and Caribbean development banks). And for a question asking
        for the countries it counts ("… 13 African countries. Can you name all 13 of them?"), whether a span
        names fewer of them (in either edition): the paper counts them and names a few. None for other
        questions."""
        figure = q.asked.want in answer_types.FIGURES and not q.foreign
        asked = countries(q.text, q.lang) if figure else frozenset()
        bodies = organisations(q.text) if figure and q.lang == "en" else []
        counted = None if q.foreign else q.asked.counted
        if counted:
            own = countries(q.text, q.lang)
            return lambda c: len(self.named_countries(c) - own) < counted
        if not asked and not bodies:
            return None

        def elsewhere(c: Candidate) -> bool:
            # organisations, none of them the one asked about, in the span or its bullet's title ("South
            # South Cooperation Assistance Fund." heads the projects). Of any kind, not only the one asked
            # (a bank for a bank): "What sum did China give the International Development Association?" is
            # not answered by the US$80 million of the China-FAO Trust Fund either
            p = c.hit.paragraph
            if bodies and p.lang == "en" and organisations(c.text):
                start, end = p.sentences[0] if p.sentences else (0, 0)
                title = p.text[start:end] if p.bullet and end - start <= _LEAD_IN_CHARS["en"] else ""
                words = name_words(f"{title} {c.text}")
                if not any(names_organisation(b, words) for b in bodies):
                    return True
            if not asked:
                return False
            # a question that itself names a group ("…斯里兰卡、巴基斯坦等国多少名…") asks for the group's figure
            if len(asked) == 1 and not _GROUP_ASKED[q.lang].search(q.text) and one_of_many(c, q.asked, asked, self.common):
                return True
            named = self.named_countries(c)
            return bool(named) and not asked & named

        return elsewhere

    def named_countries(self, c: Candidate) -> frozenset[str]:
        """The countries a span names in either edition: the translation garbles some names."""
        named = countries(c.text, c.hit.paragraph.lang)
        for other, a, b in self.store.aligned_sentences(c.hit.paragraph.id, c.start, c.end):
            theirs = self.store.paragraphs[other]
            named |= countries(theirs.text[a:b], theirs.lang)
        return named

    def original(self, chosen: Candidate, asked: Asked) -> tuple | None:
        """(Chinese paragraph, start, end, warnings) when an English span drops or changes a figure that the
        Chinese original gives, and the question asks for a figure; None otherwise."""
        p = chosen.hit.paragraph
        if p.lang != "en" or asked.want not in answer_types.FIGURES:
            return None
        differs = [d for d in self.store.discrepancies_in(p.id, chosen.start, chosen.end)
                   if d.kind in ("number", "missing") and d.zh_value and _about_asked(d, chosen, asked)]
        spans = self.store.aligned_sentences(p.id, chosen.start, chosen.end)
        if not differs or not spans:
            return None
        zh = self.store.paragraphs[spans[0][0]]
        return zh, spans[0][1], spans[-1][2], [d.warning("en") for d in differs]

    def quote_ratio(self, asked: Asked) -> float:
        """The share of the best span's probability another span needs to be quoted too: the one ratio of
        the scorer's two that choose() reads for this question (eval.tune's memo is keyed on it)."""
        broad = asked.want in BROAD_WANTS
        return self.scorer.broad_quote_ratio if broad else self.scorer.extra_quote_ratio

    def choose(self, candidates: list[Candidate], asked: Asked, topical: bool = True,
               swapped: tuple[str, ...] = (), kept: tuple[str, ...] = ()) -> list[Candidate]:
        """The best span, then spans that add words (or, for broad and list questions, other paragraphs
        that share a topic word with the question: "Tell me about debt relief." quoted "… do not write
        'blank checks'" for its rank alone). A broad question about a name quotes only passages that
        mention it, when any does. topical: False for a question in another language than the edition's,
        whose words are not the edition's; swapped: names a follow-up gives in place of the earlier
        turn's, which the quotes themselves must name, when any does; kept: see Question.kept."""
        lang = candidates[0].hit.paragraph.lang
        about = [c for c in candidates if answer_types.names_subject(c.hit.paragraph, asked, self.store)] if asked.subject else []
        garbled = {c.hit.paragraph.id for c in about if not answer_types.mentions(c.hit.paragraph.text, asked.subject, lang)}
        candidates = about or candidates
        if swapped:
            naming = [c for c in candidates if answer_types.mentions(c.text, swapped, lang)]
        else:
            # kept: the countries the earlier turns name, for a follow-up that names none; its quotes name them
            # too, when one that does is about the follow-up's own words ("那减免债务呢？" after the Maldives
            # bridge asks about debt relief anywhere)
            naming = [c for c in candidates if c.terms and answer_types.mentions(c.text, kept, lang)] if kept else []
        candidates = naming or candidates
        broad = asked.want in BROAD_WANTS
        ratio = self.quote_ratio(asked)
        limit = self.scorer.max_broad_quotes if broad else self.scorer.max_quotes
        if asked.members:
            # "What are the five areas of connectivity …?": a span enumerating five things comes first (the
            # paragraph's opening sentence outscored the one with the list), if it is worth quoting at all
            # (a list of eight organisations is not an answer to "What are the Eight Major Initiatives?")
            floor = ratio * candidates[0].prob
            sized = [c for c in candidates if c.prob >= floor and asked.members in answer_types.enumerated(c.text, lang)]
            candidates = sized + [c for c in candidates if all(c is not s for s in sized)]
        best = candidates[0]
        chosen = [best]
        covered = set(best.terms)
        for c in candidates[1:]:
            # a broad answer takes one span a paragraph, but two from the paragraph of its best span (the
            # passage most about the question is often a claim and then the facts that show it), that
            # second one beyond the limit
            from_best = sum(o.hit.paragraph.id == best.hit.paragraph.id for o in chosen)
            if len(chosen) - (from_best - 1 if broad else 0) == limit:
                break
            # a paragraph whose original alone names the subject (the translation garbles the name) scores
            # low on the question's words, but is on the subject asked as much as any other
            if c.prob < ratio * best.prob and c.hit.paragraph.id not in garbled:
                if garbled:  # such a paragraph may come further down
                    continue
                break
            same_paragraph = any(c.hit.paragraph.id == o.hit.paragraph.id for o in chosen)
            overlaps = any(_overlap(c, o) for o in chosen)
            repeated = same_paragraph and (c.hit.paragraph.id != best.hit.paragraph.id or from_best >= 2)
            # a broad answer: another paragraph on the question's topic (an earlier turn's words count
            # too); any other: a span that adds words
            # (a passage whose original alone names the subject is on it, though it shares no word with the question)
            # A question in another language shares no word with any span: for a figure, another paragraph's
            # span with a figure of the kind asked adds ("Сколько врачей Китай направил за рубеж?": the total
            # to 2019 and the 2015-2019 figure sit in two paragraphs, a hair apart, and only one was quoted)
            adds = not repeated and (not topical or c.hit.paragraph.id in garbled or c.features["overlap"] > 0) if broad \
                else c.terms - covered if topical else not same_paragraph and c.features["value"] > 0
            # countries asked for ("Which countries did China send medical teams to?"): a further quote names
            # some, not "890 batches of material assistance to 124 countries", a sibling bullet's count
            if overlaps or not adds or (asked.of_places and not _names_places(c.text, lang)):
                continue
            chosen.append(c)
            covered |= c.terms
        if about:
            swapped_in = [_naming_span(c, about, asked.subject, lang) for c in chosen]
            chosen = [c for i, c in enumerate(swapped_in) if not any(_overlap(c, o) for o in swapped_in[:i])]
        # a broad question on a topic quotes whole paragraphs: nothing of them to trim
        chosen = _passages(chosen) if asked.broad and not asked.subject else \
            [self.trimmed(c, asked, swapped or kept) for c in chosen]
        if asked.want == "reason":  # the premise may be a sentence another quote holds: quoted once
            first = with_premise(chosen[0])
            chosen = [first, *(c for c in chosen[1:] if not _overlap(c, first))]
        in_order = sorted(chosen, key=lambda c: (c.hit.paragraph.position, c.start))
        if broad:
            # the best span leads, and the passages around it follow in the paper's order (many passages on
            # one subject read best so). In the paper's order alone, the preface's "richer and more diverse
            # forms" came before the list of forms asked for, and "How did China help Nepal after the 2015
            # earthquake?" opened on the airports China helped Nepal expand
            return [chosen[0], *(c for c in in_order if c is not chosen[0])]
        return chosen

    def trimmed(self, c: Candidate, asked: Asked, names: tuple[str, ...] = ()) -> Candidate:
        """A two-sentence span without the sentence at either end that shares no topic word with the
        question, holds no value of the wanted type and names none of `names` (the places a follow-up is
        about): the quote should not carry a stranger."""
        inside = [(a, b) for a, b in c.hit.paragraph.sentences if c.start <= a and b <= c.end]
        if len(inside) != 2:
            return c
        lang = c.hit.paragraph.lang
        words = set(asked.focus) | set(asked.attribute)

        def stranger(a: int, b: int) -> bool:
            text = c.hit.paragraph.text[a:b]
            return not (words & sentence_terms(text, lang)) and not (
                asked.wants_value and answer_types.found(text, asked, self.common)) and not (
                asked.want == "reason" and answer_types.reasons(text)) and not (  # a why question's reason has words of its own
                names and answer_types.mentions(text, names, lang))

        (a1, b1), (a2, b2) = inside
        if stranger(a1, b1) and not stranger(a2, b2):
            return replace(c, start=a2, end=b2)
        # a definition's second sentence explains the term the first one names, in words of its own
        if stranger(a2, b2) and not stranger(a1, b1) and asked.want != "definition":
            return replace(c, start=a1, end=b1)
        return c


def _passages(chosen: list[Candidate]) -> list[Candidate]:
    """Each chosen paragraph once, quoted whole, in the order chosen. A broad question on a topic ("What has
    China done to protect the environment?") asks for an account, and a paragraph of the paper is one: its
    best span is often the claim that heads it, and the things done follow in the sentences after it (dev:
    929 -> 936 of 1100 right; three or four sentences around the span 934 or 935; whole paragraphs of the
    section the question is most about only 933, the best section's paragraphs first no better). A question
    about a name ("How has China helped Liberia?") keeps its spans: a paragraph that names Liberia
    among twenty countries is not about Liberia."""
    seen: set[str] = set()
    whole = []
    for c in chosen:
        p = c.hit.paragraph
        if p.id not in seen:
            seen.add(p.id)
            whole.append(replace(c, start=p.sentences[0][0], end=p.sentences[-1][1]))
    return whole


_PARTICULARS = 8  # the count at which a span is as particular as a span gets (a definition, not a weight)
_SEPARATORS = re.compile(r"[,、，;；]")


def _particulars(text: str, numbers: frozenset[str]) -> int:
    """How many particular things a span names, roughly: its list separators and its numbers. A broad
    question's quotes should show what was done ("援建了瓦努阿图…、马拉维…等项目"), not only the claim that
    heads a paragraph ("中国积极帮助有关国家改善高等教育设施")."""
    return len(_SEPARATORS.findall(text)) + len(numbers)


def _tie(text: str, found: list[tuple[int, int]], asked: Asked, words: tuple[str, ...], lang: str,
         idf: dict[str, float]) -> float:
    """How the span's value is tied to what was asked: by the attribute word in its clause, or, when the
    value's unit states the attribute ("230 kV": a voltage), by the focus in the value's own item."""
    if asked.within:  # a city is tied to what is in it within its own list item
        return answer_types.tied_in_item(text, found, asked.focus, lang, idf)
    by_unit = answer_types.tied_by_unit(text, found, asked.attribute, asked.focus, lang, idf) if asked.attribute else None
    return answer_types.tied(text, found, words, lang, idf) if by_unit is None else by_unit


def _overlap(a: Candidate, b: Candidate) -> bool:
    return a.hit.paragraph.id == b.hit.paragraph.id and a.start < b.end and b.start < a.end


def with_premise(c: Candidate) -> Candidate:
    """A why question's best quote with the sentence before it: a reason is given as a premise and the
    claim it leads to ("The tripartite cooperation involves a wide range of areas … At the same time, …
    all parties need to steadily advance …"), and the quote had begun at the claim. Chosen on dev (python -m
    eval --split dev): the sentence before, the one after, or both; before and both each put two more
    why questions right and after one, so the shorter of the two is kept."""
    before = [a for a, b in c.hit.paragraph.sentences if b <= c.start]
    return replace(c, start=before[-1]) if before else c


def _about_asked(d, chosen: Candidate, asked: Asked) -> bool:
    """Whether a disagreement between the editions is about the figure asked for: the Chinese value is of
    the wanted type ("1.2亿美元" is money, not a count) and the English either gives its own figure in the
    clause about what is asked, or (having dropped it) gives no figure of that type about it at all.
    Any other disagreement in the quote is shown beside it as a warning, but the English quote stands."""
    if not answer_types.values(d.zh_value, asked.want):
        return False
    words = (*asked.attribute, *asked.focus)  # "how many technologies …, and how many farmers?" asks both
    if d.en_value:  # the place the English gives that figure, else every place ("300 crops … 300 farmers")
        found = [(a, b) for a, b in answer_types.values(d.en, asked.want) if d.en_value in d.en[a:b]]
        at = d.en_mark[0] - d.en_start if d.en_mark else -1  # "300 farmers" (3万多名农民), not "300 crops" (约300种)
        marked = [(a, b) for a, b in found if a <= at < b]
        if marked:  # in its own list item: the clause's context reaches the crops beside the farmers
            return answer_types.tied_in_item(d.en, marked, words, "en") > 0
        return answer_types.tied(d.en, found, words, "en") > 0
    text = chosen.text
    return answer_types.tied(text, answer_types.values(text, asked.want), words, "en") == 0


def pairs(text: str, lang: str) -> set[tuple[str, str]]:
    """Neighbouring word pairs (stemmed; Han characters for Chinese): the question's phrasing kept in
    order. Example: "from 2015 to 2019" -> {("from", "2015"), ("2015", "to"), ("to", "2019")}"""
    if lang == "zh":
        han = re.sub(r"[^\u4e00-\u9fff0-9]", " ", text)
        return {(a, b) for a, b in zip(han, han[1:], strict=False) if " " not in (a, b)}
    words = [stem(w) for w in re.findall(r"[A-Za-z0-9]+", text.replace(",", ""))]
    return set(zip(words, words[1:], strict=False))


def _pair_needles(q_pairs: set[tuple[str, str]], lang: str) -> list[str]:
    """The question's word pairs as substrings of _joined(span): a pair is in pairs(span) when its
    needle is in the span's joined words (they hold no blank of their own), so a span's pairs are
    never made. Example: ({("2015", "to")}, "en") -> [" 2015 to "]"""
    return [f"{a}{b}" if lang == "zh" else f" {a} {b} " for a, b in q_pairs]


@lru_cache(maxsize=16384)  # pure, and mostly the paper's own spans again: a memo, not state
def _joined(text: str, lang: str) -> str:
    """The words pairs() pairs, in order: Han characters and digits (others blanked) for Chinese,
    stemmed words between spaces for English."""
    if lang == "zh":
        return re.sub(r"[^\u4e00-\u9fff0-9]", " ", text)
    return f" {' '.join(stem(w) for w in re.findall(r'[A-Za-z0-9]+', text.replace(',', '')))} "


def _idf(documents: list[set[str]]) -> dict[str, float]:
    """word -> log((N + 1) / (df + 1)) + 1 over the paragraphs of one edition; "" -> a word never seen."""
    df: dict[str, int] = {}
    for words in documents:
        for w in words:
            df[w] = df.get(w, 0) + 1
    n = len(documents)
    return {w: float(np.log((n + 1) / (d + 1)) + 1) for w, d in df.items()} | {"": float(np.log(n + 1) + 1)}


def _names_places(text: str, lang: str) -> bool:
    """Whether a span names a country or region (China aside: the paper's subject is everywhere)."""
    from store.discrepancies import places  # babel's names load on the first such question

    return any(p.code != "CN" for p in places(text, lang))


def _share(words: tuple[str, ...], found: set[str]) -> float:
    return sum(map(found.__contains__, words)) / len(words) if words else 0.0


def spans(paragraph, lang: str, reasons: bool = False) -> list[tuple[int, int]]:
    """Quotable spans: sentences; every two neighbouring sentences (a figure and its breakdown, a
    claim and its reason); a bullet's title joined to the sentence after it; a sentence joined to
    the one it leans on ("It belongs …"); a bullet's title with the two sentences after it. The scorer's
    "joined" feature weighs the longer spans.
    reasons: a "why" question also gets every three neighbouring sentences (a premise, the claim,
    and "It belongs to …" or "Therefore …" drawing the conclusion)."""
    sentences = list(paragraph.sentences)
    out: list[tuple[int, int]] = []
    for i, (start, end) in enumerate(sentences):
        if reasons and i + 2 < len(sentences) and sentences[i + 2][1] - start <= _MAX_QUOTE_CHARS[lang]:
            out.append((start, sentences[i + 2][1]))
        nxt = sentences[i + 1] if i + 1 < len(sentences) else None
        prev = sentences[i - 1] if i else None
        if prev and _POINTS_BACK.match(paragraph.text[start:end]) and end - prev[0] <= _MAX_QUOTE_CHARS[lang]:
            out.append((prev[0], end))
            continue
        if nxt and nxt[1] - start <= _MAX_QUOTE_CHARS[lang]:  # a fact often spans two sentences
            out.append((start, nxt[1]))
        title = paragraph.bullet and i == 0 and end - start <= _LEAD_IN_CHARS[lang]
        # a bullet's title with the two sentences after it: "与时俱进，创新发展。" heads what the principle says,
        # and the sentence after the title alone stopped short of it ("汲取…经验…改革体制机制")
        if title and i + 2 < len(sentences) and sentences[i + 2][1] - start <= _MAX_QUOTE_CHARS[lang]:
            out.append((start, sentences[i + 2][1]))
        if not (nxt and (title or end - start < _SHORT_SENTENCE_CHARS[lang])):
            out.append((start, end))
    return list(dict.fromkeys(out))  # in order, each span once


def names_member(best: Candidate, run: list, q: Question) -> bool:
    """Whether the question is about one bullet of the run, not the run: its first sentence (the title)
    holds a topic word of the question that no other bullet's first sentence holds. "Which countries did
    China send medical teams to?" asks what "Send foreign medical teams. …" says, not for the nine ways
    China gives aid."""
    p = best.hit.paragraph
    if best.opens_list or all(o.id != p.id for o in run):
        return False

    def title(o) -> frozenset[str]:
        return sentence_terms(o.text[slice(*o.sentences[0])], p.lang)
    own = title(p) & (set(q.asked.focus) | set(q.terms))
    return bool(own - set().union(*(title(o) for o in run if o.id != p.id)))


def lead(paragraph, lang: str) -> tuple[int, int]:
    """A bullet's lead: its first sentence, with the next one when the first is only a title."""
    sentences = paragraph.sentences
    start, end = sentences[0]
    if len(sentences) > 1 and end - start < _LEAD_IN_CHARS[lang] // 2:
        end = sentences[1][1]
    return start, end


def compose(citations: list[Citation], lang: str, listed: int = 0) -> str:
    """Example: one English citation -> 'According to the white paper, “…” [1]'; listed=5 says how many
    items the paper's list has (more than are quoted, when it is longer than MAX_LISTED)."""
    if lang == "zh":
        head = f"白皮书列举了{listed}项：" if listed else "白皮书指出："
        return head + "".join(f"“{c.quote}”[{c.n}]" for c in citations)
    quotes = " ".join(f"“{c.quote}” [{c.n}]" for c in citations)
    more = f" (the first {len(citations)} are quoted)" if listed > len(citations) else ""
    head = f"The white paper lists {listed} items{more}:" if listed else "According to the white paper,"
    return f"{head} {quotes}"


def reason_first(candidates: list[Candidate], explains: tuple[tuple[str, int, int], ...]) -> list[Candidate]:
    """"Why?" after an answer: the best-scored span that gives a reason (because, in order to, 为了, 有利于 …)
    and lies in or next to a sentence the earlier answer quoted comes first, a span other than the earlier
    quote itself before it; without such a span the order is the scorer's. Not a weight: the question
    asks about that quote, and the paper puts a claim's reason beside it."""
    def quoted(c: Candidate) -> set[int]:  # the sentences of c's paragraph the earlier answer quoted
        return {i for pid, a, b in explains if pid == c.hit.paragraph.id for i in _sentences(c.hit.paragraph, a, b)}

    def rank(c: Candidate) -> int | None:
        """The first earlier quote c lies in or next to (the first is the answer's claim), or None."""
        mine = _sentences(c.hit.paragraph, c.start, c.end)
        return min((n for n, (pid, a, b) in enumerate(explains) if pid == c.hit.paragraph.id
                    and any(abs(i - j) <= 1 for i in mine for j in _sentences(c.hit.paragraph, a, b))), default=None)

    near = [c for c in candidates if rank(c) is not None and answer_types.reasons(c.text)]
    if not near:
        return candidates

    def preference(c: Candidate) -> tuple:
        # beside the earliest quote ("Why does that matter?" after the airports asks about the airports, not
        # about the refugees of the answer's fourth quote), then a span with a sentence not quoted yet,
        # repeating as little as it can, as short as it can, then the scorer's order ("这是…的重大举措，有利于…"
        # cannot stand alone: the claim before it comes along)
        mine = _sentences(c.hit.paragraph, c.start, c.end)
        repeats = len(mine & quoted(c))
        return -rank(c), repeats < len(mine), -repeats, -len(mine), c.prob

    first = max(near, key=preference)
    return [first, *(c for c in candidates if c is not first)]


def _sentences(paragraph, a: int, b: int) -> set[int]:
    """Indices of the paragraph's sentences that the span a:b touches."""
    return {i for i, (s, e) in enumerate(paragraph.sentences) if a < e and s < b}


def _naming_span(c: Candidate, candidates: list[Candidate], names: tuple[str, ...], lang: str) -> Candidate:
    """A span of a paragraph that names the asked subject, in place of one of the same paragraph that
    does not: "How has China helped Liberia?" quoted a paragraph's opening on Ebola, not its sentence on
    the treatment centre in Liberia. candidates: best first."""
    if answer_types.mentions(c.text, names, lang):
        return c
    same = (o for o in candidates if o.hit.paragraph.id == c.hit.paragraph.id and answer_types.mentions(o.text, names, lang))
    return next(same, c)
