"""What `wpqa store audit` and `wpqa store info` print: the cleaning accounted for, and the store described."""

from __future__ import annotations

import statistics
from collections import Counter

from store import chroma
from store.build import fingerprint
from store.corpus import Corpus
from store.sentalign import counts
from store.settings import Settings


def audit_text(corpus: Corpus, verbose: bool = False, beads: dict | None = None) -> str:
    """Lines read, paragraphs kept, every dropped line with its reason; alignment coverage;
    with beads (Store.beads), how the sentences are aligned."""
    line_to_id = {(p.lang, p.line): p.id for p in corpus.all()}
    out: list[str] = []
    for lang, cleaned in corpus.cleaned.items():
        kept = corpus.paragraphs[lang]
        reasons = Counter(d.reason for d in cleaned.dropped)
        out.append(f"[{lang}] lines read: {cleaned.lines_read}, paragraphs kept: {len(kept)}, "
                   f"heading lines: {len(cleaned.kept) - len(kept)}, lines dropped: {len(cleaned.dropped)}")
        out.extend(f"    {n:4d}  {reason}" for reason, n in reasons.most_common())
        toc = [d.number for d in cleaned.dropped if d.reason == "table of contents"]
        if toc:
            out.append(f"    table of contents on lines {_ranges(toc)}")
        for d in cleaned.dropped:
            if d.reason == "blank" or (d.reason in {"duplicate", "table of contents"} and not verbose):
                continue
            of = ", ".join(line_to_id.get((lang, n), f"line {n}") for n in d.of)
            detail = f" of {of}" if of else ""
            out.append(f"    line {d.number:3d}: {d.reason}{detail}: {d.text[:70]!r}")
    a = corpus.alignment
    out.append(f"[align] {len(a.pairs)} of {a.en_total} English paragraphs aligned ({a.coverage:.1%}); "
               f"{a.numbers_agree} of {a.checked} pairs with numbers on both sides share one")
    if beads is not None:
        out.append(sentence_audit(corpus, beads))
    return "\n".join(out)


def sentence_audit(corpus: Corpus, beads: dict) -> str:
    """Example: "[sentences] 510 English sentences, 507 aligned (99.4%): 1-1 459, 2-1 48, …"."""
    english = {p.id for p in corpus.paragraphs["en"]}
    c = counts({pid: list(b) for pid, b in beads.items() if pid in english})
    total = sum(len(p.sentences) for p in corpus.paragraphs["en"])
    aligned = total - c["unaligned"]
    kinds = ", ".join(f"{k} {n}" for k, n in c.items() if k not in {"unaligned", "zh unaligned"})
    return (f"[sentences] {total} English sentences, {aligned} aligned ({aligned / total:.1%}): {kinds}; "
            f"unaligned {c['unaligned']}; Chinese sentences with no English {c['zh unaligned']}")


def info(settings: Settings) -> dict:
    """Counts per language, paragraph length in tokens (tiktoken), fingerprint, location."""
    from llama_index.core.utils import get_tokenizer  # bundled tiktoken cache: nothing is downloaded

    client = chroma.open_client(settings)
    col = chroma.get_collection(client, chroma.collection_name(settings, chroma.PARAGRAPHS))
    records = col.get(include=["documents", "metadatas"])
    tokenizer = get_tokenizer()
    by_lang: dict[str, list[int]] = {}
    for doc, meta in zip(records["documents"], records["metadatas"], strict=True):
        by_lang.setdefault(meta["lang"], []).append(len(tokenizer(doc)))
    manifest = col.metadata or {}
    return {
        "location": settings.location,
        "mode": "server" if settings.chroma_url else "embedded",
        "fingerprint": manifest.get("fingerprint"),
        "expected_fingerprint": fingerprint(),
        "model": manifest.get("model"),
        "sentences": manifest.get("sentences"),
        "languages": {
            lang: {"paragraphs": len(lengths), "tokens_min": min(lengths),
                   "tokens_median": statistics.median(lengths), "tokens_max": max(lengths)}
            for lang, lengths in sorted(by_lang.items())
        },
    }


def _ranges(numbers: list[int]) -> str:
    """Example: [1, 2, 3, 7, 8] -> "1-3, 7-8" """
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in runs)
