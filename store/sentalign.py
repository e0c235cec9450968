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
so order plus length carry much of the weight. How the three combine (weights, the length cap, the
penalty for a merge, the cost of a sentence left alone) is read from store/sentalign.json, which
`python -m eval.fit_align` fits on the dev half of the hand-checked pairs (eval/sentence_pairs.jsonl,
split by eval/split.py on the English paragraph id); the test half is only measured. The file's
hash is part of the store fingerprint, so a refit marks the store stale.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

from store.figures import figures
from store.paragraphs import Paragraph

ALIGNER_VERSION = "wpqa-sentalign/2"  # part of the store fingerprint: bump when beads change
PARAMS_PATH = Path(__file__).resolve().parent / "sentalign.json"
PARAMS_FORMAT = "wpqa-sentalign-params/1"
_REFERENCE = re.compile(r"^(?:（见[图表专栏]+\d+）)+$")
SHAPES = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (1, 0), (0, 1))


@dataclass(frozen=True)
class Params:
    """How a bead is scored; fitted by eval.fit_align, read from store/sentalign.json."""

    log_ratio: float  # mean log(English chars / Chinese chars) of a sentence and its translation (~log 4.4)
    log_ratio_sd: float  # its standard deviation
    max_length_z2: float  # short sentences have noisy ratios ("国之交在于民相亲" is 17 chars): cap the penalty
    sim_base: float  # e5-small similarity below which a pairing counts against a bead
    sim_weight: float  # the unit of the scale (fixed: the DP's choice ignores a common factor)
    length_weight: float
    figure_weight: float
    merge_penalty: float  # per sentence beyond one on a side (a 1-3 bead pays twice)
    skip_score: float  # a sentence with no counterpart


def load_params(path: Path | None = None) -> Params:
    """The fitted parameters (default: PARAMS_PATH); a file of another format, or with a missing or
    unknown key, is refused."""
    path = path or PARAMS_PATH
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != PARAMS_FORMAT:
        raise ValueError(f"{path}: format {data.get('format')!r}, expected {PARAMS_FORMAT!r}")
    names = {f.name for f in fields(Params)}
    if set(data.get("params", {})) != names:
        raise ValueError(f"{path}: params must be exactly {sorted(names)}")
    return Params(**{k: float(v) for k, v in data["params"].items()})


def params_digest(path: Path | None = None) -> str:
    """Part of the store fingerprint: changes whenever the parameter file (default: PARAMS_PATH) does."""
    return hashlib.sha256((path or PARAMS_PATH).read_bytes()).hexdigest()[:16]


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


@dataclass(frozen=True)
class Candidate:
    """What the score of one possible bead depends on; computed once, scored under any Params.

    sim: e5 similarity of the two sides' mean vectors; log_ratio: log(English chars / Chinese chars);
    shared: figures both sides hold / figures either holds; merged: sentences beyond one per side;
    size: sentences in the bead; alone: "" for a two-sided bead, "skip" for a sentence with no
    counterpart, "reference" for Chinese figure references such as "（见图1）" standing alone.
    """

    sim: float
    log_ratio: float
    shared: float
    merged: int
    size: int
    alone: str = ""

    def score(self, p: Params) -> float:
        if self.alone:
            return 0.0 if self.alone == "reference" else p.skip_score
        z2 = ((self.log_ratio - p.log_ratio) / p.log_ratio_sd) ** 2
        return (p.sim_weight * (self.sim - p.sim_base) - p.length_weight * min(z2, p.max_length_z2)
                + p.figure_weight * self.shared - p.merge_penalty * self.merged) * self.size / 2


Lattice = dict[tuple[int, int, int, int], Candidate]  # (i, j, di, dj): the bead ending after en i, zh j


def align_sentences(en: Paragraph, zh: Paragraph, en_vecs: np.ndarray, zh_vecs: np.ndarray,
                    params: Params | None = None) -> list[Bead]:
    """Beads covering every sentence of both paragraphs once, in reading order.

    en_vecs / zh_vecs: one L2-normalised row per sentence, in the paragraphs' sentence order.
    Example: 3 English and 2 Chinese sentences where the first Chinese one is split in English
    -> [Bead((0, 1), (0,)), Bead((2,), (1,))].
    """
    n, m = len(en.sentences), len(zh.sentences)
    if n == 0 or m == 0:
        return [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
    lattice = candidates(en, zh, en_vecs, zh_vecs)
    return best_path(lattice, n, m, params or _default_params())


def candidates(en: Paragraph, zh: Paragraph, en_vecs: np.ndarray, zh_vecs: np.ndarray) -> Lattice:
    """Every bead the programme may choose, with its features (no weights yet)."""
    n, m = len(en.sentences), len(zh.sentences)
    en_texts, zh_texts = en.sentence_texts(), zh.sentence_texts()
    en_figs = [{f.value for f in figures(t, "en")} for t in en_texts]
    zh_figs = [{f.value for f in figures(t, "zh")} for t in zh_texts]
    out: Lattice = {}
    for i in range(n + 1):
        for j in range(m + 1):
            for di, dj in SHAPES:
                if i - di >= 0 and j - dj >= 0:
                    out[(i, j, di, dj)] = _candidate(range(i - di, i), range(j - dj, j), en_texts, zh_texts,
                                                     en_vecs, zh_vecs, en_figs, zh_figs)
    return out


def best_path(lattice: Lattice, n: int, m: int, params: Params) -> list[Bead]:
    """The highest-scoring sequence of beads from (0, 0) to (n, m) (Viterbi over the lattice)."""
    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None]] = {(0, 0): (0.0, None)}
    for i in range(n + 1):
        for j in range(m + 1):
            for di, dj in SHAPES:
                prev = best.get((i - di, j - dj))
                if prev is None or (i, j, di, dj) not in lattice:
                    continue
                total = prev[0] + lattice[(i, j, di, dj)].score(params)
                if (i, j) not in best or total > best[(i, j)][0]:
                    best[(i, j)] = (total, (di, dj))
    beads: list[Bead] = []
    i, j = n, m
    while (i, j) != (0, 0):
        di, dj = best[(i, j)][1]  # type: ignore[misc]
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return beads[::-1]


def _candidate(en_idx: range, zh_idx: range, en_texts, zh_texts, en_vecs, zh_vecs, en_figs, zh_figs) -> Candidate:
    if not en_idx or not zh_idx:
        # subtle: the English edition drops every "（见图1）" ("see figure 1"), so they stand alone for free
        reference = not en_idx and all(_REFERENCE.match(zh_texts[j]) for j in zh_idx)
        return Candidate(0.0, 0.0, 0.0, 0, len(en_idx) + len(zh_idx), "reference" if reference else "skip")
    sim = float(_mean(en_vecs[list(en_idx)]) @ _mean(zh_vecs[list(zh_idx)]))
    en_len = sum(len(en_texts[i]) for i in en_idx)
    zh_len = sum(len(zh_texts[j]) for j in zh_idx)
    e_f = set().union(*(en_figs[i] for i in en_idx))
    z_f = set().union(*(zh_figs[j] for j in zh_idx))
    return Candidate(sim, math.log(max(en_len, 1) / max(zh_len, 1)), len(e_f & z_f) / max(len(e_f | z_f), 1),
                     len(en_idx) + len(zh_idx) - 2, len(en_idx) + len(zh_idx))


_loaded: list[Params] = []  # the parameter file, read once per process


def _default_params() -> Params:
    if not _loaded:
        _loaded.append(load_params())
    return _loaded[0]


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
