"""The chat page in headless Chromium: a quote whose translation disagrees with the Chinese original
shows the aligned Chinese sentence, the differing figure marked, and a one-line warning.

Launch pattern as in test_app_browser.py; the screenshot is the README's docs/discrepancy.png.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import project_dir
from test_app_browser import ask, chat_page

from store.settings import Settings

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")

FARMERS = ("How many practical technologies were transferred to Congo and Liberia under the "
           "FAO-China South-South Cooperation Program, and how many farmers benefited?")


@pytest.fixture(scope="module")
def page(built_store: Settings) -> Iterator:
    with chat_page(built_store) as page:
        yield page


def test_a_figure_the_translation_garbles_is_quoted_from_the_chinese_with_the_english_beside_it(page):
    """Issue 10: the English says "more than 300 farmers", the Chinese 3万多 (30,000): the answer
    quotes the Chinese sentence, shows the aligned English with its figure marked, and warns."""
    answer = ask(page, FARMERS)
    card = answer.locator("details.wpqa-card").first
    assert "3万多名农民受益" in card.locator(".wpqa-paragraph mark").first.inner_text()
    aligned = card.locator(".wpqa-bilingual")
    assert aligned.locator("small").inner_text() == "English translation of this sentence"
    assert "more than 300 farmers benefited" in aligned.locator("p[lang=en]").inner_text()
    assert aligned.locator("mark.wpqa-differs").inner_text() == "300"
    assert aligned.locator(".wpqa-discrepancy").inner_text() == (
        "⚠ The Chinese original gives 3万多 (more than 30,000) where this translation says 300.")
    assert "So the quote is from the Chinese original" in answer.inner_text()
    (project_dir() / "docs").mkdir(exist_ok=True)
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(project_dir() / "docs" / "discrepancy.png"))


def test_a_quote_that_agrees_shows_the_aligned_sentence_without_a_warning(page):
    answer = ask(page, "How many medical workers did China send abroad from 2015 to 2019?")
    card = answer.locator("details.wpqa-card").first
    assert "3588名" in card.locator(".wpqa-bilingual p[lang=zh]").inner_text()
    assert card.locator(".wpqa-discrepancy").count() == 0
