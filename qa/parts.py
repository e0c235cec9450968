"""The part of the paper a question names: "According to the conclusion, …", "前言里…", "In chapter 4, …".

A reader who names a part means its passages: "According to the conclusion, why do countries need to
deepen partnerships?" was answered from chapter 7, whose words matched better. The answer pipeline puts
the named part's passages first (qa/answer.py); this module only reads the question.
"""

from __future__ import annotations

import re

PREFACE, CONCLUSION = 0, 9  # store/paragraphs.py: chapter 0 is the preface, 9 the conclusion
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
        m = _ZH_CHAPTER.search(question)
        return (_ZH_DIGIT.get(m.group(1)) or int(m.group(1))) if m else None
    if _EN_PREFACE.search(question):
        return PREFACE
    if _EN_CONCLUSION.search(question):
        return CONCLUSION
    m = _EN_CHAPTER.search(question)
    if not m:
        return None
    word = (m.group(1) or m.group(2)).lower()
    number = int(word) if word.isdigit() else _ROMAN.get(word) or _EN_CARDINAL.get(word) or _EN_ORDINAL.get(word)
    return number if number in CHAPTERS else None
