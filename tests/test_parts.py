"""The part of the paper a question names, and answers drawn from it."""

from __future__ import annotations

import pytest

from qa import answer
from qa.parts import CONCLUSION, PREFACE, named_part


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
    # a conclusion or an introduction that is not a part of the paper
    ("What conclusion did the UNDP report reach?", "en", None),
    ("What was the conclusion of the agreement with Laos?", "en", None),
    ("Introduction of new varieties: how many?", "en", None),
    ("What does chapter 12 say?", "en", None),  # the paper has eight
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
