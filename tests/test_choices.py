"""The held choices of qa/scoring.json stay near what a fresh search on dev finds (a module of its own:
the search takes about two minutes and runs beside the refit of tests/test_scoring.py under `make test`'s
parallel workers; its refit checks the whole file, so also the dev objective recorded here)."""

from __future__ import annotations

import json

import pytest

from eval.questions import load_questions
from eval.tune import tune
from qa.scoring import PARAMS_PATH

pytestmark = pytest.mark.long  # minutes: scheduled first (tests/conftest.py)


def test_the_held_choices_are_within_reach_of_a_fresh_search(built_store):
    """The choices were searched on dev (`eval.tune --select`), not typed in; held while the features
    change, they must stay near the best a fresh search finds now (0.01 of the objective: about eight
    of 779 dev items), or it is time to run the search again."""
    held = json.loads(PARAMS_PATH.read_text("utf-8"))["fitted_on"]["dev_objective"]
    _, searched = tune(built_store, load_questions())
    assert held >= searched["dev_objective"] - 0.01, (held, searched["dev_objective"])
