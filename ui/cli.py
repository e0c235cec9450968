"""The `wpqa` command: the one module that knows every package; it dispatches and prints.

Errors from the packages become one line here (never a traceback).
"""

from __future__ import annotations

import json
import sys

import click

from store.errors import StoreError
from store.settings import Settings, SettingsError


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as err:
        raise click.ClickException(str(err)) from err


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Ask the 2021 white paper on China's international development cooperation; every answer quotes it."""


@cli.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print the Answer as JSON.")
@click.option("--lang", type=click.Choice(["en", "zh", "zh-Hant"]), default=None,
              help="Answer language (default: the question's).")
@click.option("--history", "-H", multiple=True, help="An earlier question of this conversation (repeatable, oldest first).")
def ask(question: str, as_json: bool, lang: str | None, history: tuple[str, ...]) -> None:
    """Answer QUESTION with quoted citations.  Example: wpqa ask "How many medical workers went abroad 2015-2019?" """
    from qa import QAError, answer
    from qa.answer import replay
    from ui.render import HANT_LABEL

    settings = _settings()
    try:  # earlier questions are answered first, as in the chat, so a follow-up can build on them
        result = answer(question, replay(history, settings), settings=settings, lang=lang)
    except (QAError, StoreError) as err:
        raise click.ClickException(str(err)) from err
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(result.text)
    context = " (context: the paper does not give the asked fact)" if result.status == "partial" else ""
    for c in result.citations:
        click.echo(f"\n[{c.n}] {c.paragraph_id} — {c.path}{context}\n    “{c.quote}”")
        if c.quote_hant:
            click.echo(f"    ({HANT_LABEL}) {c.quote_hant}")
        if c.aligned_sentence:
            click.echo(f"    {c.aligned_sentence['paragraph_id']}: {c.aligned_sentence['text']}")
        for d in c.discrepancies:
            click.echo(f"    ⚠ {d['warning']}")
    for r in result.related:
        click.echo(f"\nRelated (not an answer): {r.paragraph_id} — {r.path}\n    {r.text[:200]}…")
    if result.notice:
        click.echo(f"\nNote: {result.notice}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (keep 127.0.0.1 unless you mean it).")
@click.option("--port", default=7860, show_default=True, type=int)
@click.option("--share", is_flag=True, help="Ask Gradio for a public share link (off by default).")
def chat(host: str, port: int, share: bool) -> None:
    """Start the chat in the browser (builds the store on first run).  Example: wpqa chat --port 7860"""
    from ui.app import launch

    launch(_settings(), host=host, port=port, share=share)


@cli.group()
def store() -> None:
    """Build and inspect the Chroma store."""


@store.command("build")
@click.option("--rebuild", is_flag=True, help="Build even if the store is up to date.")
def store_build(rebuild: bool) -> None:
    """Parse, embed and store both editions (with a progress bar).  Example: wpqa store build --rebuild"""
    from store.build import build, ensure_store

    settings = _settings()
    try:
        report = build(settings, reason="--rebuild") if rebuild else ensure_store(settings)
    except StoreError as err:
        raise click.ClickException(str(err)) from err
    import resource

    verb = f"built ({report.reason})" if report.built else "up to date, reused"
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    click.echo(f"Store at {report.location}: {verb}; {report.paragraphs} paragraphs, "
               f"{report.sentences} sentences, {report.seconds:.1f} s, peak memory {peak_mb:.0f} MB")


@store.command("info")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def store_info(as_json: bool) -> None:
    """Counts per language, paragraph length in tokens, fingerprint and location."""
    from store.report import info

    settings = _settings()
    try:
        data = info(settings)
    except StoreError as err:
        raise click.ClickException(str(err)) from err
    except Exception as err:
        raise click.ClickException(f"No readable store at {settings.location}: run `wpqa store build`.") from err
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"location:    {data['location']} ({data['mode']})")
    state = "current" if data["fingerprint"] == data["expected_fingerprint"] else "STALE: rebuild"
    click.echo(f"fingerprint: {data['fingerprint']} ({state})\nmodel:       {data['model']}")
    click.echo(f"sentences:   {data['sentences']}")
    for lang, d in data["languages"].items():
        click.echo(f"[{lang}] {d['paragraphs']} paragraphs; tokens min {d['tokens_min']}, "
                   f"median {d['tokens_median']}, max {d['tokens_max']}")


@store.command("audit")
@click.option("--verbose", "-v", is_flag=True, help="Also list every duplicate and contents line.")
def store_audit(verbose: bool) -> None:
    """Account for every source line: kept, or dropped and why; alignment coverage."""
    from store.corpus import load_corpus
    from store.load import open_store
    from store.report import audit_text

    try:
        beads = open_store(_settings()).beads
    except StoreError as err:
        click.echo(f"(sentence alignment not shown: {err})", err=True)
        beads = None
    click.echo(audit_text(load_corpus(), verbose=verbose, beads=beads))
    if beads is not None:
        from eval.fit_align import audit_line

        click.echo(audit_line(beads))


@store.command("discrepancies")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list (en_id, zh_id, kind, en, zh, en_value, zh_value, …).")
def store_discrepancies(as_json: bool) -> None:
    """Every place the English translation disagrees with the Chinese original (numbers, names, missing).
    Example: wpqa store discrepancies --json"""
    from collections import Counter

    from store.load import open_store

    try:
        found = open_store(_settings()).discrepancies()
    except StoreError as err:
        raise click.ClickException(str(err)) from err
    if as_json:
        click.echo(json.dumps([d.to_dict() for d in found], ensure_ascii=False, indent=2))
        return
    for d in found:
        click.echo(f"{d.kind:8s} {d.en_id} / {d.zh_id}: {d.warning()}\n    EN: {d.en}\n    ZH: {d.zh}")
    by_kind = Counter(d.kind for d in found)
    click.echo(f"{len(found)} discrepancies: " + ", ".join(f"{k} {by_kind.get(k, 0)}" for k in ("number", "name", "missing")))


@cli.group()
def feedback() -> None:
    """Likes and comments given in the chat (SQLite beside the store)."""


@feedback.command("export")
@click.option("--out", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file instead of standard output.")
@click.option("--rating", type=click.Choice(["up", "down"]), default=None, help="Only 👍 (up) or 👎 (down).")
def feedback_export(out: str | None, rating: str | None) -> None:
    """Rated turns as question-set JSON lines, gold left for a reviewer.  Example: wpqa feedback export --rating down -o review.jsonl"""
    from ui.feedback import FeedbackError, FeedbackStore, export_lines, feedback_path

    path = feedback_path(_settings())
    try:
        lines = export_lines(FeedbackStore(path), rating)
    except FeedbackError as err:
        raise click.ClickException(str(err)) from err
    text = "".join(f"{line}\n" for line in lines)
    if out:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)
        click.echo(f"{len(lines)} rated turns from {path} written to {out}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def eval(ctx: click.Context) -> None:  # noqa: A001 - the command is called eval
    """Run the evaluation suite (see `wpqa eval --help-eval`).  Example: wpqa eval --modes dense,bm25,hybrid"""
    from eval.run import main as eval_main

    sys.exit(eval_main(ctx.args))


@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def bench(ctx: click.Context) -> None:
    """Measure latency, cold start and memory.  Example: wpqa bench --json"""
    from eval.bench import main as bench_main

    sys.exit(bench_main(ctx.args))


def main() -> None:
    cli(prog_name="wpqa")


if __name__ == "__main__":
    main()
