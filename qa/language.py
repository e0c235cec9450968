"""Which language a question is in, and so which edition of the paper answers it.

qa/text.py's detect_lang sorts text by script for the pipeline ("zh", "en", "other");
this module names the reader's language: Simplified or Traditional Chinese (qa/script.py
tells them apart), English, one of the languages answered from the English edition, or
"other" (answered with a message saying which languages we take).

Script first, then a detector: kana is only Japanese and hangul only Korean; Latin and
Cyrillic text goes to py3langid (langid.py's model, shipped in the wheel, no download).
The detector is unreliable on short text ("debt relief" scores German, "Китай" Bulgarian),
so the script decides by default and the detector must be confident to overrule it: Latin
text is English unless surely French, Spanish, …; Cyrillic is Russian unless surely
Ukrainian, Bulgarian, …. A misjudged English question only gains a needless notice, and a
misjudged French one loses nothing, since both are answered from the English edition.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from qa.script import is_traditional, undecided
from qa.text import detect_lang
from qa.types import edition

# Languages the embedder (multilingual-e5, trained on XLM-R's 100 languages) reads and the
# eval set measures (its "other_lang" rows); their questions are answered from the English edition.
FROM_ENGLISH: tuple[str, ...] = ("fr", "es", "de", "pt", "it", "ru", "ja", "ko")
NAMES = {"en": "English", "zh": "Chinese", "zh-Hant": "Chinese", "fr": "French", "es": "Spanish",
         "de": "German", "pt": "Portuguese", "it": "Italian", "ru": "Russian", "ja": "Japanese", "ko": "Korean"}
# py3langid's normalised probability above which Latin-script text is taken to be French, Spanish, …
# tests/test_language.py checks it on every English question of eval/questions.jsonl (none may
# cross it; the highest FROM_ENGLISH score among them is below 0.15) and on the other_lang rows.
MIN_CONFIDENCE = 0.5

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
        code, confidence = _identifier().classify(text)
        return code if code in FROM_ENGLISH and confidence >= MIN_CONFIDENCE else "en"
    if _CYRILLIC.search(text):  # Russian unless surely another Cyrillic language (Ukrainian, Bulgarian, …)
        code, confidence = _identifier().classify(text)
        return "other" if code != "ru" and confidence >= MIN_CONFIDENCE else "ru"
    return "other"


@lru_cache(maxsize=1)
def _identifier():
    """langid's model, loaded once (under a second): from the package's own data file."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


__all__ = ["FROM_ENGLISH", "edition", "identify", "warm"]


def warm() -> None:
    """Load the detector ahead of the first question (the chat calls it at start)."""
    _identifier()
