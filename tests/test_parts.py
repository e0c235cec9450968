"""The part of the paper a question names, and answers drawn from it."""

from __future__ import annotations

import pytest

from qa import answer
from qa.parts import CONCLUSION, OUTLOOK, PREFACE, named_part, named_subject_part
from qa.text import sentence_terms


@pytest.mark.parametrize("question, lang, part", [
    ("According to the conclusion, why do countries need to stick together?", "en", CONCLUSION),
    ("In the conclusion, what roles does China promise to play?", "en", CONCLUSION),
    ("The white paper's conclusion says what about peace?", "en", CONCLUSION),
    ("What does the preface say about aid?", "en", PREFACE),
    ("What does the introduction of the white paper say about 1950?", "en", PREFACE),
    ("What does chapter 4 say about health?", "en", 4),
    ("What does the third chapter cover?", "en", 3),
    ("结束语里中国说自己要始终做哪几种角色？", "zh", CONCLUSION),
    ("前言中提到中国是世界上最大的什么国家？", "zh", PREFACE),
    ("白皮书第三部分讲了什么？", "zh", 3),
    ("展望部分讲到提升能力时，白皮书说要加强哪种管理？", "zh", OUTLOOK),
    ("Looking ahead, what does China say it will do for the least developed countries?", "en", OUTLOOK),
    ("What does the paper's outlook say about tripartite cooperation?", "en", OUTLOOK),
    # the phrase that turns a reader to the outlook, also after a connective or words that change the subject
    ("So, looking ahead, what will China put more resources into?", "en", OUTLOOK),
    ("Different subject: looking ahead, what will China put more resources into?", "en", OUTLOOK),
    ("展望未来，中国要帮发展中国家突破什么？", "zh", OUTLOOK),
    ("换个话题：展望未来，白皮书说中国要把更多资源引向哪里？", "zh", OUTLOOK),
    ("What does looking ahead mean to the authors?", "en", None),
    # a conclusion or an introduction that is not a part of the paper
    ("What conclusion did the UNDP report reach?", "en", None),
    ("What was the conclusion of the agreement with Laos?", "en", None),
    ("Introduction of new varieties: how many?", "en", None),
    ("What does chapter 12 say?", "en", None),  # the paper has eight
    ("What is the outlook for Africa's economy?", "en", None),
])
def test_a_question_may_name_a_part_of_the_paper(question, lang, part):
    assert named_part(question, lang) == part


@pytest.mark.parametrize("question, part_id", [
    # chapter 7's "deepen partnerships" matched the words better; the reader asked about the conclusion
    ("According to the conclusion, why do countries need to stick together and deepen partnerships?", "conclusion"),
    ("前言中提到中国是世界上最大的什么国家？", "preface"),
])
def test_a_question_naming_a_part_is_answered_from_it(built_store, question, part_id):
    result = answer(question, settings=built_store)
    assert result.status == "answered" and result.citations, result.text
    assert all(f"-{part_id}-" in c.paragraph_id for c in result.citations), [c.paragraph_id for c in result.citations]


TITLES = {
    "zh": {(4, 0): "推动落实联合国2030年可持续发展议程", (4, 3): "推动卫生发展", (4, 8): "支持生态环保",
           (5, 0): "携手应对全球人道主义挑战", (5, 3): "提供粮食援助应对饥荒"},
    "en": {(4, 0): "Promote the implementation of the United Nations 2030 Agenda", (4, 3): "Promote health development",
           (4, 8): "Support ecological and environmental protection", (5, 0): "Work together to meet global humanitarian challenges",
           (5, 3): "Provide food aid to deal with famine"},
}


@pytest.mark.parametrize("question, lang, part", [
    ("讲生态环保那一节时，白皮书说中国在哪些方面开展国际合作？", "zh", (4, 8)),
    ("关于卫生的那部分提到了哪些国家？", "zh", (4, 3)),
    ("In the section on health development, which diseases are named?", "en", (4, 3)),
    ("Which problems are getting worse, at the start of its humanitarian chapter?", "en", (5, 0)),
    # a section the titles do not name, or no part named at all
    ("讲体育那一节提到了哪些国家？", "zh", None),
    ("In the section on sport, which coaches are named?", "en", None),
    ("What has China done for the environment?", "en", None),
])
def test_a_question_may_name_a_part_by_its_subject(question, lang, part):
    assert named_subject_part(question, lang, TITLES[lang], lambda text: sentence_terms(text, lang)) == part


def test_a_section_named_by_its_subject_is_answered_from_it(built_store):
    result = answer("讲生态环保那一节时，白皮书说中国在哪些方面开展国际合作？", settings=built_store)
    assert result.status == "answered" and result.citations, result.text
    assert all(c.paragraph_id.startswith("zh-4.8-") for c in result.citations), [c.paragraph_id for c in result.citations]
