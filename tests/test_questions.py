"""The hand-written evaluation set: it loads, meets its quotas and agrees with the paper."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from pydantic import ValidationError

from eval.questions import DEFAULT_PATH, Question, QuestionSetError, load_questions
from store import Paragraph, paragraphs

CATEGORY_MINIMA = {"en": 65, "zh": 32, "cross": 13, "unanswerable": 20, "conversation": 40, "near_miss": 60,
                   "broad": 30, "hant": 20, "other_lang": 10}
TYPE_MINIMA = {"number": 30, "list": 15, "why": 10, "definition": 8, "factoid": 1}
# Chapter numbers as the store counts them: 0 preface, 1-8 chapters, 9 conclusion, 10 note on terms.
ALL_PARTS = set(range(11))
# A question sharing this much verbatim text with a paragraph was copied, not paraphrased.
MAX_COPIED_CHARS = {"en": 60, "zh": 20}


@pytest.fixture(scope="module")
def questions() -> list[Question]:
    return load_questions()


@pytest.fixture(scope="module")
def by_id() -> dict[str, Paragraph]:
    return {p.id: p for p in paragraphs(None)}


def test_default_set_loads(questions: list[Question]) -> None:
    assert len(questions) >= 320
    assert load_questions(DEFAULT_PATH) == questions
    assert load_questions(str(DEFAULT_PATH)) == questions


def test_ids_are_unique(questions: list[Question]) -> None:
    counts = Counter(q.id for q in questions)
    assert [i for i, n in counts.items() if n > 1] == []


def test_category_minima(questions: list[Question]) -> None:
    counts = Counter(q.category for q in questions)
    short = {c: (counts[c], n) for c, n in CATEGORY_MINIMA.items() if counts[c] < n}
    assert short == {}, f"category: (have, need) {short}"


def test_type_minima(questions: list[Question]) -> None:
    counts = Counter(q.type for q in questions)
    short = {t: (counts[t], n) for t, n in TYPE_MINIMA.items() if counts[t] < n}
    assert short == {}, f"type: (have, need) {short}"


def test_unanswerable_mixes_languages(questions: list[Question]) -> None:
    langs = Counter(q.lang for q in questions if q.category == "unanswerable")
    assert langs["en"] >= 12
    assert langs["zh"] >= 5


def test_unanswerable_items_have_no_gold_and_record_the_check(questions: list[Question]) -> None:
    for q in questions:
        if q.category == "unanswerable":
            assert not q.answerable, q.id
            assert q.gold == (), q.id
            assert q.must_contain == (), q.id
            assert "grep" in q.note, f"{q.id}: note should say which absent terms were grepped"
        elif q.category == "near_miss":  # the topic's paragraphs, and the grep that proves the fact absent
            assert not q.answerable and q.gold and q.must_contain == (), q.id
            assert "grep" in q.note, f"{q.id}: note should show the grep in both editions"
        else:
            assert q.answerable, q.id
            assert q.gold, q.id
            assert q.must_contain, q.id


def test_conversations(questions: list[Question]) -> None:
    convs = [q for q in questions if q.category == "conversation"]
    assert sum(q.lang == "zh" for q in convs) >= 2
    for q in convs:
        assert 1 <= len(q.history) <= 3, q.id
    assert all(q.history == () for q in questions if q.category != "conversation")
    assert sum(q.topic_switch for q in convs) >= 12
    assert sum(len(q.history) >= 2 for q in convs) >= 10


def test_cross_lingual_items_are_english_with_english_gold(questions: list[Question]) -> None:
    for q in questions:
        if q.category == "cross":
            assert q.lang == "en", q.id
            assert all(g.startswith("en-") for g in q.gold), q.id


def test_gold_ids_exist_in_the_edition_that_answers(
    questions: list[Question], by_id: dict[str, Paragraph]
) -> None:
    problems = []
    for q in questions:
        for g in q.gold:
            if g not in by_id:
                problems.append(f"{q.id}: unknown paragraph {g}")
            elif by_id[g].lang != q.edition:
                problems.append(f"{q.id}: {g} is {by_id[g].lang}, question is answered from {q.edition}")
    assert problems == []


def test_must_contain_groups_occur_in_gold_text(
    questions: list[Question], by_id: dict[str, Paragraph]
) -> None:
    problems = []
    for q in questions:
        texts = [by_id[g].text for g in q.gold if g in by_id]
        for group in q.must_contain:
            if not any(s in t for s in group for t in texts):
                problems.append(f"{q.id}: none of {list(group)} occurs in {list(q.gold)}")
    assert problems == []


def test_every_part_of_the_paper_is_covered(questions: list[Question], by_id: dict[str, Paragraph]) -> None:
    covered = {by_id[g].chapter for q in questions for g in q.gold if g in by_id}
    assert ALL_PARTS - covered == set()
    assert any(g.endswith("note-01") for q in questions for g in q.gold)


def test_questions_paraphrase_rather_than_copy(questions: list[Question]) -> None:
    corpus = {lang: "\n".join(p.text for p in paragraphs(lang)) for lang in ("en", "zh")}
    problems = []
    for q in questions:
        n = MAX_COPIED_CHARS[q.edition]
        for text in (*q.history, q.question):
            copied = [text[i : i + n] for i in range(len(text) - n + 1) if text[i : i + n] in corpus[q.edition]]
            if copied:
                problems.append(f"{q.id}: copies {copied[0]!r}")
    assert problems == []


def test_questions_are_frozen(questions: list[Question]) -> None:
    with pytest.raises(ValidationError):
        questions[0].question = "changed"  # type: ignore[misc]
    assert len({hash(q) for q in questions}) == len(questions)


# --- malformed files -------------------------------------------------------------------------

GOOD = {
    "id": "en-001",
    "lang": "en",
    "category": "en",
    "type": "number",
    "question": "How much aid did China give in 2013-2018?",
    "history": [],
    "answerable": True,
    "gold": ["en-2.1-01"],
    "must_contain": [["270.2 billion"]],
    "note": "",
}
UNANSWERABLE = {
    **GOOD,
    "id": "un-001",
    "category": "unanswerable",
    "answerable": False,
    "gold": [],
    "must_contain": [],
    "note": "grep '2022': absent",
}


def write_lines(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_good_file_loads(tmp_path: Path) -> None:
    path = write_lines(tmp_path, [json.dumps(GOOD), "", json.dumps(UNANSWERABLE)])
    qs = load_questions(path)
    assert [q.id for q in qs] == ["en-001", "un-001"]
    assert qs[0].gold == ("en-2.1-01",)
    assert qs[0].must_contain == (("270.2 billion",),)


BAD_LINES = {
    "not json": ("{'id': 'en-002'}", "not valid JSON"),
    "not an object": ("[1, 2]", "expected a JSON object"),
    "missing key": (json.dumps({k: v for k, v in GOOD.items() if k != "note"}), "note"),
    "extra key": (json.dumps({**GOOD, "answer": "x"}), "answer"),
    "bad lang": (json.dumps({**GOOD, "lang": "fr"}), "lang"),
    "bad category": (json.dumps({**GOOD, "category": "english"}), "category"),
    "bad type": (json.dumps({**GOOD, "type": "how"}), "type"),
    "string bool": (json.dumps({**GOOD, "answerable": "true"}), "answerable"),
    "answerable without gold": (json.dumps({**GOOD, "gold": []}), "gold id"),
    "unanswerable with gold": (json.dumps({**UNANSWERABLE, "gold": ["en-2.1-01"]}), "no gold"),
    "unanswerable flagged answerable": (json.dumps({**UNANSWERABLE, "answerable": True}), "answerable"),
    "gold in other language": (json.dumps({**GOOD, "gold": ["zh-2.1-01"]}), "language"),
    "malformed gold id": (json.dumps({**GOOD, "gold": ["2.1-01"]}), "paragraph id"),
    "no must_contain": (json.dumps({**GOOD, "must_contain": []}), "must_contain"),
    "empty group": (json.dumps({**GOOD, "must_contain": [[]]}), "group 1"),
    "history outside conversation": (json.dumps({**GOOD, "history": ["earlier?"]}), "history"),
    "conversation without history": (
        json.dumps({**GOOD, "id": "conv-001", "category": "conversation"}),
        "history",
    ),
    "id prefix mismatch": (json.dumps({**GOOD, "id": "zh-001"}), "should start with 'en-'"),
    "cross asked in chinese": (
        json.dumps({**GOOD, "id": "cross-001", "category": "cross", "lang": "zh", "gold": ["zh-2.1-01"]}),
        "asked in 'en'",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_LINES))
def test_a_malformed_line_is_reported_with_its_number(tmp_path: Path, case: str) -> None:
    bad, expected = BAD_LINES[case]
    path = write_lines(tmp_path, [json.dumps(UNANSWERABLE), "", bad])
    with pytest.raises(QuestionSetError) as info:
        load_questions(path)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.line == 3
    assert "line 3" in str(err)
    assert expected in str(err)


def test_a_duplicate_id_is_reported_with_both_lines(tmp_path: Path) -> None:
    path = write_lines(tmp_path, [json.dumps(GOOD), json.dumps(UNANSWERABLE), json.dumps(GOOD)])
    with pytest.raises(QuestionSetError, match=r"line 3: duplicate id 'en-001' \(first on line 1\)"):
        load_questions(path)


def test_an_empty_or_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(QuestionSetError, match="no questions"):
        load_questions(write_lines(tmp_path, [""]))
    with pytest.raises(QuestionSetError, match="cannot read"):
        load_questions(tmp_path / "absent.jsonl")
