"""How well eval.tune's fit carries to questions it was not fitted on: k-fold over the dev split.

The dev objective eval.tune prints, and `python -m eval --split dev` after a refit, are in-sample: the
models were fitted on those very items. A change that touches a dozen items (the foreign questions'
candidates, say) makes the refit choose another regularisation or model kind, and three to five
unrelated items move either way; neither figure then tells the change from that noise. Here each fold
of dev is answered by a fit made without it (eval.tune's own procedure on the other folds), so every
dev item is answered once, out of sample, and two versions of the code can be compared item by item.

    python -m eval.cv --json-out /tmp/cv-main          # 5 folds refitted at the held choices: about 1.5 minutes
    python -m eval.cv --select --json-out /tmp/cv-sel  # each fold searches its choices too: about 4 minutes
    python -m eval.cv --seed 1 --json-out /tmp/cv-s1   # other folds (dev shuffled first): the figure's own spread
    python -m eval.compare /tmp/cv-main/results.json /tmp/cv-new/results.json --split dev
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

from eval.compare import right
from eval.questions import Question, load_questions
from eval.report import write_results
from eval.run import run
from eval.split import in_split
from eval.tune import held_choices, tune, with_bias
from qa import forget
from qa.scoring import PARAMS_PATH
from store.settings import Settings

FOLDS = 5


def folds(dev: list[Question], k: int, seed: int | None = None) -> list[list[Question]]:
    """dev in k folds, by position in the question file (the file mixes languages and categories); seed:
    shuffled first, so that other fold assignments show how much the out-of-fold figure owes to one."""
    order = dev if seed is None else random.Random(seed).sample(dev, len(dev))
    return [order[i::k] for i in range(k)]


def cross_validate(settings: Settings, questions: list[Question], k: int = FOLDS, held: dict | None = None,
                   seed: int | None = None) -> list:
    """Every dev item's result row, each answered with a scorer fitted on the other folds; held: the
    choices each fold's fit is made at, as `python -m eval.tune` makes it (None: each fold searches them);
    seed: see folds()."""
    dev = [q for q in questions if in_split(q.id, "dev")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="wpqa-cv-") as tmp:
        for n, held_out in enumerate(folds(dev, k, seed)):
            held_ids = {q.id for q in held_out}
            params, _ = tune(settings, [q for q in dev if q.id not in held_ids], held)
            path = Path(tmp) / f"fold{n}.json"
            path.write_text(json.dumps(params), "utf-8")
            fold_settings = replace(settings, scoring_path=str(path))
            forget(fold_settings)  # subtle: the pipeline (and its scorer) and the answer cache are per store
            rows += run(fold_settings, held_out, ["hybrid"], progress=False)
            print(f"fold {n + 1}/{k}: {sum(right(r) for r in rows)} of {len(rows)} handled right so far",
                  file=sys.stderr)
        forget(settings)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.cv", description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=FOLDS, help=f"folds of the dev split (default {FOLDS})")
    parser.add_argument("--json-out", type=Path, help="write results.json here, for eval.compare")
    parser.add_argument("--seed", type=int, help="shuffle dev before cutting the folds (default: by position)")
    parser.add_argument("--select", action="store_true",
                        help="each fold searches the choices (default: fits at those qa/scoring.json holds)")
    parser.add_argument("--bias", type=float,
                        help="the held choices with this answered bias in both passes: how much a bias hedges "
                             "out of fold (the choice search reads it in sample)")
    args = parser.parse_args(argv)
    if args.folds < 2:
        parser.error(f"--folds must be at least 2, got {args.folds}")
    settings = Settings.from_env()
    held = None if args.select else held_choices(Path(settings.scoring_path) if settings.scoring_path else PARAMS_PATH)
    if args.bias is not None:
        if held is None:
            parser.error("--bias needs held choices (not --select, and a qa/scoring.json that holds them)")
        held = with_bias(held, args.bias)
    rows = cross_validate(settings, load_questions(), args.folds, held, args.seed)
    by_category = Counter(r.category for r in rows if right(r))
    print(f"out of fold, dev: {sum(by_category.values())} of {len(rows)} handled right; "
          + ", ".join(f"{c} {n}" for c, n in sorted(by_category.items())))
    answerable = [r for r in rows if r.answerable]
    hedged = sum(r.status in ("partial", "not_found") for r in answerable)
    print(f"answerable dev items hedged (partial or not_found) out of fold: {hedged} of {len(answerable)}"
          f" ({hedged / max(1, len(answerable)):.3f})")
    if args.json_out:
        args.json_out.mkdir(parents=True, exist_ok=True)
        write_results(rows, {"cv_folds": args.folds, "cv_seed": args.seed}, args.json_out / "results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
