"""CPU time of answer() per question, and where it goes: the measure for cutting the answerer's own work.

Unlike bench.py (wall-clock latency, which other programs on a shared machine move) this counts the
process's CPU time (time.process_time: every thread, so the embedding worker's too) over every question
of the set, asked as bench.py asks them (earlier turns as plain strings, answer cache off), after one
warm-up pass. --profile adds cProfile's table of the functions that took it.

    python -m eval.profile                      # CPU ms per question, three passes
    python -m eval.profile --profile --top 30   # and the 30 functions with the most own time
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import time
from dataclasses import replace

from eval.questions import load_questions
from qa import answer, prepare
from store.settings import Settings


def cpu_ms_per_question(settings: Settings, questions: list,
                        profiler: cProfile.Profile | None = None) -> tuple[float, float]:
    """(process CPU, this thread's CPU) in ms per question; the difference is mostly the embedding worker."""
    started, own = time.process_time(), time.thread_time()
    if profiler is not None:
        profiler.enable()
    for q in questions:
        answer(q.question, list(q.history), settings=settings)
    if profiler is not None:
        profiler.disable()
    n = len(questions)
    return (time.process_time() - started) * 1000 / n, (time.thread_time() - own) * 1000 / n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.profile", description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=3, help="timed passes over the set (default 3)")
    parser.add_argument("--profile", action="store_true", help="print cProfile's table (one more pass)")
    parser.add_argument("--top", type=int, default=25, help="rows of that table (default 25)")
    parser.add_argument("--sort", default="tottime", help="cProfile sort key (default tottime)")
    args = parser.parse_args(argv)
    settings = replace(Settings.from_env(), answer_cache=False)
    prepare(settings, progress=False)
    questions = load_questions()
    cpu_ms_per_question(settings, questions)  # warm-up: memos, jieba, the tagger
    runs = [cpu_ms_per_question(settings, questions) for _ in range(args.passes)]
    print(f"{len(questions)} questions, CPU ms per question (median of {args.passes} passes): "
          f"process {statistics.median(r[0] for r in runs):.1f}, answering thread "
          f"{statistics.median(r[1] for r in runs):.1f} (passes: {', '.join(f'{p:.1f}/{t:.1f}' for p, t in runs)})")
    if args.profile:
        profiler = cProfile.Profile()
        cpu_ms_per_question(settings, questions, profiler)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
