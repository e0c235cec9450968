"""Follow-up questions: "And how many in Africa?" means little without the turn before it.

Without a language model the condensing is lexical: a question that leans on the
previous one (starts with "and"/"what about"/"那", ends with "呢", points back with
"they"/"it"/"其", or is too short to stand alone) is searched together with the
previous question. Its own words stay the focus when sentences are chosen.
"""

from __future__ import annotations

import re

from qa.text import content_terms, detect_lang

_LEANS_ON = {
    "en": re.compile(
        r"^(and|but|also|so|then|what about|how about|and what|and how|what else|same|why)\b|"
        r"\b(they|them|their|it|its|this|that|these|those|there|such|the same|he|she)\b", re.I),
    "zh": re.compile(r"^(那|那么|还有|另外|此外|以及|并且|而|同时|其中)|呢[？?]?$|(他们|它们|其|这些|那些|该|此|这个|那个)"),
}
_MIN_STANDALONE_TERMS = 3


def is_follow_up(question: str, lang: str) -> bool:
    if _LEANS_ON.get(lang, _LEANS_ON["en"]).search(question):
        return True
    return len(content_terms(question, lang)) < _MIN_STANDALONE_TERMS


def condense(question: str, history: list[str] | None, lang: str) -> str:
    """The question to search with. Example: (["How many medical teams were sent?"], "And to Africa?")
    -> "How many medical teams were sent? And to Africa?" """
    previous = [h.strip() for h in (history or []) if h and h.strip()]
    if not previous or not is_follow_up(question, lang):
        return question
    context = previous[0]
    for earlier in previous[1:]:  # a follow-up of a follow-up keeps the thread it started from
        context = f"{context} {earlier}" if is_follow_up(earlier, detect_lang(earlier)) else earlier
    return f"{context} {question}"
