"""Traditional Chinese: told from Simplified, read in Simplified, shown back in Traditional.

The paper exists in Simplified characters only, and everything that reads a question
(jieba + BM25, answer types, abstention, follow-up cues) is keyed to Simplified words:
"國家國際發展合作署" matches nothing until it is "国家国际发展合作署". OpenCC does every
conversion here (phrase-level dictionaries with Taiwan and Hong Kong variants); we keep
no character table of our own.

Unlike qa/language.py, which names a question's language, this module only knows scripts.
Two choices that are not obvious:

- To Simplified, Taiwan's vocabulary (寮國 -> 老挝, 塔吉克 -> 塔吉克斯坦) comes from OpenCC's
  "tw2sp", which also rewrites ordinary words as if they were computer terms (建立 -> 创建,
  智慧 -> 智能, 核心 -> 内核). So each clause is converted both ways and the phrase-level
  result is kept only when more of its words (jieba's) are words of the paper.
- To Traditional, quotes are rendered with "s2tw" / "s2hk" (characters and regional variants)
  rather than "s2twp": a rendering of a quote should keep its words, and s2twp swaps them
  (老挝 -> 寮國, 格鲁吉亚 -> 喬治亞). Any rendering is labelled as a machine conversion:
  OpenCC's phrases can still be wrong ("30个中非" -> "30箇中非").
"""

from __future__ import annotations

import re
from collections.abc import Collection
from difflib import SequenceMatcher
from functools import cache, lru_cache

import jieba
import opencc

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CLAUSE = re.compile(r"([\s，。？！；：、,.?!;:（）()“”「」]+)")  # split keeping the separators


@cache
def converter(config: str) -> opencc.OpenCC:
    """One OpenCC converter per config name, e.g. "t2s", "hk2s", "s2tw" (they load in milliseconds)."""
    return opencc.OpenCC(config)


@lru_cache(maxsize=1024)  # pure; a question's script is asked up to ten times (identify, has_traditional, the region)
def _changed(text: str, config: str) -> int:
    """How many characters of text the conversion rewrites.

    Example: _changed("中國的援助", "t2s") -> 1 (國 -> 国)
    """
    if max(text, default="\0") < "\u3400":  # none of our conversions rewrites a character below U+3400
        return 0  # (each config checked on every one of them): English is not converted, 20 us a question
    out = converter(config).convert(text)
    if len(out) == len(text):
        return sum(a != b for a, b in zip(text, out, strict=True))
    return _distance(text, out)


def undecided(text: str) -> bool:
    """No character of text belongs to one script only. Example: "那非洲呢？" -> True; "那非洲呢？中國" -> False"""
    return _changed(text, "t2s") == 0 and min(_changed(text, "s2tw"), _changed(text, "s2hk")) == 0


def is_traditional(text: str) -> bool:
    """True when text has more Traditional-only characters than Simplified-only ones.

    Most characters are shared by both scripts, so a question is judged by the ones that
    are not: those that t2s rewrites (Traditional forms) against those that s2t rewrites
    (Simplified forms). A tie, including no Han at all, is Simplified: reading a question
    as Simplified is what happens anyway.

    Example: "國家國際發展合作署是哪一年成立的？" -> True; "中国对外援助" -> False; "一带一路" -> False
    """
    if not _HAN.search(text):
        return False
    # subtle: s2tw/s2hk, not s2t, count the Simplified forms: s2t rewrites 台 (台灣) to 臺, a
    # character Taiwan and Hong Kong use every day
    simplified_only = min(_changed(text, "s2tw"), _changed(text, "s2hk"))
    return _changed(text, "t2s") > simplified_only


def has_traditional(text: str) -> bool:
    """Any character that t2s rewrites. Example: "中国派出多少醫療隊员" -> True (mixed, still read in Simplified)"""
    return _changed(text, "t2s") > 0


def variant(text: str) -> str:
    """ "hk" when Hong Kong's rendering of the text's Simplified form is closer to it than Taiwan's.

    Example: variant("衞生綫") -> "hk" (Taiwan writes 衛生線); variant("國際發展") -> "tw" (a tie)
    """
    simplified = converter("hk2s").convert(text)  # subtle: t2s leaves Hong Kong forms (衞) alone
    to_hk = _distance(text, converter("s2hk").convert(simplified))
    return "hk" if to_hk < _distance(text, converter("s2tw").convert(simplified)) else "tw"


def _distance(a: str, b: str) -> int:
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True))
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")


def vocabulary(text: str) -> frozenset[str]:
    """The words (jieba, two or more Han characters) of a Simplified text, e.g. of the paper."""
    return frozenset(w for w in jieba.lcut(text) if len(w) > 1 and _HAN.match(w))


def to_simplified(text: str, known: Collection[str] = frozenset()) -> str:
    """Traditional (Taiwan or Hong Kong) -> Simplified, for reading only.

    known: the paper's words (see vocabulary()); with them, a clause takes Taiwan's
    phrase-level conversion only where that conversion uses more of the paper's words.

    Example: to_simplified("寮國的電子商務", vocabulary(paper)) -> "老挝的电子商务"
    """
    if variant(text) == "hk":
        return converter("hk2s").convert(text)
    return "".join(_clause(part, known) for part in _CLAUSE.split(text))


def _clause(part: str, known: Collection[str]) -> str:
    plain = converter("tw2s").convert(part)
    phrased = converter("tw2sp").convert(part)
    if phrased == plain or not known:
        return plain
    return phrased if _coverage(phrased, known) > _coverage(plain, known) else plain


def _coverage(text: str, known: Collection[str]) -> int:
    """Words of text found in known, less those not found. Example: ("老挝的电子商务", paper) -> 2"""
    words = [w for w in jieba.lcut(text) if len(w) > 1 and _HAN.match(w)]
    return sum(1 if w in known else -1 for w in words)


def to_traditional(text: str, region: str = "tw") -> str:
    """Simplified -> Traditional characters of the region ("tw" or "hk"); the words stay the same.

    Example: to_traditional("白皮书没有涉及这个问题。") -> "白皮書沒有涉及這個問題。"
    """
    return converter("s2hk" if region == "hk" else "s2tw").convert(text)


def to_traditional_outside(text: str, keep: Collection[str], region: str = "tw") -> str:
    """text in Traditional characters except every occurrence of the strings in keep (the quotes).

    Example: to_traditional_outside("白皮书指出：“中国派出医疗队”[1]", ["中国派出医疗队"])
    -> "白皮書指出：“中国派出医疗队”[1]"
    """
    kept = [False] * len(text)
    for quote in filter(None, keep):
        at = text.find(quote)
        while at >= 0:
            kept[at:at + len(quote)] = [True] * len(quote)
            at = text.find(quote, at + 1)
    out, start = [], 0
    for i in range(1, len(text) + 1):
        if i == len(text) or kept[i] != kept[start]:
            piece = text[start:i]
            out.append(piece if kept[start] else to_traditional(piece, region))
            start = i
    return "".join(out)
