"""What a question in another language (French, Spanish, …) asks, read without translating it.

Unlike answer_types.py, whose patterns read English and Chinese question words, this reads the
question words of the languages answered from the English edition (qa/language.py's FROM_ENGLISH):
"combien", "cuántos", "wie viele" ask for a count, "pourquoi", "perché" for a reason, "dans quels
pays" for a list of countries. Its topic words are the question's own words with their accents
dropped ("coopération" -> "cooper", the English stem), less the languages' function words: names,
numbers and shared roots ("África", "2019", "internationale") are what can match the paper; the
other words match nothing and so weigh nothing. No word is translated.

Example:
    analyse("¿Cuántos expertos agrícolas envió China a países de Asia y África hasta finales de 2019?")
    -> Asked(want="count", attribute=(), focus=("experto", "agricola", …, "asia", "africa", …, "2019"), …)
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from qa.answer_types import Asked
from qa.text import EN_STOP, numbers_in, stem

# (type, pattern) over the lower-cased question; the earliest match wins, as in English. Question words
# of French, Spanish, Portuguese, Italian, German, Russian, Japanese and Korean, from their grammars.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("reason", re.compile(r"\bpourquoi\b|\bpor ?qu[ée]\b|\bperch[ée]\b|\bwarum\b|\bweshalb\b|\bwieso\b|"
                          r"почему|зачем|なぜ|どうして|왜")),
    ("duration", re.compile(r"combien de temps|cu[áa]nto tiempo|quanto tempo|wie lange|сколько времени|"
                            r"どのくらいの期間|얼마나 오래")),
    ("share", re.compile(r"\bpourcentage|\bporcentaje|\bpercentuale|\bporcentagem|\bprozentsatz|\banteil\b|"
                         r"процент|割合|비율")),
    ("money", re.compile(r"combien d'argent|cu[áa]nto dinero|quanto denaro|quanto dinheiro|wie viel geld|"
                         r"сколько денег|\bmontant\b|\bmonto\b|\bimporto\b|\bmontante\b|\bbetrag\b|\bсумм")),
    ("count", re.compile(r"\bcombien\b|\bcu[áa]nt[oa]s\b|\bquant[ie]\b|\bquant[oa]s\b|\bwie viele?\b|сколько|"
                         r"何人|何カ国|何か国|何ヶ国|何件|何個|何名|いくつ|몇")),
    ("date", re.compile(r"\bquand\b|\bcu[áa]ndo\b|\bquando\b|\bwann\b|когда|en quelle ann[ée]e|"
                        r"en qu[ée] a[ñn]o|in che anno|in quale anno|em que ano|in welchem jahr|в каком году|"
                        r"いつ|何年に|언제")),
    ("person", re.compile(r"^\W*qui\b|\bqui[ée]n(?:es)?\b|\bquem\b|^\W*chi\b|^\W*wer\b|\bкто\b|誰|누가|누구")),
    ("place", re.compile(r"\boù\b|\bd[óo]nde\b|\bonde\b|\bdove\b|\bwo\b|\bгде\b|どこ|어디")),
    # plural question words ("quels", "cuáles", "quali", "welche", "какие") ask for several things
    ("list", re.compile(r"\bquel(?:le)?s\b|\bcu[áa]les\b|\bqu[ée] (?!es\b)\w{3,}s\b|\bquais\b|\bquali\b|"
                        r"\bwelchen?\b|каки[ехм]|どの国|어느 나라|어떤 나라")),
]
_COUNTRIES = re.compile(r"\bpays\b|\bpa[íi]s(?:es)?\b|\bpaes[ei]\b|\bländer|\bstaaten\b|стран|国々|나라")

# function words (articles, prepositions, pronouns, auxiliaries, question words) of the languages above
_STOP = frozenset("""
le la les l de des du d un une et en a au aux dans pour par sur que qui quel quels quelle quelles est ete ont
il elle ils elles se sa son ses leur leurs ce cette ces avec pas ne plus combien pourquoi quand ou t
el los las del una y al para con su sus es son ha han fue lo como cuantos cuantas cuanto cuando donde porque
por entre hasta desde
il lo i gli di della dei degli delle e alla che hanno e sono si suo sua loro da quanti quante quanto
quando dove perche quali quale ha nel nella negli
der die das den dem des ein eine einen einem und im an am auf fur mit von zu zum zur bei beim hat haben
ist sind wurde wurden sich sein seine ihre was wie welche welchen welcher viele wann warum wo
o os as do da dos das um uma em no na nos nas seu foi quantos quantas onde quais
pays pais paises paesi lander landern staaten chine cina
""".split())


def analyse(question: str) -> Asked:
    """What a foreign question asks; its attribute is only "countries" ("dans quels pays", "in welchen
    Ländern": the one listed noun read across languages, by a short list); everything else is its focus."""
    want = _want(question)
    listed = _PATTERNS[-1][1].search(question.lower()) if want == "list" else None
    attribute = ("countri",) if listed and _COUNTRIES.match(question.lower()[listed.end():].lstrip()) else ()
    focus = tuple(t for t in terms(question) if t not in attribute)
    return Asked(want, attribute, focus, "countries" if attribute else "", (), frozenset(numbers_in(question)))


def _want(question: str) -> str:
    lowered = question.lower()
    found = [(m.start(), i, name) for i, (name, p) in enumerate(_PATTERNS) if (m := p.search(lowered))]
    return min(found)[2] if found else "definition"  # as before: a question without a known word wants an account


@lru_cache(maxsize=256)
def terms(question: str) -> tuple[str, ...]:
    """Example: "Dans quels pays la Chine a-t-elle organisé …" -> ("pay", "chine", "organis", …)"""
    folded = "".join(c for c in unicodedata.normalize("NFKD", question) if not unicodedata.combining(c))
    words = re.findall(r"[A-Za-z0-9]+", folded)
    return tuple(stem(w) for w in words if len(w) > 1 and w.lower() not in EN_STOP and w.lower() not in _STOP)


__all__ = ["analyse", "terms"]
