"""qa.answer_types: what a question asks for (type, attribute, focus) and the typed values a sentence holds."""

from __future__ import annotations

import pytest

from qa.answer_types import TYPES, analyse, tied, values

# (question, lang, wanted type, a stem/word of the attribute or None, a stem/word of the focus)
QUESTIONS = [
    ("How many seats does the Senegal wrestling stadium have?", "en", "count", "seat", "seneg"),
    ("Who is the head of China's international development cooperation agency?", "en", "person", "head", "agenc"),
    ("What interest rate do concessional loans carry?", "en", "share", "rate", "loan"),
    ("What share of China's aid went to Africa?", "en", "share", None, "africa"),
    ("How much did the Maldives bridge cost?", "en", "money", None, "maldiv"),
    ("When was CIDCA founded?", "en", "date", None, "cidca"),
    ("How long did it take to build the railway?", "en", "duration", None, "railway"),
    ("How long is the Padma bridge?", "en", "size", None, "padma"),
    ("Where is the China-Africa CDC headquarters?", "en", "place", None, "headquart"),
    ("Which agency manages China's foreign aid?", "en", "organisation", None, "aid"),
    ("Why does China provide foreign aid?", "en", "reason", None, "aid"),
    ("Which countries received maternal and child health projects?", "en", "list", "countri", "matern"),
    ("What principles does China follow when it gives aid?", "en", "list", "principl", "aid"),
    ("What has China done in Cambodia?", "en", "description", None, "cambodia"),
    ("How has China helped with public health in Africa?", "en", "description", None, "health"),
    ("debt relief", "en", "definition", None, "debt"),
    ("What is South-South cooperation?", "en", "definition", None, "south"),
    # "What is …" only opens the question: the attribute after it says what is wanted
    ("What is the installed capacity of the solar plant in Cuba?", "en", "size", "capac", "cuba"),
    ("What was the total floor area of the new hospital?", "en", "size", None, "hospit"),
    ("What is the default rate on the loans?", "en", "share", "rate", "loan"),
    ("What was the value of the medical supplies sent to Laos?", "en", "money", None, "lao"),
    ("Which Chinese university trains the engineers?", "en", "organisation", None, "engin"),
    ("Which Chinese city hosts the training centre?", "en", "place", None, "train"),
    ("Which senior official signed the agreement with Rwanda?", "en", "person", None, "rwanda"),
    ("鲁班工坊由国内哪所院校建设？", "zh", "organisation", None, "鲁班"),
    ("2015年至2019年，中国派出了多少名援外医疗队员？", "zh", "count", "队员", "派出"),
    ("优惠贷款的利率是多少？", "zh", "share", "利率", "贷款"),
    ("中国对外援助2013到2018年总金额是多少？", "zh", "money", "总金额", "援助"),
    ("国家国际发展合作署是哪一年成立的？", "zh", "date", None, "成立"),
    ("国家国际发展合作署的署长是谁？", "zh", "person", None, "国家"),
    ("这座体育场有多少个座位？", "zh", "size", None, "体育场"),
    ("中国为什么要开展国际发展合作？", "zh", "reason", None, "合作"),
    ("中国在柬埔寨援助了哪些项目？", "zh", "list", None, "柬埔寨"),
    ("中国在非洲开展了哪些农业合作？", "zh", "description", None, "农业"),
    ("什么是南南合作？", "zh", "definition", None, "南南"),
]


@pytest.mark.parametrize("question, lang, want, attribute, focus", QUESTIONS)
def test_question_type_attribute_and_focus(question, lang, want, attribute, focus):
    asked = analyse(question, lang)
    assert asked.want == want
    assert asked.want in TYPES
    if attribute is not None:
        assert attribute in asked.attribute
    assert any(focus in t for t in asked.focus), asked.focus
    assert not set(asked.attribute) & set(asked.focus)  # the attribute is not also the subject


# (sentence, type, the value text that must be found)
VALUES = [
    ("From 2015 to 2019, China sent 202 batches of 3,588 medical team members.", "count", "3,588"),
    ("China's foreign aid amounted to RMB 270.2 billion.", "money", "270.2"),
    ("Grants accounted for 47.30% of the total.", "share", "47.30%"),
    ("The agency was established in April 2018.", "date", "2018"),
    ("The bridge is 2.1 kilometres long.", "size", "2.1 kilometres"),
    ("The training lasted 3 months.", "duration", "3 months"),
    ("2013年至2018年，中国对外援助金额为2702亿元人民币。", "money", "2702亿元"),
    ("无偿援助占对外援助总额的47.30%。", "share", "47.30%"),
    ("帮助3万农户增收。", "count", "3万"),
    ("国家国际发展合作署于2018年4月成立。", "date", "2018年"),
    ("大桥全长2.1公里。", "size", "2.1公里"),
]


@pytest.mark.parametrize("sentence, want, found", VALUES)
def test_values_of_each_type_are_found(sentence, want, found):
    spans = values(sentence, want)
    assert any(found in sentence[a:b] or sentence[a:b] in found for a, b in spans), spans


def test_a_year_or_a_share_is_not_a_count():
    sentence = "In 2019, 47.30% of the aid went to 53 countries."
    counted = [sentence[a:b] for a, b in values(sentence, "count")]
    assert counted == ["53"]


def test_a_value_counts_only_in_the_clause_about_the_attribute():
    sentence = "China upgraded the wrestling stadium, and it trained 1,500 coaches"
    spans = values(sentence, "count")
    assert tied(sentence, spans, ("coach",), "en") == 1.0
    assert tied(sentence, spans, ("seat",), "en") == 0.0
    assert tied(sentence, [], ("coach",), "en") == 0.0
