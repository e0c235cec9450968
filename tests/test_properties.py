"""Properties of the quote check (qa.quotes) and the question cleaner (qa.text), on random text.

Hand-picked cases for the same functions live next to their users; here hypothesis
draws paragraphs from the characters the paper is made of (Latin, Han, curly quotes,
dashes, full-width punctuation, odd white space) and checks what must always hold:
a located span is an exact slice, folded variants still land on one, ellipsis parts
come back in order, and the cleaner never lets a control character or surrogate through.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from qa.quotes import ELLIPSIS, fold, locate, locate_fragments
from qa.text import clean_question

# What the paper's text is made of, plus the white space and quote marks a quote may differ in.
PAPER_CHARS = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    + list(" \n\t\u00a0\u3000,;:()-%$'\"")
    + list("“”‘’—–，、；：（）《》？！")
    + list("中国发展合作援助医疗队柬埔寨水稻南非洲")
)
PARAGRAPHS = st.text(PAPER_CHARS, min_size=1, max_size=200)
ANY_TEXT = st.text(st.characters(categories=["L", "M", "N", "P", "S", "Z", "Cc", "Cf", "Cs", "Co", "Cn"]),
                   max_size=120)
SLOW = settings(max_examples=300, deadline=None)

_CURLY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_STRAIGHT = str.maketrans({'"': "“", "'": "’"})


def _slice(data, text: str) -> tuple[int, int]:
    a = data.draw(st.integers(0, len(text) - 1), label="start")
    b = data.draw(st.integers(a + 1, len(text)), label="end")
    return a, b


@st.composite
def sliced(draw, texts: st.SearchStrategy[str]) -> tuple[str, int, int]:
    """A text and a non-empty slice of it: (text, start, end)."""
    text = draw(texts)
    start = draw(st.integers(0, len(text) - 1))
    return text, start, draw(st.integers(start + 1, len(text)))


# --- locate ------------------------------------------------------------------------------------

@SLOW
@given(sliced(PARAGRAPHS))
def test_locate_returns_an_exact_slice(case):
    text, a, b = case
    quote = text[a:b]
    assume(quote.strip())
    start, end = locate(text, quote)
    assert text[start:end] == quote.strip()


# variant name -> how a quoting person or model may differ from the paper without changing its words
VARIANTS = {
    "white space": lambda q: re.sub(r"\s+", lambda m: " " if len(m.group(0)) > 1 else "  \n ", q),
    "straight quotes": lambda q: q.translate(_CURLY),
    "curly quotes": lambda q: q.translate(_STRAIGHT),
    "upper case": lambda q: q.upper(),
    "lower case": lambda q: q.lower(),
}


@SLOW
@given(sliced(PARAGRAPHS), st.sampled_from(sorted(VARIANTS)))
def test_folded_variant_maps_back_to_an_exact_slice(case, variant):
    text, a, b = case
    quote = VARIANTS[variant](text[a:b])
    assume(quote.strip())
    span = locate(text, quote)
    assert span is not None, (text, quote)
    start, end = span
    assert 0 <= start < end <= len(text)
    assert fold(text[start:end])[0].strip() == fold(quote)[0].strip()


@example(("ﬁsh i", 5, 6))  # subtle: "ﬁ" folds to two letters, "fi"; the match must not start inside it
@settings(max_examples=200, deadline=None)
@given(sliced(st.text(st.sampled_from(list("abcfi .…ﬁ①ＡＢ²½")), min_size=1, max_size=40)))
def test_span_found_through_an_expanding_character_folds_like_the_quote(case):
    text, a, b = case
    quote = text[a:b].upper()
    assume(quote.strip())
    span = locate(text, quote)
    assert span is not None
    assert fold(text[span[0]:span[1]])[0].strip() == fold(quote)[0].strip()


@SLOW
@given(sliced(PARAGRAPHS))
def test_locate_respects_start_at(case):
    text, a, b = case
    assume(text[a:b].strip())
    span = locate(text, text[a:b], start_at=a)
    assert span is not None and span[0] >= a


def test_locate_refuses_blank_and_absent_quotes():
    assert locate("China sent teams.", "   ") is None
    assert locate("China sent teams.", "China sent astronauts") is None


# --- locate_fragments --------------------------------------------------------------------------

@SLOW
@given(PARAGRAPHS, st.data(), st.sampled_from([" … ", "...", "……", " ... "]))
def test_ellipsis_quote_parts_come_back_in_order(text, data, ellipsis):
    assume(len(text) >= 2)
    cut = data.draw(st.integers(1, len(text) - 1), label="cut")
    (a1, b1), (a2, b2) = _slice(data, text[:cut]), _slice(data, text[cut:])
    first, second = text[a1:b1], text[cut + a2:cut + b2]
    assume(first.strip() and second.strip() and not ELLIPSIS.search(first) and not ELLIPSIS.search(second))
    spans = locate_fragments(text, f"{first}{ellipsis}{second}")
    assert spans is not None and len(spans) == 2
    (s1, e1), (s2, e2) = spans
    assert e1 <= s2
    assert text[s1:e1] == first.strip() and text[s2:e2] == second.strip()


def test_ellipsis_parts_out_of_order_are_refused():
    text = "First comes aid. Then comes trade."
    assert locate_fragments(text, "First comes aid … Then comes trade") is not None
    assert locate_fragments(text, "Then comes trade … First comes aid") is None


# --- fold --------------------------------------------------------------------------------------

def test_fold_worked_example():
    assert fold("A  “b”") == ('a "b"', [0, 1, 3, 4, 5])


@SLOW
@given(ANY_TEXT)
def test_fold_index_is_monotone_and_in_range(text):
    folded, index = fold(text)
    assert len(folded) == len(index)
    assert all(0 <= i < len(text) for i in index)
    assert all(i <= j for i, j in zip(index, index[1:], strict=False))


@SLOW
@given(PARAGRAPHS)
def test_fold_makes_each_white_space_run_one_space(text):
    assert "  " not in fold(text)[0] and "\n" not in fold(text)[0]


# --- clean_question ----------------------------------------------------------------------------

def test_clean_question_worked_example():
    assert clean_question("How\x00 many\n\tteams?") == "How many teams?"


@SLOW
@given(ANY_TEXT)
def test_clean_question_lets_no_control_character_or_surrogate_through(text):
    cleaned = clean_question(text)
    assert not any(unicodedata.category(ch).startswith("C") for ch in cleaned), repr(cleaned)
    cleaned.encode("utf-8")  # no lone surrogate: it would raise here


@SLOW
@given(ANY_TEXT)
def test_clean_question_is_idempotent_and_never_lengthens(text):
    cleaned = clean_question(text)
    assert clean_question(cleaned) == cleaned
    assert len(cleaned) <= len(text)
    assert cleaned == cleaned.strip() and "  " not in cleaned
