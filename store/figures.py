"""Figures (amounts, counts, percentages, years) found in a sentence, with their value normalised.

Both editions give the same figures in different notations: "30,000" and "3万", "270.2 billion"
and "2702亿", "US$120 million" and "1.2亿美元", "two seasons" and "两季". A Figure carries the value
as a float, so the two sides compare with ==. Chinese numerals go through `cn2an` ("smart" mode
reads "3万", "1.2亿" and "三万" alike); the patterns that find them are ours, because cn2an
converts a whole string and does not find numbers inside running text.

Left out on purpose: "one"/"一" as words (pronoun and idiom far more often than a count: "one of",
"一些", "进一步"), numbers before 月/日 or after an English month name (dates: "2015年9月" is
"September 2015"), and "第" ordinals written in Chinese numerals ("第二届"), which the English
writes as words ("second") more often than as figures.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

_SCALE_EN = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_WORDS_EN = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "thousand": 1000, "both": 2, "double": 2, "half": 50, "twice": 2,
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "tenth": 10,
}
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
           "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_EN = re.compile(
    rf"(?<![\w.])(?<![A-Za-z]-)(?P<money>US\$|\$)?\s*(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<ord>st|nd|rd|th)?"
    rf"(?:\s*(?P<scale>thousand|million|billion|trillion)\b)?(?:\s*(?P<pct>%|percent\b|per cent\b))?"
    rf"|\b(?P<word>{'|'.join(_WORDS_EN)})\b(?:[\s-]+(?P<wscale>million|billion)\b)?",
    re.I,
)
_EN_DATE = re.compile(rf"\b(?:{_MONTHS})\.?\s*$", re.I)
# digits with an optional 多/余 ("more than") and a scale: "2000多万" = 20,000,000; "3.56亿" = 356,000,000
_ZH_DIGITS = re.compile(r"(?P<num>\d+(?:\.\d+)?)(?P<more>多|余)?(?P<scale>千万|百万|万亿|万|亿)?(?P<pct>%|％)?")
_ZH_PERCENT = re.compile(r"百分之(?P<num>[\d.]+|[零一二三四五六七八九十百]+)")
# "近万" / "上万": ten thousand; Chinese numerals only before a counter
_ZH_WAN = re.compile(r"(?<=[近上])万(?=[个名人多余])")
_ZH_COUNTERS = "个名人国所项期季年批次届家座条种位支艘架枚台辆万亿倍吨例天轮套笔份"
_ZH_NUMERAL = re.compile(rf"(?P<num>[两二三四五六七八九十百千]+[万亿]?)(?=[多余]?[{_ZH_COUNTERS}])")


@dataclass(frozen=True)
class Figure:
    value: float
    start: int  # span in the sentence (or paragraph) it was found in
    end: int
    raw: str  # as written, e.g. "3万", "US$120 million"
    percent: bool = False
    weak: bool = False  # a word ("two", "both", "两", "三") or an ordinal ("18th"): matched, never reported
    currency: str = ""  # "US$" when the Chinese says 美元
    about: str = ""  # "more than" (多, 余) or "nearly" (近)

    def shown(self) -> str:
        """The value as an English reader writes it: "3万多" -> "more than 30,000"; "1.2亿美元" -> "US$120 million"."""
        value = self.currency + format_value(self.value, self.percent)
        return f"{self.about} {value}" if self.about else value


def format_value(value: float, percent: bool = False) -> str:
    """Example: 1.2e8 -> "120 million"; 30000 -> "30,000"; 4.18 (percent) -> "4.18%"."""
    if percent:
        return f"{value:g}%"
    for word, scale in (("billion", 1e9), ("million", 1e6)):
        if abs(value) >= scale:
            return f"{value / scale:,.4g} {word}".replace(".0 ", " ")
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def figures(text: str, lang: str) -> list[Figure]:
    """Example: ("近2万名学生、1.2亿美元", "zh") -> values [20000.0, 120000000.0]."""
    return _english(text) if lang == "en" else _chinese(text)


def _english(text: str) -> list[Figure]:
    out: list[Figure] = []
    for m in _EN.finditer(text):
        if m["word"]:
            value = float(_WORDS_EN[m["word"].lower()])
            if m["wscale"]:
                value *= _SCALE_EN[m["wscale"].lower()]
            if m["word"].lower() == "half" and not re.match(r"\s*(?:of|the)", text[m.end():]):
                continue  # "half" counts only as "half of ..." (50 %)
            out.append(Figure(value, m.start(), m.end(), m.group(0), percent=m["word"].lower() == "half", weak=True))
            continue
        raw = m["num"]
        if _EN_DATE.search(text[: m.start("num")]) and float(raw.replace(",", "")) <= 31:
            continue  # "September 25", a day, not a figure ("September 2015" keeps its year)
        try:
            value = float(raw.replace(",", ""))
        except ValueError:
            continue
        if m["scale"]:
            value *= _SCALE_EN[m["scale"].lower()]
        start = m.start("money") if m["money"] else m.start("num")
        out.append(Figure(value, start, m.end(), text[start:m.end()].strip(), percent=bool(m["pct"]),
                          weak=bool(m["ord"])))
    return out


def _chinese(text: str) -> list[Figure]:
    out: list[Figure] = []
    taken: set[int] = set()
    for m in _ZH_PERCENT.finditer(text):
        out.append(Figure(chinese_number(m["num"]), m.start(), m.end(), m.group(0), percent=True))
        taken.update(range(m.start(), m.end()))
    for m in _ZH_DIGITS.finditer(text):
        if m.start() in taken or re.match(r"[月日]", text[m.end():m.end() + 1]):
            continue  # a date: 9月, 25日
        number = m["num"] + (m["scale"] or "")
        value = chinese_number(number)
        tail = re.match(r"[多余]?(?:美元)?", text[m.end():]).group(0)  # "3万多", "1.2亿美元"
        end = m.end() + len(tail)
        about = "more than" if m["more"] or tail[:1] in "多余" and tail else \
            "nearly" if text[m.start() - 1:m.start()] == "近" else ""
        out.append(Figure(value, m.start(), end, text[m.start():end], percent=bool(m["pct"]),
                          currency="US$" if tail.endswith("美元") else "", about=about))
    for m in _ZH_WAN.finditer(text):
        out.append(Figure(1e4, m.start() - 1, m.end(), text[m.start() - 1:m.end()]))
    for m in _ZH_NUMERAL.finditer(text):
        if text[max(0, m.start() - 1):m.start()] in {"第", "数", "几"}:
            continue  # an ordinal, or "数十"/"几十" (dozens): not a figure
        if m["num"] in {"千", "百"} and text[m.end():m.end() + 1] not in {"余", "多"}:
            continue  # "百余个" is 100 and more; a lone 百 or 千 is a word ("百废待兴")
        if text.startswith("国集团", m.end()):
            continue  # 二十国集团 is the G20, a name
        try:
            value = {"百": 100.0, "千": 1000.0}.get(m["num"]) or chinese_number(m["num"])
        except ValueError:
            continue
        out.append(Figure(value, m.start(), m.end(), m.group(0), weak=True))
    return sorted(out, key=lambda f: f.start)


def chinese_number(number: str) -> float:
    """cn2an in "smart" mode: "3万" -> 30000.0, "两" -> 2.0, "1.2亿" -> 120000000.0."""
    import cn2an  # subtle: imported late, so opening a store does not pay for it

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cn2an warns on stderr as well as raising
        try:
            return float(cn2an.cn2an(number, "smart"))
        except (ValueError, KeyError) as err:
            raise ValueError(f"not a number: {number!r}") from err
