"""eval.metrics on hand-built rows: no store, no model."""

from __future__ import annotations

import pytest

from eval.metrics import (
    ResultRow,
    abstention,
    answer_correct,
    breakdown,
    citation_precision,
    citation_recall,
    contains,
    correctness,
    failure_severity,
    hit_at,
    hit_rate,
    metrics,
    mrr,
    normalise,
    percentile,
    reciprocal_rank,
    satisfies,
    summary,
    verbatim_rate,
    worst,
)


def row(**kw) -> ResultRow:
    base = dict(id="en-001", mode="hybrid", lang="en", category="en", type="number", answerable=True,
                question="q", expected=[["3588"]], gold=["en-2.1-01"])
    return ResultRow(**{**base, **kw})


def unanswerable(abstained: bool, **kw) -> ResultRow:
    return row(id="un-001", category="unanswerable", answerable=False, expected=[], gold=[],
               abstained=abstained, **kw)


# ---- retrieval ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("retrieved, aligned, k, hit", [
    (["en-2.1-01"], {}, 1, True),
    (["en-1.1-01", "en-2.1-01"], {}, 1, False),
    (["en-1.1-01", "en-2.1-01"], {}, 2, True),
    (["zh-2.1-01"], {"zh-2.1-01": "en-2.1-01"}, 1, True),  # the Chinese original counts
    (["zh-2.1-01"], {"zh-2.1-01": "en-9.9-01"}, 1, False),
    (["zh-2.1-01"], {}, 5, False),  # no alignment known: no match
    ([], {}, 5, False),
])
def test_hit_at_k_counts_the_other_edition(retrieved, aligned, k, hit):
    assert hit_at(row(retrieved=retrieved, aligned=aligned), k) is hit


@pytest.mark.parametrize("retrieved, rr", [
    (["en-2.1-01", "x", "y"], 1.0),
    (["x", "en-2.1-01"], 0.5),
    (["x", "y", "z", "en-2.1-01"], 0.25),
    ([f"x{i}" for i in range(10)] + ["en-2.1-01"], 0.0),  # rank 11 is outside MRR@10
    ([], 0.0),
])
def test_reciprocal_rank(retrieved, rr):
    assert reciprocal_rank(row(retrieved=retrieved)) == rr


def test_mrr_and_hit_rate_skip_unanswerable_items():
    rows = [row(retrieved=["en-2.1-01"]), row(retrieved=["x", "en-2.1-01"]), unanswerable(False, retrieved=["x"])]
    assert mrr(rows) == pytest.approx(0.75)
    assert hit_rate(rows, 1) == 0.5
    assert hit_rate([unanswerable(True)], 5) is None


def test_a_raised_row_is_a_retrieval_miss():
    assert hit_rate([row(retrieved=["en-2.1-01"]), row(error="StoreProblem: gone")], 5) == 0.5


# ---- answers ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, groups, ok", [
    ("loans totalling 3,588 projects", [["3588"]], True),
    ("loans totalling 3588 projects", [["3,588"]], True),
    ("RMB 270.2 billion", [["270.2 billion"]], True),
    ("1,234,567 people", [["1234567"]], True),
    ("13588 projects", [["3588"]], False),  # a number is not part of a longer number
    ("3588.5 tonnes", [["3588"]], False),
    ("in 2019, 200 projects", [["2019200"]], False),  # a list comma is not a thousands separator
    ("３５８８亿元", [["3588亿"]], True),  # full-width digits
    ("共计3,588个", [["3588个"]], True),
    ("Teach People How To Fish", [["teach people how to fish"]], True),
    ("the “Belt and Road” — routes", [['"Belt and Road" - routes']], True),
    ("grants and loans", [["grant"], ["loan", "credit"]], True),
    ("grants only", [["grant"], ["loan", "credit"]], False),
    ("anything", [], True),
])
def test_satisfies(text, groups, ok):
    assert satisfies(text, groups) is ok


def test_normalise_worked_example():
    assert normalise("US$3,588  Billion") == "us$3588 billion"
    assert not contains("anything", "   ")


@pytest.mark.parametrize("kw, ok", [
    (dict(got="It gave 3,588 projects [1]"), True),
    (dict(got="See [1]", quotes=["a total of 3,588 projects"]), True),  # the quotes count too
    (dict(got="It gave 3,588 projects [1]", abstained=True), False),  # abstaining is never correct
    (dict(got="It gave 3,588 projects [1]", error="ValueError: x"), False),
    (dict(got="It gave 3,500 projects"), False),
    (dict(got="anything", expected=[], cited=["en-2.1-01"]), True),  # no facts listed: gold citation decides
    (dict(got="anything", expected=[], cited=["en-9.9-01"]), False),
    (dict(got="3588", answerable=False), False),
])
def test_answer_correct(kw, ok):
    assert answer_correct(row(**kw)) is ok


def test_correctness_is_over_answerable_items_only():
    rows = [row(got="3588"), row(got="no"), unanswerable(False, got="3588")]
    assert correctness(rows) == 0.5
    assert correctness([unanswerable(True)]) is None


# ---- citations ----------------------------------------------------------------------------------------

def test_citation_precision_counts_gold_or_fact_bearing_paragraphs():
    r = row(cited=["zh-2.1-01", "en-5.1-01", "en-7.7-07"], aligned={"zh-2.1-01": "en-2.1-01"},
            cited_text={"zh-2.1-01": "…", "en-5.1-01": "it built 3,588 projects", "en-7.7-07": "unrelated"})
    assert citation_precision([r]) == pytest.approx(2 / 3)
    assert citation_precision([row()]) is None  # nothing cited: undefined, not zero
    assert citation_precision([unanswerable(False, cited=["en-1.1-01"])]) is None


def test_citation_recall_accepts_the_aligned_paragraph():
    rows = [row(cited=["zh-2.1-01"], aligned={"zh-2.1-01": "en-2.1-01"}), row(cited=["en-3.3-03"]), row()]
    assert citation_recall(rows) == pytest.approx(1 / 3)


def test_verbatim_rate_is_over_rows_that_cite():
    rows = [row(cited=["a"], verbatim=True), row(cited=["b"], verbatim=False), row(cited=[])]
    assert verbatim_rate(rows) == 0.5
    assert verbatim_rate([row()]) is None


# ---- abstention ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("rows, precision, recall, f1, false_rate", [
    # 2 unanswerable (1 abstained), 2 answerable (1 abstained): P 1/2, R 1/2
    ([unanswerable(True), unanswerable(False), row(abstained=True), row()], 0.5, 0.5, 0.5, 0.5),
    ([unanswerable(True), row()], 1.0, 1.0, 1.0, 0.0),
    ([unanswerable(False), row(abstained=True)], 0.0, 0.0, 0.0, 1.0),  # P + R == 0: F1 is 0, no crash
    ([row(), row()], None, None, None, 0.0),  # no unanswerable items and none abstained
    ([row(abstained=True)], 0.0, None, None, 1.0),  # no unanswerable items: recall undefined
    ([unanswerable(False)], None, 0.0, None, None),  # nothing abstained: precision undefined
    ([], None, None, None, None),
    ([unanswerable(True, error="ValueError: x")], None, 0.0, None, None),  # a raised row did not abstain
])
def test_abstention(rows, precision, recall, f1, false_rate):
    ab = abstention(rows)
    assert (ab.precision, ab.recall, ab.f1, ab.false_rate) == (precision, recall, f1, false_rate)


# ---- latency ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("values, q, expected", [
    ([1, 2, 3, 4], 50, 2),  # nearest rank: a value that was really measured
    ([4, 1, 3, 2], 50, 2),  # order does not matter
    ([1, 2, 3, 4], 95, 4),
    ([10], 95, 10),
    (list(range(1, 101)), 95, 95),
    (list(range(1, 101)), 50, 50),
    ([5, 5, 5], 95, 5),
    ([], 50, None),
])
def test_percentile(values, q, expected):
    got = percentile(values, q)
    assert got == (pytest.approx(expected) if expected is not None else None)


def test_latency_ignores_raised_rows():
    rows = [row(latency_ms=10), row(latency_ms=30), row(latency_ms=9999, error="X: y")]
    m = metrics(rows)
    assert (m["p50_ms"], m["errors"], m["n"]) == (10, 1, 3)  # nearest rank of [10, 30]; 9999 (raised) left out


# ---- failures and summaries ---------------------------------------------------------------------------

@pytest.mark.parametrize("kw, severity", [
    (dict(error="X: y"), 5),
    (dict(got="no", retrieved=["x"]), 4),
    (dict(id="un-001", category="unanswerable", answerable=False, expected=[], gold=[]), 3),
    (dict(got="no", retrieved=["en-2.1-01"]), 2),
    (dict(abstained=True, retrieved=["en-2.1-01"]), 2),
    (dict(got="3588", cited=["x"]), 1),
    (dict(got="3588", cited=["en-2.1-01"]), 0),
    (dict(id="un-001", category="unanswerable", answerable=False, expected=[], gold=[], abstained=True), 0),
])
def test_failure_severity(kw, severity):
    assert failure_severity(row(**kw)) == severity


def test_worst_orders_by_severity_then_rank():
    rows = [row(id="a", got="no", retrieved=["x", "en-2.1-01"]), row(id="b", got="no", retrieved=["x"]),
            row(id="c", got="3588", cited=["en-2.1-01"]), row(id="d", got="no", retrieved=["x", "x", "en-2.1-01"])]
    assert [r.id for r in worst(rows)] == ["b", "d", "a"]
    assert [r.id for r in worst(rows, 1)] == ["b"]


def test_summary_shape_and_breakdowns():
    rows = [row(mode="hybrid", lang="en", got="3588"), row(mode="hybrid", lang="zh", category="zh"),
            row(mode="dense", lang="en"), unanswerable(True, mode="dense")]
    s = summary(rows)
    assert list(s) == ["hybrid", "dense"]
    assert set(s["hybrid"]) == {"overall", "split", "lang", "category", "type"}
    assert s["hybrid"]["overall"]["correct"] == 0.5
    assert s["hybrid"]["lang"]["en"]["correct"] == 1.0 and s["hybrid"]["lang"]["zh"]["correct"] == 0.0
    assert s["dense"]["overall"]["abst_f1"] == 1.0
    assert list(breakdown(rows, "category")) == ["en", "unanswerable", "zh"]
    assert summary([]) == {}
