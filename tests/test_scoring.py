"""qa/scoring.json is the file in use, it is what `python -m eval.tune` fits on dev, and it is read strictly."""

from __future__ import annotations

import json

import numpy as np
import pytest

from eval.questions import load_questions
from eval.tune import held_choices, same_fit, tune
from qa import scoring
from qa.scoring import FOLLOWUP_FEATURES, OUTCOME_FEATURES, PARAMS_PATH, SENTENCE_FEATURES, ScoringError

pytestmark = pytest.mark.long  # minutes: scheduled first (tests/conftest.py)


def test_the_pipeline_uses_the_committed_parameter_file(pipeline):
    used = pipeline.extractive.scorer
    assert used.path == str(PARAMS_PATH)
    on_disk = json.loads(PARAMS_PATH.read_text("utf-8"))
    assert np.allclose(used.sentence.coef, on_disk["sentence"]["coef"])
    assert np.allclose(used.outcome.coef, on_disk["outcome"]["coef"])
    assert used.answered_bias == on_disk["answered_bias"]


def test_the_parameter_file_names_its_command_and_every_feature():
    params = json.loads(PARAMS_PATH.read_text("utf-8"))
    assert params["command"] == "python -m eval.tune" and params["fitted_on"]["split"] == "dev"
    assert tuple(params["sentence"]["features"]) == SENTENCE_FEATURES
    assert tuple(params["outcome"]["features"]) == OUTCOME_FEATURES
    assert tuple(params["followup"]["features"]) == FOLLOWUP_FEATURES


@pytest.fixture(scope="module")
def refit(built_store):
    """What `python -m eval.tune` does (about a minute): refit on dev at the choices the file holds."""
    return tune(built_store, load_questions(), held_choices(PARAMS_PATH))


def test_tune_on_dev_reproduces_the_committed_file(refit):
    params, fit = refit
    assert fit["questions"] > 100
    committed = json.loads(PARAMS_PATH.read_text("utf-8"))
    assert same_fit(committed, params)
    assert set(committed["choices"]) == {"first_pass", "final"}
    assert committed["choices"]["final"]["answered_bias"] == committed["answered_bias"]


def test_a_refit_at_held_choices_keeps_them(built_store):
    """The choices are not searched when held: a deliberately odd set comes back unchanged."""
    from eval import tune as tuning

    held = json.loads(PARAMS_PATH.read_text("utf-8"))["choices"]
    odd = {name: {**c, "sentence_C": 3.0, "outcome_C": 0.03, "answered_bias": 1.0} for name, c in held.items()}
    dev = [q for q in load_questions() if tuning.in_split(q.id, "dev")][::3]  # every kind of item, a third of them
    params, fit = tuning.tune(built_store, dev, odd)
    assert params["choices"]["final"]["sentence_C"] == 3.0 and params["choices"]["final"]["outcome_C"] == 0.03
    assert params["answered_bias"] == 1.0 and params["regularisation"]["sentence_C"] == 3.0


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(format="other/1"), "not a wpqa-scoring/1 file"),
    (lambda d: d["sentence"]["features"].pop(), "other features"),
    (lambda d: d["outcome"].update(classes=["yes", "no"]), "other outcome classes"),
])
def test_a_foreign_or_stale_file_is_refused(tmp_path, change, message):
    data = json.loads(PARAMS_PATH.read_text("utf-8"))
    change(data)
    path = tmp_path / "scoring.json"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(ScoringError, match=message):
        scoring.load(str(path))


def test_a_missing_file_says_which_command_writes_it(tmp_path):
    with pytest.raises(ScoringError, match="eval.tune"):
        scoring.load(str(tmp_path / "nope.json"))


def test_same_fit_tolerates_rounding_but_not_change():
    a = {"x": [1.0, 2.0], "n": 3, "s": "dev"}
    assert same_fit(a, {"x": [1.0000004, 2.0], "n": 3, "s": "dev"})
    assert not same_fit(a, {"x": [1.1, 2.0], "n": 3, "s": "dev"})
    assert not same_fit(a, {"x": [1.0, 2.0], "n": 4, "s": "dev"})


def test_pairwise_ranker_puts_each_questions_fact_first_and_gives_probabilities():
    """fit_ranker learns from the order of spans within a question, whatever their level across questions:
    the fact-bearing span has the best cosine of its own question but is often below other questions'
    spans; the fitted model must still put it first in every question, and its calibrated scores are
    probabilities (the outcome model and the quote ratios read them as such)."""
    from types import SimpleNamespace

    from eval.tune import Item, fit_ranker

    rng = np.random.default_rng(0)
    cosine = SENTENCE_FEATURES.index("cosine")
    items = []
    for level in np.linspace(0.0, 1.0, 40):  # questions whose spans score high or low as a whole
        xs = rng.normal(0.0, 0.3, (6, len(SENTENCE_FEATURES)))
        xs[:, cosine] = level + rng.uniform(0.0, 0.5, 6)
        xs[0, cosine] = level + 0.6  # the one span stating the fact: best of its question
        cands = [SimpleNamespace(x=x) for x in xs]
        items.append(Item(q=None, read=None, hits=[], candidates=cands, labels=np.eye(6)[0]))
    model = fit_ranker(items)
    for it in items:
        logits = model.logits(np.array([c.x for c in it.candidates]))[:, 0]
        assert logits.argmax() == 0
    probs = 1 / (1 + np.exp(-model.logits(np.array([c.x for it in items for c in it.candidates]))[:, 0]))
    assert probs.min() > 0.0 and probs.max() < 1.0 and model.coef.shape == (1, len(SENTENCE_FEATURES))


def test_the_parameter_file_records_which_span_ranker_dev_chose():
    fit = json.loads(PARAMS_PATH.read_text())["sentence_fit"]
    assert fit["final"] in ("pointwise", "pairwise") and fit["first_pass"] in ("pointwise", "pairwise")


def test_the_false_doubt_promise_is_checked_on_held_out_decisions(monkeypatch):
    """eval.tune's objective: a setting whose held-out outcome models hedge more than MAX_FALSE_DOUBT of the
    answerable items scores below every setting within it, however the in-sample model decides them (in
    sample the promise held on dev and broke on questions the fit had not seen)."""
    from types import SimpleNamespace

    from eval import tune
    from qa.scoring import OUTCOMES, Linear, Scorer

    def model(outcome: str) -> Linear:  # says `outcome` whatever the evidence
        n = len(OUTCOME_FEATURES)
        return Linear(OUTCOME_FEATURES, np.zeros(n), np.ones(n), np.zeros((len(OUTCOMES), n)),
                      np.eye(len(OUTCOMES))[OUTCOMES.index(outcome)] * 5.0)

    monkeypatch.setattr(tune, "right", lambda item, scorer, x, answerer, said=None: True)  # only the hedging is weighed here
    read = SimpleNamespace(text="", asked=SimpleNamespace(wants_value=False, want="description"))  # asks for no figure of any year
    items = [tune.Item(q=SimpleNamespace(category="en"), read=read, hits=[], candidates=[object()], labels=np.ones(1))
             for _ in range(10)]
    xs = np.zeros((10, len(OUTCOME_FEATURES)))
    blank = model("answered")
    scorer = Scorer(blank, model("answered"), blank, 0.0, 1.0, 1.0, 1, 1)
    assert tune.objective(items, scorer, xs, answerer=None) == 1.0
    hedging = [model("partial")] + [model("answered")] * (tune.FOLDS - 1)  # fold 0: 2 of 10 items hedged
    assert tune.objective(items, scorer, xs, answerer=None, held_out=hedging) < 0
    assert tune.objective(items, scorer, xs, answerer=None, held_out=[model("answered")] * tune.FOLDS) == 1.0
