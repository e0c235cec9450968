"""ui.paper on the real paper: every paragraph shown once beside its counterpart, anchors, targets, search."""

from __future__ import annotations

import html
import re

import pytest

from store.corpus import load_corpus
from ui.paper import Target, _mark_words, link, render_paper, rows


def test_every_paragraph_of_both_editions_is_shown_once_as_an_anchor():
    out = render_paper()
    ids = re.findall(r'<div class="wpqa-para[^"]*" id="([^"]+)" lang="(\w+)"', out)
    corpus = load_corpus()
    expected = [(p.id, p.lang) for p in corpus.all()]
    assert sorted(ids) == sorted(expected)
    for r in rows():  # side by side: English beside its aligned Chinese paragraph
        assert r.en is None or r.zh is None or r.en.aligned_id == r.zh.id
    assert out.count('<details class="wpqa-chapter"') == len({p.chapter for p in corpus.all()})
    assert out.count(' open>') == 1  # only the preface starts open


@pytest.mark.parametrize("params, target", [
    ({"p": "en-4.3-04"}, Target("en-4.3-04")),
    ({"p": "zh-4.3-04", "hl": "3-10"}, Target("zh-4.3-04", 3, 10)),
    ({"p": " en-preface-01 ", "hl": "x-y"}, Target("en-preface-01")),
    ({"hl": "1-2"}, None),
    ({}, None),
])
def test_target_from_query(params, target):
    assert Target.from_query(params) == target


@pytest.mark.parametrize("pid, start, end", [("en-4.3-04", 0, 40), ("zh-2.2-07", 5, 20), ("en-note-01", 0, 0)])
def test_target_is_opened_marked_and_its_quote_highlighted(pid, start, end):
    text = load_corpus().by_id()[pid].text
    out = render_paper(Target(pid, start, end))
    cell = re.search(rf'<div class="wpqa-para wpqa-target" tabindex="-1" id="{pid}" lang="\w+">(.*?)</div>', out).group(1)
    marks = re.findall(r'<mark class="wpqa-quote">(.*?)</mark>', out)
    assert marks == ([html.escape(text[start:end])] if end else [])
    assert html.unescape(re.sub(r"<[^>]+>", "", cell)) == f"{pid} {text}"  # nothing lost around the mark
    chapter = re.findall(r'<details class="wpqa-chapter" id="[^"]+"( open)?>(?:(?!</details>).)*?id="' + pid, out, re.S)
    assert chapter == [" open"]
    assert out.count(" wpqa-target") == 1
    other = load_corpus().by_id()[pid].aligned_id
    assert f'<div class="wpqa-para wpqa-counterpart" id="{other}"' in out  # its other edition, beside it


def test_unknown_paragraph_is_said_plainly_and_the_paper_still_shown():
    out = render_paper(Target("en-99.9-99"))
    assert "No paragraph en-99.9-99 in the paper" in out and "wpqa-target" not in out
    assert 'id="en-4.3-04"' in out
    assert "&lt;script&gt;" in render_paper(Target("<script>"))


@pytest.mark.parametrize("query, must", [
    ("Cambodia rice", ["en-4.2-02"]),
    ("  CAMBODIA   Rice ", ["en-4.2-02"]),
    ("水稻 柬埔寨", ["zh-4.2-02"]),
    ("3,588", ["en-4.3-04"]),
])
def test_search_keeps_the_pairs_with_every_word(query, must):
    out = render_paper(query=query)
    shown = re.findall(r'id="((?:en|zh)-[^"]+)" lang', out)
    assert all(m in shown for m in must)
    words = query.lower().split()
    for pid in shown[::2]:
        pair = " ".join(p.text for r in rows() for p in (r.en, r.zh) if p and pid in (r.en.id, r.zh.id)).lower()
        assert all(w in pair for w in words), pid
    assert len(shown) < len(load_corpus().all())
    assert re.search(r"\d+ of 142 paragraphs contain", out)


@pytest.mark.parametrize("text, words, expected", [
    ("Debt relief & debts", ["debt"], '<mark class="wpqa-hit">Debt</mark> relief &amp; <mark class="wpqa-hit">debt</mark>s'),
    ("aid aid", ["ai", "id"], '<mark class="wpqa-hit">aid</mark> <mark class="wpqa-hit">aid</mark>'),  # overlaps merge
    ("水稻种植由单季提高到两季", ["两季", "水稻"], '<mark class="wpqa-hit">水稻</mark>种植由单季提高到<mark class="wpqa-hit">两季</mark>'),
    ("<b> & x", ["x"], '&lt;b&gt; &amp; <mark class="wpqa-hit">x</mark>'),
])
def test_search_words_are_marked_in_escaped_text(text, words, expected):
    assert _mark_words(text, words) == expected
    assert html.unescape(re.sub(r"<[^>]+>", "", expected)) == text


def test_search_with_no_hit_says_so():
    assert "0 of 142 paragraphs contain “zzqx”" in render_paper(query="zzqx")


@pytest.mark.parametrize("args, href, target", [
    (("en-4.3-04", 10, 52), "?p=en-4.3-04&hl=10-52", Target("en-4.3-04", 10, 52)),
    (("zh-preface-01",), "?p=zh-preface-01", Target("zh-preface-01")),
    (("en-1.0-01", 5, 5), "?p=en-1.0-01", Target("en-1.0-01")),  # an empty span is no highlight
])
def test_link_round_trips_through_target(args, href, target):
    assert link(*args) == href
    assert Target.from_query(dict(kv.split("=") for kv in href[1:].split("&"))) == target
