"""Pairs each English paragraph with the Chinese paragraph it translates.

The two editions share their structure (chapters, sections, bullet order), so within
each (chapter, section) paragraphs are paired in order. Where a section's counts
differ, a small dynamic programme pairs them by the numbers they share instead.
Numbers (years, counts, amounts) are also the check on every pair.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace

from store.paragraphs import Paragraph

_EN_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(million|billion)?", re.I)
_ZH_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(万|亿)?")
_SCALE = {"million": 1e6, "billion": 1e9, "万": 1e4, "亿": 1e8}


@dataclass(frozen=True)
class Alignment:
    pairs: dict[str, str]  # English id -> Chinese id
    en_total: int
    zh_total: int
    checked: int  # pairs where both sides carry numbers
    numbers_agree: int  # of those, pairs that share at least one number

    @property
    def coverage(self) -> float:
        return len(self.pairs) / self.en_total if self.en_total else 0.0


def numbers(text: str, lang: str) -> set[float]:
    """Example: ("3,588 medical workers, 1.5 billion", "en") -> {3588.0, 1.5e9}; "2万" -> {20000.0}."""
    pattern = _EN_NUMBER if lang == "en" else _ZH_NUMBER
    out = set()
    for m in pattern.finditer(text):
        value = float(m.group(1).replace(",", "").rstrip(".") or 0)
        scale = (m.group(2) or "").lower()
        out.add(value * _SCALE.get(scale, 1))
    return out


def align(en: list[Paragraph], zh: list[Paragraph]) -> Alignment:
    groups: dict[tuple[int, int], tuple[list[Paragraph], list[Paragraph]]] = defaultdict(lambda: ([], []))
    for p in en:
        groups[(p.chapter, p.section)][0].append(p)
    for p in zh:
        groups[(p.chapter, p.section)][1].append(p)
    pairs: dict[str, str] = {}
    for en_group, zh_group in groups.values():
        if len(en_group) == len(zh_group):
            pairs.update({e.id: z.id for e, z in zip(en_group, zh_group, strict=True)})
        else:
            pairs.update(_align_by_numbers(en_group, zh_group))
    by_id = {p.id: p for p in [*en, *zh]}
    checked = agree = 0
    for e_id, z_id in pairs.items():
        e_nums, z_nums = numbers(by_id[e_id].text, "en"), numbers(by_id[z_id].text, "zh")
        if e_nums and z_nums:
            checked += 1
            agree += bool(e_nums & z_nums)
    return Alignment(pairs, len(en), len(zh), checked, agree)


def _align_by_numbers(en: list[Paragraph], zh: list[Paragraph]) -> dict[str, str]:
    """Monotone pairing that maximises shared numbers (plus a small bonus for keeping order)."""
    n, m = len(en), len(zh)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]  # best total for en[:i], zh[:j]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            shared = len(numbers(en[i - 1].text, "en") & numbers(zh[j - 1].text, "zh"))
            score[i][j] = max(score[i - 1][j], score[i][j - 1], score[i - 1][j - 1] + shared + 0.1)
    pairs, i, j = {}, n, m
    while i and j:
        shared = len(numbers(en[i - 1].text, "en") & numbers(zh[j - 1].text, "zh"))
        if score[i][j] == score[i - 1][j - 1] + shared + 0.1:
            pairs[en[i - 1].id] = zh[j - 1].id
            i, j = i - 1, j - 1
        elif score[i][j] == score[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return pairs


def apply(en: list[Paragraph], zh: list[Paragraph], alignment: Alignment) -> tuple[list[Paragraph], list[Paragraph]]:
    """Both lists with aligned_id filled in from the alignment, in both directions."""
    back = {z: e for e, z in alignment.pairs.items()}
    return (
        [replace(p, aligned_id=alignment.pairs.get(p.id)) for p in en],
        [replace(p, aligned_id=back.get(p.id)) for p in zh],
    )
