"""Which language a question is in, and so which edition of the paper answers it.

qa/text.py's detect_lang sorts text by script for the pipeline ("zh", "en", "other");
this module names the reader's language: Simplified or Traditional Chinese (qa/script.py
tells them apart), English, one of the languages answered from the English edition, or
"other" (answered with a message saying which languages we take).

Script first, then a detector: kana is only Japanese and hangul only Korean; Latin and
Cyrillic text goes to CLD2 (pycld2: Chromium's compact detector, compiled in with its tables;
nothing to load, under 2 MB, deterministic). We chose it over langid.py (py3langid), whose
model takes 1-7 s and 240 MB to load (the chat's cold start and memory budgets could not pay it).
CLD2 is unsure on short text ("Китай", "Ebola"), so the script decides by default and the
detector must name a language to overrule it: Latin text is English unless CLD2 (best effort)
says French, Spanish, …; Cyrillic is Russian unless CLD2 reliably says Ukrainian, Bulgarian, ….
A misjudged English question only gains a needless notice, and a misjudged French one loses
nothing, since both are answered from the English edition.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pycld2

from qa.script import is_traditional, undecided
from qa.text import detect_lang

# Languages the embedder (multilingual-e5, trained on XLM-R's 100 languages) reads and the
# eval set measures (its "other_lang" rows); their questions are answered from the English edition.
FROM_ENGLISH: tuple[str, ...] = ("fr", "es", "de", "pt", "it", "ru", "ja", "ko")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def identify(text: str, history: Sequence[str] = ()) -> str:
    """ "en", "zh", "zh-Hant", a code from FROM_ENGLISH, or "other".

    history: earlier questions, oldest first; a Chinese follow-up written only in characters both
    scripts share ("那非洲呢？") takes the script of the latest earlier question that has one.

    Example: identify("國家國際發展合作署是哪一年成立的？") -> "zh-Hant";
    identify("Combien de médecins la Chine a-t-elle envoyés ?") -> "fr"; identify("Belt and Road") -> "en"
    """
    lang = _identify(text)
    if lang == "zh" and undecided(text):
        for earlier in reversed(history):
            if detect_lang(earlier) == "zh" and not undecided(earlier):
                return "zh-Hant" if is_traditional(earlier) else "zh"
    return lang


def _identify(text: str) -> str:
    if _KANA.search(text):
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    script = detect_lang(text)
    if script == "zh":
        return "zh-Hant" if is_traditional(text) else "zh"
    if script == "en":
        code, _ = _detect(text, best_effort=True)
        return code if code in FROM_ENGLISH else "en"
    if _CYRILLIC.search(text):  # Russian unless surely another Cyrillic language (Ukrainian, Bulgarian, …)
        code, reliable = _detect(text, best_effort=False)
        return "other" if reliable and code != "ru" else "ru"
    return "other"


def _detect(text: str, best_effort: bool) -> tuple[str, bool]:
    """CLD2's first language for text and whether it is sure. Example: ("Was ist CIDCA?", True) -> ("de", True)"""
    try:
        reliable, _, details = pycld2.detect(text, bestEffort=best_effort)
    except (pycld2.error, UnicodeError):  # text CLD2 cannot take (lone surrogates, …): the script decides
        return "un", False
    return details[0][1], reliable


__all__ = ["FROM_ENGLISH", "identify"]
