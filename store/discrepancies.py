"""Aligned sentences -> the places where the English translation disagrees with the Chinese original.

Run at build time (pypinyin alone takes seconds to import and 50 MB to hold) and kept with the store;
Store.discrepancies() reads them back, with each name's pinyin, so a question never loads pypinyin.

Three kinds, compared bead by bead (store.sentalign):

- "number": a figure on both sides that differs ("3万" = 30,000 against "300"), or a figure in the
  English with nothing for it in the Chinese. Values are normalised by store.figures (cn2an).
- "name": a country or region of the Chinese given another name in the English ("刚果（金）" against
  "Congo (DPRK)"), found with a bilingual gazetteer (CLDR territory names from babel, plus the few
  spellings CLDR lacks, below); and pinyin left in the English for a name the Chinese gives in
  characters ("Jujing" for 桔井, checked with pypinyin against the aligned Chinese sentence).
- "missing": a figure or a country of the Chinese with nothing for it in the English.

Names garbled beyond any rule ("Ganesha" for 加里萨 Garissa) are not found; the reviewed list in
tests/data/discrepancies_reviewed.jsonl counts them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from functools import cache, lru_cache

from store.figures import Figure, figures, format_value
from store.paragraphs import Paragraph
from store.sentalign import Bead

FINDER_VERSION = "wpqa-discrepancies/2"  # part of the store fingerprint: the finder runs at build time
KINDS = ("number", "name", "missing")

# CLDR gives "Congo - Kinshasa" and "Antigua & Barbuda"; the paper (and its translation) writes otherwise.
_EN_ALIASES = {
    "CD": ["Democratic Republic of the Congo", "DR Congo", "DRC", "Congo (DRC)", "Congo (Kinshasa)"],
    "CG": ["Republic of the Congo", "Congo (Brazzaville)", "Congo"],
    "KP": ["DPRK", "Democratic People's Republic of Korea"],
    "MM": ["Myanmar", "Burma"], "CI": ["Côte d'Ivoire", "Cote d'Ivoire", "Ivory Coast", "Ivorian"],
    "US": ["United States of America", "the US", "U.S."], "GB": ["Britain", "UK"],
    "FM": ["Federated States of Micronesia"], "ST": ["Sao Tome and Principe", "São Tomé and Príncipe"],
    "LA": ["Lao"], "TL": ["East Timor"], "CV": ["Cabo Verde"], "PS": ["Palestine"],
    "KG": ["Kyrgyz"], "SY": ["Syrian"], "VN": ["Viet Nam"], "TZ": ["Zanzibar"],
    "011": ["West Africa"], "034": ["South Asia"], "145": ["West Asia"], "029": ["the Caribbean"],
    "142": ["Asia-Pacific"],
}
_ZH_ALIASES = {"CD": ["刚果(金)", "刚果民主共和国", "刚果金", "民主刚果"], "CG": ["刚果(布)", "刚果共和国", "刚果布"],
               "029": ["加勒比"], "PS": ["巴勒斯坦"], "419": ["拉美"],
               # everyday short forms CLDR lacks (a question says 巴新 where the paper writes 巴布亚新几内亚); none
               # occurs in the paper, so nothing the build finds in it changes
               "PG": ["巴新"], "TT": ["特多"], "AE": ["阿联酋"], "BA": ["波黑"], "ST": ["圣普"], "GQ": ["赤几"],
               "SA": ["沙特"], "FM": ["密克罗尼西亚联邦", "密联邦"]}
# Regions worth comparing; CLDR's others clash with everyday words ("中非" is also "China-Africa").
_REGIONS = ("002", "142", "150", "009", "419", "029", "011", "035", "034", "143", "145")
_SKIP = {"CN", "UN", "EU", "EZ", "QO", "ZZ"}  # China is everywhere; the others are not places
# Chinese names that English writes in pinyin correctly (people, Chinese places and coinages).
PINYIN_OK = {"xi", "jinping", "beijing", "shanghai", "hangzhou", "xiamen", "yuan", "renminbi", "juncao",
             "longping", "hainan", "yunnan", "guangxi", "xinjiang", "tianjin", "fujian", "zhejiang",
             "suzhou", "gansu", "ningxia", "luban", "haiyan"}  # checked in the paper: Chinese places, Luban Workshop, Typhoon Haiyan


@dataclass(frozen=True)
class Discrepancy:
    """One disagreement inside one aligned sentence group; spans are paragraph offsets."""

    kind: str  # "number" | "name" | "missing"
    en_id: str
    zh_id: str
    en: str  # the English sentence(s) of the bead
    zh: str  # the Chinese sentence(s) of the bead
    en_value: str | None  # as written in the English, e.g. "300"; None when the English has nothing
    zh_value: str | None  # as written in the Chinese, e.g. "3万"; None when the Chinese has nothing
    en_start: int  # the bead's English sentences in en_id
    en_end: int
    zh_start: int
    zh_end: int
    en_mark: tuple[int, int] | None = None  # en_value's span in en_id
    zh_mark: tuple[int, int] | None = None  # zh_value's span in zh_id
    zh_reading: str = ""  # the Chinese value for an English reader, e.g. "30,000", "Zambia"
    zh_pinyin: str | None = None  # a "name"'s zh_value in toneless pinyin, e.g. "jujing"; set by find()

    @property
    def key(self) -> str:
        """Stable identity for the reviewed list, e.g. "en-6.2-02|zh-6.2-02|number|300|3万多@64"
        (@ the Chinese value's offset in its sentence, so two equal figures stay apart)."""
        zh_at = self.zh_mark[0] - self.zh_start if self.zh_mark else ""
        return f"{self.en_id}|{self.zh_id}|{self.kind}|{self.en_value or ''}|{self.zh_value or ''}@{zh_at}"

    def overlaps(self, paragraph_id: str, start: int, end: int) -> bool:
        if paragraph_id == self.en_id:
            return self.en_start < end and start < self.en_end
        if paragraph_id == self.zh_id:
            return self.zh_start < end and start < self.zh_end
        return False

    def warning(self, lang: str = "en") -> str:
        """One line for a reader of the edition lang.

        Example: "The Chinese original gives 3万多 (more than 30,000) where this translation says 300."
        """
        zh = f"{self.zh_value} ({self.zh_reading})" if self.zh_reading and self.zh_reading != self.zh_value \
            else self.zh_value
        if lang == "zh":
            if self.zh_value is None:
                return f"英文译文有“{self.en_value}”，中文原文没有对应内容。"
            if self.en_value is None:
                return f"中文原文的“{self.zh_value}”在英文译文中缺失。"
            return f"中文原文为“{self.zh_value}”，英文译文为“{self.en_value}”。"
        if self.zh_value is None:
            return f"This translation says {self.en_value}, which the Chinese original does not give."
        if self.en_value is None:
            return f"The Chinese original gives {zh}, which this translation leaves out."
        if self.kind == "name" and self.en_value.lower() == self.pinyin:
            return f"The Chinese original names {zh}; this translation leaves it in pinyin as {self.en_value}."
        return f"The Chinese original gives {zh} where this translation says {self.en_value}."

    @property
    def pinyin(self) -> str:
        """zh_value in pinyin: as found at build time, else (one made by hand) computed now."""
        return self.zh_pinyin if self.zh_pinyin is not None else _pinyin_of(self.zh_value or "")

    def fields(self) -> dict:
        """What the store keeps; from_fields() reverses it."""
        return asdict(self)

    @classmethod
    def from_fields(cls, data: dict) -> Discrepancy:
        marks = {k: tuple(data[k]) if data.get(k) else None for k in ("en_mark", "zh_mark")}
        return cls(**{**data, **marks})

    def to_dict(self) -> dict:
        data = asdict(self)
        del data["zh_pinyin"]  # the store's, not the reader's: warning() says what it means
        data["key"] = self.key
        data["warning"] = self.warning()
        data["warning_zh"] = self.warning("zh")
        return data


def find(paragraphs: dict[str, Paragraph], beads: dict[str, tuple[Bead, ...]]) -> list[Discrepancy]:
    """Every discrepancy of every aligned pair, in English reading order."""
    out: list[Discrepancy] = []
    english = sorted((p for p in paragraphs.values() if p.lang == "en"), key=lambda p: p.position)
    for en in english:
        zh = paragraphs.get(en.aligned_id or "")
        if zh is None:
            continue
        for bead in beads.get(en.id, ()):
            if bead.en and bead.zh:
                out.extend(d for d in in_bead(en, zh, bead) if d.key not in {o.key for o in out})
    return [replace(d, zh_pinyin=_pinyin_of(d.zh_value)) if d.kind == "name" and d.zh_value else d for d in out]


def in_bead(en: Paragraph, zh: Paragraph, bead: Bead) -> list[Discrepancy]:
    es, ee = en.sentences[bead.en[0]][0], en.sentences[bead.en[-1]][1]
    zs, ze = zh.sentences[bead.zh[0]][0], zh.sentences[bead.zh[-1]][1]
    base = {"en_id": en.id, "zh_id": zh.id, "en": en.text[es:ee], "zh": zh.text[zs:ze],
            "en_start": es, "en_end": ee, "zh_start": zs, "zh_end": ze}
    return [*_numbers(base), *_names(base), *_pinyin(base)]


def _numbers(base: dict) -> list[Discrepancy]:
    en_figs = figures(base["en"], "en")
    zh_figs = figures(base["zh"], "zh")
    en_left = list(en_figs)
    zh_left: list[Figure] = []
    for z in zh_figs:
        match = next((e for e in en_left if _same(e, z)), None)
        if match is not None:
            en_left.remove(match)
        else:
            zh_left.append(z)
    # words and ordinals ("two", "18th", "两个大局", "三期") are only matched, never reported: too idiomatic
    zh_left = [z for z in zh_left if not z.weak and not _said_in_words(z, base["en"])]
    en_left = [e for e in en_left if not e.weak]
    if not zh_left:  # subtle: "300 crops ... 300 farmers" against "300种 ... 3万多名农民": the repeat is the error
        en_left = [e for e in en_left if not any(_same(e, z) for z in zh_figs)]
    out = []
    for e, z in _pair(en_left, zh_left):
        kind = "missing" if e is None else "number"
        out.append(_make(base, kind, e, z, z.shown() if z else ""))
    return out


def _same(e: Figure, z: Figure) -> bool:
    return abs(e.value - z.value) <= 1e-9 * max(abs(e.value), abs(z.value), 1.0)


def _said_in_words(z: Figure, en: str) -> bool:
    """subtle: "一名" and "1名" are "one" or "a" in English, which figures() leaves out on purpose."""
    return z.value == 1 and re.search(r"\b(?:one|an?|first|single)\b", en, re.I) is not None


def _pair(en_left: list, zh_left: list) -> list[tuple]:
    """Unmatched figures side by side in reading order; the rest stand alone (en, None) / (None, zh)."""
    n = min(len(en_left), len(zh_left))
    pairs = list(zip(en_left[:n], zh_left[:n], strict=True))
    pairs += [(e, None) for e in en_left[n:]] + [(None, z) for z in zh_left[n:]]
    return pairs


def _make(base: dict, kind: str, e, z, reading: str) -> Discrepancy:
    return Discrepancy(
        kind=kind, **base,
        en_value=e.raw if e else None, zh_value=z.raw if z else None,
        en_mark=(base["en_start"] + e.start, base["en_start"] + e.end) if e else None,
        zh_mark=(base["zh_start"] + z.start, base["zh_start"] + z.end) if z else None,
        zh_reading=reading,
    )


@dataclass(frozen=True)
class _Place:
    code: str
    start: int
    end: int
    raw: str

    @property
    def is_region(self) -> bool:
        return self.code[0].isdigit()


def _names(base: dict) -> list[Discrepancy]:
    en_places = places(base["en"], "en")
    zh_places = places(base["zh"], "zh")
    en_codes = {p.code for p in en_places}
    zh_codes = {p.code for p in zh_places}
    zh_left = _first_each([p for p in zh_places if p.code not in en_codes])
    en_left = _joined(_first_each([p for p in en_places if p.code not in zh_codes]), base["en"])
    out = []
    for region in (False, True):
        zs = [p for p in zh_left if p.is_region == region]
        es = [p for p in en_left if p.is_region == region]
        for e, z in _pair(es, zs):
            if e is None:
                if _demonym(z.code, base["en"]):
                    continue  # "非洲国家" = "African countries"
                e = _garbled(z.code, base["en"])
            if z is None:
                continue  # an English-only name: the Chinese often says it as a prefix ("中巴" = China-Pakistan)
            kind = "missing" if e is None else "name"
            out.append(_make(base, kind, e, z, english_name(z.code)))
    return out


def _joined(found: list[_Place], text: str) -> list[_Place]:
    """Names next to each other are one garbled name: "Congo (DPRK)" for 刚果（金）."""
    out: list[_Place] = []
    for p in found:
        if out and re.fullmatch(r"\s*\(?\s*", text[out[-1].end:p.start]):
            last = out[-1]
            end = p.end + (1 if text[p.end:p.end + 1] == ")" else 0)
            out[-1] = _Place(last.code, last.start, end, text[last.start:end])
        else:
            out.append(p)
    return out


def _first_each(found: list[_Place]) -> list[_Place]:
    seen: set[str] = set()
    out = []
    for p in found:
        if p.code not in seen:
            seen.add(p.code)
            out.append(p)
    return out


def _demonym(code: str, en: str) -> bool:
    """Example: ("DZ", "the Algerian government") -> True; ("DM", "Dominic") -> False."""
    for name in _names_of(code):
        name = name.split(" (")[0]
        for stem in {name[:len(name) - k] for k in range(4) if len(name) - k >= 4}:
            if re.search(rf"\b{re.escape(stem)}(?:n|an|ian|ean|ese|i)\b", en):
                return True
    return False


def _garbled(code: str, en: str) -> _Place | None:
    """A word of the English that starts like the country's name but is not it: "Dominic" for
    Dominica, "Antigua, Barbuda" for Antigua and Barbuda."""
    for name in _names_of(code):
        parts = re.split(r"\s+(?:and|&)\s+", name.split(" (")[0])
        if len(parts[0]) < 4:
            continue
        tail = rf"(?:,\s*{re.escape(parts[1].split()[0])})?" if len(parts) > 1 else ""
        m = re.search(rf"\b{re.escape(parts[0][:5])}\w*{tail}", en)
        if m:
            return _Place(code, m.start(), m.end(), m.group(0))
    return None


def places(text: str, lang: str) -> list[_Place]:
    """Countries and regions named in text, longest name first at each position.

    Example: places("帮助巴布亚新几内亚、几内亚", "zh") -> codes ["PG", "GN"].
    """
    pattern, lookup = _gazetteer(lang)
    return [_Place(lookup[m.group(0).lower()], m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]


def english_name(code: str) -> str:
    """Example: "ZM" -> "Zambia"; "CD" -> "Democratic Republic of the Congo" (not CLDR's "Congo - Kinshasa")."""
    names = _names_of(code)
    return names[1] if " - " in names[0] and len(names) > 1 else names[0]


@cache
def _names_of(code: str) -> tuple[str, ...]:
    from babel import Locale

    cldr = Locale("en").territories.get(code, code).replace(" & ", " and ")
    return (cldr, *_EN_ALIASES.get(code, []))


@cache
def chinese_names(code: str) -> tuple[str, ...]:
    """How Chinese writes a country or region: its names in the Chinese gazetteer that places() reads.
    Example: "CG" -> ("刚果（布）", "刚果(布)")."""
    return tuple(name for name, found in _gazetteer("zh")[1].items() if found == code)


def territory_names(text: str, lang: str) -> list[str]:
    """Countries and regions named in text, as written. Example: ("中国对也门的援助", "zh") -> ["中国", "也门"]
    (jieba's tagger does not know 也门 for a place)."""
    return [m.group(0) for m in _gazetteer(lang)[0].finditer(text)]


@lru_cache(maxsize=2)
def _gazetteer(lang: str) -> tuple[re.Pattern[str], dict[str, str]]:
    from babel import Locale

    territories = Locale(lang).territories
    lookup: dict[str, str] = {}  # name (lower case) -> territory code
    for code, name in territories.items():
        if code in _SKIP or (code[0].isdigit() and code not in _REGIONS):
            continue
        names = [name, *(_ZH_ALIASES if lang == "zh" else _EN_ALIASES).get(code, [])]
        if lang == "en":
            names += [name.replace(" & ", " and "), re.sub(r"\s*\(.*\)$", "", name)]
            names = [n for n in names if " - " not in n]  # "Congo - Kinshasa" is CLDR's, not anyone's prose
        else:
            names += [name.replace("（", "(").replace("）", ")")]
        for n in names:
            lookup.setdefault(n.lower(), code)
    for code, extra in (_EN_ALIASES if lang == "en" else _ZH_ALIASES).items():
        for n in extra:
            lookup.setdefault(n.lower(), code)
    alternatives = sorted(lookup, key=len, reverse=True)
    body = "|".join(re.escape(n) for n in alternatives)
    pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)" if lang == "en" else f"(?:{body})", re.I)
    return pattern, lookup


# --- pinyin left in the English -----------------------------------------------------------------

_CAPITALISED = re.compile(r"\b[A-Z][a-z]{3,}\b")


def _pinyin(base: dict) -> list[Discrepancy]:
    out = []
    zh = base["zh"]
    readings = _syllables(zh)  # per character: its possible pinyin readings
    for m in _CAPITALISED.finditer(base["en"]):
        word = m.group(0).lower()
        if word in PINYIN_OK or word in _english_place_words():
            continue  # "Sudan" is also su+dan: a name English spells that way is no leftover pinyin
        span = _spelled_by(word, readings)
        if span is None:
            continue
        a, b = span
        out.append(Discrepancy(
            kind="name", **base, en_value=m.group(0), zh_value=zh[a:b],
            en_mark=(base["en_start"] + m.start(), base["en_start"] + m.end()),
            zh_mark=(base["zh_start"] + a, base["zh_start"] + b), zh_reading="",
        ))
    return out


def _syllables(text: str) -> list[frozenset[str]]:
    return [_readings(ch) for ch in text]


@lru_cache(maxsize=8192)
def _readings(ch: str) -> frozenset[str]:
    """Every toneless pinyin reading of one Chinese character; empty for anything else."""
    if not "\u4e00" <= ch <= "\u9fff":
        return frozenset()
    from pypinyin import Style, pinyin

    return frozenset(pinyin(ch, style=Style.NORMAL, heteronym=True)[0])


def _spelled_by(word: str, readings: list[set[str]]) -> tuple[int, int] | None:
    """(start, end) of two or more consecutive characters whose pinyin spells word, or None."""
    for start in range(len(readings)):
        rest, end = word, start
        while rest and end < len(readings):
            syl = next((s for s in sorted(readings[end], key=len, reverse=True) if s and rest.startswith(s)), None)
            if syl is None:
                break
            rest, end = rest[len(syl):], end + 1
        if not rest and end - start >= 2:
            return start, end
    return None


@lru_cache(maxsize=1)
def _english_place_words() -> frozenset[str]:
    pattern, lookup = _gazetteer("en")
    return frozenset(w for name in lookup for w in re.findall(r"[a-z]+", name))


@lru_cache(maxsize=256)
def _pinyin_of(text: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(text, style=Style.NORMAL))


__all__ = ["KINDS", "Discrepancy", "english_name", "find", "format_value", "in_bead", "places"]
