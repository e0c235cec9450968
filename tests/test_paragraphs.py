"""Paragraphs: unique, stable ids, known texts present once, contents not indexed, spans exact."""

from __future__ import annotations

import pytest

from store.corpus import load_corpus, read_source
from store.paragraphs import heading_from_merged, paragraph_id
from store.sentences import sentence_spans

# (language, a phrase from the paper, the section its paragraph sits in)
KNOWN = [
    ("en", "China is the largest developing country in the world", "en-preface-"),
    ("en", "originates from the concept of great harmony", "en-1.1-"),
    ("en", "From 2013 to 2018, China provided assistance to 122 countries", "en-2.1-"),
    ("en", "202 batches of 3,588", "en-4.3-"),
    ("en", "from a single season to two seasons", "en-4.2-"),
    ("en", "Improve the level of sport.Carry out sports technical cooperation", "en-6.2-"),
    ("en", "Practice cooperation with international organizations. Since 2016", "en-7.2-"),
    ("en", "The new crown pneumonia epidemic has posed a huge threat", "en-8.0-"),
    ("en", "embark on a new journey of comprehensively building", "en-conclusion-"),
    ("en", "Note 1: The \"China's international development cooperation\"", "en-note-"),
    ("zh", "中国是世界上最大的发展中国家。中华人民共和国成立以来", "zh-preface-"),
    ("zh", "水稻种植由单季提高到两季", "zh-4.2-"),
    ("zh", "3588名", "zh-4.3-"),
    ("zh", "派遣长期医疗队", "zh-2.2-"),
    ("zh", "支持打通六廊六路建设", "zh-3.2-"),
    ("zh", "注1：本白皮书中所称", "zh-note-"),
    ("zh", "中国即将开启全面建设社会主义现代化国家新征程", "zh-conclusion-"),
    ("zh", "新冠肺炎疫情给世界各国", "zh-8.0-"),
    ("zh", "支持空中枢纽建设", "zh-3.2-"),
    ("zh", "提高文体水平", "zh-6.2-"),
]


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_no_two_paragraphs_share_text(corpus):
    for lang, ps in corpus.paragraphs.items():
        texts = [p.text for p in ps]
        assert len(texts) == len(set(texts)), lang
        assert len({p.id for p in ps}) == len(ps)


@pytest.mark.parametrize("lang, phrase, where", KNOWN)
def test_known_paragraph_present_exactly_once(corpus, lang, phrase, where):
    holders = [p for p in corpus.paragraphs[lang] if phrase in p.text]
    assert len(holders) == 1, [p.id for p in holders]
    assert holders[0].id.startswith(where)


def test_ids_stable_across_parses(corpus):
    load_corpus.cache_clear()
    again = load_corpus()
    for lang in ("en", "zh"):
        assert [(p.id, p.text) for p in again.paragraphs[lang]] == [(p.id, p.text) for p in corpus.paragraphs[lang]]


def test_table_of_contents_is_not_indexed(corpus):
    for lang in ("en", "zh"):
        toc = {d.text for d in corpus.cleaned[lang].dropped if d.reason == "table of contents"}
        assert toc
        assert not toc & {p.text for p in corpus.paragraphs[lang]}
    assert not any(p.text == "(1) Scale has steadily expanded" for p in corpus.paragraphs["en"])


def test_every_paragraph_is_a_verbatim_slice_of_its_source_line(corpus):
    for lang, ps in corpus.paragraphs.items():
        lines = read_source(lang).splitlines()
        for p in ps:
            assert p.text in lines[p.line - 1], p.id


def test_structure_matches_between_editions(corpus):
    en = [(p.chapter, p.section) for p in corpus.paragraphs["en"]]
    zh = [(p.chapter, p.section) for p in corpus.paragraphs["zh"]]
    assert en == zh
    assert {p.chapter for p in corpus.paragraphs["en"]} == set(range(11))  # preface, 1-8, conclusion, note


def test_sentence_spans_tile_each_paragraph(corpus):
    for p in corpus.all():
        assert p.sentences
        previous_end = 0
        for a, b in p.sentences:
            assert previous_end <= a < b <= len(p.text)
            assert p.text[previous_end:a].strip() == ""
            previous_end = b
        assert p.text[previous_end:].strip() == ""


@pytest.mark.parametrize("text, lang, expected", [
    ("One. Two.Three", "en", ["One.", "Two.", "Three"]),
    ("Aid rose 1.5 times. It grew.", "en", ["Aid rose 1.5 times.", "It grew."]),
    ("He went to the U.S. in May. Then home.", "en", ["He went to the U.S. in May.", "Then home."]),
    ("援建成套项目。共423个！“好”。", "zh", ["援建成套项目。", "共423个！", "“好”。"]),
    ("他说：“完成了。”然后走了。", "zh", ["他说：“完成了。”", "然后走了。"]),
])
def test_sentence_examples(text, lang, expected):
    assert [text[a:b] for a, b in sentence_spans(text, lang)] == expected


def test_ids_and_merged_headings():
    assert paragraph_id("en", 4, 3, 2) == "en-4.3-02"
    assert paragraph_id("zh", 0, 0, 1) == "zh-preface-01"
    assert paragraph_id("en", 10, 0, 1) == "en-note-01"
    merged = "Promote the Financial Connection of Finance and Economic Connection of Finance and more"
    assert heading_from_merged(merged) == "Promote the Financial Connection of Finance and Economic"
