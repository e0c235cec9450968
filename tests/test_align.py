"""Alignment of the English edition to the Chinese original."""

from __future__ import annotations

import pytest

from store.align import _align_by_numbers, numbers
from store.corpus import load_corpus
from store.paragraphs import Paragraph


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_coverage_at_least_95_percent(corpus):
    assert corpus.alignment.coverage >= 0.95


def test_aligned_pairs_point_both_ways(corpus):
    by_id = corpus.by_id()
    for p in corpus.paragraphs["en"]:
        if p.aligned_id:
            assert by_id[p.aligned_id].aligned_id == p.id


@pytest.mark.parametrize("english, chinese", [
    ("3,588", "3588"),
    ("122 countries", "122个国家"),
    ("423 complete", "423个"),
    ("890 batches", "890批"),
    ("414 technical cooperation projects", "414个"),
    ("82 projects", "项目82个"),
    ("98 interest-free", "98笔"),
])
def test_spot_check_pairs_by_shared_numbers(corpus, english, chinese):
    en = [p for p in corpus.paragraphs["en"] if english in p.text]
    assert len(en) == 1
    zh = corpus.by_id()[en[0].aligned_id]
    assert chinese in zh.text


def test_numbers_agree_in_nearly_all_pairs(corpus):
    a = corpus.alignment
    assert a.checked >= 50 and a.numbers_agree / a.checked >= 0.95


@pytest.mark.parametrize("text, lang, expected", [
    ("3,588 members and 1.5 billion yuan", "en", {3588.0, 1.5e9}),
    ("2万余名志愿者，15亿元", "zh", {20000.0, 1.5e9}),
])
def test_number_reading(text, lang, expected):
    assert numbers(text, lang) == expected


def _p(pid: str, lang: str, text: str) -> Paragraph:
    return Paragraph(id=pid, lang=lang, chapter=1, chapter_title="", section=1, section_title="",
                     position=0, text=text, line=1)


def test_uneven_sections_are_paired_by_numbers():
    en = [_p("e1", "en", "In 2013 there were 10."), _p("e2", "en", "Then 55 more in 2019.")]
    zh = [_p("z1", "zh", "2013年有10个。"), _p("z2", "zh", "另一段。"), _p("z3", "zh", "2019年又有55个。")]
    assert _align_by_numbers(en, zh) == {"e1": "z1", "e2": "z3"}
