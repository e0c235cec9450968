"""Sentence spans: character offsets, so every quote is an exact slice of its paragraph.

Hand-written rather than a library splitter because the scrape drops spaces after full
stops ("services.From 2015") and the Chinese text ends sentences with 。！？ that may be
followed by a closing quote; both need offsets into the untouched text.
"""

from __future__ import annotations

import re

_END = {
    # a full stop, ! or ?, with any closing quotes/brackets, then white space or a capital letter
    "en": re.compile(r"[.!?][\"'”’)\]]*(?=\s|[A-Z“\"]|$)"),
    "zh": re.compile(r"[。！？][”’」』）)]*"),
}
# "U.S." or "No. 3": a full stop after these does not end a sentence.
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\bNo|\bMr|\bDr|\bSt|\bvs|\be\.g|\bi\.e)\.$")


def sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Example: ("One. Two.Three", "en") -> [(0, 4), (5, 9), (9, 14)]."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END[lang].finditer(text):
        end = m.end()
        if lang == "en" and _ABBREVIATION.search(text[start:m.start() + 1]):
            continue
        _add(spans, text, start, end)
        start = end
    _add(spans, text, start, len(text))
    return spans


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
