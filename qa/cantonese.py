"""Written Cantonese read as standard written Chinese: 係咩 -> 是什么, 喺 -> 在, 點樣 -> 怎樣.

A Hong Kong reader may ask in the written Cantonese of chat ("喺國際社會上係咩關係？", "仲有啲乜？"),
whose function words the paper (standard written Chinese) never uses: as words they match nothing,
and 係 is read as the 系 of 关系. OpenCC converts characters, not this vocabulary, and no well-kept
library does (so a list here, of the common function words only). It rewrites the question's reading
before the Traditional characters are made Simplified, never the question shown, nor any quote.

Only a text with a word no standard written Chinese uses (喺, 嘅, 咗, 啲, 冇, 佢, 點樣 …) is read so:
係 is also the 係 of 關係 and 呢 a particle of standard Chinese.
"""

from __future__ import annotations

import re

# unambiguous: written Cantonese only
_MARKERS = re.compile(r"[喺嘅咗啲冇佢嗰攞揾搵睇畀咩乜嘢哋嚟]|點樣|點解|邊個|邊度|邊啲|幾多|係咪|唔係|唔會|有冇|而家")
_WORDS = {  # longest first where they overlap; standard written Chinese in Traditional characters
    "係唔係": "是不是", "係咪": "是不是", "有冇": "有沒有", "點解": "為什麼", "點樣": "怎樣", "乜嘢": "什麼",
    "乜野": "什麼", "咩嘢": "什麼", "邊個": "哪個", "邊啲": "哪些", "邊度": "哪裡", "邊間": "哪間", "邊一": "哪一",
    "幾多": "多少", "佢哋": "他們", "我哋": "我們", "你哋": "你們", "呢啲": "這些", "嗰啲": "那些", "呢個": "這個",
    "嗰個": "那個", "呢條": "這條", "呢種": "這種", "呢項": "這項", "呢度": "這裡", "嗰度": "那裡", "而家": "現在",
    "同埋": "和", "唔係": "不是", "唔會": "不會", "唔": "不", "冇": "沒有", "喺": "在", "嘅": "的", "咗": "了",
    "啲": "些", "佢": "他", "咩": "什麼", "乜": "什麼", "攞": "拿", "睇": "看", "搵": "找", "揾": "找", "畀": "給",
    "嗰": "那", "嚟": "來", "仲有": "還有", "仲係": "還是", "仲會": "還會", "仲要": "還要",
}
_WORD = re.compile("|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True)))
# 係 is Cantonese 是 save in the words of standard Chinese that write it: 關係, 聯係, 體係, 係統 …
_IS = re.compile(r"(?<![關联聯體干幹派世譜])係(?![統數])")


def standard(text: str) -> str:
    """text with written Cantonese's function words read as standard written Chinese's; other text as it is.
    Example: "喺國際社會上係咩關係？" -> "在國際社會上是什麼關係？" """
    if not _MARKERS.search(text):
        return text
    return _IS.sub("是", _WORD.sub(lambda m: _WORDS[m.group(0)], text))
