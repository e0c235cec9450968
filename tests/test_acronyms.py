"""Acronyms the paper never writes, read as the names it writes (qa/acronyms.py), on the real paper."""

from __future__ import annotations

import re

import pytest

from qa import answer
from qa.acronyms import ACRONYMS, expand, readings, written


def _texts(pipeline) -> dict[str, str]:
    return {lang: "\n".join(p.text for p in pipeline.store.in_lang(lang)) for lang in ("en", "zh")}


def test_an_acronym_the_paper_writes_is_read_as_written(pipeline):
    texts = _texts(pipeline)
    known = written(texts.values())
    assert known, "the paper writes some of the table's acronyms (FAO, UNESCO, …)"
    for acronym in known:
        assert re.search(rf"(?<![A-Za-z0-9]){acronym}(?![A-Za-z0-9])", texts["en"] + texts["zh"]), acronym
        assert acronym not in pipeline.acronyms
        assert expand(f"What did China do with {acronym}?", "en", pipeline.acronyms) == f"What did China do with {acronym}?"


def test_an_acronym_the_paper_never_writes_is_read_as_the_name_it_writes(pipeline):
    texts = _texts(pipeline)
    assert len(pipeline.acronyms) >= 20
    for acronym, (en, zh) in pipeline.acronyms.items():
        assert not re.search(rf"(?<![A-Za-z0-9]){acronym}(?![A-Za-z0-9])", texts["en"] + texts["zh"]), acronym
        assert en is None or en.lower() in texts["en"].lower()
        assert zh is None or zh in texts["zh"]
        assert expand(f"What did {acronym} do?", "en", pipeline.acronyms) == f"What did {en or acronym} do?"
        assert expand(f"{acronym}做了什么？", "zh", pipeline.acronyms) == f"{zh or acronym}做了什么？"


def test_an_acronym_for_a_name_the_paper_never_writes_stays(pipeline):
    """Then it is a name the paper lacks, and the question is known to ask about something it never mentions."""
    texts = _texts(pipeline)
    lacking = [a for a, (en, zh) in ACRONYMS.items()
               if a not in written(texts.values()) and en.lower() not in texts["en"].lower() and zh not in texts["zh"]]
    assert lacking, "the table names bodies and terms the paper never mentions (GNI, GDP, …)"
    for acronym in lacking:
        assert expand(f"What is the {acronym} of China?", "en", pipeline.acronyms) == f"What is the {acronym} of China?"
    assert readings(texts["en"], texts["zh"]) == pipeline.acronyms


ALL = {a: names for a, names in ACRONYMS.items()}  # every acronym as if the paper named it in both editions


@pytest.mark.parametrize("question, lang, read", [
    ("How many LDCs got help?", "en", "How many least developed countries got help?"),  # a plural name stays
    ("How many NGOs took part?", "en", "How many non-governmental organizations took part?"),
    ("CIDCA是哪一年成立的？", "zh", "国家国际发展合作署是哪一年成立的？"),  # no space around Latin letters in Chinese
    ("WHO IS THE HEAD OF CIDCA?", "en", "WHO IS THE HEAD OF CIDCA?"),  # shouted: capitals are no acronyms
    ("What is the China-IMF centre?", "en", "What is the China-IMF centre?"),  # a compound is a name of its own
    ("Did the BRI help?", "en", "Did the Belt and Road help?"),
    ("How much CO2 is avoided?", "en", "How much carbon dioxide is avoided?"),
])
def test_how_a_question_is_read(question, lang, read):
    assert expand(question, lang, ALL) == read


@pytest.mark.parametrize("question, read", [
    ("中国给亚投行提供过什么支持？", "中国给亚洲基础设施投资银行提供过什么支持？"),
    ("中国和世卫组织有什么合作？", "中国和世界卫生组织有什么合作？"),  # the longer short name first: not 世界卫生组织组织
    ("中国在世行设了什么基金？", "中国在世界银行设了什么基金？"),
    ("东南亚行业发展怎么样？", "东南亚行业发展怎么样？"),  # 亚行 is no short name here
    ("中国为联合国环境署出过钱吗？", "中国为联合国环境署出过钱吗？"),  # the paper never names UNEP: stays as written
])
def test_a_chinese_short_name_is_read_as_the_full_name_the_paper_writes(pipeline, question, read):
    assert expand(question, "zh", pipeline.acronyms) == read


def test_a_question_by_chinese_short_name_is_not_told_the_paper_lacks_it(built_store):
    result = answer("中国给亚投行提供过什么支持？", settings=built_store)
    assert "亚投行" not in result.text  # not "文中没有提到亚投行": the paper names 亚洲基础设施投资银行 twice
    assert result.status == "answered"
    assert any("亚洲基础设施投资银行" in c.quote for c in result.citations)
    assert result.question == "中国给亚投行提供过什么支持？"


def test_written_finds_compounds_but_not_longer_words():
    assert written(["the China-FAO trust fund and the BRICS bank"]) == frozenset({"FAO"})
    assert written(["UNDPs", "the SCO2 group", "国家发展合作署(CIDCA)成立", "WHO's"]) == frozenset({"CIDCA", "WHO"})


@pytest.mark.parametrize("question, needles", [
    ("When was CIDCA set up?", ("Development Cooperation Agency", "2018")),
    ("CIDCA是哪一年成立的？", ("国家国际发展合作署", "2018")),
])
def test_a_question_by_acronym_is_answered_from_the_passage_naming_the_body(built_store, question, needles):
    result = answer(question, settings=built_store)
    assert result.status == "answered", result.text
    assert result.question == question  # the user's words are shown as asked
    assert any(all(n in c.quote for n in needles) for c in result.citations), [c.quote for c in result.citations]
