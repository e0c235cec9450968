"""Questions in Traditional Chinese and in other languages, on the real paper, model and store.

Traditional questions must be answered exactly as their Simplified twins (same status, same
quotes), with the quotes still verbatim Simplified and a labelled Traditional rendering beside
each; other languages are answered from the English edition, saying so.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from qa import answer
from qa.answer import prepare
from qa.quotes import is_verbatim
from qa.reply import EDITION_NOTICE
from qa.script import is_traditional, to_traditional
from ui.cli import cli
from ui.render import HANT_LABEL, render_answer

# (Traditional question, its Simplified twin)
TWINS = [
    ("2015年至2019年，中國派出了多少名援外醫療隊員？", "2015年至2019年，中国派出了多少名援外医疗队员？"),
    ("中國對外援助2013到2018年總金額是多少？", "中国对外援助2013到2018年总金额是多少？"),
    ("國家國際發展合作署是哪一年成立的？", "国家国际发展合作署是哪一年成立的？"),
    ("中國累計向多少個國家和地區派遣了長期醫療隊？", "中国累计向多少个国家和地区派遣了长期医疗队？"),
    ("柬埔寨的水稻種植有什麼變化？", "柬埔寨的水稻种植有什么变化？"),
    ("2013年至2018年中國對外援助金額是多少？", "2013年至2018年中国对外援助金额是多少？"),
    ("香港的讀者想知道：中國向多少個國家派遣了醫療隊？", "香港的读者想知道：中国向多少个国家派遣了医疗队？"),
]


def _evidence(result):
    return result.status, [(c.paragraph_id, c.start, c.end) for c in result.citations]


@pytest.mark.parametrize("traditional, simplified", TWINS)
def test_traditional_question_is_answered_like_its_simplified_twin(built_store, traditional, simplified):
    hant, hans = answer(traditional, settings=built_store), answer(simplified, settings=built_store)
    assert _evidence(hant) == _evidence(hans)
    assert hant.lang == "zh-Hant" and hans.lang == "zh" and hant.edition == "zh"
    assert hant.question == traditional
    store = prepare(built_store).store
    for c, twin in zip(hant.citations, hans.citations, strict=True):
        assert c.quote == twin.quote and is_verbatim(c, store)  # the quote is the paper's, in Simplified
        assert c.quote in hant.text
        assert c.quote_hant == to_traditional(c.quote) and c.quote_hant != c.quote
        assert twin.quote_hant == ""


def test_well_known_traditional_facts_are_answered(built_store):
    for question, needle in [(TWINS[0][0], "3588"), (TWINS[2][0], "2018年4月"), (TWINS[3][0], "72个国家")]:
        result = answer(question, settings=built_store)
        assert result.status == "answered" and any(needle in c.quote for c in result.citations), result.text
        assert result.text.startswith("白皮書指出")  # the answer's own words in Traditional


def test_not_found_is_said_in_traditional(built_store):
    result = answer("中國在委內瑞拉建了哪些項目？", settings=built_store)
    assert result.status == "not_found" and result.lang == "zh-Hant" and not result.citations
    assert result.text.startswith("白皮書沒有涉及這個問題") and is_traditional(result.text)
    assert result.related  # the paper's own passages, unconverted
    assert not any(is_traditional(r.text) for r in result.related)


def test_bad_input_in_traditional_gets_its_message_in_traditional(built_store):
    result = answer("國" * 2001, settings=built_store)
    assert result.mode == "message" and result.meta["message"] == "too_long" and result.lang == "zh-Hant"
    assert result.text == "問題太長了：請控制在2000個字符以內。"


def test_follow_up_in_shared_characters_keeps_the_conversations_script(built_store):
    """"那非洲呢？" is written in characters both scripts share: the earlier question decides."""
    history = ["2013年至2018年中國一共向多少個國家提供了援助？"]
    hant = answer("那非洲呢？", history, settings=built_store)
    hans = answer("那非洲呢？", ["2013年至2018年中国一共向多少个国家提供了援助？"], settings=built_store)
    assert hant.lang == "zh-Hant" and hans.lang == "zh"
    assert _evidence(hant) == _evidence(hans) and any("非洲地区53国" in c.quote for c in hant.citations)
    assert all(c.quote_hant for c in hant.citations)


def test_traditional_follow_up_keeps_its_thread(built_store):
    result = answer("那他們診治了多少名患者？", [TWINS[0][0]], settings=built_store)
    assert result.lang == "zh-Hant"
    assert result.standalone_question.startswith(TWINS[0][1])  # searched as Simplified, thread kept
    assert any("1100万" in c.quote for c in result.citations), result.text


# (question, language, a string the English quote must hold)
OTHER_LANGUAGES = [
    ("Combien de membres d'équipes médicales la Chine a-t-elle envoyés entre 2015 et 2019 ?", "fr", "3,588"),
    ("¿Cuántos miembros de equipos médicos envió China entre 2015 y 2019?", "es", "3,588"),
    ("2015年から2019年までに中国は何人の医療チームを派遣しましたか？", "ja", "3,588"),
    ("Сколько врачей Китай направил за рубеж?", "ru", "72 countries"),
]


@pytest.mark.parametrize("question, lang, needle", OTHER_LANGUAGES)
def test_other_languages_are_answered_from_the_english_edition(built_store, question, lang, needle):
    result = answer(question, settings=built_store)
    assert result.lang == lang and result.edition == "en" and result.notice == EDITION_NOTICE
    assert result.status == "answered" and any(needle in c.quote for c in result.citations), result.text
    store = prepare(built_store).store
    assert all(c.lang == "en" and is_verbatim(c, store) and not c.quote_hant for c in result.citations)


@pytest.mark.parametrize("question, lang", [
    ("Wie viele medizinische Teammitglieder hat China zwischen 2015 und 2019 entsandt?", "de"),
    ("중국은 해외에 몇 명의 의료진을 파견했습니까?", "ko"),
    ("Quando è stata fondata l'Agenzia cinese per la cooperazione allo sviluppo internazionale?", "it"),
])
def test_every_other_language_answer_says_which_edition_it_searched(built_store, question, lang):
    """Whatever the outcome (the answerer may abstain), the reader is told the edition."""
    result = answer(question, settings=built_store)
    assert result.lang == lang and result.notice == EDITION_NOTICE and result.mode != "message"
    assert all(c.lang == "en" for c in result.citations)


def test_a_language_we_do_not_read_keeps_its_message(built_store):
    result = answer("จีนส่งแพทย์ไปต่างประเทศกี่คน", settings=built_store)
    assert result.meta["message"] == "other_language" and "French" in result.text


def test_chat_shows_the_labelled_rendering_and_the_edition_notice(built_store):
    hant = render_answer(answer(TWINS[0][0], settings=built_store), prefix="t1")
    assert 'class="wpqa-hant"' in hant and HANT_LABEL in hant and "中國共派出202批次3588名" in hant
    assert "來源" in hant  # the labels too are in Traditional
    french = render_answer(answer(OTHER_LANGUAGES[0][0], settings=built_store), prefix="t2")
    assert EDITION_NOTICE in french and "wpqa-hant" not in french


def test_cli_prints_the_rendering_under_the_quote_and_json_carries_it(built_store):
    runner = CliRunner()
    text = runner.invoke(cli, ["ask", TWINS[2][0]])
    assert text.exit_code == 0, text.output
    lines = text.output.splitlines()
    quote_at = next(i for i, line in enumerate(lines) if line.startswith("    “") and "中国成立国家国际发展合作署" in line)
    assert lines[quote_at + 1].strip().startswith(f"({HANT_LABEL})") and "中國成立國家國際發展合作署" in lines[quote_at + 1]
    data = json.loads(runner.invoke(cli, ["ask", TWINS[2][0], "--json"]).output)
    assert data["lang"] == "zh-Hant" and data["edition"] == "zh"
    assert "中國成立國家國際發展合作署" in data["citations"][0]["quote_hant"]
    french = runner.invoke(cli, ["ask", OTHER_LANGUAGES[0][0]])
    assert f"Note: {EDITION_NOTICE}" in french.output


def test_traditional_can_be_asked_for(built_store):
    """`wpqa ask --lang zh-Hant`: a Simplified (or English) question answered for a Traditional reader."""
    result = answer(TWINS[2][1], settings=built_store, lang="zh-Hant")
    assert result.lang == "zh-Hant" and result.text.startswith("白皮書指出")
    assert result.citations and all(c.lang == "zh" and c.quote_hant for c in result.citations)


# The same facts asked in eight languages: retrieval over the English edition finds them (the
# answerer's abstention rules, which read English words, may still decline: see README).
CROSS_LINGUAL = [
    ("Comment l'irrigation a-t-elle changé la riziculture au Cambodge ?", "two seasons"),
    ("¿Cómo cambió el riego el cultivo de arroz en Camboya?", "two seasons"),
    ("Wie hat die Bewässerung den Reisanbau in Kambodscha verändert?", "two seasons"),
    ("Como a irrigação mudou o cultivo de arroz no Camboja?", "two seasons"),
    ("Come l'irrigazione ha cambiato la coltivazione del riso in Cambogia?", "two seasons"),
    ("Как орошение изменило выращивание риса в Камбодже?", "two seasons"),
    ("灌漑はカンボジアの稲作をどう変えましたか？", "two seasons"),
    ("관개는 캄보디아의 벼농사를 어떻게 바꾸었습니까?", "two seasons"),
    ("¿Cuándo se creó la Agencia de Cooperación Internacional para el Desarrollo de China?", "April 2018"),
    ("Wann wurde die chinesische Agentur für internationale Entwicklungszusammenarbeit gegründet?", "April 2018"),
    ("Quanti giovani volontari ha inviato la Cina all'estero dal 2013 al 2018?", "20,000"),
]


@pytest.mark.parametrize("question, needle", CROSS_LINGUAL)
def test_other_language_questions_retrieve_the_english_paragraph(pipeline, question, needle):
    from qa.language import identify

    assert identify(question) != "en"
    hits = pipeline.retriever.retrieve(question, "en", pipeline.embedder.query_vector(question).tolist())
    assert any(needle in h.paragraph.text for h in hits[:3])


def test_a_figure_question_in_another_language_quotes_the_close_figures_of_other_paragraphs(built_store):
    """A question in another language shares no word with the edition, so a further quote cannot be one
    that adds words: it is another paragraph's span with a figure of the kind asked. "How many doctors has
    China sent abroad?" has the total to the end of 2019 and the 2015-2019 figure, a hair apart: both."""
    result = answer("Сколько врачей Китай направил за рубеж?", settings=built_store)
    ids = [c.paragraph_id for c in result.citations]
    assert result.status == "answered" and len(ids) == len(set(ids)) >= 2, ids
    assert any("72 countries" in c.quote for c in result.citations)
    assert any("3,588" in c.quote for c in result.citations)
