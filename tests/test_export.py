"""ui.export: the Chicago author-date reference for a citation, and a conversation as Markdown.

References are a table of worked examples (one per kind of place in the paper, both
editions); the Markdown is checked on real answers: every quote verbatim, with its place
and the other edition's text.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from qa import answer
from qa.types import Citation
from ui.export import ISSUER, conversation_markdown, reference


def citation(paragraph_id: str, chapter: str, section: str, lang: str = "en") -> Citation:
    return Citation(n=1, paragraph_id=paragraph_id, lang=lang, chapter=chapter, section=section,
                    quote="x", start=0, end=1, paragraph_text="x")


@pytest.mark.parametrize("c, expected", [
    (citation("en-4.3-04", "4. Promote the implementation of the United Nations 2030 Agenda for Sustainable Development",
              "(3) Promote health development"),
     "The State Council Information Office of the People's Republic of China. 2021. China's International "
     "Development Cooperation in the New Era. White paper, January 2021. Chapter 4, \"Promote the implementation "
     "of the United Nations 2030 Agenda for Sustainable Development,\" section 3, \"Promote health development,\" "
     "paragraph en-4.3-04."),
    (citation("en-1.0-01", "1. Title", ""),
     "The State Council Information Office of the People's Republic of China. 2021. China's International "
     "Development Cooperation in the New Era. White paper, January 2021. Chapter 1, \"Title,\" paragraph en-1.0-01."),
    (citation("en-preface-02", "Preface", ""),
     "The State Council Information Office of the People's Republic of China. 2021. China's International "
     "Development Cooperation in the New Era. White paper, January 2021. \"Preface,\" paragraph en-preface-02."),
    (citation("zh-4.3-04", "推动落实联合国2030年可持续发展议程", "促进卫生健康发展", lang="zh"),
     "中华人民共和国国务院新闻办公室. 2021. 《新时代的中国国际发展合作》 [China's International Development "
     "Cooperation in the New Era]. 白皮书, 2021年1月. 第四章“推动落实联合国2030年可持续发展议程”，"
     "第三节“促进卫生健康发展”，段落 zh-4.3-04."),
    (citation("zh-conclusion-01", "结束语", "", lang="zh"),
     "中华人民共和国国务院新闻办公室. 2021. 《新时代的中国国际发展合作》 [China's International Development "
     "Cooperation in the New Era]. 白皮书, 2021年1月. “结束语”，段落 zh-conclusion-01."),
])
def test_reference_in_chicago_author_date(c, expected):
    assert reference(c) == expected
    assert reference({"lang": c.lang, "paragraph_id": c.paragraph_id, "chapter": c.chapter,
                      "section": c.section}) == expected  # the same from Answer.to_dict() data


QUESTIONS = ["How many medical workers did China send abroad from 2015 to 2019?",
             "2015年至2019年，中国派出了多少医疗队员？",
             "2015年至2019年，中國派出了多少醫療隊員？",
             "Who won the 2018 World Cup?"]


@pytest.fixture(scope="module")
def turns(built_store):
    return [{"question": q, "history": [], "answer": answer(q, settings=built_store).to_dict()} for q in QUESTIONS]


def test_markdown_has_every_question_answer_and_verbatim_quote(turns):
    md = conversation_markdown(turns, now=datetime(2026, 1, 2, 3, 4, tzinfo=UTC))
    assert "Exported 2026-01-02 03:04 UTC" in md and ISSUER["en"] in md
    cited = [c for t in turns for c in t["answer"]["citations"]]
    assert cited, "the medical-team questions are answered with quotes"
    for i, t in enumerate(turns, 1):
        assert f"## {i}. {t['question']}" in md
        assert t["answer"]["text"] in md
    for c in cited:
        place = f"{c['chapter']} › {c['section']} › {c['paragraph_id']}" if c["section"] else c["paragraph_id"]
        assert f"] {place}\n\n> {c['quote']}\n" in md  # the quote verbatim, under chapter › section › id
        assert c["paragraph_text"][c["start"]:c["end"]] == c["quote"]
        assert f"> {c['aligned']['text']}\n" in md  # the other edition
        if c.get("aligned_sentence"):  # and the sentence that translates the quote, when aligned
            assert f"of this sentence:\n\n> {c['aligned_sentence']['text']}\n" in md
        assert reference(c) in md
    assert "*Status: not found in the paper*" in md  # the World Cup question
    hant = [c["quote_hant"] for c in cited if c.get("quote_hant")]
    assert hant and all(f"Traditional characters (machine conversion, not a quote): {h}\n" in md for h in hant)
