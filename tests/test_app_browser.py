"""The chat page in headless Chromium: answers with citations and highlights, safe echo, screenshots.

Only the wiring is tested here (render details are in test_render.py, the paper view in
test_paper.py): the page loads, questions in both languages come back cited, a click on [n]
opens its card, a question carrying a script is shown as text and never run; a citation
opens the paper tab at its paragraph, /?p=… does too, the conversation downloads as
Markdown, "Copy citation" copies the reference, and a 👎 with a comment reaches the database.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import project_dir
from test_app_api import serve

from qa import answer
from store.settings import Settings
from ui.cli import cli
from ui.export import reference
from ui.feedback import FeedbackStore, feedback_path

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
XSS = "<script>window.__pwned=1</script>"
MEDICAL = "How many medical workers did China send abroad from 2015 to 2019?"


@contextlib.contextmanager
def served_browser(settings: Settings) -> Iterator:
    """The chat served on loopback and a Chromium to read it with; the chat's address is browser.wpqa_url."""
    with serve(settings) as url, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        browser.wpqa_url = url
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def browser(built_store: Settings) -> Iterator:
    with served_browser(built_store) as browser:
        yield browser


@pytest.fixture(scope="module")
def page(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 1280, "height": 1100}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(browser.wpqa_url)
    page.get_by_text("Ready: ask in English").wait_for(timeout=60_000)
    yield page
    context.close()


@contextlib.contextmanager
def chat_page(settings: Settings, height: int = 1000) -> Iterator:
    """A served chat and one page of it, ready for questions: the module fixture of the other browser tests."""
    with served_browser(settings) as browser:
        page = browser.new_page(viewport={"width": 1280, "height": height})
        page.goto(browser.wpqa_url)
        page.get_by_text("Ready: ask in English").wait_for(timeout=60_000)
        yield page


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


def paper_tab_selected(page) -> bool:
    return page.get_by_role("tab", name="Paper / 全文").get_attribute("aria-selected") == "true"


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 200) <= page.viewport_size["height"]


@pytest.mark.parametrize("question", [MEDICAL, "首届一带一路高峰论坛宣布的紧急粮食援助有多少钱？"])
def test_a_citation_opens_the_paper_at_its_paragraph_with_the_quote_highlighted(page, question):
    card = ask(page, question).locator("details.wpqa-card").first
    pid = card.locator("summary code").inner_text()
    quote = card.locator(".wpqa-paragraph mark").inner_text()
    card.locator("a.wpqa-paper-link").click()
    target = page.locator("#wpqa-paper .wpqa-target")
    target.wait_for(timeout=30_000)
    assert paper_tab_selected(page) and len(page.context.pages) == 1  # the same page, not a new one
    assert target.get_attribute("id") == pid
    assert target.locator("mark.wpqa-quote").inner_text() == quote
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('wpqa-target')")
    assert in_viewport(page, target)
    assert target.evaluate("t => t.closest('details').open")
    if question == MEDICAL:
        page.screenshot(path=str(project_dir() / "docs" / "paper.png"))
    page.get_by_role("tab", name="Chat / 问答").click()


def test_a_paper_link_opens_the_app_at_that_paragraph(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(browser.wpqa_url + "?p=zh-4.3-04&hl=0-9")
        target = page.locator("#wpqa-paper .wpqa-target")
        target.wait_for(timeout=60_000)
        assert paper_tab_selected(page) and target.get_attribute("id") == "zh-4.3-04"
        assert target.get_attribute("lang") == "zh"
        assert target.locator("mark").inner_text() == target.inner_text().split(" ", 1)[1][:9]
        page.wait_for_function("document.activeElement && document.activeElement.id === 'zh-4.3-04'")
        assert in_viewport(page, target)
        page.locator("#wpqa-search textarea").press_sequentially("3,588")  # as typed: Gradio's input event
        page.wait_for_function("document.querySelectorAll('#wpqa-paper .wpqa-pair').length === 1")
        assert page.locator("#wpqa-paper .wpqa-para").all_inner_texts()[0].startswith("en-4.3-04")
    finally:
        page.close()


def test_export_downloads_markdown_whose_quotes_are_verbatim(page):
    ask(page, MEDICAL)
    quotes = page.locator("#wpqa-chat details.wpqa-card .wpqa-paragraph mark").all_text_contents()
    with page.expect_download() as download:
        page.locator("#wpqa-export").click()
    assert download.value.suggested_filename == "wpqa-conversation.md"
    md = Path(download.value.path()).read_text("utf-8")
    assert f"## {len(page.locator('#wpqa-chat .wpqa-answer').all())}. " in md  # every turn so far
    assert quotes and all(f"\n> {q}\n" in md for q in quotes)
    assert f". {MEDICAL}\n" in md  # the question as a heading


def test_copy_citation_gives_the_formatted_reference(page, built_store):
    card = ask(page, MEDICAL).locator("details.wpqa-card").first
    card.evaluate("card => { card.open = true; }")
    card.locator("button.wpqa-copy").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == reference(answer(MEDICAL, settings=built_store).citations[0])
    assert copied.startswith("The State Council Information Office of the People's Republic of China. 2021. "
                             "China's International Development Cooperation in the New Era. White paper, "
                             "January 2021. Chapter ")
    assert copied.endswith(f"paragraph {card.locator('summary code').inner_text()}.")


def test_a_thumbs_down_with_a_comment_lands_in_the_database_and_the_export(page, built_store, monkeypatch):
    ask(page, MEDICAL)
    comment = f"The 3,588 figure should come first ({uuid.uuid4().hex[:8]})"
    page.locator('#wpqa-chat button[aria-label="Dislike"]').last.click()
    page.locator("#wpqa-comment textarea").fill(comment)
    page.locator("#wpqa-comment-send").click()
    page.get_by_text("your comment was saved").wait_for(timeout=30_000)
    rows = [r for r in FeedbackStore(feedback_path(built_store)).ratings("down") if r.comment == comment]
    assert len(rows) == 1 and rows[0].question == MEDICAL and rows[0].answer["citations"]
    monkeypatch.setenv("WPQA_STORE_DIR", str(built_store.store_dir))
    result = CliRunner().invoke(cli, ["feedback", "export", "--rating", "down"])
    assert result.exit_code == 0, result.output
    items = [json.loads(line) for line in result.output.splitlines()]
    mine = [i for i in items if comment in i["note"]]
    assert len(mine) == 1 and mine[0]["question"] == MEDICAL and mine[0]["gold"] == []


def test_clear_empties_the_conversation(page):
    page.locator("#wpqa-clear").click()
    page.wait_for_function("document.querySelectorAll('#wpqa-chat .wpqa-answer').length === 0")
