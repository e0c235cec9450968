"""A three-turn conversation in headless Chromium: a question, a follow-up that leans on it, a topic switch.

The chat passes its earlier turns with their Answers (issue 11): the follow-up is read with the first
question and the paragraph its answer cited; the switch gets the answer it gets when asked alone.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_app_browser import ask, chat_page

from qa import answer
from store.settings import Settings

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")

FIRST = "How many medical workers did China send abroad from 2015 to 2019?"
FOLLOW_UP = "And how many patients did they treat?"
SWITCH = "What does the white paper say about the Belt and Road's five kinds of connectivity?"


@pytest.fixture(scope="module")
def page(built_store: Settings) -> Iterator:
    with chat_page(built_store) as page:
        yield page


def marks(answer_locator) -> list[str]:
    """The highlighted quotes of an answer's source cards, white space folded. Their text, not their
    rendered text: only the first card is open, and Chromium renders nothing inside a closed <details>
    (innerText gave "" for the second card's quote)."""
    return [" ".join((m.text_content() or "").split())
            for m in answer_locator.locator("details.wpqa-card .wpqa-paragraph mark").all()]


def test_question_follow_up_and_topic_switch(page, built_store):
    first = ask(page, FIRST)
    assert any("3,588" in m for m in marks(first))
    follow_up = ask(page, FOLLOW_UP)
    assert any("11 million" in m for m in marks(follow_up))  # "they" are the medical teams of turn one
    switch = ask(page, SWITCH)
    alone = answer(SWITCH, settings=built_store)
    assert alone.status == "answered"
    assert marks(switch) == [" ".join(c.quote.split()) for c in alone.citations]  # as if asked alone
