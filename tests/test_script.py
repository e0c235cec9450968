"""qa/script.py on the real paper: every sentence of the Chinese edition, and its Taiwan and Hong Kong renderings."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

from qa.script import (
    converter,
    has_traditional,
    is_traditional,
    to_simplified,
    to_traditional,
    to_traditional_outside,
    variant,
    vocabulary,
)
from store.corpus import paragraphs


@lru_cache(maxsize=1)
def sentences() -> list[str]:
    return [s for p in paragraphs("zh") for s in re.split(r"(?<=[。；！？])", p.text) if s.strip()]


@lru_cache(maxsize=1)
def paper_words() -> frozenset[str]:
    return vocabulary("".join(p.text for p in paragraphs("zh")))


@pytest.mark.parametrize("text, traditional", [
    ("2015年至2019年，中國派出了多少名援外醫療隊員？", True),
    ("中國對外援助2013到2018年總金額是多少？", True),
    ("國家國際發展合作署是哪一年成立的？", True),
    ("香港的援外項目裏有沒有衞生綫？", True),
    ("什麼是一帶一路", True),
    ("台灣", True),  # subtle: s2t would call 台 Simplified (臺); Taiwan writes 台
    ("中國", True),
    ("What is 國際發展?", True),
    ("2015年至2019年，中国派出了多少名援外医疗队员？", False),
    ("一带一路", False),
    ("中国", False),
    ("著名", False),  # shared by both scripts
    ("南南合作", False),  # no character differs: read as Simplified
    ("How many doctors?", False),
    ("", False),
    ("中国派出多少醫療隊員？", True),  # mixed: more Traditional forms than Simplified ones
    ("中国派出多少医疗队員？", False),  # mixed the other way
])
def test_traditional_is_told_from_simplified(text, traditional):
    assert is_traditional(text) is traditional


def test_no_sentence_of_the_paper_is_taken_for_traditional():
    assert len(sentences()) > 400
    assert [s for s in sentences() if is_traditional(s) or has_traditional(s)] == []


@pytest.mark.parametrize("region", ["tw", "hk"])
def test_every_sentence_rendered_in_traditional_is_told_and_read_back(region):
    """Both directions on 496 real sentences: the rendering is Traditional, of its region, and
    reads back to the original (OpenCC's own round trip keeps 座标 for 坐标 once)."""
    rendered = [(s, to_traditional(s, region)) for s in sentences()]
    changed = [(s, t) for s, t in rendered if t != s]
    assert len(changed) > 400
    assert [t for _, t in changed if not is_traditional(t)] == []
    back = [(s, to_simplified(t, paper_words())) for s, t in changed]
    mismatched = [s for s, b in back if b != s]
    assert len(mismatched) <= 1 and all("坐标" in s for s in mismatched)


def test_hong_kong_forms_are_told_from_taiwan_ones():
    pairs = [(to_traditional(s, "tw"), to_traditional(s, "hk")) for s in sentences()]
    differing = [(tw, hk) for tw, hk in pairs if tw != hk]
    assert len(differing) > 50
    assert [hk for _, hk in differing if variant(hk) != "hk"] == []
    assert [tw for tw, _ in differing if variant(tw) != "tw"] == []


@pytest.mark.parametrize("traditional, simplified", [
    ("國家國際發展合作署是哪一年成立的？", "国家国际发展合作署是哪一年成立的？"),
    ("香港的援外項目裏有沒有衞生綫？", "香港的援外项目里有没有卫生线？"),  # Hong Kong forms
    ("寮國的電子商務", "老挝的电子商务"),  # Taiwan's name for Laos, as the paper spells it
    ("中國建立了哪些合作機制？", "中国建立了哪些合作机制？"),  # not tw2sp's 创建: the paper says 建立
    ("白皮書的核心理念是什麼？", "白皮书的核心理念是什么？"),  # not tw2sp's 内核
])
def test_reading_in_simplified_uses_the_papers_words(traditional, simplified):
    assert to_simplified(traditional, paper_words()) == simplified


def test_quotes_stay_simplified_when_the_rest_is_converted():
    text = "白皮书指出：“中国派出医疗队。”[1] 又说：“中国派出医疗队。”[2]"
    out = to_traditional_outside(text, ["中国派出医疗队。"])
    assert out == "白皮書指出：“中国派出医疗队。”[1] 又說：“中国派出医疗队。”[2]"
    assert to_traditional_outside("白皮书没有涉及这个问题。", []) == "白皮書沒有涉及這個問題。"


@pytest.mark.parametrize("config", ["t2s", "s2tw", "s2hk"])
def test_no_conversion_of_ours_rewrites_a_character_below_u3400(config):
    """_changed() skips converting text below U+3400 (English, punctuation, kana…) on this fact."""
    below = "".join(chr(i) for i in range(0x20, 0x3400) if not 0xD800 <= i < 0xE000)
    for k in range(0, len(below), 500):
        chunk = below[k:k + 500]
        assert converter(config).convert(chunk) == chunk
