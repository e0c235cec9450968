"""Likes and comments on answers, kept in SQLite beside the store, exported as question-set lines.

Unlike the store (rebuilt whenever the paper or the parser changes), this file holds what
people said and is never rebuilt: it lives next to the store directory, not inside it
(`.wpqa/store` -> `.wpqa/store-feedback.sqlite3`). The database is created on first use.
Every call opens its own connection in WAL mode and writes in one short transaction, so
concurrent chats (Gradio runs handlers in threads) neither block readers nor lose a write.
A rating is one row per (session, turn): rating again replaces it, a comment is added to it.

`export_lines()` turns rated turns into lines of the eval question set (eval/questions.jsonl),
with `gold` and `must_contain` left empty and the rating, comment and the bot's answer in
`note`, so that a reviewer turns a complaint into an eval item by filling them in.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from store.settings import Settings

FORMAT_VERSION = 1  # PRAGMA user_version of the file; a file with another version is not touched
RATINGS = ("up", "down")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,            -- UTC, ISO 8601
    session TEXT NOT NULL,           -- Gradio's session hash: one browser tab
    turn INTEGER NOT NULL,           -- 0-based turn of that conversation
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    history TEXT NOT NULL,           -- JSON list of the earlier questions, oldest first
    lang TEXT NOT NULL,
    status TEXT NOT NULL,            -- Answer.status when rated
    answer TEXT NOT NULL,            -- JSON of Answer.to_dict()
    UNIQUE (session, turn)
);
"""
MAX_COMMENT_CHARS = 2000


class FeedbackError(RuntimeError):
    """The feedback database cannot be used; the message names the file and says why."""


@dataclass(frozen=True)
class Rating:
    id: int
    created: str
    session: str
    turn: int
    rating: str
    comment: str
    question: str
    history: list[str]
    lang: str
    status: str
    answer: dict


def feedback_path(settings: Settings) -> Path:
    """Example: store_dir .wpqa/store -> .wpqa/store-feedback.sqlite3 (beside it, survives rebuilds)."""
    return settings.store_dir.with_name(f"{settings.store_dir.name}-feedback.sqlite3")


# One lock per database file for the threads of this process (the chat's sessions). Each call opens and
# closes its own connection, and in WAL mode the last connection to close takes an exclusive lock while
# it cleans up the WAL; a connection opening at that moment can get "database is locked" at once, without
# waiting out the busy timeout (sqlite.org/wal.html, "Sometimes Queries Return SQLITE_BUSY In WAL Mode").
# One clean-clone CI run lost a rating that way (tests/test_feedback.py, 12 threads rating at once).
# Other processes (`wpqa feedback export`) still meet the busy timeout.
_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _lock_for(path: Path) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(str(path.resolve()), threading.Lock())


class FeedbackStore:
    def __init__(self, path: Path):
        self.path = Path(path)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with _lock_for(self.path), closing(sqlite3.connect(self.path, timeout=15, isolation_level=None)) as db:
                db.execute("PRAGMA journal_mode=WAL")
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version not in (0, FORMAT_VERSION):
                    raise FeedbackError(f"{self.path} has feedback format {version}, expected {FORMAT_VERSION}")
                if version == 0:
                    db.executescript(f"BEGIN IMMEDIATE; {_SCHEMA} PRAGMA user_version = {FORMAT_VERSION}; COMMIT;")
                db.row_factory = sqlite3.Row
                yield db
        except sqlite3.Error as err:
            raise FeedbackError(f"The feedback database {self.path} cannot be used ({err}).") from err

    def rate(self, session: str, turn: int, rating: str, question: str, history: list[str], answer: dict) -> int:
        """Store (or replace) the rating of one turn; returns the row id."""
        if rating not in RATINGS:
            raise FeedbackError(f"unknown rating {rating!r}: use one of {', '.join(RATINGS)}")
        row = (datetime.now(UTC).isoformat(timespec="seconds"), session, turn, rating, question,
               json.dumps(list(history), ensure_ascii=False), answer.get("lang", "en"), answer.get("status", ""),
               json.dumps(answer, ensure_ascii=False))
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute(
                "INSERT INTO feedback (created, session, turn, rating, question, history, lang, status, answer) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session, turn) DO UPDATE SET "
                "rating = excluded.rating, created = excluded.created", row)
            found = db.execute("SELECT id FROM feedback WHERE session = ? AND turn = ?", (session, turn)).fetchone()
            db.execute("COMMIT")
        return int(found["id"])

    def comment(self, rating_id: int, text: str) -> bool:
        """Attach a comment to a stored rating; False if there is no such rating."""
        with self._connect() as db:
            cur = db.execute("UPDATE feedback SET comment = ? WHERE id = ?",
                             (text.strip()[:MAX_COMMENT_CHARS], rating_id))
        return cur.rowcount == 1

    def ratings(self, rating: str | None = None) -> list[Rating]:
        """Every stored rating (or only "up" / "down"), oldest first; [] when nothing was ever rated."""
        if not self.path.exists():
            return []
        with self._connect() as db:
            query = "SELECT * FROM feedback" + (" WHERE rating = ?" if rating else "") + " ORDER BY id"
            rows = db.execute(query, (rating,) if rating else ()).fetchall()
        return [Rating(**{**dict(r), "history": json.loads(r["history"]), "answer": json.loads(r["answer"])})
                for r in rows]


def question_item(r: Rating) -> dict:
    """A rating as one line of the eval question set, for a reviewer to complete.

    id "fb-<row>" and empty gold/must_contain do not pass the question-set loader on purpose:
    the reviewer gives the item a real id, checks category, type and answerable, fills gold.
    """
    cited = [c["paragraph_id"] for c in r.answer.get("citations", [])]
    said = f"bot said ({r.status}): {' '.join(r.answer.get('text', '').split())[:300]}"
    note = " | ".join(x for x in (
        f"feedback #{r.id} {'👍' if r.rating == 'up' else '👎'} {r.created}",
        f"comment: {r.comment}" if r.comment else "",
        said, f"cited: {', '.join(cited)}" if cited else "",
        "TODO reviewer: id, category, type, answerable, gold, must_contain") if x)
    lang = "zh" if r.lang == "zh" else "en"
    # a 👍 on "not found" or "partial" agrees that the paper does not hold the fact; anything else: it does
    answerable = bool(r.history) or not (r.status in ("not_found", "partial") and r.rating == "up")
    category = ("conversation" if r.history else lang if answerable
                else "near_miss" if r.status == "partial" else "unanswerable")
    return {"id": f"fb-{r.id:03d}", "lang": lang, "category": category, "type": "factoid",
            "question": r.question, "history": r.history, "answerable": answerable,
            "gold": [], "must_contain": [], "note": note}


def export_lines(store: FeedbackStore, rating: str | None = None) -> list[str]:
    """Example: ['{"id": "fb-001", "lang": "en", "category": "en", …, "gold": [], …}']"""
    return [json.dumps(question_item(r), ensure_ascii=False) for r in store.ratings(rating)]
