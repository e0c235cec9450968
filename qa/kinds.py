"""What kind of answer a question wants, and how well a sentence fits that kind.

A "how many" question wants a number next to the thing counted; "what share" wants a
percentage; "how long" a duration; "when" a year; "which countries" a list. These
are bonuses on top of meaning and shared words, never a filter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.text import EN_STOP, stem

_KINDS: dict[str, re.Pattern[str]] = {
    "share": re.compile(r"\b(share|percentage|percent|proportion|ratio|fraction)\b|比例|比重|占.{0,6}(多少|几)|百分之", re.I),
    "duration": re.compile(r"\bhow long\b|\bhow many (days|months|years|weeks)\b|多久|多长时间|用了几|几天|几个月", re.I),
    "year": re.compile(r"\b(when|what year|which year|since when)\b|哪一年|哪年|何时|什么时候|哪个时间", re.I),
    "number": re.compile(r"\bhow (many|much|large|big)\b|\b(what|which) (number|amount|total)\b|\bnumber of\b|"
                         r"\btotal\b|多少|几[个名所项批次国位台人家万亿]?|数量|规模|总额|总共|一共", re.I),
    "why": re.compile(r"\bwhy\b|\bfor what reason\b|\bwhat (is|was) the (reason|purpose|point)\b|为什么|为何|原因|目的", re.I),
    "list": re.compile(r"\b(which|what) (countries|nations|organi[sz]ations|areas|fields|projects|regions|groups|"
                       r"agencies|institutions|sites|principles|roles|kinds|types|measures)\b|\blist\b|"
                       r"\bname (the|some)\b|\bexamples?\b|哪些|哪几|有什么|包括什么", re.I),
}
_HAS_NUMBER = re.compile(r"\d|[一二三四五六七八九十百千万亿两]+(?:个|名|所|项|批|次|国|年|天|万|亿|台|辆|期)")
_HAS_SHARE = re.compile(r"%|％|percent|百分之")
_HAS_DURATION = re.compile(r"\d+\s*(days?|weeks?|months?|years?)\b|\d+\s*(天|个月|周|年内)|(一|两|三|几)个月", re.I)
_HAS_YEAR = re.compile(r"\b(19|20)\d\d\b|(19|20)\d\d年")
_NUMBER_TOKEN = re.compile(r"\d[\d,.]*%?|[一二三四五六七八九十百千万亿两]+")
_EN_WORD = re.compile(r"[A-Za-z]+")
_COUNT_WORDS = re.compile(r"\b(?:how (?:many|much)|number of)\s+((?:[A-Za-z\-]+\s*){1,3})", re.I)


@dataclass(frozen=True)
class Kind:
    number: bool = False
    share: bool = False
    duration: bool = False
    year: bool = False
    list: bool = False
    why: bool = False
    counted: tuple[str, ...] = ()  # what a "how many" question counts: stems (en) or words (zh)


def classify(question: str, lang: str, focus_terms: list[str]) -> Kind:
    """Example: "How many rescue personnel did China send?" -> number, counted ("rescu", "personnel")."""
    found = {name: bool(p.search(question)) for name, p in _KINDS.items()}
    counted: tuple[str, ...] = ()
    if lang == "en":
        m = _COUNT_WORDS.search(question)
        if m:
            counted = tuple(stem(w) for w in _EN_WORD.findall(m.group(1))
                            if len(w) > 2 and w.lower() not in EN_STOP)[:2]
    else:
        counted = tuple(focus_terms[:3])
    return Kind(number=found["number"] or found["share"] or found["duration"], share=found["share"],
                duration=found["duration"], year=found["year"] and not found["number"], list=found["list"],
                why=found["why"], counted=counted)


def fit(kind: Kind, sentence: str, lang: str) -> float:
    """Bonus (0 to about 0.25) for a sentence that holds the kind of answer wanted."""
    bonus = 0.0
    if kind.number and _HAS_NUMBER.search(sentence):
        bonus += 0.05 + 0.12 * _counted_near_number(kind.counted, sentence, lang)
    if kind.share and _HAS_SHARE.search(sentence):
        bonus += 0.1
    if kind.duration and _HAS_DURATION.search(sentence):
        bonus += 0.12
    if kind.year and _HAS_YEAR.search(sentence):
        bonus += 0.06
    if kind.list and (sentence.count(",") + sentence.count("、") + sentence.count("，")) >= 3:
        bonus += 0.05
    return bonus


def _counted_near_number(counted: tuple[str, ...], sentence: str, lang: str) -> float:
    """Share of the counted words that stand close to a number ("1,000 rescue personnel")."""
    if not counted:
        return 0.0
    if lang == "zh":
        near = "".join(sentence[max(0, m.start() - 10): m.end() + 10] for m in _NUMBER_TOKEN.finditer(sentence))
        return sum(w in near for w in counted) / len(counted)
    words = _EN_WORD.findall(sentence.replace(",", ""))
    tokens = re.findall(r"\d[\d.]*|[A-Za-z]+", sentence.replace(",", ""))
    windows: set[str] = set()
    for i, tok in enumerate(tokens):
        if tok[0].isdigit():
            windows |= {stem(t) for t in tokens[max(0, i - 4): i + 6] if t.isalpha()}
    del words
    return sum(w in windows for w in counted) / len(counted)
