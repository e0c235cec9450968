"""ui.render on hand-built Answers: escaping, the highlight's place, aligned text, abstentions, links."""

from __future__ import annotations

import html
import re
from dataclasses import replace

import pytest

from qa.types import Answer, Citation, Related
from ui.render import card_id, highlight, render_answer, render_text

XSS = "<script>window.__pwned=1</script>"
ZH_PARAGRAPH = "增强农业生产能力。帮助柬埔寨开展现代农业发展规划，水稻种植由单季提高到两季。"
EN_PARAGRAPH = "Enhance agriculture. China helped Cambodia, and rice went from a single season to two seasons."


def cite(n: int, paragraph: str, quote: str, lang: str = "en", aligned: dict | None = None, **kw) -> Citation:
    start = paragraph.index(quote)
    fields = {"paragraph_id": f"{lang}-4.2-0{n}", "chapter": "4. Promote the 2030 Agenda",
              "section": "(2) Food security", **kw}
    return Citation(n=n, lang=lang, quote=quote, start=start, end=start + len(quote),
                    paragraph_text=paragraph, aligned=aligned, **fields)


def visible_text(fragment: str) -> str:
    """What a browser shows: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.mark.parametrize("paragraph, start, end", [
    ("x < y and z", 4, 5),
    ("Tom & Jerry <b>bold</b> end", 4, 23),  # the quote itself holds markup-like text
    (EN_PARAGRAPH, 0, 20),  # at the start
    (EN_PARAGRAPH, len(EN_PARAGRAPH) - 12, len(EN_PARAGRAPH)),  # at the end
    (ZH_PARAGRAPH, ZH_PARAGRAPH.index("水稻"), len(ZH_PARAGRAPH) - 1),
    (f"before {XSS} after", 7, 7 + len(XSS)),
])
def test_highlight_marks_exactly_the_span(paragraph, start, end):
    out = highlight(paragraph, start, end)
    before, marked, after = re.fullmatch(r"(.*)<mark>(.*)</mark>(.*)", out, re.S).groups()
    assert (html.unescape(before), html.unescape(marked), html.unescape(after)) == (
        paragraph[:start], paragraph[start:end], paragraph[end:])
    assert visible_text(out) == paragraph  # round trip: nothing added, nothing lost
    assert "<script" not in out and "<b>" not in out


@pytest.mark.parametrize("start, end", [(5, 5), (-1, 3), (3, 999), (9, 2)])
def test_highlight_refuses_spans_it_cannot_place(start, end):
    assert highlight("a < b and c", start, end) == "a &lt; b and c"


def test_worked_example_from_docstring():
    assert render_text("a < b [1]", {1}, "t") == 'a &lt; b <a class="wpqa-cite" href="#wpqa-t-src-1">[1]</a>'


def xss_answers() -> list[Answer]:
    c = cite(1, f"Lead {XSS} then the fact.", "the fact", chapter=XSS, section=XSS, paragraph_id=XSS,
             aligned={"paragraph_id": "zh-1", "lang": "zh", "text": XSS})
    return [
        Answer(question=XSS, text=f"Said “{XSS}” [1]", citations=(c,), notice=XSS),
        Answer(question=XSS, text=XSS, status="not_found", related=(Related(XSS, "en", XSS, XSS),)),
        Answer(question=XSS, text=f"{XSS} is not a question", mode="message"),
    ]


@pytest.mark.parametrize("answer", xss_answers(), ids=["cited", "abstained", "message"])
def test_user_and_source_text_is_escaped(answer):
    out = render_answer(answer)
    assert "<script" not in out.lower()
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in out
    assert XSS in visible_text(out)  # shown as text


def test_quote_with_markup_is_highlighted_as_text():
    c = cite(1, f"Lead {XSS} tail.", XSS)
    out = render_answer(Answer(question="q", text="x [1]", citations=(c,)))
    assert f"<mark>{html.escape(XSS)}</mark>" in out


@pytest.mark.parametrize("lang, paragraph, quote, aligned_lang, aligned_text, title", [
    ("en", EN_PARAGRAPH, "from a single season to two seasons", "zh", ZH_PARAGRAPH, "Chinese original"),
    ("zh", ZH_PARAGRAPH, "水稻种植由单季提高到两季", "en", EN_PARAGRAPH, "英文译文"),
])
def test_aligned_paragraph_shown_in_the_other_language(lang, paragraph, quote, aligned_lang, aligned_text, title):
    aligned = {"paragraph_id": f"{aligned_lang}-4.2-01", "lang": aligned_lang, "text": aligned_text}
    answer = Answer(question="q", text="… [1]", lang=lang, citations=(cite(1, paragraph, quote, lang, aligned),))
    out = render_answer(answer)
    block = re.search(r'<details class="wpqa-aligned"><summary>(.*?)</summary><p lang="(\w+)">(.*?)</p>', out)
    assert block.groups() == (title, aligned_lang, html.escape(aligned_text))
    assert f"<mark>{html.escape(quote)}</mark>" in out


def test_no_aligned_block_without_an_aligned_paragraph():
    out = render_answer(Answer(question="q", text="[1]", citations=(cite(1, EN_PARAGRAPH, "rice"),)))
    assert "wpqa-aligned" not in out


def two_citation_answer(**kw) -> Answer:
    c1 = cite(1, EN_PARAGRAPH, "China helped Cambodia")
    c2 = cite(2, "Other paragraph about debt relief.", "debt relief")
    return Answer(question="q", text="First “China helped Cambodia” [1], then [2]; not [7].",
                  citations=(c1, c2), latency_ms=1234, **kw)


def test_markers_link_to_their_cards():
    out = render_answer(two_citation_answer(), prefix="t4")
    targets = re.findall(r'href="#([^"]+)"', out)
    assert targets == [card_id("t4", 1), card_id("t4", 2)]
    for target in targets:
        assert f'id="{target}"' in out
    assert "not [7]." in out  # a marker with no citation stays text
    cards = re.findall(r'<details class="wpqa-card" id="[^"]+"( open)?>', out)
    assert cards == [" open", ""]  # only the first card starts open


@pytest.mark.parametrize("answer, present, absent", [
    (two_citation_answer(), ["Quoted answer", "1.23 s", "Sources"], ["wpqa-notice", "Generative"]),
    (two_citation_answer(mode="generative", notice="Checked by hand."),
     ["Generative answer", '<p class="wpqa-notice">Checked by hand.</p>'], []),
    (two_citation_answer(lang="zh"), ["来源", "引文回答"], ["Sources"]),
    (Answer(question="q", text="Please type a question.", mode="message"),
     ["wpqa-message", "Please type a question."], ["Sources", "wpqa-meta", "<details"]),
])
def test_labels_notice_and_latency(answer, present, absent):
    out = render_answer(answer)
    assert all(p in out for p in present), [p for p in present if p not in out]
    assert not any(a in out for a in absent), [a for a in absent if a in out]


@pytest.mark.parametrize("lang, text, heading", [
    ("en", "The white paper does not address this question.", "Related passages"),
    ("zh", "白皮书没有涉及这个问题。", "相关段落"),
])
def test_abstention_has_its_own_style_and_offers_related_passages(lang, text, heading):
    related = (Related("en-4.3-04", "en", "4. Agenda › (3) Health", "Medical teams were sent."),
               Related("en-5.1-01", "en", "5. Aid", "Debt relief & more."))
    out = render_answer(Answer(question="q", text=text, status="not_found", lang=lang, related=related))
    assert re.search(r'<div class="wpqa-abstain"[^>]*>.*' + re.escape(text), out)
    assert heading in out and "Medical teams were sent." in out and "Debt relief &amp; more." in out
    assert "wpqa-card" not in out and "wpqa-cite" not in out and "<mark>" not in out  # not citations
    assert re.findall(r'class="wpqa-paper-link" href="\?p=([^"]+)"', out) == ["en-4.3-04", "en-5.1-01"]
    assert "Quoted answer" not in out and "引文回答" not in out


def test_abstention_without_text_says_so():
    out = render_answer(Answer(question="q", text="", status="not_found"))
    assert "The white paper does not address this question." in out


def test_offsets_that_miss_the_quote_fall_back_to_finding_it():
    good = cite(1, EN_PARAGRAPH, "two seasons")
    shifted = replace(good, start=0, end=11)
    lost = replace(good, quote="never in the paragraph", start=0, end=22)
    assert "<mark>two seasons</mark>" in render_answer(Answer(question="q", text="[1]", citations=(shifted,)))
    assert "<mark>" not in render_answer(Answer(question="q", text="[1]", citations=(lost,)))


@pytest.mark.parametrize("status, lang, shown, cls", [
    ("answered", "en", "Answered", "wpqa-status-answered"),
    ("partial", "en", "Partial: the paper discusses this, but not the fact asked", "wpqa-status-partial"),
    ("not_found", "zh", "白皮书中没有找到", "wpqa-status-not_found"),
])
def test_status_is_shown_in_its_own_style(status, lang, shown, cls):
    cites = () if status == "not_found" else (cite(1, EN_PARAGRAPH, "China helped Cambodia"),)
    out = render_answer(Answer(question="q", text="x [1]", status=status, lang=lang, citations=cites))
    assert re.search(rf'<p class="wpqa-status {cls}"><span aria-hidden="true">.</span> {re.escape(shown)}</p>', out)
    assert f"wpqa-is-{status}" in out


def test_message_has_no_status_line():
    assert "wpqa-status" not in render_answer(Answer(question="q", text="Please type.", status="message", mode="message"))


@pytest.mark.parametrize("quote, span", [("two seasons", "hl=82-93"), ("Enhance agriculture.", "hl=0-20")])
def test_each_card_links_to_the_paper_and_copies_its_reference(quote, span):
    from ui.export import reference

    c = cite(1, EN_PARAGRAPH, quote)
    out = render_answer(Answer(question="q", text="[1]", citations=(c,)))
    assert f'href="?p=en-4.2-01&amp;{span}"' in out and 'class="wpqa-paper-link"' in out
    title = re.search(r'<button type="button" class="wpqa-copy" title="([^"]+)">Copy citation</button>', out).group(1)
    assert html.unescape(title) == reference(c)
