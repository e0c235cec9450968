"""Fit the sentence aligner's parameters (store/sentalign.json) on the dev half of the hand-checked pairs.

    python -m eval.fit_align            # fit on dev, write store/sentalign.json, measure both halves
    python -m eval.fit_align --check    # fit again and fail if the committed file differs

eval/sentence_pairs.jsonl holds sentence groups of both editions that a person read and found to
translate each other (English id and offsets, Chinese id and offsets). A pair's side follows from its
English paragraph id by eval/split.py, so a paragraph's pairs never straddle the split. Only dev pairs
decide anything; the test half is measured (here, in `wpqa store audit`, and in tests/test_sentalign.py).

How, unlike eval/tune.py (logistic fits of the answerer's features), since a bead's score only
matters through the dynamic programme's choice:
- the length ratio's mean and sd are the dev pairs' own (closed form);
- the rest by coordinate ascent over a small fixed grid, from each grid's middle value, maximising
  the dev pairs the programme gets right; of equally good values the middle one is kept (the
  centre of the plateau, farthest from where the choice flips). sim_weight stays 10: the choice
  ignores a common factor of all weights.
Everything is deterministic (shipped vectors, fixed grid and order), so the file is reproducible.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from eval.split import side
from store import vectors
from store.corpus import load_corpus
from store.paragraphs import Paragraph
from store.sentalign import PARAMS_FORMAT, PARAMS_PATH, Bead, Lattice, Params, best_path, candidates

PAIRS_PATH = Path(__file__).resolve().parent / "sentence_pairs.jsonl"
SIM_WEIGHT = 10.0
GRID: dict[str, tuple[float, ...]] = {  # parameter -> the values tried, in order
    "sim_base": (0.74, 0.76, 0.78, 0.80, 0.82, 0.84, 0.86),
    "length_weight": (0.0, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0),
    "max_length_z2": (1.0, 2.0, 4.0, 6.0, 9.0, 16.0, 25.0),
    "figure_weight": (0.0, 0.5, 1.0, 2.0, 4.0),
    "merge_penalty": (0.0, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2),
    "skip_score": (-0.5, -1.0, -2.0, -3.0, -5.0, -8.0, -12.0),
}
MAX_ROUNDS = 10


@dataclass
class PairedParagraph:
    """One English paragraph of the sample, its Chinese counterpart, and the beads a person confirmed."""

    en: Paragraph
    zh: Paragraph
    lattice: Lattice
    gold: list[Bead]


def load_pairs(path: Path = PAIRS_PATH) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_bead(pair: dict, en: Paragraph, zh: Paragraph) -> Bead:
    """Example: a pair spanning English sentences 1-2 and Chinese sentence 1 -> Bead((1, 2), (1,))."""
    return Bead(_inside(en, pair["en_start"], pair["en_end"]), _inside(zh, pair["zh_start"], pair["zh_end"]))


def _inside(p: Paragraph, start: int, end: int) -> tuple[int, ...]:
    return tuple(i for i, (a, b) in enumerate(p.sentences) if start <= a and b <= end)


def right_pairs(beads: dict[str, list[Bead] | tuple[Bead, ...]], pairs: list[dict], split: str) -> tuple[int, int]:
    """(pairs of the split whose bead the alignment holds, pairs of the split).
    beads: English paragraph id -> its beads (Store.beads, or align_sentences results)."""
    paragraphs = load_corpus().by_id()
    chosen = [p for p in pairs if split == "all" or side(p["en_id"]) == split]
    ok = sum(gold_bead(p, paragraphs[p["en_id"]], paragraphs[p["zh_id"]]) in beads.get(p["en_id"], ())
             for p in chosen)
    return ok, len(chosen)


def sample(pairs: list[dict], split: str) -> list[PairedParagraph]:
    """The split's paragraphs, each with the lattice of candidate beads built from the shipped vectors."""
    by_id = load_corpus().by_id()
    ids = sorted({p["en_id"] for p in pairs if side(p["en_id"]) == split})
    texts = [t for pid in ids for q in (by_id[pid], by_id[by_id[pid].aligned_id]) for t in q.sentence_texts()]
    matrix, _ = vectors.passage_vectors(texts, None)
    out, row = [], 0
    for pid in ids:
        en, zh = by_id[pid], by_id[by_id[pid].aligned_id]
        n, m = len(en.sentences), len(zh.sentences)
        lattice = candidates(en, zh, matrix[row:row + n], matrix[row + n:row + n + m])
        row += n + m
        gold = [gold_bead(p, en, zh) for p in pairs if p["en_id"] == pid]
        out.append(PairedParagraph(en, zh, lattice, gold))
    return out


def objective(paragraphs: list[PairedParagraph], params: Params) -> int:
    """How many gold beads the programme chooses."""
    return sum(bead in set(best_path(p.lattice, len(p.en.sentences), len(p.zh.sentences), params))
               for p in paragraphs for bead in p.gold)


def length_ratio(pairs: list[dict]) -> tuple[float, float]:
    """Mean and sd of log(English chars / Chinese chars) over the dev pairs."""
    logs = [math.log(len(p["en"]) / len(p["zh"])) for p in pairs if side(p["en_id"]) == "dev"]
    return statistics.fmean(logs), statistics.stdev(logs)


def fit(pairs: list[dict]) -> tuple[Params, int]:
    """Coordinate ascent over GRID on the dev paragraphs; returns the parameters and the dev pairs right.

    For each parameter in turn, every grid value is tried with the others held; of the values that
    get the most dev pairs right, the middle one is kept (the centre of the plateau, farthest from
    where the choice flips), until a round changes nothing.
    """
    dev = sample(pairs, "dev")
    log_ratio, sd = length_ratio(pairs)
    params = Params(log_ratio=round(log_ratio, 6), log_ratio_sd=round(sd, 6), sim_weight=SIM_WEIGHT,
                    **{name: values[len(values) // 2] for name, values in GRID.items()})
    for _ in range(MAX_ROUNDS):
        before = params
        for name, values in GRID.items():
            right = [objective(dev, replace(params, **{name: v})) for v in values]
            tops = [v for v, r in zip(values, right, strict=True) if r == max(right)]
            params = replace(params, **{name: tops[(len(tops) - 1) // 2]})
        if params == before:
            break
    return params, objective(dev, params)


def document(params: Params, right: int, pairs: list[dict]) -> str:
    dev_total = sum(side(p["en_id"]) == "dev" for p in pairs)
    data = {
        "format": PARAMS_FORMAT,
        "fitted_by": "python -m eval.fit_align",
        "fitted_on": f"dev half of eval/sentence_pairs.jsonl: {dev_total} pairs, {right} right",
        "params": asdict(params),
    }
    return json.dumps(data, indent=1) + "\n"


def aligned_sample(pairs: list[dict], params: Params, split: str) -> dict[str, list[Bead]]:
    return {p.en.id: best_path(p.lattice, len(p.en.sentences), len(p.zh.sentences), params)
            for p in sample(pairs, split)}


def audit_line(beads: dict[str, list[Bead] | tuple[Bead, ...]]) -> str:
    """What `wpqa store audit` prints about the hand-checked sample, e.g.
    "[sentence sample] hand-checked pairs aligned right: test 84 of 84 (100.0%); dev 80 of 80 (fitted on)"."""
    pairs = load_pairs()
    (t_ok, t_total), (d_ok, d_total) = right_pairs(beads, pairs, "test"), right_pairs(beads, pairs, "dev")
    return (f"[sentence sample] hand-checked pairs aligned right: test {t_ok} of {t_total} ({t_ok / t_total:.1%}); "
            f"dev {d_ok} of {d_total} (fitted on; python -m eval.fit_align)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.fit_align", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed parameter file differs")
    parser.add_argument("--out", type=Path, default=PARAMS_PATH)
    args = parser.parse_args(argv)
    pairs = load_pairs()
    params, right = fit(pairs)
    text = document(params, right, pairs)
    if args.check:
        same = args.out.is_file() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'reproduced' if same else 'DIFFERS from a fresh fit'}")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    for split in ("dev", "test"):
        ok, total = right_pairs(aligned_sample(pairs, params, split), pairs, split)
        print(f"{split}: {ok} of {total} hand-checked pairs aligned right ({ok / total:.1%})"
              + (" (fitted on)" if split == "dev" else " (measured only)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
