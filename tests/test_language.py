"""qa/language.py: which language a question is in, short and long, mixed, and on the whole eval set."""

from __future__ import annotations

import re

import pytest

from eval.questions import OTHER_LANGS, load_questions
from qa.language import FROM_ENGLISH, identify
from qa.types import edition


@pytest.mark.parametrize("question, lang", [
    ("How many medical team members did China send from 2015 to 2019?", "en"),
    ("debt relief", "en"),
    ("Guinea", "en"),  # CLD2's best effort says Waray: not a language we answer in, so English stays
    ("Cos'è la CIDCA?", "en"),  # Italian, but CLD2 guesses Slovak: answered from English all the same
    ("Belt and Road", "en"),
    ("hello", "en"),
    ("Ebola", "en"),
    ("COVID-19 vaccines", "en"),
    ("2019", "en"),
    ("2015年至2019年，中国派出了多少名援外医疗队员？", "zh"),
    ("2015年至2019年，中國派出了多少名援外醫療隊員？", "zh-Hant"),
    ("國家國際發展合作署是哪一年成立的？", "zh-Hant"),
    ("香港的援外項目裏有沒有衞生綫？", "zh-Hant"),
    ("How many 醫療隊員 did China send 到非洲?", "zh-Hant"),
    ("How many 医疗队员 did China send 到非洲?", "zh"),
    ("Combien de membres d'équipes médicales la Chine a-t-elle envoyés entre 2015 et 2019 ?", "fr"),
    ("Pourquoi la Chine aide-t-elle l'Afrique ?", "fr"),
    ("¿Cuántos miembros de equipos médicos envió China entre 2015 y 2019?", "es"),
    ("Wie viele medizinische Teammitglieder hat China zwischen 2015 und 2019 entsandt?", "de"),
    ("Was ist die Seidenstraße?", "de"),
    ("Quantos membros de equipes médicas a China enviou entre 2015 e 2019?", "pt"),
    ("Quando è stata fondata la CIDCA?", "it"),
    ("Сколько врачей Китай направил за рубеж?", "ru"),
    ("Китай", "ru"),  # CLD2 is unsure (its best effort is Uyghur): the script decides
    ("Привет", "ru"),
    ("Україна отримала допомогу?", "other"),  # reliably Ukrainian: not a language we answer in
    ("Колко лекари изпрати Китай?", "other"),  # Bulgarian
    ("2015年から2019年までに中国は何人の医療チームを派遣しましたか？", "ja"),
    ("ありがとうございます", "ja"),
    ("중국은 해외에 몇 명의 의료진을 파견했습니까?", "ko"),
    ("جين أرسلت كم طبيبا؟", "other"),
    ("จีนส่งแพทย์ไปต่างประเทศกี่คน", "other"),
    ("चीन ने कितने डॉक्टर विदेश भेजे?", "other"),
    ("Πόσους γιατρούς έστειλε η Κίνα;", "other"),
])
def test_language_of_a_question(question, lang):
    assert identify(question) == lang


@pytest.mark.parametrize("question, history, lang", [
    ("那非洲呢？", ["2013年至2018年中國一共向多少個國家提供了援助？"], "zh-Hant"),
    ("那非洲呢？", ["2013年至2018年中国一共向多少个国家提供了援助？"], "zh"),
    ("那非洲呢？", ["國家國際發展合作署是哪一年成立的？", "那非洲呢？"], "zh-Hant"),  # the latest that has a script
    ("那非洲呢？", ["How many countries?"], "zh"),
    ("那非洲呢？", [], "zh"),
    ("那么非洲呢？", ["2013年至2018年中國一共向多少個國家提供了援助？"], "zh"),  # 么: Simplified, it decides
])
def test_a_follow_up_in_shared_characters_takes_the_script_of_the_conversation(question, history, lang):
    assert identify(question, history) == lang


@pytest.mark.parametrize("lang, answered_from", [("en", "en"), ("zh", "zh"), ("zh-Hant", "zh"), ("fr", "en"),
                                                 ("ja", "en"), ("ko", "en")])
def test_edition_that_answers(lang, answered_from):
    assert edition(lang) == answered_from


def test_the_languages_answered_are_the_ones_the_eval_set_measures():
    assert set(FROM_ENGLISH) == set(OTHER_LANGS)


def test_every_question_of_the_eval_set_is_told_its_language():
    """The threshold's check: no English question (or earlier turn) of eval/questions.jsonl is
    taken for another language, and every other-language one is recognised."""
    questions = load_questions()
    found = {q.id: identify(q.question, q.history) for q in questions}
    wrong = [(q.id, q.lang, found[q.id], q.question) for q in questions if found[q.id] != q.lang]
    assert wrong == []
    english_turns = [h for q in questions if q.lang == "en" for h in q.history]
    assert [h for h in english_turns if identify(h) != "en"] == []


def test_english_sentences_and_headings_of_the_paper_stay_english():
    """Short English is where detectors slip: every heading and sentence of the English edition."""
    from store.corpus import paragraphs

    texts = {p.section_title for p in paragraphs("en")} | {p.chapter_title for p in paragraphs("en")}
    texts |= {s for p in paragraphs("en") for s in re.split(r"(?<=[.;])\s+", p.text)}
    texts = {t for t in texts if t.strip()}
    assert len(texts) > 500
    assert {t: identify(t) for t in texts if identify(t) != "en"} == {}
