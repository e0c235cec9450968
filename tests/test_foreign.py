"""qa/foreign.py and the search of a foreign question: read by its own question words, searched by meaning."""

from __future__ import annotations

import pytest

from qa import prepare
from qa.extractive import PARAGRAPHS_CONSIDERED
from qa.foreign import analyse, terms
from qa.text import stem


@pytest.mark.parametrize("question, want", [
    ("Combien de membres d'équipes médicales la Chine a-t-elle envoyés entre 2015 et 2019 ?", "count"),
    ("¿Cuántos miembros de equipos médicos envió China entre 2015 y 2019?", "count"),
    ("Wie viele medizinische Teammitglieder hat China zwischen 2015 und 2019 entsandt?", "count"),
    ("Quantos membros de equipes médicas a China enviou entre 2015 e 2019?", "count"),
    ("Сколько врачей Китай направил за рубеж?", "count"),
    ("중국은 해외에 몇 명의 의료진을 파견했습니까?", "count"),
    ("Pourquoi la Chine aide-t-elle l'Afrique ?", "reason"),
    ("¿Por qué China condona deudas?", "reason"),
    ("Perché la Cina aiuta l'Africa?", "reason"),
    ("Quando è stata fondata la CIDCA?", "date"),
    ("Wann wurde die CIDCA gegründet?", "date"),
    ("¿Dónde construyó China el estadio?", "place"),
    ("Où la Chine a-t-elle construit des hôpitaux ?", "place"),
    ("Quel a été le montant total de l'aide ?", "money"),
    ("Quali università la Cina ha aiutato a costruire?", "list"),
    ("Was ist die Seidenstraße?", "definition"),  # no question word of a typed value: an account, as before
    ("Que sont les « ateliers Luban » ?", "definition"),
])
def test_question_words_say_what_is_wanted(question, want):
    assert analyse(question).want == want


def test_countries_are_the_attribute_only_when_listed():
    assert analyse("Dans quels pays la Chine a-t-elle formé des médecins ?").attribute == ("countri",)
    assert analyse("In welchen Ländern hat China Brunnen gebaut?").attribute == ("countri",)
    # "universities of developing countries": countries are not what is listed
    assert analyse("Quali università dei paesi in via di sviluppo la Cina ha aiutato a costruire?").attribute == ()


def test_topic_words_drop_accents_and_function_words():
    found = terms("Quand l'agence de coopération internationale a-t-elle été créée ?")
    assert {stem("cooperation"), stem("agency")} <= set(found)  # "coopération" read as the English word
    assert not {"quand", "de", "l", "t", "ete"} & set(found)
    assert "2019" in terms("¿Cuántos expertos envió China hasta finales de 2019?")


FOREIGN = [
    "Quali università dei paesi in via di sviluppo la Cina ha aiutato a costruire?",
    "In welchen Ländern hat China beim Bau von Wasserversorgungssystemen geholfen?",
    "Combien de membres d'équipes médicales la Chine a-t-elle envoyés entre 2015 et 2019 ?",
]


@pytest.mark.parametrize("question", FOREIGN)
def test_a_foreign_question_is_searched_by_meaning_alone(built_store, question):
    """BM25 reads French words as English ("China", look-alikes): none of its hits; the paragraph of the
    paper's sentence closest to the question is among those the answerer reads, though its own vector,
    blurred by its other sentences, may rank lower."""
    pipeline = prepare(built_store)
    store = pipeline.store
    vector = pipeline.embedder.query_vector(question)
    hits = pipeline.retriever.retrieve(question, "en", vector, foreign=True)
    assert hits and all(h.bm25 == 0.0 for h in hits)
    closest = store.sentence_ids[int((store.sentence_vectors @ vector).argmax())][0]
    closest_en = closest if closest.startswith("en-") else store.paragraphs[closest].aligned_id
    assert closest_en in [h.paragraph.id for h in hits[:PARAGRAPHS_CONSIDERED]]
