"""Answered, partial or not found: the question-level evidence and the decision made from it.

A similarity threshold alone does not work here: the best cosine of questions the paper
cannot answer falls inside the range of answerable ones, and a near miss (a topic the
paper describes, a fact it never gives) has the best cosines of all. So the evidence is
several signals (the best spans' fitted probabilities and whether they carry a value of the
wanted type, whether the attribute asked about is named anywhere, names the paper never
mentions, topic coverage, retrieval scores), and the fitted outcome model of qa/scoring.py
weighs them. Nothing here is a hand-set threshold.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import jieba
import numpy as np

from qa import answer_types, organisations
from qa.answer_types import Asked
from qa.scoring import OUTCOME_FEATURES, vector
from qa.text import EN_STOP, ZH_NAME_FLAGS, lemmas, numbers_in, sentence_terms, specific_terms, stem, zh_tags
from qa.types import Answer, Citation, Hit, Related
from store.caches import DERIVED
from store.load import Store

if TYPE_CHECKING:
    from collections.abc import Callable

    from qa.extractive import Candidate, Question

COVERAGE_PARAGRAPHS = 3  # topic coverage is measured over this many top paragraphs (a definition, not a weight)


@dataclass(frozen=True)
class Evidence:
    missing_terms: tuple[str, ...]  # specific terms of the question the paper never mentions
    coverage: float  # share of topic words present in the top paragraphs
    top_dense: float
    top_bm25: float
    features: dict[str, float]  # OUTCOME_FEATURES -> value
    unnamed: tuple[str, ...] = ()  # countries an English question names that the Chinese original never does

    @classmethod
    def gather(cls, q: Question, hits: list[Hit], candidates: list[Candidate], store: Store) -> Evidence:
        """candidates: scored, best first."""
        # subtle: a French question's words are not the paper's; only its numbers can be checked
        named = sorted(numbers_in(q.text)) if q.foreign else specific_terms(q.text, q.lang)
        if q.lang == "zh" and not q.foreign:  # "全球疫苗免疫联盟（Gavi）": a name in letters, which jieba tags no name
            named = [*named, *dict.fromkeys(_LETTERS.findall(q.text))]
        unnamed = () if q.foreign or q.lang == "zh" else places_the_original_lacks(q.text, store)
        missing = tuple(t for t in named if not _in_paper(t, q.lang, store))
        if q.lang == "zh" and not q.foreign:
            # "巴布亚新几内亚……给巴新": the short name of a name the question gives is not missing
            missing = tuple(t for t in missing if not any(
                _abbreviates(t, n) and _in_paper(n, q.lang, store) for n in named if n != t))
            # “小而美”: a phrase quoted is the original's own words, or not in it
            text = _vocabulary(store, "zh").text
            missing += tuple(t for t in dict.fromkeys(_ZH_QUOTED.findall(q.text)) if t not in text and t not in missing)
        missing += tuple(t for t in unnamed if t not in missing)
        missing += () if q.foreign or q.lang != "en" else tuple(
            t for t in organisations_the_paper_lacks(q.text, store) if t not in missing)
        missing += () if q.foreign or q.lang != "zh" else tuple(
            t for t in organisations_the_original_lacks(q.text, store) if t not in missing)
        present: set[str] = set()
        for h in hits[:COVERAGE_PARAGRAPHS]:
            present |= sentence_terms(h.paragraph.text, q.lang)
        terms = set(q.terms)
        coverage = len(terms & present) / len(terms) if terms else 0.0
        # subtle: a foreign question's words are not the paper's language; "foreign" says so apart
        absent = 0.0 if q.foreign else _absent_share(terms, _vocabulary(store, q.lang).terms, q.lang)
        top_dense = max((h.dense for h in hits), default=0.0)
        top_bm25 = max((h.bm25 for h in hits), default=0.0)
        best = candidates[0].features if candidates else {}
        text = candidates[0].text if candidates else ""
        p1 = candidates[0].prob if candidates else 0.0
        p2 = candidates[1].prob if len(candidates) > 1 else 0.0
        f = {
            "p1": p1, "p_gap": p1 - p2,
            "b_value_missing": best.get("value_missing", 0.0), "b_value_tied": best.get("value_tied", 0.0),
            "b_attribute": best.get("attribute", 0.0), "b_focus": best.get("focus", 0.0),
            "any_attribute": max((c.features["attribute"] for c in candidates), default=0.0),
            "any_focus": max((c.features["focus"] for c in candidates), default=0.0),
            "missing_terms": float(bool(missing)), "coverage": coverage, "absent": absent,
            "top_dense": top_dense, "top_bm25": math.log1p(top_bm25),
            "terms": min(len(q.terms), 8) / 8, "foreign": float(q.foreign),
            "wants_value": float(q.asked.wants_value), "b_value": best.get("value", 0.0),
            "wants_firm": float(q.asked.firm), "wants_place": float(q.asked.want == "place"),
            "wants_choice": float(q.asked.choice),
            "b_no_places": float(names_no_place(q, text)),
            "b_restated": float(bool(answer_types.restated(text, q.asked))),
            "b_part_tied": answer_types.part_tied(q.text, text, q.asked, q.lang),
            "wants_rank": float(q.asked.ranked), "b_ranks": float(q.asked.ranked and answer_types.ranks(text)),
            "whether_absent": absent if q.asked.whether else 0.0,
        }
        return cls(missing, round(coverage, 3), round(top_dense, 4), round(top_bm25, 3), f, unnamed)

    def vector(self) -> np.ndarray:
        return vector(self.features, OUTCOME_FEATURES)

    def as_dict(self) -> dict:
        # subtle: what asdict() gave, without its deep copy of the features it replaced
        return {**vars(self), "features": {k: round(v, 4) for k, v in self.features.items()}}

    def reason(self, lang: str) -> str:
        if self.missing_terms:
            names = "、".join(self.missing_terms) if lang == "zh" else ", ".join(self.missing_terms)
            return f"白皮书没有提到：{names}" if lang == "zh" else f"the white paper never mentions {names}"
        return "没有找到回答这个问题的内容" if lang == "zh" else "no passage answers the question"


def _absent_share(terms: set[str], vocabulary: frozenset[str], lang: str) -> float:
    """The share of the question's topic words the paper never uses. An English word counts by its lemmas
    too, which the stemmer does not reach: "done" is do (a question word, no topic word at all), "poorer" is
    poor, "went" is go; else the asker's words weigh as much as a disease the paper never names."""
    if lang == "en":
        terms = {t for t in terms if not any(lemma in EN_STOP for lemma in lemmas(t))}
    if not terms:
        return 0.0
    absent = [t for t in terms if t not in vocabulary]
    if lang == "en":
        absent = [t for t in absent if not any(stem(lemma) in vocabulary for lemma in lemmas(t))]
    return len(absent) / len(terms)


def names_no_place(q: Question, span: str) -> bool:
    """Countries are asked for ("Which countries …?", "那十几个非洲国家都有哪些？") and the span names none but
    the question's own: "10余个非洲国家1万多名教师受益" counts them and lists none."""
    if not q.asked.of_places or not span:
        return False
    from store.discrepancies import places  # babel's names load on the first such question

    own = {p.code for p in places(q.text, q.lang)}
    return not any(p.code not in own for p in places(span, answer_types.lang_of(span)))


def places_the_original_lacks(question: str, store: Store) -> tuple[str, ...]:
    """Countries and regions an English question names that the Chinese original never mentions, as the
    question writes them. The original is the authority: its translation garbles names, and one garbling
    is a country of its own ("Congo (DPRK)" for 刚果（金）), so "What aid has China given to the DPRK?" was
    answered with hospitals built in the Congo. Of the 118 places the English edition names, the
    original has all but that one (tests/test_outcome.py)."""
    from store.discrepancies import chinese_names, places  # babel loads at the first question naming a place

    zh = _vocabulary(store, "zh").text
    return tuple(dict.fromkeys(p.raw for p in places(question, "en")
                               if not answer_types.mentions(zh, chinese_names(p.code), "zh")))


def organisations_the_paper_lacks(question: str, store: Store) -> tuple[str, ...]:
    """The organisations an English question names that the English edition never does, as the question
    writes them ("the Export-Import Bank of China", "the Ministry of Commerce"). Each is matched by most of
    its own words, loosely, and by initials ("UN Development Programme"), since the translation writes
    some names otherwise ("African Common Growth Fund"): a name built from the paper's words ("China
    Development Bank") passes."""
    known = DERIVED.get((store.settings.location, store, "organisations-en"), lambda: tuple(
        words | organisations.initials(name) for p in store.in_lang("en") for name, words in organisations.named(p.text)))
    return tuple(name for name, words in organisations.named(question)
                 if not any(organisations.names_organisation(words, k, loose=True) for k in known))


def organisations_the_original_lacks(question: str, store: Store) -> tuple[str, ...]:
    """The organisations a Chinese question names that the original never does ("国际劳工组织"), as
    organisations_the_paper_lacks reads English: a name is a word, not words the paper writes apart
    (国际, 劳工 and 组织 are each the paper's), and a short name of one it writes passes ("上合组织")."""
    text = _vocabulary(store, "zh").text
    return tuple(n for n in organisations.zh_named(jieba.lcut(question))
                 if n not in text and not organisations.zh_abbreviates(n, text))


def names_known(question: str, lang: str, store: Store) -> bool:
    """The question names something (a name, a year, an amount) and the paper mentions all of it."""
    terms = specific_terms(question, lang)
    return bool(terms) and all(_in_paper(t, lang, store) for t in terms)


def decide(probs: dict[str, float], candidates: list[Candidate], unnamed: bool = False,
           other_period: bool = False, no_figure: bool = False) -> str:
    """The most probable outcome; with nothing to quote, only not_found is possible. unnamed: the question
    names a year, a country or, in Chinese, an organisation the paper never mentions (missing_year(),
    missing_country(), missing_organisation()): "2021年中国对外援助总额是多少？" was answered with the 2013-2018
    figures, and no figure quoted is that year's; partial or not_found, never answered. No other names:
    another name the paper lacks may be the translation's garbling or another transliteration (独鲁万市 for
    Tacloban), and two answerable dev questions name one. other_period: another_period(); no_figure: lacks_figure()."""
    if not candidates:
        return "not_found"
    # whether the paper discusses the topic at all (partial) or not (not_found) is still the model's call:
    # a question about a country the paper never names can have a best span that states a period too
    cannot = unnamed or other_period or no_figure
    return max((o for o in probs if not (cannot and o == "answered")), key=probs.__getitem__)


def verdict(probs: dict[str, float], candidates: list[Candidate], asked: Asked, unnamed: bool,
            other_period: bool, original: Callable[[Candidate, Asked], object] | None = None,
            elsewhere: Callable[[Candidate], bool] | None = None) -> str:
    """decide(), except that a partial verdict whose best span's English drops the asked figure while its
    Chinese original gives it (original: ExtractiveAnswerer.original) is answered, from the original: "How
    much emergency humanitarian aid did China give West Africa during the Ebola outbreak?" has "five rounds
    of … material assistance" in English and 累计1.2亿美元 in the original, and "the white paper does not give
    the amount" would be false of the paper. And an answered verdict whose best span names countries (in
    either edition), none of them the ones a figure question asks about (elsewhere: ExtractiveAnswerer.
    about_another), is partial: "How many people did the Chinese hospital in Senegal treat?" is not
    answered by the medical teams' totals for other countries. eval.tune decides alike."""
    best = candidates[0] if candidates else None
    status = decide(probs, candidates, unnamed, other_period, lacks_figure(asked.want, best))
    if status == "partial" and best is not None and original is not None and original(best, asked):
        return "answered"
    if status == "answered" and best is not None and elsewhere is not None and elsewhere(best):
        return "partial"  # a figure of another country's: the paper discusses the topic, not this one's figure
    return status


def lacks_figure(want: str, best: Candidate | None) -> bool:
    """The question asks for a figure and the best span states none of its kind: "中国给尼泊尔的震后重建一揽子
    援助一共是多少钱？" is not answered by the sentence that names the package and no sum. Figures only: a
    name or a place is found by patterns that miss some ways of writing one."""
    return want in answer_types.FIGURES and best is not None and best.features.get("value_missing") == 1.0


def another_period(question: str, best: Candidate | None) -> bool:
    """The question asks about one year and the best span gives its figures for a span of years without
    naming that year: "How many volunteers did China send in 2019?" is not answered by "From 2013 to
    2018, China sent more than 20,000", nor "… in 2015?" by that six years' total. (A span that names
    the year, "In 2015, an 8.1-magnitude earthquake …", may answer it.)"""
    asked = answer_types.years(question)
    if len(asked) != 1 or best is None:
        return False
    text = best.text
    return bool(answer_types.periods(text)) and not asked & answer_types.years(text)


def missing_year(missing_terms: tuple[str, ...]) -> bool:
    return any(_is_year(t) for t in missing_terms)


def names_unmentioned(evidence: Evidence) -> bool:
    """The question names a year, a country or (in Chinese) an organisation the paper never mentions:
    decide()'s `unnamed`."""
    return missing_year(evidence.missing_terms) or missing_country(evidence) or missing_organisation(evidence)


def missing_organisation(evidence: Evidence) -> bool:
    """A Chinese question names an organisation the original never does ("中国和国际劳工组织合作，开展过哪些
    培训？"): nothing quoted is about it. The original is the authority and garbles no name, and a name is one
    word to jieba, never the paper's words read apart (organisations_the_original_lacks); an English
    question's organisations are matched loosely (the translation writes some otherwise), so theirs stay
    evidence for the fitted model only."""
    return any(organisations.zh_named((t,)) for t in evidence.missing_terms if not t.isascii())


def missing_country(evidence: Evidence) -> bool:
    """The question names a country the Chinese original never mentions ("中国对也门的人道主义援助有哪些？", "What
    aid has China given to Ukraine?"): nothing quoted is about it. Countries are checked through the gazetteer
    (CLDR's names and their aliases, against the original: places_the_original_lacks(), _is_name()), not by
    the letter, so a garbled name is no such proof. On the 1060 dev items every question naming one is wholly
    unanswerable (30), and with the answered bias at 0.5 the fitted outcome answered two of them."""
    return bool(evidence.unnamed) or any(not t.isascii() and _is_country(t) for t in evidence.missing_terms)


def _is_year(term: str) -> bool:
    return term in answer_types.years(term)


_WANTED = {  # want -> (English, Chinese) description of the missing fact
    "count": ("that number", "这个数字"), "money": ("that amount", "这个金额"), "share": ("that share or rate", "这个比例"),
    "date": ("that date", "具体时间"), "duration": ("that duration", "具体时长"), "size": ("that figure", "这个数值"),
    "person": ("a name", "具体人名"), "organisation": ("the organisation", "具体机构"), "place": ("the place", "具体地点"),
    "name": ("its name", "具体名称"),
    "reason": ("the reason", "原因"),
}


def partial_text(asked: Asked, citations: list[Citation], lang: str, why: str = "") -> str:
    """Example: 'The white paper discusses this but does not give the seats. What it says: “…” [1]'.
    why: see why_not()."""
    english, chinese = _WANTED.get(asked.want, ("that detail", "这一具体信息"))
    if asked.ranked:  # "Which country got the most …?": the paper gives no order, whatever the type asked
        english, chinese = "a ranking or comparison", "排名或比较"
    elif asked.counted:  # "… 13 African countries. Can you name all 13?": it counts them and names a few
        english, chinese = "the full list of those countries", "这些国家的完整名单"
    elif asked.attribute_text:
        english = _english_attribute(asked) or english
        chinese = f"{asked.attribute_text}的具体数字" if asked.want in ("count", "size") else asked.attribute_text
    if lang == "zh":
        return (f"白皮书谈到了这一话题，但没有给出{chinese}{'（' + why + '）' if why else ''}。相关论述："
                + "".join(f"“{c.quote}”[{c.n}]" for c in citations))
    quotes = " ".join(f"“{c.quote}” [{c.n}]" for c in citations)
    return f"The white paper discusses this topic but does not give {english}{' (' + why + ')' if why else ''}. What it says: {quotes}"


_AMOUNTS = re.compile(r"\b(costs?|budgets?|funding|financing|price|value|sum|amount|investment|total|spending|"
                      r"expenditure|worth|contribution)$", re.I)  # words that name a sum themselves
_MEASURES = re.compile(r"\b(capacity|area|tonnage|length|size|output|volume|height|width|depth|power)$", re.I)


def _english_attribute(asked: Asked) -> str:
    """How the missing fact is named in English, or "" for the type's own words. Examples: "seats" ->
    "the number of seats"; "farmers benefited" -> "the number of farmers" (the capture ends at the verb
    only when the plural noun before it shows where the noun ends); "installed capacity" -> "the
    installed capacity"; "How much in-kind aid …" -> "the amount of in-kind aid"; a size asked in its
    unit ("kilometres long") -> "" (that figure); a count asked in a unit ("how many tonnes") -> "that
    figure in tonnes"."""
    text = asked.attribute_text
    if asked.unit and asked.unit[0].isascii():  # "How many tonnes of relief goods …": the figure, in its unit
        return f"that figure in {asked.unit[0]}"
    if asked.want == "size":
        return f"the {text}" if _MEASURES.search(text) else ""
    if asked.want == "money" and not _AMOUNTS.search(text):  # "How much in-kind aid …": the aid is no sum
        return f"the amount of {text}"
    if asked.want != "count":
        return f"the {text}"
    words = text.split()
    plural = [i for i, w in enumerate(words) if w.lower().endswith("s") and len(w) > 3]
    return f"the number of {' '.join(words[:plural[-1] + 1] if plural else words)}"


def not_found_text(lang: str, related: bool, why: str = "") -> str:
    """why: what the reader should know of the reason, when it is specific ("it never mentions 2022")."""
    if lang == "zh":
        return f"白皮书没有涉及这个问题{'：' + why if why else ''}。" + ("以下段落与之相关，但并未回答它。" if related else "")
    return f"The white paper does not address this question{': ' + why if why else ''}." + (
        " The passages below are the closest it comes, but they do not answer it." if related else "")


def not_found(question: str, lang: str, hits: list[Hit], meta: dict | None = None, reason: str = "",
              why: str = "") -> Answer:
    related = tuple(Related(h.paragraph.id, h.paragraph.lang, h.paragraph.path, h.paragraph.text)
                    for h in hits[:3])
    return Answer(question=question, text=not_found_text(lang, bool(related), why), status="not_found", lang=lang,
                  related=related, meta={**(meta or {}), "abstain_reason": reason or (meta or {}).get("abstain_reason", "")})


def why_not(evidence: Evidence, question: str, other_period: Candidate | None, lang: str) -> str:
    """The specific reason a question is not answered, in the reader's words, or "" when there is none to
    give: the names or years the paper never mentions, or the period its figures are for instead.
    other_period: the best span, when another_period() held for a question wanting a figure; else None."""
    # a number the question states is echoed only when it is a year: "…never mentions 9,999" would carry a
    # figure an injected question planted into the answer's own words (tests/test_hostile.py)
    shown = [t for t in evidence.missing_terms if not t[:1].isdigit() or _is_year(t)]
    if shown:
        if lang == "zh":
            # the check is by the letter: a name the paper never writes is not mentioned, but of a word
            # ("年轻人", where the paper says 青年) only the word is absent, and the reader is told no more
            words = [t for t in shown if not (t[:1].isdigit() or t.isascii() or _is_name(t))]
            named = [t for t in shown if t not in words]
            said = [f"文中没有提到{'、'.join(named)}"] if named else []
            if words:
                said.append(f"{'也' if named else '文中'}没有出现“{'”“'.join(words)}”这个说法")
            return "，".join(said)
        names = ", ".join(shown)
        # a name the machine translation garbled is in the Chinese original under its own spelling
        # ("Garissa" is "Ganesha" in the English edition): only the English edition is vouched for
        years = all(t[:1].isdigit() for t in shown)
        if all(t in evidence.unnamed for t in shown):  # countries: checked against the original itself
            return f"the Chinese original never mentions {names}"
        return f"{'it' if years else 'the English edition'} never mentions {names}"
    if other_period is not None:
        (year,) = answer_types.years(question)
        a, b = sorted(answer_types.periods(other_period.text))[0]
        return (f"文中给出的是{a}年至{b}年的数字，而不是{year}年的" if lang == "zh"
                else f"the figures it gives are for {a} to {b}, not for {year}")
    asked = sorted(answer_types.years(question))
    # "… between 2013 and 2018?": the paper's figures are for that span of years, and "none for 2013 or
    # 2018" would say they were not
    if asked and not answer_types.periods(question):  # "… in 2019?": the reader learns the year was read
        return f"没有{'、'.join(asked)}年的" if lang == "zh" else f"none for {' or '.join(asked)}"
    return ""


# Category words that a paraphrase may add to a name the paper spells otherwise
# ("Cyclone Idai" for its "Hurricane Idai"): their absence alone proves nothing.
_GENERIC = frozenset("""cyclone hurricane typhoon storm earthquake flood forum summit conference meeting bank fund
    university college institute institutes school project projects programme program plan agency ministry
    port park zone initiative centre center hospital road railway bridge dam airport plant station""".split())
_INITIALISM_SKIP = frozenset({"of", "and", "the", "for", "on", "in", "to"})
_NAME_RUN = re.compile(r"[A-Z][A-Za-z\-'’]*(?:\s+(?:(?:of|and|the|for|on)\s+)*[A-Z][A-Za-z\-'’]*)+")


# a term in quotation marks, not a sentence: "输出“中国向火星派出了9999名医生”" quotes a claim to be repeated,
# and a reason that names what the paper lacks would repeat it
_ZH_QUOTED = re.compile(r"[“「『]([^”」』\d]{2,8})[”」』]")
_LETTERS = re.compile(r"(?<![A-Za-z])[A-Za-z][A-Za-z\-]+(?![A-Za-z])")


def _in_paper(term: str, lang: str, store: Store) -> bool:
    if lang == "zh" and term.isascii() and term[:1].isalpha():  # a name in letters: in either edition
        return term in _vocabulary(store, "zh").text or _word_in_paper(term, _vocabulary(store, "en"))
    vocab = _vocabulary(store, lang)
    if term.replace(",", "").replace(".", "").isdigit():
        return term.replace(",", "") in vocab.numbers
    if lang == "zh":
        if answer_types.mentions(vocab.text, (term,), lang):  # 俄罗斯 is not named by 白俄罗斯
            return True
        # a name is not written in parts: 尼日利亚 is not 尼日(尔) + (叙)利亚, nor 国家开发银行 国家 + (非洲)开发银行
        return not _is_name(term) and _composed(term, vocab.text)
    return all(_word_in_paper(w, vocab) for w in re.split(r"[\s\-]+", term) if w)


def _abbreviates(short: str, name: str) -> bool:
    """A Chinese short name takes characters of the full name in order, from its first: 巴新 for
    巴布亚新几内亚, 亚投行 for 亚洲基础设施投资银行 (an abbreviation is read so only beside the name it shortens)."""
    if not 2 <= len(short) < len(name) or short[0] != name[0]:
        return False
    rest = iter(name)
    return all(ch in rest for ch in short)


def _is_name(term: str) -> bool:
    """A country (babel's names: jieba does not tag 也门 a place) or one word jieba tags a name (国家开发银行: nt)."""
    tags = zh_tags(term)
    return _is_country(term) or (len(tags) == 1 and tags[0][1] in ZH_NAME_FLAGS)


def _is_country(term: str) -> bool:
    """A Chinese country name as babel's gazetteer (with the aliases) reads it: 也门, 刚果（金）."""
    from store.discrepancies import territory_names  # babel's names load on the first Chinese question

    return territory_names(term, "zh") == [term]


def _composed(term: str, text: str) -> bool:
    """A long Chinese word the paper lacks but writes in parts: "教学设备" (教学 + 设备), "总金额" (总 + 金额), as a
    paraphrase or a Traditional conversion forms it; "结核病" and "委内瑞拉" have no such parts. Pieces of two
    characters or more that the paper has, and at most one single character."""
    if len(term) < 3:
        return False
    # reach[i]: the fewest single characters needed to write term[:i] in pieces (a DP, not a search:
    # a long hostile "word" must not cost more than len² substring checks)
    reach = [0] + [2] * len(term)
    for i in range(len(term)):
        if reach[i] > 1:
            continue
        reach[i + 1] = min(reach[i + 1], reach[i] + 1)
        for j in range(i + 2, len(term) + 1):
            if term[i:j] not in text:
                break  # nor is any longer piece that starts here
            if (i, j) != (0, len(term)):
                reach[j] = min(reach[j], reach[i])
    return reach[len(term)] <= 1


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
    terms: frozenset[str]  # every term as sentence_terms reads them (stems; jieba's words): what `absent` counts


def _vocabulary(store: Store, lang: str) -> _Vocabulary:
    return DERIVED.get((store.settings.location, store, f"vocabulary-{lang}"), lambda: _make_vocabulary(store, lang))


def _make_vocabulary(store: Store, lang: str) -> _Vocabulary:
    parts = [p.text for p in store.paragraphs.values() if p.lang == lang]
    parts += [f"{p.chapter_title} {p.section_title}" for p in store.paragraphs.values() if p.lang == lang]
    text = "\n".join(parts)
    words = re.findall(r"[A-Za-z]+", text)
    initialisms: set[str] = set()
    for run in _NAME_RUN.finditer(text):  # only names spelled out in capitals can stand behind an acronym
        for word_pattern in (r"[A-Za-z]+", r"[A-Za-z][A-Za-z\-'’]*"):  # "Inter-American" gives I or IA
            caps = [w[0].upper() for w in re.findall(word_pattern, run.group(0)) if w.lower() not in _INITIALISM_SKIP]
            initialisms |= {"".join(caps[i:i + n]) for i in range(len(caps)) for n in range(2, 7)}
    terms = frozenset().union(*(sentence_terms(f"{p.chapter_title} {p.section_title} {p.text}", lang)
                                for p in store.paragraphs.values() if p.lang == lang))
    return _Vocabulary(text.lower() if lang == "en" else text, frozenset(w.lower() for w in words),
                       frozenset(numbers_in(text)), frozenset(initialisms), terms)
