"""The part of the paper a question names: "According to the conclusion, …", "前言里…", "In chapter 4, …",
"展望部分…", or a section by its subject ("讲生态环保那一节时，…", "In the section on health, …").

A reader who names a part means its passages: "According to the conclusion, why do countries need to
deepen partnerships?" was answered from chapter 7, whose words matched better. The answer pipeline puts
the named part's passages first (qa/answer.py); this module only reads the question.
"""

from __future__ import annotations

import re
from collections.abc import Callable

PREFACE, OUTLOOK, CONCLUSION = 0, 8, 9  # store/paragraphs.py: 0 the preface, 8 "…Outlook" (…展望), 9 the conclusion
CHAPTERS = range(1, 9)

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8}
_EN_ORDINAL = {w: n for n, w in enumerate("first second third fourth fifth sixth seventh eighth".split(), start=1)}
_EN_CARDINAL = {w: n for n, w in enumerate("one two three four five six seven eight".split(), start=1)}
_ZH_DIGIT = {c: n for n, c in enumerate("一二三四五六七八", start=1)}

# as a part of the paper, not any conclusion ("the conclusion of an agreement"): "in / according to the
# conclusion", "the paper's conclusion", "the conclusion says"
_EN_REFERENCE = (r"\b(?:in|according to|from|per|by|of)\s+(?:the|its)\s+(?:(?:white\s+)?paper'?s\s+)?{part}\b"
                 r"|\b(?:white\s+)?paper'?s\s+{part}\b|\bthe\s+{part}\s+(?:say|state|mention|note|argue|claim|call|"
                 r"describe|stress|tell|list|promise)(?:s|ed|d)?\b|\bthe\s+{part}\s+(?:of|to)\s+the\s+(?:white\s+)?paper\b")
_EN_PREFACE = re.compile(_EN_REFERENCE.format(part="(?:preface|foreword|introduction)"), re.I)
_EN_CONCLUSION = re.compile(_EN_REFERENCE.format(part="(?:conclusion|concluding (?:part|section|remarks|chapter))"), re.I)
_EN_CHAPTER = re.compile(r"\bchapter\s+(\d|[ivx]{1,4}|one|two|three|four|five|six|seven|eight)\b"
                         r"|\b(first|second|third|fourth|fifth|sixth|seventh|eighth)\s+chapter\b", re.I)
# the outlook chapter, named ("展望部分", "the paper's outlook") or by the phrase that turns a reader to it
# ("Looking ahead, …", "展望未来，…"), also after a connective or words that change the subject ("So, looking
# ahead, …", "Different subject: looking ahead, …", "换个话题：展望未来，…")
_EN_SWITCH = (r"(?:(?:on\s+)?(?:a\s+)?(?:different|another|new|other|separate)\s+(?:subject|topic|question|matter)|"
              r"chang(?:e|ing)\s+(?:the\s+)?(?:subject|topic)|switching\s+(?:topics?|subjects?|gears)|something\s+else|"
              r"and|so|now|also|finally|lastly)\W+")
_ZH_SWITCH = r"(?:换个话题|换一个话题|换个问题|换一个问题|说点别的|另外|最后|那么|那)[：:，,。\s]*"
_EN_OUTLOOK = re.compile(_EN_REFERENCE.format(part=r"outlook(?:\s+(?:section|chapter|part))?")
                         + rf"|^\W*(?:{_EN_SWITCH})?looking\s+(?:ahead|forward)\b", re.I)
_ZH_OUTLOOK = re.compile(rf"展望(?:部分|一章|那一?章|章节|篇)|^\W*(?:{_ZH_SWITCH})?展望未来")
# a part named by its subject: "讲生态环保那一节", "关于卫生的那部分", "in the section on health", "its humanitarian chapter"
_ZH_SUBJECT_PART = re.compile(r"(?:讲|谈|关于|介绍)(?P<x>[^，,。？?；;]{2,12}?)(?:的)?(?:那一?|这一?|一)?(?P<kind>节|章|部分)")
_EN_SUBJECT_PART = re.compile(r"\b(?:in|from|according to)\s+the\s+(?P<kind>section|chapter|part)\s+(?:on|about)\s+(?P<x>[^,?.;]{3,60})"
                              r"|\b(?:the|its)\s+(?P<x2>[a-z\-]{4,}(?:\s+[a-z\-]{4,})?)\s+(?P<kind2>section|chapter)\b", re.I)
_ZH_PREFACE = re.compile(r"前言|序言|引言")
_ZH_CONCLUSION = re.compile(r"结束语|结语|结尾部分")
_ZH_CHAPTER = re.compile(r"第\s*([一二三四五六七八]|[1-8])\s*(?:章|部分)")


def named_part(question: str, lang: str) -> int | None:
    """The chapter number (0 preface, 1-8, 9 conclusion) the question names, or None.

    Example: "According to the conclusion, why …?" -> 9; "白皮书第三部分讲了什么？" -> 3
    """
    if lang == "zh":
        if _ZH_PREFACE.search(question):
            return PREFACE
        if _ZH_CONCLUSION.search(question):
            return CONCLUSION
        if _ZH_OUTLOOK.search(question):
            return OUTLOOK
        m = _ZH_CHAPTER.search(question)
        return (_ZH_DIGIT.get(m.group(1)) or int(m.group(1))) if m else None
    if _EN_PREFACE.search(question):
        return PREFACE
    if _EN_CONCLUSION.search(question):
        return CONCLUSION
    if _EN_OUTLOOK.search(question):
        return OUTLOOK
    m = _EN_CHAPTER.search(question)
    if not m:
        return None
    word = (m.group(1) or m.group(2)).lower()
    number = int(word) if word.isdigit() else _ROMAN.get(word) or _EN_CARDINAL.get(word) or _EN_ORDINAL.get(word)
    return number if number in CHAPTERS else None


def named_subject_part(question: str, lang: str, titles: dict[tuple[int, int], str],
                       terms: Callable[[str], frozenset[str]]) -> tuple[int, int] | None:
    """The (chapter, section) whose title the part a question names by its subject shares most words with
    ("讲生态环保那一节" -> 支持生态环保, 4.8; "its humanitarian chapter" -> chapter 5, section 0 for a
    chapter), or None: no such reference, or no title holds half its words, or two hold as many.
    titles: (chapter, section) -> title, section 0 for a chapter's; terms: the words of a text."""
    m = (_ZH_SUBJECT_PART if lang == "zh" else _EN_SUBJECT_PART).search(question)
    if not m:
        return None
    named = m.group("x") or (m.groupdict().get("x2") or "")
    kind = (m.group("kind") or m.groupdict().get("kind2") or "").lower()
    words = terms(named)
    if not words:
        return None
    # a section is a section's, a chapter a chapter's; 部分 / "part" either
    wanted = [k for k in titles if (k[1] == 0) == (kind in ("章", "chapter")) or kind in ("部分", "part")]
    shares = sorted(((len(words & terms(titles[k])) / len(words), k) for k in wanted), reverse=True)
    if not shares or shares[0][0] < 0.5 or (len(shares) > 1 and shares[1][0] == shares[0][0]):
        return None
    return shares[0][1]
