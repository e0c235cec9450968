"""Traditional twins: every Simplified question of the set, put into Traditional characters by
OpenCC (Taiwan and Hong Kong forms), must be answered exactly as the original.

A check on reading Traditional (qa/script.py), not on answering: the hand-written Traditional
questions of the set ("hant" rows) measure that. Run: python -m eval.twins [--split dev|test|all]
"""

from __future__ import annotations

import argparse

from eval.questions import load_questions
from eval.split import SPLITS, in_split
from qa import answer
from qa.script import to_traditional
from store.settings import Settings


def evidence(result) -> tuple:
    """What an answer rests on: its status and every cited span."""
    return result.status, tuple((c.paragraph_id, c.start, c.end) for c in result.citations)


def compare(settings: Settings, split: str = "all") -> dict[str, list[str]]:
    """region -> ids of the zh questions whose Traditional twin was answered differently
    ("total": every question compared; one written only in characters both scripts share, like
    "那非洲呢？", has no Traditional twin and is left out)."""
    questions = [q for q in load_questions() if q.lang == "zh" and in_split(q.id, split)
                 and to_traditional(q.question) != q.question]
    differ: dict[str, list[str]] = {"tw": [], "hk": [], "total": [q.id for q in questions]}
    for q in questions:
        original = evidence(answer(q.question, list(q.history), settings=settings))
        for region in ("tw", "hk"):
            twin = answer(to_traditional(q.question, region), [to_traditional(h, region) for h in q.history],
                          settings=settings)
            if evidence(twin) != original or twin.lang != "zh-Hant":
                differ[region].append(q.id)
    return differ


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.twins", description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, default="all")
    args = parser.parse_args(argv)
    differ = compare(Settings.from_env(), args.split)
    total = len(differ["total"])
    for region in ("tw", "hk"):
        same = total - len(differ[region])
        print(f"{region}: {same}/{total} Traditional twins answered as their original; differ: {differ[region]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
