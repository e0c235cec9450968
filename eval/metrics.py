"""Pure metric functions over result rows: retrieval, answers, quotes, abstention, latency.

Unlike run.py nothing here calls the pipeline: every number is computed from
ResultRows, so the tests build rows by hand. Conventions, one place for all:
- a ranked or cited paragraph matches gold if its id, or its other edition's id, is in gold
  (a cross-lingual answer from the Chinese original counts for an English question);
- a row whose run raised (`error` set) counts as a failure everywhere it is counted;
- a rate with nothing to count (no unanswerable items, no latencies) is None, shown as "—".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

K = 10  # depth of the retrieved list kept per row; MRR is MRR@K


@dataclass
class ResultRow:
    """One evaluated question under one mode."""

    id: str
    mode: str  # "dense" | "bm25" | "hybrid" | "rrf" | "generative"
    lang: str
    category: str
    type: str
    answerable: bool
    question: str
    expected: list[list[str]]  # must_contain groups; a group is met by any one of its strings
    gold: list[str]  # paragraph ids in the question's language
    got: str = ""  # answer text
    abstained: bool = False  # status == "not_found" (or the run raised)
    status: str = ""  # Answer.status: "answered" | "partial" | "not_found" | "message"; "" = answered (hand-built rows)
    cited: list[str] = field(default_factory=list)  # cited paragraph ids, first citation first, no repeats
    retrieved: list[str] = field(default_factory=list)  # top-K paragraph ids, best first
    verbatim: bool = True  # every citation is an exact slice of its stored paragraph
    correct: bool = False  # answer_correct(row), stored for readers of results.json
    latency_ms: float = 0.0
    error: str = ""  # "TypeName: message" if answering raised
    history: list[str] = field(default_factory=list)
    standalone: str = ""  # the question as retrieved, after follow-up resolution
    quotes: list[str] = field(default_factory=list)  # the cited quotes, in citation order
    aligned: dict[str, str] = field(default_factory=dict)  # paragraph id -> other edition's id (cited, retrieved)
    cited_text: dict[str, str] = field(default_factory=dict)  # cited paragraph id -> its text
    split: str = ""  # "dev" | "test" (eval/split.py)
    original: list[str] = field(default_factory=list)  # the right value as the Chinese original gives it
    shown: str = ""  # what the reader sees of the paper: quotes and their aligned sentences
    topic_switch: bool = False  # a conversation whose last question starts a new topic
    same_as_alone: bool | None = None  # topic switches: the answer equals the one given with no history


# ---- matching ---------------------------------------------------------------------------------------

_THOUSANDS = re.compile(r"(?<=\d)[,\u2009\u202f](?=\d{3}(?!\d))")
_DASHES = str.maketrans({"—": "-", "–": "-", "‐": "-", "‑": "-", "“": '"', "”": '"', "‘": "'", "’": "'"})


@lru_cache(maxsize=16384)  # pure; eval.tune's grid matches the same quotes again at every ratio: a memo
def normalise(text: str) -> str:
    """Folded for fact matching: width, case, dashes, quote marks, thousands separators.

    Example: "US$3,588 Billion" -> "us$3588 billion";  "３５８８亿" -> "3588亿"
    """
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).casefold()
    text = _THOUSANDS.sub("", text)
    return re.sub(r"\s+", " ", text)


def contains(haystack: str, needle: str) -> bool:
    """needle in haystack, both normalised; a number must not be part of a longer number.

    Example: ("3,588 yuan", "3588") -> True;  ("13588 yuan", "3588") -> False
    """
    needle = normalise(needle).strip()
    if not needle:
        return False
    pattern = re.escape(needle)
    if needle[0].isdigit():
        pattern = r"(?<![\d.])" + pattern
    if needle[-1].isdigit():
        pattern += r"(?!\.?\d)"
    return re.search(pattern, normalise(haystack)) is not None


def satisfies(text: str, groups: list[list[str]]) -> bool:
    """Every group has at least one of its alternatives in text.

    Example: satisfies("loans of 3,588 yuan", [["3588"], ["loan", "credit"]]) -> True
    """
    return all(any(contains(text, alt) for alt in group) for group in groups)


def meets_any(text: str, groups: list[list[str]]) -> bool:
    """At least one group is met: the text holds some expected fact."""
    return any(satisfies(text, [group]) for group in groups)


def is_gold(pid: str, row: ResultRow) -> bool:
    return pid in row.gold or row.aligned.get(pid) in row.gold


# ---- per row ----------------------------------------------------------------------------------------

def first_gold_rank(row: ResultRow, k: int = K) -> int | None:
    """1-based rank of the first gold paragraph in the top k retrieved, else None."""
    return next((i for i, pid in enumerate(row.retrieved[:k], 1) if is_gold(pid, row)), None)


def hit_at(row: ResultRow, k: int) -> bool:
    return first_gold_rank(row, k) is not None


def reciprocal_rank(row: ResultRow, k: int = K) -> float:
    rank = first_gold_rank(row, k)
    return 1.0 / rank if rank else 0.0


def answered(row: ResultRow) -> bool:
    return not row.error and not row.abstained and row.status in ("", "answered")


def answer_correct(row: ResultRow) -> bool:
    """Answerable, answered (a partial answer is a miss) without error, and answer text + quotes
    meet every must_contain group.

    subtle: an item with no must_contain groups is correct if it cites a gold paragraph,
    so an empty fact list never makes any non-abstention count as correct.
    """
    if not row.answerable or not answered(row):
        return False
    if not row.expected:
        return cites_gold(row)
    return satisfies("\n".join([row.got, *row.quotes]), row.expected)


def cites_gold(row: ResultRow) -> bool:
    return any(is_gold(pid, row) for pid in row.cited)


def relevant_citations(row: ResultRow) -> int:
    """Cited paragraphs that are gold, or whose text holds at least one expected fact."""
    return sum(is_gold(pid, row) or meets_any(row.cited_text.get(pid, ""), row.expected) for pid in row.cited)


def handled(row: ResultRow) -> bool:
    """An item the paper does not answer got an outcome that says so: a near miss partial or
    not_found, a wholly unanswerable item not_found."""
    if row.error or row.answerable:
        return False
    return row.status in (("partial", "not_found") if row.category == "near_miss" else ("not_found",)) \
        or (row.status == "" and row.abstained)


def failure_severity(row: ResultRow) -> int:
    """0 = no failure; higher is worse. Orders the report's worst failures.

    5 raised · 4 wrong and gold not retrieved · 3 answered a question the paper does not answer ·
    2 wrong though gold was retrieved (incl. false abstention or partial) · 1 right but cites no gold
    """
    if row.error:
        return 5
    if not row.answerable:
        return 0 if handled(row) else 3
    if not answer_correct(row):
        return 2 if hit_at(row, K) else 4
    return 0 if cites_gold(row) or not row.gold else 1


def worst(rows: Iterable[ResultRow], n: int = 10) -> list[ResultRow]:
    failures = [r for r in rows if failure_severity(r) > 0]
    return sorted(failures, key=lambda r: (-failure_severity(r), reciprocal_rank(r), r.id))[:n]


# ---- over rows --------------------------------------------------------------------------------------

def _share(rows: list[ResultRow], good: Callable[[ResultRow], bool]) -> float | None:
    return sum(map(good, rows)) / len(rows) if rows else None


def with_gold(rows: list[ResultRow]) -> list[ResultRow]:
    return [r for r in rows if r.answerable and r.gold]


def hit_rate(rows: list[ResultRow], k: int) -> float | None:
    """Share of answerable items with a gold paragraph (either edition) in the top k."""
    return _share(with_gold(rows), lambda r: hit_at(r, k))


def mrr(rows: list[ResultRow], k: int = K) -> float | None:
    items = with_gold(rows)
    return sum(reciprocal_rank(r, k) for r in items) / len(items) if items else None


def correctness(rows: list[ResultRow]) -> float | None:
    return _share([r for r in rows if r.answerable], answer_correct)


def correct_cited(rows: list[ResultRow]) -> float | None:
    """Answerable items answered correctly AND citing a gold paragraph (the issue's headline)."""
    return _share([r for r in rows if r.answerable], lambda r: answer_correct(r) and (cites_gold(r) or not r.gold))


def handled_rate(rows: list[ResultRow], category: str) -> float | None:
    return _share([r for r in rows if r.category == category], handled)


def status_rate(rows: list[ResultRow], status: str) -> float | None:
    """Share of answerable items that got this status (false partial, false not_found)."""
    return _share([r for r in rows if r.answerable], lambda r: not r.error and r.status == status)


def original_rate(rows: list[ResultRow]) -> float | None:
    """Items whose English edition garbles the value: the answer shows the Chinese original's value."""
    return _share([r for r in rows if r.original],
                  lambda r: not r.error and any(contains(r.shown, v) for v in r.original))


def switch_rate(rows: list[ResultRow]) -> float | None:
    """Topic switches answered exactly as when asked alone (same status, same quotes)."""
    return _share([r for r in rows if r.topic_switch], lambda r: bool(r.same_as_alone) and not r.error)


def verbatim_rate(rows: list[ResultRow]) -> float | None:
    """Share of rows with citations whose quotes are all verbatim in the store."""
    return _share([r for r in rows if r.cited], lambda r: r.verbatim)


def citation_precision(rows: list[ResultRow]) -> float | None:
    """Relevant cited paragraphs / all cited paragraphs, pooled over answerable items."""
    cited = sum(len(r.cited) for r in rows if r.answerable)
    return sum(relevant_citations(r) for r in rows if r.answerable) / cited if cited else None


def citation_recall(rows: list[ResultRow]) -> float | None:
    """Share of answerable items that cite a gold paragraph (or its other edition)."""
    return _share(with_gold(rows), cites_gold)


@dataclass(frozen=True)
class Abstention:
    precision: float | None  # None when nothing abstained
    recall: float | None  # None when no item is unanswerable
    f1: float | None  # None when either is None
    false_rate: float | None  # answerable items that abstained / answerable items


def abstention(rows: list[ResultRow]) -> Abstention:
    """Positive class: an unanswerable item that abstained. A raised row did not abstain."""
    def abstained(r: ResultRow) -> bool:  # the bot said the paper does not answer (partial included)
        return (r.abstained or r.status == "partial") and not r.error

    tp = sum(abstained(r) and not r.answerable for r in rows)
    fp = sum(abstained(r) and r.answerable for r in rows)
    fn = sum(not abstained(r) and not r.answerable for r in rows)
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1 = None
    if precision is not None and recall is not None:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Abstention(precision, recall, f1, _share([r for r in rows if r.answerable], abstained))


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile, q in percent: a latency that some request really had; None for no values.

    The one definition for the eval, the bench and the load test. Example: ([1, 2, 3, 4], 50) -> 2
    """
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil(n * q / 100), at least 1
    return float(ordered[int(rank) - 1])


def metrics(rows: list[ResultRow]) -> dict[str, float | int | None]:
    """All headline numbers for one group of rows (one mode, or one slice of it)."""
    latencies = [r.latency_ms for r in rows if not r.error]
    ab = abstention(rows)
    return {
        "n": len(rows),
        "errors": sum(bool(r.error) for r in rows),
        "hit@1": hit_rate(rows, 1),
        "hit@5": hit_rate(rows, 5),
        "mrr@10": mrr(rows, K),
        "correct": correctness(rows),
        "correct_cited": correct_cited(rows),
        "near_miss_handled": handled_rate(rows, "near_miss"),
        "unanswerable_not_found": handled_rate(rows, "unanswerable"),
        "false_partial": status_rate(rows, "partial"),
        "switch_as_alone": switch_rate(rows),
        "original_shown": original_rate(rows),
        "verbatim": verbatim_rate(rows),
        "cit_precision": citation_precision(rows),
        "cit_recall": citation_recall(rows),
        "abst_precision": ab.precision,
        "abst_recall": ab.recall,
        "abst_f1": ab.f1,
        "false_abstention": ab.false_rate,
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
    }


BREAKDOWNS = ("split", "lang", "category", "type")


def breakdown(rows: list[ResultRow], attr: str) -> dict[str, dict]:
    """attr value -> metrics of the rows with that value, e.g. {"en": {...}, "zh": {...}}"""
    groups: dict[str, list[ResultRow]] = {}
    for r in rows:
        groups.setdefault(str(getattr(r, attr)), []).append(r)
    return {key: metrics(group) for key, group in sorted(groups.items())}


def summary(rows: list[ResultRow]) -> dict[str, dict]:
    """mode -> {"overall": metrics, "lang": {...}, "category": {...}, "type": {...}}"""
    by_mode: dict[str, list[ResultRow]] = {}
    for r in rows:
        by_mode.setdefault(r.mode, []).append(r)
    return {mode: {"overall": metrics(group), **{a: breakdown(group, a) for a in BREAKDOWNS}}
            for mode, group in by_mode.items()}
