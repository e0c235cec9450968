"""Quotes and their check: every quote shown is an exact slice of the paragraph it cites.

`locate` finds a quote in a paragraph exactly, or after folding white space, quote
marks, dashes and case, and then maps the match back to an exact slice; a quote with
an ellipsis is checked fragment by fragment. `cite` is the one place a Citation is
made, and it fails closed: a quote that does not check out raises, and is never shown.
"""

from __future__ import annotations

import re
import unicodedata

from qa.types import Citation
from store.load import Store
from store.paragraphs import Paragraph

_FOLD = str.maketrans({
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "「": '"', "」": '"', "『": '"', "』": '"',
    "‘": "'", "’": "'", "`": "'", "—": "-", "–": "-", "―": "-", "‐": "-", "‑": "-",
    "，": ",", "。": ".", "；": ";", "：": ":", "！": "!", "？": "?", "（": "(", "）": ")", "、": ",",
})
ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…+|……)\s*")


class QuoteMismatch(ValueError):
    """A quote that is not a slice of the paragraph it claims to come from."""


def fold(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each folded character, its index in the original.

    Example: "A  “b”" -> ('a "b"', [0, 1, 3, 4, 5])
    """
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        ch = unicodedata.normalize("NFKC", ch).translate(_FOLD).lower()
        if ch.isspace():
            if chars and chars[-1] == " ":
                continue
            ch = " "
        for c in ch:
            chars.append(c)
            index.append(i)
    return "".join(chars), index


def locate(paragraph: str, quote: str, start_at: int = 0) -> tuple[int, int] | None:
    """Exact span of quote in paragraph (at or after start_at), tolerating folded differences."""
    quote = quote.strip()
    if not quote:
        return None
    exact = paragraph.find(quote, start_at)
    if exact >= 0:
        return exact, exact + len(quote)
    folded, index = fold(paragraph)
    needle = fold(quote)[0].strip()
    if not needle:
        return None
    at = folded.find(needle, next((k for k, i in enumerate(index) if i >= start_at), len(index)))
    while at >= 0:
        end = at + len(needle)
        # subtle: "ﬁ" folds to "fi"; a match may not begin or end inside one original character
        whole = (at == 0 or index[at - 1] != index[at]) and (end == len(index) or index[end - 1] != index[end])
        if whole:
            return index[at], index[end - 1] + 1
        at = folded.find(needle, at + 1)
    return None


def locate_fragments(paragraph: str, quote: str) -> list[tuple[int, int]] | None:
    """Spans of each part of an ellipsis quote, in order; None if any part is not in the text."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for part in (p for p in ELLIPSIS.split(quote) if p.strip()):
        span = locate(paragraph, part, cursor)
        if span is None:
            return None
        spans.append(span)
        cursor = span[1]
    return spans or None


def cite(n: int, paragraph: Paragraph, start: int, end: int, store: Store) -> Citation:
    """The only constructor of Citations: checks the span against the stored paragraph."""
    stored = store.paragraphs.get(paragraph.id)
    if stored is None or stored.text != paragraph.text or not 0 <= start < end <= len(stored.text):
        raise QuoteMismatch(f"span {start}:{end} is not inside stored paragraph {paragraph.id}")
    other = store.counterpart(stored)
    spans = store.aligned_sentences(stored.id, start, end)  # [(other id, start, end)], in order
    return Citation(
        n=n, paragraph_id=stored.id, lang=stored.lang,
        chapter=_chapter_heading(stored), section=_section_heading(stored),
        quote=stored.text[start:end], start=start, end=end, paragraph_text=stored.text,
        aligned={"paragraph_id": other.id, "lang": other.lang, "text": other.text} if other else None,
        aligned_sentence=_sentence(other, spans[0][1], spans[-1][2]) if other and spans else None,
        discrepancies=tuple(d.to_dict() for d in store.discrepancies_in(stored.id, start, end)),
    )


def _sentence(p: Paragraph, start: int, end: int) -> dict:
    return {"paragraph_id": p.id, "lang": p.lang, "start": start, "end": end, "text": p.text[start:end]}


def is_verbatim(citation: Citation, store: Store) -> bool:
    stored = store.paragraphs.get(citation.paragraph_id)
    return (stored is not None and citation.paragraph_text == stored.text
            and stored.text[citation.start:citation.end] == citation.quote and bool(citation.quote))


def _chapter_heading(p: Paragraph) -> str:
    return p.path.split(" › ")[0]


def _section_heading(p: Paragraph) -> str:
    parts = p.path.split(" › ")
    return parts[1] if len(parts) > 1 else ""
