"""Taiwan's and Hong Kong's names read as the paper's (mainland) names: 甘比亚 -> 冈比亚, 伊波拉 -> 埃博拉.

qa/script.py converts characters and OpenCC's phrases; what it leaves is a name transliterated
differently ("奈及利亞" is 尼日利亚, "茲卡" is 寨卡), which then looks like something the paper does
not have. This module works on that Simplified text, against the paper's Chinese text:

- countries and territories by CLDR's names (Babel, already used by store/discrepancies.py):
  zh_Hant and zh_Hant_HK against zh, so 甘比亞 (GM) reads 冈比亚;
- any other name by its sound: a stretch of the question absent from the paper is read as a
  stretch of the paper that sounds the same in toneless pinyin (pypinyin) save one syllable, and
  that one alike ("yi"/"ai", "zi"/"zhai"). Strong evidence only: both stretches are written only
  in characters that transliterate (those of CLDR's Chinese country names: 伊 of 伊朗, 寨 of
  柬埔寨, not 钱 or 少), jieba does not know the stretch as a word of its own, and the whole
  reading stays alike. A country name is never read by sound.

It rewrites the question's reading, never the question shown, nor any quote.
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from collections.abc import Collection
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

import jieba
import opencc

from qa.text import zh_tags

MIN_SOUND_RATIO = 0.8  # difflib ratio of the joined pinyin: yibola/aibola 0.83, zika/zhaika 0.8
MIN_SYLLABLE_RATIO = 0.5  # the one syllable that differs: yi/ai 0.5, zi/zhai 0.67, di/ti 0.5
LENGTHS = (2, 3, 4, 5)  # characters in a name matched by sound (約翰尼斯堡: 约翰内斯堡)
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_NOT_PLACES = {"UN", "EU", "EZ", "QO", "ZZ", "XA", "XB"}
_NAME_FLAGS = {"nr", "nrt", "nrfg", "ns", "nz", "nt"}  # jieba's tags of people, places, other names


class Renamer:
    """Example: Renamer(paper_zh).rename("甘比亚和伊波拉") -> "冈比亚和埃博拉" (when the paper has those)."""

    def __init__(self, paper: str, words: Collection[str] = ()):
        """words: the paper's words (qa/script.py: vocabulary()), whose names lend their characters."""
        jieba.dt.check_initialized()  # its dictionary tells a word of its own (卡车) from a name it lacks
        self.paper = paper
        # (length, syllables with one replaced by "*") -> paper stretches with those syllables
        self._sounds: dict[tuple[int, tuple[str, ...]], set[str]] = {}
        # and the characters of the paper's own names of places and people (翰 of 约翰内斯堡, a city
        # CLDR's country names do not spell)
        # (tagged word by word: 0.16 s, where the whole paper takes 0.5 s)
        named = {c for w in words for word, flag in _tags(w) if flag in _PLACE_OR_PERSON and len(word) >= 2 for c in word}
        self._translit = _transliterating(frozenset(named))
        for run in self._translit.findall(paper):
            syllables = lazy_pinyin(run)
            for n in LENGTHS:
                for i in range(len(run) - n + 1):
                    for key in _wildcards(syllables[i:i + n]):
                        self._sounds.setdefault((n, key), set()).add(run[i:i + n])

    def rename(self, text: str) -> str:
        """Example: "中国在甘比亚和兹卡疫情中" -> "中国在冈比亚和寨卡疫情中" (country names first, then sounds)"""
        pattern, mainland = _countries()
        out, i = [], 0
        for m in pattern.finditer(text):
            out += [self.by_sound(text[i:m.start()]), m.group(0) if m.group(0) in self.paper else mainland[m.group(0)]]
            i = m.end()
        return "".join(out) + self.by_sound(text[i:])

    def by_sound(self, text: str) -> str:
        """Names the paper lacks -> the paper's stretch that sounds alike. Example: "兹卡病毒" -> "寨卡病毒"

        Only a word jieba's tagger takes for a name (兹卡 nrt, 波拉 ns), with a lone character either
        side of it (伊 + 波拉), is tried: a stretch across ordinary words ("一共多少") never is."""
        tokens = [w for w, _ in _tags(text)]
        starts = [sum(map(len, tokens[:i])) for i in range(len(tokens) + 1)]
        out, done = list(text), -1
        for i, (word, flag) in enumerate(_tags(text)):
            if flag not in _NAME_FLAGS or len(word) < 2 or word in self.paper or starts[i] < done:
                continue
            before = 1 if i and len(tokens[i - 1]) == 1 else 0
            after = 1 if i + 1 < len(tokens) and len(tokens[i + 1]) == 1 else 0
            tries = sorted({(starts[i] - a, starts[i + 1] + b) for a in (0, before) for b in (0, after)},
                           key=lambda ab: ab[0] - ab[1])  # longest first
            for a, b in tries:
                found = self._alike(text[a:b], lazy_pinyin(text[a:b]))
                if found:
                    out[a:b] = [found] + [""] * (b - a - 1)
                    done = b
                    break
        return "".join(out)

    def _alike(self, stretch: str, syllables: list[str]) -> str | None:
        n = len(stretch)
        if (n not in LENGTHS or len(syllables) != n or stretch in self.paper or jieba.dt.FREQ.get(stretch)
                or not self._translit.fullmatch(stretch)):
            return None
        if n == 2 and stretch[0] == "中":  # 中塞 (China and Sierra Leone), as 中白, 中巴: two names, not one
            return None
        best, best_ratio = None, MIN_SOUND_RATIO
        for key in _wildcards(syllables):
            for candidate in self._sounds.get((n, key), ()):
                theirs = lazy_pinyin(candidate)
                differ = [(a, b) for a, b in zip(syllables, theirs, strict=True) if a != b]
                if len(differ) != 1 or SequenceMatcher(None, *differ[0]).ratio() < MIN_SYLLABLE_RATIO:
                    continue
                ratio = SequenceMatcher(None, "".join(syllables), "".join(theirs)).ratio()
                if ratio >= best_ratio:
                    best, best_ratio = candidate, ratio
        return best


def _tags(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's words of text with their name tags (qa/text.py's tagger: the tags of jieba.posseg without
    the 54 MB its own tables take). Example: "兹卡病毒" -> (("兹卡", "nrt"), ("病毒", "x"))"""
    return zh_tags(text)


def _wildcards(syllables: list[str]) -> list[tuple[str, ...]]:
    """Example: ["bo", "la"] -> [("*", "la"), ("bo", "*")]"""
    return [tuple("*" if j == i else s for j, s in enumerate(syllables)) for i in range(len(syllables))]


_PLACE_OR_PERSON = {"nr", "nrt", "nrfg", "ns"}


@cache
def _transliterating(more: frozenset[str] = frozenset()) -> re.Pattern[str]:
    """Runs of two or more of the characters CLDR's Chinese country names are written in (伊 朗 柬 埔 寨 卡 …),
    and `more`."""
    from babel import Locale

    t2s = opencc.OpenCC("t2s")
    chars = {c for locale in ("zh", "zh_Hant", "zh_Hant_HK") for code, name in Locale.parse(locale).territories.items()
             if code.isalpha() and code not in _NOT_PLACES for c in t2s.convert(name) if _HAN_RUN.match(c)}
    return re.compile(f"[{''.join(sorted(chars | more))}]{{2,}}")


@cache
def _countries() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern over every Chinese name of a country (Taiwan's, Hong Kong's, the mainland's, in Simplified
    characters), longest first so 尼日利亚 is not read as 尼日 (Taiwan's Niger); name -> the mainland's."""
    from babel import Locale

    mainland = Locale("zh").territories
    t2s = opencc.OpenCC("t2s")
    names = {n: n for code, n in mainland.items() if code.isalpha() and code not in _NOT_PLACES}
    for locale in ("zh_Hant", "zh_Hant_HK"):
        for code, name in Locale.parse(locale).territories.items():
            if code.isalpha() and code not in _NOT_PLACES and code in mainland:
                names.setdefault(t2s.convert(name), mainland[code])
    body = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if len(n) > 1)
    return re.compile(body), names


def papers_countries(text: str, paper: str) -> str:
    """A country named otherwise than the paper names it, read as the paper's name (store/discrepancies.py's
    gazetteer: CLDR's names and the short forms it adds). Example: "中国在巴新和刚果民主共和国" ->
    "中国在巴布亚新几内亚和刚果（金）"; a country the paper never names stays as written (阿联酋)."""
    from store.discrepancies import chinese_names, places

    out, i = [], 0
    for place in places(text, "zh"):
        if place.raw in paper:
            continue
        theirs = next((n for n in chinese_names(place.code) if n in paper), None)
        if theirs is not None:
            out += [text[i:place.start], theirs]
            i = place.end
    return "".join(out) + text[i:]


__all__ = ["Renamer", "papers_countries"]


@cache
def _readings() -> dict[int, str]:
    """pypinyin's table of every character's readings ("伊" -> "yī"), read as data. Importing pypinyin
    itself would load its phrase dictionary (44 MB; the bench's RSS limit is 400 MB) and take seconds,
    and store/discrepancies.py, which does import it at build time, would then get our import."""
    spec = importlib.util.find_spec("pypinyin")
    path = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
    return {int(k): v for k, v in json.loads(path.read_text("utf-8")).items()}


_TONED_V = str.maketrans("ǖǘǚǜü", "vvvvv")


@cache
def _toneless(ch: str) -> str:
    reading = _readings().get(ord(ch))
    if reading is None:
        return ch
    first = reading.split(",")[0].translate(_TONED_V)
    return "".join(c for c in unicodedata.normalize("NFKD", first) if not unicodedata.combining(c))


def lazy_pinyin(text: str) -> list[str]:
    """Each character's first reading without tones, as pypinyin's lazy_pinyin gives it without its phrase
    dictionary (names are read character by character anyway). Example: "伊波拉" -> ["yi", "bo", "la"]"""
    return [_toneless(ch) for ch in text]
