"""The chat page in headless Chromium, asked in Traditional Chinese and in French.

Only the wiring (render details are in test_reply.py): the Traditional answer shows the
quote verbatim in Simplified, highlighted in its paragraph, with the labelled machine
rendering under it; the French answer says which edition it quotes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_app_browser import ask, chat_page

from qa.reply import EDITION_NOTICE
from store.settings import Settings
from ui.render import HANT_LABEL

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def page(built_store: Settings) -> Iterator:
    with chat_page(built_store, 1100) as page:
        yield page


def test_traditional_question_shows_the_labelled_rendering_under_the_quote(page):
    answer = ask(page, "2015年至2019年，中國派出了多少名援外醫療隊員？")
    assert answer.locator(".wpqa-text").inner_text().startswith("白皮書指出")
    card = answer.locator("details.wpqa-card").first
    assert "3588名援外医疗队员" in card.locator("mark").first.inner_text()  # the quote: the paper's Simplified
    rendering = card.locator(".wpqa-hant")
    assert rendering.is_visible()
    assert HANT_LABEL in rendering.inner_text() and "3588名援外醫療隊員" in rendering.inner_text()
    assert rendering.get_attribute("lang") == "zh-Hant"


def test_french_question_says_it_quotes_the_english_edition(page):
    answer = ask(page, "Combien de membres d'équipes médicales la Chine a-t-elle envoyés entre 2015 et 2019 ?")
    assert answer.locator(".wpqa-notice").inner_text() == EDITION_NOTICE
    assert "3,588" in answer.locator("details.wpqa-card mark").first.inner_text()
    assert answer.locator(".wpqa-hant").count() == 0
