"""Cleaning the scraped English edition and the Chinese original: nothing lost, nothing twice."""

from __future__ import annotations

import pytest

from store.clean import clean
from store.corpus import load_corpus, read_source

DEBRIS_REASONS = ("blank", "table of contents", "front matter", "scrape debris")


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_every_dropped_english_line_is_accounted_for(corpus):
    """Each dropped line is a copy of kept text (whole, truncated or merged pieces) or named debris."""
    cleaned = corpus.cleaned["en"]
    kept_text = [line.text for line in cleaned.kept]
    for d in cleaned.dropped:
        if d.reason.startswith(DEBRIS_REASONS):
            continue
        assert d.reason in {"duplicate", "truncated copy", "duplicate (merged pieces)"}, d
        assert d.of, d
        sources = [t for t in kept_text if any(t == line.text for line in cleaned.kept
                                               if line.number in d.of)]
        if d.reason == "duplicate":
            assert d.text in sources
        elif d.reason == "truncated copy":
            assert any(s.startswith(d.text) and len(s) > len(d.text) for s in sources)
        else:
            joined = " ".join(sources)
            assert all(piece.strip() in joined for piece in d.text.split("——") if piece.strip())


def test_lines_are_counted_once(corpus):
    for lang, cleaned in corpus.cleaned.items():
        numbers = [line.number for line in cleaned.kept] + [d.number for d in cleaned.dropped]
        assert sorted(numbers) == list(range(1, cleaned.lines_read + 1)), lang


def test_scrape_structure_is_what_we_expect(corpus):
    reasons = [d.reason for d in corpus.cleaned["en"].dropped]
    assert reasons.count("truncated copy") == 1  # the first copy breaks off mid-paragraph
    assert reasons.count("duplicate (merged pieces)") == 1  # one line runs two paragraphs together
    assert reasons.count("scrape debris: related-links block") == 2
    assert sum(r == "table of contents" for r in reasons) > 40  # two copies of the contents


def test_chinese_original_loses_only_contents_and_dateline(corpus):
    reasons = {d.reason for d in corpus.cleaned["zh"].dropped}
    assert reasons == {"table of contents", "blank", "scrape debris: news-agency dateline"}


@pytest.mark.parametrize("raw, kept, dropped", [
    ("directory\nPreface\nChapter one\nPreface\n" + "A" * 250, ["Preface", "A" * 250], 3),
    ("Intro line that is long enough.\nIntro line that is long enough.", ["Intro line that is long enough."], 1),
    ("Short start of a paragraph\nShort start of a paragraph, then the rest.",
     ["Short start of a paragraph, then the rest."], 1),
    ("Related manuscripts:\nText.", ["Text."], 1),
])
def test_clean_examples(raw, kept, dropped):
    result = clean(raw, "en")
    assert [line.text for line in result.kept] == kept
    assert len(result.dropped) == dropped


def test_sources_are_the_shared_files_unedited():
    from pathlib import Path

    shared = Path(__file__).resolve().parents[2] / "shared" / "whitepaper"
    if not shared.exists():
        pytest.skip("shared/ is not beside this checkout")
    for lang, name in (("en", "000_cc480c5c94e61b4c.txt"), ("zh", "001_63b33642533dba16.txt")):
        assert read_source(lang) == (shared / name).read_text(encoding="utf-8")
