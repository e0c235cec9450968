"""ui.feedback: ratings and comments in SQLite (created on demand, safe under concurrent writers),
and `wpqa feedback export` as question-set lines a reviewer completes into an eval item."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from eval.questions import parse_line
from qa import answer
from store.settings import Settings
from ui.cli import cli
from ui.feedback import FeedbackError, FeedbackStore, export_lines, feedback_path


@pytest.fixture(scope="module")
def answers(built_store) -> dict[str, dict]:
    qs = {"medical": "How many medical workers did China send abroad from 2015 to 2019?",
          "worldcup": "Who won the 2018 World Cup?"}
    return {k: answer(q, settings=built_store).to_dict() for k, q in qs.items()}


def test_path_is_beside_the_store_not_inside():
    settings = Settings.from_env({}, store_dir=Path("/srv/wpqa/store"))
    assert feedback_path(settings) == Path("/srv/wpqa/store-feedback.sqlite3")


def test_created_on_demand_rate_replace_and_comment(tmp_path, answers):
    db = FeedbackStore(tmp_path / "deep" / "fb.sqlite3")
    assert db.ratings() == [] and not db.path.exists()  # reading creates nothing
    a = answers["medical"]
    first = db.rate("s1", 0, "up", a["question"], [], a)
    again = db.rate("s1", 0, "down", a["question"], [], a)  # the user changed their mind
    other = db.rate("s2", 0, "up", a["question"], [], a)
    assert first == again != other
    assert db.comment(first, "  The 3,588 figure is missing from the first quote.  ")
    assert not db.comment(9999, "no such rating")
    rows = db.ratings()
    assert [(r.session, r.rating, r.comment) for r in rows] == [
        ("s1", "down", "The 3,588 figure is missing from the first quote."), ("s2", "up", "")]
    assert rows[0].answer == json.loads(json.dumps(a)) and rows[0].status == "answered"
    assert [r.session for r in db.ratings("up")] == ["s2"]
    with sqlite3.connect(db.path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1


def test_concurrent_chats_lose_no_rating(tmp_path, answers):
    db = FeedbackStore(tmp_path / "fb.sqlite3")
    a = answers["medical"]
    errors: list[Exception] = []

    def chat(session: int) -> None:
        try:
            for turn in range(5):
                row = db.rate(f"s{session}", turn, "down" if turn % 2 else "up", a["question"], [], a)
                db.comment(row, f"session {session} turn {turn}")
        except Exception as err:  # collected: a thread's exception would otherwise vanish
            errors.append(err)

    threads = [threading.Thread(target=chat, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = db.ratings()
    assert len(rows) == 60 and {r.comment for r in rows} == {f"session {i} turn {t}" for i in range(12) for t in range(5)}


@pytest.mark.parametrize("bad, message", [
    (lambda db: db.rate("s", 0, "meh", "q", [], {}), "unknown rating 'meh'"),
    (lambda db: (sqlite3.connect(db.path).execute("PRAGMA user_version = 7").connection.commit(), db.ratings()),
     "feedback format 7, expected 1"),
])
def test_bad_rating_or_foreign_file_is_a_named_error(tmp_path, bad, message):
    db = FeedbackStore(tmp_path / "fb.sqlite3")
    with pytest.raises(FeedbackError, match=message):
        bad(db)


@pytest.mark.parametrize("key, rating, history, category, answerable", [
    ("medical", "down", [], "en", True),
    ("worldcup", "up", [], "unanswerable", False),  # agrees the paper does not say
    ("worldcup", "down", [], "en", True),  # the user says it does
    ("medical", "down", ["What about doctors?"], "conversation", True),
])
def test_export_is_a_question_set_line_a_reviewer_completes(tmp_path, answers, key, rating, history, category,
                                                           answerable):
    db = FeedbackStore(tmp_path / "fb.sqlite3")
    a = answers[key]
    db.comment(db.rate("s", 0, rating, a["question"], history, a), "wrong figure")
    (line,) = export_lines(db)
    item = json.loads(line)
    assert (item["category"], item["answerable"], item["history"]) == (category, answerable, history)
    assert item["gold"] == [] and item["must_contain"] == [] and item["question"] == a["question"]
    assert "comment: wrong figure" in item["note"] and f"bot said ({a['status']})" in item["note"]
    # what the reviewer does: a real id, the gold paragraphs and the facts; then the strict loader takes it
    prefix = {"en": "en", "unanswerable": "un", "conversation": "conv"}[category]
    done = {**item, "id": f"{prefix}-901"}
    if answerable:
        done.update(gold=["en-4.3-04"], must_contain=[["3,588"]])
    question = parse_line(json.dumps(done), path=Path("review.jsonl"), line=1)
    assert question.question == a["question"]


def test_cli_feedback_export(tmp_path, answers, monkeypatch):
    store_dir = tmp_path / "store"
    monkeypatch.setenv("WPQA_STORE_DIR", str(store_dir))
    db = FeedbackStore(feedback_path(Settings.from_env()))
    a = answers["medical"]
    db.comment(db.rate("s", 0, "down", a["question"], [], a), "needs the 2015-2019 figure first")
    db.rate("s", 1, "up", a["question"], [], a)
    runner = CliRunner()
    result = runner.invoke(cli, ["feedback", "export", "--rating", "down"])
    assert result.exit_code == 0, result.output
    (line,) = result.output.splitlines()
    assert json.loads(line)["note"].count("needs the 2015-2019 figure first") == 1
    out = tmp_path / "review.jsonl"
    result = runner.invoke(cli, ["feedback", "export", "-o", str(out)])
    assert result.exit_code == 0 and len(out.read_text("utf-8").splitlines()) == 2
    monkeypatch.setenv("WPQA_STORE_DIR", str(tmp_path / "never"))
    assert runner.invoke(cli, ["feedback", "export"]).output == ""  # nothing rated yet: no lines, no file
    assert not (tmp_path / "never-feedback.sqlite3").exists()
