"""answer() over the question set for each mode -> one ResultRow per (mode, question).

Unlike metrics.py this module calls the real pipeline; it records what happened
and leaves every judgement except the stored `correct` flag to the pure functions.
A question that raises becomes a row with `error` set, so one failure never stops a run.

    python -m eval --lang zh --modes hybrid,rrf --limit 20 --out /tmp/evalout
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import get_args

from tqdm import tqdm

from eval import report
from eval.baseline import baseline_answer
from eval.metrics import K, ResultRow, answer_correct, summary
from eval.questions import CATEGORIES, TYPES, Lang, Question, load_questions
from eval.split import SPLITS, in_split, side
from qa import answer, prepare
from qa.answer import replay
from qa.quotes import is_verbatim
from qa.types import Answer, is_foreign
from store.settings import Settings

# mode name -> (fusion mode, uses the language model)
MODES: dict[str, tuple[str, bool]] = {
    "dense": ("dense", False),
    "bm25": ("bm25", False),
    "hybrid": ("relative_score", False),
    "rrf": ("reciprocal_rerank", False),
    "generative": ("relative_score", True),
    "baseline": ("relative_score", False),  # eval/baseline.py: top 3 paragraphs, 2 closest sentences, never abstains
}
DEFAULT_MODES = ("hybrid",)  # the product; dense and bm25 compare retrieval (their answers use the scorer fitted on hybrid)


class ModeError(ValueError):
    """A mode that does not exist, or generative without a language model configured."""


def mode_settings(settings: Settings, mode: str) -> Settings:
    """Example: (settings, "rrf") -> settings with fusion_mode="reciprocal_rerank" and no LLM."""
    if mode not in MODES:
        raise ModeError(f"unknown mode {mode!r}: choose from {', '.join(MODES)}")
    fusion, generative = MODES[mode]
    if generative and not settings.llm_url:
        raise ModeError("mode 'generative' needs a language model: set WPQA_LLM_URL")
    return replace(settings, fusion_mode=fusion, llm_url=settings.llm_url if generative else None)


def run(settings: Settings, questions: list[Question], modes: Iterable[str],
        progress: bool = True) -> list[ResultRow]:
    """Every question under every mode, in that order; exceptions land in ResultRow.error."""
    rows: list[ResultRow] = []
    for mode in modes:
        chosen = mode_settings(settings, mode)
        for q in tqdm(questions, desc=f"{mode:>10}", unit="q", disable=not progress):
            rows.append(evaluate(chosen, mode, q))
    return rows


def evaluate(settings: Settings, mode: str, q: Question) -> ResultRow:
    row = ResultRow(id=q.id, mode=mode, lang=q.lang, category=q.category, type=q.type,
                    answerable=q.answerable, question=q.question,
                    expected=[list(g) for g in q.must_contain], gold=list(q.gold), history=list(q.history),
                    split=side(q.id), original=list(q.original))
    started = time.perf_counter()
    try:
        if mode == "baseline":  # asked alone: the baseline has no follow-up model
            result = baseline_answer(q.question, settings)
        else:
            result = answer(q.question, replay(q.history, settings), settings=settings)
        row = _record(row, result, settings)
        if q.topic_switch and mode != "baseline":
            alone = answer(q.question, None, settings=settings)
            same = (alone.status, [c.quote for c in alone.citations]) == (result.status, row.quotes)
            row = replace(row, topic_switch=True, same_as_alone=same)
    except Exception as err:  # any failure is a scored failure, never the end of the run
        elapsed = round((time.perf_counter() - started) * 1000, 1)
        row = replace(row, error=f"{type(err).__name__}: {err}", latency_ms=elapsed)
    return replace(row, correct=answer_correct(row))


def _record(row: ResultRow, result: Answer, settings: Settings) -> ResultRow:
    pipeline = prepare(settings, progress=False)
    cited: dict[str, str] = {}  # paragraph id -> text, first citation first
    aligned: dict[str, str] = {}  # paragraph id -> other edition's id
    for c in result.citations:
        cited.setdefault(c.paragraph_id, c.paragraph_text)
        if c.aligned:
            aligned[c.paragraph_id] = c.aligned["paragraph_id"]
    hits = _ranked(settings, result)
    for h in hits:
        if h.paragraph.aligned_id:
            aligned[h.paragraph.id] = h.paragraph.aligned_id
    return replace(
        row, got=result.text, abstained=result.abstained, status=result.status,
        shown="\n".join(t for c in result.citations for t in (c.quote, (c.aligned_sentence or {}).get("text", ""))),
        cited=list(cited), cited_text=cited, quotes=[c.quote for c in result.citations],
        retrieved=[h.paragraph.id for h in hits], aligned=aligned,
        verbatim=all(is_verbatim(c, pipeline.store) for c in result.citations),
        latency_ms=result.latency_ms, standalone=result.standalone_question,
    )


def _ranked(settings: Settings, result: Answer) -> list:
    """The top-K paragraphs for the question as the pipeline retrieved it (after follow-up resolution).

    subtle: the answerer sees settings.top_k hits (8), and fusion over a deeper list can
    reorder them, so ranks 1..top_k are the answerer's own hits and only the ranks
    after them come from a deeper retrieval of the same fusion mode, on the same store.
    """
    if result.mode == "message" or not result.standalone_question:
        return []
    question, lang = result.standalone_question, result.edition
    pipeline = prepare(settings, progress=False)
    vector = pipeline.embedder.query_vector(question).tolist()
    hits = pipeline.retriever.retrieve(question, lang, vector, is_foreign(result.lang))
    if len(hits) < K:
        deeper = prepare(replace(settings, top_k=max(K, settings.top_k), llm_url=None), progress=False)
        seen = {h.paragraph.id for h in hits}
        hits += [h for h in deeper.retriever.retrieve(question, lang, vector, is_foreign(result.lang)) if h.paragraph.id not in seen]
    return hits[:K]


def summarise(rows: list[ResultRow]) -> dict:
    """mode -> overall, per-language, per-category and per-type metrics (see eval.metrics.summary)."""
    return summary(rows)


def select(questions: list[Question], lang: str | None = None, type_: str | None = None,
           category: str | None = None, limit: int | None = None, split: str = "all") -> list[Question]:
    chosen = [q for q in questions if (lang in (None, q.lang)) and (type_ in (None, q.type))
              and (category in (None, q.category)) and in_split(q.id, split)]
    return chosen[:limit] if limit is not None else chosen


def parse_modes(text: str | None, settings: Settings) -> list[str]:
    """Example: "hybrid, rrf" -> ["hybrid", "rrf"]; None -> the defaults (+ generative if an LLM is set)."""
    if text is None:
        return [*DEFAULT_MODES, *(["generative"] if settings.llm_url else [])]
    modes = [m.strip() for m in text.split(",") if m.strip()]
    for mode in modes:
        mode_settings(settings, mode)  # raises ModeError naming the bad one
    return modes


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m eval", description="Score the QA bot on the question set, per retrieval mode.",
        epilog="Example: python -m eval --lang zh --modes hybrid,rrf --out /tmp/evalout")
    parser.add_argument("--split", choices=SPLITS, default="all",
                        help="dev (tuned on), test (only measured) or all (default); see eval/split.py")
    parser.add_argument("--lang", choices=get_args(Lang), help="only questions in this language")
    parser.add_argument("--type", dest="type_", choices=TYPES, help="only questions of this type")
    parser.add_argument("--category", choices=CATEGORIES, help="only questions of this category")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N selected questions")
    parser.add_argument("--modes", help=f"comma list from {','.join(MODES)} "
                        f"(default {','.join(DEFAULT_MODES)}, plus generative if WPQA_LLM_URL is set)")
    parser.add_argument("--out", type=Path, default=Path("eval/out"), help="report directory (default eval/out)")
    parser.add_argument("--json-out", type=Path, default=Path("eval/out"),
                        help="where results.json (one row per question, bulky, not committed) goes (default eval/out)")
    parser.add_argument("--questions", type=Path, help="question set (default eval/questions.jsonl)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    try:
        modes = parse_modes(args.modes, settings)
    except ModeError as err:
        parser.error(str(err))
    questions = select(load_questions(args.questions), args.lang, args.type_, args.category, args.limit,
                       args.split)
    if not questions:
        parser.error("no questions match the filters")
    prepare(settings, progress=not args.no_progress)  # build the store, if needed, before the bars start
    rows = run(settings, questions, modes, progress=not args.no_progress)
    paths = report.write(rows, summarise(rows), args.out, args.json_out)
    print(report.mode_table(summarise(rows)))
    print(f"\nwrote {', '.join(str(p) for p in paths)}")
    return 0
