"""Result rows -> report.md (tables and worst failures), results.json (everything), modes.png (bars).

Unlike metrics.py this module only lays numbers out; it computes nothing but
the order of the worst failures, which it asks metrics.worst for.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from eval.metrics import BREAKDOWNS, ResultRow, breakdown, worst

FOCUS_MODE = "hybrid"  # the mode broken down by language, category and type
# summary key -> column heading, in table order
COLUMNS = {
    "n": "n", "hit@1": "hit@1", "hit@5": "hit@5", "mrr@10": "MRR@10", "correct": "correct",
    "correct_cited": "correct+gold", "near_miss_handled": "near miss ok", "unanswerable_not_found": "unans. not found",
    "false_partial": "false partial", "false_abstention": "false abst.+partial", "switch_as_alone": "switch = alone", "original_shown": "zh value shown",
    "verbatim": "verbatim", "cit_precision": "cit. P", "cit_recall": "cit. R",
    "abst_f1": "abst. F1", "p50_ms": "p50 ms", "p95_ms": "p95 ms",
}
PLOTTED = ("hit@1", "hit@5", "correct", "correct_cited", "near_miss_handled", "unanswerable_not_found",
           "cit_precision", "abst_f1")


def cell(key: str, value: float | int | None) -> str:
    """Example: ("hit@5", 0.9312) -> "0.93";  ("p95_ms", 61.04) -> "61";  (_, None) -> "—" """
    if value is None:
        return "—"
    if key in ("n", "errors") or key.endswith("_ms"):
        return f"{value:.0f}"
    return f"{value:.2f}"


def table(first: str, metrics_by_name: dict[str, dict]) -> str:
    """A Markdown table: one row per name (mode, language, …), one column per metric."""
    lines = ["| " + " | ".join([first, *COLUMNS.values()]) + " |",
             "|" + "---|" * (len(COLUMNS) + 1)]
    for name, m in metrics_by_name.items():
        errors = f" ({m['errors']} errors)" if m.get("errors") else ""
        lines.append("| " + " | ".join([name + errors, *(cell(k, m[k]) for k in COLUMNS)]) + " |")
    return "\n".join(lines)


def mode_table(summary: dict[str, dict]) -> str:
    return table("mode", {mode: s["overall"] for mode, s in summary.items()})


def focus_mode(summary: dict[str, dict]) -> str:
    return FOCUS_MODE if FOCUS_MODE in summary else next(iter(summary))


def _clip(text: str, n: int = 220) -> str:
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= n else text[: n - 1] + "…"


def failures(rows: list[ResultRow], n: int = 10) -> str:
    """The n worst failures as a numbered Markdown list."""
    out = []
    for i, r in enumerate(worst(rows, n), 1):
        expected = " AND ".join("(" + " / ".join(g) + ")" for g in r.expected) or "an abstention"
        got = f"({r.status or 'abstained'}) {r.got}" if (r.abstained or r.status == "partial") and not r.error else r.got
        cited = f"{r.cited[0]}: “{r.quotes[0]}”" if r.cited and r.quotes else "—"
        context = f" (after: {' → '.join(r.history)})" if r.history else ""
        out.append(
            f"{i}. **{r.id}** [{r.lang}/{r.category}/{r.type}] {_clip(r.question)}{context}\n"
            f"   - expected: {_clip(expected)}; gold {', '.join(r.gold) or '—'}\n"
            f"   - got: {_clip(r.error or got)}\n"
            f"   - cited: {_clip(cited)}\n"
            f"   - retrieved: {', '.join(r.retrieved[:5]) or '—'}"
        )
    return "\n".join(out) or "No failures."


def markdown(rows: list[ResultRow], summary: dict[str, dict]) -> str:
    """Modes, then the focus mode per split; per category and type for each split on its own
    (test is what is reported: dev was tuned on), then the worst failures on test."""
    mode = focus_mode(summary)
    parts = ["# Evaluation report", "", "## Modes", "", mode_table(summary)]
    parts += ["", f"## {mode}: per split (dev is tuned on, test is only measured)", "",
              table("split", summary[mode]["split"])]
    mine = [r for r in rows if r.mode == mode]
    for split in ("test", "dev"):
        chosen = [r for r in mine if r.split == split]
        if not chosen:
            continue
        part = breakdowns(chosen)
        for attr in ("category", "type", "lang"):
            parts += ["", f"## {mode}, {split} split: per {attr}", "", table(attr, part[attr])]
    worst_of = [r for r in mine if r.split == "test"] or mine
    parts += ["", f"## {mode}: 10 worst failures{' on test' if worst_of is not mine else ''}", "", failures(worst_of)]
    return "\n".join(parts) + "\n"


def breakdowns(rows: list[ResultRow]) -> dict[str, dict]:
    return {attr: breakdown(rows, attr) for attr in BREAKDOWNS}


def plot(summary: dict[str, dict], path: Path) -> None:
    """Grouped bars: one group per metric, one bar per mode."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    modes = list(summary)
    width = 0.8 / max(len(modes), 1)
    fig, ax = plt.subplots(figsize=(10, 4.5))
    for i, mode in enumerate(modes):
        values = [summary[mode]["overall"][k] or 0.0 for k in PLOTTED]
        ax.bar([x + i * width for x in range(len(PLOTTED))], values, width, label=mode)
    ax.set_xticks([x + width * (len(modes) - 1) / 2 for x in range(len(PLOTTED))],
                  [COLUMNS[k] for k in PLOTTED])
    ax.set_ylim(0, 1.15)
    ax.set_ylabel("share")
    ax.set_title("whitepaper-qa: metrics per mode")
    ax.legend(loc="upper center", ncol=len(modes), frameon=False)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def write(rows: list[ResultRow], summary: dict[str, dict], out_dir: Path, json_dir: Path | None = None
          ) -> list[Path]:
    """Write report.md and modes.png into out_dir (they are committed) and results.json, one row per
    question, into json_dir (default out_dir; the CLI keeps it in the ignored eval/out); returns the paths."""
    json_dir = json_dir or out_dir
    for folder in (out_dir, json_dir):
        folder.mkdir(parents=True, exist_ok=True)
    md, js, png = out_dir / "report.md", json_dir / "results.json", out_dir / "modes.png"
    md.write_text(markdown(rows, summary), encoding="utf-8")
    write_results(rows, summary, js)
    plot(summary, png)
    return [md, js, png]


def write_results(rows: list[ResultRow], summary: dict, path: Path) -> None:
    """results.json as eval.compare reads it: one row per question and mode."""
    data = {"format": "wpqa-eval/1", "summary": summary, "rows": [asdict(r) for r in rows]}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
