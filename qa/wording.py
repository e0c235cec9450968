"""Usual English words the English edition never writes, read as the words it writes instead.

The English edition is a machine translation: where development finance says "concessional loans",
"trilateral cooperation" or "pandemic", it writes "preferential loans", "tripartite cooperation" and
"epidemic" (优惠贷款, 三方合作, 疫情). A question in the usual words then shares none of them with the
passage that answers it, and its word counts as a thing the paper lacks ("concessional" is in no
paragraph, so the asked fact looked absent). Like qa/acronyms.py this is for reading only (retrieval,
BM25, answer types, what the paper lacks); the user's own words are shown as asked.

The table is general knowledge of the field's vocabulary (like a thesaurus; not chosen from the question
set), and a word is read as the edition's only where the edition never writes the word and does write
its reading (`readings()` checks both against the text, so a change of the source text cannot make
a reading wrong).
"""

from __future__ import annotations

import re

# a usual word (regex, case-insensitive, whole words) -> the English edition's word for it
TERMS: dict[str, str] = {
    r"concessional": "preferential",
    r"trilateral": "tripartite",
    r"pandemics?": "epidemic",
    r"zero[- ]interest|no[- ]interest|interest free": "interest-free",
    r"grant aid": "free aid",
    r"soft loans?": "preferential loans",
    r"developing nations": "developing countries",
    r"debt (?:cancellation|forgiveness)|loan forgiveness": "debt relief",
    r"doctors": "medical staff",
}


def readings(en_text: str) -> dict[str, str]:
    """The table's words the English edition never writes, each with its reading, where the edition writes that."""
    lowered = en_text.lower()
    return {term: word for term, word in TERMS.items()
            if not re.search(rf"\b(?:{term})\b", lowered) and word.lower() in lowered}


def expand(question: str, names: dict[str, str]) -> str:
    """Example: ("What share went to concessional loans?", {"concessional": "preferential"}) ->
    "What share went to preferential loans?" """
    for term, word in names.items():
        question = re.sub(rf"\b(?:{term})\b", word, question, flags=re.I)
    return question
