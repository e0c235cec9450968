"""What the bot says when it cannot take a question as asked (empty, too long, …), in both languages.

Chinese in Traditional characters (OpenCC) for a question asked in them; English for every other language.
"""

from __future__ import annotations

from qa.script import to_traditional
from qa.types import Answer

EMPTY = "empty"
TOO_LONG = "too_long"
NO_WORDS = "no_words"
OTHER_LANGUAGE = "other_language"
NOT_TEXT = "not_text"

_TEXTS = {
    EMPTY: ("Please type a question about the white paper.", "请输入关于白皮书的问题。"),
    TOO_LONG: ("That question is too long: please keep it under {limit} characters.",
               "问题太长了：请控制在{limit}个字符以内。"),
    NO_WORDS: ("That does not look like a question: please ask in words.", "这看起来不像一个问题：请用文字提问。"),
    OTHER_LANGUAGE: ("I can answer questions in English or Chinese (中文), and from the English edition in "
                     "French, Spanish, German, Portuguese, Italian, Russian, Japanese or Korean: "
                     "please ask in one of them.",
                     "目前只能回答英文或中文的问题（以及法、西、德、葡、意、俄、日、韩文的问题，依据英文版作答）。"),
    NOT_TEXT: ("Please send the question as text.", "请以文字形式提问。"),
}


def message(question: str, lang: str, kind: str, **values: object) -> Answer:
    """lang: the question's language, kept on the Answer ("other" becomes "en", the language replied in)."""
    english, chinese = _TEXTS[kind]
    text = (chinese if lang in ("zh", "zh-Hant") else english).format(**values)
    text = to_traditional(text) if lang == "zh-Hant" else text
    return Answer(question=question, text=text, status="message", lang=lang if lang != "other" else "en",
                  mode="message", meta={"message": kind})
