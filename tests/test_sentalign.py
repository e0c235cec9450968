"""Sentence alignment inside aligned paragraph pairs, checked against 164 hand-read pairs.

eval/sentence_pairs.jsonl holds sentence groups of both editions that translate each other
(English id and offsets, Chinese id and offsets, both texts), each read by a person: every bead of
the 28 paragraph pairs whose sentence counts differ or that need a merge, and more. The aligner's
parameters (store/sentalign.json) are fitted on the dev half by `python -m eval.fit_align`; the
test half (eval/split.py on the English paragraph id) is only measured here.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from eval.fit_align import load_pairs
from eval.fit_align import main as fit_main
from eval.split import side
from store import build as build_mod
from store import sentalign
from store.paragraphs import Paragraph
from store.sentalign import Bead, align_sentences, counts, load_params, params_digest

PAIRS = load_pairs()
TEST = [p for p in PAIRS if side(p["en_id"]) == "test"]


@pytest.fixture(scope="module")
def store(pipeline):
    return pipeline.store


def test_the_sample_is_at_least_100_pairs_of_stored_text(store):
    assert len(PAIRS) >= 100 and len(TEST) >= 50 and len(PAIRS) - len(TEST) >= 50
    assert len({(p["en_id"], p["en_start"], p["en_end"]) for p in PAIRS}) == len(PAIRS)
    for pair in PAIRS:
        assert store.paragraphs[pair["en_id"]].text[pair["en_start"]:pair["en_end"]] == pair["en"]
        assert store.paragraphs[pair["zh_id"]].text[pair["zh_start"]:pair["zh_end"]] == pair["zh"]


def _covers(spans: list[tuple[str, int, int]], pid: str, start: int, end: int) -> bool:
    return bool(spans) and all(s[0] == pid for s in spans) and (spans[0][1], spans[-1][2]) == (start, end)


def test_alignment_agrees_with_the_test_half_of_the_hand_checked_sample(store):
    """Both ways: the English group's aligned sentences are exactly the Chinese group, and back."""
    right = [p for p in TEST
             if _covers(store.aligned_sentences(p["en_id"], p["en_start"], p["en_end"]), p["zh_id"], p["zh_start"], p["zh_end"])
             and _covers(store.aligned_sentences(p["zh_id"], p["zh_start"], p["zh_end"]), p["en_id"], p["en_start"], p["en_end"])]
    assert len(right) / len(TEST) >= 0.97, [p["en"][:60] for p in TEST if p not in right]


def test_the_fit_command_reproduces_the_committed_parameters(capsys):
    assert fit_main(["--check"]) == 0, capsys.readouterr().out


def test_a_changed_parameter_file_marks_the_store_stale(tmp_path, monkeypatch):
    data = json.loads(sentalign.PARAMS_PATH.read_text(encoding="utf-8"))
    before = build_mod.fingerprint()
    data["params"]["merge_penalty"] += 0.1
    changed = tmp_path / "sentalign.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(sentalign, "PARAMS_PATH", changed)
    assert params_digest() == params_digest(changed)
    assert build_mod.fingerprint() != before
    assert load_params().merge_penalty == pytest.approx(data["params"]["merge_penalty"])


@pytest.mark.parametrize("edit, problem", [
    (lambda d: d.update(format="wpqa-sentalign-params/0"), "format"),
    (lambda d: d["params"].update(merge_penlty=0.3), "exactly"),
    (lambda d: d["params"].pop("skip_score"), "exactly"),
])
def test_a_foreign_or_mistyped_parameter_file_is_refused(tmp_path, edit, problem):
    data = json.loads(sentalign.PARAMS_PATH.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "sentalign.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        load_params(path)


def test_at_least_98_percent_of_english_sentences_are_aligned(store):
    english = {p.id for p in store.in_lang("en")}
    c = counts({pid: list(b) for pid, b in store.beads.items() if pid in english})
    total = sum(len(p.sentences) for p in store.in_lang("en"))
    assert sum(c.values()) - c["zh unaligned"] == total  # every English sentence is counted once
    assert (total - c["unaligned"]) / total >= 0.98


def test_beads_cover_both_paragraphs_in_order(store):
    for p in store.in_lang("en"):
        beads = store.beads[p.id]
        other = store.counterpart(p)
        assert [i for b in beads for i in b.en] == list(range(len(p.sentences)))
        assert [j for b in beads for j in b.zh] == list(range(len(other.sentences)))
        assert store.beads[other.id] == beads


def _paragraph(pid: str, lang: str, sentences: list[str]) -> Paragraph:
    text, spans = "", []
    for s in sentences:
        spans.append((len(text), len(text) + len(s)))
        text += s
    return Paragraph(pid, lang, 1, "", 0, "", 0, text, 1, sentences=tuple(spans))


def test_worked_example_two_english_sentences_for_one_chinese():
    """The English splits the second Chinese sentence in two; vectors say so, lengths agree (~4.4 : 1)."""
    en = _paragraph("en-1.0-01", "en", ["A" * 44 + ".", "B" * 40 + ".", "C" * 40 + "."])
    zh = _paragraph("zh-1.0-01", "zh", ["甲" * 10 + "。", "乙" * 18 + "。"])
    basis = np.eye(4, dtype=np.float32)
    en_vecs = np.stack([basis[0], basis[1] * 0.9 + basis[2] * 0.1, basis[1] * 0.9 + basis[3] * 0.1])
    en_vecs /= np.linalg.norm(en_vecs, axis=1, keepdims=True)
    zh_vecs = np.stack([basis[0], basis[1]])
    assert align_sentences(en, zh, en_vecs, zh_vecs) == [Bead((0,), (0,)), Bead((1, 2), (1,))]


def test_bead_json_round_trip():
    bead = Bead((1, 2), (3,))
    assert Bead.from_json(bead.to_json()) == bead and bead.kind == "2-1"


def test_store_audit_reports_how_sentences_are_aligned(built_store):
    from click.testing import CliRunner

    from ui.cli import cli

    result = CliRunner().invoke(cli, ["store", "audit"])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("[sentences]"))
    assert "510 English sentences" in line and "1-1" in line and "2-1" in line and "unaligned" in line
    sample = next(x for x in result.output.splitlines() if x.startswith("[sentence sample]"))
    right, total = map(int, re.search(r"test (\d+) of (\d+)", sample).groups())
    assert total == len(TEST) and right / total >= 0.97, sample
