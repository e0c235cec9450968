"""eval/cv.py: every dev item is answered exactly once, by a fit that never saw it.

A whole cross-validation refits eval.tune five times (minutes), so the suite checks the folds and the
command line; `python -m eval.cv` itself is run by hand when a change is judged (README, "Quality").
"""

from __future__ import annotations

import pytest

from eval import cv
from eval.questions import load_questions
from eval.split import in_split


@pytest.mark.parametrize("k", [2, 3, 5])
@pytest.mark.parametrize("seed", [None, 1])
def test_folds_cover_dev_once_and_are_even(k, seed):
    dev = [q for q in load_questions() if in_split(q.id, "dev")]
    parts = cv.folds(dev, k, seed)
    ids = [q.id for part in parts for q in part]
    assert sorted(ids) == sorted(q.id for q in dev) and len(ids) == len(set(ids))
    assert max(map(len, parts)) - min(map(len, parts)) <= 1


def test_folds_mix_languages_and_categories():
    dev = [q for q in load_questions() if in_split(q.id, "dev")]
    for part in cv.folds(dev, cv.FOLDS):
        assert {q.lang for q in part} >= {"en", "zh"}
        assert len({q.category for q in part}) >= 5


def test_a_seed_cuts_other_folds_and_the_same_seed_the_same_ones():
    dev = [q for q in load_questions() if in_split(q.id, "dev")]
    ids = [[[q.id for q in part] for part in cv.folds(dev, cv.FOLDS, seed)] for seed in (None, 1, 1, 2)]
    assert ids[1] == ids[2] and ids[0] != ids[1] != ids[3]


def test_one_fold_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_:
        cv.main(["--folds", "1"])
    assert exit_.value.code == 2 and "at least 2" in capsys.readouterr().err


def test_a_bias_is_refused_without_held_choices(capsys):
    with pytest.raises(SystemExit) as exit_:
        cv.main(["--select", "--bias", "0"])
    assert exit_.value.code == 2 and "--bias needs held choices" in capsys.readouterr().err


def test_a_bias_replaces_the_answered_bias_of_both_passes_and_nothing_else():
    """eval.cv --bias and eval.tune --bias: the held choices at another answered bias (README, "The
    answered bias is chosen out of fold")."""
    from eval.tune import held_choices, with_bias
    from qa.scoring import PARAMS_PATH

    held = held_choices(PARAMS_PATH)
    moved = with_bias(held, 0.75)
    assert set(moved) == set(held) == {"first_pass", "final"}
    for name in held:
        assert moved[name]["answered_bias"] == 0.75
        assert {k: v for k, v in moved[name].items() if k != "answered_bias"} == \
            {k: v for k, v in held[name].items() if k != "answered_bias"}
