"""A foreign question's names and look-alike words, found in the English edition's words.

A French or Korean question is answered from the English edition, and only the cross-lingual
embedding links the two: BM25 and the answerer's word features (overlap, focus, coverage) see
no word in common, so the right paragraph's wrong sentence can win. This module gives such a
question a gloss of English words it surely means, for those lexical parts only (the question
is still embedded as asked):

- country and region names, by CLDR's names in the languages we take (Babel, already used by
  store/discrepancies.py): "Mongolei", "Népal", "Comores", "Монголия", "몽골", "モンゴル" -> the
  English name;
- words spelled alike once transliterated to ASCII ("cooperación" -> "cooperation",
  "Монголии" -> "mongolia", "루반" -> "luban"), by AnyAscii: a maintained, dependency-free table of
  every script's romanisation (we chose it over Unidecode for its Hangul and kana, which come out
  as readable syllables), and a spelling-similarity rule.

Unlike qa/script.py, which rewrites a Traditional question into Simplified, nothing here rewrites
the question: the gloss is extra words, and what they are worth is the fitted scorer's call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import cache

from anyascii import anyascii

from qa.language import FROM_ENGLISH
from qa.text import EN_STOP
from store.discrepancies import english_name

MIN_CHARS = 5  # a shorter word ("para", "sont") matches too many English words by spelling alone
MIN_SIMILARITY = 0.8  # difflib's ratio: "cooperacion"/"cooperation" 0.91, "mongolii"/"mongolia" 0.88
_NOT_PLACES = {"UN", "EU", "EZ", "QO", "ZZ"}  # CLDR codes that name no place
_SPACED = re.compile(r"[A-Za-z\u00c0-\u024f\u0400-\u04ff\uac00-\ud7af]")  # scripts that write words apart
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f\u0400-\u04ff\uac00-\ud7af]+|[\u30a0-\u30ff]+")  # hiragana, Han: no


class Glossary:
    """English words of the paper that a foreign question names or spells alike.

    Example: Glossary(english_paragraphs).gloss("Qu'a fait la Chine en Mongolie ?") -> ["Mongolia"]
    """

    def __init__(self, english_texts: Iterable[str]):
        words = {w.lower() for text in english_texts for w in re.findall(r"[A-Za-z]+", text)}
        # first two letters -> words: cognates share their start, and the scan stays short
        self._by_start: dict[str, list[str]] = {}
        for w in sorted(words):
            if len(w) >= MIN_CHARS - 1 and w not in EN_STOP:
                self._by_start.setdefault(w[:2], []).append(w)

    def gloss(self, question: str) -> list[str]:
        """English names and words for question, each once, in the question's order."""
        out: list[str] = []
        rest = question
        for m in sorted(_names_in(question), key=lambda m: m[0]):
            out.append(m[2])
            rest = rest.replace(m[1], " ")
        for word in _WORD.findall(rest):
            match = self.alike(word)
            if match:
                out.append(match)
        return list(dict.fromkeys(out))

    def alike(self, word: str) -> str | None:
        """The paper's word spelled most like word's ASCII form, if alike enough.

        Example: alike("développement") -> "development"; alike("Zusammenarbeit") -> None
        """
        ascii_ = anyascii(word).lower()
        if len(ascii_) < MIN_CHARS or not ascii_.isalpha():
            return None
        best, best_ratio = None, MIN_SIMILARITY
        for candidate in self._by_start.get(ascii_[:2], ()):
            matcher = SequenceMatcher(None, ascii_, candidate, autojunk=False)
            if matcher.real_quick_ratio() >= best_ratio and matcher.ratio() >= best_ratio:
                best, best_ratio = candidate, matcher.ratio()
        return best


def _names_in(text: str) -> list[tuple[int, str, str]]:
    """(position, name as written, English name) of each country or region named in text."""
    spaced, unspaced, english = _gazetteer()
    found = [(m.start(), m.group(0), _english(m.group(0), english)) for m in spaced.finditer(text)]
    found += [(m.start(), m.group(0), _english(m.group(0), english)) for m in unspaced.finditer(text)]
    return [f for f in found if f[2]]


def _english(written: str, english: dict[str, str]) -> str:
    """The English name of a name as written, or as inflected (Russian: "монголии" -> "монголия"); "" when
    the match was only case-insensitive in a way lower() does not undo (a dotted İ lowers to two characters)."""
    lowered = written.lower()
    if lowered in english:
        return english[lowered]
    stems = [n for n in english if len(n) >= 5 and n[-1] in "аяоеиыйь" and lowered.startswith(n[:-1])]
    return english[max(stems, key=len)] if stems else ""  # the longest: "доминиканской республике" is not Dominica


@cache
def _gazetteer() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """Two patterns over CLDR's territory names in FROM_ENGLISH's languages: names in scripts that
    write words apart must start and end a word (Korean: only start one, its particles attach);
    Japanese names may sit anywhere; and name (lower case) -> English name."""
    from babel import Locale

    english: dict[str, str] = {}
    for lang in FROM_ENGLISH:
        for code, name in Locale(lang).territories.items():
            if code not in _NOT_PLACES and len(name) > 1:
                english.setdefault(name.lower(), english_name(code))
    names = sorted(english, key=len, reverse=True)
    latin = "|".join(_inflected(n) for n in names if _SPACED.match(n) and not _is_hangul(n))
    hangul = "|".join(re.escape(n) for n in names if _is_hangul(n))
    other = "|".join(re.escape(n) for n in names if not _SPACED.match(n))
    spaced = re.compile(rf"(?<!\w)(?:{latin})(?!\w)|(?<![\uac00-\ud7af])(?:{hangul})", re.I)
    return spaced, re.compile(f"(?:{other})"), english


def _inflected(name: str) -> str:
    """A Russian name ending in a vowel takes its case endings: "Камбоджа" also finds "Камбодже", "Монголии".
    (Short ones do not: "Куба" would find "Кубок".) Other names as written."""
    if len(name) >= 5 and name[-1] in "аяоеиыйь" and _CYRILLIC_WORD.fullmatch(name):
        return re.escape(name[:-1]) + "[а-яё]{0,3}"
    return re.escape(name)


def _is_hangul(name: str) -> bool:
    return "\uac00" <= name[0] <= "\ud7af"


__all__ = ["Glossary"]
