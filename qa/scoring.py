"""The one scorer: named features of a candidate sentence and of a question's evidence, and the
fitted weights that combine them. Every weight and threshold of sentence choice and of the three
outcomes is read from qa/scoring.json, which only `python -m eval.tune` writes (fitted on dev).

Two models, both logistic regressions applied here with numpy (no scikit-learn at run time):
- sentence: P(this span states the asked fact), used to rank quotes;
- outcome: P(answered), P(partial), P(not_found) from the best spans and retrieval signals.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

PARAMS_PATH = Path(__file__).with_name("scoring.json")
FORMAT = "wpqa-scoring/1"

SENTENCE_FEATURES = (
    "cosine",  # question . sentence embedding (best sentence inside the span)
    "cosine_min",  # the weakest sentence of the span: a two-sentence quote should not carry a stranger
    "cosine_gap",  # best cosine among all candidates minus this one's
    "section_gap",  # the question's cosine with the section it is most about minus with the span's section
    "overlap",  # weighted share of the question's topic words in the span
    "overlap_idf",  # the same, each word weighted by its rarity in the paper (idf over paragraphs)
    "focus",  # share of the focus terms (the subject) in the span
    "attribute",  # share of the attribute terms ("seats", "interest rate") in the span
    "value",  # the span carries a value of the wanted type (wanted types only)
    "value_tied",  # ... in the same clause as the attribute or focus
    "value_missing",  # a value is wanted and the span has none
    "numbers",  # share of the question's numbers found in the span
    "period_same",  # a typed value is wanted and the span states a span of years ("From 2015 to 2019") the question names
    "period_other",  # ... a span of years the question does not name: its figure is for another period
    "pairs",  # share of the question's neighbouring word pairs found in the span (its phrasing, in order)
    "rank",  # 1 / (1 + paragraph rank)
    "fused",  # fused retrieval score of the paragraph
    "dense",  # paragraph cosine
    "bm25",  # paragraph BM25 score / best BM25 score of the question
    "short",  # span shorter than a useful quote
    "reason",  # a "why" question and the span gives a reason (because, in order to, 为了, 旨在 …)
    "list_shape",  # a list/broad question and the span enumerates
    "particulars",  # a list/broad question: how many particular things the span names (separators, numbers)
    "first",  # the span opens its paragraph
    "joined",  # the span is two sentences
    "para_focus",  # share of the focus terms anywhere in the paragraph
    "earlier",  # a follow-up, and the earlier answer cited this paragraph or one next to it
    "own_gain",  # a follow-up: cosine with its own words alone minus cosine with the context (0 when alone)
    "aligned_cosine",  # best cosine of the other edition's sentences that translate the span
    "other_cosine",  # best sentence cosine in the other edition's paragraph (a translation may garble words)
)
FOLLOWUP_FEATURES = (  # see qa/conversation.py: signals()
    "in_earlier",  # share of the question's own topic words found in the earlier turn and what it quoted
    "leans", "terms", "names", "alone_dense", "alone_bm25", "shares_cited", "has_answer",
    "related",  # cosine of the question with the last earlier question
    "about",  # a definition or topic request naming its own subject ("What is X?", "什么是X？")
    "no_subject",  # a Chinese question opening on a preposition or 有/是: its subject was dropped
)
OUTCOME_FEATURES = (
    "p1",  # best sentence probability
    "p_gap",  # best minus second best
    "b_value_missing", "b_value_tied", "b_attribute", "b_focus",  # the best span's features
    "any_attribute",  # the attribute is named in some candidate span at all
    "any_focus",  # best focus coverage of any span
    "missing_terms",  # the question names something the paper never mentions
    "coverage",  # share of topic words present in the top paragraphs
    "absent",  # share of topic words the whole paper (the question's edition) never writes: "cholera", "5G"
    "top_dense", "top_bm25",
    "terms",  # how many topic words the question has (up to 8): a short question scores lower everywhere
    "foreign",  # asked in a language other than the edition's: cross-lingual scores run lower
    "wants_value",  # the question wants a typed value (a count, a date, …): b_value_* mean something only then
    "b_value",  # the best span carries a value of the wanted type
    # a company is asked for (the paper names none), or a place (found by patterns that miss some): these
    # hedge otherwise than figures (the weights say how). Not a person: dev asks none the paper answers,
    # and a fitted weight learnt only "hedge" while the paper names Xi Jinping in many answers
    "wants_firm", "wants_place",
    "wants_choice",  # the reason for a choice is asked (Asked.choice)
    "b_no_places",  # countries are asked for and the best span names none but the question's (outcome.names_no_place)
    "b_restated",  # the best span states again a figure (not a year) the question gives: a part of it is asked
    "b_part_tied",  # ... and then how that part is tied to a value of the span (answer_types.part_tied)
    "wants_rank",  # which one is most or first is asked, or two compared (Asked.ranked)
    "b_ranks",  # ... and the best span ranks or compares ("the largest", 最大, 第一)
    # whether a thing was done is asked (Asked.whether), times `absent`: "Has China helped clear landmines?"
    # is answered only by a passage about landmines; a yes-or-no question whose words the paper writes is
    # unaffected (no weight on the asking alone, which would learn how the question set was written)
    "whether_absent",
)
OUTCOMES = ("answered", "partial", "not_found")


class ScoringError(RuntimeError):
    """qa/scoring.json is missing, foreign or out of step with the features; run `python -m eval.tune`."""


@dataclass(frozen=True)
class Linear:
    """A standardised linear model: z = ((x - mean) / scale) @ coef.T + intercept."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (classes, features); one row for a binary model
    intercept: np.ndarray  # (classes,)

    def logits(self, x: np.ndarray) -> np.ndarray:
        return ((np.atleast_2d(x) - self.mean) / self.scale) @ self.coef.T + self.intercept

    @classmethod
    def from_dict(cls, d: dict, features: tuple[str, ...]) -> Linear:
        if tuple(d["features"]) != features:
            raise ScoringError("qa/scoring.json was fitted on other features: run `python -m eval.tune`")
        return cls(features, np.asarray(d["mean"]), np.asarray(d["scale"]), np.atleast_2d(d["coef"]),
                   np.atleast_1d(d["intercept"]))

    def to_dict(self) -> dict:
        return {"features": list(self.features), "mean": self.mean.round(6).tolist(),
                "scale": self.scale.round(6).tolist(), "coef": self.coef.round(6).tolist(),
                "intercept": self.intercept.round(6).tolist()}


@dataclass(frozen=True)
class Scorer:
    sentence: Linear
    outcome: Linear
    followup: Linear  # P(the question leans on the earlier turns) vs a new topic
    answered_bias: float  # added to the answered logit before the argmax (fitted on dev)
    extra_quote_ratio: float  # a further quote needs at least this share of the best probability
    broad_quote_ratio: float  # the same for broad and list questions (quotes from other paragraphs)
    max_quotes: int
    max_broad_quotes: int
    path: str = ""

    def sentence_probs(self, x: np.ndarray) -> np.ndarray:
        if len(x) == 0:
            return np.zeros(0)
        return 1.0 / (1.0 + np.exp(-self.sentence.logits(x)[:, 0]))

    def followup_prob(self, signals: dict[str, float]) -> float:
        return float(1.0 / (1.0 + np.exp(-self.followup.logits(vector(signals, FOLLOWUP_FEATURES))[0, 0])))

    def outcome_probs(self, x: np.ndarray) -> dict[str, float]:
        z = self.outcome.logits(x)[0].copy()
        z[OUTCOMES.index("answered")] += self.answered_bias
        p = np.exp(z - z.max())
        p /= p.sum()
        return {name: float(v) for name, v in zip(OUTCOMES, p, strict=True)}

    @classmethod
    def from_dict(cls, d: dict, path: str = "") -> Scorer:
        if d.get("format") != FORMAT:
            raise ScoringError(f"{path or 'scoring parameters'}: not a {FORMAT} file: run `python -m eval.tune`")
        if tuple(d["outcome"].get("classes", ())) != OUTCOMES:
            raise ScoringError("qa/scoring.json has other outcome classes: run `python -m eval.tune`")
        return cls(Linear.from_dict(d["sentence"], SENTENCE_FEATURES), Linear.from_dict(d["outcome"], OUTCOME_FEATURES),
                   Linear.from_dict(d["followup"], FOLLOWUP_FEATURES), float(d["answered_bias"]), float(d["extra_quote_ratio"]), float(d["broad_quote_ratio"]),
                   int(d["max_quotes"]), int(d["max_broad_quotes"]), path)


@lru_cache(maxsize=4)
def load(path: str | None = None) -> Scorer:
    """The fitted scorer; path defaults to qa/scoring.json (the one in use: tests check this)."""
    p = Path(path) if path else PARAMS_PATH
    try:
        data = json.loads(p.read_text("utf-8"))
    except (OSError, ValueError) as err:
        raise ScoringError(f"cannot read {p} ({err}): run `python -m eval.tune`") from err
    return Scorer.from_dict(data, str(p))


def vector(values: dict[str, float], names: tuple[str, ...]) -> np.ndarray:
    """Example: ({"p1": 0.9}, ("p1", "p_gap")) -> array([0.9, 0.0]); an unknown key raises."""
    unknown = set(values) - set(names)
    if unknown:
        raise KeyError(f"unknown features: {', '.join(sorted(unknown))}")
    return np.array([float(values.get(n, 0.0)) for n in names])
