"""Taiwan's and Hong Kong's names read as the paper's (qa/regional.py), on the real paper and store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa import answer

# Traditional wording -> the paper's name it must be read as
TAIWAN_NAMES = [
    ("西非伊波拉疫情期間，中國派了多少醫護人員？", "埃博拉"),
    ("中國對茲卡疫情提供了什麼援助？", "寨卡"),
    ("吉布地的魯班工坊是什麼？", "吉布提"),
    ("中國在獅子山做了什麼？", "塞拉利昂"),
    ("東加推廣了什麼農業技術？", "汤加"),
    ("中國在尚比亞建了什麼？", "赞比亚"),
    ("約翰尼斯堡峰會上宣布了什麼？", "约翰内斯堡"),  # a city of five characters, 翰 in no country's name
]


@pytest.mark.parametrize("question, name", TAIWAN_NAMES)
def test_taiwan_names_are_read_as_the_papers(pipeline, question, name):
    assert name in pipeline.simplified(question)


def test_a_longer_name_is_not_read_as_a_shorter_one(pipeline):
    # 尼日 (Taiwan's Niger) inside 尼日利亚 (the mainland's and Hong Kong's Nigeria) is not Niger
    assert pipeline.renamer.rename("中国在奈及利亚和尼日利亚") == "中国在尼日利亚和尼日利亚"


def test_a_bilateral_abbreviation_is_not_read_by_sound(pipeline):
    # 中塞 (China and Sierra Leone) is not the paper's 中白 (China and Belarus), though zhongsai sounds like zhongbai
    assert pipeline.renamer.rename("中塞实验室建在哪个城市？") == "中塞实验室建在哪个城市？"


def test_the_papers_own_text_is_never_renamed(pipeline):
    for p in pipeline.store.in_lang("zh"):
        assert pipeline.renamer.rename(p.text) == p.text, p.id


def test_no_simplified_question_of_the_set_is_renamed(pipeline):
    """The rule's precision: the set's Simplified questions use the paper's names, so nothing may change but
    a country's other name, read as the paper's name of the same country (the mainland writes 印尼 too,
    which is also Taiwan's name for 印度尼西亚)."""
    from qa.regional import _countries

    pattern, mainland = _countries()
    lines = Path(__file__).parents[1].joinpath("eval", "questions.jsonl").read_text("utf-8").splitlines()
    questions = [q for q in map(json.loads, lines) if q["lang"] == "zh"]
    assert len(questions) > 100
    for q in questions:
        renamed = pipeline.renamer.rename(q["question"])
        assert pattern.sub("", renamed) == pattern.sub("", q["question"]), q["id"]
        assert [mainland[n] for n in pattern.findall(renamed)] == [mainland[n] for n in pattern.findall(q["question"])], q["id"]
    assert pipeline.renamer.rename("中国跟印尼合建了联合实验室") == "中国跟印度尼西亚合建了联合实验室"


@pytest.mark.parametrize("question, read", [
    ("中国在巴新做了什么？", "中国在巴布亚新几内亚做了什么？"),  # a short form CLDR lacks
    ("中国在刚果民主共和国援建过什么？", "中国在刚果（金）援建过什么？"),  # an official name; the paper writes 刚果（金）
    ("中国在特多和刚果布做过什么项目？", "中国在特立尼达和多巴哥和刚果（布）做过什么项目？"),
    ("中国为阿联酋提供过什么援助？", "中国为阿联酋提供过什么援助？"),  # a country the paper never names stays
    ("古巴新建了什么？", "古巴新建了什么？"),  # 古巴 is read first: no 巴新 in it
])
def test_a_country_named_otherwise_is_read_as_the_papers_name(pipeline, question, read):
    assert pipeline.readable(question, "zh") == read


def test_the_papers_own_text_reads_as_it_is(pipeline):
    from qa.regional import papers_countries

    for p in pipeline.store.in_lang("zh"):
        assert papers_countries(p.text, pipeline.zh_text) == p.text, p.id


def test_a_short_country_name_is_not_reported_missing(built_store):
    result = answer("中国在巴新做了什么？", settings=built_store)
    assert "巴新" not in result.text  # not "文中没有提到巴新": the paper names 巴布亚新几内亚 seven times
    assert result.status == "answered"
    assert any("巴布亚新几内亚" in c.paragraph_text for c in result.citations)
    assert result.question == "中国在巴新做了什么？"


def test_a_question_with_a_taiwan_name_is_answered_from_its_paragraph(built_store):
    result = answer("吉布地的魯班工坊是什麼？", settings=built_store)
    assert result.lang == "zh-Hant" and result.status == "answered"
    assert any("吉布提" in c.paragraph_text for c in result.citations)
    assert result.question == "吉布地的魯班工坊是什麼？"  # shown as asked; only its reading changed


@pytest.mark.parametrize("text, read", [
    ("喺國際社會上係咩關係？", "在國際社會上是什麼關係？"),  # 關係 keeps its 係
    ("除咗捐錢，仲有啲乜？", "除了捐錢，還有些什麼？"),
    ("點解中國要做國際發展合作？", "為什麼中國要做國際發展合作？"),
    ("中國派咗幾多醫護人員去西非？", "中國派了多少醫護人員去西非？"),
    # standard written Chinese, in which 係 and 呢 are words of their own, is left as it is
    ("中非關係有什麼特點呢？", "中非關係有什麼特點呢？"),
])
def test_written_cantonese_is_read_as_standard_chinese(text, read):
    from qa.cantonese import standard

    assert standard(text) == read


def test_a_why_question_in_written_cantonese_is_answered_with_the_reason(built_store):
    """點解 is Cantonese for 为什么: read as it was, the question asked nothing, and its answer quoted China's
    openness to tripartite cooperation instead of the reasons the paper gives."""
    result = answer("點解中國要做國際發展合作？", settings=built_store)
    assert result.status == "answered" and "源于" in result.citations[0].quote, result.citations[0].quote[:60]
