"""The test split through the real pipeline in hybrid mode (about a minute), then the report.

Floors sit within 0.03 of what `wpqa eval --split test` measured when they were last set
(the figures in the README), so a change that makes retrieval, answers or the three
outcomes worse fails here. Test is only measured: nothing is tuned on it.
"""

from __future__ import annotations

import json

import pytest

from eval import report
from eval.metrics import ResultRow
from eval.questions import load_questions
from eval.run import main, run, select, summarise
from store.settings import Settings

pytestmark = pytest.mark.long  # minutes: scheduled first (tests/conftest.py)

# floors only ever go up, ceilings only come down, each within 0.03 of `wpqa eval --split test`; the
# exception is a floor whose items changed (unanswerable_not_found at stop 34, near_miss_handled at stop 37,
# near_miss_handled and abst_f1 at stop 39, unanswerable_not_found at stop 40, false_abstention at stop 41,
# hit@1, correct, correct_cited and unanswerable_not_found at stop 44, unanswerable_not_found at stop 45,
# near_miss_handled at stop 50, switch_as_alone at stop 52: see their comments)
FLOORS = {
    # stop 44: 530 test items (20 of the fourteenth batch). The stop-43 code refitted on the grown dev (852)
    # measures 0.7796 hit@1, 0.818 correct and 0.729 unanswerable on them, under the old floors of 0.78,
    # 0.82 and 0.74; this code 0.7796, 0.821 and 0.729. These four floors were re-based because the measure
    # changed (new items, and the refit they required), not for a change of code (README, Stop 44)
    "hit@1": 0.77,  # measured 0.793 at stop 50 (raised to within 0.03); 0.780 at stop 44 (0.802 on the 442 test items of stop 41, 0.790 on stop 39's 315)
    "hit@5": 0.95,  # measured 0.976 at stop 41
    # stop 46: 576 test items (28 of the sixteenth batch). The stop-45 code refitted on the grown dev measures
    # 0.8496 on them, under the old floor of 0.85, and 0.859 on stop 45's 548; this code the same, 0.8496
    # and 0.859. Re-based because the measure changed, not the code (README, Stop 46)
    "mrr@10": 0.84,  # measured 0.863 at stop 50 (raised to within 0.03); 0.850 at stop 46 (0.878 at stop 41, 0.873 at stop 39)
    # stop 36: 251 test items (stop 35's 49 landed); the stop-35 code measures 0.837 correct, 0.808 near
    # misses, 0.778 unanswerable, 0.047 hedged on them
    # stop 37: 277 test items (26 of the third batch); the stop-36 code measures 0.849 correct, 0.770 near
    # misses, 0.742 unanswerable, 0.027 hedged on them, this code (choices searched again on the grown dev)
    # 0.843, 0.787, 0.774 and 0.038
    # stop 38 (same 277): this code measures 0.838 correct, 0.787 near misses, 0.742 unanswerable and 0.043
    # hedged; the stop-37 rules branch measured 0.754 near misses, under the floor, and did not land
    # stop 39: 315 test items (38 of the fourth batch). The stop-38 code measures 0.834 correct, 0.733 near
    # misses (55 of 75), 0.771 unanswerable, abstention F1 0.828 and 0.044 hedged on them: under the old
    # near-miss and F1 floors. This code (the stop-37 rules and the region rule, refit on the grown dev)
    # 0.839, 0.720 (54 of 75), 0.829, 0.826 and 0.039; on stop 38's 277 items 226 of 277 as before
    # stop 41: 442 test items (68 of the seventh, eighth and ninth batches). The stop-40 code with its own
    # fit measures 0.826 correct, 0.729 near misses, 0.735 unanswerable, 0.063 hedged on them; this code
    # 0.830, 0.721, 0.796 and 0.063
    "correct": 0.80,  # measured 0.821 at stop 44 (0.823 at stop 43, 0.830 at stop 41)
    "correct_cited": 0.80,  # measured 0.821 at stop 44 (0.823 at stop 43, 0.830 at stop 41)
    # re-based at stop 37, when 9 near misses of the third batch landed in test (52 -> 61): on them the
    # stop-36 code handles 4 of 9, and 0.770 in all (47 of 61), under the old floor of 0.80 (set on 43 of
    # 52); this code 0.787 (48 of 61). Lower because the measure changed, not the code
    # stop 46: raised to within 0.03 of the measure again (it had risen to 0.744, 0.756 and 0.769)
    # stop 47: raised again, 0.74 -> 0.78 (604 test items; the stop-46 code refitted on the grown dev 0.768)
    # stop 48: raised again, 0.78 -> 0.79 (628 test items; the stop-47 code refitted on the grown dev 0.811 too)
    # stop 50: re-based 0.79 -> 0.74. The twentieth batch (681 test items, 8 new near misses of 193) made the
    # held answered bias hedge 4.2 % of answerable dev items out of fold, over the 4 % promise, so the bias was
    # chosen again by its rule (`eval.cv --bias`: 0.25 -> 881 of 1060 at 4.2 %, 0.5 -> 876 at 2.9 %): the stop-49
    # code refitted so measures 0.741 on the test items, under the old floor (at the old bias, which the grown dev
    # rules out, 0.793). This code 0.762. Lower because the measure changed (the items and the choice they forced)
    "near_miss_handled": 0.74,  # measured 0.762 at stop 50 (0.793 at stop 49's bias; 0.811 at stop 48)
    # re-based at stop 34, when 9 more wholly unanswerable items landed in test (15 -> 24): on them the
    # stop-33 code measures 0.792 (19 of 24), under the old floor of 0.84 (set on 13 of 15), and this code
    # 0.750 (18 of 24; un-005 went partial with the refit the 39 new dev items required). The floor is
    # lower because the measure changed (the old code fails the old floor on the new items), not the code
    # (4 of 7 before stop 31's 8 items)
    # stop 40: 374 test items (31 of the sixth batch). On them the stop-39 code with its own fit measures
    # 0.818 (36 of 44) but 0.682 near misses; refitted on the 596 dev items it keeps 0.818 and fails the
    # correct floor (0.814) and the hedging ceiling (0.059); this code measures 0.750 (33 of 44: three
    # unanswerable questions now partial), near misses 0.718, correct 0.832, hedged 0.050. No version
    # measured keeps every old bound on the new items; this floor went down with this code's fit, which dev
    # chose (out of fold 500-odd -> 507 of 596), and is the one bound this stop lowered (README, Stop 40)
    # stop 42: 487 test items (45 of the tenth and eleventh batches of 2026-12-06). The stop-41 code with its
    # own scoring file measures 0.759 unanswerable (41 of 54), 0.80 of the Chinese values shown (4 of 5: the
    # new cross-114 is missed) and 1.000 topic switches on them; this code 0.759, 0.80 and 0.941 (16 of 17).
    # The stop-41 code refitted on the grown dev (779 items) measures 0.941 as well: conv-011 ("Tell me about
    # debt relief." after the Maldives bridge) is then read as a follow-up, at a follow-up probability of
    # 0.51. These three floors were re-based because the measure changed (new items, a refit the new dev
    # items required), not for a change of code (README, Stop 42)
    # stop 45: 548 test items (18 of the fifteenth batch, 3 of them wholly unanswerable). The stop-44 code
    # refitted on the grown dev (893) measures 0.677 (42 of 62) on them, under the old floor of 0.70, and
    # 42 of 59 on stop 44's items, as before; this code the same, 0.677. The new three (un-180, un-182,
    # un-183) are missed by both. Re-based because the measure changed, not the code (README, Stop 45)
    "unanswerable_not_found": 0.68,  # measured 0.705 at stop 50 (raised to within 0.03); 0.677 at stop 45 (0.729 at stop 44, 0.759 at stops 42 and 43)
    # re-based 0.94 -> 0.93 at stop 52: the twenty-first batch (written at stop 51) put two topic switches
    # more in test (29); the stop-50 code refitted on the grown dev measures 0.931 (27 of 29) on them, under
    # the old floor, and the stop-52 code the same 0.931: the measure changed, not the code
    "switch_as_alone": 0.93,  # measured 0.931 at stop 52; 0.963 at stop 50 (on 27); 0.941 at stop 42 (1.000 before)
    "original_shown": 0.85,  # measured 0.875 at stop 50 (raised to within 0.03); 0.800 at stop 42 (1.000 before)
    "verbatim": 1.0,  # always: a quote that is not verbatim is never shown
    # stop 43: 510 test items (23 of the thirteenth batch). The stop-42 code with its own scoring file
    # measures 0.583 on them, under the old floor of 0.59, and this code 0.586 (zh-093 and zh-131, "…集中在
    # 哪些领域？", now read as lists and not places, quote six passages as lists do, where one was quoted; both
    # stay right). Re-based for the new items (README, Stop 43)
    "cit_precision": 0.56,  # measured 0.586 at stop 43 (0.615 at stop 41, 0.598 at stop 39)
    # stop 49: 654 test items (26 of the nineteenth batch). The stop-48 code refitted on the grown dev (1027)
    # measures 0.919 on them, under the old floor of 0.92 (set on stop 39's items; 0.920 on stop 48's 628);
    # this code 0.916. Re-based because the measure changed, not the code (README, Stop 49)
    "cit_recall": 0.90,  # measured 0.916 at stop 49 (0.920 at stop 48, 0.941 at stop 39)
    "abst_f1": 0.80,  # measured 0.826 at stop 39 (the stop-38 code 0.828 on the same items; 0.849 at stop 37)
}
CEILINGS = {
    "false_partial": 0.05,  # measured 0.047 at stop 41 (0.029 at stop 39)
    # partial or not_found on answerable items: measured 0.063 at stop 41 (16 of 253), 0.039 at stop 39.
    # Re-based at stop 41 on the 442 items: the stop-40 code with its own fit hedges 16 of 253 too (0.063),
    # 15 of them the same items; 11 of the 16 were test items before (0.050 at stop 40), the rest are new
    # items (four of them questions that state a figure). The ceiling rises because the measure changed,
    # not the code (README, Stop 41)
    "false_abstention": 0.07,
}


@pytest.fixture(scope="module")
def rows(built_store: Settings) -> list[ResultRow]:
    return run(built_store, select(load_questions(), split="test"), ["hybrid"], progress=False)


@pytest.fixture(scope="module")
def hybrid(rows: list[ResultRow]) -> dict:
    return summarise(rows)["hybrid"]["overall"]


def test_one_row_per_question_and_none_raised(rows):
    assert [r.id for r in rows] == [q.id for q in select(load_questions(), split="test")]
    assert [(r.id, r.error) for r in rows if r.error] == []


@pytest.mark.parametrize("metric, floor", FLOORS.items())
def test_hybrid_floor(hybrid, metric, floor):
    assert hybrid[metric] is not None and hybrid[metric] >= floor, f"{metric} {hybrid[metric]} < {floor}"


@pytest.mark.parametrize("metric, ceiling", CEILINGS.items())
def test_hybrid_ceiling(hybrid, metric, ceiling):
    assert hybrid[metric] is not None and hybrid[metric] <= ceiling, f"{metric} {hybrid[metric]} > {ceiling}"


def test_every_quote_is_verbatim(rows):
    assert [r.id for r in rows if not r.verbatim] == []


def test_rows_record_retrieval_and_citations(rows):
    answered = [r for r in rows if r.status in ("answered", "partial")]
    assert answered and all(r.cited and r.quotes and r.got for r in answered)
    assert all(0 < len(r.retrieved) <= 10 for r in rows if r.status != "message")
    assert not [r.id for r in rows if r.correct and (r.status != "answered" or not r.answerable)]
    assert {r.split for r in rows} == {"test"}


def test_report_files(rows, tmp_path):
    summary = summarise(rows)
    paths = report.write(rows, summary, tmp_path)
    assert [p.name for p in paths] == ["report.md", "results.json", "modes.png"]
    assert all(p.exists() and p.stat().st_size > 0 for p in paths)
    md = (tmp_path / "report.md").read_text("utf-8")
    assert f"| hybrid | {len(rows)} |" in md and "## hybrid, test split: per category" in md
    assert "10 worst failures" in md
    data = json.loads((tmp_path / "results.json").read_text("utf-8"))
    assert len(data["rows"]) == len(rows) and data["summary"]["hybrid"]["overall"]["n"] == len(rows)
    assert (tmp_path / "modes.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_runs_a_filtered_subset(built_store, tmp_path, capsys):
    # built_store points WPQA_STORE_DIR at the test store, which main() reads through Settings.from_env()
    assert main(["--modes", "bm25,rrf", "--lang", "zh", "--limit", "3", "--out", str(tmp_path),
                 "--json-out", str(tmp_path), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "| bm25 | 3 |" in out and "| rrf | 3 |" in out
    data = json.loads((tmp_path / "results.json").read_text("utf-8"))
    assert {(r["mode"], r["lang"]) for r in data["rows"]} == {("bm25", "zh"), ("rrf", "zh")}


@pytest.mark.parametrize("argv, message", [
    (["--modes", "hybrid,nope"], "unknown mode 'nope'"),
    (["--modes", "generative"], "WPQA_LLM_URL"),
    (["--category", "cross", "--lang", "zh"], "no questions match"),
])
def test_cli_rejects_bad_choices(built_store, monkeypatch, capsys, argv, message):
    monkeypatch.delenv("WPQA_LLM_URL", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2 and message in capsys.readouterr().err


def test_compare_names_exactly_the_items_a_change_moved(rows, tmp_path, capsys):
    """eval.compare on two real results files, the second with one right item made wrong and one wrong
    item's status changed: it lists the first as put wrong and counts one fewer right in its category."""
    from eval import compare

    report.write(rows, summarise(rows), tmp_path)
    data = json.loads((tmp_path / "results.json").read_text("utf-8"))
    before = compare.load_rows(tmp_path / "results.json")
    good = next(r for r in data["rows"] if r["answerable"] and compare.right(before[r["id"]]))
    good.update(status="not_found", abstained=True, correct=False, got="", quotes=[], cited=[])
    after_path = tmp_path / "after.json"
    after_path.write_text(json.dumps(data), "utf-8")
    after = compare.load_rows(after_path)
    assert [(sign, a.id) for sign, a, _ in compare.moved(before, after)] == [("-", good["id"])]
    key = ("test", good["category"])
    assert compare.tally(after)[key] == compare.tally(before)[key] - 1
    assert compare.main([str(tmp_path / "results.json"), str(after_path), "--split", "test"]) == 0
    moved_lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith(("+", "-", "="))]
    assert len(moved_lines) == 1 and moved_lines[0].startswith("- test") and good["id"] in moved_lines[0]
    assert compare.main([str(after_path), str(tmp_path / "missing.json")]) == 2
