"""Card labels follow the answer's language, not the quote's: real answers on the real store.

An English question whose English translation garbles the figure is answered from the Chinese
original (issue 10): its card quotes Chinese, yet a reader who asked in English must read the
card's headings and buttons in English.
"""

from __future__ import annotations

import re

import pytest

from qa import answer
from ui.render import render_answer

FARMERS = ("How many practical technologies were transferred to Congo and Liberia under the "
           "FAO-China South-South Cooperation Program, and how many farmers benefited?")
CHINESE_LABELS = ("中文原文", "英文译文", "中文原句", "对应英文译句", "在全文中查看", "复制引用", "来源")


def _first_card(html: str) -> str:
    return re.search(r'<details class="wpqa-card".*?</details>(?=<details class="wpqa-card"|</div>)', html,
                     re.S).group(0)


@pytest.fixture(scope="module")
def farmers(built_store):
    return answer(FARMERS, settings=built_store)


def test_the_english_answer_quotes_the_chinese_original(farmers):
    assert farmers.lang == "en" and farmers.citations[0].lang == "zh"
    assert "3万多名农民受益" in farmers.citations[0].quote


def test_its_card_is_labelled_in_english(farmers):
    html = render_answer(farmers)
    card = _first_card(html)
    assert re.search(r'<details class="wpqa-aligned"><summary>English translation</summary><p lang="en">', card)
    assert "<small>English translation of this sentence</small>" in card
    assert '>Open in the paper</a>' in card and '>Copy citation</button>' in card
    assert "The Chinese original gives 3万多 (more than 30,000) where this translation says 300." in card
    assert "<h2>Sources</h2>" in html
    assert not [w for w in CHINESE_LABELS if w in html], "a label followed the quote's language"


def test_a_chinese_answer_keeps_chinese_labels(built_store):
    result = answer("柬埔寨的水稻种植有什么变化？", settings=built_store)
    assert result.lang == "zh" and result.citations
    card = _first_card(render_answer(result))
    assert ">在全文中查看</a>" in card and ">复制引用</button>" in card
    assert "<summary>英文译文</summary>" in card
