"""What the bot says when it cannot take a question as asked (empty, too long, …), in both languages."""

from __future__ import annotations

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
    OTHER_LANGUAGE: ("I can answer questions in English or Chinese (中文) only: please ask in one of them.",
                     "目前只能回答英文或中文的问题。"),
    NOT_TEXT: ("Please send the question as text.", "请以文字形式提问。"),
}


def message(question: str, lang: str, kind: str, **values: object) -> Answer:
    english, chinese = _TEXTS[kind]
    text = (chinese if lang == "zh" else english).format(**values)
    return Answer(question=question, text=text, status="message", lang=lang if lang in ("en", "zh") else "en", mode="message",
                  meta={"message": kind})
