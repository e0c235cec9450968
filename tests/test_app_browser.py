"""The chat page in headless Chromium: answers with citations and highlights, safe echo, a screenshot.

Only the wiring is tested here (render details are in test_render.py): the page
loads, questions in both languages come back cited, a click on [n] opens its card,
and a question carrying a script is shown as text and never run.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import project_dir
from test_app_api import serve

from store.settings import Settings

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
XSS = "<script>window.__pwned=1</script>"


@pytest.fixture(scope="module")
def page(built_store: Settings) -> Iterator:
    with serve(built_store) as url, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1100})
        page.goto(url)
        page.get_by_text("Ready: ask in English").wait_for(timeout=60_000)
        yield page
        browser.close()


def ask(page, question: str):
    """Type QUESTION, press the button, return the locator of the new answer."""
    answers = page.locator("#wpqa-chat .wpqa-answer")
    before = answers.count()
    page.locator("#wpqa-question textarea").fill(question)
    page.locator("#wpqa-send").click()
    page.wait_for_function(f"document.querySelectorAll('#wpqa-chat .wpqa-answer').length > {before}",
                           timeout=120_000)
    return answers.nth(before)


@pytest.mark.parametrize("question, quoted, aligned_title", [
    ("How many medical workers did China send abroad from 2015 to 2019?", "3,588", "Chinese original"),
    ("柬埔寨的水稻种植有什么变化？", "两季", "英文译文"),
])
def test_answer_with_citation_and_highlight(page, question, quoted, aligned_title):
    answer = ask(page, question)
    assert answer.locator(".wpqa-text a.wpqa-cite").first.inner_text() == "[1]"
    card = answer.locator("details.wpqa-card").first
    mark = card.locator("mark").first
    assert quoted in mark.inner_text()
    assert mark.inner_text() in card.locator(".wpqa-paragraph").inner_text()
    assert card.locator(".wpqa-aligned summary").inner_text() == aligned_title


def test_clicking_a_marker_opens_its_card(page):
    answer = ask(page, "How did irrigation change rice farming in Cambodia?")
    card = answer.locator("details.wpqa-card").first
    card.evaluate("card => { card.open = false; }")
    answer.locator("a.wpqa-cite").first.click()
    assert card.evaluate("card => card.open")
    page.locator("details.wpqa-aligned").last.evaluate("d => { d.open = true; }")
    (project_dir() / "docs").mkdir(exist_ok=True)
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(project_dir() / "docs" / "screenshot.png"))


def test_script_in_a_question_is_shown_as_text_and_not_run(page):
    ask(page, f"What about {XSS} medical teams?")
    user_bubbles = page.locator('#wpqa-chat [data-testid="user"]')
    assert XSS in user_bubbles.last.inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#wpqa-chat script").count() == 0


def test_clear_empties_the_conversation(page):
    page.locator("#wpqa-clear").click()
    page.wait_for_function("document.querySelectorAll('#wpqa-chat .wpqa-answer').length === 0")
