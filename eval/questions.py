"""The hand-written evaluation questions, loaded strictly.

Scores are only as trustworthy as the questions behind them: a gold id in the
wrong language, a flag that contradicts the gold list or a misspelt category
would silently skew every metric computed from the set. So each line of
``questions.jsonl`` is validated on load, and the first bad line stops the load
with a ``QuestionSetError`` naming the file, the line number and the problem.

Whether gold ids exist in the paper and whether ``must_contain`` strings occur in
the gold paragraphs is checked by ``tests/test_questions.py`` against the store,
so that loading the questions never needs the corpus.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

DEFAULT_PATH = Path(__file__).with_name("questions.jsonl")

# zh-Hant: Traditional Chinese; the others beyond en/zh are answered from the English edition.
Lang = Literal["en", "zh", "zh-Hant", "fr", "es", "de", "ja", "pt", "it", "ru", "ko"]
OTHER_LANGS: tuple[str, ...] = ("fr", "es", "de", "ja", "pt", "it", "ru", "ko")
# near_miss: the paper describes the topic but never gives the asked fact (partial or not_found is right);
# broad: "What has China done in Cambodia?", answered by passages from several paragraphs.
Category = Literal["en", "zh", "cross", "unanswerable", "conversation", "near_miss", "broad", "hant", "other_lang"]
QuestionType = Literal["number", "list", "factoid", "definition", "why", "description"]

CATEGORIES: tuple[str, ...] = ("en", "zh", "cross", "unanswerable", "conversation", "near_miss", "broad",
                               "hant", "other_lang")
TYPES: tuple[str, ...] = ("number", "list", "factoid", "definition", "why", "description")

# The id prefix each category must use, e.g. "un-007" for an unanswerable question.
ID_PREFIX: dict[str, str] = {
    "en": "en",
    "zh": "zh",
    "cross": "cross",
    "unanswerable": "un",
    "conversation": "conv",
    "near_miss": "nm",
    "broad": "broad",
    "hant": "hant",
    "other_lang": "xl",
}
# Categories whose question language is fixed; the others may be asked in either.
FIXED_LANG: dict[str, str] = {"en": "en", "zh": "zh", "cross": "en", "hant": "zh-Hant"}
# Categories whose questions the paper does not answer; the outcomes that count as right for each.
NOT_ANSWERED: dict[str, tuple[str, ...]] = {"unanswerable": ("not_found",), "near_miss": ("partial", "not_found")}

_PARAGRAPH_ID = re.compile(r"^(en|zh)-(?:\d+\.\d+-\d{2}|preface-\d{2}|conclusion-\d{2}|note-\d{2})$")
MAX_HISTORY = 3  # a conversation has 2-4 turns: 1-3 earlier questions plus the follow-up
MAX_GROUPS = 3


class QuestionSetError(ValueError):
    """A line of the question set is malformed; ``line`` is its 1-based number (None: whole file)."""

    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path}, line {line}" if line is not None else str(path)
        super().__init__(f"{where}: {problem}")


class Question(BaseModel):
    """One evaluation item: a question, its gold paragraphs and the facts an answer must state."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    id: str = Field(pattern=r"^(en|zh|cross|un|conv|nm|broad|hant|xl)-\d{3}$")
    lang: Lang
    category: Category
    type: QuestionType
    question: str = Field(min_length=1)
    history: tuple[str, ...]  # the user's earlier questions, most recent last; () unless conversation
    answerable: bool
    gold: tuple[str, ...]  # paragraph ids in the question's language that hold the answer
    must_contain: tuple[tuple[str, ...], ...]  # groups of alternatives; each group must be matched
    note: str
    topic_switch: bool = False  # conversation only: the last question starts a new topic (answer as if alone)
    # The right value as the Chinese original gives it, where the English garbles or drops it
    # (alternatives); an answer shows it in a quote or in a quote's aligned Chinese sentence.
    original: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        problems = _problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def edition(self) -> str:
        """The edition that answers it: "zh" for Chinese (either script), else "en"."""
        return "zh" if self.lang in ("zh", "zh-Hant") else "en"

    @property
    def expected_outcomes(self) -> tuple[str, ...]:
        """Answer.status values that count as right, e.g. ("partial", "not_found") for a near miss."""
        return NOT_ANSWERED.get(self.category, ("answered",))

    @property
    def prefix(self) -> str:
        """The id's category prefix, e.g. "cross"."""
        return self.id.split("-", 1)[0]


def _problems(q: Question) -> list[str]:
    out: list[str] = []
    if q.prefix != ID_PREFIX[q.category]:
        out.append(f"id {q.id!r} should start with '{ID_PREFIX[q.category]}-' for category {q.category!r}")
    fixed = FIXED_LANG.get(q.category)
    if fixed is not None and q.lang != fixed:
        out.append(f"category {q.category!r} questions must be asked in {fixed!r}, not {q.lang!r}")
    if (q.category == "other_lang") != (q.lang in OTHER_LANGS):
        out.append(f"language {q.lang!r} belongs with category 'other_lang' and only there")
    if q.topic_switch and q.category != "conversation":
        out.append("topic_switch is only for conversations")
    if not q.question.strip():
        out.append("question is blank")

    if q.category == "conversation":
        if not 1 <= len(q.history) <= MAX_HISTORY:
            out.append(
                f"a conversation needs 1-{MAX_HISTORY} earlier questions in history, got {len(q.history)}"
            )
        if any(not h.strip() for h in q.history):
            out.append("history contains a blank question")
    elif q.history:
        out.append(f"history must be empty outside conversations (category {q.category!r})")

    unanswerable = q.category in NOT_ANSWERED
    if q.answerable == unanswerable:
        out.append(f"answerable must be {not unanswerable} for category {q.category!r}")
    if q.category == "near_miss":
        if not q.gold:
            out.append("a near miss needs the gold ids of the paragraphs that discuss its topic")
        if q.must_contain:
            out.append("a near miss must have no must_contain groups (the paper does not hold the fact)")
    elif unanswerable:
        if q.gold:
            out.append("an unanswerable question must have no gold ids")
        if q.must_contain:
            out.append("an unanswerable question must have no must_contain groups")
    else:
        if not q.gold:
            out.append("an answerable question needs at least one gold id")
        if not 1 <= len(q.must_contain) <= MAX_GROUPS:
            out.append(f"must_contain needs 1-{MAX_GROUPS} groups, got {len(q.must_contain)}")

    for g in q.gold:
        if not _PARAGRAPH_ID.match(g):
            out.append(f"gold id {g!r} is not a paragraph id like 'en-4.3-02'")
        elif not g.startswith(f"{q.edition}-"):
            out.append(f"gold id {g!r} is not in the edition ({q.edition!r}) that answers the question's language {q.lang!r}")
    if len(set(q.gold)) != len(q.gold):
        out.append("gold lists an id twice")
    for i, group in enumerate(q.must_contain, 1):
        if not group:
            out.append(f"must_contain group {i} is empty")
        elif any(not s.strip() for s in group):
            out.append(f"must_contain group {i} has a blank alternative")
    return out


def _describe(err: ValidationError) -> str:
    parts = []
    for e in err.errors():
        loc = ".".join(str(x) for x in e["loc"])
        msg = e["msg"].removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts)


def parse_line(text: str, *, path: Path, line: int) -> Question:
    """Validate one JSONL line; raise QuestionSetError naming the line on any problem."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as e:
        raise QuestionSetError(path, line, f"not valid JSON ({e.msg})") from e
    if not isinstance(raw, dict):
        raise QuestionSetError(path, line, f"expected a JSON object, got {type(raw).__name__}")
    try:
        return Question.model_validate_json(text)
    except ValidationError as e:
        raise QuestionSetError(path, line, _describe(e)) from e


def load_questions(path: str | Path | None = None) -> list[Question]:
    """Every question in ``path`` (default: the questions.jsonl next to this module), in file order.

    Blank lines are skipped. Raises QuestionSetError for the first malformed line,
    a duplicate id, or a file with no questions.
    """
    p = Path(path) if path is not None else DEFAULT_PATH
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise QuestionSetError(p, None, f"cannot read the question set ({e})") from e

    questions: list[Question] = []
    first_line: dict[str, int] = {}
    for n, text in enumerate(lines, 1):
        if not text.strip():
            continue
        q = parse_line(text, path=p, line=n)
        if q.id in first_line:
            raise QuestionSetError(p, n, f"duplicate id {q.id!r} (first on line {first_line[q.id]})")
        first_line[q.id] = n
        questions.append(q)
    if not questions:
        raise QuestionSetError(p, None, "no questions")
    return questions


__all__ = [
    "CATEGORIES",
    "DEFAULT_PATH",
    "TYPES",
    "Question",
    "QuestionSetError",
    "load_questions",
    "parse_line",
]
