"""Aligned paragraph pair -> aligned sentence groups ("beads": 1-1, 1-2, 2-1, or one side alone), in order.

Why our own dynamic programme rather than a library: Bertalign (PyPI 2.0.x) needs Python >= 3.12
(we run 3.11), torch, numba and sentence-transformers, and embeds every run of 1-5 sentences itself
with LaBSE, which it would have to download; vecalign is not on PyPI. Both also align whole
documents, while our paragraphs are already paired, so the search is tiny (at most 8 x 8 sentences).
We reuse the sentence vectors the store already holds (multilingual-e5-small) and score a bead by:

- e5 similarity of the mean vectors of its two sides (a 1-2 bead: the English vector against
  the normalised mean of the two Chinese vectors);
- length: English characters / Chinese characters is about 4.4 in this paper (log ratio has sd
  about 0.14), so a bead far from that ratio is unlikely (the Gale-Church idea);
- figures both sides share (store.figures: "3,588" = "3588名"), which are near-certain anchors.

e5-small's cross-lingual similarities are close together (a true pair ~0.87, a wrong one ~0.81),
so similarity is taken relative to the best pairing in the same paragraph pair, and order plus
length carry much of the weight. The weights below were chosen by hand on the paragraphs whose
sentence counts differ and checked on tests/data/sentence_pairs.jsonl (see tests/test_sentalign.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from store.figures import figures
from store.paragraphs import Paragraph

ALIGNER_VERSION = "wpqa-sentalign/1"  # part of the store fingerprint: bump when beads change

LOG_RATIO = math.log(4.4)  # English chars / Chinese chars of a sentence and its translation
LOG_RATIO_SD = 0.2
MAX_LENGTH_Z2 = 6.0  # short sentences have noisy ratios ("国之交在于民相亲" is 17 chars): cap the penalty
SIM_BASE = 0.80  # e5-small similarity of unrelated sentences of the same paragraph pair (median ~0.81)
SIM_WEIGHT = 10.0
LENGTH_WEIGHT = 0.5
FIGURE_WEIGHT = 1.0
MERGE_PENALTY = 0.3  # per sentence beyond one on a side (a 1-3 bead pays twice)
SKIP_SCORE = -3.0  # a sentence with no counterpart
_REFERENCE = re.compile(r"^(?:（见[图表专栏]+\d+）)+$")
SHAPES = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (1, 0), (0, 1))


@dataclass(frozen=True)
class Bead:
    """Sentence indices of one English paragraph and of its Chinese counterpart that translate each other."""

    en: tuple[int, ...]
    zh: tuple[int, ...]

    @property
    def kind(self) -> str:
        """"1-1", "1-2", "2-1", "1-0" (English alone) or "0-1" (Chinese alone)."""
        return f"{len(self.en)}-{len(self.zh)}"

    def to_json(self) -> list[list[int]]:
        return [list(self.en), list(self.zh)]

    @classmethod
    def from_json(cls, data: list[list[int]]) -> Bead:
        return cls(tuple(data[0]), tuple(data[1]))


def align_sentences(en: Paragraph, zh: Paragraph, en_vecs: np.ndarray, zh_vecs: np.ndarray) -> list[Bead]:
    """Beads covering every sentence of both paragraphs once, in reading order.

    en_vecs / zh_vecs: one L2-normalised row per sentence, in the paragraphs' sentence order.
    Example: 3 English and 2 Chinese sentences where the first Chinese one is split in English
    -> [Bead((0, 1), (0,)), Bead((2,), (1,))].
    """
    n, m = len(en.sentences), len(zh.sentences)
    if n == 0 or m == 0:
        return [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
    en_texts, zh_texts = en.sentence_texts(), zh.sentence_texts()
    en_figs = [{f.value for f in figures(t, "en")} for t in en_texts]
    zh_figs = [{f.value for f in figures(t, "zh")} for t in zh_texts]
    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None]] = {(0, 0): (0.0, None)}
    for i in range(n + 1):
        for j in range(m + 1):
            for di, dj in SHAPES:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0 or (pi, pj) not in best:
                    continue
                total = best[(pi, pj)][0] + _score(range(pi, i), range(pj, j), en_texts, zh_texts,
                                                   en_vecs, zh_vecs, en_figs, zh_figs)
                if (i, j) not in best or total > best[(i, j)][0]:
                    best[(i, j)] = (total, (di, dj))
    beads: list[Bead] = []
    i, j = n, m
    while (i, j) != (0, 0):
        di, dj = best[(i, j)][1]  # type: ignore[misc]
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return beads[::-1]


def _score(en_idx: range, zh_idx: range, en_texts, zh_texts, en_vecs, zh_vecs, en_figs, zh_figs) -> float:
    if not en_idx or not zh_idx:
        if not en_idx and all(_REFERENCE.match(zh_texts[j]) for j in zh_idx):
            return 0.0  # subtle: the English edition drops every "（见图1）" ("see figure 1"), so they stand alone
        return SKIP_SCORE
    e = _mean(en_vecs[list(en_idx)])
    z = _mean(zh_vecs[list(zh_idx)])
    sim = float(e @ z)
    en_len = sum(len(en_texts[i]) for i in en_idx)
    zh_len = sum(len(zh_texts[j]) for j in zh_idx)
    z_len = (math.log(max(en_len, 1) / max(zh_len, 1)) - LOG_RATIO) / LOG_RATIO_SD
    e_f = set().union(*(en_figs[i] for i in en_idx))
    z_f = set().union(*(zh_figs[j] for j in zh_idx))
    shared = len(e_f & z_f) / max(len(e_f | z_f), 1)
    merged = len(en_idx) + len(zh_idx) - 2
    return (SIM_WEIGHT * (sim - SIM_BASE) - LENGTH_WEIGHT * min(z_len * z_len, MAX_LENGTH_Z2) + FIGURE_WEIGHT * shared
            - MERGE_PENALTY * merged) * (len(en_idx) + len(zh_idx)) / 2


def _mean(vectors: np.ndarray) -> np.ndarray:
    v = vectors.mean(axis=0)
    return v / (np.linalg.norm(v) or 1.0)


def counts(beads: dict[str, list[Bead]]) -> dict[str, int]:
    """English sentences by how they are aligned, e.g. {"1-1": 449, "2-1": 54, "unaligned": 2},
    plus "zh unaligned": Chinese sentences with no English (figure references such as "（见图1）" among them)."""
    out = {"1-1": 0, "1-2": 0, "2-1": 0, "unaligned": 0, "zh unaligned": 0}
    for bead_list in beads.values():
        for b in bead_list:
            if b.kind == "0-1":
                out["zh unaligned"] += 1
            elif b.kind == "1-0":
                out["unaligned"] += 1
            else:
                out[b.kind] = out.get(b.kind, 0) + len(b.en)
    return out
