"""Compare two eval runs item by item: which items a change put right or wrong, per split and category.

The summary tables say *how many*; a change to the answerer is judged on dev by *which* items moved
(a refit shuffles a few near the decision boundary either way). From the project directory:

    python -m eval --split all --json-out /tmp/before …   # then change something, and again into /tmp/after
    python -m eval.compare /tmp/before/results.json /tmp/after/results.json [--split dev] [--quotes]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from eval.metrics import ResultRow, answer_correct, handled

_FIELDS = {f.name for f in dataclasses.fields(ResultRow)}


def load_rows(path: Path, mode: str = "hybrid") -> dict[str, ResultRow]:
    """One mode's rows of a results.json written by `python -m eval --json-out`, by item id."""
    data = json.loads(Path(path).read_text("utf-8"))
    if data.get("format") != "wpqa-eval/1":
        raise ValueError(f"{path}: not a results.json of `python -m eval` (format {data.get('format')!r})")
    return {r["id"]: ResultRow(**{k: v for k, v in r.items() if k in _FIELDS}) for r in data["rows"] if r["mode"] == mode}


def right(row: ResultRow) -> bool:
    """Handled right: an answerable item answered correctly, any other item given the outcome it needs."""
    return answer_correct(row) if row.answerable else handled(row)


def tally(rows: dict[str, ResultRow]) -> Counter:
    """(split, category) -> items handled right; (split, "all") too."""
    out: Counter = Counter()
    for r in rows.values():
        for key in (r.category, "all"):
            out[(r.split, key)] += right(r)
    return out


def moved(before: dict[str, ResultRow], after: dict[str, ResultRow], quotes: bool = False) -> Iterator[tuple[str, ResultRow, ResultRow]]:
    """("+" put right | "-" put wrong | "=" same verdict, other quotes or status), before row, after row."""
    for item_id, a in before.items():
        b = after.get(item_id)
        if b is None:
            continue
        if right(a) != right(b):
            yield ("+" if right(b) else "-"), a, b
        elif quotes and (a.quotes != b.quotes or a.status != b.status):
            yield "=", a, b


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.compare", description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--quotes", action="store_true", help="also list items whose verdict held but quotes changed")
    parser.add_argument("--mode", default="hybrid")
    args = parser.parse_args(argv)
    try:
        before, after = load_rows(args.before, args.mode), load_rows(args.after, args.mode)
    except (OSError, ValueError, KeyError, TypeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    common = before.keys() & after.keys()  # items added or removed between the runs are not compared
    before = {k: v for k, v in before.items() if k in common}
    after = {k: v for k, v in after.items() if k in common}
    count_before, count_after = tally(before), tally(after)
    sizes = Counter((r.split, k) for r in before.values() for k in (r.category, "all"))
    for split in ("dev", "test"):
        if args.split in (split, "all"):
            cells = [f"{k} {count_before[(s, k)]}→{count_after[(s, k)]}/{n}" for (s, k), n in sorted(sizes.items())
                     if s == split]
            print(f"{split}: " + "  ".join(cells))
    for sign, a, b in moved(before, after, args.quotes):
        if args.split in ("all", a.split):
            print(f"{sign} {a.split:4} {a.id:14} {a.category:12} {a.status or '-'} → {b.status or '-'}  {a.question[:90]}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `… | head`: the reader has what it wanted
        sys.stderr.close()
        sys.exit(0)
