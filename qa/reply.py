"""An answer found in Simplified Chinese or English, handed back in the reader's language.

The answerers only know the two editions ("zh", "en"); answer() asks them in the
edition's language and passes the result through localise(), so they never need to
know that the reader wrote in Traditional characters or in French.

- Traditional Chinese: the answer's own words (abstention, partial, notices) are put into
  Traditional characters; every quote stays exactly as the paper has it, in Simplified,
  in the text as in the citation (the invariant in qa/quotes.py), and each citation
  carries a Traditional rendering beside it (Citation.quote_hant) that the UI labels as
  a machine conversion. A reader can so check the quote against the paper, and read it.
- French, Spanish, …: the answer quotes the English edition; one notice says so.
"""

from __future__ import annotations

from dataclasses import replace

from qa.language import FROM_ENGLISH
from qa.script import to_traditional, to_traditional_outside
from qa.types import Answer

EDITION_NOTICE = "Answered from the English edition of the paper."


def localise(result: Answer, lang: str, region: str = "tw") -> Answer:
    """result (in its edition's language) -> the Answer for a question asked in lang.

    Example: localise(<Answer lang="zh" text="白皮书没有涉及这个问题。">, "zh-Hant")
    -> <Answer lang="zh-Hant" text="白皮書沒有涉及這個問題。">
    """
    if lang == "zh-Hant" and result.lang == "zh":
        return in_traditional(result, region)
    if lang in FROM_ENGLISH and result.lang == "en":
        return from_english(result, lang)
    return result


def in_traditional(result: Answer, region: str = "tw") -> Answer:
    """The answer's own sentences in Traditional characters; quotes untouched, a rendering beside each."""
    quotes = [c.quote for c in result.citations]
    citations = tuple(replace(c, quote_hant=to_traditional(c.quote, region)) if c.lang == "zh" else c
                      for c in result.citations)
    return replace(result, lang="zh-Hant", citations=citations,
                   text=to_traditional_outside(result.text, quotes, region),
                   notice=to_traditional(result.notice, region),
                   meta={**result.meta, "region": region})


def from_english(result: Answer, lang: str) -> Answer:
    """The English answer, saying which edition it quotes (before any notice it already had)."""
    notice = f"{EDITION_NOTICE} {result.notice}" if result.notice else EDITION_NOTICE
    return replace(result, lang=lang, notice=notice)
