"""A foreign question's gloss (qa/gloss.py) and how the pipeline reads such a question, on the real paper,
model and store: names in every language we take, look-alike words, the paragraphs of its closest sentences."""

from __future__ import annotations

import pytest

from qa import answer
from qa.gloss import Glossary
from qa.language import FROM_ENGLISH

# a country named in each language answered from the English edition (CLDR's names, via Babel)
NAMED = [
    ("Qu'a fait la Chine en Mongolie ?", "Mongolia"),
    ("Welche Projekte hat China in der Mongolei unterstützt?", "Mongolia"),
    ("¿Qué hizo China en las Comoras contra la malaria?", "Comoros"),
    ("Quantos socorristas a China enviou ao Nepal?", "Nepal"),
    ("Cosa ha fatto la Cina in Cambogia?", "Cambodia"),
    ("Какую помощь Камбоджа получила от Китая?", "Cambodia"),
    ("モンゴルで中国は何をしましたか", "Mongolia"),
    ("몽골에서 중국은 무엇을 했나요?", "Mongolia"),
]


@pytest.fixture(scope="module")
def glossary(pipeline) -> Glossary:
    return pipeline.glossary


def test_the_named_cases_cover_every_language_we_take():
    from qa.language import identify

    assert {identify(q) for q, _ in NAMED} == set(FROM_ENGLISH)


@pytest.mark.parametrize("question, name", NAMED)
def test_a_country_named_in_another_language_is_glossed_by_its_english_name(glossary, question, name):
    assert name in glossary.gloss(question)


def test_an_inflected_russian_name_is_found(glossary):
    assert "Mongolia" in glossary.gloss("Что Китай сделал в Монголии?")  # CLDR writes Монголия
    assert "Cambodia" in glossary.gloss("Что Китай сделал в Камбодже?")


def test_look_alike_words_are_the_papers_words(glossary, pipeline):
    assert glossary.alike("développement") == "development"
    assert glossary.alike("cooperación") == "cooperation"
    assert glossary.alike("Zusammenarbeit") is None  # nothing spelled like it
    assert glossary.alike("para") is None  # too short to tell by spelling
    english = " ".join(p.text for p in pipeline.store.in_lang("en")).lower()
    for word in glossary.gloss("¿Cuántos proyectos de cooperación internacional para el desarrollo?"):
        assert word.lower() in english


def test_a_korean_particle_is_not_a_country(glossary):
    assert "Iran" not in glossary.gloss("중국이란 어떤 나라인가?")  # 이란 is Iran only where a word starts


def test_the_gloss_reads_the_question_but_is_never_shown(built_store):
    question = "Combien de secouristes la Chine a-t-elle envoyés au Népal après le séisme ?"
    result = answer(question, settings=built_store)
    assert result.lang == "fr" and result.edition == "en"
    assert result.standalone_question == question  # searched with its gloss, shown as asked


def test_a_foreign_question_also_gets_the_paragraphs_of_its_closest_sentences(pipeline):
    question = "Wo hat China Wasserversorgungssysteme gebaut?"  # German compound: no word BM25 can match
    alone = pipeline.hits(pipeline.lexical(question, True), "en", pipeline.embedder.query_vector(question))
    found = pipeline.understand(question, "en", [], foreign=True)
    assert "en-3.5-02" not in [h.paragraph.id for h in alone[:5]]
    assert "en-3.5-02" in [h.paragraph.id for h in found.hits[:5]]
    fused = {h.paragraph.id for h in alone}
    assert all(h.dense > 0 for h in found.hits if h.paragraph.id not in fused)  # each with its paragraph's cosine


def test_japanese_is_not_read_as_traditional_chinese(pipeline):
    question = "この白書では「中国の国際開発協力」をどのように定義していますか？"
    assert pipeline.readable(question, "ja") == question
    assert pipeline.readable("國家國際發展合作署是哪一年成立的？", "zh-Hant") == "国家国际发展合作署是哪一年成立的？"
